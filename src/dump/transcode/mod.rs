//! Values between engines: `restore` of a dump taken on one engine into a database of
//! another, shaped at the same version (docs/cross-engine.md has the type map).
//!
//! A dump's rows are in the source dialect's own syntax (a COPY text line on
//! PostgreSQL, the inside of a VALUES tuple on MySQL and SQLite). For another engine
//! each row is decoded into cells, each cell is read by the *target* column's class
//! (the same JSON text is `jsonb` on PostgreSQL and `longtext` on MariaDB; a MariaDB
//! `tinyint(1)` is a PostgreSQL `boolean`), checked against what the target can hold,
//! and written in the target's syntax, exactly as the target's own dump would load.
//!
//! Verification across engines. The dump's per-table digests are over the source
//! syntax, so they cannot be compared with a re-read of another engine. The reader
//! still checks every source row against the trailer (nothing unverified is loaded);
//! while converting, each row's *canonical* form (every cell normalized by the target
//! class: booleans as 0/1, JSON by value (a hash blind to key order and spacing),
//! floats by value, time stamps without a UTC offset or trailing fraction zeros) is
//! digested; after loading, the target's
//! rows are re-read in the target's syntax, decoded and normalized the same way, and
//! both digests must agree. So a MariaDB dump's verified rows are what a PostgreSQL
//! restore must hold, cell by cell, up to the documented normalization.

mod canonical;
mod class;
mod counters;

pub use canonical::{canonical, json_hash, Canon, CanonicalDigest};
pub use class::{classify, Class};
pub use counters::{next_values, target_counters, Sequence};

use crate::dialect::Dialect;
use crate::dump::digest::TableDigest;
use crate::dump::format::{ColumnHeader, TableHeader};
use crate::dump::literals::{decode_row, mysql, postgres, push_lower_hex, sqlite, Cell};
use canonical::push_canon;

/// Writes a canonical value in the target's row syntax; `Err` when the target cannot
/// hold it. `original` is the source cell, used where the target keeps text exactly
/// (JSON: PostgreSQL's `json` keeps the text it is given).
fn encode(
    target: Dialect,
    class: Class,
    value: &Canon,
    original: &Cell,
    out: &mut Vec<u8>,
) -> Result<(), String> {
    let b = match value {
        Canon::Null => {
            out.extend_from_slice(match target {
                Dialect::Postgres => b"\\N",
                _ => b"NULL",
            });
            return Ok(());
        }
        Canon::Bytes(b) => b,
    };
    let bytes: &[u8] = match (class, original) {
        (Class::Json, Cell::Text(t)) => t,
        _ => b,
    };
    if let Class::Int { bits, unsigned } = class {
        let n: i128 = std::str::from_utf8(b)
            .ok()
            .and_then(|s| s.parse().ok())
            .ok_or("not an integer")?;
        let (lo, hi) = if unsigned {
            (0i128, (1i128 << bits) - 1)
        } else {
            (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1)
        };
        if n < lo || n > hi {
            return Err(format!(
                "{n} is out of the range of the target column ({lo} to {hi})"
            ));
        }
    }
    match target {
        Dialect::Postgres => {
            match class {
                Class::Binary => {
                    out.extend_from_slice(b"\\\\x");
                    push_lower_hex(out, bytes);
                    return Ok(());
                }
                Class::Bool => {
                    out.push(if bytes == b"1" { b't' } else { b'f' });
                    return Ok(());
                }
                Class::Date | Class::DateTime if bytes.starts_with(b"0000-00-00") => {
                    return Err("a zero date, which PostgreSQL cannot hold".into())
                }
                _ => {}
            }
            if bytes.contains(&0) {
                return Err("a NUL character, which PostgreSQL text cannot hold".into());
            }
            if std::str::from_utf8(bytes).is_err() {
                return Err("bytes that are not UTF-8, which PostgreSQL text cannot hold".into());
            }
            postgres::push_text(out, bytes);
        }
        Dialect::Mysql => match class {
            Class::Binary => mysql::push_hex(out, bytes),
            Class::Int { .. } | Class::Bool | Class::Decimal => out.extend_from_slice(bytes),
            Class::Float => {
                if bytes == b"NaN" || bytes.ends_with(b"Infinity") {
                    return Err(format!(
                        "{}, which MySQL cannot hold",
                        String::from_utf8_lossy(bytes)
                    ));
                }
                out.extend_from_slice(bytes);
            }
            // Written as the MySQL snapshot writes its own values.
            _ => mysql::push_quoted(out, bytes),
        },
        Dialect::Sqlite => match class {
            Class::Binary => {
                out.extend_from_slice(b"X'");
                push_lower_hex(out, bytes);
                out.push(b'\'');
            }
            Class::Int { .. } | Class::Bool => out.extend_from_slice(bytes),
            Class::Float => match bytes {
                b"NaN" => return Err("NaN, which SQLite cannot hold".into()),
                b"Infinity" => out.extend_from_slice(b"9e999"),
                b"-Infinity" => out.extend_from_slice(b"-9e999"),
                _ => out.extend_from_slice(bytes),
            },
            _ if bytes.contains(&0) || std::str::from_utf8(bytes).is_err() => {
                out.extend_from_slice(b"CAST(X'");
                push_lower_hex(out, bytes);
                out.extend_from_slice(b"' AS TEXT)");
            }
            _ => sqlite::push_quoted(out, bytes),
        },
    }
    Ok(())
}

