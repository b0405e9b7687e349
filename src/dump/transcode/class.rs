//! The class of a column for moving values between engines: what a declared type of
//! one dialect holds, so that a value is read and checked by the target's class.

use crate::dialect::Dialect;

/// What a column holds, as far as moving values between engines is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// An integer of `bits` bits, signed or not.
    Int {
        /// Width in bits: 8, 16, 24, 32 or 64 (SQLite's `INTEGER` is 64).
        bits: u8,
        /// Whether the type is `unsigned` (MySQL).
        unsigned: bool,
    },
    /// A boolean (`boolean`, and MySQL's `tinyint(1)`).
    Bool,
    /// A floating-point number (`real`, `float`, `double`).
    Float,
    /// Exact numbers (`numeric`, `decimal`).
    Decimal,
    /// JSON (`json`, `jsonb`), compared by value rather than by its text.
    Json,
    /// Bytes (`bytea`, `blob` and its sizes, `binary`, `varbinary`).
    Binary,
    /// A date without a time (`date`).
    Date,
    /// Date and time (`timestamp`, `timestamptz`, `datetime`).
    DateTime,
    /// A time of day (`time`, `timetz`).
    Time,
    /// Text and anything else, moved as its text.
    Text,
}

/// The class of a declared type on a dialect.
pub fn classify(dialect: Dialect, declared: &str) -> Class {
    let t = declared.trim().to_ascii_lowercase();
    let unsigned = t.contains("unsigned");
    let base = t.split(['(', ' ']).next().unwrap_or_default();
    match (dialect, base) {
        (Dialect::Mysql, "tinyint") if t.starts_with("tinyint(1)") && !unsigned => Class::Bool,
        (_, "tinyint") => Class::Int { bits: 8, unsigned },
        (_, "smallint" | "int2") => Class::Int { bits: 16, unsigned },
        (_, "mediumint") => Class::Int { bits: 24, unsigned },
        (_, "int" | "integer" | "int4" | "serial") => Class::Int {
            // SQLite's INTEGER is 64 bits.
            bits: if dialect == Dialect::Sqlite { 64 } else { 32 },
            unsigned,
        },
        (_, "bigint" | "int8" | "bigserial") => Class::Int { bits: 64, unsigned },
        (_, "boolean" | "bool") => Class::Bool,
        (_, "real" | "float" | "float4" | "float8" | "double") => Class::Float,
        (_, "numeric" | "decimal") => Class::Decimal,
        (_, "json" | "jsonb") => Class::Json,
        (_, "bytea" | "blob" | "tinyblob" | "mediumblob" | "longblob" | "binary" | "varbinary") => {
            Class::Binary
        }
        (_, "date") => Class::Date,
        (_, "timestamp" | "timestamptz" | "datetime") => Class::DateTime,
        (_, "time" | "timetz") => Class::Time,
        _ => Class::Text,
    }
}
