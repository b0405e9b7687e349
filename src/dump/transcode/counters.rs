//! Counters across engines: a dump's sequences or table counters become the target's,
//! table by table.

use crate::dialect::Dialect;
use crate::dump::format::{Counter, TableHeader};

/// The next value of each table's counter, from a dump's counters: PostgreSQL names a
/// sequence (`<table>_<column>_seq`, as `serial` and identity columns name theirs),
/// MySQL and SQLite name the table.
pub fn next_values(
    source: Dialect,
    counters: &[Counter],
    tables: &[TableHeader],
) -> Vec<(String, i64)> {
    let mut out = Vec::new();
    for c in counters {
        let (table, next) = match source {
            Dialect::Postgres => {
                let name = c
                    .name
                    .rsplit('.')
                    .next()
                    .unwrap_or(&c.name)
                    .trim_matches('"');
                let owner = tables.iter().find(|t| {
                    t.columns
                        .iter()
                        .any(|col| name == format!("{}_{}_seq", t.name, col.name))
                });
                match owner {
                    Some(t) => (t.name.clone(), if c.called { c.value + 1 } else { c.value }),
                    None => continue,
                }
            }
            Dialect::Mysql => (c.name.clone(), c.value),
            Dialect::Sqlite => (c.name.clone(), c.value + 1),
        };
        out.push((table, next));
    }
    out
}

/// A PostgreSQL sequence that numbers a table's column, and the highest value that
/// column holds after the load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sequence {
    /// The sequence, as `regclass` text (schema-qualified and quoted as needed).
    pub name: String,
    /// The highest value of the column after the load; 0 for an empty table.
    pub max: i64,
}

/// The counters that give each table its next value on `target`: the source's next
/// value from `next`, and on PostgreSQL never below the highest id loaded (a source
/// table numbered without a counter, like a SQLite `INTEGER PRIMARY KEY`, still gets
/// its sequence moved past its rows; MySQL and SQLite move their counters past
/// explicitly inserted ids themselves). `sequences` maps a PostgreSQL table to its
/// sequence.
pub fn target_counters(
    target: Dialect,
    next: &[(String, i64)],
    sequences: &std::collections::BTreeMap<String, Sequence>,
) -> Vec<Counter> {
    if target == Dialect::Postgres {
        let wanted: std::collections::BTreeMap<&str, i64> =
            next.iter().map(|(t, n)| (t.as_str(), *n)).collect();
        return sequences
            .iter()
            .map(|(table, seq)| {
                let n = wanted
                    .get(table.as_str())
                    .copied()
                    .unwrap_or(1)
                    .max(seq.max.saturating_add(1));
                Counter {
                    name: seq.name.clone(),
                    value: (n - 1).max(1),
                    called: n > 1,
                }
            })
            .collect();
    }
    next.iter()
        .map(|(table, n)| Counter {
            name: table.clone(),
            value: if target == Dialect::Mysql { *n } else { *n - 1 },
            called: false,
        })
        .collect()
}
