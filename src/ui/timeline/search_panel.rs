//! The Ctrl+F search panel over the whole session, and jumping to what it finds.

use crate::model::Session;
use crate::model::codebook;
use crate::model::search::{self, ItemKind, Target};
use crate::ui::widgets::{caption, short};
use crate::ui::{FrameCtx, ViewState};
use egui::{Key, RichText, Ui};

/// Sessions above this many statements search after a pause in typing, not per keystroke.
pub(super) const LARGE_SESSION_STATEMENTS: usize = 10_000;

/// How long a pause in typing starts a search in a large session.
pub(super) const SEARCH_PAUSE_SECS: f64 = 0.25;

/// The search panel: opened with Ctrl+F from any workspace; results jump to the item.
pub fn search_ui(ui: &mut Ui, s: &Session, view: &mut ViewState, cx: &mut FrameCtx<'_>) {
    let sc = &mut cx.scratch.timeline;
    if ui.input_mut(|i| crate::ui::shortcuts::FIND.consume(i)) {
        sc.search_open = true;
        sc.search_focus = true;
    }
    if !sc.search_open {
        return;
    }
    let mut open = true;
    let mut jump: Option<Target> = None;
    let revision = cx.revision;
    let right_top = ui.ctx().content_rect().right_top();
    egui::Window::new("Search the session")
        .open(&mut open)
        .default_pos(right_top + egui::vec2(-600.0, 60.0))
        .default_size([560.0, 460.0])
        .collapsible(false)
        .show(ui.ctx(), |ui| {
            let q = &mut sc.query;
            let l = ui.label("Search for");
            let r = ui
                .add(
                    egui::TextEdit::singleline(&mut q.text)
                        .hint_text("words in statements, events, decision points, findings, notes")
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(l.id);
            if sc.search_focus {
                r.request_focus();
                sc.search_focus = false;
            }
            let enter = r.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
            if ui.input(|i| i.key_pressed(Key::Escape)) {
                sc.search_open = false;
            }
            ui.horizontal_wrapped(|ui| {
                let who = ui.label("Participant:");
                egui::ComboBox::from_id_salt("search_participant")
                    .selected_text(
                        q.participant
                            .map(|p| s.pseudonym(p).to_owned())
                            .unwrap_or_else(|| "anyone".into()),
                    )
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut q.participant, None, "anyone");
                        for p in &s.participants {
                            ui.selectable_value(&mut q.participant, Some(p.id), &p.pseudonym);
                        }
                    })
                    .response
                    .labelled_by(who.id);
                let tag = ui.label("Tag:");
                egui::ComboBox::from_id_salt("search_code")
                    .selected_text(
                        q.code
                            .map(|c| codebook::path(s, c))
                            .unwrap_or_else(|| "any or none".into()),
                    )
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut q.code, None, "any or none");
                        for (_, c) in codebook::tree(s) {
                            ui.selectable_value(&mut q.code, Some(c.id), codebook::path(s, c.id));
                        }
                    })
                    .response
                    .labelled_by(tag.id);
            });
            ui.horizontal_wrapped(|ui| {
                ui.label("Types:");
                for k in ItemKind::ALL {
                    let mut on = q.kinds.contains(&k);
                    if ui.checkbox(&mut on, k.label()).changed() {
                        if on {
                            q.kinds.push(k);
                        } else {
                            q.kinds.retain(|x| *x != k);
                        }
                    }
                }
            });
            ui.separator();
            if q.is_empty() {
                caption(
                    ui,
                    "Type to search; filters narrow by participant, type and tag.",
                );
                return;
            }
            // Searched again only when the query or the session changed.
            let fresh = matches!(&sc.search_cache, Some((r, cq, _)) if *r == revision && cq == q);
            let mut searching = false;
            if !fresh {
                // In a very large session a search takes tens of milliseconds: wait for a
                // pause in typing (showing the previous results) instead of every keystroke.
                let now = ui.input(|i| i.time);
                if sc.search_typed.as_ref().is_none_or(|(_, tq)| tq != q) {
                    sc.search_typed = Some((now, q.clone()));
                }
                let typed_at = sc.search_typed.as_ref().map_or(now, |(t, _)| *t);
                let wait = SEARCH_PAUSE_SECS - (now - typed_at);
                if s.statement_count() > LARGE_SESSION_STATEMENTS
                    && sc.search_cache.is_some()
                    && wait > 0.0
                {
                    searching = true;
                    ui.ctx()
                        .request_repaint_after(std::time::Duration::from_secs_f64(wait));
                } else {
                    sc.search_cache = Some((revision, q.clone(), search::search(s, q)));
                }
            }
            let hits: &[search::Hit] = match &sc.search_cache {
                Some((_, _, h)) => h,
                None => &[],
            };
            if enter && let Some(h) = hits.first() {
                jump = Some(h.target);
            }
            ui.horizontal(|ui| {
                ui.label(RichText::new(format!("{} results", hits.len())).strong());
                if searching {
                    ui.spinner();
                }
                caption(ui, "Enter opens the first; click any to go there.");
            });
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show_rows(ui, 40.0, hits.len(), |ui, range| {
                    for h in &hits[range] {
                        ui.vertical(|ui| {
                            ui.label(
                                RichText::new(if h.context.is_empty() {
                                    h.kind.singular().to_owned()
                                } else {
                                    format!("{} · {}", h.kind.singular(), h.context)
                                })
                                .small()
                                .weak(),
                            );
                            let r = ui.add(
                                egui::Button::new(short(&h.text, 90))
                                    .frame(false)
                                    .truncate(),
                            );
                            if r.on_hover_text(&h.text).clicked() {
                                jump = Some(h.target);
                            }
                        });
                    }
                });
        });
    if !open {
        sc.search_open = false;
    }
    if let Some(t) = jump {
        view.go_to(cx.scratch, s, t);
    }
}
