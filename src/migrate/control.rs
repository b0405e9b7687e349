//! Transaction-control statements written in migration files, and what dbshape does with
//! them.
//!
//! dbshape owns the transaction a version runs in: on PostgreSQL and SQLite the version's
//! statements, its statement journal and its change-log row commit together, and on
//! MySQL each statement commits with its journal row. A file's own `BEGIN;`/`COMMIT;`
//! would end that transaction part-way (what ran before the file's `COMMIT` would stay
//! committed even though the version fails later, and would run again when the version
//! is retried), and a file's `SET autocommit = 0` would leave dbshape's journal rows
//! uncommitted. Real migration sets are full of such statements, written for tools that
//! run each file as a script, so rejecting them would reject most real sets. The rule is
//! therefore:
//!
//! * statements that open or commit a transaction (`BEGIN`, `START TRANSACTION`,
//!   `COMMIT`, `END`, and MySQL's `SET autocommit`) are **elided**: dbshape does not send
//!   them, shows them in `migrate --dry-run` and logs them with `-v`;
//! * statements that would throw work away (`ROLLBACK`, PostgreSQL's `ABORT`) or hand
//!   the transaction to a two-phase protocol (`PREPARE TRANSACTION`, `COMMIT PREPARED`,
//!   MySQL `XA`) are **refused** before anything of the run is executed, with the file and
//!   line, because dropping them would run what the author meant to discard.
//!
//! Savepoints (`SAVEPOINT`, `RELEASE`, `ROLLBACK TO`) work inside dbshape's transaction
//! and are sent as written. Statements are recognised by their leading keywords after
//! comments, as each engine's grammar defines them:
//! [PostgreSQL](https://www.postgresql.org/docs/current/sql-commands.html),
//! [MySQL](https://dev.mysql.com/doc/refman/8.0/en/commit.html),
//! [SQLite](https://www.sqlite.org/lang_transaction.html).

use crate::dialect::Dialect;
use crate::migrate::splitter::Statement;

/// What a transaction-control statement does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Control {
    /// Opens a transaction (`BEGIN`, `START TRANSACTION`): elided.
    Begin,
    /// Commits (`COMMIT`, `END`): elided.
    Commit,
    /// MySQL `SET autocommit = ...`: elided, dbshape decides when its work commits.
    Autocommit,
    /// `ROLLBACK` / `ABORT`: refused.
    Rollback,
    /// Two-phase commit (`PREPARE TRANSACTION`, `COMMIT PREPARED`, `XA ...`): refused.
    TwoPhase,
}

impl Control {
    /// Whether dbshape drops the statement (true) or refuses the file (false).
    pub fn is_elided(self) -> bool {
        matches!(self, Control::Begin | Control::Commit | Control::Autocommit)
    }
}

/// Classifies a statement (as the splitter returns it: leading comments included).
pub fn classify(sql: &str, dialect: Dialect) -> Option<Control> {
    let words = leading_words(sql, 5);
    let w = |i: usize| words.get(i).map_or("", String::as_str);
    match (dialect, w(0)) {
        // MariaDB's `BEGIN NOT ATOMIC ... END` is a compound statement, not a transaction.
        (Dialect::Mysql, "begin") => matches!(w(1), "" | "work").then_some(Control::Begin),
        // PostgreSQL: `BEGIN [WORK|TRANSACTION] [modes]`; SQLite: `BEGIN [DEFERRED|
        // IMMEDIATE|EXCLUSIVE] [TRANSACTION]`. A trigger or function body never reaches
        // here: the splitter keeps it inside its CREATE statement.
        (_, "begin") => Some(Control::Begin),
        (_, "start") if w(1) == "transaction" => Some(Control::Begin),
        (Dialect::Postgres, "commit" | "rollback") if w(1) == "prepared" => Some(Control::TwoPhase),
        (Dialect::Postgres, "prepare") if w(1) == "transaction" => Some(Control::TwoPhase),
        (_, "commit") => Some(Control::Commit),
        (Dialect::Postgres | Dialect::Sqlite, "end") => Some(Control::Commit),
        (_, "rollback") => {
            // `ROLLBACK [WORK|TRANSACTION] TO [SAVEPOINT] name` stays in the transaction.
            let to = if matches!(w(1), "work" | "transaction") {
                w(2)
            } else {
                w(1)
            };
            (to != "to").then_some(Control::Rollback)
        }
        (Dialect::Postgres, "abort") => Some(Control::Rollback),
        (Dialect::Mysql, "xa") => Some(Control::TwoPhase),
        (Dialect::Mysql, "set") if sets_autocommit(&words[1..]) => Some(Control::Autocommit),
        _ => None,
    }
}

