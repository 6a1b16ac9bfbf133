//! Decoding of `www/heads/heads.bin`, the per-head queries and keys of all-MiniLM-L6-v2 written
//! by `scripts/make_heads.py` (its docstring describes the layout). The asset is fetched at run
//! time, so a truncated or garbled download must become a typed error, never a panic.

/// What is wrong with a heads asset.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AssetError {
    /// The bytes end before the part named `what` is complete.
    #[error("the heads data ends early (in {what}, at byte {at}): the download was cut short")]
    Truncated { what: &'static str, at: usize },
    /// The file does not start with the `HOPH` tag.
    #[error("the heads data is not a Hopfield Lab heads file")]
    BadMagic,
    /// A layout version this app cannot read.
    #[error("the heads data has layout version {0}; this app reads version 1")]
    Version(u8),
    /// A title or token is not UTF-8.
    #[error("the heads data has a {0} that is not valid UTF-8")]
    Utf8(&'static str),
    /// Sizes or values that cannot describe a model (no layers, a non-finite scale, …).
    #[error("the heads data is inconsistent: {0}")]
    Shape(String),
}

/// Result of decoding.
pub type Result<T> = std::result::Result<T, AssetError>;

/// The layout version this decoder reads.
pub const VERSION: u8 = 1;
const MAGIC: &[u8; 4] = b"HOPH";

/// One head's queries and keys for one text: T rows of `head_dim` values each, row-major.
#[derive(Debug, Clone, PartialEq)]
pub struct HeadQk {
    /// Q, T×head_dim.
    pub queries: Vec<f32>,
    /// K, T×head_dim.
    pub keys: Vec<f32>,
}

/// One text: its title, its T tokens (with `[CLS]` and `[SEP]`) and every head's Q and K,
/// layer-major (`heads[layer * heads_per_layer + head]`).
#[derive(Debug, Clone, PartialEq)]
pub struct HeadsText {
    /// Name shown in the text chooser.
    pub title: String,
    /// WordPiece tokens.
    pub tokens: Vec<String>,
    /// Q and K per head, layer-major.
    pub heads: Vec<HeadQk>,
}

/// The decoded asset.
#[derive(Debug, Clone, PartialEq)]
pub struct HeadsAsset {
    /// Encoder layers.
    pub layers: usize,
    /// Heads per layer.
    pub heads: usize,
    /// Width d_k of a head's queries and keys.
    pub head_dim: usize,
    /// The texts, in menu order.
    pub texts: Vec<HeadsText>,
}

/// A cursor over the asset's bytes that reports where it ran out.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, len: usize, what: &'static str) -> Result<&'a [u8]> {
        let end = self
            .at
            .checked_add(len)
            .filter(|&end| end <= self.bytes.len())
            .ok_or(AssetError::Truncated { what, at: self.at })?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    fn u8(&mut self, what: &'static str) -> Result<u8> {
        Ok(self.take(1, what)?[0])
    }

    fn u16(&mut self, what: &'static str) -> Result<u16> {
        let b = self.take(2, what)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }

    fn string(&mut self, len: usize, what: &'static str) -> Result<String> {
        let bytes = self.take(len, what)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| AssetError::Utf8(what))
    }

    /// `rows` rows of (f16 scale, `dim` × i8), as f32 values.
    fn int8_rows(&mut self, rows: usize, dim: usize, what: &'static str) -> Result<Vec<f32>> {
        let mut out = Vec::with_capacity(rows * dim);
        for _ in 0..rows {
            let b = self.take(2, what)?;
            let scale = f16_to_f32(u16::from_le_bytes([b[0], b[1]]));
            if !scale.is_finite() {
                return Err(AssetError::Shape(format!("a {what} row has scale {scale}")));
            }
            out.extend(
                self.take(dim, what)?
                    .iter()
                    .map(|&v| scale * f32::from(v as i8)),
            );
        }
        Ok(out)
    }
}

/// IEEE 754 half precision to f32 (subnormals, infinities and NaN included).
fn f16_to_f32(bits: u16) -> f32 {
    let sign = if bits & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exponent = i32::from((bits >> 10) & 0x1f);
    let mantissa = f32::from(bits & 0x3ff);
    match exponent {
        0 => sign * mantissa * 2f32.powi(-24),
        31 if mantissa == 0.0 => sign * f32::INFINITY,
        31 => f32::NAN,
        e => sign * (1.0 + mantissa / 1024.0) * 2f32.powi(e - 15),
    }
}

