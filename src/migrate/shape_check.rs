//! Whether a database has the shape its version must have: the live shape read from the
//! catalog, judged against, in this order,
//!
//! 1. a shape an operator accepted for the version (`repair --accept-shape`);
//! 2. the shape the migration set ships for the version and dialect
//!    (`<version>/<dialect>/shape.json`, from `dbshape shape write`), when it was written
//!    on the same server (product and version: see `shape::Shape::server`): this catches
//!    a migration whose effect differs from what its author's database got, as well as
//!    any later hand change;
//! 3. the shape recorded when a migration run ended on the version (`shape_log`).
//!
//! `info` shows the outcome, `validate` fails on drift (exit 5) naming every object
//! missing, extra or changed with both definitions, and `upgrade` refuses to start on a
//! drifted database.

use serde::Serialize;

use crate::engine::Engine;
use crate::error::Result;
use crate::shape::{Difference, Shape};

use super::plan::{Assessment, State};
use super::set::MigrationSet;
use super::shape_log;

/// The outcome of a shape check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ShapeState {
    /// The live shape is the one it was judged against (see [`Against`]).
    Matches,
    /// It differs: see [`ShapeCheck::differences`].
    Drifted,
    /// Nothing to judge by: no shape accepted, shipped (for this server) or recorded for
    /// the schema version (applied before dbshape recorded shapes, or by `baseline`).
    /// The live shape is shown, not judged.
    NotRecorded,
    /// The database has no schema version yet.
    NoVersion,
    /// A version is part-way (failed or interrupted, MySQL's journaled statements or a
    /// no-transaction file): the database is between two shapes until `migrate` finishes
    /// it, so it is not judged.
    Unfinished,
}

/// What a shape was judged against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Against {
    /// A shape accepted with `repair --accept-shape`.
    Accepted,
    /// The shape the migration set ships for the version.
    Shipped,
    /// The shape recorded when a migration run ended on the version.
    Recorded,
    /// The shape of a dump's source, which a restore target must have (`restore`).
    Dump,
}

impl Against {
    /// How a message names it: `the shape accepted for 1.2.0`...
    pub fn describe(self, version: &str) -> String {
        match self {
            Against::Accepted => format!("the shape accepted for {version}"),
            Against::Shipped => format!("the shape the migration set ships for {version}"),
            Against::Recorded => format!("the shape recorded at {version}"),
            Against::Dump => format!("the shape of the dump's source at {version}"),
        }
    }
}

impl ShapeState {
    /// The state as reports show it: `matches`, `drifted`, `not-recorded`, `no-version` or
    /// `unfinished`.
    pub fn as_str(self) -> &'static str {
        match self {
            ShapeState::Matches => "matches",
            ShapeState::Drifted => "drifted",
            ShapeState::NotRecorded => "not-recorded",
            ShapeState::NoVersion => "no-version",
            ShapeState::Unfinished => "unfinished",
        }
    }
}

/// A database's live shape judged at its schema version (see the module documentation).
#[derive(Debug, Clone, Serialize)]
pub struct ShapeCheck {
    /// The outcome: matches, drifted, or not judged and why.
    pub state: ShapeState,
    /// The live shape's digest.
    pub digest: String,
    /// The digest recorded for the schema version, if any.
    pub recorded_digest: Option<String>,
    /// The version the shape is judged at.
    pub version: Option<String>,
    /// What the live shape was judged against (none for `not-recorded`, `no-version` and
    /// `unfinished`).
    pub against: Option<Against>,
    /// The digest of what it was judged against.
    pub expected_digest: Option<String>,
    /// Why a shape the set ships was not used (written on another server), or which
    /// version is part-way (`unfinished`).
    pub note: Option<String>,
    /// What differs in the live database from what it was judged against.
    pub differences: Vec<Difference>,
}

impl ShapeCheck {
    /// What the shape was judged against, in words (`the shape the migration set ships
    /// for 1.2.0`); empty when it was not judged.
    pub fn judged_against(&self) -> String {
        let version = self.version.as_deref().unwrap_or("-");
        self.against
            .map(|a| a.describe(version))
            .unwrap_or_default()
    }
}

/// Reads the live shape and judges it at the schema version of `assessment` (see the
/// module documentation).
pub async fn check(
    engine: &dyn Engine,
    set: &MigrationSet,
    assessment: &Assessment,
) -> Result<ShapeCheck> {
    judge(engine, set, assessment, &engine.shape().await?).await
}

/// Judges `live`, the shape just read from the database, as [`check`] does (for a
/// caller that records the very shape it judged).
pub(crate) async fn judge(
    engine: &dyn Engine,
    set: &MigrationSet,
    assessment: &Assessment,
    live: &Shape,
) -> Result<ShapeCheck> {
    let version = assessment.schema_version.as_ref();
    let mut out = ShapeCheck {
        state: ShapeState::NoVersion,
        digest: live.digest(),
        recorded_digest: None,
        version: version.map(|v| v.to_string()),
        against: None,
        expected_digest: None,
        note: None,
        differences: Vec::new(),
    };
    let Some(version) = version else {
        return Ok(out);
    };
    if let Some(part_way) = assessment
        .entries
        .iter()
        .find(|e| matches!(e.state, State::Failed | State::Incomplete))
    {
        out.state = ShapeState::Unfinished;
        out.note = Some(format!(
            "version {} is {}: the shape is judged once `dbshape migrate` finishes it",
            part_way.version,
            part_way.state.as_str()
        ));
        return Ok(out);
    }
    let recorded = shape_log::read(engine, version).await?;
    out.recorded_digest = recorded.as_ref().map(|r| r.digest.clone());
    let shipped = set.get(version).and_then(|vm| vm.expected_shape.as_ref());
    let usable = shipped.filter(|s| s.server.is_none() || s.server == live.server);
    if let (Some(s), None) = (shipped, usable) {
        out.note = Some(format!(
            "the migration set ships the shape of {version} as {} renders it; this server is {}, so it is not compared",
            s.server.as_deref().unwrap_or("-"),
            live.server.as_deref().unwrap_or("-")
        ));
    }
    let judge: Option<(Against, &Shape)> = match (&recorded, usable) {
        (Some(r), _) if r.accepted => Some((Against::Accepted, &r.shape)),
        (_, Some(s)) => Some((Against::Shipped, s)),
        (Some(r), None) => Some((Against::Recorded, &r.shape)),
        (None, None) => None,
    };
    // Judged by the objects, not by a stored digest, so that a digest taken by another
    // release of dbshape cannot make equal shapes look different.
    match judge {
        None => out.state = ShapeState::NotRecorded,
        Some((against, expected)) => {
            out.differences = expected.diff(live);
            out.against = Some(against);
            out.expected_digest = Some(expected.digest());
            out.state = match out.differences.is_empty() {
                true => ShapeState::Matches,
                false => ShapeState::Drifted,
            };
        }
    }
    Ok(out)
}