/// What to do with a value the target cannot hold.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum Unrepresentable {
    /// Stop the restore before anything is committed, naming table, column and row.
    #[default]
    Error,
    /// Store NULL instead and count it in the report.
    Null,
}

/// Converts the rows of one table from the dump's dialect to the target's, and digests
/// their canonical form.
pub struct TableTranscoder {
    table: String,
    source: Dialect,
    target: Dialect,
    columns: Vec<(String, Class)>,
    policy: Unrepresentable,
    cells: Vec<Cell>,
    row: Vec<u8>,
    canon: Vec<u8>,
    /// Rows converted so far.
    pub rows: u64,
    /// Canonical digest of the converted rows.
    pub digest: TableDigest,
    /// Values stored as NULL under `Unrepresentable::Null`.
    pub nulled: u64,
}

impl TableTranscoder {
    /// For a table of the dump and the same table's columns on the target, in the
    /// dump's column order (`dump::names` matched them, by name or by case).
    pub fn new(
        source: Dialect,
        target: Dialect,
        table: &TableHeader,
        target_columns: &[ColumnHeader],
        policy: Unrepresentable,
    ) -> TableTranscoder {
        TableTranscoder {
            table: table.name.clone(),
            source,
            target,
            columns: target_columns
                .iter()
                .map(|c| (c.name.clone(), classify(target, &c.data_type)))
                .collect(),
            policy,
            cells: Vec::new(),
            row: Vec::new(),
            canon: Vec::new(),
            rows: 0,
            digest: TableDigest::default(),
            nulled: 0,
        }
    }

    /// Converts a chunk of row lines (each ended by `\n`) into the target's syntax.
    pub fn convert_chunk(&mut self, chunk: &[u8]) -> crate::error::Result<Vec<u8>> {
        let mut out = Vec::with_capacity(chunk.len() + chunk.len() / 8);
        for line in chunk.split(|&b| b == b'\n') {
            if line.is_empty() {
                continue;
            }
            self.convert_row(line)?;
            out.extend_from_slice(&self.row);
            out.push(b'\n');
        }
        Ok(out)
    }

    fn fail(&self, column: Option<&str>, why: &str) -> crate::error::Error {
        let at = match column {
            Some(c) => format!(
                "column `{c}` of row {} of table `{}`",
                self.rows + 1,
                self.table
            ),
            None => format!("row {} of table `{}`", self.rows + 1, self.table),
        };
        crate::error::Error::Unrepresentable(format!(
            "{at}: {why}; nothing was committed. Fix the value on the source, or restore with \
             --unrepresentable null to store NULL instead (docs/cross-engine.md)"
        ))
    }

