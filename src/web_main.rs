//! The web entry point: starts the app on the page's canvas.

use wasm_bindgen::JsCast as _;

/// Starts the app on `<canvas id="second_story_canvas">` and hides the loading text.
pub fn start() {
    // The background worker (web/worker.js) starts this same build without a page:
    // there it only answers the calls it is sent.
    if web_sys::window().is_none() {
        return;
    }
    eframe::WebLogger::init(log::LevelFilter::Warn).ok();
    let options = eframe::WebOptions::default();
    wasm_bindgen_futures::spawn_local(async {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let Some(canvas) = document
            .get_element_by_id("second_story_canvas")
            .and_then(|c| c.dyn_into::<web_sys::HtmlCanvasElement>().ok())
        else {
            log::error!("no canvas element with id second_story_canvas");
            return;
        };
        let runner = eframe::WebRunner::new();
        let result = runner
            .start(
                canvas,
                options,
                Box::new(|cc| Ok(Box::new(crate::SecondStoryApp::new(cc, None)))),
            )
            .await;
        // Stores what autosave has not yet, and asks before unsaved work is left.
        if result.is_ok() {
            crate::io::watch_leaving(&runner, crate::SecondStoryApp::leaving);
        }
        if let Some(loading) = document.get_element_by_id("loading_text") {
            match result {
                Ok(()) => loading.remove(),
                Err(e) => {
                    loading.set_inner_html(
                        "<p>Second Story could not start in this browser (WebGL2 is needed). See the console for details.</p>",
                    );
                    log::error!("failed to start: {e:?}");
                }
            }
        }
    });
}
