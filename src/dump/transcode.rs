//! Values between engines: `restore` of a dump taken on one engine into a database of
//! another, shaped at the same version (docs/cross-engine.md has the type map).
//!
//! A dump's rows are in the source dialect's own syntax (a COPY text line on
//! PostgreSQL, the inside of a VALUES tuple on MySQL and SQLite). For another engine
//! each row is decoded into cells, each cell is read by the *target* column's class
//! (the same JSON text is `jsonb` on PostgreSQL and `longtext` on MariaDB; a MariaDB
//! `tinyint(1)` is a PostgreSQL `boolean`), checked against what the target can hold,
//! and written in the target's syntax, exactly as the target's own dump would load.
//!
//! Verification across engines. The dump's per-table digests are over the source
//! syntax, so they cannot be compared with a re-read of another engine. The reader
//! still checks every source row against the trailer (nothing unverified is loaded);
//! while converting, each row's *canonical* form (every cell normalized by the target
//! class: booleans as 0/1, JSON by value (a hash blind to key order and spacing),
//! floats by value, time stamps without a UTC offset or trailing fraction zeros) is
//! digested; after loading, the target's
//! rows are re-read in the target's syntax, decoded and normalized the same way, and
//! both digests must agree. So a MariaDB dump's verified rows are what a PostgreSQL
//! restore must hold, cell by cell, up to the documented normalization.

use crate::dialect::Dialect;
use crate::dump::digest::TableDigest;
use crate::dump::format::{ColumnHeader, Counter, TableHeader};
use crate::dump::literals::{decode_row, mysql, postgres, push_lower_hex, sqlite, unhex, Cell};

/// What a column holds, as far as moving values between engines is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// An integer of `bits` bits, signed or not.
    Int {
        bits: u8,
        unsigned: bool,
    },
    Bool,
    Float,
    /// Exact numbers (`numeric`, `decimal`).
    Decimal,
    Json,
    Binary,
    Date,
    /// Date and time (`timestamp`, `timestamptz`, `datetime`).
    DateTime,
    Time,
    /// Text and anything else, moved as its text.
    Text,
}

/// The class of a declared type on a dialect.
pub fn classify(dialect: Dialect, declared: &str) -> Class {
    let t = declared.trim().to_ascii_lowercase();
    let unsigned = t.contains("unsigned");
    let base = t.split(['(', ' ']).next().unwrap_or_default();
    match (dialect, base) {
        (Dialect::Mysql, "tinyint") if t.starts_with("tinyint(1)") && !unsigned => Class::Bool,
        (_, "tinyint") => Class::Int { bits: 8, unsigned },
        (_, "smallint" | "int2") => Class::Int { bits: 16, unsigned },
        (_, "mediumint") => Class::Int { bits: 24, unsigned },
        (_, "int" | "integer" | "int4" | "serial") => Class::Int {
            // SQLite's INTEGER is 64 bits.
            bits: if dialect == Dialect::Sqlite { 64 } else { 32 },
            unsigned,
        },
        (_, "bigint" | "int8" | "bigserial") => Class::Int { bits: 64, unsigned },
        (_, "boolean" | "bool") => Class::Bool,
        (_, "real" | "float" | "float4" | "float8" | "double") => Class::Float,
        (_, "numeric" | "decimal") => Class::Decimal,
        (_, "json" | "jsonb") => Class::Json,
        (_, "bytea" | "blob" | "tinyblob" | "mediumblob" | "longblob" | "binary" | "varbinary") => {
            Class::Binary
        }
        (_, "date") => Class::Date,
        (_, "timestamp" | "timestamptz" | "datetime") => Class::DateTime,
        (_, "time" | "timetz") => Class::Time,
        _ => Class::Text,
    }
}

