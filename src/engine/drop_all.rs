//! `drop-create` and `restore --clean`: drop every object of the current database or
//! schema, written once over three engine primitives (see the `Engine` methods
//! `droppable_objects_sql`, `drop_object_sql` and `any_order_switch`): list the objects in
//! drop order, switch off what would dictate another order (foreign keys), drop each
//! with `IF EXISTS` (an earlier drop may have taken it along), and switch back on also
//! when a drop failed, so the session is left as it was found.

use sea_orm::ConnectionTrait;

use super::{db_error, Engine};
use crate::error::Result;

/// Drops every object [`Engine::droppable_objects_sql`] lists; returns `kind name` of
/// each, in the order dropped. Stops at the first failure, naming the object.
pub async fn drop_all_objects(engine: &dyn Engine) -> Result<Vec<String>> {
    let rows = engine
        .db()
        .query_all_raw(engine.stmt(engine.droppable_objects_sql(), vec![]))
        .await
        .map_err(|e| db_error(engine, "cannot list objects to drop", &e))?;
    let mut objects: Vec<(String, String)> = Vec::with_capacity(rows.len());
    for row in rows {
        let kind: String = row
            .try_get_by_index(0)
            .map_err(|e| db_error(engine, "cannot list objects to drop", &e))?;
        let name: String = row
            .try_get_by_index(1)
            .map_err(|e| db_error(engine, "cannot list objects to drop", &e))?;
        objects.push((kind, name));
    }
    let switch = engine.any_order_switch();
    if let Some((off, _)) = switch {
        engine
            .db()
            .execute_unprepared(off)
            .await
            .map_err(|e| db_error(engine, "cannot switch off foreign-key checks", &e))?;
    }
    let mut dropped = Vec::new();
    let mut result = Ok(());
    for (kind, name) in objects {
        let sql = engine.drop_object_sql(&kind, &name);
        if let Err(e) = engine.db().execute_unprepared(&sql).await {
            result = Err(db_error(engine, format!("cannot drop {kind} {name}"), &e));
            break;
        }
        dropped.push(format!("{} {name}", kind.to_lowercase()));
    }
    if result.is_ok() {
        if let Some(sql) = engine.after_drop_all_sql() {
            // Best effort: leftovers of counters, never a reason to fail the drop.
            let _ = engine.db().execute_unprepared(sql).await;
        }
    }
    if let Some((_, on)) = switch {
        engine
            .db()
            .execute_unprepared(on)
            .await
            .map_err(|e| db_error(engine, "cannot switch foreign-key checks back on", &e))?;
    }
    result.map(|()| dropped)
}

impl dyn Engine + '_ {
    /// Drops every table, view, routine and type of the current database or schema;
    /// returns the names dropped (see [`drop_all_objects`]).
    pub async fn drop_all_objects(&self) -> Result<Vec<String>> {
        drop_all_objects(self).await
    }
}
