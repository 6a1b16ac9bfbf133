//! Greyscale images as patterns: validation, centre crop, area-averaging downscale, and the two
//! encodings of SCIENCE.md (v ↦ 2v/255 − 1, or ±1 by a threshold). Pure Rust with no image
//! crate, so the browser's upload path and the native tests run exactly the same code.

use super::error::{EngineError, Result, check_range};

/// Largest source image accepted, in pixels (4096 × 4096); bigger uploads are refused before any
/// allocation rather than freezing the tab.
pub const MAX_IMAGE_PIXELS: usize = 1 << 24;
/// Largest side of a square pattern image: 256² = the engine's `MAX_DIM`.
pub const MAX_SIDE: usize = 256;

/// How a greyscale image becomes a pattern.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ImageEncoding {
    /// v ↦ 2v/255 − 1 ∈ [−1, 1], for the modern network.
    Continuous,
    /// v > threshold ↦ +1, otherwise −1, for the binary networks. `None` thresholds at the
    /// image's own mean, so that a dark and a bright photo both give balanced patterns.
    Binary {
        /// Threshold in grey levels [0, 255], or `None` for the image mean.
        threshold: Option<f32>,
    },
}

/// A validated greyscale image: `width × height` bytes, row-major, row 0 at the top.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GreyImage {
    width: usize,
    height: usize,
    pixels: Vec<u8>,
}

impl GreyImage {
    /// Wraps `pixels` after checking that there are exactly `width·height` of them, that the
    /// image is not empty and that it fits [`MAX_IMAGE_PIXELS`].
    pub fn new(width: usize, height: usize, pixels: Vec<u8>) -> Result<Self> {
        let count = check_image_size(width, height)?;
        if pixels.len() != count {
            return Err(EngineError::DimensionMismatch {
                what: "the image's pixel buffer",
                expected: count,
                found: pixels.len(),
            });
        }
        Ok(Self {
            width,
            height,
            pixels,
        })
    }

    /// Converts RGBA bytes (a canvas `ImageData` buffer) to grey by the ITU-R 601 luma
    /// 0.299 R + 0.587 G + 0.114 B, the same weights as PIL's "L" mode; alpha is ignored.
    pub fn from_rgba(width: usize, height: usize, rgba: &[u8]) -> Result<Self> {
        let count = check_image_size(width, height)?;
        if rgba.len() != count.saturating_mul(4) {
            return Err(EngineError::DimensionMismatch {
                what: "the image's RGBA buffer",
                expected: count.saturating_mul(4),
                found: rgba.len(),
            });
        }
        let pixels = rgba
            .chunks_exact(4)
            .map(|p| {
                // Integer weights summing to 1000 keep the conversion exact and target-independent.
                let y = 299 * p[0] as u32 + 587 * p[1] as u32 + 114 * p[2] as u32;
                ((y + 500) / 1000) as u8
            })
            .collect();
        Self::new(width, height, pixels)
    }

    /// Width in pixels.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Height in pixels.
    pub fn height(&self) -> usize {
        self.height
    }

    /// The grey levels, row-major.
    pub fn pixels(&self) -> &[u8] {
        &self.pixels
    }

    /// The mean grey level, the default binarisation threshold.
    pub fn mean(&self) -> f32 {
        let sum: u64 = self.pixels.iter().map(|&v| v as u64).sum();
        (sum as f64 / self.pixels.len() as f64) as f32
    }

    /// The largest centred square (the extra columns or rows are split evenly, the odd one
    /// going to the right or bottom), so photos of any aspect become square patterns.
    pub fn center_crop_square(&self) -> GreyImage {
        let side = self.width.min(self.height);
        let x0 = (self.width - side) / 2;
        let y0 = (self.height - side) / 2;
        let mut pixels = Vec::with_capacity(side * side);
        for row in y0..y0 + side {
            pixels.extend_from_slice(
                &self.pixels[row * self.width + x0..row * self.width + x0 + side],
            );
        }
        GreyImage {
            width: side,
            height: side,
            pixels,
        }
    }

