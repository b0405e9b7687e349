//! The shape of a MySQL or MariaDB database (see [`crate::shape`]), from
//! `information_schema`, the catalog both servers keep in the same columns.
//!
//! Rules, each where the query makes it:
//! - only the connection's database is read, and names are written without it; a
//!   view's definition loses the `` `db`. `` the server puts before every table, so a
//!   database under another name compares equal;
//! - dbshape's own tables (`dbshape_*`) are left out, with their columns and indexes;
//! - a table lists its engine, create options, and its collation when that is not the
//!   database's default (where the database was created, not what the migrations made),
//!   never its row count or `AUTO_INCREMENT` counter (they are data); a column its full
//!   type, NOT NULL, default, `EXTRA` (auto_increment, on update, generated), its
//!   collation when not its table's, and its position;
//! - an index lists its uniqueness, method and columns in order, with prefix lengths
//!   and descending order; the primary key is the index `PRIMARY`;
//! - a view lists its check option and security, never its definer (a user of one
//!   server); a routine its parameters, return type, characteristics and body, never its
//!   definer.
//!
//! Not read: events, grants, comments, and MySQL 8's functional index expressions
//! (listed as `(expression)`; MariaDB has none).

use std::collections::BTreeMap;

use super::shape_read::{add_rows, read_queries, text};
use super::{db_error, Engine};
use crate::error::Result;
use crate::shape::{Kind, Shape};
use sea_orm::ConnectionTrait;

/// Tables of the connection's database that are not dbshape's, for a query with
/// `TABLE_SCHEMA` and `TABLE_NAME` columns (indexes belong to base tables only).
const USER_TABLE: &str = "TABLE_SCHEMA = DATABASE() AND TABLE_NAME NOT LIKE 'dbshape\\_%'";

/// Reads the shape of the database `engine` is connected to.
pub(crate) async fn read(engine: &dyn Engine) -> Result<Shape> {
    let mut shape = read_queries(engine, &queries()).await?;
    // Every `information_schema` query opens each table's definition again (a tenth of
    // a second for 300 tables): the partitions are read only where a table has some.
    let partitioned = shape
        .objects
        .iter()
        .any(|(k, d)| k.kind == Kind::Table && d.contains("partitioned"));
    if partitioned {
        add_rows(engine, &mut shape, PARTITIONS).await?;
    }
    let mariadb = shape
        .server
        .as_deref()
        .is_some_and(|s| s.starts_with("MariaDB"));
    add_rows(
        engine,
        &mut shape,
        if mariadb {
            MARIADB_CHECKS
        } else {
            MYSQL_CHECKS
        },
    )
    .await?;
    indexes(engine, &mut shape).await?;
    foreign_keys(engine, &mut shape).await?;
    routines(engine, &mut shape).await?;
    Ok(shape)
}

/// The queries whose rows are whole objects: (kind, name, definition).
fn queries() -> Vec<String> {
    // A column's collation only when it is not its table's: what the table (or the
    // database) gives every column is said once, where it is set.
    let columns = "SELECT 'column', CONCAT(c.TABLE_NAME, '.', c.COLUMN_NAME), CONCAT(c.COLUMN_TYPE, \
           IF(c.IS_NULLABLE = 'NO', ' NOT NULL', ''), \
           IF(c.COLUMN_DEFAULT IS NULL, '', CONCAT(' DEFAULT ', c.COLUMN_DEFAULT)), \
           IF(COALESCE(c.EXTRA, '') = '', '', CONCAT(' ', c.EXTRA)), \
           IF(COALESCE(c.GENERATION_EXPRESSION, '') = '', '', CONCAT(' AS (', c.GENERATION_EXPRESSION, ')')), \
           IF(c.COLLATION_NAME IS NULL OR c.COLLATION_NAME = t.TABLE_COLLATION, '', \
             CONCAT(' COLLATE ', c.COLLATION_NAME)), \
           ' (position ', c.ORDINAL_POSITION, ')') \
         FROM information_schema.COLUMNS c JOIN information_schema.TABLES t \
           ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME \
         WHERE c.TABLE_SCHEMA = DATABASE() AND t.TABLE_TYPE = 'BASE TABLE' \
           AND c.TABLE_NAME NOT LIKE 'dbshape\\_%'"
        .to_string();
    let mut queries: Vec<String> = WHOLE.iter().map(|q| q.to_string()).collect();
    queries.push(columns);
    queries
}

