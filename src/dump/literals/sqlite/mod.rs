//! SQLite row syntax: the inside of one `VALUES (...)` tuple as the snapshot reader
//! (`engine::sqlite_snapshot`) writes it, the grammar the dump reader holds every row
//! to, and the fast reading back of those literals for restore.
//!
//! The values are (written by [`push_i64`], [`push_real`], [`push_text`] and
//! [`push_blob`]; the snapshot's module doc says why each is written so):
//!
//! - `NULL`;
//! - an integer `-?digits` within `i64`;
//! - a REAL `-?digits.digits[e-?digits]` or `-?digitse-?digits` (`9e999` for infinity),
//!   or an exact product of such REALs `m.0*f*f...` whose later factors have no sign
//!   ([`push_real`]);
//! - `'...'` with `''` for a quote and no control character (below 0x20, or DEL);
//! - `X'...'` with an even number of uppercase hex digits;
//! - `CAST(X'...' AS TEXT)`, text holding control characters or bytes that are not
//!   UTF-8 (<https://www.sqlite.org/lang_expr.html#castexpr>).
//!
//! # Reading back
//!
//! [`parse_row`] reads back the literals that the SQLite snapshot reader writes, so
//! that restore can bind each value to one prepared `INSERT` instead of having SQLite's
//! parser compile every row of the dump: parsing the SQL text of a value costs several
//! times storing it.
//!
//! Only the exact shapes the encoder writes are read: `NULL`; an integer (`-?[0-9]+`,
//! within `i64`); a REAL (`-?[0-9]+.[0-9]+`, optionally `e-?[0-9]+`, `9e999`), or an
//! exact product of REALs (`a*b*c`); `'text'` with `''` for a quote; `X'<hex>'`; and
//! `CAST(X'<hex>' AS TEXT)`. A row with anything else is not read (`false`), and
//! restore sends that row through SQLite's parser as before, so a dump that does not
//! match this reading is still loaded exactly as its SQL says.
//!
//! Why binding stores what the SQL would: a column's affinity is applied to a bound
//! value exactly as to a literal (<https://www.sqlite.org/datatype3.html#type_affinity>);
//! `CAST(X'..' AS TEXT)` keeps the bytes as they are, as `sqlite3_bind_text` with an
//! explicit length does (<https://www.sqlite.org/c3ref/bind_blob.html>); the REAL
//! literals written are read exactly by SQLite's parser (decimals within the range the
//! encoder keeps them to, exact products outside it), and Rust's parser is correctly
//! rounded, so both give the same `f64`; a product evaluated left to right in `f64` is
//! what SQLite computes for it.

use std::ops::Range;

use super::{Cell, Scan, NOT_A_LITERAL};
use crate::dialect::Dialect;

/// One value of the grammar above, from `at`: the byte after it, or where and why not.
pub(super) fn value(row: &[u8], at: usize) -> Scan {
    let rest = &row[at..];
    match rest.first() {
        None => Err((at, "an empty value")),
        Some(b'\'') => string(row, at),
        Some(b'X') => blob(row, at),
        Some(b'C') => {
            const OPEN: &[u8] = b"CAST(";
            const CLOSE: &[u8] = b" AS TEXT)";
            if !rest.starts_with(OPEN) {
                return Err((at, NOT_A_LITERAL));
            }
            let end = blob(row, at + OPEN.len())?;
            if !row[end..].starts_with(CLOSE) {
                return Err((end, "a CAST other than `CAST(X'..' AS TEXT)`"));
            }
            Ok(end + CLOSE.len())
        }
        Some(b'N') if rest.starts_with(b"NULL") => Ok(at + 4),
        Some(b'-' | b'0'..=b'9') => number(row, at),
        Some(_) => Err((at, NOT_A_LITERAL)),
    }
}

