//! What kind of failure a database error is, so that the advice after a failed
//! migration fits its cause: a statement with a syntax error needs the file fixed, one
//! that meets rows violating a new constraint needs the data (or the migration) fixed,
//! one refused for lack of a privilege needs a grant, and a lost connection needs only a
//! re-run. Each engine reports the kind in its own terms: PostgreSQL by SQLSTATE class
//! (<https://www.postgresql.org/docs/current/errcodes-appendix.html>), MySQL and MariaDB
//! by error number (<https://mariadb.com/kb/en/mariadb-error-code-reference/>), SQLite by
//! its message (its result codes do not separate a syntax error from a missing table).

use sea_orm::DbErr;

use super::connection_lost;
use super::errors::sqlx_error;
use crate::error::FailureClass;

/// The kind of failure `err` is; [`FailureClass::Other`] when the engine does not say.
pub fn classify(err: &DbErr) -> FailureClass {
    if connection_lost(err) {
        return FailureClass::ConnectionLost;
    }
    let Some(sqlx_err) = sqlx_error(err) else {
        return FailureClass::Other;
    };
    let Some(db) = sqlx_err.as_database_error() else {
        return FailureClass::Other;
    };
    #[cfg(feature = "mysql")]
    if let Some(my) = db.try_downcast_ref::<sea_orm::sqlx::mysql::MySqlDatabaseError>() {
        return mysql(my.number());
    }
    #[cfg(feature = "postgres")]
    if let Some(code) = db.code() {
        if db
            .try_downcast_ref::<sea_orm::sqlx::postgres::PgDatabaseError>()
            .is_some()
        {
            return postgres(&code);
        }
    }
    sqlite(db.message())
}

#[cfg_attr(not(feature = "postgres"), allow(dead_code))]
fn postgres(sqlstate: &str) -> FailureClass {
    match sqlstate {
        "42601" => FailureClass::Syntax,
        "42501" => FailureClass::Permission,
        // Undefined table, column, function, object, parameter; invalid schema name.
        "42P01" | "42703" | "42883" | "42704" | "42P02" | "3F000" => FailureClass::MissingObject,
        // Class 23: integrity constraint violation; class 22: data exception (a value
        // that does not fit the new type).
        s if s.starts_with("23") || s.starts_with("22") => FailureClass::ExistingData,
        _ => FailureClass::Other,
    }
}

#[cfg_attr(not(feature = "mysql"), allow(dead_code))]
fn mysql(number: u16) -> FailureClass {
    match number {
        1064 | 1149 => FailureClass::Syntax,
        1044 | 1045 | 1142 | 1143 | 1227 | 1370 => FailureClass::Permission,
        // Unknown table (to drop), no such table, column, key to drop, routine, trigger.
        1051 | 1146 | 1054 | 1091 | 1305 | 1360 => FailureClass::MissingObject,
        // NULL into NOT NULL, duplicate entry, invalid NULL, truncated or incorrect
        // value, out of range, foreign key, CHECK constraint.
        1048 | 1062 | 1138 | 1264 | 1265 | 1292 | 1366 | 1406 | 1451 | 1452 | 1690 | 3819
        | 4025 => FailureClass::ExistingData,
        _ => FailureClass::Other,
    }
}

fn sqlite(message: &str) -> FailureClass {
    let m = message.to_ascii_lowercase();
    if m.contains("syntax error") || m.contains("incomplete input") {
        FailureClass::Syntax
    } else if m.contains("no such ") {
        FailureClass::MissingObject
    } else if m.contains("constraint failed") || m.contains("datatype mismatch") {
        FailureClass::ExistingData
    } else if m.contains("readonly") || m.contains("not authorized") {
        FailureClass::Permission
    } else {
        FailureClass::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_map_to_the_advice_they_need() {
        assert_eq!(postgres("42601"), FailureClass::Syntax);
        assert_eq!(postgres("23502"), FailureClass::ExistingData);
        assert_eq!(postgres("22P02"), FailureClass::ExistingData);
        assert_eq!(postgres("42P01"), FailureClass::MissingObject);
        assert_eq!(postgres("42501"), FailureClass::Permission);
        assert_eq!(postgres("40P01"), FailureClass::Other);
        assert_eq!(mysql(1064), FailureClass::Syntax);
        assert_eq!(mysql(1062), FailureClass::ExistingData);
        assert_eq!(mysql(1146), FailureClass::MissingObject);
        assert_eq!(mysql(1142), FailureClass::Permission);
        assert_eq!(sqlite("near \"CREAT\": syntax error"), FailureClass::Syntax);
        assert_eq!(sqlite("no such table: t"), FailureClass::MissingObject);
        assert_eq!(
            sqlite("NOT NULL constraint failed: t.v"),
            FailureClass::ExistingData
        );
        assert_eq!(
            sqlite("attempt to write a readonly database"),
            FailureClass::Permission
        );
    }
}