/// Queries that need no other text: (kind, name, definition).
const WHOLE: [&str; 3] = [
    // Tables: engine, collation when not the database's default (which is where the
    // database was created, not what the migrations made), create options. MariaDB's
    // sequences are tables of their own type, read in the same pass.
    "SELECT IF(TABLE_TYPE = 'SEQUENCE', 'sequence', 'table'), TABLE_NAME, \
       IF(TABLE_TYPE = 'SEQUENCE', 'sequence', CONCAT('ENGINE=', COALESCE(ENGINE, ''), \
       IF(TABLE_COLLATION = (SELECT s.DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA s \
         WHERE s.SCHEMA_NAME = DATABASE()), '', CONCAT(' COLLATE=', COALESCE(TABLE_COLLATION, ''))), \
       IF(COALESCE(CREATE_OPTIONS, '') = '', '', CONCAT(' ', CREATE_OPTIONS)))) \
     FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() \
       AND TABLE_TYPE IN ('BASE TABLE', 'SEQUENCE') AND TABLE_NAME NOT LIKE 'dbshape\\_%'",
    // Views: the definition without the database's name, check option, security.
    "SELECT 'view', TABLE_NAME, CONCAT(REPLACE(VIEW_DEFINITION, CONCAT('`', DATABASE(), '`.'), ''), \
       ' CHECK OPTION ', CHECK_OPTION, ' SECURITY ', SECURITY_TYPE) \
     FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE()",
    // Triggers: when, on what, in which order, and the body.
    "SELECT 'trigger', CONCAT(EVENT_OBJECT_TABLE, '.', TRIGGER_NAME), CONCAT(ACTION_TIMING, ' ', \
       EVENT_MANIPULATION, ' FOR EACH ', ACTION_ORIENTATION, ' ORDER ', ACTION_ORDER, ' ', ACTION_STATEMENT) \
     FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() \
       AND EVENT_OBJECT_TABLE NOT LIKE 'dbshape\\_%'",
];

/// Partitions and subpartitions: method, expression, bound, position.
const PARTITIONS: &str = "SELECT 'partition', CONCAT(TABLE_NAME, '.', PARTITION_NAME, \
       IF(SUBPARTITION_NAME IS NULL, '', CONCAT('.', SUBPARTITION_NAME))), \
       CONCAT(PARTITION_METHOD, ' (', COALESCE(PARTITION_EXPRESSION, ''), ')', \
       IF(PARTITION_DESCRIPTION IS NULL, '', CONCAT(' VALUES ', PARTITION_DESCRIPTION)), \
       IF(SUBPARTITION_METHOD IS NULL, '', CONCAT(' SUBPARTITION ', SUBPARTITION_METHOD, ' (', \
         COALESCE(SUBPARTITION_EXPRESSION, ''), ')')), \
       ' (position ', PARTITION_ORDINAL_POSITION, ')') \
     FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = DATABASE() AND PARTITION_NAME IS NOT NULL \
       AND TABLE_NAME NOT LIKE 'dbshape\\_%'";

/// MariaDB's CHECK_CONSTRAINTS names the table (a column's check is named after the
/// column, so names repeat across tables).
const MARIADB_CHECKS: &str = "SELECT 'constraint', CONCAT(TABLE_NAME, '.', CONSTRAINT_NAME), \
       CONCAT('CHECK (', CHECK_CLAUSE, ')') FROM information_schema.CHECK_CONSTRAINTS \
     WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME NOT LIKE 'dbshape\\_%'";

/// MySQL's CHECK_CONSTRAINTS does not: the table comes from TABLE_CONSTRAINTS, where a
/// check's name is unique in the database.
const MYSQL_CHECKS: &str = "SELECT 'constraint', CONCAT(t.TABLE_NAME, '.', c.CONSTRAINT_NAME), \
       CONCAT('CHECK (', c.CHECK_CLAUSE, ')') FROM information_schema.CHECK_CONSTRAINTS c \
     JOIN information_schema.TABLE_CONSTRAINTS t ON t.CONSTRAINT_SCHEMA = c.CONSTRAINT_SCHEMA \
       AND t.CONSTRAINT_NAME = c.CONSTRAINT_NAME AND t.CONSTRAINT_TYPE = 'CHECK' \
     WHERE c.CONSTRAINT_SCHEMA = DATABASE() AND t.TABLE_NAME NOT LIKE 'dbshape\\_%'";

/// Runs `sql` and returns its rows as text.
async fn text_rows(engine: &dyn Engine, sql: &str) -> Result<Vec<Vec<String>>> {
    let context = "cannot read the database's shape from its catalog";
    let rows = engine
        .db()
        .query_all_raw(engine.stmt(sql, vec![]))
        .await
        .map_err(|e| db_error(engine, context, &e))?;
    rows.iter()
        .map(|row| {
            (0..row.column_names().len())
                .map(|i| text(row, i).map_err(|e| db_error(engine, context, &e)))
                .collect()
        })
        .collect()
}