/// Whether a statement may change its session in a way that outlives it: `SET`,
/// `RESET`, `USE`, `PRAGMA`, `DISCARD`, `ATTACH`/`DETACH`, or a call of PostgreSQL's
/// `set_config` anywhere in it (`pg_dump` writes `SELECT pg_catalog.set_config(
/// 'search_path', '', false)`). After a version with one, the runner puts the session
/// back as it was after connecting (see [`crate::engine::baseline`]); a version without
/// one pays nothing. A false positive only costs that reset.
pub fn may_change_session(sql: &str) -> bool {
    let words = leading_words(sql, 1);
    matches!(
        words.first().map(String::as_str),
        Some("set" | "reset" | "use" | "pragma" | "discard" | "attach" | "detach")
    ) || sql.to_ascii_lowercase().contains("set_config")
}

/// MySQL: whether the words after `SET` assign `autocommit` (`autocommit`, `@@autocommit`,
/// `SESSION autocommit`, `@@session.autocommit`).
fn sets_autocommit(words: &[String]) -> bool {
    let first = match words.first().map(String::as_str) {
        Some("session" | "local") => words.get(1).map_or("", String::as_str),
        Some(w) => w,
        None => "",
    };
    matches!(
        first,
        "autocommit" | "@@autocommit" | "@@session.autocommit" | "@@local.autocommit"
    )
}

/// The statement's code after its leading comments (a MySQL executable comment
/// `/*!NNNNN ... */` is code: it starts at what the comment runs).
pub fn code(sql: &str) -> &str {
    let mut rest = sql.trim_start();
    loop {
        if let Some(r) = rest.strip_prefix("--").or_else(|| rest.strip_prefix('#')) {
            rest = r.split_once('\n').map_or("", |(_, b)| b).trim_start();
        } else if let Some(r) = rest.strip_prefix("/*") {
            if let Some(code) = r.strip_prefix('!') {
                return code.trim_start_matches(|c: char| c.is_ascii_digit());
            }
            rest = r.split_once("*/").map_or("", |(_, b)| b).trim_start();
        } else {
            return rest;
        }
    }
}

/// Where a statement's code starts (its line, after leading comments) and that line's
/// text, to name it in messages.
pub fn locate(st: &Statement) -> (usize, &str) {
    let code = code(&st.sql);
    let before = &st.sql[..st.sql.len() - code.len()];
    (
        st.line + before.matches('\n').count(),
        code.lines().next().unwrap_or_default().trim_end(),
    )
}

