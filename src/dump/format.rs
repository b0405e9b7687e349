//! The one typed description of the dump layout: magic line, header, table sections,
//! counters, trailer. docs/dump-format.md documents the same thing for people.
//!
//! A dump is a plain SQL script of the source dialect, line oriented so that it can be
//! verified in one streaming pass without parsing SQL:
//!
//! ```text
//! -- dbshape dump format 1                       magic line
//! -- dbshape:header {...}                        one-line JSON header
//! SET ...;                                       preamble (session settings)
//! -- dbshape:table {"name": "t"}                 one section per table
//! COPY "t" ("a", "b") FROM stdin;               PostgreSQL: rows are COPY text lines
//! 1\tx
//! \.
//! -- dbshape:table {"name": "u"}
//! INSERT INTO `u` (`a`, `b`) VALUES              MySQL / SQLite: one row per line
//! (1,'x'),
//! (2,'y');
//! -- dbshape:counters                            sequences / auto-increment counters
//! SELECT pg_catalog.setval(...);
//! -- dbshape:end                                 postamble follows
//! -- dbshape:trailer {...}                       row counts, digests, file digest
//! ```
//!
//! Every row is exactly one line, so a digest per table is computed over row lines and
//! the trailer's SHA-256 covers every byte before the trailer line. No trailer means the
//! dump is truncated.

use serde::{Deserialize, Serialize};

use crate::dialect::Dialect;
use crate::shape::Shape;

/// The format version this build writes, unless a table needs [`FORMAT_VERSION_SCHEMAS`]
/// (see [`format_version_for`]).
///
/// 2: a PostgreSQL dump switches `session_replication_role` to `replica` for its replay
/// where the replaying role may (`templates::REPLICA_ON`, `templates::REPLICA_RESET`). Otherwise as 1.
pub const FORMAT_VERSION: u32 = 2;
/// The format version of a PostgreSQL dump holding tables of a schema other than the
/// connection's current one: their headers, markers and trailer entries carry a
/// `schema`. A reader of format 2 ignores unknown fields, so it would load those rows
/// into the current schema's table of the same name; the new version makes it refuse
/// the dump instead. Otherwise as 2, so dumps without such tables stay readable by
/// older dbshape.
pub const FORMAT_VERSION_SCHEMAS: u32 = 3;
/// Format versions this build reads.
pub const READABLE_VERSIONS: &[u32] = &[1, 2, 3];

/// The format version of a dump of these tables.
pub fn format_version_for(tables: &[TableHeader]) -> u32 {
    if tables.iter().any(|t| t.schema.is_some()) {
        FORMAT_VERSION_SCHEMAS
    } else {
        FORMAT_VERSION
    }
}

/// How a table is named in messages, reports and lookups: `schema.table` for a table
/// of another schema than the connection's, the bare name otherwise.
pub fn display_name(schema: Option<&str>, name: &str) -> String {
    match schema {
        Some(s) => format!("{s}.{name}"),
        None => name.to_string(),
    }
}

/// Prefix of the first line; the format version follows.
pub const MAGIC_PREFIX: &str = "-- dbshape dump format ";
/// Prefix of the header line.
pub const HEADER_PREFIX: &str = "-- dbshape:header ";
/// Prefix of a table section marker.
pub const TABLE_PREFIX: &str = "-- dbshape:table ";
/// Marker before the statements that prepare a shaped database for the data.
pub const PREPARE_MARKER: &str = "-- dbshape:prepare";
/// Opens a trigger definition block (MySQL, SQLite), recreated after the data.
pub const TRIGGER_PREFIX: &str = "-- dbshape:trigger ";
/// Closes a trigger definition block.
pub const TRIGGER_END: &str = "-- dbshape:end-trigger";
/// Marker before the counter statements.
pub const COUNTERS_MARKER: &str = "-- dbshape:counters";
/// Marker after the last data statement.
pub const END_MARKER: &str = "-- dbshape:end";
/// Prefix of the trailer line.
pub const TRAILER_PREFIX: &str = "-- dbshape:trailer ";
/// The line ending a COPY block.
pub const COPY_END: &str = "\\.";

