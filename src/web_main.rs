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
        let result = eframe::WebRunner::new()
            .start(
                canvas,
                options,
                Box::new(|cc| Ok(Box::new(crate::SecondStoryApp::new(cc, None)))),
            )
            .await;
        // Screen readers see only the canvas and egui's hidden text box: name both.
        label_for_screen_readers(&document);
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

/// Labels the canvas and the hidden text box eframe puts after it (the one all typing
/// goes through), since a screen reader cannot see the controls drawn on the canvas.
fn label_for_screen_readers(document: &web_sys::Document) {
    let Some(canvas) = document.get_element_by_id("second_story_canvas") else {
        return;
    };
    let _ = canvas.set_attribute("role", "application");
    let _ = canvas.set_attribute(
        "aria-label",
        "Second Story: interview and incident-review workbench, drawn on a canvas",
    );
    if let Some(input) = canvas.next_element_sibling()
        && input.tag_name().eq_ignore_ascii_case("input")
    {
        let _ = input.set_attribute(
            "aria-label",
            "Text entry for the field that has the focus in Second Story",
        );
    }
}
