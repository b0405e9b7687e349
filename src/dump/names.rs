//! Table and column names across engines: which of the target's tables and columns a
//! dump's table and column are.
//!
//! One migration set spells a name once per dialect, usually unquoted, and the engines
//! keep what they read differently: `eventType` stays `eventType` on MySQL and SQLite,
//! and becomes `eventtype` on PostgreSQL, which folds unquoted identifiers to lower case
//! (<https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-SYNTAX-IDENTIFIERS>).
//! So a dump of another engine names the same table and columns with other cases, and
//! restore matches each name exactly first, then, when no name is equal, by the
//! target's case rule when exactly one of the target's names matches that way:
//!
//! - PostgreSQL: ASCII letters folded to lower case (what its parser does to unquoted
//!   names in a UTF-8 database; a quoted `"EventType"` keeps its case, so a table may
//!   hold both `eventtype` and `"EventType"`, and then the match is ambiguous);
//! - MySQL / MariaDB: column names are case-insensitive
//!   (<https://mariadb.com/kb/en/identifier-case-sensitivity/>), compared here by Unicode
//!   lower case; table names keep their case on Linux (`lower_case_table_names = 0`),
//!   so two tables may differ only by case, and then the match is ambiguous;
//! - SQLite: names are case-insensitive for ASCII letters only
//!   (<https://www.sqlite.org/lang_keywords.html>, "SQLite only understands upper/lower
//!   case for ASCII characters by default").
//!
//! An ambiguous match is refused, naming every candidate: guessing which of two
//! columns receives the data would load a schema that was not shaped by the same
//! migrations.

use crate::dialect::Dialect;
use crate::dump::format::TableHeader;

/// A name as the target engine compares names that differ only by case.
pub fn fold(target: Dialect, name: &str) -> String {
    match target {
        Dialect::Postgres | Dialect::Sqlite => name.to_ascii_lowercase(),
        Dialect::Mysql => name.to_lowercase(),
    }
}

/// How a dump's name was found among the target's names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// This target name: equal, or the only one equal by the target's case rule.
    One(usize),
    /// Several target names equal by the target's case rule, none exactly.
    Ambiguous(Vec<usize>),
    /// No target name, not even by case.
    None,
}

/// Finds `wanted` among `names` (by index): exactly, else by the target's case rule.
pub fn find<'a>(target: Dialect, wanted: &str, names: impl Iterator<Item = &'a str>) -> Found {
    let names: Vec<&str> = names.collect();
    if let Some(i) = names.iter().position(|n| *n == wanted) {
        return Found::One(i);
    }
    let key = fold(target, wanted);
    let folded: Vec<usize> = (0..names.len())
        .filter(|&i| fold(target, names[i]) == key)
        .collect();
    match folded.as_slice() {
        [] => Found::None,
        [i] => Found::One(*i),
        _ => Found::Ambiguous(folded),
    }
}

/// Why a dump's tables do not map onto the target's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mismatch {
    /// Several target tables or columns match one of the dump's by case only.
    Ambiguous(String),
    /// A table or column of the dump has no counterpart (or the target has more).
    Different(String),
}

impl Mismatch {
    /// The explanation for people, naming the tables or columns and what to do.
    pub fn message(&self) -> &str {
        match self {
            Mismatch::Ambiguous(m) | Mismatch::Different(m) => m,
        }
    }
}

fn engine_rule(target: Dialect) -> &'static str {
    match target {
        Dialect::Postgres => "PostgreSQL folds unquoted names to lower case",
        Dialect::Mysql => "MySQL compares column names without case",
        Dialect::Sqlite => "SQLite compares names without ASCII case",
    }
}

fn quoted(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(" and ")
}

/// The target's own header of each of the dump's tables, in the dump's table order and
/// with the target's columns in the dump's column order (so that row values, which are
/// in the dump's order, go to the matched columns), with the target's names and types.
pub fn match_tables(
    target: Dialect,
    dump: &[TableHeader],
    own: &[TableHeader],
) -> Result<Vec<TableHeader>, Mismatch> {
    let mut out = Vec::with_capacity(dump.len());
    let mut taken = vec![false; own.len()];
    for t in dump {
        let mine = match find(target, &t.name, own.iter().map(|o| o.name.as_str())) {
            Found::One(i) => i,
            Found::Ambiguous(found) => {
                let names: Vec<&str> = found.iter().map(|&i| own[i].name.as_str()).collect();
                return Err(Mismatch::Ambiguous(format!(
                    "table `{}` of the dump matches tables {} of the database only by case ({}), so which one receives its rows is ambiguous; \
                     rename one of them, or restore into a database shaped by the same migrations",
                    t.name,
                    quoted(&names),
                    engine_rule(target)
                )));
            }
            Found::None => {
                return Err(Mismatch::Different(format!(
                    "table `{}` of the dump is not in the database, not even by case: the database was not shaped by the same migrations",
                    t.name
                )))
            }
        };
        if std::mem::replace(&mut taken[mine], true) {
            return Err(Mismatch::Ambiguous(format!(
                "table `{}` of the database matches two tables of the dump by case (one is `{}`); rename one of them",
                own[mine].name, t.name
            )));
        }
        out.push(match_columns(target, t, &own[mine])?);
    }
    Ok(out)
}

