//! Stepping a statement through SQLite's C API on the handle of a sqlx connection.
//!
//! sqlx's SQLite driver runs every statement on a worker thread of its own and sends
//! each row to the caller through a channel, copying every value of it
//! (`sqlite3_value_dup`: allocations under SQLite's memory mutex) and freeing the copy
//! on the caller's thread. For a dump, which reads every value of every row once, that
//! hand-off costs several times the reading itself. Here the statement is prepared on
//! the raw handle that sqlx lends out (`LockedSqliteHandle::as_raw_handle`, which keeps
//! its worker away from the handle meanwhile) and stepped on the caller's thread, and
//! the caller reads each value where SQLite keeps it, without a copy
//! (<https://www.sqlite.org/c3ref/column_blob.html>).
//!
//! It links the libsqlite3 that sqlx links (the same `libsqlite3-sys`), so there is one
//! SQLite in the process.

use std::ffi::CStr;
use std::os::raw::c_int;
use std::ptr::{self, NonNull};

use libsqlite3_sys as ffi;
use sea_orm::sqlx::sqlite::SqliteConnection;

/// How long one request for the raw handle may take before it is made again.
const LOCK_ATTEMPT: std::time::Duration = std::time::Duration::from_millis(250);

/// How many times the raw handle is requested before giving up.
const LOCK_ATTEMPTS: u32 = 40;

/// Runs `f` with the connection's raw handle, borrowed from sqlx (`lock_handle`) for
/// the time `f` runs; the request for it is made again when it does not complete.
///
/// The request is a hand-off with sqlx's worker thread, which gives up the connection's
/// lock on a message. Under load, about one restore of a few hundred tables in three
/// saw a request never complete: the worker had given the lock up and waited for it
/// back, and the request waited too, with nothing left to wake either. A request that
/// was dropped and made again always completed (a database of 158 tables restored 12
/// times in a row). Nothing else uses the connection meanwhile (`&mut`), so a request
/// that takes longer than `LOCK_ATTEMPT` is that stall, not work; a worker that is
/// gone is an error at once.
pub async fn with_handle<T>(
    conn: &mut SqliteConnection,
    f: impl FnOnce(NonNull<ffi::sqlite3>) -> T,
) -> Result<T, sea_orm::sqlx::Error> {
    for _ in 1..LOCK_ATTEMPTS {
        if let Ok(handle) = tokio::time::timeout(LOCK_ATTEMPT, conn.lock_handle()).await {
            let mut handle = handle?;
            return Ok(f(handle.as_raw_handle()));
        }
    }
    let mut handle = conn.lock_handle().await?;
    Ok(f(handle.as_raw_handle()))
}

/// The storage class of one value (<https://www.sqlite.org/datatype3.html>).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// `NULL`.
    Null,
    /// A 64-bit signed integer.
    Integer,
    /// An 8-byte IEEE floating-point number.
    Real,
    /// A text string, in the database's encoding.
    Text,
    /// Bytes, stored exactly as given.
    Blob,
}

/// A SQLite error: its message and extended result code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawError {
    /// The extended result code (<https://www.sqlite.org/rescode.html>).
    pub code: c_int,
    /// SQLite's message for the error.
    pub message: String,
}

impl std::fmt::Display for RawError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (code {})", self.message, self.code)
    }
}

fn last_error(db: NonNull<ffi::sqlite3>) -> RawError {
    // SAFETY: `db` is an open handle; `sqlite3_errmsg` returns a NUL-terminated string
    // owned by SQLite, valid until the next call on the handle, copied at once.
    unsafe {
        let text = ffi::sqlite3_errmsg(db.as_ptr());
        let message = if text.is_null() {
            "unknown error".to_string()
        } else {
            CStr::from_ptr(text).to_string_lossy().into_owned()
        };
        RawError {
            code: ffi::sqlite3_extended_errcode(db.as_ptr()),
            message,
        }
    }
}

/// A prepared statement being stepped; finalized when dropped.
pub struct Rows {
    db: NonNull<ffi::sqlite3>,
    stmt: NonNull<ffi::sqlite3_stmt>,
    columns: usize,
}

