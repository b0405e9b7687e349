//! Whether a database still has the shape its version was given: the live shape read
//! from the catalog, against the shape recorded when a run ended on that version (see
//! `shape_log`). `info` shows the outcome and `validate` fails on drift (exit 5), naming
//! every object missing, extra or changed with both definitions.

use serde::Serialize;

use crate::engine::Engine;
use crate::error::Result;
use crate::shape::Difference;
use crate::version::Version;

use super::shape_log;

/// The outcome of a shape check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ShapeState {
    /// The live shape is the one recorded for the schema version.
    Matches,
    /// It differs: see [`ShapeCheck::differences`].
    Drifted,
    /// Nothing was recorded for the schema version (applied before dbshape recorded
    /// shapes, or by `baseline`): the live shape is shown, not judged.
    NotRecorded,
    /// The database has no schema version yet.
    NoVersion,
}

impl ShapeState {
    pub fn as_str(self) -> &'static str {
        match self {
            ShapeState::Matches => "matches",
            ShapeState::Drifted => "drifted",
            ShapeState::NotRecorded => "not-recorded",
            ShapeState::NoVersion => "no-version",
        }
    }
}

/// A database's live shape against the one recorded for its schema version.
#[derive(Debug, Clone, Serialize)]
pub struct ShapeCheck {
    pub state: ShapeState,
    /// The live shape's digest.
    pub digest: String,
    /// The digest recorded for the schema version, if any.
    pub recorded_digest: Option<String>,
    /// The version the recorded shape belongs to.
    pub version: Option<String>,
    /// What differs in the live database from the recorded shape.
    pub differences: Vec<Difference>,
}

/// Reads the live shape and compares it with the one recorded for `version`.
pub async fn check(engine: &dyn Engine, version: Option<&Version>) -> Result<ShapeCheck> {
    let live = engine.shape().await?;
    let digest = live.digest();
    let Some(version) = version else {
        return Ok(ShapeCheck {
            state: ShapeState::NoVersion,
            digest,
            recorded_digest: None,
            version: None,
            differences: Vec::new(),
        });
    };
    let recorded = shape_log::read(engine, version).await?;
    // Judged by the objects, not by the stored digest, so that a digest taken by another
    // release of dbshape cannot make equal shapes look different.
    let (state, recorded_digest, differences) = match recorded {
        None => (ShapeState::NotRecorded, None, Vec::new()),
        Some(r) => {
            let differences = r.shape.diff(&live);
            let state = match differences.is_empty() {
                true => ShapeState::Matches,
                false => ShapeState::Drifted,
            };
            (state, Some(r.digest), differences)
        }
    };
    Ok(ShapeCheck {
        state,
        digest,
        recorded_digest,
        version: Some(version.to_string()),
        differences,
    })
}
