//! The dump reader thread and the events it sends to the restore.
//!
//! The reader (`dump::reader`) is synchronous and checks every line, digest and count as
//! it reads; the load is async and waits on the database. A thread of its own reads the
//! dump and forwards its content in row chunks through a bounded channel, so that
//! reading, checking and loading overlap while memory stays bounded.

use tokio::sync::mpsc;

use crate::backup::Source;
use crate::dump::format::{Header, TableHeader};
use crate::dump::reader::{self, DumpSummary, Visitor};
use crate::dump::transcode::TableTranscoder;
use crate::error::{Error, Result};

use super::report::RestoreObserver;

/// Events from the dump reader thread.
pub(super) enum Event {
    Header(Box<Header>),
    TableStart(usize),
    /// Whole row lines, each ended by `\n`, and how many.
    Rows(Vec<u8>, u64),
    TableEnd,
    Finished(Box<Result<DumpSummary>>),
}

/// The dump as a restore loads it: its header, the summary of the full check when the
/// dump was verified before the load (`None`: checked only while it loads), and the
/// reader thread's events from the first table on.
pub(super) struct DumpStream<'a> {
    pub header: Header,
    pub verified: Option<DumpSummary>,
    pub events: &'a mut mpsc::Receiver<Event>,
}

const CHUNK: usize = 256 * 1024;

/// Forwards the reader's content into a bounded channel.
struct Forward {
    tx: mpsc::Sender<Event>,
    tables: Vec<String>,
    buf: Vec<u8>,
    rows: u64,
}

impl Forward {
    fn send(&self, e: Event) -> Result<()> {
        self.tx
            .blocking_send(e)
            .map_err(|_| Error::db("restore", "the load stopped"))
    }
    fn flush(&mut self) -> Result<()> {
        if self.rows > 0 {
            let buf = std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK + 1024));
            let rows = std::mem::take(&mut self.rows);
            self.send(Event::Rows(buf, rows))?;
        }
        Ok(())
    }
}

impl Visitor for Forward {
    fn header(&mut self, header: &Header) -> Result<()> {
        self.tables = header
            .tables
            .iter()
            .map(TableHeader::display_name)
            .collect();
        self.send(Event::Header(Box::new(header.clone())))
    }
    fn table_start(&mut self, table: &TableHeader) -> Result<()> {
        let i = self
            .tables
            .iter()
            .position(|t| t == &table.display_name())
            .unwrap_or(0);
        self.send(Event::TableStart(i))
    }
    fn row(&mut self, row: &[u8]) -> Result<()> {
        self.buf.extend_from_slice(row);
        self.buf.push(b'\n');
        self.rows += 1;
        if self.buf.len() >= CHUNK {
            self.flush()?;
        }
        Ok(())
    }
    fn table_end(&mut self, _table: &TableHeader, _rows: u64) -> Result<()> {
        self.flush()?;
        self.send(Event::TableEnd)
    }
}

/// Starts the reader thread on `source`.
pub(super) fn spawn_reader(source: &Source) -> Result<mpsc::Receiver<Event>> {
    let (compression, input) = source.open()?;
    let (tx, rx) = mpsc::channel::<Event>(16);
    std::thread::Builder::new()
        .name("dump-reader".into())
        .spawn(move || {
            let mut fwd = Forward {
                tx: tx.clone(),
                tables: Vec::new(),
                buf: Vec::with_capacity(CHUNK + 1024),
                rows: 0,
            };
            let result = reader::read(input, compression, &mut fwd);
            let _ = tx.blocking_send(Event::Finished(Box::new(result)));
        })
        .map_err(|e| Error::io("start the reader thread for", "the dump", e))?;
    Ok(rx)
}

/// The dump's header, the reader's first event.
pub(super) async fn header(events: &mut mpsc::Receiver<Event>) -> Result<Header> {
    match events.recv().await {
        Some(Event::Header(h)) => Ok(*h),
        Some(Event::Finished(r)) => Err((*r)
            .err()
            .unwrap_or_else(|| Error::Integrity("the dump has no header".into()))),
        _ => Err(Error::Integrity("the dump has no header".into())),
    }
}

/// Forwards the rows of the table that just began to `tx` until its end; returns how
/// many rows were forwarded. A closed `tx` (the loader stopped) ends forwarding early.
pub(super) async fn forward_table(
    events: &mut mpsc::Receiver<Event>,
    tx: mpsc::Sender<Vec<u8>>,
    observer: &dyn RestoreObserver,
    mut convert: Option<&mut TableTranscoder>,
) -> Result<(u64, bool)> {
    let mut rows = 0u64;
    loop {
        match events.recv().await {
            Some(Event::Rows(chunk, n)) => {
                rows += n;
                observer.progress(rows);
                let chunk = match convert.as_deref_mut() {
                    Some(c) => c.convert_chunk(&chunk)?,
                    None => chunk,
                };
                if tx.send(chunk).await.is_err() {
                    return Ok((rows, false));
                }
            }
            Some(Event::TableEnd) => return Ok((rows, true)),
            Some(Event::Finished(r)) => {
                return Err((*r)
                    .err()
                    .unwrap_or_else(|| Error::Integrity("the dump ended inside a table".into())))
            }
            _ => return Err(Error::Integrity("the dump ended inside a table".into())),
        }
    }
}

/// Reads what is left of a dump through the reader's checks, after a restore that
/// failed before its end: the damage they find, if any.
pub(super) async fn damage_behind(events: &mut mpsc::Receiver<Event>) -> Option<Error> {
    while let Some(event) = events.recv().await {
        if let Event::Finished(r) = event {
            return (*r).err().filter(|e| matches!(e, Error::Integrity(_)));
        }
    }
    None
}
