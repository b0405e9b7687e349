//! The canonical form of a cell, by the target column's class, and the digest of rows
//! in that form: how a restore across engines proves that the target holds what the
//! dump held (see the module doc of `transcode`).

use super::{classify, Class};
use crate::dialect::Dialect;
use crate::dump::digest::TableDigest;
use crate::dump::format::ColumnHeader;
use crate::dump::literals::{decode_row, unhex, Cell};

/// A value in its canonical form, read by a class.
#[derive(Debug, Clone, PartialEq)]
pub enum Canon {
    /// SQL `NULL`.
    Null,
    /// The canonical bytes of a value, as they are digested.
    Bytes(Vec<u8>),
}

/// Reads a cell by a class (of the target column) into its canonical form. `source`
/// is the dialect the cell was decoded from (PostgreSQL's bytea text is `\x..`).
pub fn canonical(source: Dialect, class: Class, cell: &Cell) -> Result<Canon, String> {
    let text = match cell {
        Cell::Null => return Ok(Canon::Null),
        Cell::Bytes(b) => {
            return match class {
                Class::Binary | Class::Text | Class::Json => Ok(Canon::Bytes(b.clone())),
                _ => Err("binary data in a column that holds no bytes".into()),
            }
        }
        Cell::Real(f) => return canonical_real(class, *f),
        Cell::Text(t) => t,
    };
    let s = || String::from_utf8_lossy(text);
    Ok(Canon::Bytes(match class {
        Class::Int { .. } => match text.as_slice() {
            b"t" | b"true" => b"1".to_vec(),
            b"f" | b"false" => b"0".to_vec(),
            _ => {
                let n: i128 = s()
                    .trim()
                    .parse()
                    .map_err(|_| format!("`{}` is not an integer", s()))?;
                n.to_string().into_bytes()
            }
        },
        Class::Bool => match text.as_slice() {
            b"t" | b"true" | b"1" => b"1".to_vec(),
            b"f" | b"false" | b"0" => b"0".to_vec(),
            _ => return Err(format!("`{}` is not a boolean (0 or 1)", s())),
        },
        Class::Float => float_text(parse_float(&s())?),
        Class::Decimal => decimal_text(&s()),
        Class::Json => json_hash(text)?.to_le_bytes().to_vec(),
        Class::Binary => {
            if source == Dialect::Postgres && text.starts_with(b"\\x") {
                unhex(&text[2..])?
            } else {
                text.clone()
            }
        }
        Class::Date | Class::DateTime | Class::Time => time_text(&s()).into_bytes(),
        Class::Text => text.clone(),
    }))
}

fn canonical_real(class: Class, f: f64) -> Result<Canon, String> {
    Ok(Canon::Bytes(match class {
        Class::Int { .. } | Class::Bool if f.fract() == 0.0 && f.abs() < 1e18 => {
            (f as i64).to_string().into_bytes()
        }
        Class::Float => float_text(f),
        Class::Decimal => decimal_text(&format!("{f:?}")),
        Class::Text | Class::Json => format!("{f:?}").into_bytes(),
        _ => return Err(format!("the number {f} in a column of another kind")),
    }))
}

fn parse_float(s: &str) -> Result<f64, String> {
    match s.trim() {
        "NaN" | "nan" => Ok(f64::NAN),
        "Infinity" | "inf" | "+Infinity" => Ok(f64::INFINITY),
        "-Infinity" | "-inf" => Ok(f64::NEG_INFINITY),
        t => t.parse().map_err(|_| format!("`{s}` is not a number")),
    }
}

/// Floats by value: Rust's shortest round-trip text.
fn float_text(f: f64) -> Vec<u8> {
    if f.is_nan() {
        b"NaN".to_vec()
    } else if f.is_infinite() {
        if f > 0.0 {
            b"Infinity".to_vec()
        } else {
            b"-Infinity".to_vec()
        }
    } else {
        format!("{f:?}").into_bytes()
    }
}

/// Exact numbers without trailing fraction zeros (`1.50` and `1.5` are one value).
fn decimal_text(s: &str) -> Vec<u8> {
    let t = s.trim();
    let t = if t.contains('.') && !t.contains(['e', 'E']) {
        t.trim_end_matches('0').trim_end_matches('.')
    } else {
        t
    };
    match t {
        "-0" | "" => b"0".to_vec(),
        _ => t.as_bytes().to_vec(),
    }
}

