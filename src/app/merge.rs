//! File → Merge a colleague's copy…: reading the copy (as Open does), merging it off
//! the frame, a summary before anything changes, one undo step; the Conflicts list and
//! the open-conflict count in the status bar.

use super::{ASSEMBLY_BYTES_PER_FRAME, SecondStoryApp};
use crate::io::{self, MergeEvent};
use crate::model::merge::Preview;
use crate::model::{Command, Session, transfer};
use crate::ui::{Outbox, conflicts};
use egui::{RichText, Ui};

/// What merging a colleague's copy is doing.
#[derive(Default)]
pub(super) struct MergeState {
    /// Progress in the status bar: "Reading NAME…" or "Merging NAME…".
    busy: Option<String>,
    /// A copy handed back in parts by the browser's worker, put together a few per frame.
    assembling: Option<(String, std::vec::IntoIter<Vec<u8>>, transfer::Assembler)>,
    /// The colleague's copy while it is being merged (merged again if the open session
    /// changes meanwhile).
    theirs: Option<(String, Session)>,
    /// A merge waiting for the person's go-ahead.
    pending: Option<(String, Box<Preview>)>,
    /// The Conflicts window.
    pub(super) conflicts: conflicts::ConflictsView,
}

impl MergeState {
    /// The summary of a merge waiting for the person's go-ahead (test hooks).
    #[cfg(any(test, feature = "testing"))]
    pub(super) fn summary(&self) -> Option<&str> {
        self.pending.as_ref().map(|(_, p)| p.summary.as_str())
    }
}

impl SecondStoryApp {
    /// File → Merge a colleague's copy…
    pub(super) fn start_merge(&mut self) {
        self.commit_pending_draft();
        io::merge::pick_copy(self.io.sender());
    }

    pub(super) fn merge_event(&mut self, e: MergeEvent) {
        match e {
            MergeEvent::Reading { name } => {
                self.merge.busy = Some(format!("Reading {name}…"));
            }
            MergeEvent::Parts { name, parts } => {
                self.merge.busy = Some(format!("Reading {name}…"));
                self.merge.assembling =
                    Some((name, parts.into_iter(), transfer::Assembler::default()));
            }
            MergeEvent::Read { name, result } => match result {
                Ok(theirs) => self.merge_with(name, *theirs),
                Err(e) => {
                    self.merge.busy = None;
                    self.error(&format!("Could not merge {name}"), e);
                }
            },
            MergeEvent::Merged {
                name,
                revision,
                result,
            } => {
                let Some((_, theirs)) = self.merge.theirs.take_if(|(n, _)| *n == name) else {
                    return; // replaced by a newer pick
                };
                self.merge.busy = None;
                if theirs.id != self.doc.session().id {
                    return self.notice(format!(
                        "Stopped merging {name}: another session is open now."
                    ));
                }
                match result {
                    // The session changed while the merge ran: merge again.
                    Ok(_) if revision != self.doc.revision() => self.merge_with(name, theirs),
                    Ok(preview) => {
                        self.merge.pending = Some((name, preview));
                        // The dialog is laid out unseen in its first frame: draw it again.
                        if let Some(ctx) = &self.last_ctx {
                            ctx.request_repaint();
                        }
                    }
                    Err(e) => self.error(&format!("Could not merge {name}"), e),
                }
            }
        }
    }

    /// Starts merging `theirs` into the open session, off the frame.
    fn merge_with(&mut self, name: String, theirs: Session) {
        let ours = self.doc.session();
        if theirs.id != ours.id {
            self.merge.busy = None;
            let message = crate::model::merge::MergeError::DifferentSessions {
                ours: ours.display_title().to_owned(),
                theirs: theirs.display_title().to_owned(),
            };
            return self.error(
                &format!("{name} is not a copy of this session"),
                format!(
                    "{message} Open it on its own instead, or pick a copy of “{}”.",
                    ours.display_title()
                ),
            );
        }
        self.merge.busy = Some(format!("Merging {name}…"));
        self.merge.pending = None;
        self.merge.theirs = Some((name.clone(), theirs.clone()));
        io::merge::merge_in_background(
            self.io.sender(),
            name,
            ours.clone(),
            theirs,
            self.doc.revision(),
        );
    }

