//! An image file's width and height read from its first bytes, before the browser decodes it:
//! so that a 10 000 × 10 000 picture is refused (or decoded small) instead of taking 400 MB,
//! and a file that is no image at all gets a specific message. Covers the formats the studio
//! accepts: PNG, JPEG, GIF, WebP and BMP. Pure, so it is fuzzed (fuzz/) and property-tested.

/// Bytes of the start of a file that [`dimensions`] needs at most (a JPEG's size follows its
/// metadata segments, which are each under 64 KiB).
pub const HEAD_BYTES: usize = 256 * 1024;

/// Why a file's size could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderError {
    /// The bytes start like no supported image format.
    NotAnImage,
    /// The format is recognised but the file ends before its size.
    Truncated,
}

impl std::fmt::Display for HeaderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::NotAnImage => "not a PNG, JPEG, GIF, WebP or BMP image",
            Self::Truncated => "the file is cut short before the image's size (truncated?)",
        })
    }
}

fn be16(b: &[u8], at: usize) -> Option<u32> {
    Some(u16::from_be_bytes(b.get(at..at + 2)?.try_into().ok()?) as u32)
}

fn le16(b: &[u8], at: usize) -> Option<u32> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?) as u32)
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn le24(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at + 3)?;
    Some(s[0] as u32 | (s[1] as u32) << 8 | (s[2] as u32) << 16)
}

/// (width, height) in pixels of the image whose file starts with `head`.
pub fn dimensions(head: &[u8]) -> Result<(u32, u32), HeaderError> {
    use HeaderError::Truncated;
    if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        return be32(head, 16).zip(be32(head, 20)).ok_or(Truncated);
    }
    if head.starts_with(b"GIF87a") || head.starts_with(b"GIF89a") {
        return le16(head, 6).zip(le16(head, 8)).ok_or(Truncated);
    }
    if head.starts_with(b"BM") && head.len() >= 6 {
        let at = |i| {
            head.get(i..i + 4)
                .map(|s| i32::from_le_bytes(s.try_into().unwrap_or([0; 4])))
        };
        return at(18)
            .zip(at(22))
            .map(|(w, h)| (w.unsigned_abs(), h.unsigned_abs()))
            .ok_or(Truncated);
    }
    if head.starts_with(b"\xff\xd8") {
        return jpeg(head).ok_or(Truncated);
    }
    if head.len() >= 12 && &head[0..4] == b"RIFF" && &head[8..12] == b"WEBP" {
        return webp(head).ok_or(Truncated);
    }
    Err(HeaderError::NotAnImage)
}

/// Walks the JPEG segments up to the first start-of-frame marker.
fn jpeg(b: &[u8]) -> Option<(u32, u32)> {
    let mut i = 2;
    loop {
        while *b.get(i)? == 0xff && *b.get(i + 1)? == 0xff {
            i += 1; // fill bytes
        }
        if *b.get(i)? != 0xff {
            return None;
        }
        let marker = *b.get(i + 1)?;
        let standalone = marker == 0x01 || (0xd0..=0xd7).contains(&marker);
        if standalone {
            i += 2;
            continue;
        }
        let is_frame = (0xc0..=0xcf).contains(&marker) && ![0xc4, 0xc8, 0xcc].contains(&marker);
        if is_frame {
            return Some((be16(b, i + 7)?, be16(b, i + 5)?));
        }
        i += 2 + be16(b, i + 2)? as usize;
    }
}

/// The lossy, lossless and extended WebP headers.
fn webp(b: &[u8]) -> Option<(u32, u32)> {
    match b.get(12..16)? {
        b"VP8 " => Some((le16(b, 26)? & 0x3fff, le16(b, 28)? & 0x3fff)),
        b"VP8L" => {
            let bits = u32::from_le_bytes(b.get(21..25)?.try_into().ok()?);
            Some(((bits & 0x3fff) + 1, (bits >> 14 & 0x3fff) + 1))
        }
        b"VP8X" => Some((le24(b, 24)? + 1, le24(b, 27)? + 1)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        b.extend_from_slice(&w.to_be_bytes());
        b.extend_from_slice(&h.to_be_bytes());
        b.extend_from_slice(&[8, 2, 0, 0, 0]);
        b
    }

    #[test]
    fn reads_png_gif_bmp() {
        assert_eq!(dimensions(&png(10_000, 7)), Ok((10_000, 7)));
        assert_eq!(dimensions(b"GIF89a\x40\x01\xf0\x00"), Ok((320, 240)));
        let mut bmp = b"BM".to_vec();
        bmp.resize(18, 0);
        bmp.extend_from_slice(&640i32.to_le_bytes());
        bmp.extend_from_slice(&(-480i32).to_le_bytes());
        assert_eq!(dimensions(&bmp), Ok((640, 480)));
    }

    #[test]
    fn reads_jpeg_after_its_metadata() {
        let mut b = vec![
            0xff, 0xd8, 0xff, 0xe0, 0, 4, 1, 2, 0xff, 0xff, 0xc0, 0, 11, 8,
        ];
        b.extend_from_slice(&[0x01, 0xe0, 0x02, 0x80, 3]);
        assert_eq!(dimensions(&b), Ok((640, 480)));
    }

    #[test]
    fn reads_the_three_webp_headers() {
        let riff = |chunk: &[u8], body: &[u8]| {
            let mut b = b"RIFF\0\0\0\0WEBP".to_vec();
            b.extend_from_slice(chunk);
            b.extend_from_slice(body);
            b
        };
        let mut lossy = vec![0; 10];
        lossy.extend_from_slice(&[0x90, 0x01, 0x2c, 0x01]);
        assert_eq!(dimensions(&riff(b"VP8 ", &lossy)), Ok((400, 300)));
        // 14 bits each of width − 1 = 99 and height − 1 = 49.
        let bits: u32 = 99 | 49 << 14;
        let mut lossless = vec![0; 5];
        lossless.extend_from_slice(&bits.to_le_bytes());
        assert_eq!(dimensions(&riff(b"VP8L", &lossless)), Ok((100, 50)));
        let mut extended = vec![0; 8];
        extended.extend_from_slice(&[0x0f, 0x27, 0, 0x0f, 0x27, 0]);
        assert_eq!(dimensions(&riff(b"VP8X", &extended)), Ok((10_000, 10_000)));
    }

    #[test]
    fn names_what_is_wrong() {
        assert_eq!(dimensions(b""), Err(HeaderError::NotAnImage));
        assert_eq!(dimensions(b"hello, world"), Err(HeaderError::NotAnImage));
        assert_eq!(dimensions(&png(5, 5)[..20]), Err(HeaderError::Truncated));
        assert_eq!(
            dimensions(b"\xff\xd8\xff\xe0\x00\x10"),
            Err(HeaderError::Truncated)
        );
    }

    proptest! {
        #[test]
        fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            let _ = dimensions(&bytes);
        }

        #[test]
        fn never_panics_on_damaged_jpegs(tail in proptest::collection::vec(any::<u8>(), 0..64)) {
            let mut b = vec![0xff, 0xd8];
            b.extend(tail);
            let _ = dimensions(&b);
        }

        #[test]
        fn png_sizes_round_trip(w in any::<u32>(), h in any::<u32>()) {
            prop_assert_eq!(dimensions(&png(w, h)), Ok((w, h)));
        }
    }
}
