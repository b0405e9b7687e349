//! The gate and the clean-target rules: a dump loads only into a database at exactly
//! its version, whose tables are the dump's and hold no rows.
//!
//! The gate compares the target's change log with the dump's (across engines, the
//! versions only: the per-dialect migrations of one version are the same schema, their
//! checksums cannot match). With `--shape` an empty target is first migrated to exactly
//! the dump's version. The restore mark (`dbshape_restore_state`) goes in before
//! anything of the restore is written, and makes every other command refuse the
//! database until the same restore completes; a database that holds one may be resumed
//! (a prefix of the dump's versions, tables with rows).

use std::collections::BTreeMap;

use crate::backup::Source;
use crate::dump::format::{Header, TableHeader};
use crate::dump::names;
use crate::dump::reader::DumpSummary;
use crate::dump::target::RestoreTarget;
use crate::engine::{Engine, CHANGE_LOG_TABLE};
use crate::error::{Error, Result};
use crate::migrate::changelog::{self, Status};
use crate::migrate::runner;
use crate::migrate::set::MigrationSet;
use crate::version::Version;

use super::Run;

/// The restore mark of this restore: whether the database held one already (an
/// interrupted restore, which this one resumes), and how the mark names the dump.
pub(super) struct RestoreMark {
    /// The database holds a restore mark from before this restore.
    pub held: bool,
    /// The dump as the restore mark names it: its source and, when it was verified
    /// first, the start of its SHA-256.
    pub dump: String,
}

impl RestoreMark {
    /// Reads the database's restore mark, if any, and names the dump for one.
    pub async fn read(
        engine: &dyn Engine,
        source: &Source,
        verified: Option<&DumpSummary>,
    ) -> Result<RestoreMark> {
        let held = changelog::read_restore_mark(engine).await?.is_some();
        let dump = verified
            .map(|s| format!("{} (sha256 {})", source.describe(), &s.trailer.sha256[..16]))
            .unwrap_or_else(|| source.describe());
        Ok(RestoreMark { held, dump })
    }

    /// Writes the restore mark (committed at once).
    pub async fn write(&self, engine: &dyn Engine, schema_version: Option<&str>) -> Result<()> {
        changelog::set_restore_mark(engine, &self.dump, schema_version).await
    }
}

/// The gate (stage 3): passes when the target's change log equals the dump's; with
/// `--shape`, shapes an empty (or half-shaped, holding a restore mark) database to the dump's
/// version first, after writing the restore mark. Returns whether it shaped.
pub(super) async fn pass(
    run: &Run<'_>,
    header: &Header,
    restore_mark: &RestoreMark,
) -> Result<bool> {
    let (engine, set) = (run.engine, run.set);
    let dump_log = completed(
        &header
            .change_log
            .iter()
            .map(|e| (e.version.clone(), e.checksum.clone(), e.status.clone()))
            .collect::<Vec<_>>(),
    );
    // The per-dialect migrations of one version are the same schema: across engines
    // the versions must match, their checksums (of other files) cannot.
    let cross = header.dialect != engine.dialect();
    let comparable = |log: Log| if cross { versions_only(log) } else { log };
    let dump_log = comparable(dump_log);
    let current = comparable(target_log(engine).await?);
    if let (Some((newest, _)), Some(server)) = (current.last(), set.server_version()) {
        if Version::parse(newest).is_ok_and(|v| &v > server) {
            return Err(Error::VersionMismatch(format!(
                "database {} is at schema version {newest}, newer than this program's server version {server}; \
                 a database newer than the program is never written to",
                engine.url().redacted()
            )));
        }
    }
    if current == dump_log {
        return Ok(false);
    }
    // A restore interrupted while shaping left a prefix of the dump's versions.
    let resumable = restore_mark.held
        && current.iter().all(|entry| dump_log.contains(entry))
        && current.len() < dump_log.len();
    let empty = resumable || (current.is_empty() && user_tables_absent(engine, header).await?);
    if !(run.plan.shape && empty) {
        return Err(gate_error(
            engine,
            header,
            &current,
            &dump_log,
            empty,
            run.plan.shape,
        ));
    }
    check_set_matches(set, header, cross)?;
    if !restore_mark.held {
        restore_mark
            .write(engine, header.schema_version.as_deref())
            .await?;
    }
    run.observer
        .stage("shaping the database to the dump's version");
    let to = header
        .schema_version
        .as_deref()
        .map(Version::parse)
        .transpose()
        .map_err(|e| {
            Error::Integrity(format!("the dump's schema version is not a version: {e}"))
        })?;
    let mut shape_opts = run.opts.clone();
    shape_opts.to = to;
    if shape_opts.to.is_some() {
        runner::migrate_locked(engine, set, &shape_opts, run.observer).await?;
    }
    let now = comparable(target_log(engine).await?);
    if now != dump_log {
        return Err(Error::VersionMismatch(format!(
            "after shaping, the database's change log still differs from the dump's: {}",
            describe_difference(&now, &dump_log)
        )));
    }
    Ok(true)
}

