//! The shape of a SQLite database (see [`crate::shape`]), from `sqlite_master` and the
//! table-valued pragmas.
//!
//! SQLite keeps every table, index, view and trigger as the text of the statement that
//! made it, edited in place by `ALTER TABLE` (an added column is appended to the stored
//! `CREATE TABLE`). That text is its canonical form, so it is the definition, as stored:
//! two databases shaped by the same migrations hold the same text. Beside it each column
//! is read from `pragma_table_xinfo` (declared type, NOT NULL, default, primary key
//! position, generated), so a report names the column that changed, not only its table
//! (a column added by hand shows as its table changed and the column extra).
//!
//! Rules:
//! - SQLite's own objects (`sqlite_*`) and dbshape's tables (`dbshape_*`) are left out;
//! - an index SQLite made for a PRIMARY KEY or UNIQUE clause has no text of its own:
//!   it is listed as `automatic UNIQUE (columns)` from `pragma_index_info`;
//! - nothing of the file (page size, free pages, `VACUUM`) is read.

use super::shape_read::read_queries;
use super::Engine;
use crate::error::Result;
use crate::shape::Shape;

/// Objects of the schema that are not SQLite's or dbshape's, for a query on
/// `sqlite_master m`.
const USER_OBJECT: &str = "m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' \
     AND m.tbl_name NOT LIKE 'dbshape\\_%' ESCAPE '\\'";

/// Reads the shape of the database `engine` is connected to.
pub(crate) async fn read(engine: &dyn Engine) -> Result<Shape> {
    read_queries(engine, &queries()).await
}

/// The catalog queries; each row is (kind, name, definition).
fn queries() -> Vec<String> {
    vec![
        format!(
            "SELECT 'table', m.name, m.sql FROM sqlite_master m WHERE m.type = 'table' AND {USER_OBJECT}"
        ),
        format!(
            "SELECT 'column', m.name || '.' || p.name, p.type \
               || CASE WHEN p.\"notnull\" THEN ' NOT NULL' ELSE '' END \
               || COALESCE(' DEFAULT ' || p.dflt_value, '') \
               || CASE WHEN p.pk > 0 THEN ' PRIMARY KEY ' || p.pk ELSE '' END \
               || CASE p.hidden WHEN 2 THEN ' GENERATED VIRTUAL' WHEN 3 THEN ' GENERATED STORED' ELSE '' END \
               || ' (position ' || (p.cid + 1) || ')' \
             FROM sqlite_master m, pragma_table_xinfo(m.name) p \
             WHERE m.type = 'table' AND {USER_OBJECT}"
        ),
        format!(
            "SELECT 'index', m.tbl_name || '.' || m.name, COALESCE(m.sql, 'automatic ' \
               || (SELECT CASE WHEN l.\"unique\" THEN 'UNIQUE ' ELSE '' END FROM pragma_index_list(m.tbl_name) l \
                   WHERE l.name = m.name) \
               || '(' || (SELECT group_concat(i.name, ', ') FROM \
                   (SELECT name FROM pragma_index_info(m.name) ORDER BY seqno) i) || ')') \
             FROM sqlite_master m WHERE m.type = 'index' AND m.tbl_name NOT LIKE 'sqlite\\_%' ESCAPE '\\' \
               AND m.tbl_name NOT LIKE 'dbshape\\_%' ESCAPE '\\'"
        ),
        format!("SELECT 'view', m.name, m.sql FROM sqlite_master m WHERE m.type = 'view' AND {USER_OBJECT}"),
        format!(
            "SELECT 'trigger', m.tbl_name || '.' || m.name, m.sql FROM sqlite_master m \
             WHERE m.type = 'trigger' AND {USER_OBJECT}"
        ),
    ]
}
