//! Object storage in a program built without the `s3` feature: the names of `s3` with
//! nothing behind them. An `s3://` path fails to parse, naming the feature, so no value
//! of these types can exist and every method past `parse` is unreachable.

use std::convert::Infallible;
use std::io::{self, Read, Write};

use super::SCHEME;
use crate::error::{Error, Result};

/// `s3://BUCKET/KEY`; none can be made in this build. (An uninhabited field, not an
/// empty enum, so that code past `parse` elsewhere is not flagged as unreachable.)
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectUrl {
    never: Infallible,
}

impl ObjectUrl {
    /// Refuses every URL: this build has no object storage client.
    pub fn parse(s: &str) -> Result<ObjectUrl> {
        Err(Error::Config(format!(
            "{s}: this program was built without object storage (dbshape's `s3` feature); \
             give a local file instead of a {SCHEME} path"
        )))
    }
}

impl std::fmt::Display for ObjectUrl {
    fn fmt(&self, _: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.never {}
    }
}

/// A dump being uploaded; none can exist in this build.
#[derive(Debug)]
pub struct Upload {
    never: Infallible,
}

impl Upload {
    /// Starts an upload to `url`; no `url` can exist in this build.
    pub fn create(url: &ObjectUrl, _force: bool) -> Result<Upload> {
        match url.never {}
    }

    /// Completes the upload; no upload can exist in this build.
    pub fn complete(self) -> io::Result<()> {
        match self.never {}
    }
}

impl Write for Upload {
    fn write(&mut self, _: &[u8]) -> io::Result<usize> {
        match self.never {}
    }
    fn flush(&mut self) -> io::Result<()> {
        match self.never {}
    }
}

/// A dump being downloaded; none can exist in this build.
pub struct Download {
    never: Infallible,
}

impl Read for Download {
    fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
        match self.never {}
    }
}

/// A dump on object storage; none can exist in this build.
#[derive(Debug, Clone)]
pub struct ObjectSource {
    /// The object, `s3://BUCKET/KEY`.
    pub url: ObjectUrl,
}

impl ObjectSource {
    /// The object at `url`; no `url` can exist in this build.
    pub fn new(url: ObjectUrl) -> ObjectSource {
        ObjectSource { url }
    }

    /// Starts reading the object; no object source can exist in this build.
    pub fn open(&self) -> Result<Download> {
        match self.url.never {}
    }
}

/// No transfer can have failed in this build.
pub fn transfer_failure(_action: &'static str, _e: &io::Error) -> Option<Error> {
    None
}

/// An I/O error of reading or writing `what`, naming it.
pub fn io_error(action: &'static str, what: &str, e: io::Error) -> Error {
    Error::io(action, what, e)
}

/// `s3://BUCKET/PREFIX/`; none can be made in this build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectPrefix {
    never: Infallible,
}

/// One object under a prefix; none can exist in this build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectEntry {
    /// The object.
    pub url: ObjectUrl,
    /// Its name: the key without the prefix.
    pub name: String,
    /// Bytes stored.
    pub size: u64,
    /// When it was last written.
    pub modified: chrono::DateTime<chrono::Utc>,
}

impl ObjectPrefix {
    /// Refuses every URL: this build has no object storage client.
    pub fn parse(s: &str) -> Result<ObjectPrefix> {
        ObjectUrl::parse(s).map(|u| match u.never {})
    }

    /// The object called `name` under this prefix; no prefix can exist in this build.
    pub fn object(&self, _name: &str) -> Result<ObjectUrl> {
        match self.never {}
    }

    /// The objects under the prefix; no prefix can exist in this build.
    pub fn list(&self) -> Result<Vec<ObjectEntry>> {
        match self.never {}
    }
}

impl std::fmt::Display for ObjectPrefix {
    fn fmt(&self, _: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.never {}
    }
}

/// Reads a small object; no `url` can exist in this build.
pub fn read_small(url: &ObjectUrl, _limit: u64) -> Result<Option<Vec<u8>>> {
    match url.never {}
}

/// Deletes an object; no `url` can exist in this build.
pub fn delete(url: &ObjectUrl) -> Result<()> {
    match url.never {}
}
