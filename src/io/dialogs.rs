//! Native file dialogs that can fail. On Linux, rfd asks the desktop's file chooser
//! service (xdg-desktop-portal) and falls back to `zenity`; when neither is there,
//! no dialog opens and rfd returns what a cancel returns, saying why only in its
//! log. The app's logger notes rfd's messages on the thread showing the dialog, so
//! a dialog that never opened is told apart from one the person closed, and the app
//! offers a typed path instead.

use std::cell::RefCell;
use std::time::Duration;

thread_local! {
    /// rfd's warnings and errors while a dialog runs on this thread.
    static DIALOG_LOG: RefCell<Option<Vec<String>>> = const { RefCell::new(None) };
}

/// The app's logger: env_logger as before, and rfd's warnings noted for [`run`].
struct Logger {
    inner: env_logger::Logger,
}

fn from_rfd(m: &log::Metadata<'_>) -> bool {
    m.target().starts_with("rfd") && m.level() <= log::Level::Warn
}

impl log::Log for Logger {
    fn enabled(&self, m: &log::Metadata<'_>) -> bool {
        from_rfd(m) || self.inner.enabled(m)
    }

    fn log(&self, record: &log::Record<'_>) {
        if from_rfd(record.metadata()) {
            DIALOG_LOG.with(|l| {
                if let Some(lines) = l.borrow_mut().as_mut() {
                    lines.push(record.args().to_string());
                }
            });
        }
        if self.inner.enabled(record.metadata()) {
            self.inner.log(record);
        }
    }

    fn flush(&self) {
        self.inner.flush();
    }
}

/// Starts logging for the app (`RUST_LOG` as with env_logger), noting what rfd says
/// about dialogs that could not open.
pub fn init_logging() {
    install(env_logger::Builder::from_default_env().build());
}

fn install(inner: env_logger::Logger) {
    let max = inner.filter().max(log::LevelFilter::Warn);
    if log::set_boxed_logger(Box::new(Logger { inner })).is_ok() {
        log::set_max_level(max);
    }
}

/// How a file dialog ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Dialog<T> {
    /// The person chose this.
    Chosen(T),
    /// The person closed the dialog.
    Cancelled,
    /// No dialog could open (why, in words).
    Failed(String),
}

/// Shows a dialog (`show` runs rfd on this thread) and tells how it ended.
#[allow(
    clippy::disallowed_types,
    clippy::disallowed_methods,
    reason = "native only: runs on an io thread, outside any egui frame, and times how long the native dialog stayed open (wall time)"
)]
pub fn run<T>(show: impl FnOnce() -> Option<T>) -> Dialog<T> {
    DIALOG_LOG.with(|l| *l.borrow_mut() = Some(Vec::new()));
    let started = std::time::Instant::now();
    let result = show();
    let log = DIALOG_LOG
        .with(|l| l.borrow_mut().take())
        .unwrap_or_default();
    judge(result, &log, started.elapsed())
}

/// A dialog that came back with nothing after its fallback closed this fast was
/// never seen: nobody cancels that quickly.
const TOO_FAST: Duration = Duration::from_millis(700);

/// Tells a dialog that could not open from one the person closed, from what rfd
/// logged meanwhile (`log`) and how long it took.
pub fn judge<T>(result: Option<T>, log: &[String], elapsed: Duration) -> Dialog<T> {
    if let Some(t) = result {
        return Dialog::Chosen(t);
    }
    if log.is_empty() {
        return Dialog::Cancelled;
    }
    let fallback_failed = log
        .iter()
        .any(|l| l.contains("zenity") && l.starts_with("Failed"));
    if fallback_failed || elapsed < TOO_FAST {
        let detail = log.last().map(String::as_str).unwrap_or_default();
        Dialog::Failed(format!(
            "This desktop has no file chooser service (xdg-desktop-portal) answering, and no zenity to fall back on. Type the path below instead, or install one of them. (Details: {detail})"
        ))
    } else {
        Dialog::Cancelled
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dialog_that_never_opened_is_not_a_cancel() {
        let portal = "OpenFile failed: org.freedesktop.DBus.Error.ServiceUnknown".to_owned();
        let fallback = "Using zenity fallback".to_owned();
        let no_zenity = "Failed to save file with zenity: No such file or directory".to_owned();
        let slow = Duration::from_secs(5);
        let fast = Duration::from_millis(50);
        assert_eq!(
            judge(Some(1), std::slice::from_ref(&portal), fast),
            Dialog::Chosen(1)
        );
        assert_eq!(
            judge::<u8>(None, &[], fast),
            Dialog::Cancelled,
            "no complaint: a cancel"
        );
        let both = [portal.clone(), fallback.clone(), no_zenity];
        assert!(
            matches!(judge::<u8>(None, &both, slow), Dialog::Failed(w) if w.contains("zenity") && w.contains("Type the path"))
        );
        // zenity ran: a quick empty answer means it could not show itself.
        let ran = [portal, fallback];
        assert!(matches!(judge::<u8>(None, &ran, fast), Dialog::Failed(_)));
        assert_eq!(judge::<u8>(None, &ran, slow), Dialog::Cancelled);
    }

    /// rfd's messages on the dialog's thread are what decides; the same messages on
    /// another thread are not.
    #[test]
    fn rfd_messages_are_noted_on_the_dialogs_thread_only() {
        // The app's logger, printing nothing here.
        install(
            env_logger::Builder::new()
                .filter_level(log::LevelFilter::Off)
                .build(),
        );
        let failed = run(|| {
            log::error!(target: "rfd::backend::xdg_desktop_portal", "Failed to pick file with zenity: not found");
            None::<u8>
        });
        assert!(matches!(failed, Dialog::Failed(_)), "{failed:?}");
        let cancelled = run(|| {
            std::thread::spawn(|| {
                log::error!(target: "rfd::backend", "Failed to pick file with zenity: not found");
            })
            .join()
            .ok();
            log::error!(target: "other_crate", "Failed with zenity");
            None::<u8>
        });
        assert_eq!(cancelled, Dialog::Cancelled);
    }
}
