//! Writes a dump: frames rows into the layout of `format`, keeps the table digests, and
//! hands 256 KiB chunks to a writer thread that hashes, compresses and writes them.
//!
//! Memory stays constant whatever the table sizes: one chunk being filled, a bounded
//! queue of chunks, and the compressor's window. The file appears at its final path
//! only when complete: it is written under a temporary name next to it (mode 0600),
//! fsynced, then linked into place (never replacing an existing file unless forced).
//! An object (`s3://`) is a multipart upload that the writer thread completes after
//! the trailer and aborts otherwise (see `object`), so it appears whole or not at all.

use std::fs::File;
use std::io::Write;
use std::path::PathBuf;
use std::sync::mpsc::{sync_channel, SyncSender};
use std::sync::Arc;
use std::thread::JoinHandle;

use sha2::{Digest, Sha256};

use crate::dialect::Dialect;
use crate::dump::codec::Compression;
use crate::dump::crypt::{Encryption, Sealer};
use crate::dump::digest::TableDigest;
use crate::dump::format::{
    self, Header, TableHeader, TableTrailer, Trailer, COPY_END, COUNTERS_MARKER, END_MARKER,
    HEADER_PREFIX, MAGIC_PREFIX, TABLE_PREFIX, TRAILER_PREFIX,
};
use crate::dump::object::{self, ObjectUrl, Upload};
use crate::dump::publish::{self, Staged};
use crate::dump::sign::SecretKey;
use crate::dump::templates;
use crate::error::{Error, Result};

const CHUNK: usize = 256 * 1024;
const QUEUE: usize = 8;

/// Where a dump goes.
#[derive(Debug, Clone)]
pub enum Destination {
    /// A file, written atomically.
    File {
        /// The dump file; its directory must exist.
        path: PathBuf,
        /// Replace an existing file (`--force`); without it one is never overwritten.
        force: bool,
    },
    /// Standard output, for pipes.
    Stdout,
    /// An object (`s3://BUCKET/KEY`), uploaded in parts while the dump is written.
    S3 {
        /// The object, `s3://BUCKET/KEY`; its bucket must exist.
        url: ObjectUrl,
        /// Replace an existing object (`--force`); without it one is never overwritten.
        force: bool,
    },
}

impl Destination {
    /// The path, URL or stream, for messages and reports.
    pub fn describe(&self) -> String {
        match self {
            Destination::File { path, .. } => path.display().to_string(),
            Destination::Stdout => "standard output".to_string(),
            Destination::S3 { url, .. } => url.to_string(),
        }
    }
}

/// Where the writer thread's bytes go.
trait Output: Write + Send {
    /// After the last byte: makes the dump visible where the destination does that
    /// itself (an object upload completes here; a file is published by `publish`).
    fn commit(self: Box<Self>) -> std::io::Result<()> {
        Ok(())
    }
}

impl Output for std::io::Stdout {}
impl Output for FileOut {}
impl Output for Upload {
    fn commit(self: Box<Self>) -> std::io::Result<()> {
        (*self).complete()
    }
}

/// Builds the trailer line from the file's SHA-256.
type TrailerBuilder = Box<dyn FnOnce(&str) -> Vec<u8> + Send>;

enum Msg {
    Data(Vec<u8>),
    /// Everything before the trailer is written: report the SHA-256, then write the
    /// trailer line the closure builds from it.
    Finish(TrailerBuilder),
}

/// What the writer thread reports.
struct Written {
    sha256: String,
    bytes: u64,
}

/// A dump being written.
pub struct DumpWriter {
    dialect: Dialect,
    buf: Vec<u8>,
    tx: Option<SyncSender<Msg>>,
    thread: Option<JoinHandle<std::io::Result<Written>>>,
    /// The temporary file a file destination is written to until `publish`.
    staged: Option<Staged>,
    destination: Destination,
    tables: Vec<TableTrailer>,
    current: Option<CurrentTable>,
    counters: Vec<format::Counter>,
    /// Signs the trailer (`backup --sign`), with the header line's SHA-256.
    signer: Option<Arc<SecretKey>>,
    header_sha256: String,
    /// Uncompressed bytes handed over so far.
    pub bytes: u64,
}

