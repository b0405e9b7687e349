//! Reproducible damage to dump files, for the integrity tests and campaigns.

/// Deterministic pseudo-random numbers (xorshift; no dependency, reproducible runs).
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// The kinds of damage [`corrupt`] does.
pub const KINDS: usize = 6;

/// Damages a dump: truncation, a bit flip, a deleted or duplicated line, a header or a
/// trailer edit. Line-based kinds fall back to a bit flip on a compressed file (which
/// has no lines to speak of). Returns what was done and the damaged bytes.
pub fn corrupt(rng: &mut Rng, bytes: &[u8], kind: usize) -> (String, Vec<u8>) {
    let mut b = bytes.to_vec();
    let mut lines = Vec::new();
    let mut start = 0;
    for (i, c) in b.iter().enumerate() {
        if *c == b'\n' {
            lines.push((start, i + 1));
            start = i + 1;
        }
    }
    let plain = b.starts_with(b"--") && lines.len() > 3;
    match (kind, plain) {
        (0, _) => {
            let at = rng.below(b.len());
            b.truncate(at);
            (format!("truncated at {at}"), b)
        }
        (2, true) => {
            let (s, e) = lines[rng.below(lines.len())];
            b.drain(s..e);
            (format!("deleted line at byte {s}"), b)
        }
        (3, true) => {
            let (s, e) = lines[rng.below(lines.len())];
            let dup = b[s..e].to_vec();
            b.splice(e..e, dup);
            (format!("duplicated line at byte {s}"), b)
        }
        (4, true) => {
            let (s, e) = lines[1];
            let at = s + 20 + rng.below(e - s - 22);
            b[at] = if b[at] == b'1' { b'2' } else { b'1' };
            (format!("header edit at {at}"), b)
        }
        (5, true) => {
            let (s, e) = *lines.last().unwrap();
            let positions: Vec<usize> = (s..e).filter(|&i| b[i].is_ascii_hexdigit()).collect();
            let at = positions[rng.below(positions.len())];
            b[at] = if b[at] == b'0' { b'1' } else { b'0' };
            (format!("trailer edit at {at}"), b)
        }
        _ => {
            let at = rng.below(b.len());
            b[at] ^= 1u8 << rng.below(8);
            (format!("bit flip at {at}"), b)
        }
    }
}
