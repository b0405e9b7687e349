//! The library's error type.
//!
//! Every failure a user can cause or meet names what was involved (version, file,
//! statement, table, URL) and, where there is one, the fix. Each variant maps to one of
//! the documented exit codes, so the binary never has to guess: see [`Error::exit_code`].
//!
//! It belongs to the lowest layer, which every other module uses, so the details its
//! variants carry ([`MigrationFailure`], [`SplitError`], [`StorageFailure`]) are defined
//! here rather than in the modules that raise them; `upgrade`'s own failure travels as
//! a boxed error (see [`Error::Upgrade`]).

use std::path::PathBuf;

use crate::lock_holder::LockHolder;

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
        /// What was being done, as the message words it (`read config file`).
        action: &'static str,
        /// The file or directory it was done to.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },

    /// The migration set on disk is malformed.
    #[error("migration set: {0}")]
    MigrationSet(String),

    /// A SQL file could not be split into statements.
    #[error("cannot split {}: {source}", file.display())]
    Split {
        /// The file, as `<version>/<dialect>/<name>` in the migrations directory.
        file: PathBuf,
        /// Why the file cannot be split, and on which line.
        #[source]
        source: SplitError,
    },

    /// Object storage (an `s3://` URL) refused or failed a request.
    #[error("cannot {action} {url}: {failure}")]
    Storage {
        /// What was being done, as the message words it (`write the dump to`).
        action: &'static str,
        /// The object, `s3://BUCKET/KEY`.
        url: String,
        /// Why the request failed; it decides the exit code.
        failure: StorageFailure,
    },

    /// Could not connect to the database.
    #[error("cannot connect to {url}: {message}")]
    Connect {
        /// The database, its password replaced by `***`.
        url: String,
        /// Why, in the words of the network or the server, and how long it was tried.
        message: String,
    },

    /// A database operation of dbshape itself failed.
    #[error("{context}: {message}")]
    Database {
        /// What dbshape was doing (`cannot read the change log`).
        context: String,
        /// The database's error.
        message: String,
    },

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
        /// Seconds waited for the lock (`--lock-timeout`).
        waited_secs: u64,
        /// Who holds the lock (host, pid, since when); `None` when the holder has not recorded
        /// itself yet.
        holder: Option<Box<LockHolder>>,
    },

    /// The operator did not confirm a destructive command.
    #[error("{0}")]
    NotConfirmed(String),

    /// Pruning stopped part-way: what it had deleted, and why it stopped.
    #[error("{cause}; pruning stopped there, after deleting {done}")]
    PruneStopped {
        /// The dumps deleted before the failure (`0 dump(s)`, or their paths).
        done: String,
        /// Why it stopped; it decides the exit code.
        cause: Box<Error>,
    },

    /// `upgrade` failed: the cause, the pre-upgrade dump and the way back. `upgrade`
    /// returns its own typed failure (`upgrade::UpgradeFailure`, which the CLI renders);
    /// callers that only pass it on (`demo`) carry it here, with its exit code.
    #[error("{failure}")]
    Upgrade {
        /// The failure, an [`UpgradeFailure`](crate::upgrade::UpgradeFailure).
        failure: Box<dyn std::error::Error + Send + Sync>,
        /// The exit code of the failure: its cause's, or 1 when the rollback failed too.
        exit_code: i32,
    },
}

/// Where and why a migration statement failed.
#[derive(Debug, thiserror::Error)]
#[error(
    "{}\nthe version is marked FAILED; {}{resume}",
    self.place(),
    class.advice()
)]
pub struct MigrationFailure {
    /// The version that failed.
    pub version: String,
    /// The file, as `<version>/<dialect>/<name>` (`1.2.0/postgres/schemaChanges.sql`), or
    /// `<version> Rust migration <name>` for a Rust step; for dbshape's own work around the
    /// statements (the transaction, the change log), what it was doing, in parentheses.
    pub file: String,
    /// The statement's 1-based position in its file (1 for a Rust step); 0 for dbshape's own
    /// work.
    pub index: usize,
    /// The 1-based line of the file where the statement starts; 0 when there is none (a Rust
    /// step, dbshape's own work).
    pub line: usize,
    /// The statement as sent (shortened when very long), or `(Rust migration <name>)`;
    /// empty for dbshape's own work.
    pub statement: String,
    /// The database's error in dbshape's words, without the URL's password.
    pub message: String,
    /// What kind of failure it was, which decides the advice.
    pub class: FailureClass,
    /// Nothing of the version was kept: its one transaction rolled back (PostgreSQL,
    /// SQLite without no-transaction files).
    pub rolled_back: bool,
    /// What was already done, for the operator.
    pub resume: String,
}

