//! The shape of a PostgreSQL database (see [`crate::shape`]), from `pg_catalog` and
//! the server's own deparsers (`pg_get_indexdef`, `pg_get_constraintdef`,
//! `pg_get_viewdef`, `pg_get_functiondef`, `pg_get_triggerdef`, `format_type`,
//! `pg_get_expr`), which print a definition the same way for every database that has it.
//!
//! Rules, each where the query makes it:
//! - every user schema is read (not `pg_*`, not `information_schema`); names in the
//!   connection's current schema are written bare, others `schema.name`, and the
//!   deparsers' `ON public.t` and `FUNCTION public.f` lose the current schema, so a
//!   database shaped under another schema name compares equal;
//! - objects that belong to an extension are left out (the extension itself is listed);
//! - dbshape's own tables in the current schema are left out, with their columns,
//!   keys, indexes and triggers;
//! - a column's position is its rank among the live columns, not `attnum`, which keeps
//!   the gaps of dropped columns;
//! - indexes that implement a primary key, unique or exclusion constraint are listed as
//!   that constraint only;
//! - a sequence lists its parameters and owner, never its current value; a trigger
//!   lists whether it is enabled (`ALTER TABLE ... DISABLE TRIGGER` is a change).
//!
//! Not read: rules, policies, event triggers, aggregates, casts, operators, comments,
//! grants and ownership.

use super::postgres_snapshot::{shown, NOT_EXTENSION, USER_SCHEMA};
use super::shape_read::read_queries;
use super::Engine;
use crate::error::Result;
use crate::shape::Shape;

/// dbshape's own tables, left out when they are in the current schema.
const NOT_OWN: &str = "NOT (n.nspname = current_schema() AND c.relname LIKE 'dbshape\\_%')";

/// Removes the current schema from a deparsed definition's `ON schema.` and
/// `FUNCTION schema.` / `PROCEDURE schema.` prefixes.
fn bare(expr: &str) -> String {
    format!(
        "replace(replace(replace(replace({expr}, \
         ' ON ' || quote_ident(current_schema()) || '.', ' ON '), \
         ' ON ONLY ' || quote_ident(current_schema()) || '.', ' ON ONLY '), \
         'FUNCTION ' || quote_ident(current_schema()) || '.', 'FUNCTION '), \
         'PROCEDURE ' || quote_ident(current_schema()) || '.', 'PROCEDURE ')"
    )
}

/// Reads the shape of the database `engine` is connected to.
pub(crate) async fn read(engine: &dyn Engine) -> Result<Shape> {
    read_queries(engine, &queries()).await
}

