//! [`Shape`]: what a database's schema is, read from its catalog, in a form two
//! databases can be compared by.
//!
//! dbshape promises that a database's shape matches its version, and its change log
//! alone cannot keep that promise: a hand-made hot-fix, an index a DBA dropped, or a
//! migration whose effect differed on one server all leave the log as it was. A shape is
//! the engine's own description of every object dbshape does not own (tables, columns,
//! keys, indexes, views, sequences, functions, triggers, types, extensions, partitions),
//! each as one line of definition text the engine itself renders (`pg_get_indexdef`,
//! `information_schema`, `sqlite_master`). Each engine's reader (`engine::*_shape`)
//! says how it builds the lines and why each rule is there.
//!
//! **Normalised** means: two databases shaped by the same migrations have equal shapes
//! whatever their object ids, creation order, storage state or server restarts. Object
//! ids and counters (a sequence's last value, `AUTO_INCREMENT`) are never part of a
//! definition; objects are keyed by kind and name and kept sorted; names in the
//! connection's own schema are written without it, so a database in another schema or
//! under another database name compares equal.
//!
//! **The digest** is the SHA-256 of the canonical text: one line per object,
//! `kind<TAB>name<TAB>definition`, in key order, the definition with `\`, tab and
//! newline escaped. It changes exactly when some object's definition does.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::dialect::Dialect;

/// The kinds of objects a shape holds, in the order a report lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A PostgreSQL extension, standing for every object that belongs to it.
    Extension,
    /// A PostgreSQL enum or domain.
    Type,
    /// A sequence (PostgreSQL, and MariaDB's sequences).
    Sequence,
    /// A table; on PostgreSQL a partition is a table too.
    Table,
    /// A column, named `table.column`.
    Column,
    /// A primary key, unique, foreign key, check or exclusion constraint, named
    /// `table.constraint` (SQLite's are part of their table's text).
    Constraint,
    /// An index, named `table.index`.
    Index,
    /// A MySQL/MariaDB partition, named `table.partition`.
    Partition,
    /// A view (on PostgreSQL materialized views too).
    View,
    /// A function or procedure; on PostgreSQL named with its argument types.
    Function,
    /// A trigger, named `table.trigger`.
    Trigger,
}

impl Kind {
    /// Every kind, in report order.
    pub const ALL: [Kind; 11] = [
        Kind::Extension,
        Kind::Type,
        Kind::Sequence,
        Kind::Table,
        Kind::Column,
        Kind::Constraint,
        Kind::Index,
        Kind::Partition,
        Kind::View,
        Kind::Function,
        Kind::Trigger,
    ];

    /// The kind of a [`name`](Kind::name).
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The kind's name in reports and in the canonical text.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Extension => "extension",
            Kind::Type => "type",
            Kind::Sequence => "sequence",
            Kind::Table => "table",
            Kind::Column => "column",
            Kind::Constraint => "constraint",
            Kind::Index => "index",
            Kind::Partition => "partition",
            Kind::View => "view",
            Kind::Function => "function",
            Kind::Trigger => "trigger",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An object's identity: its kind and its name. Names of objects that belong to a
/// table are written `table.name` (a column `note.words`, an index `note.note_words`),
/// so that two tables' objects of one name never meet.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Key {
    /// What kind of object it is.
    pub kind: Kind,
    /// The object's name: `table.object` for an object of a table, `f(argument types)` for a
    /// PostgreSQL function, schema-qualified outside the connection's current schema.
    pub name: String,
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.kind, self.name)
    }
}

/// A database's shape: every object dbshape does not own, with its definition.
///
/// Serialized in its stored form (see [`Shape::to_json`]), as a dump's header carries it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "Stored", try_from = "Stored")]
pub struct Shape {
    /// The engine the shape was read from, whose catalog rendered the definitions.
    pub dialect: Dialect,
    /// The server it was read from, as product and the version that decides how the
    /// catalog renders definitions (`PostgreSQL 15`, `MariaDB 10.11`, `SQLite 3`): a
    /// shape is compared with an expectation only from the same server. Not part of
    /// the digest.
    pub server: Option<String>,
    /// Every object by kind and name, with its definition as the engine renders it.
    pub objects: BTreeMap<Key, String>,
}

