//! Work-as-imagined vs work-as-done maps: layout, editing rules and exports.
//!
//! Pure functions over [`WorkMap`]; the egui view (`ui/map.rs`) and the exports
//! share the same geometry so the picture on screen and the SVG agree.
//!
//! Coordinates: a node's `pos[0]` is its x on the canvas; `pos[1]` is its vertical
//! offset *inside its lane band*. Lanes can be shown and hidden, so storing the
//! offset (not an absolute y) keeps every step in its lane when bands move.
//!
//! The code is in rooms: lane and relation names here, geometry and keyboard moves
//! in `layout`, editing rules in `edit`, the SVG picture in `svg`, the Markdown gap
//! table in `table`, and the text helpers both exports share in `text`.

mod commands;
mod edit;
mod layout;
mod svg;
mod table;
#[cfg(test)]
mod tests;
mod text;

pub use commands::element_commands;
pub use edit::*;
pub use layout::*;
pub use svg::*;
pub use table::*;
pub use text::*;

use super::id::Id;
use super::markdown::{ExportOptions, escape_cell, escape_inline};
use super::redact::Redactor;
use super::session::*;
use super::timefmt::fmt_secs;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use thiserror::Error;

/// Width of a step box.
pub const NODE_W: f32 = 170.0;
/// Height of a step box.
pub const NODE_H: f32 = 64.0;
/// Width of the lane header column on the left.
pub const LANE_HEADER_W: f32 = 170.0;
/// Leftmost x a step may take (right of the lane header).
pub const CONTENT_X: f32 = LANE_HEADER_W + 30.0;
/// Space above and below steps inside a lane.
pub const LANE_PAD: f32 = 26.0;
/// Vertical space between two lanes, where cross-lane links run.
pub const LANE_GAP: f32 = 40.0;
/// Horizontal space between two steps after "Tidy".
pub const COL_GAP: f32 = 56.0;
/// Smallest lane height.
pub const MIN_LANE_H: f32 = NODE_H + 2.0 * LANE_PAD;
/// Characters per line of a step label (SVG wrapping; the screen wraps by width).
const NODE_CHARS: usize = 22;

/// The pressures a gap usually answers (issue vocabulary; the field stays free text).
pub const PRESSURES: [&str; 5] = ["time", "resources", "goal conflict", "tooling", "knowledge"];

impl Lane {
    /// All lanes, top to bottom.
    pub const ALL: [Self; <Self as strum::EnumCount>::COUNT] =
        super::session::all_variants(<Self as strum::VariantArray>::VARIANTS);

    /// The lane's name, as in the literature.
    pub fn label(self) -> &'static str {
        match self {
            Lane::Imagined => "Work-as-imagined",
            Lane::Prescribed => "Work-as-prescribed",
            Lane::Disclosed => "Work-as-disclosed",
            Lane::Done => "Work-as-done",
        }
    }

    /// A short name for buttons.
    pub fn short(self) -> &'static str {
        match self {
            Lane::Imagined => "Imagined",
            Lane::Prescribed => "Prescribed",
            Lane::Disclosed => "Disclosed",
            Lane::Done => "Done",
        }
    }

    /// What belongs in the lane.
    pub fn hint(self) -> &'static str {
        match self {
            Lane::Imagined => "how planners and managers picture it",
            Lane::Prescribed => "what runbooks and procedures say",
            Lane::Disclosed => "what people say they do",
            Lane::Done => "what actually happens",
        }
    }

    /// Background colour of the lane band (RGB).
    pub fn color(self) -> [u8; 3] {
        match self {
            Lane::Imagined => [232, 240, 252],
            Lane::Prescribed => [240, 235, 251],
            Lane::Disclosed => [252, 244, 228],
            Lane::Done => [231, 245, 234],
        }
    }

    fn rank(self) -> usize {
        Lane::ALL.iter().position(|l| *l == self).unwrap_or(0)
    }
}

impl Relation {
    /// All relations, in menu order.
    pub const ALL: [Self; <Self as strum::EnumCount>::COUNT] =
        super::session::all_variants(<Self as strum::VariantArray>::VARIANTS);

    /// The relation as a word.
    pub fn label(self) -> &'static str {
        match self {
            Relation::Matches => "matches",
            Relation::Adapts => "adapts",
            Relation::Skips => "skips",
            Relation::Adds => "adds",
            Relation::Reorders => "reorders",
        }
    }

    /// What it means, for tooltips and the legend.
    pub fn hint(self) -> &'static str {
        match self {
            Relation::Matches => "done as imagined",
            Relation::Adapts => "done differently",
            Relation::Skips => "imagined step not done",
            Relation::Adds => "done, but not imagined",
            Relation::Reorders => "done in another order",
        }
    }

    /// Every relation except "matches" is a gap and deserves a gap note.
    pub fn is_gap(self) -> bool {
        self != Relation::Matches
    }

    /// Line colour (RGB).
    pub fn color(self) -> [u8; 3] {
        match self {
            Relation::Matches => [96, 110, 122],
            Relation::Adapts => [31, 119, 180],
            Relation::Skips => [192, 57, 43],
            Relation::Adds => [142, 68, 173],
            Relation::Reorders => [196, 126, 16],
        }
    }
}
