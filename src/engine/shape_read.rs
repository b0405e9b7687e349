//! Reading a [`Shape`] from catalog queries: each engine's reader
//! (`postgres_shape`, `mysql_shape`, `sqlite_shape`) is a list of queries whose rows are
//! `(kind, name, definition)`, run here one after the other on the engine's connection.
//! Text comes back as the engine sends it: a definition is never reformatted here, so
//! what a report shows is the engine's own rendering.

use sea_orm::{ConnectionTrait, QueryResult};

use super::{db_error, Engine};
use crate::error::Result;
use crate::shape::{server_of, Kind, Shape};

/// An empty shape of the engine's dialect, naming the server it is read from.
async fn empty(engine: &dyn Engine) -> Result<Shape> {
    let mut shape = Shape::new(engine.dialect());
    shape.server = Some(server_of(&engine.engine_version().await?));
    Ok(shape)
}

/// Column `i` of a row as text, whether the driver types it as text or as bytes (MySQL
/// sends some `information_schema` columns as binary strings); NULL is empty.
pub(crate) fn text(row: &QueryResult, i: usize) -> std::result::Result<String, sea_orm::DbErr> {
    match row.try_get_by_index::<Option<String>>(i) {
        Ok(s) => Ok(s.unwrap_or_default()),
        Err(_) => row
            .try_get_by_index::<Option<Vec<u8>>>(i)
            .map(|b| String::from_utf8_lossy(&b.unwrap_or_default()).into_owned()),
    }
}

/// The shape the rows of `queries` describe (each row `(kind, name, definition)`), read
/// one query after the other on the engine's connection.
pub(crate) async fn read_queries(engine: &dyn Engine, queries: &[String]) -> Result<Shape> {
    let mut shape = empty(engine).await?;
    for sql in queries {
        add_rows(engine, &mut shape, sql).await?;
    }
    Ok(shape)
}

/// Runs `sql`, whose rows are `(kind, name, definition)`, and adds every row to `shape`.
pub(crate) async fn add_rows(engine: &dyn Engine, shape: &mut Shape, sql: &str) -> Result<()> {
    for (kind, name, definition) in rows(engine, sql).await? {
        shape.add(kind, name, definition);
    }
    Ok(())
}

/// Runs `sql`, whose rows are `(kind, name, definition)`.
pub(crate) async fn rows(engine: &dyn Engine, sql: &str) -> Result<Vec<(Kind, String, String)>> {
    let context = "cannot read the database's shape from its catalog";
    let found = engine
        .db()
        .query_all_raw(engine.stmt(sql, vec![]))
        .await
        .map_err(|e| db_error(engine, context, &e))?;
    let mut out = Vec::with_capacity(found.len());
    for row in &found {
        let read = |i| text(row, i).map_err(|e| db_error(engine, context, &e));
        let kind = read(0)?;
        let kind = Kind::from_name(&kind).ok_or_else(|| {
            crate::error::Error::Config(format!("{context}: unknown object kind `{kind}`"))
        })?;
        out.push((kind, read(1)?, read(2)?));
    }
    Ok(out)
}
