//! Map geometry: where lanes and steps sit on the canvas (the screen and the SVG
//! share it), keyboard moves between steps, and "Tidy".

use super::*;

/// A rectangle in canvas coordinates (the model has no egui types).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Box2 {
    /// Left.
    pub x: f32,
    /// Top.
    pub y: f32,
    /// Width.
    pub w: f32,
    /// Height.
    pub h: f32,
}

impl Box2 {
    /// Centre point.
    pub fn center(&self) -> [f32; 2] {
        [self.x + self.w / 2.0, self.y + self.h / 2.0]
    }
    /// Bottom edge.
    pub fn bottom(&self) -> f32 {
        self.y + self.h
    }
    /// Right edge.
    pub fn right(&self) -> f32 {
        self.x + self.w
    }
}

/// A visible lane and where it sits on the canvas.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LaneBand {
    /// Which lane.
    pub lane: Lane,
    /// Top y.
    pub top: f32,
    /// Height.
    pub height: f32,
}

/// The lanes shown on a map, top to bottom (always in the canonical order).
pub fn visible_lanes(map: &WorkMap) -> Vec<Lane> {
    Lane::ALL
        .into_iter()
        .filter(|l| map.lanes.contains(l))
        .collect()
}

/// The bands of the visible lanes, starting at y = 0. Lanes grow to fit their steps.
pub fn lane_bands(map: &WorkMap) -> Vec<LaneBand> {
    let mut top = 0.0;
    visible_lanes(map)
        .into_iter()
        .map(|lane| {
            let deepest = map
                .nodes
                .iter()
                .filter(|n| n.lane == lane)
                .map(|n| clamp_offset(n.pos[1]) + NODE_H + LANE_PAD)
                .fold(MIN_LANE_H, f32::max);
            let band = LaneBand {
                lane,
                top,
                height: deepest,
            };
            top += deepest + LANE_GAP;
            band
        })
        .collect()
}

// Positions are clamped wherever they are drawn, so a session that was never
// validated (a property test, a half-edited map) cannot ask for a canvas of 10^9 units.
pub(super) fn clamp_offset(y: f32) -> f32 {
    if y.is_finite() {
        y.clamp(8.0, MAX_MAP_COORD)
    } else {
        LANE_PAD
    }
}

pub(super) fn clamp_x(x: f32) -> f32 {
    if x.is_finite() {
        x.clamp(CONTENT_X, MAX_MAP_COORD)
    } else {
        CONTENT_X
    }
}

/// Where a step is drawn, or `None` when its lane is hidden.
pub fn node_box(bands: &[LaneBand], node: &MapNode) -> Option<Box2> {
    let band = bands.iter().find(|b| b.lane == node.lane)?;
    Some(Box2 {
        x: clamp_x(node.pos[0]),
        y: band.top + clamp_offset(node.pos[1]),
        w: NODE_W,
        h: NODE_H,
    })
}

/// The stored position for a step whose box should have its top-left corner at
/// (`x`, `y`) on the canvas, keeping it inside its own lane band.
pub fn position_for(bands: &[LaneBand], lane: Lane, x: f32, y: f32) -> [f32; 2] {
    let top = bands
        .iter()
        .find(|b| b.lane == lane)
        .map(|b| b.top)
        .unwrap_or(0.0);
    // Lanes grow downwards, so only limit how far a step can go (one lane's worth).
    let offset = (y - top).clamp(8.0, MIN_LANE_H * 3.0);
    [clamp_x(x).round(), offset.round()]
}

/// Where a new step goes in a lane: right of the rightmost step there.
pub fn next_position(map: &WorkMap, lane: Lane) -> [f32; 2] {
    let x = map
        .nodes
        .iter()
        .filter(|n| n.lane == lane)
        .map(|n| clamp_x(n.pos[0]) + NODE_W + COL_GAP)
        .fold(CONTENT_X, f32::max);
    [x, LANE_PAD]
}

/// The extent of everything drawn (width, height), for the SVG and "fit to view".
pub fn extent(map: &WorkMap) -> [f32; 2] {
    let bands = lane_bands(map);
    let w = map
        .nodes
        .iter()
        .filter_map(|n| node_box(&bands, n))
        .map(|b| b.right() + 40.0)
        .fold(CONTENT_X + NODE_W * 3.0, f32::max);
    let h = bands.last().map(|b| b.top + b.height).unwrap_or(MIN_LANE_H);
    [w, h]
}

/// Which way the keyboard moves the selection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Previous step in the lane.
    Left,
    /// Next step in the lane.
    Right,
    /// The nearest step in the lane above.
    Up,
    /// The nearest step in the lane below.
    Down,
}

