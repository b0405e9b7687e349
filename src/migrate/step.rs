//! The statement-by-statement path of a version's steps, over the pool: each
//! statement (or Rust step) runs and is journaled as soon as it ran, skipping what the
//! journal says an earlier, unfinished run already did. The path of no-transaction
//! files, of resumed versions, of Rust steps, of everything on an engine whose DDL
//! commits at once, and of a failed batch that has to name its failing statement.

use std::collections::BTreeMap;

use sea_orm::{ConnectionTrait, DbErr};
use sea_orm_migration::SchemaManager;

use crate::fault;
use crate::migrate::batch::statement_call;
use crate::migrate::changelog::{self, JournalKey};
use crate::migrate::classify::is_ddl;
use crate::migrate::job::{Context, Failure, StatementAt};
use crate::migrate::set::{statement_checksum, Step, StepBody, VersionMigration};
use crate::migrate::splitter::Statement;

/// The statement-by-statement path of one version: runs its steps, skipping what the
/// journal says an earlier run already did.
pub(super) struct StepRunner<'a> {
    pub(super) ctx: &'a Context<'a>,
    pub(super) vm: &'a VersionMigration,
    pub(super) journal: &'a BTreeMap<JournalKey, String>,
    /// The first statement to run after a `STARTED` row may report that its effect is
    /// already there (an engine without transactional DDL committed it before the run
    /// that died could journal it); cleared after that statement.
    pub(super) may_be_applied: bool,
}

impl StepRunner<'_> {
    /// Runs one step's statements (or its Rust code) on `conn`, skipping journaled
    /// ones; returns how many ran. `own_transaction`: send each statement with its
    /// journal row in one call, in a transaction of its own when it is not DDL (an
    /// engine whose DDL commits at once, so that DML and its journal row commit
    /// together).
    pub(super) async fn run<C>(
        &mut self,
        conn: &C,
        step: &Step,
        statements: &[Statement],
        own_transaction: bool,
    ) -> std::result::Result<usize, Failure>
    where
        C: ConnectionTrait,
        for<'x> &'x C: sea_orm::IntoDatabaseExecutor<'x>,
    {
        let engine = self.ctx.engine;
        if let StepBody::Rust {
            migration,
            checksum,
        } = &step.body
        {
            if self.journal.contains_key(&(step.name.clone(), 1)) {
                return Ok(0);
            }
            let rust_fail = |e: DbErr| {
                Failure::db(
                    engine,
                    step.display.clone(),
                    1,
                    0,
                    format!("(Rust migration {})", migration.name()),
                    &e,
                )
            };
            let at = StatementAt(&self.vm.version, &step.name, 1);
            fault::point("migrate.statement", &at);
            // On MySQL the step is idempotent by contract and journaled once it is done;
            // on the other engines it runs inside the version's transaction.
            migration
                .up(&SchemaManager::new(conn))
                .await
                .map_err(rust_fail)?;
            fault::point("migrate.statement.ran", &at);
            self.journal_row(conn, step, 1, checksum)
                .await
                .map_err(rust_fail)?;
            self.ctx.observer.statement_done();
            return Ok(1);
        }
        let mut executed = 0;
        for st in statements {
            let index = st.index;
            if self
                .journal
                .contains_key(&(step.name.clone(), index as i64))
            {
                continue;
            }
            let sum = statement_checksum(&st.sql);
            let fail = |e: &DbErr| {
                Failure::db(
                    engine,
                    step.display.clone(),
                    index,
                    st.line,
                    st.sql.clone(),
                    e,
                )
            };
            let at = StatementAt(&self.vm.version, &step.name, index);
            fault::point("migrate.statement", &at);
            let ran = if own_transaction {
                self.run_with_journal_row(step, st).await.map(|()| true)
            } else {
                conn.execute_unprepared(&format!("{}{}", st.sql, st.trailing))
                    .await
                    .map(|_| false)
            };
            let journaled = match ran {
                Ok(journaled) => journaled,
                // It committed before the earlier run could journal it.
                Err(e) if self.may_be_applied && engine.is_already_applied_error(&e) => false,
                Err(e) => return Err(fail(&e)),
            };
            fault::point("migrate.statement.ran", &at);
            if !journaled {
                self.journal_row(conn, step, index as i64, &sum)
                    .await
                    .map_err(|e| fail(&e))?;
            }
            self.may_be_applied = false;
            executed += 1;
            self.ctx.observer.statement_done();
        }
        Ok(executed)
    }

    /// An engine whose DDL commits at once: the statement and its journal row in ONE
    /// call (see [`statement_call`]); a DML statement's transaction that the error left
    /// open is rolled back.
    async fn run_with_journal_row(
        &self,
        step: &Step,
        st: &Statement,
    ) -> std::result::Result<(), DbErr> {
        let db = self.ctx.engine.db();
        let call = statement_call(self.ctx.engine, &self.vm.version, step, st, None, None);
        let r = db.execute_unprepared(&call).await.map(|_| ());
        if r.is_err() && !is_ddl(&st.sql) {
            let _ = db.execute_unprepared("ROLLBACK").await;
        }
        r
    }

    /// Journals one statement (or Rust step) that ran on `conn`.
    async fn journal_row<C: ConnectionTrait>(
        &self,
        conn: &C,
        step: &Step,
        index: i64,
        checksum: &str,
    ) -> std::result::Result<(), DbErr> {
        changelog::journal(
            conn,
            &self.ctx.engine.baseline().own,
            &self.vm.version,
            &step.name,
            index,
            checksum,
        )
        .await
    }
}