/// A value in its canonical form, read by a class.
#[derive(Debug, Clone, PartialEq)]
pub enum Canon {
    Null,
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

/// Writes a canonical value in the target's row syntax; `Err` when the target cannot
/// hold it. `original` is the source cell, used where the target keeps text exactly
/// (JSON: PostgreSQL's `json` keeps the text it is given).
fn encode(
    target: Dialect,
    class: Class,
    value: &Canon,
    original: &Cell,
    out: &mut Vec<u8>,
) -> Result<(), String> {
    let b = match value {
        Canon::Null => {
            out.extend_from_slice(match target {
                Dialect::Postgres => b"\\N",
                _ => b"NULL",
            });
            return Ok(());
        }
        Canon::Bytes(b) => b,
    };
    let bytes: &[u8] = match (class, original) {
        (Class::Json, Cell::Text(t)) => t,
        _ => b,
    };
    if let Class::Int { bits, unsigned } = class {
        let n: i128 = std::str::from_utf8(b)
            .ok()
            .and_then(|s| s.parse().ok())
            .ok_or("not an integer")?;
        let (lo, hi) = if unsigned {
            (0i128, (1i128 << bits) - 1)
        } else {
            (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1)
        };
        if n < lo || n > hi {
            return Err(format!(
                "{n} is out of the range of the target column ({lo} to {hi})"
            ));
        }
    }
    match target {
        Dialect::Postgres => {
            match class {
                Class::Binary => {
                    out.extend_from_slice(b"\\\\x");
                    push_lower_hex(out, bytes);
                    return Ok(());
                }
                Class::Bool => {
                    out.push(if bytes == b"1" { b't' } else { b'f' });
                    return Ok(());
                }
                Class::Date | Class::DateTime if bytes.starts_with(b"0000-00-00") => {
                    return Err("a zero date, which PostgreSQL cannot hold".into())
                }
                _ => {}
            }
            if bytes.contains(&0) {
                return Err("a NUL character, which PostgreSQL text cannot hold".into());
            }
            if std::str::from_utf8(bytes).is_err() {
                return Err("bytes that are not UTF-8, which PostgreSQL text cannot hold".into());
            }
            postgres::push_text(out, bytes);
        }
        Dialect::Mysql => match class {
            Class::Binary => mysql::push_hex(out, bytes),
            Class::Int { .. } | Class::Bool | Class::Decimal => out.extend_from_slice(bytes),
            Class::Float => {
                if bytes == b"NaN" || bytes.ends_with(b"Infinity") {
                    return Err(format!(
                        "{}, which MySQL cannot hold",
                        String::from_utf8_lossy(bytes)
                    ));
                }
                out.extend_from_slice(bytes);
            }
            // Written as the MySQL snapshot writes its own values.
            _ => mysql::push_quoted(out, bytes),
        },
        Dialect::Sqlite => match class {
            Class::Binary => {
                out.extend_from_slice(b"X'");
                push_lower_hex(out, bytes);
                out.push(b'\'');
            }
            Class::Int { .. } | Class::Bool => out.extend_from_slice(bytes),
            Class::Float => match bytes {
                b"NaN" => return Err("NaN, which SQLite cannot hold".into()),
                b"Infinity" => out.extend_from_slice(b"9e999"),
                b"-Infinity" => out.extend_from_slice(b"-9e999"),
                _ => out.extend_from_slice(bytes),
            },
            _ if bytes.contains(&0) || std::str::from_utf8(bytes).is_err() => {
                out.extend_from_slice(b"CAST(X'");
                push_lower_hex(out, bytes);
                out.extend_from_slice(b"' AS TEXT)");
            }
            _ => sqlite::push_quoted(out, bytes),
        },
    }
    Ok(())
}

/// What to do with a value the target cannot hold.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Unrepresentable {
    /// Stop the restore before anything is committed, naming table, column and row.
    #[default]
    Error,
    /// Store NULL instead and count it in the report.
    Null,
}

/// Converts the rows of one table from the dump's dialect to the target's, and digests
/// their canonical form.
pub struct TableTranscoder {
    table: String,
    source: Dialect,
    target: Dialect,
    columns: Vec<(String, Class)>,
    policy: Unrepresentable,
    cells: Vec<Cell>,
    row: Vec<u8>,
    canon: Vec<u8>,
    /// Rows converted so far.
    pub rows: u64,
    /// Canonical digest of the converted rows.
    pub digest: TableDigest,
    /// Values stored as NULL under `Unrepresentable::Null`.
    pub nulled: u64,
}