/// The first `n` words of a statement after leading comments, lowercased; a word is a run
/// of letters, digits, `_`, `@` and `.`, so `@@session.autocommit` is one word and
/// `autocommit=0` gives `autocommit`.
fn leading_words(sql: &str, n: usize) -> Vec<String> {
    code(sql)
        .split(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '@' | '.')))
        .filter(|w| !w.is_empty())
        .take(n)
        .map(str::to_ascii_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use Control::*;

    fn c(sql: &str, d: Dialect) -> Option<Control> {
        classify(sql, d)
    }

    /// Guards: every spelling of transaction control in each dialect is recognised.
    #[test]
    fn recognises_each_dialects_transaction_control() {
        for d in [Dialect::Postgres, Dialect::Mysql, Dialect::Sqlite] {
            assert_eq!(c("BEGIN", d), Some(Begin), "{d:?}");
            assert_eq!(c("-- open\nbegin", d), Some(Begin), "{d:?}");
            assert_eq!(c("COMMIT", d), Some(Commit), "{d:?}");
            assert_eq!(c("commit work", d), Some(Commit), "{d:?}");
            assert_eq!(c("ROLLBACK", d), Some(Rollback), "{d:?}");
            assert_eq!(c("rollback to savepoint a", d), None, "{d:?}");
            assert_eq!(c("ROLLBACK TO a", d), None, "{d:?}");
            assert_eq!(c("rollback work to savepoint a", d), None, "{d:?}");
            assert_eq!(c("SAVEPOINT a", d), None, "{d:?}");
            assert_eq!(c("RELEASE SAVEPOINT a", d), None, "{d:?}");
        }
        assert_eq!(c("START TRANSACTION", Dialect::Mysql), Some(Begin));
        assert_eq!(
            c(
                "start transaction isolation level serializable",
                Dialect::Postgres
            ),
            Some(Begin)
        );
        assert_eq!(c("BEGIN WORK", Dialect::Postgres), Some(Begin));
        assert_eq!(
            c("BEGIN IMMEDIATE TRANSACTION", Dialect::Sqlite),
            Some(Begin)
        );
        assert_eq!(c("END", Dialect::Postgres), Some(Commit));
        assert_eq!(c("end transaction", Dialect::Sqlite), Some(Commit));
        assert_eq!(c("ABORT", Dialect::Postgres), Some(Rollback));
        assert_eq!(
            c("PREPARE TRANSACTION 'x'", Dialect::Postgres),
            Some(TwoPhase)
        );
        assert_eq!(c("COMMIT PREPARED 'x'", Dialect::Postgres), Some(TwoPhase));
        assert_eq!(c("XA START 'x'", Dialect::Mysql), Some(TwoPhase));
    }

    /// Guards: MySQL's autocommit switch is transaction control, other SETs are not.
    #[test]
    fn mysql_autocommit_is_transaction_control() {
        let m = Dialect::Mysql;
        assert_eq!(c("SET autocommit=0", m), Some(Autocommit));
        assert_eq!(c("set @@autocommit = 1", m), Some(Autocommit));
        assert_eq!(c("SET SESSION autocommit = OFF", m), Some(Autocommit));
        assert_eq!(c("SET @@session.autocommit=0", m), Some(Autocommit));
        assert_eq!(c("SET foreign_key_checks = 0", m), None);
        assert_eq!(c("SET autocommit = 0", Dialect::Postgres), None);
    }

    /// Guards: session changes of real files are noticed, ordinary statements are not.
    #[test]
    fn notices_statements_that_change_the_session() {
        for sql in [
            "SELECT pg_catalog.set_config('search_path', '', false)",
            "SET search_path = app",
            "set role app_owner",
            "-- x\nUSE other_db",
            "/*!40014 SET FOREIGN_KEY_CHECKS=0 */",
            "PRAGMA foreign_keys = OFF",
            "RESET ALL",
        ] {
            assert!(may_change_session(sql), "{sql}");
        }
        for sql in [
            "CREATE TABLE settings (a int)",
            "UPDATE t SET a = 1",
            "SELECT 1",
        ] {
            assert!(!may_change_session(sql), "{sql}");
        }
    }

    /// Guards: bodies and look-alikes are never taken for transaction control.
    #[test]
    fn leaves_compound_statements_and_look_alikes_alone() {
        assert_eq!(c("BEGIN NOT ATOMIC SELECT 1; END", Dialect::Mysql), None);
        assert_eq!(c("DO $$ BEGIN PERFORM 1; END $$", Dialect::Postgres), None);
        assert_eq!(c("UPDATE t SET begin = 1", Dialect::Postgres), None);
        assert_eq!(c("beginning", Dialect::Sqlite), None);
        assert_eq!(c("END", Dialect::Mysql), None);
        assert_eq!(
            c("/*!40101 SET autocommit=0 */", Dialect::Mysql),
            Some(Autocommit)
        );
        assert_eq!(c("COMMIT_LOG", Dialect::Postgres), None);
    }
}
