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
                    cc.egui_ctx.set_fonts(start_up_fonts());
                    wasm_bindgen_futures::spawn_local(load_later_fonts(cc.egui_ctx.clone()));
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

/// The fonts of the first frame: egui's own text font (Ubuntu-Light) and its few
/// icons, as in egui's default font definitions, for both families. The web build
/// leaves out eframe's `default_fonts` (Cargo.toml), which would also carry Hack, the
/// monospace font, in the wasm; Hack follows in [`load_later_fonts`], and until then
/// monospace text is drawn in Ubuntu-Light.
fn start_up_fonts() -> egui::FontDefinitions {
    use std::sync::Arc;
    let mut fonts = egui::FontDefinitions::empty();
    fonts.font_data.insert(
        "Ubuntu-Light".to_owned(),
        Arc::new(egui::FontData::from_static(
            epaint_default_fonts::UBUNTU_LIGHT,
        )),
    );
    fonts.font_data.insert(
        "egui-icons".to_owned(),
        Arc::new(
            egui::FontData::from_static(epaint_default_fonts::EGUI_ICONS).tweak(egui::FontTweak {
                scale: 0.90, // as in egui's defaults
                ..Default::default()
            }),
        ),
    );
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        fonts.families.insert(
            family,
            vec!["Ubuntu-Light".to_owned(), "egui-icons".to_owned()],
        );
    }
    fonts
}

/// A font fetched once the app is running: name, URL relative to the page, size tweak,
/// and where it goes in which families.
struct LaterFont {
    name: &'static str,
    url: &'static str,
    scale: f32,
    families: &'static [egui::FontFamily],
    priority: egui::epaint::text::FontPriority,
    /// What the user sees while it is missing, for the log if it cannot be fetched.
    meanwhile: &'static str,
}

/// Fonts that are not needed for the first frame. Natively egui bundles them; on the
/// web they are fetched once the app is running (index.html copies them to `fonts/`,
/// the service worker keeps them for offline use), which takes some 600 KB (gzip) off
/// the first download. Until they arrive, which is well under a second, monospace text
/// is drawn in the proportional font and symbols (➕, ✖, ⚠ …) and emoji are boxes.
/// Names, files and size tweaks as in egui's own font definitions, which put Hack first
/// in Monospace and the two monochrome emoji fonts last in both families, in this order.
const LATER_FONTS: [LaterFont; 3] = [
    LaterFont {
        name: "Hack",
        url: "fonts/Hack-Regular.ttf",
        scale: 1.0,
        families: &[egui::FontFamily::Monospace],
        priority: egui::epaint::text::FontPriority::Highest,
        meanwhile: "monospace text uses the proportional font",
    },
    LaterFont {
        name: "NotoEmoji-Regular",
        url: "fonts/NotoEmoji-Regular.ttf",
        scale: 0.81,
        families: &[egui::FontFamily::Proportional, egui::FontFamily::Monospace],
        priority: egui::epaint::text::FontPriority::Lowest,
        meanwhile: "symbols show as boxes",
    },
    LaterFont {
        name: "emoji-icon-font",
        url: "fonts/emoji-icon-font.ttf",
        scale: 0.90,
        families: &[egui::FontFamily::Proportional, egui::FontFamily::Monospace],
        priority: egui::epaint::text::FontPriority::Lowest,
        meanwhile: "symbols show as boxes",
    },
];

async fn load_later_fonts(ctx: egui::Context) {
    use egui::epaint::text::{FontInsert, InsertFontFamily};
    // Fetched together, installed in order, so the fallback order is always the same.
    let fetches: Vec<_> = LATER_FONTS.iter().map(|f| fetch_bytes(f.url)).collect();
    for (font, fetch) in LATER_FONTS.iter().zip(fetches) {
        match fetch.await {
            Ok(bytes) => ctx.add_font(FontInsert::new(
                font.name,
                egui::FontData::from_owned(bytes).tweak(egui::FontTweak {
                    scale: font.scale,
                    ..Default::default()
                }),
                font.families
                    .iter()
                    .map(|family| InsertFontFamily {
                        family: family.clone(),
                        priority: font.priority,
                    })
                    .collect(),
            )),
            Err(e) => log::warn!("could not load {} ({}): {e:?}", font.url, font.meanwhile),
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
