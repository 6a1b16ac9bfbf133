//! Little-endian bytes, written and read back with every length checked.

/// Why bytes are not a message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("damaged compute message: {0}")]
pub struct DecodeError(pub(super) &'static str);

/// Little-endian output.
#[derive(Default)]
pub(super) struct Writer(pub(super) Vec<u8>);

impl Writer {
    pub(super) fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    pub(super) fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    /// Sizes and counts travel as u32: every limit of the engine is far below 2³².
    pub(super) fn size(&mut self, v: usize) {
        self.u32(u32::try_from(v).unwrap_or(u32::MAX));
    }
    pub(super) fn f32(&mut self, v: f32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub(super) fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub(super) fn f64(&mut self, v: f64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    /// A length, then the UTF-8 bytes.
    pub(super) fn text(&mut self, v: &str) {
        self.size(v.len());
        self.0.extend_from_slice(v.as_bytes());
    }
    /// A length, then the bytes.
    pub(super) fn bytes(&mut self, v: &[u8]) {
        self.size(v.len());
        self.0.extend_from_slice(v);
    }
    /// A length, then the values.
    pub(super) fn floats(&mut self, v: &[f32]) {
        self.size(v.len());
        self.0.reserve(4 * v.len());
        for &x in v {
            self.f32(x);
        }
    }
}

/// Little-endian input that refuses to read past the end.
pub(super) struct Reader<'a>(pub(super) &'a [u8]);

impl Reader<'_> {
    pub(super) fn take(&mut self, n: usize) -> Result<&[u8], DecodeError> {
        if self.0.len() < n {
            return Err(DecodeError("cut short"));
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }
    pub(super) fn array<const N: usize>(&mut self) -> Result<[u8; N], DecodeError> {
        let mut out = [0; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }
    pub(super) fn u8(&mut self) -> Result<u8, DecodeError> {
        Ok(self.array::<1>()?[0])
    }
    pub(super) fn bool(&mut self) -> Result<bool, DecodeError> {
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(DecodeError("a flag that is neither 0 nor 1")),
        }
    }
    pub(super) fn u32(&mut self) -> Result<u32, DecodeError> {
        Ok(u32::from_le_bytes(self.array()?))
    }
    pub(super) fn size(&mut self) -> Result<usize, DecodeError> {
        Ok(self.u32()? as usize)
    }
    pub(super) fn f32(&mut self) -> Result<f32, DecodeError> {
        Ok(f32::from_le_bytes(self.array()?))
    }
    pub(super) fn u64(&mut self) -> Result<u64, DecodeError> {
        Ok(u64::from_le_bytes(self.array()?))
    }
    pub(super) fn f64(&mut self) -> Result<f64, DecodeError> {
        Ok(f64::from_le_bytes(self.array()?))
    }
    /// What [`Writer::text`] wrote.
    pub(super) fn text(&mut self) -> Result<String, DecodeError> {
        let len = self.size()?;
        let bytes = self.take(len)?;
        let text = std::str::from_utf8(bytes).map_err(|_| DecodeError("text not UTF-8"))?;
        Ok(text.to_string())
    }
    /// What [`Writer::bytes`] wrote.
    pub(super) fn bytes(&mut self) -> Result<Vec<u8>, DecodeError> {
        let len = self.size()?;
        Ok(self.take(len)?.to_vec())
    }
    /// What [`Writer::floats`] wrote.
    pub(super) fn floats(&mut self) -> Result<Vec<f32>, DecodeError> {
        let len = self.size()?;
        if len > self.0.len() / 4 {
            return Err(DecodeError("more values than bytes"));
        }
        (0..len).map(|_| self.f32()).collect()
    }
    pub(super) fn end(&self) -> Result<(), DecodeError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(DecodeError("bytes after the end"))
        }
    }
}

/// Reads a count of items of at least `bytes_each` bytes, refusing one the message cannot hold.
pub(super) fn count(
    r: &mut Reader,
    bytes_each: usize,
    what: &'static str,
) -> Result<usize, DecodeError> {
    let len = r.size()?;
    if len > r.0.len() / bytes_each {
        return Err(DecodeError(what));
    }
    Ok(len)
}