impl Rows {
    /// Prepares `sql` (one statement, no parameters) on `db`.
    ///
    /// # Safety
    ///
    /// `db` must be an open handle that no other thread uses until the returned value
    /// is dropped (sqlx's `LockedSqliteHandle` guarantees it while it is alive).
    pub unsafe fn prepare(db: NonNull<ffi::sqlite3>, sql: &str) -> Result<Rows, RawError> {
        let Ok(len) = c_int::try_from(sql.len()) else {
            return Err(RawError {
                code: ffi::SQLITE_TOOBIG,
                message: "statement too long".into(),
            });
        };
        let mut stmt = ptr::null_mut();
        // SAFETY: the text and its length are valid for the call; SQLite copies what
        // it keeps.
        let rc = unsafe {
            ffi::sqlite3_prepare_v2(
                db.as_ptr(),
                sql.as_ptr().cast(),
                len,
                &mut stmt,
                ptr::null_mut(),
            )
        };
        if rc != ffi::SQLITE_OK {
            return Err(last_error(db));
        }
        let Some(stmt) = NonNull::new(stmt) else {
            return Err(RawError {
                code: ffi::SQLITE_MISUSE,
                message: "the statement is empty".into(),
            });
        };
        // SAFETY: `stmt` was just prepared.
        let columns = unsafe { ffi::sqlite3_column_count(stmt.as_ptr()) };
        Ok(Rows {
            db,
            stmt,
            columns: usize::try_from(columns).unwrap_or(0),
        })
    }

    /// The number of parameters (`?`) of the statement.
    pub fn parameters(&self) -> usize {
        // SAFETY: the statement is alive.
        let n = unsafe { ffi::sqlite3_bind_parameter_count(self.stmt.as_ptr()) };
        usize::try_from(n).unwrap_or(0)
    }

    /// The number of columns of each row.
    pub fn columns(&self) -> usize {
        self.columns
    }

    /// Advances to the next row: `Ok(true)` when there is one to read.
    pub fn step(&mut self) -> Result<bool, RawError> {
        // SAFETY: the statement is alive and only this thread uses the handle.
        match unsafe { ffi::sqlite3_step(self.stmt.as_ptr()) } {
            ffi::SQLITE_ROW => Ok(true),
            ffi::SQLITE_DONE => Ok(false),
            _ => Err(last_error(self.db)),
        }
    }

    /// The storage class of column `i` of the current row: that very value's, whatever
    /// the column's declared type (`sqlite3_column_type`).
    pub fn class(&self, i: usize) -> Class {
        // SAFETY: `i` is below the column count (checked by SQLite, which answers NULL
        // otherwise); the statement is on a row.
        match unsafe { ffi::sqlite3_column_type(self.stmt.as_ptr(), i as c_int) } {
            ffi::SQLITE_INTEGER => Class::Integer,
            ffi::SQLITE_FLOAT => Class::Real,
            ffi::SQLITE_TEXT => Class::Text,
            ffi::SQLITE_BLOB => Class::Blob,
            _ => Class::Null,
        }
    }

    /// Column `i` as an INTEGER.
    pub fn int64(&self, i: usize) -> i64 {
        // SAFETY: as for `class`.
        unsafe { ffi::sqlite3_column_int64(self.stmt.as_ptr(), i as c_int) }
    }

    /// Column `i` as a REAL.
    pub fn double(&self, i: usize) -> f64 {
        // SAFETY: as for `class`.
        unsafe { ffi::sqlite3_column_double(self.stmt.as_ptr(), i as c_int) }
    }

    /// The bytes of column `i`, without conversion for TEXT and BLOB values (a TEXT
    /// value's bytes in the database encoding, NULs included). Valid until the next
    /// call on this statement, which the borrow enforces.
    pub fn bytes(&self, i: usize) -> &[u8] {
        // SAFETY: `sqlite3_column_blob` first, then `sqlite3_column_bytes`, as the
        // documentation requires; the pointer stays valid until the statement steps or
        // is finalized, which needs `&mut self`.
        unsafe {
            let data = ffi::sqlite3_column_blob(self.stmt.as_ptr(), i as c_int);
            let len = ffi::sqlite3_column_bytes(self.stmt.as_ptr(), i as c_int);
            if data.is_null() || len <= 0 {
                &[]
            } else {
                std::slice::from_raw_parts(data.cast::<u8>(), len as usize)
            }
        }
    }
}

