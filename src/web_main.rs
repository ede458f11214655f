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
                Box::new(|cc| {
                    wasm_bindgen_futures::spawn_local(load_emoji_fonts(cc.egui_ctx.clone()));
                    Ok(Box::new(crate::SecondStoryApp::new(cc, None)))
                }),
            )
            .await;
        // Stores what autosave has not yet, and asks before unsaved work is left.
        if result.is_ok() {
            crate::io::watch_leaving(&runner, crate::SecondStoryApp::leaving);
        }
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

/// The monochrome emoji fonts that draw the symbols on buttons and marks (➕, ✖, ⚠ …)
/// and emoji in people's notes. Natively egui bundles them; on the web they are
/// fetched once the app is running (index.html copies them to `fonts/`, the service
/// worker keeps them for offline use), which takes some 450 KB (gzip) off the first
/// download. Until they arrive, which is well under a second, those symbols are boxes.
/// Name, file and size tweak as in egui's own font definitions, in its fallback order.
const EMOJI_FONTS: [(&str, &str, f32); 2] = [
    ("NotoEmoji-Regular", "fonts/NotoEmoji-Regular.ttf", 0.81),
    ("emoji-icon-font", "fonts/emoji-icon-font.ttf", 0.90),
];

async fn load_emoji_fonts(ctx: egui::Context) {
    use egui::epaint::text::{FontInsert, FontPriority, InsertFontFamily};
    // Fetched together, installed in order, so the fallback order is always the same.
    let fetches: Vec<_> = EMOJI_FONTS
        .iter()
        .map(|(_, url, _)| fetch_bytes(url))
        .collect();
    for ((name, url, scale), fetch) in EMOJI_FONTS.iter().zip(fetches) {
        match fetch.await {
            Ok(bytes) => ctx.add_font(FontInsert::new(
                name,
                egui::FontData::from_owned(bytes).tweak(egui::FontTweak {
                    scale: *scale,
                    ..Default::default()
                }),
                [egui::FontFamily::Proportional, egui::FontFamily::Monospace]
                    .into_iter()
                    .map(|family| InsertFontFamily {
                        family,
                        priority: FontPriority::Lowest,
                    })
                    .collect(),
            )),
            Err(e) => log::warn!("could not load {url} (symbols show as boxes): {e:?}"),
        }
    }
}

/// The bytes at a URL relative to the page.
async fn fetch_bytes(url: &str) -> Result<Vec<u8>, wasm_bindgen::JsValue> {
    use wasm_bindgen_futures::JsFuture;
    let window = web_sys::window().ok_or("no window")?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(url))
        .await?
        .dyn_into()?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()).into());
    }
    let buffer = JsFuture::from(response.array_buffer()?).await?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
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
