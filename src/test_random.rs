//! The fixed pseudo-random sequence (xorshift) of the tests that sample the shipped patterns:
//! the same samples on every run.

/// A xorshift generator, started from one fixed seed.
pub(crate) struct XorShift(u64);

impl XorShift {
    /// The generator at its fixed seed.
    pub fn new() -> XorShift {
        XorShift(0x2545_F491_4F6C_DD1D)
    }

    /// The next number below `n` (not 0).
    pub fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}