impl MigrationFailure {
    /// Which statement failed, where, and the engine's words: `version V failed in FILE,
    /// statement N (line L):`, the statement, and `database error: ...`.
    pub fn place(&self) -> String {
        let at = if self.line > 0 {
            format!(", statement {} (line {})", self.index, self.line)
        } else {
            String::new()
        };
        format!(
            "version {} failed in {}{at}:\n{}\ndatabase error: {}",
            self.version, self.file, self.statement, self.message
        )
    }
}

/// What kind of failure a database error is (classified by `engine::failure_class`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FailureClass {
    /// The statement is not valid SQL for the engine.
    Syntax,
    /// The statement names a table, column or routine that does not exist.
    MissingObject,
    /// The database's rows (or a value) violate what the statement asks: a new
    /// constraint, a type, a unique key.
    ExistingData,
    /// The database user lacks a privilege.
    Permission,
    /// The connection ended (killed session, network, stopped server).
    ConnectionLost,
    /// Anything else.
    Other,
}

impl FailureClass {
    /// What the operator does next, for a failed migration.
    pub fn advice(self) -> String {
        self.advice_then("run `dbshape migrate` again")
    }

    /// What the operator does next, ending with `then` (the command that goes on: after
    /// `upgrade` rolled everything back, it is `upgrade` again, not `migrate`).
    pub fn advice_then(self, then: &str) -> String {
        match self {
            FailureClass::Syntax => {
                format!("the statement is not valid SQL for this engine: fix it in the file and {then}")
            }
            FailureClass::MissingObject => format!(
                "the statement names an object the database does not have: check the file against the versions before it and the database (`dbshape validate`), then {then}"
            ),
            FailureClass::ExistingData => format!(
                "rows already in the database violate what the statement asks (see the database error): fix those rows, or make the migration handle them first, then {then}"
            ),
            FailureClass::Permission => format!(
                "the database user may not do this: grant the privilege, or run with a user that has it, then {then}"
            ),
            FailureClass::ConnectionLost => {
                format!("the file is not at fault: {then} once the server is reachable")
            }
            FailureClass::Other => format!("fix the file and {then}"),
        }
    }
}

/// Why object storage refused or failed a request (classified by `dump::object`).
#[derive(Debug, Clone, thiserror::Error)]
pub enum StorageFailure {
    /// No usable credentials in the environment.
    #[error("no S3 credentials: {0}")]
    Credentials(String),
    /// The key holds an object and replacing it was not asked for.
    #[error(
        "an object already exists at this key; choose another key or pass --force to replace it"
    )]
    Exists,
    /// No object at the key.
    #[error("no object at this key; check the key (list the bucket to see what it holds)")]
    NotFound,
    /// The bucket does not exist (or is not visible with these credentials).
    #[error(
        "bucket `{0}` does not exist, or these credentials cannot see it; check the bucket \
         name, AWS_REGION and AWS_ENDPOINT_URL"
    )]
    NoBucket(String),
    /// The server refused the credentials or the operation.
    #[error("access denied; check the credentials and the bucket policy ({0})")]
    Denied(String),
    /// The object was replaced between two reads of it.
    #[error(
        "the object changed since it was first read (another upload replaced it); run the \
         command again"
    )]
    Changed,
    /// Any other failure of the request or the transfer.
    #[error("{0}")]
    Request(String),
    /// The module's runtime could not start, or its task stopped.
    #[error("object storage is unavailable in this process: {0}")]
    Runtime(String),
}

