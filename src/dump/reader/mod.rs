//! Reads a dump in one streaming pass and checks everything: magic line, header,
//! section order and framing, every row line, counter lines, the trailer's row counts,
//! table digests and the file digest, and that nothing follows the trailer.
//!
//! `verify` uses it alone; `restore` feeds the same events into a database. Lines that
//! dbshape did not write in exactly that shape (a smuggled statement, an edited table
//! name, a row value that is not a literal: see [`crate::dump::literals`]) are refused,
//! not passed on to an engine.
//!
//! The pass is cut where a dump's layout changes meaning: `framing` reads bounded,
//! numbered lines and keeps the file digest; `prelude` checks the magic line and the
//! header (all that [`read_header`] reads); `sections` follows everything from the
//! preamble to the trigger blocks, with `rows` checking each row line; `trailer` holds
//! the trailer against what was read.

mod framing;
mod prelude;
mod rows;
mod sections;
mod trailer;

use std::io::BufRead;

use crate::dump::codec::Compression;
use crate::dump::format::{Header, TableHeader, Trailer, TriggerDef, MAX_LINE, TRAILER_PREFIX};
use crate::error::{Error, Result};

use framing::Lines;
use prelude::Prelude;
use sections::Sections;

/// Receives the content of a dump as it is read.
pub trait Visitor {
    /// The header, once the magic line and the header are read and checked.
    fn header(&mut self, _header: &Header) -> Result<()> {
        Ok(())
    }
    /// A table's section starts; its rows follow.
    fn table_start(&mut self, _table: &TableHeader) -> Result<()> {
        Ok(())
    }
    /// One row as encoded in the dump (COPY text line, or the inside of a tuple).
    fn row(&mut self, _row: &[u8]) -> Result<()> {
        Ok(())
    }
    /// A table's section ended after `rows` row lines; counts and digests are held against
    /// the trailer once it is read.
    fn table_end(&mut self, _table: &TableHeader, _rows: u64) -> Result<()> {
        Ok(())
    }
}

/// A visitor that only checks.
pub struct CheckOnly;
impl Visitor for CheckOnly {}

/// What a complete, intact dump holds.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DumpSummary {
    /// The header, checked to be consistent (see [`Header::check_consistent`]).
    pub header: Header,
    /// The compression, detected from the first bytes of the file.
    pub compression: Compression,
    /// The trailer, whose row counts, digests and SHA-256 all matched what was read.
    pub trailer: Trailer,
    /// Uncompressed bytes.
    pub bytes: u64,
    /// SHA-256 (hex) of the header line without its line end: with the trailer's
    /// `sha256`, what a signature signs (see `dump::sign`).
    #[serde(skip)]
    pub header_sha256: String,
    /// The trigger definitions of the trigger blocks (MySQL, SQLite), each checked to be
    /// one `CREATE TRIGGER` statement of its trigger (see `dump::templates`). A restore
    /// compares them with the target's own and never runs them.
    #[serde(skip)]
    pub triggers: Vec<TriggerDef>,
}

/// Reads only the magic line and the header of a dump, without checking anything past
/// them: what a command needs to know about a dump before it touches a database (its
/// engine, its version). Both are checked exactly as [`read`] checks them; the whole dump
/// is checked by [`read`].
pub fn read_header(input: Box<dyn BufRead + Send + '_>) -> Result<Header> {
    Ok(prelude::read(&mut Lines::new(input))?.header)
}

/// Reads and checks the whole dump from `input` (already decompressed).
pub fn read(
    input: Box<dyn BufRead + Send + '_>,
    compression: Compression,
    visitor: &mut dyn Visitor,
) -> Result<DumpSummary> {
    let mut lines = Lines::new(input);
    let Prelude {
        header,
        header_sha256,
    } = prelude::read(&mut lines)?;
    visitor.header(&header)?;

    let mut sections = Sections::new(&header);
    let trailer: Trailer = loop {
        if !lines.next(sections.cap())? {
            return Err(Error::Integrity(format!(
                "the dump ends at line {} without its trailer: it is truncated",
                lines.number()
            )));
        }
        if let Some(json) = lines.body().strip_prefix(TRAILER_PREFIX.as_bytes()) {
            sections.check_complete(lines.number())?;
            let trailer = trailer::parse(lines.number(), json)?;
            lines.count_line();
            break trailer;
        }
        lines.digest_line();
        sections.line(visitor, lines.number(), lines.line())?;
    };
    let held = sections.held();

    // Nothing may follow the trailer.
    let trailer_line = lines.number();
    if lines.next(MAX_LINE)? {
        return Err(bad(lines.number(), "data after the trailer"));
    }
    let (sha, bytes) = lines.finish();
    trailer::check(&header, &trailer, trailer_line, &sha, &held)?;
    Ok(DumpSummary {
        header,
        compression,
        trailer,
        bytes,
        header_sha256,
        triggers: held.triggers,
    })
}

/// An integrity error that names the dump line it is about.
fn bad(lineno: u64, what: &str) -> Error {
    Error::Integrity(format!("dump line {lineno}: {what}"))
}