/// One object that differs between an expected shape and a found one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "lowercase")]
pub enum Difference {
    /// Expected, not found.
    Missing {
        /// What kind of object it is.
        kind: Kind,
        /// The object's name, as in [`Key::name`].
        name: String,
        /// The definition expected.
        expected: String,
    },
    /// Found, not expected.
    Extra {
        /// What kind of object it is.
        kind: Kind,
        /// The object's name, as in [`Key::name`].
        name: String,
        /// The definition found.
        found: String,
    },
    /// Found with another definition.
    Changed {
        /// What kind of object it is.
        kind: Kind,
        /// The object's name, as in [`Key::name`].
        name: String,
        /// The definition expected.
        expected: String,
        /// The definition found instead.
        found: String,
    },
}

impl Difference {
    /// `missing`, `extra` or `changed`: the `change` of its JSON form.
    pub fn change(&self) -> &'static str {
        match self {
            Difference::Missing { .. } => "missing",
            Difference::Extra { .. } => "extra",
            Difference::Changed { .. } => "changed",
        }
    }

    /// The object the difference is about.
    pub fn key(&self) -> Key {
        let (kind, name) = match self {
            Difference::Missing { kind, name, .. }
            | Difference::Extra { kind, name, .. }
            | Difference::Changed { kind, name, .. } => (*kind, name.clone()),
        };
        Key { kind, name }
    }
}

impl fmt::Display for Difference {
    /// One line per side: `missing index note.note_words: CREATE INDEX ...`,
    /// `changed column note.words:` then `  expected: ...` and `  found:    ...`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Difference::Missing {
                kind,
                name,
                expected,
            } => write!(f, "missing {kind} {name}: {expected}"),
            Difference::Extra { kind, name, found } => write!(f, "extra {kind} {name}: {found}"),
            Difference::Changed {
                kind,
                name,
                expected,
                found,
            } => write!(
                f,
                "changed {kind} {name}:\n  expected: {expected}\n  found:    {found}"
            ),
        }
    }
}

/// `N object(s) differ (index t.t_a missing, column t.b extra, and 3 more)`: the
/// differences in one line for a message, naming at most `shown` of them.
pub fn summarize(differences: &[Difference], shown: usize) -> String {
    let names: Vec<String> = differences
        .iter()
        .take(shown)
        .map(|d| format!("{} {}", d.key(), d.change()))
        .collect();
    let more = differences.len() - names.len();
    format!(
        "{} object(s) differ ({}{})",
        differences.len(),
        names.join(", "),
        if more > 0 {
            format!(", and {more} more")
        } else {
            String::new()
        }
    )
}

/// The stored form of a shape (`shape.json`, the shape log): the
/// dialect and one entry per object, sorted.
#[derive(Debug, Serialize, Deserialize)]
struct Stored {
    format: u32,
    dialect: Dialect,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    server: Option<String>,
    objects: Vec<StoredObject>,
}

#[derive(Debug, Serialize, Deserialize)]
struct StoredObject {
    kind: Kind,
    name: String,
    definition: String,
}

/// The version of the stored form; a reader refuses a newer one.
pub const STORED_FORMAT: u32 = 1;

/// The server a shape is read from, from the engine's version text (`PostgreSQL 15.20
/// (Debian ...)`, `MariaDB 10.11.19-MariaDB-...`, `SQLite 3.51.3`): the product, and the
/// version parts whose releases may render a definition differently (PostgreSQL's
/// major version; MySQL's and MariaDB's major and minor; SQLite's major).
pub fn server_of(engine_version: &str) -> String {
    let mut words = engine_version.split_whitespace();
    let product = words.next().unwrap_or("");
    let numbers: Vec<&str> = words
        .next()
        .unwrap_or("")
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .collect();
    let parts = match product {
        "MariaDB" | "MySQL" => 2,
        _ => 1,
    };
    let version = numbers
        .iter()
        .take(parts)
        .copied()
        .collect::<Vec<_>>()
        .join(".");
    format!("{product} {version}")
}

impl Shape {
    /// An empty shape of `dialect`.
    pub fn new(dialect: Dialect) -> Shape {
        Shape {
            dialect,
            server: None,
            objects: BTreeMap::new(),
        }
    }