/// `'...'` with `''` for a quote, printable text only.
fn string(row: &[u8], at: usize) -> Scan {
    let mut i = at + 1;
    loop {
        match row.get(i) {
            None => return Err((at, "a string that does not end")),
            Some(b'\'') if row.get(i + 1) == Some(&b'\'') => i += 2,
            Some(b'\'') => return Ok(i + 1),
            Some(&c) if c < 0x20 || c == 0x7f => {
                return Err((
                    i,
                    "a control character in a quoted string, which dbshape writes as CAST(X'..' AS TEXT)",
                ))
            }
            Some(_) => i += 1,
        }
    }
}

/// `X'<uppercase hex>'`.
fn blob(row: &[u8], at: usize) -> Scan {
    if row.get(at..at + 2) != Some(b"X'") {
        return Err((at, NOT_A_LITERAL));
    }
    let start = at + 2;
    let digits = row[start..]
        .iter()
        .take_while(|c| matches!(c, b'0'..=b'9' | b'A'..=b'F'))
        .count();
    let end = start + digits;
    if row.get(end) != Some(&b'\'') || digits % 2 == 1 {
        return Err((
            at,
            "a blob literal that is not an even number of uppercase hex digits",
        ));
    }
    Ok(end + 1)
}

/// An integer within `i64`, a REAL, or a product of REALs (only the first signed).
fn number(row: &[u8], at: usize) -> Scan {
    let (end, real) = factor(row, at, true)?;
    if !real {
        let text = std::str::from_utf8(&row[at..end]).unwrap_or("");
        if text.parse::<i64>().is_err() {
            return Err((at, "an integer beyond the 64-bit range SQLite stores"));
        }
        return Ok(end);
    }
    let mut end = end;
    while row.get(end) == Some(&b'*') {
        let (next, real) = factor(row, end + 1, false)?;
        if !real {
            return Err((end + 1, "a factor of a product that is not a REAL"));
        }
        end = next;
    }
    Ok(end)
}

/// One factor: `digits`, `digits.digits`, either with `e-?digits`; whether it is a REAL.
fn factor(row: &[u8], at: usize, signed: bool) -> Result<(usize, bool), (usize, &'static str)> {
    let digits = |i: &mut usize| {
        let start = *i;
        while row.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    let mut i = at + usize::from(signed && row.get(at) == Some(&b'-'));
    if digits(&mut i) == 0 {
        return Err((at, "a number without digits"));
    }
    let mut real = false;
    if row.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return Err((at, "a REAL without digits after its `.`"));
        }
        real = true;
    }
    if row.get(i) == Some(&b'e') {
        i += 1;
        if row.get(i) == Some(&b'-') {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return Err((at, "a REAL whose exponent has no digits"));
        }
        real = true;
    }
    Ok((i, real))
}

/// One value of a row, borrowing from the row or from the row's scratch buffer.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Integer(i64),
    Real(f64),
    /// Text bytes: from the row (`Row`) or decoded into the scratch buffer.
    Text(Bytes),
    Blob(Bytes),
}

/// Where the bytes of a TEXT or BLOB value are.
#[derive(Debug, Clone, PartialEq)]
pub enum Bytes {
    /// A range of the row line itself (text without `''`).
    Row(Range<usize>),
    /// A range of the scratch buffer (unescaped text, decoded hex).
    Scratch(Range<usize>),
}

impl Bytes {
    /// The bytes, given the row and the scratch buffer they were parsed into.
    pub fn get<'a>(&self, row: &'a [u8], scratch: &'a [u8]) -> &'a [u8] {
        match self {
            Bytes::Row(r) => &row[r.clone()],
            Bytes::Scratch(r) => &scratch[r.clone()],
        }
    }
}

/// Parses one row (the inside of a VALUES tuple) into `values`, decoding into
/// `scratch`; `false` when the row holds anything but the shapes listed above.
pub fn parse_row(row: &[u8], values: &mut Vec<Value>, scratch: &mut Vec<u8>) -> bool {
    values.clear();
    scratch.clear();
    let mut at = 0;
    loop {
        let Some((value, next)) = parse_value(row, at, scratch) else {
            return false;
        };
        values.push(value);
        match row.get(next) {
            None => return true,
            Some(b',') => at = next + 1,
            Some(_) => return false,
        }
    }
}