/// Times without a UTC offset (every session is pinned to UTC), a `T`, or trailing
/// fraction zeros.
fn time_text(s: &str) -> String {
    let mut t = s.trim().replacen('T', " ", 1);
    for suffix in ["+00:00", "+00", "Z"] {
        if let Some(stripped) = t.strip_suffix(suffix) {
            t = stripped.to_string();
            break;
        }
    }
    if let Some(dot) = t.rfind('.') {
        if t[dot + 1..].bytes().all(|b| b.is_ascii_digit()) {
            let trimmed = t.trim_end_matches('0').trim_end_matches('.').len();
            t.truncate(trimmed.max(dot));
        }
    }
    t
}

/// The canonical form of a JSON document: a 128-bit hash of its value, equal for equal
/// values whatever the key order, spacing, escapes or number spelling (`1.0` = `1` =
/// `1e0`: numbers compare by their `f64` value, as JSON parsers read them). One pass
/// over the text, no tree: an object's hash is the sum of its members' hashes (so key
/// order does not matter), an array's folds its elements in order.
pub fn json_hash(text: &[u8]) -> Result<u128, String> {
    let mut p = JsonHasher {
        s: text,
        at: 0,
        scratch: Vec::new(),
    };
    p.ws();
    let h = p.value(0)?;
    p.ws();
    if p.at != text.len() {
        return Err(format!("not JSON: text after the value at byte {}", p.at));
    }
    Ok(h)
}

struct JsonHasher<'a> {
    s: &'a [u8],
    at: usize,
    scratch: Vec<u8>,
}

fn tagged(tag: u8, parts: &[&[u8]]) -> u128 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(&[tag]);
    for p in parts {
        h.update(p);
    }
    h.digest128()
}

