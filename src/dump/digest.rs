//! Digests of a dump.
//!
//! - The file digest: SHA-256 over every byte before the trailer line, in order. Any
//!   flipped, inserted or removed byte changes it.
//! - The table digest: order-independent, the sum (mod 2^128) of the first 128 bits of
//!   SHA-256 of each row line. A restore re-reads the loaded table in whatever order the
//!   engine returns it, re-encodes each row exactly as the dump does, and must arrive at
//!   the same digest and count, without sorting anything.

use sha2::{Digest, Sha256};

/// Row count and order-independent digest of one table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TableDigest {
    pub rows: u64,
    sum: u128,
}

impl TableDigest {
    /// Adds one encoded row.
    pub fn add(&mut self, row: &[u8]) {
        let h = Sha256::digest(row);
        let mut first = [0u8; 16];
        first.copy_from_slice(&h[..16]);
        self.sum = self.sum.wrapping_add(u128::from_le_bytes(first));
        self.rows += 1;
    }

    /// Combines digests of disjoint parts of one table.
    pub fn merge(&mut self, other: &TableDigest) {
        self.sum = self.sum.wrapping_add(other.sum);
        self.rows += other.rows;
    }

    /// Hex form as written in the trailer.
    pub fn hex(&self) -> String {
        format!("{:032x}", self.sum)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_digest_ignores_order_but_sees_every_row() {
        let mut a = TableDigest::default();
        let mut b = TableDigest::default();
        for r in ["1\tx", "2\ty", "3\tz"] {
            a.add(r.as_bytes());
        }
        for r in ["3\tz", "1\tx", "2\ty"] {
            b.add(r.as_bytes());
        }
        assert_eq!(a, b);
        let mut c = b;
        c.add(b"2\ty");
        assert_ne!(a.hex(), c.hex());
        let mut d = TableDigest::default();
        for r in ["1\tx", "2\ty", "3\tZ"] {
            d.add(r.as_bytes());
        }
        assert_ne!(a.hex(), d.hex());
    }
}
