//! What kind of statement a migration statement is, judged by its first keyword after
//! leading comments: on an engine without transactional DDL the runner wraps DML and
//! its journal row in one transaction and lets DDL commit on its own, and a version of
//! a single DML statement needs no `STARTED` row. Pure, so that it is unit-tested.

/// Whether a statement is plain DML (`INSERT`, `UPDATE`, `DELETE`, `REPLACE`), which
/// commits with its journal row in one transaction, judged by its first keyword.
pub(super) fn is_plain_dml(sql: &str) -> bool {
    matches!(
        first_keyword(sql).as_str(),
        "INSERT" | "UPDATE" | "DELETE" | "REPLACE"
    )
}

/// Whether a statement is DDL (an engine without transactional DDL commits it
/// implicitly anyway), judged by its first keyword after leading comments.
pub(super) fn is_ddl(sql: &str) -> bool {
    matches!(
        first_keyword(sql).as_str(),
        "CREATE" | "ALTER" | "DROP" | "RENAME" | "TRUNCATE"
    )
}

/// The first keyword of a statement after leading comments, in upper case.
fn first_keyword(sql: &str) -> String {
    let mut rest = sql.trim_start();
    loop {
        if let Some(r) = rest.strip_prefix("--").or_else(|| rest.strip_prefix('#')) {
            rest = r
                .split_once('\n')
                .map(|(_, b)| b)
                .unwrap_or("")
                .trim_start();
        } else if let Some(r) = rest.strip_prefix("/*") {
            rest = r
                .split_once("*/")
                .map(|(_, b)| b)
                .unwrap_or("")
                .trim_start();
        } else {
            break;
        }
    }
    rest.chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect::<String>()
        .to_ascii_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Guards: the MySQL held path wraps DML in a transaction and lets DDL commit alone.
    #[test]
    fn statement_kind_is_read_after_leading_comments() {
        assert!(is_ddl("-- c\n/* x */ create table t (id int)"));
        assert!(is_ddl("# c\nALTER TABLE t ADD c INT"));
        assert!(!is_ddl("INSERT INTO t VALUES (1)"));
        assert!(is_plain_dml("/* a */ insert into t values (1)"));
        assert!(is_plain_dml("REPLACE INTO t VALUES (1)"));
        assert!(!is_plain_dml("CALL p()"));
        assert!(!is_plain_dml("GRANT SELECT ON t TO u"));
    }
}