/// Decodes a whole heads asset.
pub fn decode(bytes: &[u8]) -> Result<HeadsAsset> {
    let mut r = Reader { bytes, at: 0 };
    if r.take(4, "header")? != MAGIC {
        return Err(AssetError::BadMagic);
    }
    let version = r.u8("header")?;
    if version != VERSION {
        return Err(AssetError::Version(version));
    }
    let layers = usize::from(r.u8("header")?);
    let heads = usize::from(r.u8("header")?);
    let head_dim = usize::from(r.u8("header")?);
    let count = usize::from(r.u16("header")?);
    if layers == 0 || heads == 0 || head_dim == 0 || count == 0 {
        return Err(AssetError::Shape(format!(
            "{layers} layers, {heads} heads of width {head_dim}, {count} texts"
        )));
    }
    let mut texts = Vec::with_capacity(count);
    for _ in 0..count {
        let title_len = usize::from(r.u16("title")?);
        let title = r.string(title_len, "title")?;
        let t = usize::from(r.u16("token count")?);
        if t == 0 {
            return Err(AssetError::Shape(format!(
                "the text “{title}” has no tokens"
            )));
        }
        let tokens = (0..t)
            .map(|_| {
                let len = usize::from(r.u8("token")?);
                r.string(len, "token")
            })
            .collect::<Result<Vec<_>>>()?;
        let heads = (0..layers * heads)
            .map(|_| {
                Ok(HeadQk {
                    queries: r.int8_rows(t, head_dim, "query")?,
                    keys: r.int8_rows(t, head_dim, "key")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        texts.push(HeadsText {
            title,
            tokens,
            heads,
        });
    }
    if r.at != bytes.len() {
        return Err(AssetError::Shape(format!(
            "{} bytes after the last text",
            bytes.len() - r.at
        )));
    }
    Ok(HeadsAsset {
        layers,
        heads,
        head_dim,
        texts,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A tiny well-formed asset: 1 layer, 2 heads of width 2, one text "a b" (T = 2); every
    /// row is scale 0.5 (f16 0x3800) × the given int8 values.
    pub(crate) fn tiny() -> Vec<u8> {
        let mut out = b"HOPH".to_vec();
        out.extend([VERSION, 1, 2, 2, 1, 0]);
        out.extend([1, 0, b'x', 2, 0, 1, b'a', 1, b'b']);
        for head in 0..2u8 {
            for row in 0..4u8 {
                out.extend([0x00, 0x38, 2 * row + head, (-2i8) as u8]);
            }
        }
        out
    }

    #[test]
    fn decodes_a_well_formed_asset() {
        let asset = decode(&tiny()).unwrap();
        assert_eq!((asset.layers, asset.heads, asset.head_dim), (1, 2, 2));
        let text = &asset.texts[0];
        assert_eq!(text.title, "x");
        assert_eq!(text.tokens, ["a", "b"]);
        assert_eq!(text.heads[1].queries, [0.5, -1.0, 1.5, -1.0]);
        assert_eq!(text.heads[1].keys, [2.5, -1.0, 3.5, -1.0]);
    }

    #[test]
    fn every_truncation_is_an_error() {
        let bytes = tiny();
        for len in 0..bytes.len() {
            assert!(
                matches!(
                    decode(&bytes[..len]),
                    Err(AssetError::Truncated { .. } | AssetError::Shape(_))
                ),
                "prefix of {len} bytes"
            );
        }
    }

    #[test]
    fn garbled_assets_are_errors() {
        let mut bytes = tiny();
        bytes[0] = b'X';
        assert_eq!(decode(&bytes), Err(AssetError::BadMagic));
        let mut bytes = tiny();
        bytes[4] = 9;
        assert_eq!(decode(&bytes), Err(AssetError::Version(9)));
        let mut bytes = tiny();
        bytes[16] = 0xff;
        assert_eq!(decode(&bytes), Err(AssetError::Utf8("token")));
        let mut bytes = tiny();
        bytes.push(0);
        assert!(matches!(decode(&bytes), Err(AssetError::Shape(_))));
        let mut bytes = tiny();
        bytes[20] = 0x7c; // the first row's scale bits 0x7c00 = +∞
        assert!(matches!(decode(&bytes), Err(AssetError::Shape(_))));
    }

    #[test]
    fn half_precision_values() {
        assert_eq!(f16_to_f32(0x3c00), 1.0);
        assert_eq!(f16_to_f32(0xc000), -2.0);
        assert_eq!(f16_to_f32(0x0001), 2f32.powi(-24));
        assert!(f16_to_f32(0x7e00).is_nan());
    }
}
