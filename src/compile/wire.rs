//! The byte encoding of bundles: little-endian integers, LEB128 variable-length integers
//! (most indices of a bundle fit in one or two bytes), variable-length integers with their high
//! bits first, and length-prefixed byte strings.
//! Reading never trusts a count: every read is bounds-checked, and a count is checked against
//! the bytes left before anything is allocated for it.

/// Appends values to a byte buffer.
#[derive(Default)]
pub(crate) struct Writer {
    pub bytes: Vec<u8>,
}

impl Writer {
    pub fn u8(&mut self, value: u8) {
        self.bytes.push(value);
    }

    pub fn u32(&mut self, value: u32) {
        self.bytes.extend_from_slice(&value.to_le_bytes());
    }

    /// An unsigned LEB128 integer: 7 bits a byte, low bits first, high bit set on all but the last.
    pub fn var(&mut self, mut value: u32) {
        while value >= 0x80 {
            self.bytes.push((value as u8 & 0x7F) | 0x80);
            value >>= 7;
        }
        self.bytes.push(value as u8);
    }

    /// A variable-length integer with its high bits first: as many leading one bits in the first
    /// byte as bytes follow it (up to 4), then the value's bits, highest first. Where the high
    /// bits say more than the low ones (atom indices: their script), they compress better
    /// first.
    pub fn var_high_first(&mut self, value: u32) {
        let more = match value {
            0..=0x7F => 0,
            0x80..=0x3FFF => 1,
            0x4000..=0x1F_FFFF => 2,
            0x20_0000..=0x0FFF_FFFF => 3,
            _ => 4,
        };
        let first = if more == 4 { 0xF0 } else { !(0xFFu8 >> more) | (value >> (8 * more)) as u8 };
        self.bytes.push(first);
        self.bytes.extend_from_slice(&value.to_be_bytes()[4 - more..]);
    }

    /// A length and then the bytes.
    pub fn bytes(&mut self, value: &[u8]) {
        self.len(value.len());
        self.bytes.extend_from_slice(value);
    }

    /// A length, how many zero bytes follow (0 to 3), those bytes, then the bytes, which so
    /// start at a multiple of 4 bytes from where the writer started.
    pub fn aligned_bytes(&mut self, value: &[u8]) {
        self.len(value.len());
        let padding = (4 - (self.bytes.len() + 1) % 4) % 4;
        self.u8(padding as u8);
        self.bytes.resize(self.bytes.len() + padding, 0);
        self.bytes.extend_from_slice(value);
    }

    /// A count or length. Every count of a bundle is far below `u32::MAX`; compiling caps
    /// patterns, positions and edges well under it.
    pub fn len(&mut self, value: usize) {
        self.var(u32::try_from(value).unwrap_or(u32::MAX));
    }
}

/// The bundle ended early, a count does not fit in the bytes left, or an integer is too long.
#[derive(Debug)]
pub(crate) struct Truncated;

