//! Uploaded images: the browser decodes the file (createImageBitmap), a scratch canvas gives the
//! RGBA pixels, and the engine makes them a greyscale, centre-cropped 64×64 image.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::engine::images::GreyImage;

/// Side at which uploads are kept (the largest resolution the studio offers).
pub const UPLOAD_SIDE: usize = 64;
/// Sources are drawn at most this large on their shorter side before the engine resamples.
const DECODE_SIDE: f64 = 512.0;

/// The notice for a drop that carried no files (text or a link dragged from elsewhere).
pub const NO_FILES: &str =
    "nothing to add: drop image files (PNG, JPEG, GIF or WebP) on the stored patterns";

/// Decodes `file` into a square greyscale image of [`UPLOAD_SIDE`]², or says why it cannot.
/// A file whose type says it is not an image is refused before any decoding.
pub async fn decode(file: &web_sys::File) -> Result<GreyImage, String> {
    let name = file.name();
    let kind = file.type_();
    if !kind.is_empty() && !kind.starts_with("image/") {
        return Err(format!(
            "{name} is not an image ({kind}): choose PNG, JPEG, GIF or WebP files"
        ));
    }
    let unreadable = |_| format!("{name}: not an image this browser can read");
    let window = web_sys::window().ok_or("no browser window")?;
    let promise = window
        .create_image_bitmap_with_blob(file)
        .map_err(unreadable)?;
    let bitmap: web_sys::ImageBitmap = JsFuture::from(promise)
        .await
        .map_err(unreadable)?
        .dyn_into()
        .map_err(unreadable)?;
    let (w, h) = (bitmap.width() as f64, bitmap.height() as f64);
    let scale = (DECODE_SIDE / w.min(h).max(1.0)).min(1.0);
    let (cw, ch) = ((w * scale).round().max(1.0), (h * scale).round().max(1.0));
    let failed = |_| format!("{name}: the browser could not draw the image");
    let canvas: web_sys::HtmlCanvasElement = window
        .document()
        .ok_or("no document")?
        .create_element("canvas")
        .map_err(failed)?
        .dyn_into()
        .map_err(|_| format!("{name}: no canvas"))?;
    canvas.set_width(cw as u32);
    canvas.set_height(ch as u32);
    let context: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .map_err(failed)?
        .ok_or_else(|| format!("{name}: no 2-D canvas context"))?
        .dyn_into()
        .map_err(|_| format!("{name}: no 2-D canvas context"))?;
    context
        .draw_image_with_image_bitmap_and_dw_and_dh(&bitmap, 0.0, 0.0, cw, ch)
        .map_err(failed)?;
    let data = context.get_image_data(0.0, 0.0, cw, ch).map_err(failed)?;
    bitmap.close();
    let image = GreyImage::from_rgba(cw as usize, ch as usize, &data.data())
        .map_err(|e| format!("{name}: {e}"))?;
    image
        .to_square(UPLOAD_SIDE)
        .map_err(|e| format!("{name}: {e}"))
}

/// Whether a drag carries files (its `types` list "Files").
pub fn carries_files(ev: &web_sys::DragEvent) -> bool {
    ev.data_transfer()
        .is_some_and(|dt| dt.types().includes(&"Files".into(), 0))
}

/// The files of a `FileList` (from the picker or a drop).
pub fn files_of(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}