/// Binding parameters of the current statement, for restore's `INSERT`.
impl Rows {
    fn bound(&self, rc: c_int) -> Result<(), RawError> {
        if rc == ffi::SQLITE_OK {
            Ok(())
        } else {
            Err(last_error(self.db))
        }
    }

    /// Binds parameter `i` (from 1) to NULL.
    pub fn bind_null(&mut self, i: usize) -> Result<(), RawError> {
        // SAFETY: the statement is alive; SQLite checks the index.
        self.bound(unsafe { ffi::sqlite3_bind_null(self.stmt.as_ptr(), i as c_int) })
    }

    /// Binds parameter `i` (from 1) to an INTEGER.
    pub fn bind_int64(&mut self, i: usize, v: i64) -> Result<(), RawError> {
        // SAFETY: as for `bind_null`.
        self.bound(unsafe { ffi::sqlite3_bind_int64(self.stmt.as_ptr(), i as c_int, v) })
    }

    /// Binds parameter `i` (from 1) to a REAL.
    pub fn bind_double(&mut self, i: usize, v: f64) -> Result<(), RawError> {
        // SAFETY: as for `bind_null`.
        self.bound(unsafe { ffi::sqlite3_bind_double(self.stmt.as_ptr(), i as c_int, v) })
    }

    /// Binds parameter `i` (from 1) to TEXT of exactly these bytes (NULs included),
    /// copied by SQLite.
    pub fn bind_text(&mut self, i: usize, bytes: &[u8]) -> Result<(), RawError> {
        let len = c_int::try_from(bytes.len()).map_err(|_| too_big())?;
        // SAFETY: SQLITE_TRANSIENT makes SQLite copy the bytes before returning, so the
        // slice need not outlive the call; an empty slice still has a valid pointer,
        // and a non-NULL pointer makes it an empty TEXT rather than NULL.
        self.bound(unsafe {
            ffi::sqlite3_bind_text(
                self.stmt.as_ptr(),
                i as c_int,
                bytes.as_ptr().cast(),
                len,
                ffi::SQLITE_TRANSIENT(),
            )
        })
    }

    /// Binds parameter `i` (from 1) to a BLOB of these bytes, copied by SQLite.
    pub fn bind_blob(&mut self, i: usize, bytes: &[u8]) -> Result<(), RawError> {
        let len = c_int::try_from(bytes.len()).map_err(|_| too_big())?;
        // SAFETY: as for `bind_text`.
        self.bound(unsafe {
            ffi::sqlite3_bind_blob(
                self.stmt.as_ptr(),
                i as c_int,
                bytes.as_ptr().cast(),
                len,
                ffi::SQLITE_TRANSIENT(),
            )
        })
    }

    /// Runs the statement once with its bound values (an `INSERT`) and makes it ready
    /// for the next ones.
    pub fn execute(&mut self) -> Result<(), RawError> {
        let stepped = self.step();
        // SAFETY: the statement is alive. On an error, `sqlite3_reset` returns the same
        // error again; the error of the step is the one reported.
        unsafe {
            ffi::sqlite3_reset(self.stmt.as_ptr());
        }
        stepped.map(|_| ())
    }
}

fn too_big() -> RawError {
    RawError {
        code: ffi::SQLITE_TOOBIG,
        message: "value too large to bind".into(),
    }
}

/// Runs SQL text of one or more statements without results (`sqlite3_exec`).
///
/// # Safety
///
/// As for [`Rows::prepare`].
pub unsafe fn exec(db: NonNull<ffi::sqlite3>, sql: &str) -> Result<(), RawError> {
    let Ok(text) = std::ffi::CString::new(sql) else {
        return Err(RawError {
            code: ffi::SQLITE_MISUSE,
            message: "the statement holds a NUL byte".into(),
        });
    };
    // SAFETY: a NUL-terminated statement, no callback.
    let rc = unsafe {
        ffi::sqlite3_exec(
            db.as_ptr(),
            text.as_ptr(),
            None,
            ptr::null_mut(),
            ptr::null_mut(),
        )
    };
    if rc == ffi::SQLITE_OK {
        Ok(())
    } else {
        Err(last_error(db))
    }
}

impl Drop for Rows {
    fn drop(&mut self) {
        // SAFETY: finalized once; the handle is still locked out for this thread.
        unsafe {
            ffi::sqlite3_finalize(self.stmt.as_ptr());
        }
    }
}