    /// Resamples to side×side by area averaging: each target pixel is the mean of the source
    /// area it covers, with fractional pixels weighted by their covered fraction (exact integer
    /// bookkeeping, so the result is the same on every target). Non-square sources are
    /// stretched; call [`GreyImage::center_crop_square`] first to keep the aspect.
    pub fn downscale(&self, side: usize) -> Result<GreyImage> {
        if side == 0 {
            return Err(EngineError::Empty {
                what: "the target image (side 0)",
            });
        }
        if side > MAX_SIDE {
            return Err(EngineError::TooLarge {
                what: "image side",
                value: side,
                limit: MAX_SIDE,
            });
        }
        let columns = axis_weights(self.width, side);
        let rows = axis_weights(self.height, side);
        // Weights are in units of 1/width and 1/height, so the total weight is width·height.
        let total = (self.width * self.height) as f64;
        let mut pixels = Vec::with_capacity(side * side);
        for row_weights in &rows {
            for column_weights in &columns {
                let mut acc = 0u64;
                for &(sy, wy) in row_weights {
                    let line = &self.pixels[sy * self.width..(sy + 1) * self.width];
                    let mut row_acc = 0u64;
                    for &(sx, wx) in column_weights {
                        row_acc += line[sx] as u64 * wx as u64;
                    }
                    acc += row_acc * wy as u64;
                }
                pixels.push((acc as f64 / total).round().clamp(0.0, 255.0) as u8);
            }
        }
        GreyImage::new(side, side, pixels)
    }

    /// Centre crop, then downscale to side×side: the standard way a photo becomes a pattern.
    pub fn to_square(&self, side: usize) -> Result<GreyImage> {
        self.center_crop_square().downscale(side)
    }

    /// The pattern of this image under `encoding` (row-major, d = width·height).
    pub fn encode(&self, encoding: ImageEncoding) -> Result<Vec<f32>> {
        match encoding {
            ImageEncoding::Continuous => Ok(self.pixels.iter().map(|&v| grey_to_unit(v)).collect()),
            ImageEncoding::Binary { threshold } => {
                let t = match threshold {
                    Some(t) => {
                        check_range("binarisation threshold", t as f64, 0.0, 255.0)?;
                        t
                    }
                    None => self.mean(),
                };
                Ok(self
                    .pixels
                    .iter()
                    .map(|&v| if v as f32 > t { 1.0 } else { -1.0 })
                    .collect())
            }
        }
    }
}

/// Grey level v ∈ [0, 255] ↦ 2v/255 − 1 ∈ [−1, 1] (SCIENCE.md's image convention).
pub fn grey_to_unit(v: u8) -> f32 {
    2.0 * v as f32 / 255.0 - 1.0
}

/// The inverse of [`grey_to_unit`], clamped and rounded, for showing a state as an image.
pub fn unit_to_grey(x: f32) -> u8 {
    if x.is_nan() {
        return 128;
    }
    ((x.clamp(-1.0, 1.0) + 1.0) * 127.5).round() as u8
}

/// Checks width and height and returns the pixel count.
fn check_image_size(width: usize, height: usize) -> Result<usize> {
    if width == 0 || height == 0 {
        return Err(EngineError::Empty { what: "the image" });
    }
    let count = width.saturating_mul(height);
    if count > MAX_IMAGE_PIXELS {
        return Err(EngineError::TooLarge {
            what: "image pixels",
            value: count,
            limit: MAX_IMAGE_PIXELS,
        });
    }
    Ok(count)
}

