//! Any file bytes through the pure part of the image import: the header sniffing that sizes
//! an upload, a saved pattern's base64, and grey conversion and resampling of a pixel buffer.
#![no_main]

use hopfield_lab::engine::images::GreyImage;
use hopfield_lab::lab::studio::{image_header, saved};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = image_header::dimensions(data);
    let text = String::from_utf8_lossy(data);
    if let Some(bytes) = saved::base64_decode(&text) {
        assert_eq!(saved::base64_encode(&bytes), text);
    }
    let _ = saved::unpack(8.0, &text);
    if let [w, h, rgba @ ..] = data {
        if let Ok(image) = GreyImage::from_rgba(*w as usize, *h as usize, rgba) {
            let square = image.to_square(16).expect("any valid image squares");
            assert_eq!(square.pixels().len(), 256);
        }
    }
});
