//! Database errors in dbshape's words: the driver's text without its wrappers, with
//! PostgreSQL's DETAIL and HINT, the URL's password scrubbed, and a sentence when the
//! session is gone.

use sea_orm::{DbErr, RuntimeErr};

use super::Engine;
use crate::config::DbUrl;
use crate::error::Error;

/// The text of a database error without sea-orm's wrapper noise.
pub fn describe_db_err(err: &DbErr) -> String {
    // dbshape's own words, without the driver's "Custom Error: " in front.
    if let DbErr::Custom(message) = err {
        return message.clone();
    }
    match sqlx_error(err) {
        Some(sea_orm::sqlx::Error::Database(db)) => match db.code() {
            // The server ended the session: PostgreSQL 57P01/57P02
            // (`pg_terminate_backend`, a shutdown), MariaDB 1927 (`KILL`).
            Some(code) if matches!(code.as_ref(), "57P01" | "57P02" | "70100") => {
                format!("{} (code {code}){LOST_CONNECTION}", db.message())
            }
            Some(code) => format!("{} (code {code}){}", db.message(), pg_detail(db.as_ref())),
            None => db.message().to_string(),
        },
        Some(other) => other.to_string(),
        None => err.to_string(),
    }
}

/// PostgreSQL's DETAIL and HINT of an error, which often name the value or row at fault
/// (`Failing row contains (1, null).`, the key of a duplicate), as `; DETAIL: ...`.
#[cfg(not(feature = "postgres"))]
fn pg_detail(_: &dyn sea_orm::sqlx::error::DatabaseError) -> String {
    String::new()
}

#[cfg(feature = "postgres")]
fn pg_detail(db: &dyn sea_orm::sqlx::error::DatabaseError) -> String {
    let Some(pg) = db.try_downcast_ref::<sea_orm::sqlx::postgres::PgDatabaseError>() else {
        return String::new();
    };
    let mut out = String::new();
    if let Some(d) = pg.detail() {
        out.push_str(&format!("; DETAIL: {d}"));
    }
    if let Some(h) = pg.hint() {
        out.push_str(&format!("; HINT: {h}"));
    }
    out
}

/// The driver's (sqlx) error inside a sea-orm error, where there is one.
pub(super) fn sqlx_error(err: &DbErr) -> Option<&sea_orm::sqlx::Error> {
    match err {
        DbErr::Conn(RuntimeErr::SqlxError(e))
        | DbErr::Exec(RuntimeErr::SqlxError(e))
        | DbErr::Query(RuntimeErr::SqlxError(e)) => Some(e.as_ref()),
        _ => None,
    }
}

/// Removes the URL's password from a message, whatever a driver put into it.
pub fn scrub(message: &str, url: &DbUrl) -> String {
    match url.password() {
        Some(pw) if !pw.is_empty() => message.replace(pw, "***"),
        _ => message.to_string(),
    }
}

/// A database error with dbshape's context and the password scrubbed.
pub fn db_error(engine: &dyn Engine, context: impl Into<String>, err: &DbErr) -> Error {
    let mut message = scrub(&describe_db_err(err), engine.url());
    if connection_lost(err) && !message.ends_with(LOST_CONNECTION) {
        message.push_str(LOST_CONNECTION);
    }
    Error::Database {
        context: context.into(),
        message,
    }
}

/// Appended to an error that means the session is gone, whatever the driver's words
/// for it ("connection closed", "bytes remaining on stream", a broken pipe, an EOF).
pub const LOST_CONNECTION: &str = "; the connection to the database server was lost (the \
     session was killed, the network dropped or the server stopped); run the command again";

/// Whether an error of the migration connection says the session is gone: an I/O or
/// protocol error of the socket, PostgreSQL's class 57P0x ("terminating connection due
/// to administrator command", a shutdown) and 08xxx, MariaDB's 1927 ("Connection was
/// killed", <https://mariadb.com/kb/en/mariadb-error-code-reference/>).
pub(super) fn connection_lost(err: &DbErr) -> bool {
    use sea_orm::sqlx::Error as SqlxError;
    if matches!(err, DbErr::ConnectionAcquire(_)) {
        return true;
    }
    let Some(sqlx_err) = sqlx_error(err) else {
        return false;
    };
    match sqlx_err {
        SqlxError::Io(_) | SqlxError::Protocol(_) | SqlxError::PoolClosed => true,
        SqlxError::PoolTimedOut | SqlxError::WorkerCrashed => true,
        SqlxError::Database(db) => {
            let code = db.code();
            let code = code.as_deref().unwrap_or("");
            code.starts_with("57P0") || code.starts_with("08") || code == "70100"
        }
        _ => false,
    }
}
