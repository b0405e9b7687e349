//! The trailer: the last line of a dump, and the checks of everything read against it
//! (the file digest, each table's row count and digest, the counters).
//!
//! Apart from the sections because it is the one line the file digest does not cover
//! and the only place where the whole read is judged at once: a dump is intact only when
//! what the trailer says equals what the reader counted.

use sha2::{Digest, Sha256};

use super::bad;
use super::sections::Held;
use crate::dialect::Dialect;
use crate::dump::format::{Header, Trailer};
use crate::dump::templates;
use crate::error::{Error, Result};

/// Parses the trailer's JSON, from line `lineno`.
pub(super) fn parse(lineno: u64, json: &[u8]) -> Result<Trailer> {
    serde_json::from_slice(json).map_err(|e| bad(lineno, &format!("the trailer is not valid: {e}")))
}

/// Holds the trailer (line `trailer_line`) against the file digest `sha` and what the
/// sections held.
pub(super) fn check(
    header: &Header,
    trailer: &Trailer,
    trailer_line: u64,
    sha: &str,
    held: &Held,
) -> Result<()> {
    if sha != trailer.sha256 {
        return Err(Error::Integrity(format!(
            "the dump's SHA-256 is {sha} but its trailer (line {trailer_line}) says {}: the file was altered",
            trailer.sha256
        )));
    }
    if trailer.tables.len() != header.tables.len() {
        return Err(bad(
            trailer_line,
            "the trailer lists a different number of tables than the header",
        ));
    }
    for ((t, d), h) in trailer.tables.iter().zip(&held.digests).zip(&header.tables) {
        if t.name != h.name || t.schema != h.schema || t.rows != d.rows || t.digest != d.hex() {
            return Err(Error::Integrity(format!(
                "table `{}`: the dump holds {} rows with digest {}, the trailer says {} rows with digest {}",
                h.display_name(), d.rows, d.hex(), t.rows, t.digest
            )));
        }
    }
    let dialect = header.dialect;
    for c in &trailer.counters {
        templates::check_name("counter", &c.name).map_err(|w| bad(trailer_line, &w))?;
        // A MySQL or SQLite counter belongs to a table of the dump (PostgreSQL
        // sequences are objects of their own).
        if dialect != Dialect::Postgres
            && !header
                .tables
                .iter()
                .any(|t| t.name == c.name && t.schema.is_none())
        {
            return Err(bad(
                trailer_line,
                &format!("the counter of `{}` names no table of the dump", c.name),
            ));
        }
    }
    let mut rendered = Sha256::new();
    for c in &trailer.counters {
        rendered.update(c.render(dialect).as_bytes());
        rendered.update(b"\n");
    }
    if rendered.finalize()[..] != held.counter_lines[..] {
        return Err(bad(
            trailer_line,
            "the counter statements differ from the trailer's counters",
        ));
    }
    Ok(())
}
