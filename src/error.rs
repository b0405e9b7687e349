//! The library's error type.
//!
//! Every failure a user can cause or meet names what was involved (version, file,
//! statement, table, URL) and, where there is one, the fix. Each variant maps to one of
//! the documented exit codes, so the binary never has to guess: see [`Error::exit_code`].

use std::path::PathBuf;

use crate::migrate::lock::LockHolder;

/// Result alias used across the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Exit codes of the `dbshape` binary, as documented in docs/cli.md.
pub mod exit {
    /// Success.
    pub const OK: i32 = 0;
    /// Any other error (connection, SQL, I/O).
    pub const ERROR: i32 = 1;
    /// Usage or configuration error.
    pub const USAGE: i32 = 2;
    /// Pending (or failed, or unfinished) migrations.
    pub const PENDING: i32 = 3;
    /// Version mismatch: downgrade, restore gate.
    pub const VERSION_MISMATCH: i32 = 4;
    /// Integrity: checksum drift, corrupt or truncated dump.
    pub const INTEGRITY: i32 = 5;
    /// Lock timeout.
    pub const LOCK_TIMEOUT: i32 = 6;
}

/// Everything that can go wrong in dbshape.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad configuration: config file, flags, environment.
    #[error("{0}")]
    Config(String),

    /// A file or directory could not be read or written.
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// The migration set on disk is malformed.
    #[error("migration set: {0}")]
    MigrationSet(String),

    /// A SQL file could not be split into statements.
    #[error("cannot split {}: {source}", file.display())]
    Split {
        file: PathBuf,
        #[source]
        source: crate::migrate::splitter::SplitError,
    },

    /// Object storage (an `s3://` URL) refused or failed a request.
    #[error("cannot {action} {url}: {failure}")]
    Storage {
        action: &'static str,
        url: String,
        failure: crate::dump::object::StorageFailure,
    },

    /// Could not connect to the database.
    #[error("cannot connect to {url}: {message}")]
    Connect { url: String, message: String },

    /// A database operation of dbshape itself failed.
    #[error("{context}: {message}")]
    Database { context: String, message: String },

    /// A value of a dump cannot be held by the target engine (cross-engine restore).
    #[error("{0}")]
    Unrepresentable(String),

    /// A statement of a migration failed; the version was marked FAILED.
    #[error("{0}")]
    MigrationFailed(Box<MigrationFailure>),

    /// The database is newer than this binary, or a target version is not known.
    #[error("{0}")]
    VersionMismatch(String),

    /// Applied migrations differ from the migration set.
    #[error("{0}")]
    Drift(String),

    /// A dump is corrupt, truncated, tampered with, or not a dbshape dump.
    #[error("{0}")]
    Integrity(String),

    /// A dump's signature is missing or does not check with a trusted key.
    #[error("{0}")]
    Signature(String),

    /// Out-of-order or pending work prevents the operation.
    #[error("{0}")]
    Pending(String),

    /// Another dbshape holds the migration lock for too long.
    #[error(
        "gave up waiting for the migration lock after {waited_secs} s; it is held by {}\n\
         if that process is gone the lock frees itself; otherwise wait for it or raise --lock-timeout",
        holder.as_ref().map(|h| h.to_string()).unwrap_or_else(|| "another session that has not recorded who it is yet".into())
    )]
    LockTimeout {
        waited_secs: u64,
        holder: Option<Box<LockHolder>>,
    },

    /// The operator did not confirm a destructive command.
    #[error("{0}")]
    NotConfirmed(String),

    /// `upgrade` failed: the cause, the pre-upgrade dump and the way back.
    #[error("{0}")]
    Upgrade(Box<crate::upgrade::UpgradeFailure>),
}

/// Where and why a migration statement failed.
#[derive(Debug, thiserror::Error)]
#[error(
    "version {version} failed in {file}{}:\n{statement}\n\
     database error: {message}\n\
     the version is marked FAILED; fix the file and run `dbshape migrate` again{resume}",
    if *line > 0 { format!(", statement {index} (line {line})") } else { String::new() }
)]
pub struct MigrationFailure {
    pub version: String,
    pub file: String,
    pub index: usize,
    pub line: usize,
    pub statement: String,
    pub message: String,
    /// What was already done, for the operator.
    pub resume: String,
}

impl Error {
    /// The process exit code this error maps to.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Config(_) | Error::NotConfirmed(_) => exit::USAGE,
            Error::MigrationSet(_) | Error::Split { .. } => exit::USAGE,
            Error::VersionMismatch(_) => exit::VERSION_MISMATCH,
            Error::Drift(_) | Error::Integrity(_) | Error::Signature(_) => exit::INTEGRITY,
            Error::Pending(_) => exit::PENDING,
            Error::LockTimeout { .. } => exit::LOCK_TIMEOUT,
            Error::Upgrade(f) => f.exit_code(),
            Error::Storage { failure, .. } => failure.exit_code(),
            Error::Io { .. }
            | Error::Connect { .. }
            | Error::Database { .. }
            | Error::Unrepresentable(_)
            | Error::MigrationFailed(_) => exit::ERROR,
        }
    }

    /// Wraps a database error with what dbshape was doing.
    pub fn db(context: impl Into<String>, err: impl std::fmt::Display) -> Error {
        Error::Database {
            context: context.into(),
            message: err.to_string(),
        }
    }

    /// Wraps an I/O error with the path and the action.
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            action,
            path: path.into(),
            source,
        }
    }
}