/// Indexes: one row per indexed column, put together in `SEQ_IN_INDEX` order.
async fn indexes(engine: &dyn Engine, shape: &mut Shape) -> Result<()> {
    let sql = format!(
        "SELECT TABLE_NAME, INDEX_NAME, IF(NON_UNIQUE = 0, 'UNIQUE ', ''), INDEX_TYPE, \
           CONCAT(COALESCE(COLUMN_NAME, '(expression)'), \
             IF(SUB_PART IS NULL, '', CONCAT('(', SUB_PART, ')')), IF(COLLATION = 'D', ' DESC', '')) \
         FROM information_schema.STATISTICS WHERE {USER_TABLE} \
         ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX"
    );
    let mut found: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
    for r in text_rows(engine, &sql).await? {
        let entry = found
            .entry(format!("{}.{}", r[0], r[1]))
            .or_insert_with(|| (format!("{}{}", r[2], r[3]), Vec::new()));
        entry.1.push(r[4].clone());
    }
    for (name, (head, columns)) in found {
        shape.add(
            Kind::Index,
            name,
            format!("{head} ({})", columns.join(", ")),
        );
    }
    Ok(())
}

/// Foreign keys: one row per column pair, put together in `ORDINAL_POSITION` order.
async fn foreign_keys(engine: &dyn Engine, shape: &mut Shape) -> Result<()> {
    let sql = "SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME, \
           k.REFERENCED_COLUMN_NAME, r.UPDATE_RULE, r.DELETE_RULE, \
           IF(k.REFERENCED_TABLE_SCHEMA = DATABASE(), '', CONCAT(k.REFERENCED_TABLE_SCHEMA, '.')) \
         FROM information_schema.KEY_COLUMN_USAGE k \
         JOIN information_schema.REFERENTIAL_CONSTRAINTS r ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA \
           AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME \
         WHERE k.TABLE_SCHEMA = DATABASE() AND k.TABLE_NAME NOT LIKE 'dbshape\\_%' \
           AND k.REFERENCED_TABLE_NAME IS NOT NULL \
         ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION";
    type Fk = (Vec<String>, String, Vec<String>, String);
    let mut found: BTreeMap<String, Fk> = BTreeMap::new();
    for r in text_rows(engine, sql).await? {
        let entry = found
            .entry(format!("{}.{}", r[0], r[1]))
            .or_insert_with(|| {
                let rules = format!("ON UPDATE {} ON DELETE {}", r[5], r[6]);
                (Vec::new(), format!("{}{}", r[7], r[3]), Vec::new(), rules)
            });
        entry.0.push(r[2].clone());
        entry.2.push(r[4].clone());
    }
    for (name, (columns, target, referenced, rules)) in found {
        let definition = format!(
            "FOREIGN KEY ({}) REFERENCES {target} ({}) {rules}",
            columns.join(", "),
            referenced.join(", ")
        );
        shape.add(Kind::Constraint, name, definition);
    }
    Ok(())
}

/// Functions and procedures: parameters in order, then return type, characteristics
/// and body.
async fn routines(engine: &dyn Engine, shape: &mut Shape) -> Result<()> {
    let params = "SELECT SPECIFIC_NAME, CONCAT(COALESCE(CONCAT(PARAMETER_MODE, ' '), ''), \
           PARAMETER_NAME, ' ', DTD_IDENTIFIER) \
         FROM information_schema.PARAMETERS WHERE SPECIFIC_SCHEMA = DATABASE() \
           AND ORDINAL_POSITION > 0 ORDER BY SPECIFIC_NAME, ORDINAL_POSITION";
    let mut parameters: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for r in text_rows(engine, params).await? {
        parameters
            .entry(r[0].clone())
            .or_default()
            .push(r[1].clone());
    }
    let sql =
        "SELECT ROUTINE_NAME, ROUTINE_TYPE, COALESCE(CONCAT(' RETURNS ', DTD_IDENTIFIER), ''), \
           CONCAT(IF(IS_DETERMINISTIC = 'YES', ' DETERMINISTIC', ''), ' ', SQL_DATA_ACCESS, \
             ' SQL SECURITY ', SECURITY_TYPE), ROUTINE_DEFINITION \
         FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE()";
    for r in text_rows(engine, sql).await? {
        let args = parameters.remove(&r[0]).unwrap_or_default().join(", ");
        let definition = format!("{} {}({args}){}{} {}", r[1], r[0], r[2], r[3], r[4]);
        shape.add(Kind::Function, r[0].clone(), definition);
    }
    Ok(())
}