    /// Adds an object; a second definition of one key is appended to the first (on a
    /// new line), so that nothing a reader saw is lost.
    pub fn add(&mut self, kind: Kind, name: impl Into<String>, definition: impl Into<String>) {
        let definition = definition.into();
        self.objects
            .entry(Key {
                kind,
                name: name.into(),
            })
            .and_modify(|d| {
                d.push('\n');
                d.push_str(&definition);
            })
            .or_insert(definition);
    }

    /// The canonical text the digest is taken over (see the module documentation).
    pub fn canonical(&self) -> String {
        let mut out = String::new();
        for (key, definition) in &self.objects {
            out.push_str(key.kind.name());
            out.push('\t');
            escape_into(&mut out, &key.name);
            out.push('\t');
            escape_into(&mut out, definition);
            out.push('\n');
        }
        out
    }

    /// The shape's digest: `sha256:` and the lowercase hex SHA-256 of
    /// [`canonical`](Shape::canonical).
    pub fn digest(&self) -> String {
        format!(
            "sha256:{}",
            hex::encode(Sha256::digest(self.canonical().as_bytes()))
        )
    }

    /// What differs from `self` (expected) in `found`, in key order.
    pub fn diff(&self, found: &Shape) -> Vec<Difference> {
        let mut out = Vec::new();
        let mut theirs = found.objects.iter().peekable();
        for (key, expected) in &self.objects {
            while let Some((k, d)) = theirs.next_if(|(k, _)| *k < key) {
                out.push(Difference::Extra {
                    kind: k.kind,
                    name: k.name.clone(),
                    found: d.clone(),
                });
            }
            match theirs.next_if(|(k, _)| *k == key) {
                Some((_, d)) if d == expected => {}
                Some((_, d)) => out.push(Difference::Changed {
                    kind: key.kind,
                    name: key.name.clone(),
                    expected: expected.clone(),
                    found: d.clone(),
                }),
                None => out.push(Difference::Missing {
                    kind: key.kind,
                    name: key.name.clone(),
                    expected: expected.clone(),
                }),
            }
        }
        out.extend(theirs.map(|(k, d)| Difference::Extra {
            kind: k.kind,
            name: k.name.clone(),
            found: d.clone(),
        }));
        out
    }

    /// The stored form: compact JSON, one object per entry.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The stored form, one object per line (for `shape.json` files a person reads and
    /// a diff tool compares line by line).
    pub fn to_json_lines(&self) -> String {
        let server = match &self.server {
            Some(s) => format!(
                ", \"server\": {}",
                serde_json::to_string(s).unwrap_or_default()
            ),
            None => String::new(),
        };
        let mut out = format!(
            "{{\"format\": {STORED_FORMAT}, \"dialect\": \"{}\"{server}, \"objects\": [\n",
            self.dialect
        );
        let last = self.objects.len().saturating_sub(1);
        for (i, (k, d)) in self.objects.iter().enumerate() {
            let object = StoredObject {
                kind: k.kind,
                name: k.name.clone(),
                definition: d.clone(),
            };
            out.push_str("  ");
            out.push_str(&serde_json::to_string(&object).unwrap_or_default());
            out.push_str(if i == last { "\n" } else { ",\n" });
        }
        out.push_str("]}\n");
        out
    }

    /// Reads the stored form back ([`to_json`](Shape::to_json) or
    /// [`to_json_lines`](Shape::to_json_lines)); `Err` says what is wrong.
    pub fn from_json(text: &str) -> std::result::Result<Shape, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }
}

impl From<Shape> for Stored {
    fn from(shape: Shape) -> Stored {
        Stored {
            format: STORED_FORMAT,
            dialect: shape.dialect,
            server: shape.server,
            objects: shape
                .objects
                .into_iter()
                .map(|(k, definition)| StoredObject {
                    kind: k.kind,
                    name: k.name,
                    definition,
                })
                .collect(),
        }
    }
}

impl TryFrom<Stored> for Shape {
    type Error = String;

    fn try_from(stored: Stored) -> std::result::Result<Shape, String> {
        if stored.format > STORED_FORMAT {
            return Err(format!(
                "shape format {} is newer than this program reads ({STORED_FORMAT})",
                stored.format
            ));
        }
        let mut shape = Shape::new(stored.dialect);
        shape.server = stored.server;
        for o in stored.objects {
            let key = Key {
                kind: o.kind,
                name: o.name,
            };
            if shape.objects.insert(key.clone(), o.definition).is_some() {
                return Err(format!("{key} is listed twice"));
            }
        }
        Ok(shape)
    }
}