/// The target as the load addresses it: its own table headers for the dump's tables
/// (across engines its names may differ from the dump's by case, see `dump::names`),
/// and those of them that already hold rows.
pub(super) struct CleanTarget {
    pub own: Vec<TableHeader>,
    pub holding: Vec<String>,
}

/// The clean-target rules (stage 4): the tables must be the dump's, and empty, unless
/// the database `has_restore_mark` (shaped by this restore, or holding the restore mark of an
/// interrupted one, whose rows the load clears).
///
/// A table of the dump that the migrations do not create (one made by hand in the
/// source) can only be known missing here, after shaping. The restore mark stays: the
/// database is shaped without its data, and the same restore completes it once the
/// tables exist.
pub(super) async fn clean_target(
    engine: &dyn Engine,
    target: &mut dyn RestoreTarget,
    header: &Header,
    cross: bool,
    has_restore_mark: bool,
) -> Result<CleanTarget> {
    let mut missing = Vec::new();
    let own = if cross {
        // Missing: not even by the target's case rule (an ambiguous name is refused by
        // the match below, naming both).
        let own = target.tables().await?;
        missing.extend(header.tables.iter().filter(|t| {
            names::find(
                engine.dialect(),
                &t.name,
                own.iter().map(|o| o.name.as_str()),
            ) == names::Found::None
        }));
        if !missing.is_empty() {
            return Err(missing_tables(engine, header, &missing, has_restore_mark));
        }
        names::match_tables(engine.dialect(), &header.tables, &own)
            .map_err(|m| Error::VersionMismatch(m.message().to_string()))?
    } else {
        let mut all_columns = target.columns(&header.tables).await?;
        missing.extend(header.tables.iter().filter(|t| {
            t.partition_of.is_none()
                && all_columns
                    .get(&t.display_name())
                    .is_none_or(|c| c.is_empty())
        }));
        if !missing.is_empty() {
            return Err(missing_tables(engine, header, &missing, has_restore_mark));
        }
        for t in &header.tables {
            let cols = all_columns.remove(&t.display_name()).unwrap_or_default();
            let want: Vec<String> = t.columns.iter().map(|c| c.name.clone()).collect();
            if let (true, Some(root)) = (cols.is_empty(), &t.partition_of) {
                return Err(Error::VersionMismatch(format!(
                    "table `{}`, a partition of `{root}` in the dump, does not exist in the database: \
                     create the partitions that were added outside the migrations, with the same bounds, \
                     then restore again",
                    t.display_name()
                )));
            }
            if cols != want {
                return Err(Error::VersionMismatch(format!(
                    "table `{}` has columns ({}) in the database but ({}) in the dump: the database was not shaped by the same migrations",
                    t.display_name(),
                    cols.join(", "),
                    want.join(", ")
                )));
            }
        }
        header.tables.clone()
    };
    let holding: Vec<String> = target
        .row_counts(&own)
        .await?
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|(t, _)| t)
        .collect();
    if !holding.is_empty() && !has_restore_mark {
        return Err(Error::Database {
            context: format!(
                "restore needs a clean database, but table(s) {} already hold rows",
                holding.join(", ")
            ),
            message: "restore into an empty database with `dbshape restore DUMP --shape`; or, to replace everything this database holds, `dbshape restore DUMP --clean` (it drops every object first); or empty these tables first".into(),
        });
    }
    Ok(CleanTarget { own, holding })
}

/// A change log without checksums, to compare across engines.
fn versions_only(log: Log) -> Log {
    log.into_iter().map(|(v, _)| (v, String::new())).collect()
}

type Log = Vec<(String, String)>;

/// (version, checksum) of COMPLETED entries, sorted by version.
fn completed(rows: &[(String, String, String)]) -> Log {
    let mut v: Vec<(Version, String, String)> = rows
        .iter()
        .filter(|(_, _, s)| s == Status::Completed.as_str())
        .filter_map(|(v, c, _)| Version::parse(v).ok().map(|p| (p, v.clone(), c.clone())))
        .collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v.into_iter().map(|(_, v, c)| (v, c)).collect()
}

async fn target_log(engine: &dyn Engine) -> Result<Log> {
    let log = changelog::read(engine).await?;
    Ok(completed(
        &log.iter()
            .map(|r| {
                (
                    r.version.to_string(),
                    r.checksum.clone(),
                    r.status.as_str().to_string(),
                )
            })
            .collect::<Vec<_>>(),
    ))
}

/// Whether none of the dump's tables exists in the target (an empty database); for a
/// dump of another engine, also not under the name the target's case rule gives it.
async fn user_tables_absent(engine: &dyn Engine, header: &Header) -> Result<bool> {
    let cross = header.dialect != engine.dialect();
    for t in &header.tables {
        // `table_exists` looks in the current schema only, where a table of another
        // schema is not; the change log below still tells a used database.
        if t.schema.is_some() {
            continue;
        }
        let folded = names::fold(engine.dialect(), &t.name);
        if engine.table_exists(&t.name).await?
            || (cross && folded != t.name && engine.table_exists(&folded).await?)
        {
            return Ok(false);
        }
    }
    Ok(!engine.table_exists(CHANGE_LOG_TABLE).await? || changelog::read(engine).await?.is_empty())
}