fn parse_value(row: &[u8], at: usize, scratch: &mut Vec<u8>) -> Option<(Value, usize)> {
    let rest = &row[at..];
    match rest.first()? {
        b'\'' => {
            let (bytes, next) = parse_quoted(row, at, scratch)?;
            Some((Value::Text(bytes), next))
        }
        b'X' => {
            let (bytes, next) = parse_hex(row, at, scratch)?;
            Some((Value::Blob(bytes), next))
        }
        b'C' => {
            const OPEN: &[u8] = b"CAST(";
            const CLOSE: &[u8] = b" AS TEXT)";
            if !rest.starts_with(OPEN) {
                return None;
            }
            let (bytes, next) = parse_hex(row, at + OPEN.len(), scratch)?;
            if !row[next..].starts_with(CLOSE) {
                return None;
            }
            Some((Value::Text(bytes), next + CLOSE.len()))
        }
        b'N' => rest.starts_with(b"NULL").then_some((Value::Null, at + 4)),
        b'-' | b'0'..=b'9' => parse_number(row, at),
        _ => None,
    }
}

/// `'...'` with `''` for a quote.
fn parse_quoted(row: &[u8], at: usize, scratch: &mut Vec<u8>) -> Option<(Bytes, usize)> {
    let start = at + 1;
    let mut from = start;
    let mut unescaped: Option<usize> = None;
    loop {
        let quote = from + memchr::memchr(b'\'', &row[from..])?;
        if row.get(quote + 1) == Some(&b'\'') {
            // A doubled quote: one quote of text.
            if unescaped.is_none() {
                unescaped = Some(scratch.len());
            }
            scratch.extend_from_slice(&row[from..=quote]);
            from = quote + 2;
            continue;
        }
        let bytes = match unescaped {
            None => Bytes::Row(start..quote),
            Some(begin) => {
                scratch.extend_from_slice(&row[from..quote]);
                Bytes::Scratch(begin..scratch.len())
            }
        };
        return Some((bytes, quote + 1));
    }
}

/// `X'<hex>'`, decoded into `scratch`.
fn parse_hex(row: &[u8], at: usize, scratch: &mut Vec<u8>) -> Option<(Bytes, usize)> {
    if row.get(at..at + 2)? != b"X'" {
        return None;
    }
    let start = at + 2;
    let end = start + memchr::memchr(b'\'', &row[start..])?;
    let hex = &row[start..end];
    if !hex.len().is_multiple_of(2) {
        return None;
    }
    let begin = scratch.len();
    scratch.reserve(hex.len() / 2);
    for pair in hex.chunks_exact(2) {
        scratch.push(super::nibble(pair[0])? << 4 | super::nibble(pair[1])?);
    }
    Some((Bytes::Scratch(begin..scratch.len()), end + 1))
}

/// An integer, a REAL or a product of REALs, up to the next `,` or the end.
fn parse_number(row: &[u8], at: usize) -> Option<(Value, usize)> {
    let end = at + memchr::memchr(b',', &row[at..]).unwrap_or(row.len() - at);
    let token = &row[at..end];
    if token
        .iter()
        .all(|&c| c.is_ascii_digit() || c == b'-' || c == b'.' || c == b'e' || c == b'*')
    {
        let text = std::str::from_utf8(token).ok()?;
        if !text.contains(['.', 'e', '*']) {
            // Integer: SQLite reads one beyond i64 as a REAL; not written, so not read.
            return Some((Value::Integer(text.parse().ok()?), end));
        }
        let mut product: Option<f64> = None;
        for factor in text.split('*') {
            let v = real(factor)?;
            product = Some(match product {
                None => v,
                Some(p) => p * v,
            });
        }
        return Some((Value::Real(product?), end));
    }
    None
}