/// Appends `text` with `\`, tab and newline escaped, so that one object is one line.
fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(objects: &[(Kind, &str, &str)]) -> Shape {
        let mut s = Shape::new(Dialect::Postgres);
        for (k, n, d) in objects {
            s.add(*k, *n, *d);
        }
        s
    }

    #[test]
    fn the_server_is_the_product_and_the_version_that_renders() {
        assert_eq!(
            server_of("PostgreSQL 15.20 (Debian 15.20-0+deb12u1)"),
            "PostgreSQL 15"
        );
        assert_eq!(
            server_of("MariaDB 10.11.19-MariaDB-0+deb12u1"),
            "MariaDB 10.11"
        );
        assert_eq!(server_of("MySQL 8.0.36"), "MySQL 8.0");
        assert_eq!(server_of("SQLite 3.51.3"), "SQLite 3");
    }

    #[test]
    fn the_digest_ignores_the_order_objects_were_read_in() {
        let a = shape(&[
            (Kind::Table, "b", "table"),
            (Kind::Column, "b.x", "integer"),
            (Kind::Table, "a", "table"),
        ]);
        let b = shape(&[
            (Kind::Table, "a", "table"),
            (Kind::Table, "b", "table"),
            (Kind::Column, "b.x", "integer"),
        ]);
        assert_eq!(a.digest(), b.digest());
        assert!(a.digest().starts_with("sha256:"));
        assert_eq!(a.digest().len(), "sha256:".len() + 64);
    }

    #[test]
    fn a_definition_cannot_pose_as_another_object() {
        // A newline or tab inside a definition is escaped, so it cannot forge a line.
        let forged = shape(&[(Kind::Table, "a", "table\ncolumn\ta.x\tinteger")]);
        let honest = shape(&[
            (Kind::Table, "a", "table"),
            (Kind::Column, "a.x", "integer"),
        ]);
        assert_ne!(forged.digest(), honest.digest());
        assert_eq!(forged.canonical().lines().count(), 1);
    }

    #[test]
    fn diff_names_missing_extra_and_changed_objects() {
        let expected = shape(&[
            (Kind::Table, "t", "table"),
            (Kind::Column, "t.a", "integer NOT NULL"),
            (
                Kind::Index,
                "t.t_a",
                "CREATE INDEX t_a ON t USING btree (a)",
            ),
        ]);
        let found = shape(&[
            (Kind::Table, "t", "table"),
            (Kind::Column, "t.a", "integer"),
            (Kind::Column, "t.b", "text"),
        ]);
        let d = expected.diff(&found);
        assert_eq!(
            d,
            [
                Difference::Changed {
                    kind: Kind::Column,
                    name: "t.a".into(),
                    expected: "integer NOT NULL".into(),
                    found: "integer".into()
                },
                Difference::Extra {
                    kind: Kind::Column,
                    name: "t.b".into(),
                    found: "text".into()
                },
                Difference::Missing {
                    kind: Kind::Index,
                    name: "t.t_a".into(),
                    expected: "CREATE INDEX t_a ON t USING btree (a)".into()
                },
            ]
        );
        assert!(expected.diff(&expected).is_empty());
        assert_eq!(
            d[0].to_string(),
            "changed column t.a:\n  expected: integer NOT NULL\n  found:    integer"
        );
    }

    #[test]
    fn both_stored_forms_read_back_to_the_same_shape() {
        let mut s = shape(&[
            (Kind::Table, "t", "table"),
            (Kind::View, "v", "SELECT 'a\"b\\\\c'\n  FROM t;"),
        ]);
        s.server = Some("PostgreSQL 15".into());
        assert_eq!(Shape::from_json(&s.to_json()).unwrap(), s);
        let lines = s.to_json_lines();
        assert_eq!(lines.lines().count(), 4, "{lines}");
        assert_eq!(Shape::from_json(&lines).unwrap(), s);
        let newer = s.to_json().replace("\"format\":1", "\"format\":2");
        assert!(Shape::from_json(&newer).unwrap_err().contains("newer"));
    }
}