impl TableTranscoder {
    /// For a table of the dump and the same table's columns on the target, in the
    /// dump's column order (`dump::names` matched them, by name or by case).
    pub fn new(
        source: Dialect,
        target: Dialect,
        table: &TableHeader,
        target_columns: &[ColumnHeader],
        policy: Unrepresentable,
    ) -> TableTranscoder {
        TableTranscoder {
            table: table.name.clone(),
            source,
            target,
            columns: target_columns
                .iter()
                .map(|c| (c.name.clone(), classify(target, &c.data_type)))
                .collect(),
            policy,
            cells: Vec::new(),
            row: Vec::new(),
            canon: Vec::new(),
            rows: 0,
            digest: TableDigest::default(),
            nulled: 0,
        }
    }

    /// Converts a chunk of row lines (each ended by `\n`) into the target's syntax.
    pub fn convert_chunk(&mut self, chunk: &[u8]) -> crate::error::Result<Vec<u8>> {
        let mut out = Vec::with_capacity(chunk.len() + chunk.len() / 8);
        for line in chunk.split(|&b| b == b'\n') {
            if line.is_empty() {
                continue;
            }
            self.convert_row(line)?;
            out.extend_from_slice(&self.row);
            out.push(b'\n');
        }
        Ok(out)
    }

    fn fail(&self, column: Option<&str>, why: &str) -> crate::error::Error {
        let at = match column {
            Some(c) => format!(
                "column `{c}` of row {} of table `{}`",
                self.rows + 1,
                self.table
            ),
            None => format!("row {} of table `{}`", self.rows + 1, self.table),
        };
        crate::error::Error::Unrepresentable(format!(
            "{at}: {why}; nothing was committed. Fix the value on the source, or restore with \
             --unrepresentable null to store NULL instead (docs/cross-engine.md)"
        ))
    }

    fn convert_row(&mut self, line: &[u8]) -> crate::error::Result<()> {
        decode_row(self.source, line, &mut self.cells).map_err(|e| self.fail(None, &e))?;
        if self.cells.len() != self.columns.len() {
            return Err(self.fail(
                None,
                &format!(
                    "{} values for {} columns",
                    self.cells.len(),
                    self.columns.len()
                ),
            ));
        }
        self.row.clear();
        self.canon.clear();
        for i in 0..self.cells.len() {
            let (name, class) = (&self.columns[i].0, self.columns[i].1);
            let cell = &self.cells[i];
            if i > 0 {
                self.row.push(if self.target == Dialect::Postgres {
                    b'\t'
                } else {
                    b','
                });
            }
            let converted = canonical(self.source, class, cell).and_then(|c| {
                let mut enc = Vec::new();
                encode(self.target, class, &c, cell, &mut enc).map(|()| (c, enc))
            });
            let (value, enc) = match converted {
                Ok(ok) => ok,
                Err(why) if self.policy == Unrepresentable::Null => {
                    let _ = why;
                    self.nulled += 1;
                    let mut enc = Vec::new();
                    encode(self.target, class, &Canon::Null, &Cell::Null, &mut enc)
                        .map_err(|e| self.fail(Some(name), &e))?;
                    (Canon::Null, enc)
                }
                Err(why) => return Err(self.fail(Some(name), &why)),
            };
            self.row.extend_from_slice(&enc);
            push_canon(&mut self.canon, &value);
        }
        self.digest.add(&self.canon);
        self.rows += 1;
        Ok(())
    }
}