/// One REAL literal: digits with a `.` and/or an exponent (`1.5`, `1.0e-300`, `9e999`).
fn real(text: &str) -> Option<f64> {
    let body = text.strip_prefix('-').unwrap_or(text);
    let (mantissa, exponent) = match body.split_once('e') {
        Some((m, e)) => (m, Some(e)),
        None => (body, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        Some((int, frac)) => {
            !int.is_empty()
                && !frac.is_empty()
                && int.bytes().all(|c| c.is_ascii_digit())
                && frac.bytes().all(|c| c.is_ascii_digit())
        }
        // Without a `.`, only with an exponent (`9e999`).
        None => {
            exponent.is_some()
                && !mantissa.is_empty()
                && mantissa.bytes().all(|c| c.is_ascii_digit())
        }
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let digits = e.strip_prefix('-').unwrap_or(e);
        !digits.is_empty() && digits.bytes().all(|c| c.is_ascii_digit())
    });
    if !(mantissa_ok && exponent_ok) {
        return None;
    }
    text.parse().ok()
}

/// Decodes a row into cells (for `transcode`), by [`parse_row`].
pub(super) fn decode(line: &[u8], out: &mut Vec<Cell>) -> Result<(), String> {
    let (mut values, mut scratch) = (Vec::new(), Vec::new());
    if !parse_row(line, &mut values, &mut scratch) {
        return Err("a SQLite value of a shape dbshape does not convert".into());
    }
    for v in values {
        out.push(match v {
            Value::Null => Cell::Null,
            Value::Integer(n) => Cell::Text(n.to_string().into_bytes()),
            Value::Real(f) => Cell::Real(f),
            Value::Text(b) => Cell::Text(b.get(line, &scratch).to_vec()),
            Value::Blob(b) => Cell::Bytes(b.get(line, &scratch).to_vec()),
        });
    }
    Ok(())
}

/// Decimal digits of an `i64`, without the formatting machinery (this runs per value).
pub fn push_i64(buf: &mut Vec<u8>, v: i64) {
    buf.extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
}

/// Magnitudes whose 17-digit decimal literal every SQLite parser measured reads back
/// exactly (with a margin: 3.51 failed from 1e-84 down and from 1e118 up, 3.40 between
/// 1e-308 and 1e-291; see the module doc).
const DECIMAL_EXACT: std::ops::Range<f64> = 1e-75..1e110;

/// Largest power of two one factor of an exact product scales by: 2^±200 (about 1.6e60
/// and 6.2e-61) are themselves inside `DECIMAL_EXACT`.
const POW2_STEP: i32 = 200;

/// Whether the dump reader accepts `*` in a row, which the exact form of a REAL outside
/// `DECIMAL_EXACT` needs. Asked of the reader itself, so that rows are only ever written
/// in a shape it accepts.
pub fn exact_products_allowed() -> bool {
    super::check_row(Dialect::Sqlite, b"-1.0*2.0").is_ok()
}

/// A REAL literal that reads back as exactly `v`.
///
/// SQLite's own text-to-REAL conversion is not correctly rounded (3.40 on long double,
/// 3.47+ on double-double arithmetic), so the shortest round-trip text is not enough.
/// The decimal written is the one nearest to `v` with 17 significant digits: it lies
/// within 0.45 ulp of `v`, so a parser that errs by less than 0.05 ulp still lands on
/// `v`; both parsers do in `DECIMAL_EXACT`. Outside it, where they err by whole ulps,
/// `v` is written as an exact product `m.0*2^a*2^b...` (IEEE multiplication by a power
/// of two is exact) when `exact_products` (see [`exact_products_allowed`]).
pub fn push_real(buf: &mut Vec<u8>, v: f64, exact_products: bool) {
    if v.is_nan() {
        // SQLite turns NaN into NULL when it stores it; never seen in a table.
        buf.extend_from_slice(b"NULL");
    } else if v.is_infinite() {
        // No literal exists; an overflowing one reads as infinity (as `.dump` does).
        buf.extend_from_slice(if v > 0.0 { b"9e999" } else { b"-9e999" });
    } else if v == 0.0 || !exact_products || DECIMAL_EXACT.contains(&v.abs()) {
        push_decimal17(buf, v);
    } else {
        push_pow2_product(buf, v);
    }
}