    fn convert_row(&mut self, line: &[u8]) -> crate::error::Result<()> {
        decode_row(self.source, line, &mut self.cells).map_err(|e| self.fail(None, &e))?;
        if self.cells.len() != self.columns.len() {
            return Err(self.fail(
                None,
                &format!(
                    "{} values for {} columns",
                    self.cells.len(),
                    self.columns.len()
                ),
            ));
        }
        self.row.clear();
        self.canon.clear();
        for i in 0..self.cells.len() {
            let (name, class) = (&self.columns[i].0, self.columns[i].1);
            let cell = &self.cells[i];
            if i > 0 {
                self.row.push(if self.target == Dialect::Postgres {
                    b'\t'
                } else {
                    b','
                });
            }
            let converted = canonical(self.source, class, cell).and_then(|c| {
                let mut enc = Vec::new();
                encode(self.target, class, &c, cell, &mut enc).map(|()| (c, enc))
            });
            let (value, enc) = match converted {
                Ok(ok) => ok,
                Err(why) if self.policy == Unrepresentable::Null => {
                    let _ = why;
                    self.nulled += 1;
                    let mut enc = Vec::new();
                    encode(self.target, class, &Canon::Null, &Cell::Null, &mut enc)
                        .map_err(|e| self.fail(Some(name), &e))?;
                    (Canon::Null, enc)
                }
                Err(why) => return Err(self.fail(Some(name), &why)),
            };
            self.row.extend_from_slice(&enc);
            push_canon(&mut self.canon, &value);
        }
        self.digest.add(&self.canon);
        self.rows += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dump::format::Counter;

    fn cells(d: Dialect, line: &str) -> Vec<Cell> {
        let mut out = Vec::new();
        decode_row(d, line.as_bytes(), &mut out).unwrap();
        out
    }

    fn t(s: &str) -> Cell {
        Cell::Text(s.as_bytes().to_vec())
    }

    #[test]
    fn classes_of_the_bundled_schemas_types() {
        use Class::*;
        assert_eq!(classify(Dialect::Mysql, "tinyint(1)"), Bool);
        assert_eq!(classify(Dialect::Postgres, "boolean"), Bool);
        assert_eq!(
            classify(Dialect::Mysql, "bigint(20) unsigned"),
            Int {
                bits: 64,
                unsigned: true
            }
        );
        assert_eq!(classify(Dialect::Postgres, "jsonb"), Json);
        assert_eq!(classify(Dialect::Mysql, "longtext"), Text);
        assert_eq!(classify(Dialect::Postgres, "character varying(36)"), Text);
        assert_eq!(
            classify(Dialect::Postgres, "timestamp with time zone"),
            DateTime
        );
        assert_eq!(
            classify(Dialect::Sqlite, "INTEGER"),
            Int {
                bits: 64,
                unsigned: false
            }
        );
        assert_eq!(classify(Dialect::Mysql, "varbinary(16)"), Binary);
    }

    #[test]
    fn each_dialect_decodes_its_own_literals() {
        assert_eq!(
            cells(Dialect::Postgres, "1\t\\N\ta\\tb\\\\c\\n\t\\\\x00ff"),
            vec![t("1"), Cell::Null, t("a\tb\\c\n"), t("\\x00ff")]
        );
        assert_eq!(
            cells(Dialect::Mysql, "1,NULL,'it\\'s\\0,x',0x00ff,X'',-2.5e3"),
            vec![
                t("1"),
                Cell::Null,
                Cell::Text(b"it's\0,x".to_vec()),
                Cell::Bytes(vec![0, 255]),
                Cell::Bytes(vec![]),
                t("-2.5e3")
            ]
        );
        assert_eq!(
            cells(Dialect::Sqlite, "1,NULL,'it''s',X'00ff',1.5"),
            vec![
                t("1"),
                Cell::Null,
                t("it's"),
                Cell::Bytes(vec![0, 255]),
                Cell::Real(1.5)
            ]
        );
    }

    #[test]
    fn json_hash_is_the_value_not_the_text() {
        let same = [
            r#"{"b": [1, 2.0, {"x": null}], "a": "é\"\u00e9", "c": true}"#,
            r#"{"c":true,"a":"é\"é","b":[1,2,{"x":null}]}"#,
            "{ \"a\" : \"\\u00e9\\\"\\u00e9\" , \"c\":true, \"b\":[1e0,2,{\"x\":null}] }",
        ];
        let h: Vec<u128> = same
            .iter()
            .map(|t| json_hash(t.as_bytes()).unwrap())
            .collect();
        assert_eq!(h[0], h[1]);
        assert_eq!(h[0], h[2]);
        for other in [
            r#"{"b": [2, 1, {"x": null}], "a": "é\"é", "c": true}"#,
            r#"{"b": [1, 2, {"x": null}], "a": "é\"é", "c": false}"#,
            r#"{"b": [1, 2, {"y": null}], "a": "é\"é", "c": true}"#,
            r#"{"b": [1, 2, {"x": null}], "a": "é\"é"}"#,
            r#"{"b": [1, 2, {"x": null}], "a": "e\"é", "c": true}"#,
            r#"{"b": [1, 2, {"x": "null"}], "a": "é\"é", "c": true}"#,
        ] {
            assert_ne!(json_hash(other.as_bytes()).unwrap(), h[0], "{other}");
        }
        // Surrogate pairs are one character.
        assert_eq!(
            json_hash("\"\\ud83d\\ude00\"".as_bytes()).unwrap(),
            json_hash("\"😀\"".as_bytes()).unwrap()
        );
        for bad in [
            "",
            "{",
            "[1,]",
            "{\"a\" 1}",
            "\"x",
            "tru",
            "1 2",
            "{\"a\":1,}",
        ] {
            assert!(json_hash(bad.as_bytes()).is_err(), "{bad}");
        }
    }

    #[test]
    fn canonical_forms_agree_across_engines() {
        let json_pg = t(r#"{"b": [1, 2], "a": "x"}"#);
        let json_my = t(r#"{"a":"x","b":[1,2]}"#);
        assert_eq!(
            canonical(Dialect::Postgres, Class::Json, &json_pg),
            canonical(Dialect::Mysql, Class::Json, &json_my)
        );
        assert_eq!(
            canonical(Dialect::Postgres, Class::Bool, &t("t")),
            canonical(Dialect::Mysql, Class::Bool, &t("1"))
        );
        assert_eq!(
            canonical(
                Dialect::Postgres,
                Class::DateTime,
                &t("2024-05-01 10:00:00.120+00")
            ),
            canonical(
                Dialect::Mysql,
                Class::DateTime,
                &t("2024-05-01 10:00:00.120000")
            )
        );
        assert_eq!(
            canonical(Dialect::Postgres, Class::Binary, &t("\\x00ff")),
            canonical(Dialect::Mysql, Class::Binary, &Cell::Bytes(vec![0, 255]))
        );
        assert_eq!(
            canonical(Dialect::Mysql, Class::Decimal, &t("1.50")),
            canonical(Dialect::Sqlite, Class::Decimal, &Cell::Real(1.5))
        );
    }

    fn convert(
        source: Dialect,
        target: Dialect,
        types: &[&str],
        line: &str,
    ) -> Result<String, String> {
        let cols: Vec<ColumnHeader> = types
            .iter()
            .enumerate()
            .map(|(i, ty)| ColumnHeader {
                name: format!("c{i}"),
                data_type: ty.to_string(),
            })
            .collect();
        let table = TableHeader {
            name: "t".into(),
            schema: None,
            columns: cols.clone(),
            partition_of: None,
        };
        let mut tc = TableTranscoder::new(source, target, &table, &cols, Unrepresentable::Error);
        let out = tc
            .convert_chunk(format!("{line}\n").as_bytes())
            .map_err(|e| e.to_string())?;
        // The converted row reads back to the same canonical digest.
        let mut back = CanonicalDigest::new(target, &cols);
        crate::dump::snapshot::RowSink::row(&mut back, out.strip_suffix(b"\n").unwrap()).unwrap();
        assert_eq!(back.digest, tc.digest, "{line}");
        Ok(String::from_utf8(out).unwrap().trim_end().to_string())
    }

    #[test]
    fn rows_convert_between_every_pair() {
        let line = "7,'it''s',1,X'00ff'";
        assert_eq!(
            convert(
                Dialect::Sqlite,
                Dialect::Postgres,
                &["bigint", "text", "boolean", "bytea"],
                line
            )
            .unwrap(),
            "7\tit's\tt\t\\\\x00ff"
        );
        assert_eq!(
            convert(
                Dialect::Postgres,
                Dialect::Mysql,
                &["bigint(20)", "longtext", "tinyint(1)", "blob"],
                "7\tit's\\n\tt\t\\\\x00ff"
            )
            .unwrap(),
            "7,'it\\'s\\n',1,0x00ff"
        );
        assert_eq!(
            convert(
                Dialect::Mysql,
                Dialect::Sqlite,
                &["INTEGER", "TEXT", "INTEGER", "BLOB"],
                "7,'a\\0b',1,0x00ff"
            )
            .unwrap(),
            "7,CAST(X'610062' AS TEXT),1,X'00ff'"
        );
    }

    #[test]
    fn values_the_target_cannot_hold_name_table_column_and_row() {
        let e = convert(
            Dialect::Mysql,
            Dialect::Postgres,
            &["timestamp"],
            "'0000-00-00 00:00:00'",
        )
        .unwrap_err();
        assert!(
            e.contains("column `c0` of row 1 of table `t`") && e.contains("zero date"),
            "{e}"
        );
        let e = convert(Dialect::Mysql, Dialect::Postgres, &["text"], "'a\\0b'").unwrap_err();
        assert!(e.contains("NUL"), "{e}");
        let e = convert(
            Dialect::Mysql,
            Dialect::Postgres,
            &["bigint"],
            "18446744073709551615",
        )
        .unwrap_err();
        assert!(e.contains("out of the range"), "{e}");
    }

    #[test]
    fn counters_move_by_table() {
        let tables = vec![TableHeader {
            name: "settings".into(),
            schema: None,
            columns: vec![ColumnHeader {
                name: "id".into(),
                data_type: "integer".into(),
            }],
            partition_of: None,
        }];
        let pg = vec![Counter {
            name: "settings_id_seq".into(),
            value: 3,
            called: true,
        }];
        let next = next_values(Dialect::Postgres, &pg, &tables);
        assert_eq!(next, vec![("settings".to_string(), 4)]);
        let my = target_counters(Dialect::Mysql, &next, &Default::default());
        assert_eq!(my[0].value, 4);
        let sq = target_counters(Dialect::Sqlite, &next, &Default::default());
        assert_eq!(sq[0].value, 3);
        assert_eq!(next_values(Dialect::Sqlite, &sq, &tables), next);
        let seq = |max| Sequence {
            name: "settings_id_seq".into(),
            max,
        };
        let seqs = [("settings".to_string(), seq(3))].into();
        assert_eq!(target_counters(Dialect::Postgres, &next, &seqs), pg);
        // Rows above the source's counter, or no counter at all: past the rows.
        let seqs = [("settings".to_string(), seq(9))].into();
        assert_eq!(target_counters(Dialect::Postgres, &next, &seqs)[0].value, 9);
        let counters = target_counters(Dialect::Postgres, &[], &seqs);
        assert_eq!((counters[0].value, counters[0].called), (9, true));
        let empty = [("settings".to_string(), seq(0))].into();
        let counters = target_counters(Dialect::Postgres, &[], &empty);
        assert_eq!((counters[0].value, counters[0].called), (1, false));
    }
}
