//! Where stored patterns come from: the built-in photographs (committed greyscale 64×64 crops of
//! scikit-image's public-domain samples, `www/patterns/`), the glyphs of the public-domain
//! font8x8, and seeded random sets. Every source yields continuous patterns (images: grey v ↦
//! 2v/255 − 1); [`super::set`] binarises them for the binary models.

use crate::engine::images::GreyImage;
use crate::engine::{EngineError, PatternSet, Result, SeededRng};

/// Where the committed photographs (one 64×64 greyscale image after another, row-major bytes)
/// are fetched from, relative to the page: 26 KB the bundle need not carry.
pub const PHOTOS_URL: &str = "patterns/photos.bin";
/// Their names, in the same order.
const PHOTO_INDEX: &str = include_str!("../../../www/patterns/photos.json");
/// The characters of the glyph set: capital letters, then digits.
pub const GLYPH_CHARS: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
/// The image sides the studio offers (d = side²).
pub const SIDES: [usize; 4] = [8, 16, 32, 64];
/// Largest number of patterns drawn from a random source.
pub const MAX_RANDOM_COUNT: usize = 512;

/// A source of stored patterns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Source {
    /// The built-in photographs (correlated: where the classic network fails first).
    Photos,
    /// Letters and digits of an 8×8 bitmap font, upscaled.
    Glyphs,
    /// Independent fair ±1 coins.
    RandomBinary,
    /// Independent Gaussian entries, each pattern rescaled to norm √d.
    RandomContinuous,
}

impl Source {
    /// Every source, in menu order.
    pub const ALL: [Source; 4] = [
        Source::Photos,
        Source::Glyphs,
        Source::RandomBinary,
        Source::RandomContinuous,
    ];

    /// The value in the source menu and the URL.
    pub fn slug(self) -> &'static str {
        match self {
            Source::Photos => "photos",
            Source::Glyphs => "glyphs",
            Source::RandomBinary => "random-binary",
            Source::RandomContinuous => "random-continuous",
        }
    }

    /// The menu label.
    pub fn title(self) -> &'static str {
        match self {
            Source::Photos => "photographs (built-in)",
            Source::Glyphs => "letters and digits (built-in)",
            Source::RandomBinary => "random ±1",
            Source::RandomContinuous => "random continuous",
        }
    }

    /// The source named `slug`, if any.
    pub fn from_slug(slug: &str) -> Option<Source> {
        Source::ALL.into_iter().find(|s| s.slug() == slug)
    }

    /// How many patterns the source holds (`None`: as many as asked for).
    pub fn size(self) -> Option<usize> {
        match self {
            Source::Photos => Some(photo_names().len()),
            Source::Glyphs => Some(GLYPH_CHARS.len()),
            Source::RandomBinary | Source::RandomContinuous => None,
        }
    }

    /// A good default N for the source.
    pub fn default_count(self) -> usize {
        match self {
            Source::Photos => photo_names().len(),
            Source::Glyphs => 8,
            Source::RandomBinary | Source::RandomContinuous => 8,
        }
    }
}

/// One stored pattern before encoding: a label for the gallery and its continuous values.
#[derive(Debug, Clone, PartialEq)]
pub struct Stored {
    /// Shown under the thumbnail ("chelsea", "A", "#3").
    pub label: String,
    /// side² values, row-major; images in [−1, 1].
    pub values: Vec<f32>,
}

/// The text after `"key":` in the committed index.
fn index_value(key: &str) -> Option<&'static str> {
    PHOTO_INDEX
        .split_once(&format!("\"{key}\":"))
        .map(|(_, rest)| rest.trim_start())
}

