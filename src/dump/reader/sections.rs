//! The part of a dump between its header and its trailer, as a state machine fed one
//! line at a time: the preamble, the prepare block, the table sections in the header's
//! order (each an opening line, its rows and their end), the counter lines, the finish
//! block, the trigger blocks and the postamble.
//!
//! Every line outside the data must equal its template byte for byte (see
//! `dump::templates`), and a section marker counts only between statements, so a line
//! that looks like a marker inside a row or a trigger block is not one. Row lines are
//! checked by [`super::rows`]; what the sections held (table digests, counter lines,
//! trigger definitions) is compared with the trailer by [`super::trailer`].

use sha2::{Digest, Sha256};

use super::rows;
use super::{bad, Visitor};
use crate::dialect::Dialect;
use crate::dump::digest::TableDigest;
use crate::dump::format::{
    self, Header, TableMarker, TriggerDef, COPY_END, COUNTERS_MARKER, END_MARKER, MAX_LINE,
    MAX_ROW_LINE, TABLE_PREFIX,
};
use crate::dump::templates;
use crate::error::{Error, Result};

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

/// The sections of one dump, read so far.
pub(super) struct Sections<'h> {
    header: &'h Header,
    dialect: Dialect,
    preamble: &'static [&'static str],
    postamble: &'static [&'static str],
    prepare: Vec<String>,
    finish: Vec<String>,
    state: State,
    digests: Vec<TableDigest>,
    /// The counter lines, compared with the trailer's counters at the end: hashed, not
    /// kept, so that a dump with endless counter lines costs no memory.
    counter_lines: Sha256,
    expected_table: usize,
    triggers: Vec<TriggerDef>,
}

/// What the sections held, for the checks against the trailer.
pub(super) struct Held {
    /// The digest of each table section, in the header's order.
    pub(super) digests: Vec<TableDigest>,
    /// SHA-256 of the counter lines, line ends included.
    pub(super) counter_lines: Vec<u8>,
    /// The trigger blocks' definitions, in the header's order.
    pub(super) triggers: Vec<TriggerDef>,
}

impl<'h> Sections<'h> {
    /// The sections expected after `header`, none read yet.
    pub(super) fn new(header: &'h Header) -> Self {
        let dialect = header.dialect;
        Sections {
            header,
            dialect,
            preamble: templates::preamble(dialect),
            postamble: templates::postamble(dialect),
            prepare: templates::prepare_lines(header),
            finish: templates::finish_lines(header),
            state: State::Preamble(0),
            digests: Vec::new(),
            counter_lines: Sha256::new(),
            expected_table: 0,
            triggers: Vec::new(),
        }
    }

    /// The most the next line may hold: a row line in a table section, else a line
    /// outside the data.
    pub(super) fn cap(&self) -> usize {
        match self.state {
            State::Table { .. } => MAX_ROW_LINE,
            _ => MAX_LINE,
        }
    }

    /// At the trailer (line `lineno`): refused unless every section came before it.
    pub(super) fn check_complete(&self, lineno: u64) -> Result<()> {
        let complete = match self.state {
            State::Finish(k) => k == self.finish.len() && self.postamble.is_empty(),
            State::Postamble(k) => k == self.postamble.len(),
            _ => false,
        };
        if !complete || self.triggers.len() != self.header.triggers.len() {
            return Err(bad(
                lineno,
                "the trailer comes before the end of the data: sections are missing",
            ));
        }
        Ok(())
    }

    /// What the sections held, once the trailer is reached.
    pub(super) fn held(self) -> Held {
        Held {
            digests: self.digests,
            counter_lines: self.counter_lines.finalize().to_vec(),
            triggers: self.triggers,
        }
    }