/// `v` as `m.0*2^a*2^b...`: its integer significand, exact as a literal below 2^53,
/// times powers of two whose 17-digit literals are exact (inside `DECIMAL_EXACT`).
/// Evaluated left to right, every partial product has the bits of `m` at a magnitude
/// between `m` and `v`, so it is representable and each multiplication is exact.
fn push_pow2_product(buf: &mut Vec<u8>, v: f64) {
    let bits = v.to_bits();
    let field = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1u64 << 52) - 1);
    let (mut m, mut k) = if field == 0 {
        (fraction, -1074) // subnormal
    } else {
        (fraction | (1u64 << 52), field - 1075)
    };
    let zeros = m.trailing_zeros();
    m >>= zeros;
    k += zeros as i32;
    // m < 2^53: the conversion is exact.
    let m = m as f64;
    push_decimal17(buf, if v < 0.0 { -m } else { m });
    while k != 0 {
        let step = k.clamp(-POW2_STEP, POW2_STEP);
        buf.push(b'*');
        push_decimal17(buf, f64::from_bits(((1023 + step) as u64) << 52));
        k -= step;
    }
}

/// The decimal nearest to `v` with 17 significant digits, trailing zeros dropped, with
/// a `.` or an exponent so that SQLite reads a REAL: positional between 1e-5 and 1e17
/// (`0.10000000000000001`, `3.0`), else `d.ddde±x`.
fn push_decimal17(buf: &mut Vec<u8>, v: f64) {
    use std::io::Write;
    let negative = v.is_sign_negative();
    let mut digits = [b'0'; 17];
    let exp = match digits17_exact(v.abs()) {
        Some((q, exp)) => {
            write_digits17(&mut digits, q);
            exp
        }
        None => match digits17_formatted(v.abs(), &mut digits) {
            Some(exp) => exp,
            None => {
                // Cannot happen (finite input, at most 24 bytes); keep a valid literal.
                let _ = write!(buf, "{v:?}");
                return;
            }
        },
    };
    let mut n = 17;
    while n > 1 && digits[n - 1] == b'0' {
        n -= 1;
    }
    let digits = &digits[..n];
    if negative {
        buf.push(b'-');
    }
    if (0..=16).contains(&exp) {
        let int_len = exp as usize + 1;
        if n <= int_len {
            buf.extend_from_slice(digits);
            buf.resize(buf.len() + int_len - n, b'0');
            buf.extend_from_slice(b".0");
        } else {
            buf.extend_from_slice(&digits[..int_len]);
            buf.push(b'.');
            buf.extend_from_slice(&digits[int_len..]);
        }
    } else if (-5..0).contains(&exp) {
        buf.extend_from_slice(b"0.");
        buf.resize(buf.len() + (-exp - 1) as usize, b'0');
        buf.extend_from_slice(digits);
    } else {
        buf.push(digits[0]);
        buf.push(b'.');
        if n > 1 {
            buf.extend_from_slice(&digits[1..]);
        } else {
            buf.push(b'0');
        }
        let _ = write!(buf, "e{exp}");
    }
}

/// `10^p` for `p` in `0..=21`: every power that `digits17_exact` multiplies by.
const POW10: [u128; 22] = {
    let mut table = [1u128; 22];
    let mut i = 1;
    while i < 22 {
        table[i] = table[i - 1] * 10;
        i += 1;
    }
    table
};