/// The names of the built-in photographs (empty if the committed index were unreadable).
/// The index is the fixed shape `{"side": 64, "names": ["astronaut", …]}` that
/// scripts/make_photos.py writes, so it is read without a JSON library in the bundle.
pub fn photo_names() -> Vec<String> {
    index_value("names")
        .and_then(|rest| rest.strip_prefix('['))
        .and_then(|rest| rest.split_once(']'))
        .map(|(list, _)| {
            list.split(',')
                .map(|name| name.trim().trim_matches('"').to_string())
                .filter(|name| !name.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// The built-in photographs, decoded from the bytes of `photos.bin`, as 64×64 greyscale images
/// with their names; a file of the wrong length (a cut download) is refused.
pub fn photos(bytes: &[u8]) -> Result<Vec<(String, GreyImage)>> {
    let side = index_value("side")
        .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|digits| digits.parse().ok())
        .unwrap_or(64);
    let names = photo_names();
    if bytes.len() != names.len() * side * side {
        return Err(EngineError::DimensionMismatch {
            what: "the downloaded photos.bin (bytes)",
            expected: names.len() * side * side,
            found: bytes.len(),
        });
    }
    names
        .into_iter()
        .zip(bytes.chunks_exact(side * side))
        .map(|(name, bytes)| Ok((name, GreyImage::new(side, side, bytes.to_vec())?)))
        .collect()
}

/// The 8×8 bitmap of `c` from font8x8 (one byte per row, bit 0 = leftmost pixel).
fn glyph_rows(c: char) -> [u8; 8] {
    font8x8::legacy::BASIC_LEGACY
        .get(c as usize)
        .copied()
        .unwrap_or([0; 8])
}

/// The glyph of `c` upscaled by pixel repetition to side×side (side a multiple of 8 is exact;
/// other sides sample the nearest font pixel): ink +1 (white), background −1.
pub fn glyph_values(c: char, side: usize) -> Vec<f32> {
    let rows = glyph_rows(c);
    let mut out = Vec::with_capacity(side * side);
    for y in 0..side {
        let row = rows[(y * 8 / side.max(1)).min(7)];
        for x in 0..side {
            let bit = (x * 8 / side.max(1)).min(7);
            out.push(if row & (1 << bit) != 0 { 1.0 } else { -1.0 });
        }
    }
    out
}

/// A square greyscale image as continuous values at side×side (area-averaged resize).
pub fn image_values(image: &GreyImage, side: usize) -> Result<Vec<f32>> {
    let square = image.to_square(side)?;
    square.encode(crate::engine::images::ImageEncoding::Continuous)
}

/// The bytes of `photos.bin` that `source` needs, given its download so far (`None` while it
/// runs): the bytes, or why the photographs are not there (yet). Other sources need none.
pub fn photo_bytes_for(
    source: Source,
    download: Option<&std::result::Result<Vec<u8>, String>>,
) -> std::result::Result<&[u8], String> {
    match (source, download) {
        (Source::Photos, None) => Err("loading the built-in photos…".to_string()),
        (Source::Photos, Some(Err(e))) => Err(e.clone()),
        (Source::Photos, Some(Ok(bytes))) => Ok(bytes),
        _ => Ok(&[]),
    }
}

/// The first `count` patterns of `source` at side×side (`seed` draws the random sets;
/// `photo_bytes` is the fetched `photos.bin`, read only for the photographs).
pub fn base_patterns(
    source: Source,
    count: usize,
    side: usize,
    seed: u64,
    photo_bytes: &[u8],
) -> Result<Vec<Stored>> {
    let count = count.min(source.size().unwrap_or(MAX_RANDOM_COUNT));
    match source {
        Source::Photos => photos(photo_bytes)?
            .into_iter()
            .take(count)
            .map(|(label, image)| {
                Ok(Stored {
                    label,
                    values: image_values(&image, side)?,
                })
            })
            .collect(),
        Source::Glyphs => Ok(GLYPH_CHARS
            .chars()
            .take(count)
            .map(|c| Stored {
                label: c.to_string(),
                values: glyph_values(c, side),
            })
            .collect()),
        Source::RandomBinary | Source::RandomContinuous => {
            let mut rng = SeededRng::new(seed);
            let set = if source == Source::RandomBinary {
                PatternSet::random_binary(side * side, count.max(1), &mut rng)?
            } else {
                PatternSet::random_gaussian(side * side, count.max(1), true, &mut rng)?
            };
            Ok(set
                .iter()
                .enumerate()
                .map(|(mu, x)| Stored {
                    label: format!("#{}", mu + 1),
                    values: x.to_vec(),
                })
                .collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The committed file, as the browser fetches it.
    pub const PHOTO_BYTES: &[u8] = include_bytes!("../../../www/patterns/photos.bin");

    #[test]
    fn the_photo_set_is_complete_and_not_flat() {
        let photos = photos(PHOTO_BYTES).unwrap();
        assert!(
            super::photos(&PHOTO_BYTES[..100]).is_err(),
            "a cut file is refused"
        );
        assert!(photos.len() >= 6, "{}", photos.len());
        assert_eq!(photos[2].0, "chelsea");
        for (name, image) in &photos {
            assert_eq!((image.width(), image.height()), (64, 64), "{name}");
            let (lo, hi) = image
                .pixels()
                .iter()
                .fold((255, 0), |(lo, hi), &v| (v.min(lo), v.max(hi)));
            assert!(hi - lo > 50, "{name} is flat");
        }
    }

    #[test]
    fn glyphs_are_upscaled_exactly() {
        let a8 = glyph_values('A', 8);
        let a32 = glyph_values('A', 32);
        assert_eq!(a32.len(), 1024);
        for y in 0..32 {
            for x in 0..32 {
                assert_eq!(a32[y * 32 + x], a8[(y / 4) * 8 + x / 4]);
            }
        }
        let ink = a8.iter().filter(|&&v| v > 0.0).count();
        assert!((8..40).contains(&ink), "A has {ink} ink pixels");
        assert_ne!(glyph_values('O', 8), glyph_values('Q', 8));
    }

    #[test]
    fn every_source_gives_count_patterns_of_the_side() {
        for source in Source::ALL {
            let set = base_patterns(source, 5, 16, 3, PHOTO_BYTES).unwrap();
            assert_eq!(set.len(), 5, "{source:?}");
            assert!(set.iter().all(|s| s.values.len() == 256));
            assert_eq!(Source::from_slug(source.slug()), Some(source));
        }
        let all = base_patterns(Source::Photos, 1000, 8, 0, PHOTO_BYTES).unwrap();
        assert_eq!(all.len(), photo_names().len());
    }
}