/// The target table's columns matched one by one to the dump table's, in the dump's order.
fn match_columns(
    target: Dialect,
    dump: &TableHeader,
    own: &TableHeader,
) -> Result<TableHeader, Mismatch> {
    let different = || {
        let list = |t: &TableHeader| {
            t.columns
                .iter()
                .map(|c| c.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        Mismatch::Different(format!(
            "table `{}` has columns ({}) in the database but ({}) in the dump: the database was not shaped by the same migrations",
            own.name,
            list(own),
            list(dump)
        ))
    };
    let mut columns = Vec::with_capacity(dump.columns.len());
    let mut taken = vec![false; own.columns.len()];
    for c in &dump.columns {
        match find(target, &c.name, own.columns.iter().map(|o| o.name.as_str())) {
            Found::One(i) if !taken[i] => {
                taken[i] = true;
                columns.push(own.columns[i].clone());
            }
            Found::One(i) => {
                return Err(Mismatch::Ambiguous(format!(
                    "column `{}` of table `{}` in the database matches two columns of the dump by case (one is `{}`); \
                     rename one of them",
                    own.columns[i].name, own.name, c.name
                )))
            }
            Found::Ambiguous(found) => {
                let names: Vec<&str> = found
                    .iter()
                    .map(|&i| own.columns[i].name.as_str())
                    .collect();
                return Err(Mismatch::Ambiguous(format!(
                    "column `{}` of table `{}` in the dump matches columns {} of the database only by case ({}), \
                     so which one receives its values is ambiguous; rename one of them, or restore into a database \
                     shaped by the same migrations",
                    c.name,
                    dump.name,
                    quoted(&names),
                    engine_rule(target)
                )));
            }
            Found::None => return Err(different()),
        }
    }
    if taken.iter().any(|t| !t) {
        return Err(different());
    }
    Ok(TableHeader {
        name: own.name.clone(),
        schema: None,
        columns,
        // Partitions never cross engines (refused before this match).
        partition_of: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dump::format::ColumnHeader;

    fn table(name: &str, cols: &[&str]) -> TableHeader {
        TableHeader {
            name: name.into(),
            schema: None,
            columns: cols
                .iter()
                .map(|c| ColumnHeader {
                    name: c.to_string(),
                    data_type: format!("type of {c}"),
                })
                .collect(),
            partition_of: None,
        }
    }

    #[test]
    fn an_exact_name_wins_over_one_equal_by_case() {
        let names = ["eventtype", "eventType"];
        assert_eq!(
            find(Dialect::Postgres, "eventType", names.into_iter()),
            Found::One(1)
        );
        assert_eq!(
            find(Dialect::Postgres, "EVENTTYPE", ["eventtype"].into_iter()),
            Found::One(0)
        );
        assert_eq!(
            find(Dialect::Postgres, "EventType", names.into_iter()),
            Found::Ambiguous(vec![0, 1])
        );
        assert_eq!(
            find(Dialect::Sqlite, "other", names.into_iter()),
            Found::None
        );
    }

    #[test]
    fn only_mysql_folds_letters_beyond_ascii() {
        assert_eq!(
            find(Dialect::Mysql, "Été", ["été"].into_iter()),
            Found::One(0)
        );
        assert_eq!(
            find(Dialect::Postgres, "Été", ["été"].into_iter()),
            Found::None
        );
        assert_eq!(
            find(Dialect::Sqlite, "Été", ["été"].into_iter()),
            Found::None
        );
    }

    #[test]
    fn target_columns_come_in_the_dumps_order_with_the_targets_names_and_types() {
        let dump = [table("ChangeEvent", &["id", "eventType", "entityId"])];
        let own = [
            table("other", &["x"]),
            table("changeevent", &["entityid", "id", "eventtype"]),
        ];
        let got = match_tables(Dialect::Postgres, &dump, &own).unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].name, "changeevent");
        let names: Vec<&str> = got[0].columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["id", "eventtype", "entityid"]);
        assert_eq!(got[0].columns[1].data_type, "type of eventtype");
    }

    #[test]
    fn an_ambiguous_column_is_refused_naming_both() {
        let dump = [table("change_event", &["id", "eventType"])];
        let own = [table("change_event", &["id", "eventtype", "EventType"])];
        let err = match_tables(Dialect::Postgres, &dump, &own).unwrap_err();
        assert!(matches!(err, Mismatch::Ambiguous(_)), "{err:?}");
        let m = err.message();
        for needle in ["`eventType`", "`eventtype` and `EventType`", "change_event"] {
            assert!(m.contains(needle), "no {needle} in {m}");
        }
    }

    #[test]
    fn an_ambiguous_table_is_refused_naming_both() {
        let dump = [table("changeevent", &["id"])];
        let own = [table("ChangeEvent", &["id"]), table("CHANGEEVENT", &["id"])];
        let err = match_tables(Dialect::Mysql, &dump, &own).unwrap_err();
        assert!(
            err.message().contains("`ChangeEvent` and `CHANGEEVENT`"),
            "{err:?}"
        );
    }

    #[test]
    fn missing_extra_or_doubly_matched_columns_are_refused() {
        let own = [table("t", &["a", "b"])];
        for cols in [&["a"][..], &["a", "b", "c"], &["a", "A"]] {
            let dump = [table("t", cols)];
            assert!(
                match_tables(Dialect::Sqlite, &dump, &own).is_err(),
                "{cols:?}"
            );
        }
        let dump = [table("u", &["a"])];
        assert!(matches!(
            match_tables(Dialect::Sqlite, &dump, &own),
            Err(Mismatch::Different(_))
        ));
    }
}