    /// Takes line `lineno` (with its line end), which is not the trailer.
    pub(super) fn line(
        &mut self,
        visitor: &mut dyn Visitor,
        lineno: u64,
        line: &[u8],
    ) -> Result<()> {
        let body = &line[..line.len() - 1];
        let header = self.header;
        // Section markers may appear only between statements.
        let between = match self.state {
            State::Table { opened, .. } => !opened,
            State::Trigger(..) => false,
            _ => true,
        };
        if let State::Prepare(k) = self.state {
            if k < self.prepare.len() {
                if body != self.prepare[k].as_bytes() {
                    return Err(bad(
                        lineno,
                        &format!("expected `{}` in the prepare block", self.prepare[k]),
                    ));
                }
                self.state = State::Prepare(k + 1);
                return Ok(());
            }
        }
        if between && body.starts_with(TABLE_PREFIX.as_bytes()) {
            return self.table_marker(visitor, lineno, body);
        }
        if between && body == COUNTERS_MARKER.as_bytes() {
            return self.counters_marker(visitor, lineno);
        }
        match &mut self.state {
            State::Preamble(k) => {
                if let Some(expected) = self.preamble.get(*k) {
                    expect_template(lineno, body, expected, "in the preamble")?;
                    *k += 1;
                } else {
                    expect_template(lineno, body, format::PREPARE_MARKER, "after the preamble")?;
                    self.state = State::Prepare(0);
                }
            }
            State::Prepare(_) => {
                return Err(bad(lineno, "unexpected line after the prepare block"));
            }
            State::Table { index, opened } => {
                let table = &header.tables[*index];
                if !*opened {
                    // Rendered only where it is checked: once per INSERT batch, not per row.
                    let opening = format::data_opening(self.dialect, table);
                    if body != opening.as_bytes() {
                        return Err(bad(
                            lineno,
                            &format!("expected `{opening}` for table `{}`", table.display_name()),
                        ));
                    }
                    *opened = true;
                    return Ok(());
                }
                if self.dialect == Dialect::Postgres {
                    if body == COPY_END.as_bytes() {
                        *opened = false;
                        return Ok(());
                    }
                    rows::check_copy_row(lineno, body)?;
                    self.digests[*index].add(body);
                    visitor.row(body)?;
                } else {
                    let (inner, last) = rows::insert_row(self.dialect, lineno, body)?;
                    self.digests[*index].add(inner);
                    visitor.row(inner)?;
                    if last {
                        *opened = false;
                    }
                }
            }
            State::Counters => {
                if body == END_MARKER.as_bytes() {
                    self.state = State::Finish(0);
                } else {
                    self.counter_lines.update(line);
                }
            }
            State::Finish(k) => {
                let k = *k;
                if k < self.finish.len() {
                    if body != self.finish[k].as_bytes() {
                        return Err(bad(
                            lineno,
                            &format!("expected `{}` after the data", self.finish[k]),
                        ));
                    }
                    self.state = State::Finish(k + 1);
                } else if let Some(json) = body.strip_prefix(format::TRIGGER_PREFIX.as_bytes()) {
                    let t: format::TriggerHeader = serde_json::from_slice(json)
                        .map_err(|e| bad(lineno, &format!("bad trigger marker: {e}")))?;
                    if header.triggers.get(self.triggers.len()) != Some(&t) {
                        return Err(bad(
                            lineno,
                            &format!("trigger `{}` is not the next trigger of the header", t.name),
                        ));
                    }
                    self.state = State::Trigger(Vec::new(), 0);
                } else {
                    if self.triggers.len() != header.triggers.len() {
                        return Err(bad(lineno, "trigger blocks are missing"));
                    }
                    let expected = self
                        .postamble
                        .first()
                        .copied()
                        .unwrap_or("(nothing but the trailer)");
                    expect_template(lineno, body, expected, "after the data")?;
                    self.state = State::Postamble(1);
                }
            }
            State::Trigger(lines, bytes) => {
                if body == format::TRIGGER_END.as_bytes() {
                    let t = &header.triggers[self.triggers.len()];
                    let refs: Vec<&[u8]> = lines.iter().map(Vec::as_slice).collect();
                    let definition =
                        templates::trigger_definition(self.dialect, &t.name, &t.table, &refs)
                            .map_err(|w| {
                                bad(
                                    lineno,
                                    &format!(
                                        "{w}; a trigger block holds exactly one CREATE TRIGGER statement of its trigger, so the dump was altered or not written by dbshape"
                                    ),
                                )
                            })?;
                    self.triggers.push(TriggerDef {
                        name: t.name.clone(),
                        table: t.table.clone(),
                        definition,
                    });
                    self.state = State::Finish(self.finish.len());
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
                let expected = self.postamble.get(*k).copied().unwrap_or("the trailer");
                expect_template(lineno, body, expected, "after the data")?;
                *k += 1;
            }
        }
        Ok(())
    }

    /// A table marker between statements: ends the open table section, and opens the
    /// next table of the header, which the marker must name.
    fn table_marker(&mut self, visitor: &mut dyn Visitor, lineno: u64, body: &[u8]) -> Result<()> {
        let header = self.header;
        if let State::Table { index, .. } = self.state {
            self.end_table(visitor, index)?;
        }
        match self.state {
            State::Prepare(k) if k == self.prepare.len() => {}
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
        let Some(table) = header.tables.get(self.expected_table) else {
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
        self.digests.push(TableDigest::default());
        visitor.table_start(table)?;
        self.state = State::Table {
            index: self.expected_table,
            opened: false,
        };
        self.expected_table += 1;
        Ok(())
    }

    /// The counters marker between statements: ends the last table section; every table
    /// of the header must have had one.
    fn counters_marker(&mut self, visitor: &mut dyn Visitor, lineno: u64) -> Result<()> {
        match self.state {
            State::Table { index, .. } => self.end_table(visitor, index)?,
            State::Prepare(k) if k == self.prepare.len() => {}
            _ => return Err(bad(lineno, "the counters come before the data")),
        }
        if self.expected_table != self.header.tables.len() {
            return Err(bad(
                lineno,
                &format!(
                    "{} of the header's {} tables have a section: the dump is incomplete",
                    self.expected_table,
                    self.header.tables.len()
                ),
            ));
        }
        self.state = State::Counters;
        Ok(())
    }

    fn end_table(&self, visitor: &mut dyn Visitor, index: usize) -> Result<()> {
        visitor.table_end(&self.header.tables[index], self.digests[index].rows)
    }
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
