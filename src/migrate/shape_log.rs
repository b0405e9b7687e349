//! The shape log (`dbshape_shape_log`): the shape a database had when a migration run
//! ended at a version, recorded so that a later check can tell a database that drifted
//! from the one its migrations made, and say which objects changed.
//!
//! **When.** At the end of every run that applied a version, under the migration lock,
//! for the version the run ended on. Versions a run passed through are not recorded:
//! nobody saw the database at them, and reading the catalog after each one would cost
//! a migration of many small versions more than the versions themselves. `migrate --to`
//! records the version it stops at.
//!
//! **What.** The digest, and the shape in its stored form (compact JSON, one entry per
//! object) for the differences; one row per version, replaced when the version is
//! recorded again.

use chrono::Utc;
use sea_orm::{ConnectionTrait, Value};

use crate::engine::{db_error, Engine, SHAPE_LOG_TABLE};
use crate::error::{Error, Result};
use crate::shape::Shape;
use crate::version::Version;

/// A recorded shape: its digest, and the shape itself.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// The digest of the recorded shape (`sha256:...`).
    pub digest: String,
    /// The shape as recorded, for naming the objects that differ.
    pub shape: Shape,
    /// Recorded by `repair --accept-shape`: an operator took this shape for the
    /// version's, over the one the migration set ships.
    pub accepted: bool,
}

/// Records `shape`, read from the live database, for `version` (dbshape's tables exist:
/// a run that applied a version made them); `accepted` marks `repair --accept-shape`.
pub async fn record(
    engine: &dyn Engine,
    version: &Version,
    shape: &Shape,
    accepted: bool,
) -> Result<()> {
    let table = engine.own(SHAPE_LOG_TABLE);
    let v = version.to_string();
    let context = "cannot record the database's shape";
    // Replaced, not updated: one statement each on every engine.
    engine
        .db()
        .execute_raw(engine.stmt(
            &format!("DELETE FROM {table} WHERE version = ?"),
            vec![v.clone().into()],
        ))
        .await
        .map_err(|e| db_error(engine, context, &e))?;
    engine
        .db()
        .execute_raw(engine.stmt(
            &format!(
                "INSERT INTO {table} (version, digest, shape, accepted, recorded_on) \
                 VALUES (?, ?, ?, ?, ?)"
            ),
            vec![
                v.into(),
                shape.digest().into(),
                shape.to_json().into(),
                Value::from(accepted),
                Value::from(Utc::now().naive_utc()),
            ],
        ))
        .await
        .map_err(|e| db_error(engine, context, &e))?;
    Ok(())
}

/// The shape recorded for `version`, if any (a database dbshape migrated before it
/// recorded shapes has none).
pub async fn read(engine: &dyn Engine, version: &Version) -> Result<Option<Recorded>> {
    if !engine.table_exists(SHAPE_LOG_TABLE).await? {
        return Ok(None);
    }
    let context = "cannot read the recorded shape";
    let row = engine
        .db()
        .query_one_raw(engine.stmt(
            &format!(
                "SELECT digest, shape, CASE WHEN accepted THEN 1 ELSE 0 END FROM {} WHERE version = ?",
                engine.own(SHAPE_LOG_TABLE)
            ),
            vec![version.to_string().into()],
        ))
        .await
        .map_err(|e| db_error(engine, context, &e))?;
    let Some(row) = row else {
        return Ok(None);
    };
    let digest: String = row
        .try_get_by_index(0)
        .map_err(|e| db_error(engine, context, &e))?;
    let text: String = row
        .try_get_by_index(1)
        .map_err(|e| db_error(engine, context, &e))?;
    let accepted = row
        .try_get_by_index::<i32>(2)
        .or_else(|_| row.try_get_by_index::<i64>(2).map(|v| v as i32))
        .map_err(|e| db_error(engine, context, &e))?
        != 0;
    let shape = Shape::from_json(&text).map_err(|e| {
        Error::Integrity(format!(
            "the shape recorded for version {version} in {SHAPE_LOG_TABLE} cannot be read: {e}"
        ))
    })?;
    Ok(Some(Recorded {
        digest,
        shape,
        accepted,
    }))
}
