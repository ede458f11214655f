//! Where the language check's rules come from: a project's `.second-story-lint.ron`
//! found upward from a folder (native), or the built-in rules (always on the web,
//! which has no folders to look in).

#[cfg(not(target_arch = "wasm32"))]
use crate::model::lint::CONFIG_FILE_NAME;
use crate::model::lint::Linter;
use std::path::Path;
#[cfg(not(target_arch = "wasm32"))]
use std::path::PathBuf;
use std::sync::Arc;

/// A rules file larger than this is refused: configs are a few kilobytes.
#[cfg(not(target_arch = "wasm32"))]
const MAX_CONFIG_BYTES: u64 = 4 * 1024 * 1024;

/// The nearest `.second-story-lint.ron` in `start` or a folder above it.
#[cfg(not(target_arch = "wasm32"))]
pub fn find_config(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join(CONFIG_FILE_NAME))
        .find(|c| c.is_file())
}

/// Reads and compiles a project's rules file; errors say which file and what is wrong.
#[cfg(not(target_arch = "wasm32"))]
pub fn load_config(path: &Path) -> Result<Linter, String> {
    let label = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| format!("Could not open {label}: {e}"))?;
    if meta.len() > MAX_CONFIG_BYTES {
        return Err(format!(
            "{label} is {} bytes; a language rules file is at most {MAX_CONFIG_BYTES}.",
            meta.len()
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("Could not read {label}: {e}"))?;
    let text =
        String::from_utf8(bytes).map_err(|_| format!("{label} is not a UTF-8 text file."))?;
    Linter::with_overrides(&text, &label).map_err(|e| e.to_string())
}

/// The rules for a session file at `session_path` (none: unsaved, or on the web):
/// the project's config found upward from its folder, or the built-in rules. The
/// message says why a config was not used, or what it warned about.
pub fn linter_for_session(session_path: Option<&Path>) -> (Arc<Linter>, Option<String>) {
    #[cfg(not(target_arch = "wasm32"))]
    if let Some(config) = session_path.and_then(Path::parent).and_then(find_config) {
        return match load_config(&config) {
            Ok(l) => {
                let warning = (!l.warnings.is_empty()).then(|| l.warnings.join(" "));
                (Arc::new(l), warning)
            }
            Err(e) => (
                Linter::builtin(),
                Some(format!(
                    "The language check uses its built-in rules: the project's rules could not be used. {e}"
                )),
            ),
        };
    }
    let _ = session_path;
    (Linter::builtin(), None)
}