struct CurrentTable {
    header: TableHeader,
    opening: String,
    digest: TableDigest,
    /// MySQL/SQLite: the row waiting for its `,` or `;`.
    pending: Option<Vec<u8>>,
    batch_bytes: usize,
}

impl DumpWriter {
    /// Opens the destination and starts the writer thread.
    pub fn create(
        destination: Destination,
        compression: Compression,
        encryption: Encryption,
        dialect: Dialect,
    ) -> Result<DumpWriter> {
        let (out, staged): (Box<dyn Output>, Option<Staged>) = match &destination {
            Destination::Stdout => (Box::new(std::io::stdout()), None),
            Destination::S3 { url, force } => (Box::new(Upload::create(url, *force)?), None),
            Destination::File { path, force } => {
                let (file, staged) = publish::stage(path, *force)?;
                (Box::new(FileOut(file)), Some(staged))
            }
        };
        let (tx, rx) = sync_channel::<Msg>(QUEUE);
        let thread = std::thread::Builder::new()
            .name("dump-writer".into())
            .spawn(move || -> std::io::Result<Written> {
                // Compressed, then encrypted (see crypt.rs).
                let mut sealed =
                    Sealer::new(&encryption, std::io::BufWriter::with_capacity(CHUNK, out))?;
                let mut enc = compression.encoder(&mut sealed)?;
                let mut hasher = Sha256::new();
                let mut bytes = 0u64;
                for msg in rx {
                    match msg {
                        Msg::Data(chunk) => {
                            hasher.update(&chunk);
                            bytes += chunk.len() as u64;
                            enc.write_all(&chunk)?;
                        }
                        Msg::Finish(trailer) => {
                            let sha = hex::encode(hasher.finalize());
                            let line = trailer(&sha);
                            enc.write_all(&line)?;
                            bytes += line.len() as u64;
                            enc.finish()?;
                            let out = sealed.finish()?.into_inner().map_err(|e| e.into_error())?;
                            out.commit()?;
                            return Ok(Written { sha256: sha, bytes });
                        }
                    }
                }
                Err(std::io::Error::other(
                    "the dump was abandoned before its trailer",
                ))
            })
            .map_err(|e| Error::io("start the writer thread for", "the dump", e))?;
        Ok(DumpWriter {
            dialect,
            buf: Vec::with_capacity(CHUNK + 4096),
            tx: Some(tx),
            thread: Some(thread),
            staged,
            destination,
            tables: Vec::new(),
            current: None,
            counters: Vec::new(),
            signer: None,
            header_sha256: String::new(),
            bytes: 0,
        })
    }

    /// Signs the dump with `key` (see `dump::sign`): the trailer gets a `signature`.
    pub fn sign_with(&mut self, key: Arc<SecretKey>) {
        self.signer = Some(key);
    }

    fn put(&mut self, bytes: &[u8]) -> Result<()> {
        self.buf.extend_from_slice(bytes);
        self.bytes += bytes.len() as u64;
        if self.buf.len() >= CHUNK {
            self.flush_chunk()?;
        }
        Ok(())
    }

    fn line(&mut self, text: &str) -> Result<()> {
        self.put(text.as_bytes())?;
        self.put(b"\n")
    }

