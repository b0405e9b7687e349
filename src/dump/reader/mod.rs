//! Reads a dump in one streaming pass and checks everything: magic line, header,
//! section order and framing, every row line, counter lines, the trailer's row counts,
//! table digests and the file digest, and that nothing follows the trailer.
//!
//! `verify` uses it alone; `restore` feeds the same events into a database. Lines that
//! dbshape did not write in exactly that shape (a smuggled statement, an edited table
//! name, a row value that is not a literal: see [`crate::dump::literals`]) are refused,
//! not passed on to an engine.

use std::io::BufRead;

use sha2::{Digest, Sha256};

use crate::dialect::Dialect;
use crate::dump::codec::Compression;
use crate::dump::digest::TableDigest;
use crate::dump::format::{
    self, Header, TableHeader, TableMarker, Trailer, TriggerDef, COPY_END, COUNTERS_MARKER,
    END_MARKER, HEADER_PREFIX, MAGIC_PREFIX, MAX_LINE, MAX_MAGIC_LINE, MAX_ROW_LINE,
    READABLE_VERSIONS, TABLE_PREFIX, TRAILER_PREFIX,
};
use crate::dump::literals;
use crate::dump::templates;
use crate::error::{Error, Result};

/// Receives the content of a dump as it is read.
pub trait Visitor {
    fn header(&mut self, _header: &Header) -> Result<()> {
        Ok(())
    }
    fn table_start(&mut self, _table: &TableHeader) -> Result<()> {
        Ok(())
    }
    /// One row as encoded in the dump (COPY text line, or the inside of a tuple).
    fn row(&mut self, _row: &[u8]) -> Result<()> {
        Ok(())
    }
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
    pub header: Header,
    pub compression: Compression,
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

enum State {
    /// Before the prepare marker: the index of the next expected preamble line.
    Preamble(usize),
    /// In the prepare block; the index of the next expected line.
    Prepare(usize),
    /// In a table section; `opened`: the COPY line or an INSERT line is open.
    Table {
        index: usize,
        opened: bool,
    },
    Counters,
    /// After the end marker: the index of the next expected finish line.
    Finish(usize),
    /// Inside a trigger block: its lines so far, and their bytes.
    Trigger(Vec<Vec<u8>>, usize),
    /// After the trigger blocks: the index of the next expected postamble line.
    Postamble(usize),
}

/// What to do with a file that is not a dbshape dump (one of another tool, most often).
const NOT_A_DUMP_HINT: &str =
    "dbshape verifies and restores only files written by `dbshape backup`; \
     load a dump of pg_dump, mysqldump or sqlite3 .dump with that engine's own client";

/// Reads only the magic line and the header of a dump, without checking anything past
/// them: what a command needs to know about a dump before it touches a database (its
/// engine, its version). The whole dump is checked by [`read`].
pub fn read_header(input: Box<dyn BufRead + Send + '_>) -> Result<Header> {
    struct Stop(Option<Header>);
    impl Visitor for Stop {
        fn header(&mut self, header: &Header) -> Result<()> {
            self.0 = Some(header.clone());
            // Ends the read right after the header: nothing past it is needed.
            Err(Error::Integrity(String::new()))
        }
    }
    let mut stop = Stop(None);
    let result = read(input, Compression::None, &mut stop);
    match (stop.0, result) {
        (Some(header), _) => Ok(header),
        (None, Err(e)) => Err(e),
        (None, Ok(summary)) => Ok(summary.header),
    }
}

/// Reads and checks the whole dump from `input` (already decompressed).
pub fn read(
    mut input: Box<dyn BufRead + Send + '_>,
    compression: Compression,
    visitor: &mut dyn Visitor,
) -> Result<DumpSummary> {
    let mut hasher = Sha256::new();
    let mut line = Vec::with_capacity(1 << 16);
    let mut lineno = 0u64;
    let mut bytes = 0u64;
    let bad = |lineno: u64, what: &str| Error::Integrity(format!("dump line {lineno}: {what}"));

    // Reads one line (with its newline) into `line`, at most `cap` bytes before its line
    // end; false at end of input. A longer line is refused as soon as it passes the
    // cap, before the rest of it is read or held.
    let mut next = |line: &mut Vec<u8>, lineno: &mut u64, cap: usize| -> Result<bool> {
        let got = read_line(&mut input, line, cap).map_err(|e| {
            // A download that failed is a transfer problem, not a damaged dump.
            if let Some(failed) = crate::dump::object::transfer_failure("read the dump from", &e) {
                return failed;
            }
            if e.kind() == std::io::ErrorKind::OutOfMemory {
                return Error::db(format!("cannot read dump line {}", *lineno + 1), e);
            }
            let at = match *lineno {
                0 => "before its first line".to_string(),
                n => format!("after line {n}"),
            };
            Error::Integrity(format!(
                "cannot read the dump {at}: {e}: a compressed file cut short (a copy, download or backup that did not finish) or a file that is not a dump; use another copy, or take a new backup"
            ))
        })?;
        match got {
            Line::Eof => return Ok(false),
            Line::TooLong => {
                let what = if cap == MAX_ROW_LINE {
                    "the most a row line may hold, since no engine loads a longer row back"
                } else {
                    "the most a line outside the table data may hold"
                };
                return Err(Error::Integrity(format!(
                    "dump line {} is longer than {} bytes, {what}: the dump is damaged, or was not written by dbshape",
                    *lineno + 1,
                    cap
                )));
            }
            Line::Read => {}
        }
        *lineno += 1;
        if line.last() != Some(&b'\n') {
            return Err(Error::Integrity(format!(
                "dump line {lineno} has no line end: the dump is truncated"
            )));
        }
        Ok(true)
    };

    // Magic line. A first line longer than any magic line is another file's.
    let first_cap = MAX_MAGIC_LINE;
    let first_read = next(&mut line, &mut lineno, first_cap).map_err(|e| match e {
        Error::Integrity(m) if m.starts_with("dump line 1 is longer") => Error::Integrity(format!(
            "not a dbshape dump: the first line is longer than {first_cap} bytes, not `-- dbshape dump format N`\n{NOT_A_DUMP_HINT}"
        )),
        e => e,
    })?;
    if !first_read {
        return Err(Error::Integrity(
            "the dump is empty\nit holds no bytes (after decompression), so it was never written completely; verify another backup or take a new one".into(),
        ));
    }
    let first = String::from_utf8_lossy(&line[..line.len() - 1]).into_owned();
    let version: u32 = first
        .strip_prefix(MAGIC_PREFIX)
        .and_then(|v| v.trim().parse().ok())
        .ok_or_else(|| {
            Error::Integrity(format!(
                "not a dbshape dump: the first line is not `-- dbshape dump format N`\n{NOT_A_DUMP_HINT}"
            ))
        })?;
    if !READABLE_VERSIONS.contains(&version) {
        return Err(Error::Integrity(format!(
            "dump format {version} is newer than this dbshape reads ({READABLE_VERSIONS:?}); use a newer dbshape"
        )));
    }
    hasher.update(&line);
    bytes += line.len() as u64;

    // Header.
    if !next(&mut line, &mut lineno, MAX_LINE)? {
        return Err(bad(
            lineno + 1,
            "the header is missing: the dump is truncated",
        ));
    }
    let text = std::str::from_utf8(&line[..line.len() - 1])
        .map_err(|_| bad(lineno, "the header is not UTF-8"))?;
    let json = text
        .strip_prefix(HEADER_PREFIX)
        .ok_or_else(|| bad(lineno, "expected the `-- dbshape:header` line"))?;
    let header: Header = serde_json::from_str(json)
        .map_err(|e| bad(lineno, &format!("the header is not valid: {e}")))?;
    if header.format_version != version {
        return Err(bad(
            lineno,
            "the header's format version differs from the first line's",
        ));
    }
    header
        .check_consistent()
        .map_err(|w| bad(lineno, &format!("the header contradicts itself: {w}")))?;
    templates::check_header_names(&header).map_err(|w| bad(lineno, &w))?;
    hasher.update(&line);
    bytes += line.len() as u64;
    let header_sha256 = hex::encode(Sha256::digest(&line[..line.len() - 1]));
    visitor.header(&header)?;
    let dialect = header.dialect;

    let preamble = templates::preamble(dialect);
    let postamble = templates::postamble(dialect);
    let prepare = templates::prepare_lines(&header);
    let finish = templates::finish_lines(&header);
    let mut triggers: Vec<TriggerDef> = Vec::new();
    let mut state = State::Preamble(0);
    let mut digests: Vec<TableDigest> = Vec::new();
    // The counter lines, compared with the trailer's counters at the end: hashed, not
    // kept, so that a dump with endless counter lines costs no memory.
    let mut counter_lines = Sha256::new();
    let mut expected_table = 0usize;
    let trailer: Trailer;
    loop {
        let cap = match state {
            State::Table { .. } => MAX_ROW_LINE,
            _ => MAX_LINE,
        };
        if !next(&mut line, &mut lineno, cap)? {
            return Err(Error::Integrity(format!(
                "the dump ends at line {lineno} without its trailer: it is truncated"
            )));
        }
        let body = &line[..line.len() - 1];
        if let Some(json) = body.strip_prefix(TRAILER_PREFIX.as_bytes()) {
            let complete = match state {
                State::Finish(k) => k == finish.len() && postamble.is_empty(),
                State::Postamble(k) => k == postamble.len(),
                _ => false,
            };
            if !complete || triggers.len() != header.triggers.len() {
                return Err(bad(
                    lineno,
                    "the trailer comes before the end of the data: sections are missing",
                ));
            }
            trailer = serde_json::from_slice(json)
                .map_err(|e| bad(lineno, &format!("the trailer is not valid: {e}")))?;
            bytes += line.len() as u64;
            break;
        }
        hasher.update(&line);
        bytes += line.len() as u64;
        // Section markers may appear only between statements.
        let between = match state {
            State::Table { opened, .. } => !opened,
            State::Trigger(..) => false,
            _ => true,
        };
        if let State::Prepare(k) = state {
            if k < prepare.len() {
                if body != prepare[k].as_bytes() {
                    return Err(bad(
                        lineno,
                        &format!("expected `{}` in the prepare block", prepare[k]),
                    ));
                }
                state = State::Prepare(k + 1);
                continue;
            }
        }
        if between && body.starts_with(TABLE_PREFIX.as_bytes()) {
            if let State::Table { index, .. } = state {
                end_table(visitor, &header, index, &digests)?;
            }
            match state {
                State::Prepare(k) if k == prepare.len() => {}
                State::Table { .. } => {}
                State::Preamble(_) | State::Prepare(_) => {
                    return Err(bad(
                        lineno,
                        "a table section before the complete prepare block",
                    ))
                }
                _ => return Err(bad(lineno, "a table section after the counters")),
            }
            let marker: TableMarker = serde_json::from_slice(&body[TABLE_PREFIX.len()..])
                .map_err(|e| bad(lineno, &format!("bad table marker: {e}")))?;
            let found = format::display_name(marker.schema.as_deref(), &marker.name);
            let Some(table) = header.tables.get(expected_table) else {
                return Err(bad(
                    lineno,
                    &format!("table `{found}` is not in the header"),
                ));
            };
            if table.name != marker.name || table.schema != marker.schema {
                return Err(bad(
                    lineno,
                    &format!(
                    "expected table `{}` here, found `{found}`: sections are missing or out of order",
                    table.display_name()
                ),
                ));
            }
            digests.push(TableDigest::default());
            visitor.table_start(table)?;
            state = State::Table {
                index: expected_table,
                opened: false,
            };
            expected_table += 1;
            continue;
        }
        if between && body == COUNTERS_MARKER.as_bytes() {
            match state {
                State::Table { index, .. } => end_table(visitor, &header, index, &digests)?,
                State::Prepare(k) if k == prepare.len() => {}
                _ => return Err(bad(lineno, "the counters come before the data")),
            }
            if expected_table != header.tables.len() {
                return Err(bad(
                    lineno,
                    &format!(
                        "{} of the header's {} tables have a section: the dump is incomplete",
                        expected_table,
                        header.tables.len()
                    ),
                ));
            }
            state = State::Counters;
            continue;
        }
        match &mut state {
            State::Preamble(k) => {
                if let Some(expected) = preamble.get(*k) {
                    expect_template(lineno, body, expected, "in the preamble")?;
                    *k += 1;
                } else {
                    expect_template(lineno, body, format::PREPARE_MARKER, "after the preamble")?;
                    state = State::Prepare(0);
                }
            }
            State::Prepare(_) => {
                return Err(bad(lineno, "unexpected line after the prepare block"));
            }
            State::Table { index, opened } => {
                let table = &header.tables[*index];
                if !*opened {
                    // Rendered only where it is checked: once per INSERT batch, not per row.
                    let opening = format::data_opening(dialect, table);
                    if body != opening.as_bytes() {
                        return Err(bad(
                            lineno,
                            &format!("expected `{opening}` for table `{}`", table.display_name()),
                        ));
                    }
                    *opened = true;
                    continue;
                }
                if dialect == Dialect::Postgres {
                    if body == COPY_END.as_bytes() {
                        *opened = false;
                        continue;
                    }
                    literals::postgres::check_row(body).map_err(|at| {
                        bad(
                            lineno,
                            &format!(
                                "the row holds the escape `{}` at byte {}, which PostgreSQL's COPY never writes; a psql replay could take it for one of its own commands, so the dump was altered or not written by dbshape",
                                String::from_utf8_lossy(&body[at..(at + 2).min(body.len())]),
                                at + 1
                            ),
                        )
                    })?;
                    digests[*index].add(body);
                    visitor.row(body)?;
                } else {
                    let (inner, last) = match (body.strip_prefix(b"("), body.last()) {
                        (Some(rest), Some(b',')) if rest.ends_with(b"),") => {
                            (&rest[..rest.len() - 2], false)
                        }
                        (Some(rest), Some(b';')) if rest.ends_with(b");") => {
                            (&rest[..rest.len() - 2], true)
                        }
                        _ => return Err(bad(lineno, "not a row of the INSERT statement")),
                    };
                    // The writer escapes strings and writes binary values as hex (MySQL)
                    // or `X'..'` (SQLite), so every row it writes is UTF-8, the encoding
                    // the restore's session reads (`SET NAMES utf8mb4`; SQLite's SQL
                    // text). Other bytes are damage, found here rather than by a load
                    // that fails half-way.
                    if let Err(e) = std::str::from_utf8(inner) {
                        return Err(bad(
                            lineno,
                            &format!(
                                "the row holds bytes that are not UTF-8 (at byte {} of the row), which dbshape never writes",
                                e.valid_up_to() + 1
                            ),
                        ));
                    }
                    // Every value must be a literal of the writer's grammar: anything
                    // else would be SQL the server runs on restore (see `literals`).
                    if let Err(refusal) = literals::check_row(dialect, inner) {
                        return Err(bad(
                            lineno,
                            &format!(
                                "{}; a row holds only literals, so the dump was altered or not written by dbshape: restore from another copy, or take a new backup",
                                refusal.describe(inner)
                            ),
                        ));
                    }
                    digests[*index].add(inner);
                    visitor.row(inner)?;
                    if last {
                        *opened = false;
                    }
                }
            }
            State::Counters => {
                if body == END_MARKER.as_bytes() {
                    state = State::Finish(0);
                } else {
                    counter_lines.update(&line);
                }
            }
            State::Finish(k) => {
                let k = *k;
                if k < finish.len() {
                    if body != finish[k].as_bytes() {
                        return Err(bad(
                            lineno,
                            &format!("expected `{}` after the data", finish[k]),
                        ));
                    }
                    state = State::Finish(k + 1);
                } else if let Some(json) = body.strip_prefix(format::TRIGGER_PREFIX.as_bytes()) {
                    let t: format::TriggerHeader = serde_json::from_slice(json)
                        .map_err(|e| bad(lineno, &format!("bad trigger marker: {e}")))?;
                    if header.triggers.get(triggers.len()) != Some(&t) {
                        return Err(bad(
                            lineno,
                            &format!("trigger `{}` is not the next trigger of the header", t.name),
                        ));
                    }
                    state = State::Trigger(Vec::new(), 0);
                } else {
                    if triggers.len() != header.triggers.len() {
                        return Err(bad(lineno, "trigger blocks are missing"));
                    }
                    let expected = postamble
                        .first()
                        .copied()
                        .unwrap_or("(nothing but the trailer)");
                    expect_template(lineno, body, expected, "after the data")?;
                    state = State::Postamble(1);
                }
            }
            State::Trigger(lines, bytes) => {
                if body == format::TRIGGER_END.as_bytes() {
                    let t = &header.triggers[triggers.len()];
                    let refs: Vec<&[u8]> = lines.iter().map(Vec::as_slice).collect();
                    let definition =
                        templates::trigger_definition(dialect, &t.name, &t.table, &refs)
                            .map_err(|w| {
                                bad(
                                    lineno,
                                    &format!(
                                        "{w}; a trigger block holds exactly one CREATE TRIGGER statement of its trigger, so the dump was altered or not written by dbshape"
                                    ),
                                )
                            })?;
                    triggers.push(TriggerDef {
                        name: t.name.clone(),
                        table: t.table.clone(),
                        definition,
                    });
                    state = State::Finish(finish.len());
                } else {
                    *bytes += body.len() + 1;
                    if *bytes > MAX_LINE {
                        return Err(bad(
                            lineno,
                            &format!("a trigger block longer than {MAX_LINE} bytes"),
                        ));
                    }
                    lines.push(body.to_vec());
                }
            }
            State::Postamble(k) => {
                let expected = postamble.get(*k).copied().unwrap_or("the trailer");
                expect_template(lineno, body, expected, "after the data")?;
                *k += 1;
            }
        }
    }
    // Nothing may follow the trailer.
    let trailer_line = lineno;
    if next(&mut line, &mut lineno, MAX_LINE)? {
        return Err(bad(lineno, "data after the trailer"));
    }
    let sha = hex::encode(hasher.finalize());
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
    for ((t, d), h) in trailer.tables.iter().zip(&digests).zip(&header.tables) {
        if t.name != h.name || t.schema != h.schema || t.rows != d.rows || t.digest != d.hex() {
            return Err(Error::Integrity(format!(
                "table `{}`: the dump holds {} rows with digest {}, the trailer says {} rows with digest {}",
                h.display_name(), d.rows, d.hex(), t.rows, t.digest
            )));
        }
    }
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
    if rendered.finalize() != counter_lines.finalize() {
        return Err(bad(
            trailer_line,
            "the counter statements differ from the trailer's counters",
        ));
    }
    Ok(DumpSummary {
        header,
        compression,
        trailer,
        bytes,
        header_sha256,
        triggers,
    })
}

/// What [`read_line`] found.
#[derive(Debug, PartialEq, Eq)]
enum Line {
    Eof,
    /// A line, with its line end unless the input ended first.
    Read,
    /// A line longer than the cap: nothing more of it was read.
    TooLong,
}

/// Reads one line into `line` (cleared first), refusing it as soon as it is known to be
/// longer than `cap` bytes before its line end, so that a hostile line is never held
/// whole. Memory for the line is reserved fallibly: a line within the cap that does not
/// fit in memory is an error, not an abort.
fn read_line(input: &mut dyn BufRead, line: &mut Vec<u8>, cap: usize) -> std::io::Result<Line> {
    line.clear();
    loop {
        let buf = match input.fill_buf() {
            Ok(buf) => buf,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            return Ok(if line.is_empty() {
                Line::Eof
            } else {
                Line::Read
            });
        }
        let (take, ended) = match memchr::memchr(b'\n', buf) {
            Some(i) => (i + 1, true),
            None => (buf.len(), false),
        };
        if line.len() + take - usize::from(ended) > cap {
            return Ok(Line::TooLong);
        }
        line.try_reserve(take).map_err(|_| {
            std::io::Error::new(
                std::io::ErrorKind::OutOfMemory,
                format!(
                    "a line of more than {} bytes does not fit in this process's memory; \
                     raise its memory limit (ulimit -v) and try again",
                    line.len() + take
                ),
            )
        })?;
        line.extend_from_slice(&buf[..take]);
        input.consume(take);
        if ended {
            return Ok(Line::Read);
        }
    }
}

fn end_table(
    visitor: &mut dyn Visitor,
    header: &Header,
    index: usize,
    digests: &[TableDigest],
) -> Result<()> {
    visitor.table_end(&header.tables[index], digests[index].rows)
}

/// A line outside the data must equal its template exactly (see `dump::templates`).
fn expect_template(lineno: u64, body: &[u8], expected: &str, place: &str) -> Result<()> {
    if body == expected.as_bytes() {
        return Ok(());
    }
    let found = String::from_utf8_lossy(body);
    let shown: String = found.chars().take(80).collect();
    Err(Error::Integrity(format!(
        "dump line {lineno}: expected `{expected}` {place}, found `{shown}`: dbshape writes exactly this statement here, so the dump was altered or not written by dbshape"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_bytes(bytes: &'static [u8]) -> Result<DumpSummary> {
        read(Box::new(bytes), Compression::None, &mut CheckOnly)
    }

    /// Regression: an empty file or another tool's dump was refused without saying what to
    /// do instead.
    #[test]
    fn empty_and_foreign_files_say_what_to_do() {
        let err = read_bytes(b"").unwrap_err().to_string();
        assert!(err.starts_with("the dump is empty\n"), "{err}");
        assert!(err.contains("take a new one"), "{err}");
        let err = read_bytes(b"--\n-- PostgreSQL database dump\n--\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("not a dbshape dump:"), "{err}");
        assert!(
            err.contains("dbshape backup") && err.contains("pg_dump"),
            "{err}"
        );
    }

    /// Regression: one endless line was read whole (a 2 GB line took 4 GB of memory).
    #[test]
    fn long_lines_are_refused_without_reading_them_whole() {
        let mut input: &[u8] = b"abc\nabcdef\nab";
        let mut line = Vec::new();
        assert_eq!(read_line(&mut input, &mut line, 3).unwrap(), Line::Read);
        assert_eq!(line, b"abc\n");
        assert_eq!(read_line(&mut input, &mut line, 3).unwrap(), Line::TooLong);
        assert!(line.is_empty(), "nothing of the long line is kept");

        let mut first = vec![b'x'; MAX_MAGIC_LINE + 1];
        first.push(b'\n');
        let err = read(Box::new(&first[..]), Compression::None, &mut CheckOnly)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("not a dbshape dump: the first line is longer than 4096 bytes"),
            "{err}"
        );
    }
}
