//! Where a dump is read from, for `verify`, `restore`, `convert` and `--keep`: a file,
//! standard input, an object, or the private temporary copy of an input that reads
//! only once; and `verify`, the offline check of a dump through any of them.

use std::io::Read;
use std::path::PathBuf;

use crate::dump::codec::{self, Compression};
use crate::dump::crypt;
use crate::dump::object::{self, ObjectSource, ObjectUrl};
use crate::dump::reader::{self, DumpSummary, Visitor};
use crate::error::{Error, Result};

/// Where a dump is read from.
#[derive(Debug, Clone)]
pub enum Source {
    /// A file by its path; a FIFO or pipe given by path reads only once.
    File(PathBuf),
    /// Standard input (`-`), which reads only once.
    Stdin,
    /// An object (`s3://BUCKET/KEY`), streamed; every open reads the same version.
    S3(ObjectSource),
    /// A private temporary copy of an input that reads only once (`dump::spool`);
    /// `from` names that input.
    Spooled {
        /// The unnamed temporary file holding the copy, compressed and encrypted as read.
        file: std::sync::Arc<std::fs::File>,
        /// The input the copy was made from, as messages name it (`standard input`, a path).
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