/// The catalog queries, one per kind of object; each row is (kind, name, definition).
fn queries() -> Vec<String> {
    let table = shown("n.nspname", "c.relname");
    vec![
        // Extensions: the name, and the schema when it is not the current one.
        "SELECT 'extension', e.extname::text, 'extension' || CASE WHEN n.nspname = current_schema() \
         THEN '' ELSE ' in schema ' || n.nspname::text END \
         FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace"
            .to_string(),
        // Enums (labels in their order), composite types made with CREATE TYPE ... AS
        // (not the row type every table has), and domains (base type, NOT NULL,
        // default, checks).
        format!(
            "SELECT 'type', {name}, CASE t.typtype \
               WHEN 'e' THEN 'ENUM (' || (SELECT string_agg(quote_literal(l.enumlabel), ', ' \
                 ORDER BY l.enumsortorder) FROM pg_catalog.pg_enum l WHERE l.enumtypid = t.oid) || ')' \
               WHEN 'c' THEN 'COMPOSITE (' || (SELECT string_agg(quote_ident(a.attname) || ' ' \
                 || pg_catalog.format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum) \
                 FROM pg_catalog.pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 \
                 AND NOT a.attisdropped) || ')' \
               ELSE 'DOMAIN ' || pg_catalog.format_type(t.typbasetype, t.typtypmod) \
                 || CASE WHEN t.typnotnull THEN ' NOT NULL' ELSE '' END \
                 || COALESCE(' DEFAULT ' || t.typdefault, '') \
                 || COALESCE((SELECT ' ' || string_agg(pg_catalog.pg_get_constraintdef(k.oid), ' ' \
                   ORDER BY k.conname) FROM pg_catalog.pg_constraint k WHERE k.contypid = t.oid), '') \
             END \
             FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace \
             WHERE {USER_SCHEMA} AND (t.typtype IN ('e', 'd') OR (t.typtype = 'c' AND \
               (SELECT r.relkind FROM pg_catalog.pg_class r WHERE r.oid = t.typrelid) = 'c')) \
               AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = \
                 'pg_catalog.pg_type'::pg_catalog.regclass AND d.objid = t.oid AND d.deptype = 'e')",
            name = shown("n.nspname", "t.typname"),
        ),
        // Sequences: parameters and owning column, never the current value.
        format!(
            "SELECT 'sequence', {table}, 'AS ' || pg_catalog.format_type(s.seqtypid, NULL) \
               || ' INCREMENT ' || s.seqincrement || ' MINVALUE ' || s.seqmin \
               || ' MAXVALUE ' || s.seqmax || ' START ' || s.seqstart || ' CACHE ' || s.seqcache \
               || CASE WHEN s.seqcycle THEN ' CYCLE' ELSE '' END \
               || COALESCE((SELECT ' OWNED BY ' || {owner} || '.' || a.attname \
                 FROM pg_catalog.pg_depend d \
                 JOIN pg_catalog.pg_class o ON o.oid = d.refobjid \
                 JOIN pg_catalog.pg_namespace q ON q.oid = o.relnamespace \
                 JOIN pg_catalog.pg_attribute a ON a.attrelid = o.oid AND a.attnum = d.refobjsubid \
                 WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid \
                   AND d.refobjsubid > 0 AND d.deptype IN ('a', 'i') LIMIT 1), '') \
             FROM pg_catalog.pg_sequence s JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid \
             JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
             WHERE {USER_SCHEMA} AND {NOT_EXTENSION} AND {NOT_OWN}",
            owner = shown("q.nspname", "o.relname"),
        ),
        // Tables: partitioning, the partition bound, inheritance, persistence.
        format!(
            "SELECT 'table', {table}, \
               CASE c.relkind WHEN 'p' THEN 'table PARTITION BY ' || pg_catalog.pg_get_partkeydef(c.oid) \
                 ELSE 'table' END \
               || CASE WHEN c.relispartition THEN ' PARTITION OF ' || (SELECT {parent} \
                    FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class p ON p.oid = i.inhparent \
                    JOIN pg_catalog.pg_namespace pn ON pn.oid = p.relnamespace WHERE i.inhrelid = c.oid) \
                  || ' ' || pg_catalog.pg_get_expr(c.relpartbound, c.oid) \
                 ELSE COALESCE((SELECT ' INHERITS (' || string_agg({parent}, ', ' ORDER BY i.inhseqno) || ')' \
                    FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class p ON p.oid = i.inhparent \
                    JOIN pg_catalog.pg_namespace pn ON pn.oid = p.relnamespace WHERE i.inhrelid = c.oid), '') END \
               || CASE c.relpersistence WHEN 'u' THEN ' UNLOGGED' ELSE '' END \
             FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
             WHERE c.relkind IN ('r', 'p') AND {USER_SCHEMA} AND {NOT_EXTENSION} AND {NOT_OWN}",
            parent = shown("pn.nspname", "p.relname"),
        ),
        // Columns: type, NOT NULL, default or generation expression, identity,
        // collation when not the type's, and rank among the live columns.
        format!(
            "SELECT 'column', {table} || '.' || a.attname, \
               pg_catalog.format_type(a.atttypid, a.atttypmod) \
               || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END \
               || CASE WHEN a.attgenerated = 's' THEN ' GENERATED ALWAYS AS (' \
                    || pg_catalog.pg_get_expr(d.adbin, d.adrelid) || ') STORED' \
                  WHEN d.adbin IS NOT NULL THEN ' DEFAULT ' || pg_catalog.pg_get_expr(d.adbin, d.adrelid) \
                  ELSE '' END \
               || CASE a.attidentity WHEN 'a' THEN ' GENERATED ALWAYS AS IDENTITY' \
                  WHEN 'd' THEN ' GENERATED BY DEFAULT AS IDENTITY' ELSE '' END \
               || CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation \
                  THEN ' COLLATE ' || quote_ident(co.collname) ELSE '' END \
               || ' (position ' || rank() OVER (PARTITION BY c.oid ORDER BY a.attnum) || ')' \
             FROM pg_catalog.pg_attribute a \
             JOIN pg_catalog.pg_class c ON c.oid = a.attrelid \
             JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
             JOIN pg_catalog.pg_type t ON t.oid = a.atttypid \
             LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum \
             LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation \
             WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped \
               AND {USER_SCHEMA} AND {NOT_EXTENSION} AND {NOT_OWN}"
        ),
        // Constraints: primary keys, unique, foreign keys, checks, exclusions.
        format!(
            "SELECT 'constraint', {table} || '.' || k.conname, pg_catalog.pg_get_constraintdef(k.oid, true) \
             FROM pg_catalog.pg_constraint k JOIN pg_catalog.pg_class c ON c.oid = k.conrelid \
             JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
             WHERE k.contype IN ('p', 'u', 'f', 'c', 'x') AND {USER_SCHEMA} AND {NOT_EXTENSION} AND {NOT_OWN}"
        ),
        // Indexes not implementing a constraint; an invalid one (a failed concurrent
        // build) says so.
        format!(
            "SELECT 'index', {table} || '.' || i.relname, {def} \
               || CASE WHEN x.indisvalid THEN '' ELSE ' (INVALID)' END \
             FROM pg_catalog.pg_index x JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid \
             JOIN pg_catalog.pg_class c ON c.oid = x.indrelid \
             JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
             WHERE {USER_SCHEMA} AND {NOT_EXTENSION} AND {NOT_OWN} \
               AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k WHERE k.conindid = x.indexrelid \
                 AND k.conrelid = x.indrelid AND k.contype IN ('p', 'u', 'x'))",
            def = bare("pg_catalog.pg_get_indexdef(i.oid)"),
        ),
        // Views and materialized views, with their options (check option, barriers).
        format!(
            "SELECT 'view', {table}, CASE c.relkind WHEN 'm' THEN 'MATERIALIZED ' ELSE '' END \
               || COALESCE('WITH (' || array_to_string(c.reloptions, ', ') || ') ', '') \
               || pg_catalog.pg_get_viewdef(c.oid, true) \
             FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
             WHERE c.relkind IN ('v', 'm') AND {USER_SCHEMA} AND {NOT_EXTENSION}"
        ),
        // Functions and procedures, keyed by their argument types (overloads).
        format!(
            "SELECT 'function', {name} || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')', \
               {def} \
             FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace \
             WHERE p.prokind IN ('f', 'p') AND {USER_SCHEMA} \
               AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = \
                 'pg_catalog.pg_proc'::pg_catalog.regclass AND d.objid = p.oid AND d.deptype = 'e')",
            name = shown("n.nspname", "p.proname"),
            def = bare("pg_catalog.pg_get_functiondef(p.oid)"),
        ),
        // Triggers (not the internal ones of foreign keys) and whether they fire.
        format!(
            "SELECT 'trigger', {table} || '.' || g.tgname, {def} \
               || CASE g.tgenabled WHEN 'D' THEN ' (DISABLED)' WHEN 'R' THEN ' (ENABLED REPLICA)' \
                  WHEN 'A' THEN ' (ENABLED ALWAYS)' ELSE '' END \
             FROM pg_catalog.pg_trigger g JOIN pg_catalog.pg_class c ON c.oid = g.tgrelid \
             JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
             WHERE NOT g.tgisinternal AND {USER_SCHEMA} AND {NOT_EXTENSION} AND {NOT_OWN}",
            def = bare("pg_catalog.pg_get_triggerdef(g.oid, true)"),
        ),
    ]
}