/// The step the selection moves to from `from` (only visible lanes are considered).
pub fn neighbour(map: &WorkMap, from: Id, dir: Direction) -> Option<Id> {
    let lanes = visible_lanes(map);
    let here = map.nodes.iter().find(|n| n.id == from)?;
    let li = lanes.iter().position(|l| *l == here.lane)?;
    let x = here.pos[0];
    let key = |n: &MapNode| (n.pos[0], n.pos[1]);
    match dir {
        Direction::Left | Direction::Right => {
            let mut same: Vec<&MapNode> =
                map.nodes.iter().filter(|n| n.lane == here.lane).collect();
            same.sort_by(|a, b| {
                key(a)
                    .partial_cmp(&key(b))
                    .unwrap_or(std::cmp::Ordering::Equal)
            });
            let i = same.iter().position(|n| n.id == from)?;
            let j = if dir == Direction::Left {
                i.checked_sub(1)?
            } else {
                i + 1
            };
            same.get(j).map(|n| n.id)
        }
        Direction::Up | Direction::Down => {
            let lanes_to_try: Vec<Lane> = if dir == Direction::Up {
                lanes[..li].iter().rev().copied().collect()
            } else {
                lanes[li + 1..].to_vec()
            };
            lanes_to_try.into_iter().find_map(|lane| {
                map.nodes
                    .iter()
                    .filter(|n| n.lane == lane)
                    .min_by(|a, b| {
                        (a.pos[0] - x)
                            .abs()
                            .partial_cmp(&(b.pos[0] - x).abs())
                            .unwrap_or(std::cmp::Ordering::Equal)
                    })
                    .map(|n| n.id)
            })
        }
    }
}

/// Steps of one lane in reading order: following sequence edges, otherwise left to right.
pub(super) fn lane_order(map: &WorkMap, lane: Lane) -> Vec<Id> {
    let mut nodes: Vec<&MapNode> = map.nodes.iter().filter(|n| n.lane == lane).collect();
    nodes.sort_by(|a, b| {
        a.pos[0]
            .partial_cmp(&b.pos[0])
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let ids: Vec<Id> = nodes.iter().map(|n| n.id).collect();
    let in_lane: HashSet<Id> = ids.iter().copied().collect();
    let mut indegree: HashMap<Id, usize> = ids.iter().map(|id| (*id, 0)).collect();
    for e in &map.edges {
        if in_lane.contains(&e.from) && in_lane.contains(&e.to) && e.from != e.to {
            *indegree.entry(e.to).or_default() += 1;
        }
    }
    // Kahn's algorithm, always taking the leftmost ready step, so ties keep the
    // facilitator's own left-to-right order and cycles do not lose steps.
    let mut order = Vec::with_capacity(ids.len());
    let mut done: HashSet<Id> = HashSet::new();
    while order.len() < ids.len() {
        let next = ids
            .iter()
            .find(|id| !done.contains(*id) && indegree.get(*id).copied().unwrap_or(0) == 0)
            .or_else(|| ids.iter().find(|id| !done.contains(*id)));
        let Some(&next) = next else { break };
        done.insert(next);
        order.push(next);
        for e in map.edges.iter().filter(|e| e.from == next) {
            if let Some(d) = indegree.get_mut(&e.to) {
                *d = d.saturating_sub(1);
            }
        }
    }
    order
}

/// "Tidy": lays out every lane in sequence order, one row per lane, and lines
/// linked steps up across lanes where the order within each lane allows it.
pub fn tidy(map: &WorkMap) -> WorkMap {
    let orders: Vec<Vec<Id>> = Lane::ALL.iter().map(|l| lane_order(map, *l)).collect();
    let pairs: Vec<(Id, Id)> = map
        .links
        .iter()
        .filter_map(|l| Some((l.imagined?, l.done?)))
        .collect();
    let mut columns: HashMap<Id, usize> = HashMap::new();
    // A few passes, top lane to bottom: each step sits right of its predecessor in
    // the lane and no further left than the steps it is linked to. Every pass only
    // moves steps right, and crossing links ("reorders") could push forever, so the
    // number of passes is capped; any pass leaves a valid, overlap-free layout.
    for _ in 0..4 {
        let before = columns.clone();
        for order in &orders {
            let mut next_col = 0;
            for id in order {
                let linked = pairs
                    .iter()
                    .filter_map(|(a, b)| {
                        if b == id {
                            Some(a)
                        } else if a == id {
                            Some(b)
                        } else {
                            None
                        }
                    })
                    .filter_map(|other| columns.get(other).copied())
                    .max();
                let col = next_col.max(linked.unwrap_or(0));
                columns.insert(*id, col);
                next_col = col + 1;
            }
        }
        if columns == before {
            break;
        }
    }
    let mut m = map.clone();
    for n in &mut m.nodes {
        let col = columns.get(&n.id).copied().unwrap_or(0) as f32;
        n.pos = [CONTENT_X + col * (NODE_W + COL_GAP), LANE_PAD];
    }
    m
}
