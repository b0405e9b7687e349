//! A restore of another engine's dump: what is refused before anything is written, and
//! the plan that converts its rows, counters and digests to the target's.
//!
//! Rows are converted by the target's own column types (`dump::transcode`), table by
//! table on the target's own session; counters move by table; and every table is read
//! back and compared cell by cell (canonical digests) with the converted rows, since
//! the dump's own digests are of the other engine's syntax.

use crate::dialect::Dialect;
use crate::dump::format::{Counter, Header, TableHeader, TableTrailer};
use crate::dump::target::RestoreTarget;
use crate::dump::transcode::{self, TableTranscoder, Unrepresentable};
use crate::error::{Error, Result};

/// A restore of another engine's dump: the target's own table headers and one
/// converter per table, in the dump's table order.
pub(super) struct CrossPlan {
    pub tables: Vec<TableHeader>,
    pub transcoders: Vec<TableTranscoder>,
    target: Dialect,
}

impl CrossPlan {
    /// The plan for `header`'s tables into `own` (the target's headers of them, in the
    /// dump's order) on `target`.
    pub fn new(
        header: &Header,
        target: Dialect,
        own: &[TableHeader],
        unrepresentable: Unrepresentable,
    ) -> CrossPlan {
        let transcoders = header
            .tables
            .iter()
            .zip(own)
            .map(|(t, mine)| {
                TableTranscoder::new(header.dialect, target, t, &mine.columns, unrepresentable)
            })
            .collect();
        CrossPlan {
            tables: own.to_vec(),
            transcoders,
            target,
        }
    }

    /// Values stored as NULL under `--unrepresentable null`.
    pub fn nulled(&self) -> u64 {
        self.transcoders.iter().map(|t| t.nulled).sum()
    }

    /// Sets the target's counters from the dump's: counters move by table, each table's
    /// next value on the source becomes the target's (a PostgreSQL sequence, a MySQL or
    /// SQLite table counter).
    pub async fn set_counters(
        &self,
        header: &Header,
        counters: &[Counter],
        target: &mut dyn RestoreTarget,
    ) -> Result<()> {
        let mut next = transcode::next_values(header.dialect, counters, &header.tables);
        // By the target's name of each table.
        for (table, _) in &mut next {
            if let Some(i) = header.tables.iter().position(|t| &t.name == table) {
                *table = self.tables[i].name.clone();
            }
        }
        let sequences = target.sequences().await?;
        let counters = transcode::target_counters(self.target, &next, &sequences);
        target.set_counters(&counters).await
    }

    /// Reads table `i` back from the target and compares it cell by cell with the
    /// converted rows of the dump (`table` and `trailer` are the dump's).
    pub async fn check_table(
        &self,
        i: usize,
        table: &TableHeader,
        trailer: &TableTrailer,
        target: &mut dyn RestoreTarget,
    ) -> Result<()> {
        let (mine, tc) = (&self.tables[i], &self.transcoders[i]);
        let mut canonical = transcode::CanonicalDigest::new(self.target, &mine.columns);
        target.reread(mine, &mut canonical).await?;
        if canonical.digest != tc.digest || tc.rows != trailer.rows {
            return Err(Error::Integrity(format!(
                "table `{}` holds {} rows with canonical digest {} after loading, the converted rows of the dump were {} with digest {}; the restore did not complete",
                table.name,
                canonical.digest.rows,
                canonical.digest.hex(),
                tc.rows,
                tc.digest.hex()
            )));
        }
        Ok(())
    }
}

/// A dump of another engine is restored only with `--convert`: every row is converted
/// to the target's engine (docs/cross-engine.md), which is what a migration between
/// engines wants and never what a restore into the wrong database should do quietly.
pub(super) fn refuse_unasked_conversion(
    header: &Header,
    target: &str,
    dialect: Dialect,
    convert: bool,
    untouched: bool,
) -> Result<()> {
    if convert || header.dialect == dialect {
        return Ok(());
    }
    Err(Error::Config(format!(
        "the dump is a {} dump and {target} is a {} database: restoring it would convert every row to {}; \
         pass --convert if that is what you want (see docs/cross-engine.md), or point --url at the {} database the dump belongs to{}",
        header.dialect.product(),
        dialect.product(),
        dialect.product(),
        header.dialect.product(),
        if untouched { "; nothing was changed" } else { "; no row was loaded" },
    )))
}

/// Refuses a PostgreSQL dump with partitions for another engine, before anything is
/// written: the dump holds each partition as a table of its own, which the other
/// engine's schema does not have (its partitions, if any, are not tables), so their rows
/// could only be refused table by table or land somewhere else.
pub(super) fn refuse_partitions_across_engines(header: &Header, target: Dialect) -> Result<()> {
    refuse_across_engines(
        header,
        target,
        |t| t.partition_of.as_deref(),
        |roots| {
            format!(
            "the {} dump holds the partitions of partitioned table(s) {roots} as tables of their own, \
             which a restore into {target} cannot put back into partitions: restore this dump into {}",
            header.dialect, header.dialect
        )
        },
    )
}

/// Refuses a PostgreSQL dump with tables of several schemas for another engine, before
/// anything is written: MySQL's schemas are databases of their own and SQLite's are
/// attached files, so those tables have no place in the one target database, and
/// loading them into its tables of the same name would mix or misplace rows.
pub(super) fn refuse_schemas_across_engines(header: &Header, target: Dialect) -> Result<()> {
    refuse_across_engines(
        header,
        target,
        |t| t.schema.as_deref(),
        |schemas| {
            format!(
                "the {} dump holds tables of schema(s) {schemas} besides the connection's schema, \
             which a restore into {target} cannot put in one database: restore this dump into {}",
                header.dialect, header.dialect
            )
        },
    )
}

/// Refuses, for a target of another engine, a dump whose tables name something with
/// `name_of` (a partition root, a schema): `message` gets the distinct names, sorted.
fn refuse_across_engines<'h>(
    header: &'h Header,
    target: Dialect,
    name_of: impl Fn(&'h TableHeader) -> Option<&'h str>,
    message: impl FnOnce(&str) -> String,
) -> Result<()> {
    if header.dialect == target {
        return Ok(());
    }
    let names: std::collections::BTreeSet<&str> =
        header.tables.iter().filter_map(name_of).collect();
    if names.is_empty() {
        return Ok(());
    }
    Err(Error::Unrepresentable(message(
        &names.into_iter().collect::<Vec<_>>().join(", "),
    )))
}
