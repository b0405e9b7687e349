//! The other literals of a SQLite row: integers, TEXT and BLOB, as the snapshot reader
//! writes them value by value.
//!
//! TEXT is quoted only when it is printable UTF-8; text holding a control character or
//! bytes that are not UTF-8 is written as `CAST(X'..' AS TEXT)`, so that a row stays one
//! line of the dump and the bytes come back as they were. These run once per value of
//! a backup, hence the single-pass scan and the hand-written hex.

/// Decimal digits of an `i64`, without the formatting machinery (this runs per value).
pub fn push_i64(buf: &mut Vec<u8>, v: i64) {
    buf.extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
}

/// A TEXT literal: quoted when it is printable UTF-8, else its exact bytes cast to TEXT.
pub fn push_text(buf: &mut Vec<u8>, bytes: &[u8]) {
    let (control, ascii) = scan_text(bytes);
    if control || (!ascii && std::str::from_utf8(bytes).is_err()) {
        buf.extend_from_slice(b"CAST(");
        push_blob(buf, bytes);
        buf.extend_from_slice(b" AS TEXT)");
        return;
    }
    push_quoted(buf, bytes);
}

/// `'...'` with `''` for a quote, the bytes as they are.
pub fn push_quoted(buf: &mut Vec<u8>, bytes: &[u8]) {
    buf.reserve(bytes.len() + 2);
    buf.push(b'\'');
    let mut start = 0;
    for at in memchr::memchr_iter(b'\'', bytes) {
        buf.extend_from_slice(&bytes[start..=at]);
        buf.push(b'\'');
        start = at + 1;
    }
    buf.extend_from_slice(&bytes[start..]);
    buf.push(b'\'');
}

/// Whether `bytes` hold a control character (below 0x20, or DEL) and whether they are
/// all ASCII, in one pass. Blocks of 32 bytes are folded without an early exit so that
/// the compiler turns them into vector compares; the scan stops at the first block with
/// a control character.
fn scan_text(bytes: &[u8]) -> (bool, bool) {
    let is_control = |b: u8| (b < 0x20) | (b == 0x7f);
    let mut high = 0u8;
    let mut blocks = bytes.chunks_exact(32);
    for block in &mut blocks {
        let mut control = false;
        for &b in block {
            control |= is_control(b);
            high |= b;
        }
        if control {
            return (true, false);
        }
    }
    let mut control = false;
    for &b in blocks.remainder() {
        control |= is_control(b);
        high |= b;
    }
    (control, high < 0x80)
}

/// A BLOB literal, `X'<hex>'`.
pub fn push_blob(buf: &mut Vec<u8>, bytes: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    buf.reserve(bytes.len() * 2 + 3);
    buf.extend_from_slice(b"X'");
    let start = buf.len();
    buf.resize(start + bytes.len() * 2, 0);
    for (pair, &b) in buf[start..].chunks_exact_mut(2).zip(bytes) {
        pair[0] = HEX[usize::from(b >> 4)];
        pair[1] = HEX[usize::from(b & 0x0f)];
    }
    buf.push(b'\'');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::Dialect;
    use crate::dump::literals::check_row;

    #[test]
    fn integers_cover_the_whole_range() {
        for v in [0, 1, -1, 42, i64::MIN, i64::MAX] {
            let mut b = Vec::new();
            push_i64(&mut b, v);
            assert_eq!(String::from_utf8(b).unwrap(), v.to_string());
        }
    }

    #[test]
    fn control_bytes_are_found_anywhere() {
        for len in [0, 1, 31, 32, 33, 64, 100] {
            let plain = vec![b'a'; len];
            assert_eq!(scan_text(&plain), (false, true));
            for at in 0..len {
                for bad in [0u8, b'\n', 0x1f, 0x7f] {
                    let mut t = plain.clone();
                    t[at] = bad;
                    assert!(scan_text(&t).0, "{len} {at} {bad}");
                }
                let mut t = plain.clone();
                t[at] = 0xc3;
                assert_eq!(scan_text(&t), (false, false));
            }
        }
    }

    #[test]
    fn text_is_quoted_or_hex() {
        let enc = |t: &[u8]| {
            let mut b = Vec::new();
            push_text(&mut b, t);
            String::from_utf8(b).unwrap()
        };
        assert_eq!(enc(b"it's"), "'it''s'");
        assert_eq!(enc(b"''"), "''''''");
        assert_eq!(enc("é😀".as_bytes()), "'é😀'");
        assert_eq!(enc(b"a\nb"), "CAST(X'610A62' AS TEXT)");
        assert_eq!(enc(b"a\0"), "CAST(X'6100' AS TEXT)");
        assert_eq!(enc(b"\xff"), "CAST(X'FF' AS TEXT)");
        assert_eq!(enc(b""), "''");
        for t in [&b"it's"[..], b"a\nb", b"\xff", b"); DROP TABLE t; --"] {
            assert!(check_row(Dialect::Sqlite, enc(t).as_bytes()).is_ok());
        }
    }
}
