//! The shape gate: a dump's rows load only into a database of its source's shape.
//!
//! The change-log gate (`gate.rs`) proves that the target ran the same migrations as
//! the dump's source; it cannot see what changed outside them. A source with an index,
//! column or table added by hand, or a target whose trigger a DBA dropped, would load
//! "successfully" and silently lose or change something. So, before any row, the
//! target's live shape is compared with the shape the dump's header carries (read from
//! the source under the migration lock, see `backup`), and any difference refuses the
//! restore (exit 4), each object named with its definition, unless `--allow-drift` lets
//! the rows load into the shape as it is.
//!
//! The dump's shape is comparable only when it was read on the same server (product and
//! the version that renders definitions, see `shape::Shape::server`). Otherwise (a dump
//! of another engine, of another server version, or written before dumps carried
//! shapes) the target is judged as `validate` judges it: against an accepted, shipped
//! or recorded shape of its version, and the report says why and against what.
//!
//! After the load the shape is read again: loading must not change it (MySQL and SQLite
//! drop and recreate triggers around the rows). After `--upgrade` it is judged at the
//! new version, as `validate` would.

use crate::dump::format::Header;
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::migrate::changelog;
use crate::migrate::plan::Assessment;
use crate::migrate::set::MigrationSet;
use crate::migrate::shape_check::{self, Against, ShapeCheck, ShapeState};
use crate::shape::{self, Difference, Kind, Shape};

use super::Run;

/// At most this many differences are written out in full in a refusal.
const SHOWN: usize = 20;

/// The target's shape as judged before the load, and what the load must leave.
pub(super) struct Judged {
    /// The judgement, as the report shows it.
    pub check: ShapeCheck,
    /// The shape the database must have after the load: the expected one when the live
    /// one matched it, else the live one as it was (the load must not change it).
    after_load: Shape,
    /// Trigger differences are left out (see [`before_load`]).
    without_triggers: bool,
}

/// Reads the target's live shape and judges it (see the module documentation); refuses
/// it, unless `allow_drift`, when it differs. `resumed`: the database holds the restore
/// mark of an interrupted load, which on MySQL may have dropped the target's triggers
/// and saved them to put back; their absence is not drift then. `marked`: the database
/// holds a restore mark (shaped by this restore or an interrupted one), which the
/// refusal leaves in place.
pub(super) async fn before_load(
    run: &Run<'_>,
    header: &Header,
    resumed: bool,
    marked: bool,
) -> Result<Judged> {
    let engine = run.engine;
    let live = engine.shape().await?;
    let comparable = header
        .shape
        .as_ref()
        .filter(|s| s.dialect == live.dialect && s.server == live.server);
    let mut check = match comparable {
        Some(dump) => ShapeCheck {
            state: ShapeState::Matches,
            digest: live.digest(),
            recorded_digest: None,
            version: header.schema_version.clone(),
            against: Some(Against::Dump),
            expected_digest: Some(dump.digest()),
            note: None,
            differences: dump.diff(&live),
        },
        None => {
            let log = changelog::read(engine).await?;
            let assessment = Assessment::new(run.set, &log);
            let mut c = shape_check::judge(engine, run.set, &assessment, &live).await?;
            c.note = Some(not_the_dumps(header, &live, &c));
            c
        }
    };
    let without_triggers = resumed && engine.dialect() == crate::dialect::Dialect::Mysql;
    if without_triggers {
        check.differences.retain(|d| {
            !matches!(
                d,
                Difference::Missing {
                    kind: Kind::Trigger,
                    ..
                }
            )
        });
    }
    if check.against.is_some() {
        check.state = match check.differences.is_empty() {
            true => ShapeState::Matches,
            false => ShapeState::Drifted,
        };
    }
    if check.state == ShapeState::Drifted && !run.plan.allow_drift {
        return Err(refusal(engine, &check, marked));
    }
    let after_load = match (comparable, check.state) {
        (Some(dump), ShapeState::Matches) => dump.clone(),
        _ => live,
    };
    Ok(Judged {
        check,
        after_load,
        without_triggers,
    })
}

/// Reads the shape again after the load: the load must have left what [`before_load`]
/// judged. The rows are committed by now, so the error says so.
pub(super) async fn after_load(engine: &dyn Engine, judged: &Judged) -> Result<()> {
    let live = engine.shape().await?;
    let mut differences = judged.after_load.diff(&live);
    if judged.without_triggers
        && judged
            .after_load
            .objects
            .keys()
            .all(|k| k.kind != Kind::Trigger)
    {
        differences.retain(|d| {
            !matches!(
                d,
                Difference::Extra {
                    kind: Kind::Trigger,
                    ..
                }
            )
        });
    }
    if differences.is_empty() {
        return Ok(());
    }
    Err(Error::Drift(format!(
        "the dump's rows are restored into {} and committed, but its shape changed while they \
         loaded: {}:\n{}\nAnother session changed the schema meanwhile, or the load did not put \
         an object back; `dbshape validate` judges the database as it is now",
        engine.url().redacted(),
        shape::summarize(&differences, 5),
        listed(&differences)
    )))
}

