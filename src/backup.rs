//! `backup` and `verify` as library operations.
//!
//! Backup stages: open a consistent snapshot, write the header, stream each table in
//! dependency order, write the counters, end the snapshot, check that the change log
//! did not move meanwhile (a migration ran during the dump), and only then finish the
//! trailer and publish the file. Any failure before that drops the writer, which
//! removes the partial file: nothing is left at the target path.

use std::io::Read;
use std::path::PathBuf;
use std::time::Instant;

use serde::Serialize;

use crate::config::Settings;
use crate::dialect::Dialect;
use crate::dump::codec::{self, Compression};
use crate::dump::crypt::{self, Encryption};
use crate::dump::format::{ChangeLogEntry, Header, TableTrailer, TriggerHeader, FORMAT_VERSION};
use crate::dump::object::{self, ObjectSource, ObjectUrl};
use crate::dump::reader::{self, DumpSummary, Visitor};
use crate::dump::source::{dependency_order, RowSink, SnapshotReader};
use crate::dump::writer::{DumpWriter, Target};
use crate::engine::{self, Engine};
use crate::error::{Error, Result};
use crate::migrate::changelog::{self, Status};
use crate::migrate::source::MigrationSet;

/// What `backup` was asked to do.
#[derive(Debug, Clone)]
pub struct BackupPlan {
    pub target: Target,
    pub compression: Compression,
    /// age encryption of the whole file (after compression).
    pub encryption: Encryption,
}

/// Progress callbacks (the library never prints).
pub trait BackupObserver: Send + Sync {
    /// A table starts; estimates may be 0 when unknown.
    fn table_started(&self, _name: &str, _est_rows: u64, _est_bytes: u64) {}
    /// Rows and bytes written so far for the current table.
    fn progress(&self, _rows: u64, _bytes: u64) {}
    /// A table is done.
    fn table_done(&self, _name: &str, _rows: u64) {}
}

/// An observer that ignores everything.
pub struct Quiet;
impl BackupObserver for Quiet {}

/// The outcome of `backup`.
#[derive(Debug, Clone, Serialize)]
pub struct BackupReport {
    /// The file or object (`s3://...`) written, or `None` for standard output.
    pub path: Option<String>,
    pub compression: Compression,
    /// `none`, `age-x25519` or `age-scrypt`.
    pub encryption: &'static str,
    pub format_version: u32,
    pub dialect: Dialect,
    pub schema_version: Option<String>,
    pub server_version: Option<String>,
    /// Uncompressed bytes.
    pub bytes: u64,
    pub sha256: String,
    pub tables: Vec<TableTrailer>,
    pub rows: u64,
    pub counters: usize,
    pub duration_ms: u64,
}

/// Opens the engine's snapshot reader.
pub async fn snapshot_reader(settings: &Settings) -> Result<Box<dyn SnapshotReader>> {
    Ok(match settings.url.dialect() {
        Dialect::Postgres => {
            Box::new(engine::postgres_snapshot::PostgresSnapshot::open(settings).await?)
        }
        Dialect::Mysql => Box::new(engine::mysql_snapshot::MysqlSnapshot::open(settings).await?),
        Dialect::Sqlite => Box::new(engine::sqlite_snapshot::SqliteSnapshot::open(settings).await?),
    })
}

/// Counts rows and bytes for the observer while passing rows to the writer.
struct Counting<'a> {
    writer: &'a mut DumpWriter,
    observer: &'a dyn BackupObserver,
    rows: u64,
    start_bytes: u64,
}

impl RowSink for Counting<'_> {
    fn row(&mut self, encoded: &[u8]) -> Result<()> {
        self.writer.row(encoded)?;
        self.rows += 1;
        if self.rows.is_multiple_of(4096) {
            self.observer
                .progress(self.rows, self.writer.bytes - self.start_bytes);
        }
        Ok(())
    }
}

