//! Object storage for dumps: `s3://BUCKET/KEY` as where `backup` and `convert` write
//! and where `verify`, `restore` and `convert` read. The client is `s3` (the `s3`
//! feature, on the `object_store` crate); without that feature `unavailable` takes its
//! place with the same names, and every `s3://` path is refused with an error that
//! names the feature, while local files work as ever.

#[cfg(feature = "s3")]
mod s3;
#[cfg(feature = "s3")]
pub use s3::*;

#[cfg(not(feature = "s3"))]
mod unavailable;
#[cfg(not(feature = "s3"))]
pub use unavailable::*;

pub use crate::error::StorageFailure;
use crate::error::{Error, Result};

/// The URL scheme of object storage.
pub const SCHEME: &str = "s3://";

/// Whether `s` names an object (`s3://...`) rather than a file.
pub fn is_object_url(s: &str) -> bool {
    s.get(..SCHEME.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(SCHEME))
}

/// Refuses a backup directory given as an object URL where only a local one works
/// (`upgrade`, whose rollback restores the pre-upgrade dump from a local file);
/// `backup --backup-dir s3://BUCKET/PREFIX/` and `backups` take prefixes.
pub fn refuse_as_directory(dir: &std::path::Path) -> Result<()> {
    let text = dir.to_string_lossy();
    if is_object_url(&text) {
        return Err(Error::Config(format!(
            "the backup directory {text} is an object URL, but upgrade's pre-upgrade dump \
             goes to a local directory; give a local --backup-dir (`dbshape backup \
             --backup-dir s3://BUCKET/PREFIX/` writes dumps to object storage)"
        )));
    }
    Ok(())
}
