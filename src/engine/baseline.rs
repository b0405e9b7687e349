//! The session as dbshape left it after connecting, so that nothing a migration changes
//! in its session reaches dbshape's own bookkeeping or the next version.
//!
//! Real migration files change their session: every `pg_dump --schema-only` file starts
//! with `SELECT pg_catalog.set_config('search_path', '', false)`, MySQL files `USE` other
//! databases and switch `foreign_key_checks` or `sql_mode`, SQLite files set pragmas. On
//! the one connection dbshape keeps, such a change would outlive its version. Two rules
//! keep it contained:
//!
//! * dbshape's own tables are always written under the schema (PostgreSQL), database
//!   (MySQL) or `main` (SQLite) resolved when connecting, after `connection.init_sql`
//!   ([`Baseline::own`]);
//! * after a version whose statements may change the session (see
//!   [`control::may_change_session`](crate::migrate::control::may_change_session)), the
//!   session is put back as it was after connecting ([`Baseline::reset`]): on
//!   PostgreSQL and SQLite inside the version's transaction, before its journal and
//!   change-log rows; on MySQL right after the version.

/// What [`Engine::read_baseline`](super::Engine::read_baseline) captured.
#[derive(Debug, Clone, Default)]
pub struct Baseline {
    /// The quoted schema or database of dbshape's tables with a trailing dot, e.g.
    /// `"public".`, `` `app`. `` or `main.`.
    pub own: String,
    /// SQL that puts the session back as it was after connecting (several statements,
    /// `;`-separated, no trailing `;`); empty when there is nothing to reset.
    pub reset: String,
}

impl Baseline {
    /// `table` qualified with the schema or database resolved when connecting.
    pub fn qualify(&self, table: &str) -> String {
        format!("{}{table}", self.own)
    }
}