/// Longest row line (bytes, without its line end) a dump may hold: 1 GiB. No engine
/// loads a longer row back, so no restorable dump has one: PostgreSQL builds each COPY
/// row in a string buffer limited to 1 GiB (`MaxAllocSize`, both `COPY TO` and
/// `COPY FROM`), MySQL and MariaDB refuse a statement larger than `max_allowed_packet`,
/// at most 1 GiB
/// (<https://dev.mysql.com/doc/refman/8.0/en/server-system-variables.html#sysvar_max_allowed_packet>),
/// and SQLite a statement longer than `SQLITE_MAX_SQL_LENGTH`, 10^9 bytes by default
/// (<https://www.sqlite.org/limits.html>). The writer refuses a longer row and the
/// reader stops at this length, so a hostile line (a compressed file expanding to one
/// endless line) costs at most this much memory, never the whole line.
pub const MAX_ROW_LINE: usize = 1 << 30;

/// Longest line outside the table sections (bytes, without its line end): 64 MiB. The
/// header and the trailer are the longest such lines, about 100 bytes per table and
/// column and per change-log entry: a million columns fit.
pub const MAX_LINE: usize = 64 << 20;

/// Longest first line read before deciding that a file is not a dump: the magic line
/// is about 30 bytes.
pub const MAX_MAGIC_LINE: usize = 4096;

/// The one-line JSON header.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Header {
    /// The format version, the same as the magic line's.
    pub format_version: u32,
    /// The version of the dbshape that wrote the dump.
    pub tool_version: String,
    /// The SQL dialect of the script, the source database's.
    pub dialect: Dialect,
    /// The source server as it names itself, e.g. `PostgreSQL 15.20 (Debian ...)`.
    pub engine_version: String,
    /// Highest COMPLETED version of the source's change log.
    pub schema_version: Option<String>,
    /// The server version of the dbshape that wrote the dump.
    pub server_version: Option<String>,
    /// The full applied change log of the source.
    pub change_log: Vec<ChangeLogEntry>,
    /// UTC, RFC 3339.
    pub created_at: String,
    /// The dumped tables in dump order (referenced tables first), with their columns.
    pub tables: Vec<TableHeader>,
    /// Triggers of the source, dropped and recreated around the data when a client
    /// replays the dump (MySQL, SQLite). Always empty on PostgreSQL, whose replay
    /// disables triggers for the session instead (`session_replication_role`).
    #[serde(default)]
    pub triggers: Vec<TriggerHeader>,
    /// The digest of [`Header::shape`] (see [`Shape::digest`]), for a reader that only
    /// wants to tell two dumps' shapes apart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shape_digest: Option<String>,
    /// The source's shape, read under the migration lock as the snapshot began: a
    /// restore refuses a target whose live shape differs. Absent in dumps written before
    /// dbshape read shapes; older readers skip it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shape: Option<Shape>,
}

/// A trigger of the source database.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct TriggerHeader {
    /// The trigger's name, as the marker of its trigger block gives it.
    pub name: String,
    /// The table it fires on.
    pub table: String,
}

/// A trigger with its full definition, as the snapshot reader finds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TriggerDef {
    /// The trigger's name in the catalog.
    pub name: String,
    /// The table it fires on.
    pub table: String,
    /// The complete `CREATE TRIGGER` statement, without a terminator.
    pub definition: String,
}

/// One row of the source's change log.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ChangeLogEntry {
    /// The version, as written in the change log.
    pub version: String,
    /// The checksum recorded for the version (SHA-256, hex).
    pub checksum: String,
    /// The change-log status: `COMPLETED`, `STARTED` or `FAILED`.
    pub status: String,
}