/// The dump's tables that the target lacks: created outside the migrations in the
/// dump's source. `has_restore_mark`: the database holds a restore mark (it was shaped by this
/// restore or an interrupted one), which stays so that the same restore completes it.
fn missing_tables(
    engine: &dyn Engine,
    header: &Header,
    missing: &[&TableHeader],
    has_restore_mark: bool,
) -> Error {
    let list = missing
        .iter()
        .map(|t| {
            let cols: Vec<String> = t
                .columns
                .iter()
                .map(|c| format!("{} {}", c.name, c.data_type))
                .collect();
            format!("`{}` ({})", t.display_name(), cols.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ");
    let version = header.schema_version.as_deref().unwrap_or("(none)");
    let url = engine.url().redacted();
    let state = if has_restore_mark {
        format!(
            "{url} is left shaped to {version} without the dump's data and marked as an unfinished \
             restore; create the missing table(s) there as they were in the dump's source, then run \
             this restore again to complete it (or `dbshape drop-create` to start over)"
        )
    } else {
        format!(
            "nothing of the dump was written to {url}; create the missing table(s) there as they were in the \
             dump's source, then restore again"
        )
    };
    Error::VersionMismatch(format!(
        "the dump holds table(s) that the database at schema version {version} does not have: {list}. \
         The migrations do not create them: they were created outside the migrations in the dump's \
         source. {state}"
    ))
}

/// `--shape` needs this binary's migrations to be the ones the dump was taken after.
fn check_set_matches(set: &MigrationSet, header: &Header, cross: bool) -> Result<()> {
    for e in header
        .change_log
        .iter()
        .filter(|e| e.status == Status::Completed.as_str())
    {
        let v = Version::parse(&e.version).map_err(|err| {
            Error::Integrity(format!("bad version in the dump's change log: {err}"))
        })?;
        match set.get(&v) {
            None => {
                return Err(Error::VersionMismatch(format!(
                    "the dump is at schema version {}, which this program does not know (its server version is {}); \
                     restore with the release that wrote the dump (dbshape {}) or a newer one",
                    header.schema_version.as_deref().unwrap_or("?"),
                    set.server_version().map(|v| v.to_string()).unwrap_or_default(),
                    header.tool_version
                )))
            }
            Some(vm) if vm.checksum != e.checksum && !cross => {
                return Err(Error::VersionMismatch(format!(
                    "version {} differs: the dump's database applied checksum {} but this program's migration has {}; \
                     restore with the release that wrote the dump (dbshape {})",
                    e.version,
                    &e.checksum[..e.checksum.len().min(12)],
                    &vm.checksum[..vm.checksum.len().min(12)],
                    header.tool_version
                )))
            }
            Some(_) => {}
        }
    }
    Ok(())
}

fn describe_difference(target: &Log, dump: &Log) -> String {
    let t: BTreeMap<&String, &String> = target.iter().map(|(v, c)| (v, c)).collect();
    let d: BTreeMap<&String, &String> = dump.iter().map(|(v, c)| (v, c)).collect();
    let mut out = Vec::new();
    for (v, c) in &d {
        match t.get(v) {
            None => out.push(format!("{v} is in the dump only")),
            Some(tc) if tc != c => out.push(format!(
                "version {v} has checksum {} in the database but {} in the dump",
                &tc[..tc.len().min(12)],
                &c[..c.len().min(12)]
            )),
            _ => {}
        }
    }
    for v in t.keys() {
        if !d.contains_key(v) {
            out.push(format!("{v} is in the database only"));
        }
    }
    out.join("; ")
}

fn gate_error(
    engine: &dyn Engine,
    header: &Header,
    target: &Log,
    dump: &Log,
    empty: bool,
    shape: bool,
) -> Error {
    let dump_v = header.schema_version.as_deref().unwrap_or("(none)");
    let target_v = target.last().map(|(v, _)| v.as_str()).unwrap_or("(none)");
    let url = engine.url().redacted();
    if empty {
        return Error::VersionMismatch(format!(
            "the database {url} is empty and the dump is at schema version {dump_v}: \
             run `dbshape restore DUMP --shape` to shape it to {dump_v} first (add --upgrade to then reach the server version)"
        ));
    }
    let what = if target_v == dump_v {
        format!(
            "both are at schema version {dump_v}, but {}",
            describe_difference(target, dump)
        )
    } else {
        format!("the dump is at schema version {dump_v}, the database at {target_v}")
    };
    let shape_note = if shape {
        " (--shape only shapes an empty database)"
    } else {
        ""
    };
    Error::VersionMismatch(format!(
        "refusing to restore into {url}: {what}; a dump loads only into a database at exactly its version{shape_note}. \
         Restore into an empty database instead: `dbshape --url <empty database> restore DUMP --shape`, \
         then `dbshape migrate` (or add --upgrade) to reach the server version"
    ))
}