/// The 17 significant digits of `v` (positive, finite) nearest to it, ties to even, as
/// an integer `q` in `10^16..10^17` with the decimal exponent of its first digit:
/// `v ≈ q × 10^(exp-16)`. Computed exactly in 128-bit integers, which cover
/// `1e-5 <= v < 1e17` (the positional range, where most values of a table live): with
/// `v = m × 2^e` and `p = 16 - exp`, `m × 10^p` stays below 2^123 and the shift below
/// 2^70. `None` outside that range, for [`digits17_formatted`].
fn digits17_exact(v: f64) -> Option<(u64, i32)> {
    if !(1e-5..1e17).contains(&v) {
        return None;
    }
    let bits = v.to_bits();
    // Normal numbers only in this range: the hidden bit is set.
    let m = u128::from((bits & ((1u64 << 52) - 1)) | (1u64 << 52));
    let e = ((bits >> 52) & 0x7ff) as i32 - 1075;
    // A first guess of the decimal exponent, corrected below when off by one.
    let mut exp = v.log10().floor() as i32;
    loop {
        let p = 16 - exp;
        if !(0..=21).contains(&p) {
            return None;
        }
        let n = m * POW10[p as usize];
        let (floor, rest_is_half, rest_above_half) = if e >= 0 {
            (n << e, false, false)
        } else {
            let s = -e as u32;
            if s >= 127 {
                return None;
            }
            let rest = n & ((1u128 << s) - 1);
            let half = 1u128 << (s - 1);
            (n >> s, rest == half, rest > half)
        };
        if floor >= POW10[17] {
            exp += 1;
            continue;
        }
        if floor < POW10[16] {
            exp -= 1;
            continue;
        }
        let mut q = floor as u64;
        if rest_above_half || (rest_is_half && q % 2 == 1) {
            q += 1;
        }
        if u128::from(q) == POW10[17] {
            return Some((POW10[16] as u64, exp + 1));
        }
        return Some((q, exp));
    }
}

/// The 17 decimal digits of `q` (below 10^17) into `out`, two at a time.
fn write_digits17(out: &mut [u8; 17], mut q: u64) {
    const PAIRS: &[u8; 200] = b"00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899";
    let mut at = 17;
    while at >= 2 {
        let pair = (q % 100) as usize * 2;
        q /= 100;
        at -= 2;
        out[at] = PAIRS[pair];
        out[at + 1] = PAIRS[pair + 1];
    }
    out[0] = b'0' + (q % 10) as u8;
}

