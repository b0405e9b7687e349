//! SQLite row syntax: the inside of one `VALUES (...)` tuple as the snapshot reader
//! (`engine::sqlite_snapshot`) writes it, the grammar the dump reader holds every row
//! to, and the fast reading back of those literals for restore.
//!
//! The values are (written by [`push_i64`], [`push_real`], [`push_text`] and
//! [`push_blob`]; `engine::sqlite_snapshot::rows` says why each is written so):
//!
//! - `NULL`;
//! - an integer `-?digits` within `i64`;
//! - a REAL `-?digits.digits[e-?digits]` or `-?digitse-?digits` (`9e999` for infinity),
//!   or an exact product of such REALs `m.0*f*f...` whose later factors have no sign
//!   ([`push_real`]);
//! - `'...'` with `''` for a quote and no control character (below 0x20, or DEL);
//! - `X'...'` with an even number of uppercase hex digits;
//! - `CAST(X'...' AS TEXT)`, text holding control characters or bytes that are not
//!   UTF-8 (<https://www.sqlite.org/lang_expr.html#castexpr>).
//!
//! Each part has a file: the grammar the dump reader checks (`check`), the encoders of
//! REALs (`real`) and of the other values (`encode`), and the fast reading back for
//! restore and `transcode` (`decode`). They sit under one module so that what is
//! written and what is accepted are read side by side; the writers ask the checker
//! where a shape is in doubt ([`exact_products_allowed`]).

mod check;
mod decode;
mod encode;
mod real;

pub(super) use check::value;
pub(super) use decode::decode;
pub use decode::{parse_row, Bytes, Value};
pub use encode::{push_blob, push_i64, push_quoted, push_text};
pub use real::{exact_products_allowed, push_real};
