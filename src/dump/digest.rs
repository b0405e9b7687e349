//! Digests of a dump.
//!
//! - The file digest: SHA-256 over every byte before the trailer line, in order. Any
//!   flipped, inserted or removed byte changes it.
//! - The table digest: order-independent, the sum (mod 2^128) of the XXH3-128 of each
//!   row line. A restore re-reads the loaded table in whatever order the engine returns
//!   it, re-encodes each row exactly as the dump does, and must arrive at the same
//!   digest and count, without sorting anything. XXH3 rather than SHA-256 because it
//!   runs at memory speed on every row; the file's SHA-256 already covers every byte,
//!   and neither is a signature (see docs/dump-format.md).

/// Row count and order-independent digest of one table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TableDigest {
    /// Rows added so far.
    pub rows: u64,
    sum: u128,
}

impl TableDigest {
    /// Adds one encoded row.
    pub fn add(&mut self, row: &[u8]) {
        self.sum = self.sum.wrapping_add(xxhash_rust::xxh3::xxh3_128(row));
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

/// Digesting re-read rows directly (restore's check after loading).
impl crate::dump::snapshot::RowSink for TableDigest {
    fn row(&mut self, encoded: &[u8]) -> crate::error::Result<()> {
        self.add(encoded);
        Ok(())
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