impl Header {
    /// Checks what the header says about itself, so that a forged header cannot steer
    /// a restore: the digests detect damage but anyone can recompute them. Every
    /// change-log version must be a version with a known status, the schema version
    /// must be the highest COMPLETED one, and table and column names must be unique
    /// and non-empty (they are always quoted when used; see [`quote_ident`]).
    pub fn check_consistent(&self) -> std::result::Result<(), String> {
        let mut completed = Vec::new();
        for e in &self.change_log {
            let v = crate::version::Version::parse(&e.version).map_err(|err| {
                format!("change-log version `{}` is not a version: {err}", e.version)
            })?;
            match e.status.as_str() {
                "COMPLETED" => completed.push(v),
                "STARTED" | "FAILED" => {}
                other => return Err(format!("change-log status `{other}` is not a status")),
            }
        }
        if let Some(shape) = &self.shape {
            if shape.dialect != self.dialect {
                return Err(format!(
                    "the shape is of {}, the dump of {}",
                    shape.dialect, self.dialect
                ));
            }
            let digest = shape.digest();
            if self.shape_digest.as_deref() != Some(digest.as_str()) {
                return Err(format!(
                    "the shape digest `{}` is not the digest of the shape ({digest})",
                    self.shape_digest.as_deref().unwrap_or("(none)")
                ));
            }
        }
        let highest = completed.into_iter().max().map(|v| v.to_string());
        if highest != self.schema_version {
            return Err(format!(
                "the schema version `{}` is not the highest completed version of the change log ({})",
                self.schema_version.as_deref().unwrap_or("(none)"),
                highest.as_deref().unwrap_or("(none)")
            ));
        }
        // Unique by the displayed name too, which lookups by name rely on: a table of
        // the current schema literally named `s.t` and table `t` of schema `s` collide.
        let mut names = std::collections::BTreeSet::new();
        for t in &self.tables {
            let shown = t.display_name();
            if t.name.is_empty() || !names.insert(shown.clone()) {
                return Err(format!("table name `{shown}` is empty or repeated"));
            }
            if let Some(schema) = &t.schema {
                if schema.is_empty()
                    || self.dialect != Dialect::Postgres
                    || self.format_version < FORMAT_VERSION_SCHEMAS
                {
                    return Err(format!(
                        "table `{shown}` names a schema, which only a PostgreSQL dump of format {FORMAT_VERSION_SCHEMAS} may"
                    ));
                }
            }
            let mut cols = std::collections::BTreeSet::new();
            for c in &t.columns {
                if c.name.is_empty() || !cols.insert(c.name.as_str()) {
                    return Err(format!(
                        "column name `{}` of table `{shown}` is empty or repeated",
                        c.name
                    ));
                }
            }
        }
        Ok(())
    }
}

/// A table of the dump with its dumped (non-generated) columns.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct TableHeader {
    /// The table's own name, never schema-qualified.
    pub name: String,
    /// PostgreSQL: the table's schema when it is not the connection's current schema
    /// (format 3 on). Absent for a table of the current schema, which a restore finds
    /// in its own current schema, as before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The dumped columns in the order of their values in a row line; generated columns
    /// are left out (the target computes them).
    pub columns: Vec<ColumnHeader>,
    /// PostgreSQL: the partitioned table at the root of the partition tree whose leaf
    /// this table is. Its rows are dumped, loaded and checked as this table's own; the
    /// partitioned tables themselves hold no rows and are not dumped. Absent for every
    /// other table (inheritance children included: each is a table with its own rows).
    /// The root is shown as [`display_name`] shows a table (`schema.root` when it is in
    /// another schema than the connection's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partition_of: Option<String>,
}

impl TableHeader {
    /// `schema.table` for a table of another schema, the bare name otherwise (see
    /// [`display_name`]).
    pub fn display_name(&self) -> String {
        display_name(self.schema.as_deref(), &self.name)
    }

    /// The table quoted for SQL of `dialect`, schema-qualified when it has a schema.
    pub fn quoted(&self, dialect: Dialect) -> String {
        match &self.schema {
            Some(s) => format!(
                "{}.{}",
                quote_ident(dialect, s),
                quote_ident(dialect, &self.name)
            ),
            None => quote_ident(dialect, &self.name),
        }
    }
}

/// A dumped column and its declared type on the source.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ColumnHeader {
    /// The column's name as the catalog gives it, unquoted.
    pub name: String,
    /// The column's declared type on the source, as its catalog shows it (`type` in JSON).
    #[serde(rename = "type")]
    pub data_type: String,
}

/// The marker line that opens a table section.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct TableMarker {
    /// The table's own name, never schema-qualified.
    pub name: String,
    /// As [`TableHeader::schema`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
}