impl JsonHasher<'_> {
    fn err(&self, what: &str) -> String {
        format!("not JSON: {what} at byte {}", self.at)
    }

    fn ws(&mut self) {
        while matches!(self.s.get(self.at), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn eat(&mut self, lit: &[u8]) -> bool {
        if self.s[self.at..].starts_with(lit) {
            self.at += lit.len();
            true
        } else {
            false
        }
    }

    fn value(&mut self, depth: usize) -> Result<u128, String> {
        if depth > 512 {
            return Err(self.err("nesting deeper than 512"));
        }
        match self.s.get(self.at) {
            Some(b'{') => {
                self.at += 1;
                let (mut sum, mut n) = (0u128, 0u64);
                self.ws();
                if !self.eat(b"}") {
                    loop {
                        self.ws();
                        if self.s.get(self.at) != Some(&b'"') {
                            return Err(self.err("expected a member name"));
                        }
                        self.string()?;
                        let key = tagged(b'k', &[&self.scratch]);
                        self.ws();
                        if !self.eat(b":") {
                            return Err(self.err("expected `:`"));
                        }
                        self.ws();
                        let v = self.value(depth + 1)?;
                        sum =
                            sum.wrapping_add(tagged(b'm', &[&key.to_le_bytes(), &v.to_le_bytes()]));
                        n += 1;
                        self.ws();
                        if self.eat(b"}") {
                            break;
                        }
                        if !self.eat(b",") {
                            return Err(self.err("expected `,` or `}`"));
                        }
                    }
                }
                Ok(tagged(b'o', &[&sum.to_le_bytes(), &n.to_le_bytes()]))
            }
            Some(b'[') => {
                self.at += 1;
                let mut acc = tagged(b'a', &[]);
                self.ws();
                if !self.eat(b"]") {
                    loop {
                        self.ws();
                        let v = self.value(depth + 1)?;
                        acc = tagged(b'e', &[&acc.to_le_bytes(), &v.to_le_bytes()]);
                        self.ws();
                        if self.eat(b"]") {
                            break;
                        }
                        if !self.eat(b",") {
                            return Err(self.err("expected `,` or `]`"));
                        }
                    }
                }
                Ok(acc)
            }
            Some(b'"') => {
                self.string()?;
                Ok(tagged(b's', &[&self.scratch]))
            }
            Some(b't') if self.eat(b"true") => Ok(tagged(b't', &[])),
            Some(b'f') if self.eat(b"false") => Ok(tagged(b'f', &[])),
            Some(b'n') if self.eat(b"null") => Ok(tagged(b'n', &[])),
            Some(b'-' | b'0'..=b'9') => {
                let start = self.at;
                while matches!(
                    self.s.get(self.at),
                    Some(b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                ) {
                    self.at += 1;
                }
                let text = std::str::from_utf8(&self.s[start..self.at]).unwrap_or_default();
                let f: f64 = text.parse().map_err(|_| self.err("a malformed number"))?;
                // -0 and 0 are one number.
                let f = if f == 0.0 { 0.0 } else { f };
                Ok(tagged(b'd', &[&f.to_bits().to_le_bytes()]))
            }
            _ => Err(self.err("expected a value")),
        }
    }

    /// Reads a string (at its opening quote) into `scratch`, unescaped.
    fn string(&mut self) -> Result<(), String> {
        self.at += 1;
        self.scratch.clear();
        loop {
            let rest = &self.s[self.at..];
            let plain = rest
                .iter()
                .position(|&c| c == b'"' || c == b'\\' || c < 0x20)
                .ok_or_else(|| self.err("a string that does not end"))?;
            self.scratch.extend_from_slice(&rest[..plain]);
            self.at += plain;
            match self.s[self.at] {
                b'"' => {
                    self.at += 1;
                    return Ok(());
                }
                b'\\' => {
                    let e = *self
                        .s
                        .get(self.at + 1)
                        .ok_or_else(|| self.err("a bad escape"))?;
                    self.at += 2;
                    let c = match e {
                        b'"' => b'"',
                        b'\\' => b'\\',
                        b'/' => b'/',
                        b'b' => 8,
                        b'f' => 12,
                        b'n' => b'\n',
                        b'r' => b'\r',
                        b't' => b'\t',
                        b'u' => {
                            let mut cp = self.hex4()?;
                            if (0xD800..0xDC00).contains(&cp)
                                && self.s[self.at..].starts_with(b"\\u")
                            {
                                self.at += 2;
                                let lo = self.hex4()?;
                                if (0xDC00..0xE000).contains(&lo) {
                                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                                }
                            }
                            let ch = char::from_u32(cp).unwrap_or('\u{FFFD}');
                            let mut buf = [0u8; 4];
                            self.scratch
                                .extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                            continue;
                        }
                        _ => return Err(self.err("a bad escape")),
                    };
                    self.scratch.push(c);
                }
                _ => return Err(self.err("a control character in a string")),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let h = self
            .s
            .get(self.at..self.at + 4)
            .ok_or_else(|| self.err("a short \\u escape"))?;
        let mut v = 0u32;
        for &d in h {
            v = v * 16
                + u32::from(
                    crate::dump::literals::nibble(d).ok_or_else(|| self.err("a bad \\u escape"))?,
                );
        }
        self.at += 4;
        Ok(v)
    }
}

/// Appends a cell's canonical form, length-prefixed so that no two rows collide.
pub(super) fn push_canon(out: &mut Vec<u8>, v: &Canon) {
    match v {
        Canon::Null => out.push(0),
        Canon::Bytes(b) => {
            out.push(1);
            out.extend_from_slice(&(b.len() as u64).to_le_bytes());
            out.extend_from_slice(b);
        }
    }
}

/// Digests re-read target rows (in the target's syntax) canonically, to compare with
/// [`TableTranscoder::digest`](super::TableTranscoder::digest).
pub struct CanonicalDigest {
    dialect: Dialect,
    classes: Vec<Class>,
    cells: Vec<Cell>,
    canon: Vec<u8>,
    /// Row count and digest of the rows added so far, in canonical form.
    pub digest: TableDigest,
}

impl CanonicalDigest {
    /// A digest of rows of `dialect` with these columns, each cell read by the class of its
    /// column's declared type.
    pub fn new(dialect: Dialect, columns: &[ColumnHeader]) -> CanonicalDigest {
        CanonicalDigest {
            dialect,
            classes: columns
                .iter()
                .map(|c| classify(dialect, &c.data_type))
                .collect(),
            cells: Vec::new(),
            canon: Vec::new(),
            digest: TableDigest::default(),
        }
    }
}

impl crate::dump::snapshot::RowSink for CanonicalDigest {
    fn row(&mut self, encoded: &[u8]) -> crate::error::Result<()> {
        let bad =
            |e: String| crate::error::Error::Integrity(format!("re-reading a restored row: {e}"));
        decode_row(self.dialect, encoded, &mut self.cells).map_err(bad)?;
        self.canon.clear();
        for (cell, class) in self.cells.iter().zip(&self.classes) {
            let v = canonical(self.dialect, *class, cell).map_err(bad)?;
            push_canon(&mut self.canon, &v);
        }
        self.digest.add(&self.canon);
        Ok(())
    }
}