/// The same digits as [`digits17_exact`] through the standard library's exact
/// (correctly rounded) formatting, for any finite `v >= 0`; returns the exponent.
fn digits17_formatted(v: f64, digits: &mut [u8; 17]) -> Option<i32> {
    use std::io::Write;
    // `{:.16e}`: `d.dddddddddddddddde-x`.
    let mut text = [0u8; 32];
    let mut cursor = std::io::Cursor::new(&mut text[..]);
    write!(cursor, "{v:.16e}").ok()?;
    let len = cursor.position() as usize;
    let text = &text[..len];
    let e_at = text.iter().position(|&c| c == b'e')?;
    let (mantissa, exponent) = (&text[..e_at], &text[e_at + 1..]);
    let (exp_negative, exp_digits) = match exponent.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, exponent),
    };
    let mut exp: i32 = 0;
    for &d in exp_digits {
        exp = exp * 10 + i32::from(d - b'0');
    }
    for (slot, &d) in digits
        .iter_mut()
        .zip(mantissa.iter().filter(|d| d.is_ascii_digit()))
    {
        *slot = d;
    }
    Some(if exp_negative { -exp } else { exp })
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
    use crate::dump::literals::check_row;

    fn ok(d: Dialect, row: &str) -> usize {
        check_row(d, row.as_bytes()).unwrap_or_else(|r| panic!("{row}: {r:?}"))
    }

    /// Every value the SQLite snapshot writes is accepted, REALs of every range and
    /// format 1's shortest round-trip text included.
    #[test]
    fn every_sqlite_value_shape_the_writer_emits_is_accepted() {
        let row = "NULL,-42,1.5,1.0e-300,9e999,-9e999,'it''s',X'00FF',CAST(X'610A' AS TEXT),'',X'',\
                   -9223372036854775808,9223372036854775807,-0.0,1e-7,1.5e300,1e16,'a \"q\" \u{e9}'";
        assert_eq!(ok(Dialect::Sqlite, row), 18);
        for v in [
            0.1,
            -3.0,
            5e-324,
            f64::MAX,
            f64::MIN_POSITIVE,
            -1e-300,
            1e200,
            f64::INFINITY,
            f64::NEG_INFINITY,
            313299.8421963531,
        ] {
            for products in [false, true] {
                let mut b = Vec::new();
                push_real(&mut b, v, products);
                let text = String::from_utf8(b).unwrap();
                assert_eq!(ok(Dialect::Sqlite, &text), 1, "{text}");
            }
        }
    }

    fn parse(row: &str) -> Option<(Vec<Value>, Vec<u8>)> {
        let mut values = Vec::new();
        let mut scratch = Vec::new();
        parse_row(row.as_bytes(), &mut values, &mut scratch).then_some((values, scratch))
    }

    #[test]
    fn every_shape_the_encoder_writes_is_read() {
        let row = "NULL,-42,1.5,1.0e-300,9e999,-9e999,'it''s',X'00FF',CAST(X'610A' AS TEXT),'',X''";
        let (values, scratch) = parse(row).unwrap();
        let text = |v: &Value| match v {
            Value::Text(b) | Value::Blob(b) => b.get(row.as_bytes(), &scratch).to_vec(),
            _ => panic!("{v:?}"),
        };
        assert_eq!(values[0], Value::Null);
        assert_eq!(values[1], Value::Integer(-42));
        assert_eq!(values[2], Value::Real(1.5));
        assert_eq!(values[3], Value::Real(1e-300));
        assert_eq!(values[4], Value::Real(f64::INFINITY));
        assert_eq!(values[5], Value::Real(f64::NEG_INFINITY));
        assert!(matches!(values[6], Value::Text(_)));
        assert_eq!(text(&values[6]), b"it's");
        assert!(matches!(values[7], Value::Blob(_)));
        assert_eq!(text(&values[7]), [0x00, 0xff]);
        assert!(matches!(values[8], Value::Text(_)));
        assert_eq!(text(&values[8]), b"a\n");
        assert_eq!(text(&values[9]), b"");
        assert_eq!(text(&values[10]), b"");
        assert_eq!(values.len(), 11);
    }

    #[test]
    fn extremes_and_products_are_exact() {
        let (values, _) = parse("-9223372036854775808,9223372036854775807,-0.0").unwrap();
        assert_eq!(values[0], Value::Integer(i64::MIN));
        assert_eq!(values[1], Value::Integer(i64::MAX));
        let Value::Real(z) = values[2] else { panic!() };
        assert_eq!(z.to_bits(), (-0.0f64).to_bits());
        let (values, _) = parse("1.0*6.2230152778611417e-61*6.2230152778611417e-61*6.2230152778611417e-61*6.2230152778611417e-61*6.2230152778611417e-61*5.2939559203393771e-23").unwrap();
        assert_eq!(values[0], Value::Real(5e-324));
    }

    #[test]
    fn anything_else_is_left_to_sqlite() {
        for row in [
            "9223372036854775808",
            "1e+5",
            "1.",
            ".5",
            "2*3",
            "'open",
            "X'0'",
            "x'00'",
            "NULLX",
            "1,",
            "abs(1)",
            "CAST(X'00' AS BLOB)",
            "1 ,2",
            "inf",
        ] {
            assert!(parse(row).is_none(), "{row}");
        }
    }

    fn f(v: f64) -> String {
        let mut b = Vec::new();
        push_real(&mut b, v, false);
        String::from_utf8(b).unwrap()
    }

    #[test]
    fn integers_cover_the_whole_range() {
        for v in [0, 1, -1, 42, i64::MIN, i64::MAX] {
            let mut b = Vec::new();
            push_i64(&mut b, v);
            assert_eq!(String::from_utf8(b).unwrap(), v.to_string());
        }
    }

    #[test]
    fn reals_stay_reals_and_round_trip() {
        assert_eq!(f(1.0), "1.0");
        assert_eq!(f(3.0), "3.0");
        assert_eq!(f(-2.5), "-2.5");
        assert_eq!(f(0.1), "0.10000000000000001");
        assert_eq!(f(1e-5), "0.000010000000000000001");
        assert_eq!(f(0.0), "0.0");
        assert_eq!(f(-0.0), "-0.0");
        assert_eq!(f(1e16), "10000000000000000.0");
        assert_eq!(f(1e17), "1.0e17");
        assert_eq!(f(1e-300), "1.0e-300");
        assert_eq!(f(5e-324), "4.9406564584124654e-324");
        assert_eq!(f(f64::MAX), "1.7976931348623157e308");
        assert_eq!(f(f64::INFINITY), "9e999");
        assert_eq!(f(f64::NEG_INFINITY), "-9e999");
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..100_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let v = f64::from_bits(x);
            if v.is_finite() {
                let text = f(v);
                assert_eq!(
                    text.parse::<f64>().unwrap().to_bits(),
                    v.to_bits(),
                    "{text}"
                );
                assert!(text.contains('.'), "{text} must read as a REAL");
                assert!(
                    check_row(Dialect::Sqlite, text.as_bytes()).is_ok(),
                    "{text}"
                );
            }
        }
    }

    /// Evaluates `a*b*c` left to right in IEEE doubles, as SQLite does.
    fn product(text: &str) -> f64 {
        let mut factors = text.split('*').map(|t| t.parse::<f64>().unwrap());
        let first = factors.next().unwrap();
        factors.fold(first, |acc, f| acc * f)
    }

    #[test]
    fn exact_products_are_exact() {
        let p = |v: f64| {
            let mut b = Vec::new();
            push_real(&mut b, v, true);
            String::from_utf8(b).unwrap()
        };
        assert_eq!(p(0.1), "0.10000000000000001", "inside the range: decimal");
        assert_eq!(
            p(5e-324),
            "1.0*6.2230152778611417e-61".to_string()
                + &"*6.2230152778611417e-61".repeat(4)
                + "*5.2939559203393771e-23"
        );
        let mut x: u64 = 0x1234_5678_9ABC_DEF1;
        let mut values = vec![
            5e-324,
            -5e-324,
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            1e-300,
            1e300,
        ];
        for _ in 0..100_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            values.push(f64::from_bits(x));
        }
        for v in values.into_iter().filter(|v| v.is_finite()) {
            let text = p(v);
            assert_eq!(product(&text).to_bits(), v.to_bits(), "{text}");
            for factor in text.split('*') {
                let f: f64 = factor.parse().unwrap();
                assert!(
                    f == 0.0 || DECIMAL_EXACT.contains(&f.abs()) || f.fract() == 0.0,
                    "{factor}"
                );
            }
        }
    }

    #[test]
    fn exact_digits_match_the_standard_formatting() {
        let check = |v: f64| {
            let v = v.abs();
            if !v.is_finite() {
                return;
            }
            let mut expected = [b'0'; 17];
            let exp = digits17_formatted(v, &mut expected).unwrap();
            if let Some((q, e)) = digits17_exact(v) {
                let mut got = [b'0'; 17];
                write_digits17(&mut got, q);
                assert_eq!((got, e), (expected, exp), "{v:e}");
            }
        };
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..200_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            // Spread over the whole exact range, then around its edges and powers of 10.
            let unit = (x >> 11) as f64 / (1u64 << 53) as f64;
            check(10f64.powf(-5.0 + 22.0 * unit));
            check(f64::from_bits(x));
            check(f64::from_bits(1e-5f64.to_bits() + (x & 0xff)));
            check(f64::from_bits(1e17f64.to_bits() - 1 - (x & 0xff)));
            let p = 10f64.powi((x % 22) as i32 - 5);
            check(f64::from_bits(p.to_bits() - (x >> 60)));
            check(f64::from_bits(p.to_bits() + (x >> 60)));
            // Halfway cases: 18 significant digits ending in 5.
            check(((x % 8_000_000_000_000_000 + 800_000_000_000_000) | 1) as f64 / 8.0);
            check(i64::try_from(x >> 11).unwrap_or(0) as f64);
        }
        for v in [
            1e-5,
            0.1,
            1.0,
            9.999999999999999e16,
            1e16,
            99999999999999999.0,
            0.5,
        ] {
            check(v);
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