/// The trailer line.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Trailer {
    /// Each table's row count and digest, in header order.
    pub tables: Vec<TableTrailer>,
    /// Sequences and auto-increment counters; the counter lines are rendered from
    /// these, so a reader can check that they are exactly what dbshape writes.
    pub counters: Vec<Counter>,
    /// SHA-256 (hex) of every byte of the uncompressed dump before the trailer line.
    pub sha256: String,
    /// Written by `backup --sign` (see `dump::sign`). Absent on unsigned dumps, and
    /// ignored by a dbshape older than signatures, which reads the dump as unsigned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<DumpSignature>,
}

/// An Ed25519 signature of the dump, by `backup --sign` (see `dump::sign`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct DumpSignature {
    /// `ed25519`.
    pub algorithm: String,
    /// The signing key's id: the first 16 hex digits of the SHA-256 of its public key.
    /// Not authenticated; it names the key in messages.
    pub key_id: String,
    /// The 64-byte signature, hex.
    pub value: String,
}

/// Row count and content digest of one table.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct TableTrailer {
    /// The table's own name, never schema-qualified.
    pub name: String,
    /// As [`TableHeader::schema`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Row lines in the table's section.
    pub rows: u64,
    /// Order-independent digest of the table's row lines (see `digest`).
    pub digest: String,
}

/// A sequence (PostgreSQL) or a table's auto-increment counter (MySQL, SQLite).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Counter {
    /// PostgreSQL: the sequence as `regclass` text (`"schema"."seq"` quoted as needed);
    /// MySQL and SQLite: the table name.
    pub name: String,
    /// PostgreSQL: the sequence's `last_value`; MySQL: the table's next `AUTO_INCREMENT`
    /// value; SQLite: the highest id handed out (`sqlite_sequence`).
    pub value: i64,
    /// PostgreSQL `is_called`: whether `value` was already handed out.
    pub called: bool,
}

impl Counter {
    /// The SQL line that sets this counter on `dialect`.
    pub fn render(&self, dialect: Dialect) -> String {
        let lit = self.name.replace('\'', "''");
        match dialect {
            Dialect::Postgres => format!(
                "SELECT pg_catalog.setval('{lit}', {}, {});",
                self.value, self.called
            ),
            Dialect::Mysql => format!(
                "ALTER TABLE {} AUTO_INCREMENT = {};",
                quote_ident(dialect, &self.name),
                self.value
            ),
            Dialect::Sqlite => format!(
                "UPDATE sqlite_sequence SET seq = {v} WHERE name = '{lit}'; \
                 INSERT INTO sqlite_sequence (name, seq) SELECT '{lit}', {v} \
                 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = '{lit}');",
                v = self.value
            ),
        }
    }
}

/// Quotes an identifier for a dialect.
pub fn quote_ident(dialect: Dialect, name: &str) -> String {
    match dialect {
        Dialect::Mysql => format!("`{}`", name.replace('`', "``")),
        Dialect::Postgres | Dialect::Sqlite => format!("\"{}\"", name.replace('"', "\"\"")),
    }
}

/// The statement line that opens a table's data: `COPY ... FROM stdin;` on PostgreSQL,
/// `INSERT INTO ... VALUES` (one per batch) elsewhere.
pub fn data_opening(dialect: Dialect, table: &TableHeader) -> String {
    let cols: Vec<String> = table
        .columns
        .iter()
        .map(|c| quote_ident(dialect, &c.name))
        .collect();
    let name = table.quoted(dialect);
    match dialect {
        Dialect::Postgres => format!("COPY {name} ({}) FROM stdin;", cols.join(", ")),
        Dialect::Mysql | Dialect::Sqlite => {
            format!("INSERT INTO {name} ({}) VALUES", cols.join(", "))
        }
    }
}

/// Largest INSERT statement (bytes) the writer builds before starting another.
pub const INSERT_BATCH_BYTES: usize = 1 << 20;

