//! Uploaded images: the browser decodes the file (createImageBitmap), a scratch canvas gives the
//! RGBA pixels, and the engine makes them a greyscale, centre-cropped 64×64 image.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::engine::images::{GreyImage, MAX_IMAGE_PIXELS};
use crate::lab::studio::image_header;

/// Side at which uploads are kept (the largest resolution the studio offers).
pub const UPLOAD_SIDE: usize = 64;
/// Sources are drawn at most this large on their shorter side before the engine resamples.
const DECODE_SIDE: f64 = 512.0;

/// The notice for a drop that carried no files (text or a link dragged from elsewhere).
pub const NO_FILES: &str =
    "nothing to add: drop image files (PNG, JPEG, GIF or WebP) on the stored patterns";

/// The most files one pick or drop may add, so that 500 files at once are refused with a
/// message instead of decoding for minutes.
pub const MAX_FILES_AT_ONCE: usize = 40;
pub use crate::lab::studio::saved::MAX_EXTRAS;

/// Decodes `file` into a square greyscale image of [`UPLOAD_SIDE`]², or says why it cannot.
/// The size is read from the file's header first: an empty file, a file that is no image, a
/// truncated header or a picture over [`MAX_IMAGE_PIXELS`] is refused before any decoding, and
/// the browser decodes the rest straight at the reduced size (memory stays bounded).
pub async fn decode(file: &web_sys::File) -> Result<GreyImage, String> {
    let name = file.name();
    let kind = file.type_();
    if !kind.is_empty() && !kind.starts_with("image/") {
        return Err(format!(
            "{name} is not an image ({kind}): choose PNG, JPEG, GIF or WebP files"
        ));
    }
    if file.size() == 0.0 {
        return Err(format!("{name} is empty (0 bytes)"));
    }
    let head = read_head(file)
        .await
        .ok_or_else(|| format!("{name} could not be read (moved, deleted or not allowed?)"))?;
    let (w, h) = image_header::dimensions(&head).map_err(|e| format!("{name}: {e}"))?;
    let (w, h) = (w as f64, h as f64);
    if w * h > MAX_IMAGE_PIXELS as f64 {
        return Err(format!(
            "{name} is {w} × {h} pixels: the studio takes images up to {:.1} megapixels \
             (4096 × 4096); make it smaller first",
            MAX_IMAGE_PIXELS as f64 / 1e6
        ));
    }
    if w * h == 0.0 {
        return Err(format!("{name} has no pixels ({w} × {h})"));
    }
    let scale = (DECODE_SIDE / w.min(h)).min(1.0);
    let (cw, ch) = ((w * scale).round().max(1.0), (h * scale).round().max(1.0));
    let damaged = |_| format!("{name}: the browser could not decode it (damaged or truncated?)");
    let window = web_sys::window().ok_or("no browser window")?;
    let options = web_sys::ImageBitmapOptions::new();
    options.set_resize_width(cw as u32);
    options.set_resize_height(ch as u32);
    let promise = window
        .create_image_bitmap_with_blob_and_image_bitmap_options(file, &options)
        .map_err(damaged)?;
    let bitmap: web_sys::ImageBitmap = JsFuture::from(promise)
        .await
        .map_err(damaged)?
        .dyn_into()
        .map_err(damaged)?;
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

/// The first [`image_header::HEAD_BYTES`] of `file`, `None` when the browser cannot read it.
async fn read_head(file: &web_sys::File) -> Option<Vec<u8>> {
    let head = file
        .slice_with_f64_and_f64(0.0, image_header::HEAD_BYTES as f64)
        .ok()?;
    let buffer = JsFuture::from(head.array_buffer()).await.ok()?;
    Some(js_sys::Uint8Array::new(&buffer).to_vec())
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