/// Appends a cell's canonical form, length-prefixed so that no two rows collide.
fn push_canon(out: &mut Vec<u8>, v: &Canon) {
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
/// [`TableTranscoder::digest`].
pub struct CanonicalDigest {
    dialect: Dialect,
    classes: Vec<Class>,
    cells: Vec<Cell>,
    canon: Vec<u8>,
    pub digest: TableDigest,
}

impl CanonicalDigest {
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

impl crate::dump::source::RowSink for CanonicalDigest {
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

/// The next value of each table's counter, from a dump's counters: PostgreSQL names a
/// sequence (`<table>_<column>_seq`, as `serial` and identity columns name theirs),
/// MySQL and SQLite name the table.
pub fn next_values(
    source: Dialect,
    counters: &[Counter],
    tables: &[TableHeader],
) -> Vec<(String, i64)> {
    let mut out = Vec::new();
    for c in counters {
        let (table, next) = match source {
            Dialect::Postgres => {
                let name = c
                    .name
                    .rsplit('.')
                    .next()
                    .unwrap_or(&c.name)
                    .trim_matches('"');
                let owner = tables.iter().find(|t| {
                    t.columns
                        .iter()
                        .any(|col| name == format!("{}_{}_seq", t.name, col.name))
                });
                match owner {
                    Some(t) => (t.name.clone(), if c.called { c.value + 1 } else { c.value }),
                    None => continue,
                }
            }
            Dialect::Mysql => (c.name.clone(), c.value),
            Dialect::Sqlite => (c.name.clone(), c.value + 1),
        };
        out.push((table, next));
    }
    out
}

/// A PostgreSQL sequence that numbers a table's column, and the highest value that
/// column holds after the load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sequence {
    pub name: String,
    pub max: i64,
}

/// The counters that give each table its next value on `target`: the source's next
/// value from `next`, and on PostgreSQL never below the highest id loaded (a source
/// table numbered without a counter, like a SQLite `INTEGER PRIMARY KEY`, still gets
/// its sequence moved past its rows; MySQL and SQLite move their counters past
/// explicitly inserted ids themselves). `sequences` maps a PostgreSQL table to its
/// sequence.
pub fn target_counters(
    target: Dialect,
    next: &[(String, i64)],
    sequences: &std::collections::BTreeMap<String, Sequence>,
) -> Vec<Counter> {
    if target == Dialect::Postgres {
        let wanted: std::collections::BTreeMap<&str, i64> =
            next.iter().map(|(t, n)| (t.as_str(), *n)).collect();
        return sequences
            .iter()
            .map(|(table, seq)| {
                let n = wanted
                    .get(table.as_str())
                    .copied()
                    .unwrap_or(1)
                    .max(seq.max.saturating_add(1));
                Counter {
                    name: seq.name.clone(),
                    value: (n - 1).max(1),
                    called: n > 1,
                }
            })
            .collect();
    }
    next.iter()
        .map(|(table, n)| Counter {
            name: table.clone(),
            value: if target == Dialect::Mysql { *n } else { *n - 1 },
            called: false,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(d: Dialect, line: &str) -> Vec<Cell> {
        let mut out = Vec::new();
        decode_row(d, line.as_bytes(), &mut out).unwrap();
        out
    }

    fn t(s: &str) -> Cell {
        Cell::Text(s.as_bytes().to_vec())
    }

    #[test]
    fn classes_of_the_bundled_schemas_types() {
        use Class::*;
        assert_eq!(classify(Dialect::Mysql, "tinyint(1)"), Bool);
        assert_eq!(classify(Dialect::Postgres, "boolean"), Bool);
        assert_eq!(
            classify(Dialect::Mysql, "bigint(20) unsigned"),
            Int {
                bits: 64,
                unsigned: true
            }
        );
        assert_eq!(classify(Dialect::Postgres, "jsonb"), Json);
        assert_eq!(classify(Dialect::Mysql, "longtext"), Text);
        assert_eq!(classify(Dialect::Postgres, "character varying(36)"), Text);
        assert_eq!(
            classify(Dialect::Postgres, "timestamp with time zone"),
            DateTime
        );
        assert_eq!(
            classify(Dialect::Sqlite, "INTEGER"),
            Int {
                bits: 64,
                unsigned: false
            }
        );
        assert_eq!(classify(Dialect::Mysql, "varbinary(16)"), Binary);
    }

    #[test]
    fn each_dialect_decodes_its_own_literals() {
        assert_eq!(
            cells(Dialect::Postgres, "1\t\\N\ta\\tb\\\\c\\n\t\\\\x00ff"),
            vec![t("1"), Cell::Null, t("a\tb\\c\n"), t("\\x00ff")]
        );
        assert_eq!(
            cells(Dialect::Mysql, "1,NULL,'it\\'s\\0,x',0x00ff,X'',-2.5e3"),
            vec![
                t("1"),
                Cell::Null,
                Cell::Text(b"it's\0,x".to_vec()),
                Cell::Bytes(vec![0, 255]),
                Cell::Bytes(vec![]),
                t("-2.5e3")
            ]
        );
        assert_eq!(
            cells(Dialect::Sqlite, "1,NULL,'it''s',X'00ff',1.5"),
            vec![
                t("1"),
                Cell::Null,
                t("it's"),
                Cell::Bytes(vec![0, 255]),
                Cell::Real(1.5)
            ]
        );
    }

    #[test]
    fn json_hash_is_the_value_not_the_text() {
        let same = [
            r#"{"b": [1, 2.0, {"x": null}], "a": "é\"\u00e9", "c": true}"#,
            r#"{"c":true,"a":"é\"é","b":[1,2,{"x":null}]}"#,
            "{ \"a\" : \"\\u00e9\\\"\\u00e9\" , \"c\":true, \"b\":[1e0,2,{\"x\":null}] }",
        ];
        let h: Vec<u128> = same
            .iter()
            .map(|t| json_hash(t.as_bytes()).unwrap())
            .collect();
        assert_eq!(h[0], h[1]);
        assert_eq!(h[0], h[2]);
        for other in [
            r#"{"b": [2, 1, {"x": null}], "a": "é\"é", "c": true}"#,
            r#"{"b": [1, 2, {"x": null}], "a": "é\"é", "c": false}"#,
            r#"{"b": [1, 2, {"y": null}], "a": "é\"é", "c": true}"#,
            r#"{"b": [1, 2, {"x": null}], "a": "é\"é"}"#,
            r#"{"b": [1, 2, {"x": null}], "a": "e\"é", "c": true}"#,
            r#"{"b": [1, 2, {"x": "null"}], "a": "é\"é", "c": true}"#,
        ] {
            assert_ne!(json_hash(other.as_bytes()).unwrap(), h[0], "{other}");
        }
        // Surrogate pairs are one character.
        assert_eq!(
            json_hash("\"\\ud83d\\ude00\"".as_bytes()).unwrap(),
            json_hash("\"😀\"".as_bytes()).unwrap()
        );
        for bad in [
            "",
            "{",
            "[1,]",
            "{\"a\" 1}",
            "\"x",
            "tru",
            "1 2",
            "{\"a\":1,}",
        ] {
            assert!(json_hash(bad.as_bytes()).is_err(), "{bad}");
        }
    }

    #[test]
    fn canonical_forms_agree_across_engines() {
        let json_pg = t(r#"{"b": [1, 2], "a": "x"}"#);
        let json_my = t(r#"{"a":"x","b":[1,2]}"#);
        assert_eq!(
            canonical(Dialect::Postgres, Class::Json, &json_pg),
            canonical(Dialect::Mysql, Class::Json, &json_my)
        );
        assert_eq!(
            canonical(Dialect::Postgres, Class::Bool, &t("t")),
            canonical(Dialect::Mysql, Class::Bool, &t("1"))
        );
        assert_eq!(
            canonical(
                Dialect::Postgres,
                Class::DateTime,
                &t("2024-05-01 10:00:00.120+00")
            ),
            canonical(
                Dialect::Mysql,
                Class::DateTime,
                &t("2024-05-01 10:00:00.120000")
            )
        );
        assert_eq!(
            canonical(Dialect::Postgres, Class::Binary, &t("\\x00ff")),
            canonical(Dialect::Mysql, Class::Binary, &Cell::Bytes(vec![0, 255]))
        );
        assert_eq!(
            canonical(Dialect::Mysql, Class::Decimal, &t("1.50")),
            canonical(Dialect::Sqlite, Class::Decimal, &Cell::Real(1.5))
        );
    }

    fn convert(
        source: Dialect,
        target: Dialect,
        types: &[&str],
        line: &str,
    ) -> Result<String, String> {
        let cols: Vec<ColumnHeader> = types
            .iter()
            .enumerate()
            .map(|(i, ty)| ColumnHeader {
                name: format!("c{i}"),
                data_type: ty.to_string(),
            })
            .collect();
        let table = TableHeader {
            name: "t".into(),
            schema: None,
            columns: cols.clone(),
            partition_of: None,
        };
        let mut tc = TableTranscoder::new(source, target, &table, &cols, Unrepresentable::Error);
        let out = tc
            .convert_chunk(format!("{line}\n").as_bytes())
            .map_err(|e| e.to_string())?;
        // The converted row reads back to the same canonical digest.
        let mut back = CanonicalDigest::new(target, &cols);
        crate::dump::source::RowSink::row(&mut back, out.strip_suffix(b"\n").unwrap()).unwrap();
        assert_eq!(back.digest, tc.digest, "{line}");
        Ok(String::from_utf8(out).unwrap().trim_end().to_string())
    }

    #[test]
    fn rows_convert_between_every_pair() {
        let line = "7,'it''s',1,X'00ff'";
        assert_eq!(
            convert(
                Dialect::Sqlite,
                Dialect::Postgres,
                &["bigint", "text", "boolean", "bytea"],
                line
            )
            .unwrap(),
            "7\tit's\tt\t\\\\x00ff"
        );
        assert_eq!(
            convert(
                Dialect::Postgres,
                Dialect::Mysql,
                &["bigint(20)", "longtext", "tinyint(1)", "blob"],
                "7\tit's\\n\tt\t\\\\x00ff"
            )
            .unwrap(),
            "7,'it\\'s\\n',1,0x00ff"
        );
        assert_eq!(
            convert(
                Dialect::Mysql,
                Dialect::Sqlite,
                &["INTEGER", "TEXT", "INTEGER", "BLOB"],
                "7,'a\\0b',1,0x00ff"
            )
            .unwrap(),
            "7,CAST(X'610062' AS TEXT),1,X'00ff'"
        );
    }

    #[test]
    fn values_the_target_cannot_hold_name_table_column_and_row() {
        let e = convert(
            Dialect::Mysql,
            Dialect::Postgres,
            &["timestamp"],
            "'0000-00-00 00:00:00'",
        )
        .unwrap_err();
        assert!(
            e.contains("column `c0` of row 1 of table `t`") && e.contains("zero date"),
            "{e}"
        );
        let e = convert(Dialect::Mysql, Dialect::Postgres, &["text"], "'a\\0b'").unwrap_err();
        assert!(e.contains("NUL"), "{e}");
        let e = convert(
            Dialect::Mysql,
            Dialect::Postgres,
            &["bigint"],
            "18446744073709551615",
        )
        .unwrap_err();
        assert!(e.contains("out of the range"), "{e}");
    }

    #[test]
    fn counters_move_by_table() {
        let tables = vec![TableHeader {
            name: "settings".into(),
            schema: None,
            columns: vec![ColumnHeader {
                name: "id".into(),
                data_type: "integer".into(),
            }],
            partition_of: None,
        }];
        let pg = vec![Counter {
            name: "settings_id_seq".into(),
            value: 3,
            called: true,
        }];
        let next = next_values(Dialect::Postgres, &pg, &tables);
        assert_eq!(next, vec![("settings".to_string(), 4)]);
        let my = target_counters(Dialect::Mysql, &next, &Default::default());
        assert_eq!(my[0].value, 4);
        let sq = target_counters(Dialect::Sqlite, &next, &Default::default());
        assert_eq!(sq[0].value, 3);
        assert_eq!(next_values(Dialect::Sqlite, &sq, &tables), next);
        let seq = |max| Sequence {
            name: "settings_id_seq".into(),
            max,
        };
        let seqs = [("settings".to_string(), seq(3))].into();
        assert_eq!(target_counters(Dialect::Postgres, &next, &seqs), pg);
        // Rows above the source's counter, or no counter at all: past the rows.
        let seqs = [("settings".to_string(), seq(9))].into();
        assert_eq!(target_counters(Dialect::Postgres, &next, &seqs)[0].value, 9);
        let counters = target_counters(Dialect::Postgres, &[], &seqs);
        assert_eq!((counters[0].value, counters[0].called), (9, true));
        let empty = [("settings".to_string(), seq(0))].into();
        let counters = target_counters(Dialect::Postgres, &[], &empty);
        assert_eq!((counters[0].value, counters[0].called), (1, false));
    }
}