/// Writes a consistent, version-stamped dump of the database.
pub async fn backup(
    settings: &Settings,
    engine: &dyn Engine,
    set: &MigrationSet,
    plan: &BackupPlan,
    observer: &dyn BackupObserver,
) -> Result<BackupReport> {
    let started = Instant::now();
    let mut reader = snapshot_reader(settings).await?;
    reader.begin().await?;
    let change_log = reader.change_log().await?;
    let tables = reader.tables().await?;
    let fks = reader.foreign_keys().await?;
    let tables = dependency_order(tables, &fks);
    let schema_version = schema_version(&change_log);
    let triggers = reader.triggers().await?;
    let header = Header {
        format_version: FORMAT_VERSION,
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        dialect: set.dialect,
        engine_version: reader.engine_version(),
        schema_version: schema_version.clone(),
        server_version: set.server_version().map(|v| v.to_string()),
        change_log: change_log.clone(),
        created_at: chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        tables: tables.clone(),
        triggers: triggers
            .iter()
            .map(|t| TriggerHeader {
                name: t.name.clone(),
                table: t.table.clone(),
            })
            .collect(),
    };
    let mut writer = DumpWriter::create(
        plan.target.clone(),
        plan.compression,
        plan.encryption.clone(),
        set.dialect,
    )?;
    writer.write_header(&header, &reader.preamble())?;
    reader.prepare(&tables).await?;
    let mut rows = 0;
    for table in &tables {
        let (est_rows, est_bytes) = reader.estimate(table).await.unwrap_or((0, 0));
        observer.table_started(&table.name, est_rows, est_bytes);
        writer.begin_table(table)?;
        let start_bytes = writer.bytes;
        let mut sink = Counting {
            writer: &mut writer,
            observer,
            rows: 0,
            start_bytes,
        };
        reader.rows(table, &mut sink).await?;
        let done = sink.rows;
        let entry = writer.end_table()?;
        rows += entry.rows;
        observer.progress(done, writer.bytes - start_bytes);
        observer.table_done(&table.name, entry.rows);
    }
    let counters = reader.counters().await?;
    writer.counters(&counters)?;
    reader.finish().await?;
    // A migration that ran during the dump changed the schema under it: refuse.
    let now = changelog::read(engine).await?;
    let now: Vec<ChangeLogEntry> = now
        .iter()
        .map(|r| ChangeLogEntry {
            version: r.version.to_string(),
            checksum: r.checksum.clone(),
            status: r.status.as_str().to_string(),
        })
        .collect();
    if !same_log(&now, &change_log) {
        return Err(Error::VersionMismatch(format!(
            "the schema changed while the backup ran (schema version {} at the start, {} now); \
             nothing was written; run the backup again when no migration is running",
            schema_version.as_deref().unwrap_or("(none)"),
            self::schema_version(&now).as_deref().unwrap_or("(none)")
        )));
    }
    let (trailer, bytes) = writer.finish(&header, &triggers, &reader.postamble())?;
    Ok(BackupReport {
        path: match &plan.target {
            Target::Stdout => None,
            target => Some(target.describe()),
        },
        compression: plan.compression,
        encryption: plan.encryption.describe(),
        format_version: FORMAT_VERSION,
        dialect: set.dialect,
        schema_version,
        server_version: header.server_version,
        bytes,
        sha256: trailer.sha256,
        tables: trailer.tables,
        rows,
        counters: counters.len(),
        duration_ms: started.elapsed().as_millis() as u64,
    })
}

fn same_log(a: &[ChangeLogEntry], b: &[ChangeLogEntry]) -> bool {
    let mut a: Vec<_> = a.iter().collect();
    let mut b: Vec<_> = b.iter().collect();
    a.sort_by(|x, y| x.version.cmp(&y.version));
    b.sort_by(|x, y| x.version.cmp(&y.version));
    a == b
}

/// Highest COMPLETED version of a change log.
pub fn schema_version(log: &[ChangeLogEntry]) -> Option<String> {
    log.iter()
        .filter(|e| e.status == Status::Completed.as_str())
        .filter_map(|e| crate::version::Version::parse(&e.version).ok())
        .max()
        .map(|v| v.to_string())
}

/// Where a dump is read from.
#[derive(Debug, Clone)]
pub enum Source {
    File(PathBuf),
    Stdin,
    /// An object (`s3://BUCKET/KEY`), streamed; every open reads the same version.
    S3(ObjectSource),
    /// A private temporary copy of an input that reads only once (`dump::spool`);
    /// `from` names that input.
    Spooled {
        file: std::sync::Arc<std::fs::File>,
        from: String,
    },
}