    /// Puts a copy handed back in parts together, a few parts per frame.
    pub(super) fn merge_frame(&mut self, ctx: &egui::Context) {
        let Some((_, parts, assembler)) = &mut self.merge.assembling else {
            return;
        };
        let mut taken = 0;
        let mut failed = None;
        while taken < ASSEMBLY_BYTES_PER_FRAME {
            let Some(part) = parts.next() else {
                break;
            };
            taken += part.len();
            if let Err(e) = assembler.take(&part) {
                failed = Some(e.to_string());
                break;
            }
        }
        if failed.is_none() && parts.len() > 0 {
            ctx.request_repaint();
            return;
        }
        let Some((name, _, assembler)) = self.merge.assembling.take() else {
            return;
        };
        let result = match failed {
            Some(e) => Err(e),
            None => assembler
                .finish()
                .map(|l| Box::new(l.session))
                .map_err(|e| e.to_string()),
        };
        self.merge_event(MergeEvent::Read { name, result });
    }

    /// The status bar's part: progress, and the open conflicts until there are none.
    pub(super) fn merge_status(&mut self, ui: &mut Ui) {
        if let Some(busy) = &self.merge.busy {
            ui.separator();
            ui.spinner();
            ui.label(RichText::new(busy).small());
        }
        let n = self.doc.session().conflicts.len();
        if n > 0 {
            ui.separator();
            let text = format!("⚠ {n} open conflict{}", if n == 1 { "" } else { "s" });
            let r = ui
                .add(
                    egui::Button::new(
                        RichText::new(text)
                            .small()
                            .color(ui.visuals().warn_fg_color),
                    )
                    .small(),
                )
                .on_hover_text("Places where merged copies disagree: click to settle them");
            if r.clicked() {
                self.merge.conflicts.open = true;
            }
        }
    }

    /// The summary before a merge changes anything, and the Conflicts window.
    pub(super) fn merge_ui(&mut self, ui: &mut Ui, out: &mut Outbox) {
        if self.modal.is_none()
            && let Some((name, preview)) = &self.merge.pending
        {
            let mut answer = None;
            egui::Modal::new(egui::Id::unique("merge_summary")).show(ui.ctx(), |ui| {
                ui.set_max_width(460.0);
                ui.heading(format!("Merge {name}?"));
                if preview.changes {
                    ui.label(format!("Merging it into this session {}.", preview.summary));
                    if preview.new_conflicts > 0 {
                        ui.label(
                            "Where the copies disagree, this session keeps your version for now, \
and the Conflicts list shows both so you can choose.",
                        );
                    }
                    ui.label(RichText::new("You can undo the merge as one step.").weak());
                } else {
                    ui.label("It holds nothing this session does not have already.");
                }
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    if preview.changes && ui.button("Merge").clicked() {
                        answer = Some(true);
                    }
                    let cancel = if preview.changes { "Cancel" } else { "OK" };
                    if ui.button(cancel).clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape))
                    {
                        answer = Some(false);
                    }
                });
            });
            match answer {
                Some(true) => self.finish_merge(),
                Some(false) => self.merge.pending = None,
                None => {}
            }
        }
        if self.doc.session().conflicts.is_empty() && !self.merge.conflicts.open {
            return;
        }
        conflicts::conflicts_window(ui.ctx(), self.doc.session(), &mut self.merge.conflicts, out);
    }

    /// Applies the merge the person agreed to, as one undo step.
    fn finish_merge(&mut self) {
        let Some((name, preview)) = self.merge.pending.take() else {
            return;
        };
        if preview.session.id != self.doc.session().id {
            return self.notice("The merge was dropped: another session is open now.");
        }
        let conflicts = preview.new_conflicts;
        let summary = preview.summary.clone();
        match self.doc.apply(Command::ReplaceSession {
            label: format!("Merge {name}"),
            session: Box::new(preview.session),
        }) {
            Ok(()) => {
                self.last_change_at = self.now;
                self.notice(format!("Merged {name}: {summary}."));
                if conflicts > 0 {
                    self.merge.conflicts.open = true;
                }
            }
            Err(e) => self.error(&format!("Could not merge {name}"), e.to_string()),
        }
    }
}