/// For each of `dst` target cells along an axis of `src` source pixels: the source pixels it
/// covers and their overlap, in units of 1/dst of a source pixel (target t covers
/// [t·src, (t+1)·src) and source s covers [s·dst, (s+1)·dst) in those units). The weights of one
/// target sum to `src`.
fn axis_weights(src: usize, dst: usize) -> Vec<Vec<(usize, usize)>> {
    (0..dst)
        .map(|t| {
            let (start, end) = (t * src, (t + 1) * src);
            let first = start / dst;
            let last = end.div_ceil(dst).min(src);
            (first..last)
                .filter_map(|s| {
                    let lo = start.max(s * dst);
                    let hi = end.min((s + 1) * dst);
                    (hi > lo).then_some((s, hi - lo))
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_weights_sum_to_source_length() {
        for (src, dst) in [(10, 3), (3, 10), (64, 64), (7, 2), (1, 5)] {
            for cell in axis_weights(src, dst) {
                assert_eq!(
                    cell.iter().map(|(_, w)| w).sum::<usize>(),
                    src,
                    "{src}->{dst}"
                );
            }
        }
    }

    #[test]
    fn downscale_averages_blocks() {
        // 4×4 image of four 2×2 blocks: 0, 100, 200, 255.
        let mut px = vec![0u8; 16];
        for y in 0..4 {
            for x in 0..4 {
                px[y * 4 + x] = match (y / 2, x / 2) {
                    (0, 0) => 0,
                    (0, 1) => 100,
                    (1, 0) => 200,
                    _ => 255,
                };
            }
        }
        let img = GreyImage::new(4, 4, px).unwrap();
        let small = img.downscale(2).unwrap();
        assert_eq!(small.pixels(), &[0, 100, 200, 255]);
        let one = img.downscale(1).unwrap();
        assert_eq!(one.pixels(), &[139]); // (0+100+200+255)/4 = 138.75
        // Resampling to the same side changes nothing.
        assert_eq!(img.downscale(4).unwrap(), img);
    }

    #[test]
    fn downscale_weighs_fractional_pixels() {
        // 3 pixels → 2: target 0 covers pixel 0 and half of pixel 1.
        let img = GreyImage::new(3, 1, vec![0, 90, 180]).unwrap();
        let out = img.downscale(2).unwrap();
        // rows: 1 source row stretched to 2; columns (0·2 + 90·1)/3 = 30, (90·1 + 180·2)/3 = 150.
        assert_eq!(out.pixels(), &[30, 150, 30, 150]);
    }

    #[test]
    fn center_crop_keeps_the_middle() {
        let img = GreyImage::new(4, 2, vec![1, 2, 3, 4, 5, 6, 7, 8]).unwrap();
        let sq = img.center_crop_square();
        assert_eq!((sq.width(), sq.height()), (2, 2));
        assert_eq!(sq.pixels(), &[2, 3, 6, 7]);
        let tall = GreyImage::new(1, 3, vec![1, 2, 3]).unwrap();
        assert_eq!(tall.center_crop_square().pixels(), &[2]);
    }

    #[test]
    fn encodings_follow_science_md() {
        let img = GreyImage::new(2, 2, vec![0, 255, 51, 204]).unwrap();
        let c = img.encode(ImageEncoding::Continuous).unwrap();
        assert_eq!(c[0], -1.0);
        assert_eq!(c[1], 1.0);
        assert!((c[2] - (-0.6)).abs() < 1e-6);
        let b = img
            .encode(ImageEncoding::Binary { threshold: None })
            .unwrap();
        assert_eq!(b, vec![-1.0, 1.0, -1.0, 1.0]);
        let b = img
            .encode(ImageEncoding::Binary {
                threshold: Some(10.0),
            })
            .unwrap();
        assert_eq!(b, vec![-1.0, 1.0, 1.0, 1.0]);
        assert!(
            img.encode(ImageEncoding::Binary {
                threshold: Some(f32::NAN)
            })
            .is_err()
        );
        assert_eq!(unit_to_grey(grey_to_unit(77)), 77);
    }

    #[test]
    fn bad_images_are_typed_errors() {
        assert!(matches!(
            GreyImage::new(0, 3, vec![]),
            Err(EngineError::Empty { .. })
        ));
        assert!(matches!(
            GreyImage::new(2, 2, vec![0; 3]),
            Err(EngineError::DimensionMismatch { .. })
        ));
        assert!(matches!(
            GreyImage::new(1 << 13, 1 << 12, vec![]),
            Err(EngineError::TooLarge { .. })
        ));
        let img = GreyImage::new(1, 1, vec![3]).unwrap();
        assert!(img.downscale(0).is_err());
        assert!(img.downscale(MAX_SIDE + 1).is_err());
        assert!(GreyImage::from_rgba(1, 1, &[1, 2, 3]).is_err());
        assert_eq!(
            GreyImage::from_rgba(1, 1, &[255, 255, 255, 0])
                .unwrap()
                .pixels(),
            &[255]
        );
    }
}