/// Reads values back from bytes written by [`Writer`].
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes }
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], Truncated> {
        if n > self.bytes.len() {
            return Err(Truncated);
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(head)
    }

    pub fn u8(&mut self) -> Result<u8, Truncated> {
        Ok(self.take(1)?[0])
    }

    pub fn u32(&mut self) -> Result<u32, Truncated> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// A LEB128 integer written by [`Writer::var`]; one that does not fit in 32 bits is refused.
    #[inline]
    pub fn var(&mut self) -> Result<u32, Truncated> {
        // Most values of a bundle take one byte: those are read without a loop.
        if let [byte @ 0..=0x7F, ref rest @ ..] = *self.bytes {
            self.bytes = rest;
            return Ok(u32::from(byte));
        }
        self.long_var()
    }

    /// A LEB128 integer of any length.
    fn long_var(&mut self) -> Result<u32, Truncated> {
        let mut value = 0u32;
        for shift in [0, 7, 14, 21, 28] {
            let byte = self.u8()?;
            let bits = u32::from(byte & 0x7F);
            if shift == 28 && bits > 0x0F {
                return Err(Truncated);
            }
            value |= bits << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(Truncated)
    }

    /// An integer written by [`Writer::var_high_first`]; one that does not fit in 32 bits is
    /// refused.
    #[inline]
    pub fn var_high_first(&mut self) -> Result<u32, Truncated> {
        // Most values of a bundle take one or two bytes: those are read without a loop.
        match *self.bytes {
            [first @ 0..=0x7F, ref rest @ ..] => {
                self.bytes = rest;
                Ok(u32::from(first))
            }
            [first @ 0x80..=0xBF, second, ref rest @ ..] => {
                self.bytes = rest;
                Ok(u32::from(first & 0x3F) << 8 | u32::from(second))
            }
            _ => self.long_var_high_first(),
        }
    }

    /// An integer written by [`Writer::var_high_first`], of any length.
    fn long_var_high_first(&mut self) -> Result<u32, Truncated> {
        let first = self.u8()?;
        let more = first.leading_ones() as usize;
        if more > 4 || (more == 4 && first != 0xF0) {
            return Err(Truncated);
        }
        let mut value = u32::from(first & (0x7F >> more));
        for &byte in self.take(more)? {
            value = value << 8 | u32::from(byte);
        }
        Ok(value)
    }

    pub fn bytes(&mut self) -> Result<&'a [u8], Truncated> {
        let n = self.var()? as usize;
        self.take(n)
    }

    /// Bytes written by [`Writer::aligned_bytes`] (their padding skipped).
    pub fn aligned_bytes(&mut self) -> Result<&'a [u8], Truncated> {
        let n = self.var()? as usize;
        let padding = self.u8()?;
        if padding > 3 {
            return Err(Truncated);
        }
        self.take(usize::from(padding))?;
        self.take(n)
    }

    /// `n` bytes, written one value at a time.
    pub fn take_bytes(&mut self, n: usize) -> Result<&'a [u8], Truncated> {
        self.take(n)
    }

    /// The bytes before the next NUL byte, which is read too.
    pub fn until_nul(&mut self) -> Result<&'a [u8], Truncated> {
        let n = self.bytes.iter().position(|&b| b == 0).ok_or(Truncated)?;
        let text = self.take(n)?;
        self.take(1)?;
        Ok(text)
    }

    /// `n` LEB128 integers (each at least one byte, which is checked before allocating).
    pub fn vars(&mut self, n: usize) -> Result<Vec<u32>, Truncated> {
        self.values(n, Reader::var)
    }

    /// `n` values of at least one byte each (checked before allocating), each read by `read`.
    fn values(&mut self, n: usize, mut read: impl FnMut(&mut Self) -> Result<u32, Truncated>) -> Result<Vec<u32>, Truncated> {
        if n > self.bytes.len() {
            return Err(Truncated);
        }
        let mut values = Vec::with_capacity(n);
        for _ in 0..n {
            values.push(read(self)?);
        }
        Ok(values)
    }

    /// A count of records of at least `record_bytes` bytes each, checked against what is left.
    pub fn count(&mut self, record_bytes: usize) -> Result<usize, Truncated> {
        let n = self.var()? as usize;
        if n.saturating_mul(record_bytes.max(1)) > self.bytes.len() {
            return Err(Truncated);
        }
        Ok(n)
    }

    /// How many bytes are left to read.
    pub fn left(&self) -> usize {
        self.bytes.len()
    }

    /// Whether every byte was read.
    pub fn is_done(&self) -> bool {
        self.bytes.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_trip() {
        let mut w = Writer::default();
        w.u8(7);
        w.u32(0xDEAD_BEEF);
        w.bytes(b"abc");
        for v in [0, 127, 128, 300, u32::MAX] {
            w.var(v);
        }
        let high_first = [0, 0x7F, 0x80, 0x3FFF, 0x4000, 0x1F_FFFF, 0x20_0000, 0x0FFF_FFFF, 0x1000_0000, u32::MAX];
        high_first.iter().for_each(|&v| w.var_high_first(v));
        w.bytes.extend_from_slice(b"ab\0\0");
        w.len(2);
        let mut r = Reader::new(&w.bytes);
        assert_eq!(r.u8().unwrap(), 7);
        assert_eq!(r.u32().unwrap(), 0xDEAD_BEEF);
        assert_eq!(r.bytes().unwrap(), b"abc");
        for v in [0, 127, 128, 300, u32::MAX] {
            assert_eq!(r.var().unwrap(), v);
        }
        for v in high_first {
            assert_eq!(r.var_high_first().unwrap(), v);
        }
        assert_eq!(r.until_nul().unwrap(), b"ab");
        assert_eq!(r.until_nul().unwrap(), b"");
        assert!(r.count(1).is_err(), "a count larger than the bytes left is refused");
        assert!(r.is_done());
    }

    #[test]
    fn aligned_bytes_start_at_multiples_of_four() {
        for before in 0..4 {
            let mut w = Writer::default();
            w.bytes.resize(before, 9);
            w.aligned_bytes(b"dfa");
            let start = w.bytes.len() - 3;
            assert_eq!(start % 4, 0, "after {before} bytes");
            let mut r = Reader::new(&w.bytes[before..]);
            assert_eq!(r.aligned_bytes().unwrap(), b"dfa");
            assert!(r.is_done());
        }
        assert!(Reader::new(&[1, 4, 0, 0, 0, 0, 7]).aligned_bytes().is_err(), "more padding than a boundary needs");
    }

    #[test]
    fn reading_past_the_end_fails() {
        let mut r = Reader::new(&[1, 2, 3]);
        assert!(r.u32().is_err());
        let mut r = Reader::new(&[9, 1]);
        assert!(r.bytes().is_err());
        let mut r = Reader::new(&[0xFF, 0xFF, 0xFF, 0xFF, 0x1F]);
        assert!(r.var().is_err(), "more than 32 bits");
        assert!(Reader::new(&[0xF8, 0, 0, 0, 0, 0]).var_high_first().is_err(), "more than 32 bits");
        assert!(Reader::new(&[0xF1, 0, 0, 0, 0]).var_high_first().is_err(), "more than 32 bits");
        assert!(Reader::new(&[0xC0, 0]).var_high_first().is_err(), "ends early");
        assert!(Reader::new(&[0x80]).var_high_first().is_err(), "a two-byte value ends early");
        assert!(Reader::new(&[0x80]).var().is_err(), "a two-byte value ends early");
        assert!(Reader::new(b"ab").until_nul().is_err(), "no NUL");
    }
}