/// After `--upgrade`: the shape judged at the new version, as `validate` judges it.
/// Drift refuses (exit 5) unless `allow_drift`, which reports it instead.
pub(super) async fn after_upgrade(
    engine: &dyn Engine,
    set: &MigrationSet,
    allow_drift: bool,
) -> Result<ShapeCheck> {
    let log = changelog::read(engine).await?;
    let check = shape_check::check(engine, set, &Assessment::new(set, &log)).await?;
    if check.state != ShapeState::Drifted || allow_drift {
        return Ok(check);
    }
    Err(Error::Drift(format!(
        "the dump is restored into {} and the database upgraded to {}, but its shape differs \
         from {}: {}:\n{}\nRun `dbshape validate` to judge it again; undo the change, ship it as \
         a migration, or accept it with `dbshape repair --accept-shape`",
        engine.url().redacted(),
        check.version.as_deref().unwrap_or("(none)"),
        check.judged_against(),
        shape::summarize(&check.differences, 5),
        listed(&check.differences)
    )))
}

/// Why the dump's own shape was not the one compared, and what was instead.
fn not_the_dumps(header: &Header, live: &Shape, check: &ShapeCheck) -> String {
    let why = match &header.shape {
        None => format!(
            "the dump carries no shape (written by dbshape {})",
            header.tool_version
        ),
        Some(s) if s.dialect != live.dialect => format!(
            "the dump's shape is {}'s, not comparable with this {} database's",
            s.server.clone().unwrap_or_else(|| s.dialect.to_string()),
            live.dialect
        ),
        Some(s) => format!(
            "the dump's shape was read on {}, this server is {}, whose catalog renders definitions differently",
            s.server.as_deref().unwrap_or("-"),
            live.server.as_deref().unwrap_or("-")
        ),
    };
    let version = check.version.as_deref().unwrap_or("(none)");
    let instead = match check.against {
        Some(a) => format!("compared with {} instead", a.describe(version)),
        None => format!(
            "no shape is accepted, shipped for this server or recorded for {version}, so the shape was not checked"
        ),
    };
    match &check.note {
        Some(note) => format!("{why}; {instead} ({note})"),
        None => format!("{why}; {instead}"),
    }
}

/// The refusal before any row: every difference named with its definitions.
fn refusal(engine: &dyn Engine, check: &ShapeCheck, marked: bool) -> Error {
    let url = engine.url().redacted();
    let version = check.version.as_deref().unwrap_or("(none)");
    let state = if marked {
        format!(
            "{url} is left shaped to {version} without the dump's data and marked as an unfinished \
             restore; make its shape the dump's (create what is missing there, as defined above; \
             drop what is extra), then run this restore again to complete it (or `dbshape \
             drop-create` to start over)"
        )
    } else {
        format!(
            "nothing of the dump was written to {url}; make its shape the dump's (create what is \
             missing there, as defined above; drop what is extra), then restore again"
        )
    };
    let note = check
        .note
        .as_ref()
        .map(|n| format!(" ({n})"))
        .unwrap_or_default();
    Error::VersionMismatch(format!(
        "the database {url} at schema version {version} does not have {}{note}: {}:\n{}\n\
         {state}; or add --allow-drift to load the rows into the shape as it is",
        check.judged_against(),
        shape::summarize(&check.differences, 5),
        listed(&check.differences),
    ))
}

/// The differences one per line (a changed one on three), at most [`SHOWN`].
fn listed(differences: &[Difference]) -> String {
    let mut out: Vec<String> = differences
        .iter()
        .take(SHOWN)
        .map(|d| format!("  {}", here(d).replace('\n', "\n  ")))
        .collect();
    if differences.len() > SHOWN {
        out.push(format!(
            "  ... and {} more (`dbshape shape show` prints the whole shape)",
            differences.len() - SHOWN
        ));
    }
    out.join("\n")
}

/// A difference as seen from the database: what it lacks, has more of, or has otherwise.
fn here(d: &Difference) -> String {
    match d {
        Difference::Missing {
            kind,
            name,
            expected,
        } => format!("missing here {kind} {name}: {expected}"),
        Difference::Extra { kind, name, found } => format!("extra here {kind} {name}: {found}"),
        Difference::Changed {
            kind,
            name,
            expected,
            found,
        } => format!("changed {kind} {name}:\n  expected: {expected}\n  here:     {found}"),
    }
}