/// A PostgreSQL header of one table `t` without columns, for the dump modules' tests.
#[cfg(test)]
pub(crate) fn test_pg_header(format_version: u32) -> Header {
    Header {
        format_version,
        tool_version: "0.1.0".into(),
        dialect: Dialect::Postgres,
        engine_version: "PostgreSQL 15".into(),
        schema_version: None,
        server_version: None,
        change_log: vec![],
        created_at: "2026-01-01T00:00:00Z".into(),
        tables: vec![TableHeader {
            name: "t".into(),
            schema: None,
            columns: vec![],
            partition_of: None,
        }],
        triggers: vec![],
        shape_digest: None,
        shape: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_quoted_per_dialect() {
        assert_eq!(quote_ident(Dialect::Mysql, "a`b"), "`a``b`");
        assert_eq!(quote_ident(Dialect::Postgres, "a\"b"), "\"a\"\"b\"");
    }

    #[test]
    fn header_round_trips_through_json() {
        let h = Header {
            format_version: 1,
            tool_version: "0.1.0".into(),
            dialect: Dialect::Sqlite,
            engine_version: "SQLite 3".into(),
            schema_version: Some("1.0.0".into()),
            server_version: Some("1.0.0".into()),
            change_log: vec![],
            created_at: "2026-01-01T00:00:00Z".into(),
            tables: vec![TableHeader {
                name: "t\nx".into(),
                schema: None,
                columns: vec![],
                partition_of: None,
            }],
            triggers: vec![],
            shape_digest: None,
            shape: None,
        };
        let text = serde_json::to_string(&h).unwrap();
        assert!(!text.contains('\n'), "the header must stay on one line");
        assert_eq!(serde_json::from_str::<Header>(&text).unwrap(), h);
    }

    /// `partition_of` is written only for a leaf partition, and headers written before
    /// it existed still read.
    #[test]
    fn partition_of_is_optional() {
        let plain = r#"{"name":"t","columns":[]}"#;
        let t: TableHeader = serde_json::from_str(plain).unwrap();
        assert_eq!(t.partition_of, None);
        assert_eq!(serde_json::to_string(&t).unwrap(), plain);
        let leaf = TableHeader {
            partition_of: Some("m".into()),
            ..t
        };
        assert_eq!(
            serde_json::to_string(&leaf).unwrap(),
            r#"{"name":"t","columns":[],"partition_of":"m"}"#
        );
    }

    /// Regression: tables of another schema than the connection's were left out of
    /// PostgreSQL dumps. Such a table names its schema (format 3), every SQL line
    /// qualifies it, and a dump without one stays format 2, byte for byte.
    #[test]
    fn tables_of_other_schemas_are_qualified_and_need_format_3() {
        let plain = r#"{"name":"t","columns":[]}"#;
        let t: TableHeader = serde_json::from_str(plain).unwrap();
        assert_eq!(t.schema, None);
        assert_eq!(serde_json::to_string(&t).unwrap(), plain);
        assert_eq!(format_version_for(std::slice::from_ref(&t)), FORMAT_VERSION);
        let other = TableHeader {
            schema: Some("a\"b".into()),
            ..t
        };
        assert_eq!(other.display_name(), "a\"b.t");
        assert_eq!(other.quoted(Dialect::Postgres), "\"a\"\"b\".\"t\"");
        assert_eq!(
            serde_json::to_string(&other).unwrap(),
            r#"{"name":"t","schema":"a\"b","columns":[]}"#
        );
        let mut h = test_pg_header(2);
        h.tables.push(other.clone());
        let refused = h.check_consistent().unwrap_err();
        assert!(refused.contains("format 3"), "{refused}");
        h.format_version = format_version_for(&h.tables);
        assert_eq!(h.format_version, 3);
        h.check_consistent().unwrap();
        assert_eq!(
            crate::dump::templates::prepare_lines(&h)[1..],
            [
                "TRUNCATE TABLE \"t\", \"a\"\"b\".\"t\";",
                "ALTER TABLE \"t\" DISABLE TRIGGER USER;",
                "ALTER TABLE \"a\"\"b\".\"t\" DISABLE TRIGGER USER;"
            ]
        );
        assert_eq!(
            data_opening(Dialect::Postgres, &other),
            "COPY \"a\"\"b\".\"t\" () FROM stdin;"
        );
        // `s.t` of the current schema and `t` of schema `s` would share lookups.
        let mut clash = test_pg_header(3);
        clash.tables = vec![
            TableHeader {
                name: "s.t".into(),
                schema: None,
                columns: vec![],
                partition_of: None,
            },
            TableHeader {
                name: "t".into(),
                schema: Some("s".into()),
                columns: vec![],
                partition_of: None,
            },
        ];
        assert!(clash.check_consistent().is_err());
    }
}