impl StorageFailure {
    /// The exit code: like a file, an existing target and missing configuration are
    /// usage errors (2); everything else is an I/O problem (1).
    pub fn exit_code(&self) -> i32 {
        match self {
            StorageFailure::Credentials(_) | StorageFailure::Exists => exit::USAGE,
            _ => exit::ERROR,
        }
    }
}

/// Why a migration file could not be split into statements (by `migrate::splitter`).
///
/// Every variant names the line where the offending construct starts, counted in the
/// normalized input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SplitError {
    /// A string literal is not closed before the end of the file.
    #[error(
        "unterminated string literal starting on line {line}: add the closing {}, and double any {} inside the text",
        quote_name(*quote),
        quote_name(*quote)
    )]
    UnterminatedString {
        /// Line of the opening quote.
        line: usize,
        /// The quote character that opened the literal.
        quote: char,
    },
    /// A quoted identifier is not closed before the end of the file.
    #[error(
        "unterminated quoted identifier starting on line {line}: add the closing {}",
        quote_name(*close)
    )]
    UnterminatedIdentifier {
        /// Line of the opening quote.
        line: usize,
        /// The character that would close the identifier.
        close: char,
    },
    /// A `/*` block comment is not closed before the end of the file.
    #[error(
        "unterminated block comment starting on line {line}: add the closing `*/` (in postgres every nested `/*` needs its own `*/`)"
    )]
    UnterminatedBlockComment {
        /// Line of the opening `/*`.
        line: usize,
    },
    /// A PostgreSQL dollar-quoted string is not closed before the end of the file.
    #[error(
        "unterminated dollar-quoted string `{tag}` starting on line {line}: close it with the same `{tag}`"
    )]
    UnterminatedDollarQuote {
        /// Line of the opening tag.
        line: usize,
        /// The opening tag, such as `$$` or `$body$`.
        tag: String,
    },
    /// A trigger or routine body opened by `BEGIN` (or a `CASE` inside it) has no matching
    /// `END` before the end of the file.
    #[error(
        "unterminated {keyword} ... END block starting on line {line}: add the matching END, followed by `;`"
    )]
    UnterminatedBlock {
        /// Line of the opening keyword.
        line: usize,
        /// The keyword that opened the block, `BEGIN` or `CASE`.
        keyword: &'static str,
    },
    /// A PostgreSQL statement has an opening parenthesis that is never closed, so none of
    /// the `;` after it could end the statement.
    #[error(
        "unclosed parenthesis starting on line {line}: add the matching `)` (a `;` inside parentheses does not end a postgres statement)"
    )]
    UnclosedParenthesis {
        /// Line of the outermost unclosed `(`.
        line: usize,
    },
    /// A MySQL `DELIMITER` command without a delimiter.
    #[error(
        "missing delimiter after DELIMITER on line {line}: write e.g. `DELIMITER $$`, and `DELIMITER ;` to switch back"
    )]
    MissingDelimiter {
        /// Line of the `DELIMITER` command.
        line: usize,
    },
    /// A MySQL `DELIMITER` command whose delimiter cannot be used.
    #[error("invalid DELIMITER command on line {line} (`{command}`): {reason}")]
    InvalidDelimiter {
        /// Line of the `DELIMITER` command.
        line: usize,
        /// The command as written, trimmed.
        command: String,
        /// What is wrong and how to fix it.
        reason: &'static str,
    },
    /// A statement that would discard work or hand the transaction to a two-phase
    /// protocol (see [`crate::migrate::control`]): dbshape owns the version's transaction
    /// and cannot drop it without running what the author meant to throw away.
    #[error(
        "`{statement}` on line {line} ends the transaction dbshape runs this version in: {advice}"
    )]
    TransactionControl {
        /// Line of the statement.
        line: usize,
        /// The statement, shortened to its first line.
        statement: String,
        /// How to fix the file.
        advice: &'static str,
    },
}

/// Names a quote character for error messages.
fn quote_name(quote: char) -> &'static str {
    match quote {
        '\'' => "single quote (')",
        '"' => "double quote (\")",
        '`' => "backtick (`)",
        ']' => "bracket (])",
        _ => "quote",
    }
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
            Error::Upgrade { exit_code, .. } => *exit_code,
            Error::PruneStopped { cause, .. } => cause.exit_code(),
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