impl Source {
    /// `-` is standard input, `s3://BUCKET/KEY` an object, anything else a file.
    pub fn parse(s: &str) -> Result<Source> {
        Ok(if s == "-" {
            Source::Stdin
        } else if object::is_object_url(s) {
            Source::S3(ObjectSource::new(ObjectUrl::parse(s)?))
        } else {
            Source::File(PathBuf::from(s))
        })
    }

    /// The path, URL or stream, for messages and reports.
    pub fn describe(&self) -> String {
        match self {
            Source::File(p) => p.display().to_string(),
            Source::Stdin => "standard input".to_string(),
            Source::S3(o) => o.url.to_string(),
            Source::Spooled { from, .. } => from.clone(),
        }
    }

    /// Whether the dump can be opened again (read in full to verify, then read to load).
    pub fn reopenable(&self) -> bool {
        !self.reads_once()
    }

    /// Whether the input yields its bytes only once: standard input, and a path that is
    /// no regular file (a FIFO, a pipe such as bash's `<(...)`, a character device).
    pub fn reads_once(&self) -> bool {
        match self {
            Source::Stdin => true,
            // A path that cannot be looked at is reported by `open`.
            Source::File(p) => std::fs::metadata(p).is_ok_and(|m| !m.is_file()),
            Source::S3(_) | Source::Spooled { .. } => false,
        }
    }

    /// An input that reads only once is copied to a private temporary file (see
    /// `dump::spool`), so that it can be read twice; any other is returned as it is.
    pub fn spooled(&self) -> Result<Source> {
        if !self.reads_once() {
            return Ok(self.clone());
        }
        let what = self.describe();
        let mut raw = self.open_raw()?;
        Ok(Source::Spooled {
            file: crate::dump::spool::copy(&mut raw, &what)?,
            from: what,
        })
    }

    /// Opens the raw bytes, as stored.
    fn open_raw(&self) -> Result<Box<dyn Read + Send>> {
        Ok(match self {
            Source::File(p) => {
                Box::new(std::fs::File::open(p).map_err(|e| Error::io("open the dump", p, e))?)
            }
            Source::Stdin => Box::new(std::io::stdin()),
            Source::S3(o) => Box::new(o.open()?),
            Source::Spooled { file, from } => Box::new(
                crate::dump::spool::reopen(file)
                    .map_err(|e| Error::io("read the temporary copy of", from, e))?,
            ),
        })
    }

    /// Opens, decrypts and decompresses.
    pub fn open(&self) -> Result<(Compression, Box<dyn std::io::BufRead + Send>)> {
        let raw = self.open_raw()?;
        let name = self.describe();
        let path = match self {
            Source::Stdin => None,
            _ => Some(std::path::Path::new(&name)),
        };
        let (encrypted, plain) = crypt::open(raw, path).map_err(|e| match e {
            Error::Io { source, .. } if matches!(self, Source::S3(_)) => {
                object::io_error("read the dump from", &name, source)
            }
            e => e,
        })?;
        codec::decoder(plain).map_err(|e| {
            if let Some(failed) = object::transfer_failure("read the dump from", &e) {
                return failed;
            }
            match self {
                // A file that opens but cannot be read (a directory, an I/O error) is an
                // I/O problem of that path, not a damaged dump; but a read error of an
                // encrypted dump is a chunk that failed authentication: damage.
                Source::File(p) if !encrypted => Error::io("read the dump", p, e),
                _ => Error::Integrity(format!("cannot read the dump: {e}")),
            }
        })
    }
}

/// Checks a dump offline: header, completeness, every digest.
pub fn verify(source: &Source, visitor: &mut dyn Visitor) -> Result<DumpSummary> {
    let (compression, input) = source.open()?;
    reader::read(input, compression, visitor)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: a dump path that opens but cannot be read (a directory) was reported as
    /// a damaged dump (exit 5) without naming the path.
    #[test]
    fn an_unreadable_dump_path_is_an_io_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let Err(err) = Source::File(dir.path().to_path_buf()).open() else {
            panic!("a directory is not a dump");
        };
        assert_eq!(err.exit_code(), crate::error::exit::ERROR);
        assert!(
            err.to_string().contains(&dir.path().display().to_string()),
            "{err}"
        );
    }
}