    fn flush_chunk(&mut self) -> Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK + 4096));
        let sent = self.tx.as_ref().map(|tx| tx.send(Msg::Data(chunk)));
        match sent {
            Some(Ok(())) => Ok(()),
            _ => Err(self.thread_error()),
        }
    }

    /// The writer thread stopped: collect its error (disk full, broken pipe...).
    fn thread_error(&mut self) -> Error {
        self.tx = None;
        let err = match self.thread.take().map(|t| t.join()) {
            Some(Ok(Err(e))) => e,
            Some(Err(_)) => std::io::Error::other("the writer thread panicked"),
            _ => std::io::Error::other("the writer thread stopped"),
        };
        object::io_error("write the dump to", &self.destination.describe(), err)
    }

    /// Writes the magic line, the header, the preamble and the prepare block.
    pub fn write_header(&mut self, header: &Header) -> Result<()> {
        let json = serde_json::to_string(header)
            .map_err(|e| Error::db("cannot encode the dump header", e))?;
        self.line(&format!("{MAGIC_PREFIX}{}", header.format_version))?;
        if HEADER_PREFIX.len() + json.len() > format::MAX_LINE {
            return Err(Error::Unrepresentable(format!(
                "the dump header (tables, columns and change log) takes {} bytes, more than \
                 the {} bytes a header line may hold, so no dbshape could read the dump back",
                HEADER_PREFIX.len() + json.len(),
                format::MAX_LINE
            )));
        }
        let header_line = format!("{HEADER_PREFIX}{json}");
        self.header_sha256 = hex::encode(Sha256::digest(header_line.as_bytes()));
        self.line(&header_line)?;
        for p in templates::preamble(header.dialect) {
            self.line(p)?;
        }
        self.line(format::PREPARE_MARKER)?;
        for p in templates::prepare_lines(header) {
            self.line(&p)?;
        }
        Ok(())
    }

    /// Opens a table section.
    pub fn begin_table(&mut self, table: &TableHeader) -> Result<()> {
        let marker = serde_json::to_string(&format::TableMarker {
            name: table.name.clone(),
            schema: table.schema.clone(),
        })
        .map_err(|e| Error::db("cannot encode a table marker", e))?;
        self.line(&format!("{TABLE_PREFIX}{marker}"))?;
        let opening = format::data_opening(self.dialect, table);
        if self.dialect == Dialect::Postgres {
            self.line(&opening)?;
        }
        self.current = Some(CurrentTable {
            header: table.clone(),
            opening,
            digest: TableDigest::default(),
            pending: None,
            batch_bytes: 0,
        });
        Ok(())
    }

    /// Adds one encoded row (a COPY text line, or the inside of a VALUES tuple).
    pub fn row(&mut self, encoded: &[u8]) -> Result<()> {
        let Some(cur) = self.current.as_mut() else {
            return Err(Error::db("dump", "a row outside a table section"));
        };
        // The line's framing: `(` and `),` around a tuple; nothing around a COPY row.
        let framing = if self.dialect == Dialect::Postgres {
            0
        } else {
            3
        };
        if encoded.len() + framing > format::MAX_ROW_LINE {
            return Err(Error::Unrepresentable(format!(
                "a row of table `{}` takes {} bytes in the dump, more than the {} bytes a dump \
                 line may hold: no engine loads such a row back (see docs/dump-format.md); \
                 store that value in smaller pieces",
                cur.header.name,
                encoded.len() + framing,
                format::MAX_ROW_LINE
            )));
        }
        cur.digest.add(encoded);
        if self.dialect == Dialect::Postgres {
            self.put(encoded)?;
            return self.put(b"\n");
        }
        let previous = cur.pending.replace(encoded.to_vec());
        let batch_full = cur.batch_bytes + encoded.len() > format::INSERT_BATCH_BYTES;
        match previous {
            None => {
                let opening = cur.opening.clone();
                cur.batch_bytes = encoded.len();
                self.line(&opening)
            }
            Some(prev) => {
                if batch_full {
                    let opening = cur.opening.clone();
                    cur.batch_bytes = encoded.len();
                    self.tuple(&prev, b");\n")?;
                    self.line(&opening)
                } else {
                    cur.batch_bytes += encoded.len();
                    self.tuple(&prev, b"),\n")
                }
            }
        }
    }

    fn tuple(&mut self, row: &[u8], end: &[u8]) -> Result<()> {
        self.put(b"(")?;
        self.put(row)?;
        self.put(end)
    }

    /// Closes the table section; returns its trailer entry.
    pub fn end_table(&mut self) -> Result<TableTrailer> {
        let Some(mut cur) = self.current.take() else {
            return Err(Error::db("dump", "end of a table that was not begun"));
        };
        if self.dialect == Dialect::Postgres {
            self.line(COPY_END)?;
        } else if let Some(last) = cur.pending.take() {
            self.tuple(&last, b");\n")?;
        }
        let entry = TableTrailer {
            name: cur.header.name.clone(),
            schema: cur.header.schema.clone(),
            rows: cur.digest.rows,
            digest: cur.digest.hex(),
        };
        self.tables.push(entry.clone());
        Ok(entry)
    }

    /// Writes the statements that restore sequences and auto-increment counters.
    pub fn counters(&mut self, counters: &[format::Counter]) -> Result<()> {
        self.line(COUNTERS_MARKER)?;
        for c in counters {
            templates::check_name("counter", &c.name).map_err(Error::Unrepresentable)?;
            let line = c.render(self.dialect);
            self.line(&line)?;
        }
        self.counters = counters.to_vec();
        Ok(())
    }

    /// Writes the finish block, the trigger blocks, the postamble and the trailer,
    /// then publishes the file.
    pub fn finish(
        mut self,
        header: &Header,
        triggers: &[format::TriggerDef],
    ) -> Result<(Trailer, u64)> {
        self.line(END_MARKER)?;
        for l in templates::finish_lines(header) {
            self.line(&l)?;
        }
        for t in triggers {
            let marker = serde_json::json!({ "name": t.name, "table": t.table }).to_string();
            self.line(&format!("{}{marker}", format::TRIGGER_PREFIX))?;
            for l in templates::trigger_block(self.dialect, t) {
                self.line(&l)?;
            }
            self.line(format::TRIGGER_END)?;
        }
        for p in templates::postamble(header.dialect) {
            self.line(p)?;
        }
        self.flush_chunk()?;
        let tables = self.tables.clone();
        let counters = std::mem::take(&mut self.counters);
        let signer = self.signer.take();
        let header_sha256 = std::mem::take(&mut self.header_sha256);
        let (rtx, rrx) = std::sync::mpsc::channel::<Trailer>();
        let build = Box::new(move |sha: &str| {
            let trailer = Trailer {
                tables,
                counters,
                sha256: sha.to_string(),
                signature: signer.map(|k| k.sign(&header_sha256, sha)),
            };
            let line = format!(
                "{TRAILER_PREFIX}{}\n",
                serde_json::to_string(&trailer).unwrap_or_default()
            );
            let _ = rtx.send(trailer);
            line.into_bytes()
        });
        let sent = self.tx.as_ref().map(|tx| tx.send(Msg::Finish(build)));
        if !matches!(sent, Some(Ok(()))) {
            return Err(self.thread_error());
        }
        self.tx = None;
        let written = match self.thread.take().map(|t| t.join()) {
            Some(Ok(Ok(w))) => w,
            Some(Ok(Err(e))) => {
                return Err(object::io_error(
                    "write the dump to",
                    &self.destination.describe(),
                    e,
                ))
            }
            _ => {
                return Err(Error::io(
                    "write the dump to",
                    self.destination.describe(),
                    std::io::Error::other("writer thread failed"),
                ))
            }
        };
        let trailer = rrx
            .recv()
            .map_err(|_| Error::db("dump", "the trailer was not built"))?;
        debug_assert_eq!(trailer.sha256, written.sha256);
        self.publish()?;
        Ok((trailer, written.bytes))
    }

    /// A file destination: fsync, then link the temporary file into place.
    fn publish(&mut self) -> Result<()> {
        match self.staged.take() {
            Some(staged) => staged.publish(),
            None => Ok(()),
        }
    }
}

impl Drop for DumpWriter {
    fn drop(&mut self) {
        // Not finished: stop the thread and remove the partial file.
        self.tx = None;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        if let Some(staged) = self.staged.take() {
            staged.discard();
        }
    }
}

struct FileOut(File);
impl Write for FileOut {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

impl crate::dump::snapshot::RowSink for DumpWriter {
    fn row(&mut self, encoded: &[u8]) -> Result<()> {
        DumpWriter::row(self, encoded)
    }
}
