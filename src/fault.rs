//! Fault points: named places in a run where the process stops when a test asks it
//! to, so that the test can kill it (`kill -9`) at that exact place.
//!
//! Why: the crash tests check that a run killed anywhere leaves nothing that needs
//! repair by hand. Killing after a delay lands wherever the machine happens to be,
//! and on a fast one after the run has ended, so such a test silently checks less.
//! A fault point makes the place of the kill a property of the test, not of the
//! machine's speed.
//!
//! How: the binary reads the environment variable [`PAUSE_ENV`]
//! (`DBSHAPE_FAULT_PAUSE`) once at its start and hands it to [`arm`]; the library itself
//! reads no environment for this, so a program that embeds it is never stopped. The
//! value names one point, `NAME` or `NAME:DETAIL`. When a run reaches that point (with
//! that detail, if one is given), dbshape writes one line to stderr,
//! `dbshape fault point: NAME DETAIL`, and the thread that reached it blocks forever:
//! the test waits for the line, then kills the process. The line is written here, not
//! through the UI, because nothing that knows the UI is on the stack at every point.
//! Other threads (a backup's writer thread, a restore's dump reader or parallel
//! loaders) run on until they wait for the stopped one. The points and their details
//! are listed in [`POINTS`]; docs/reliability.md says how the tests use them.
//!
//! **Warning:** for tests only. A process that reaches the named point never
//! finishes. Unarmed, a point costs one check of a value set once; a name that is not
//! a point is refused by [`arm`], whose message the binary prints as a warning, so
//! that a misspelt point cannot go unnoticed.

use std::fmt::Display;
use std::io::Write;
use std::sync::OnceLock;

/// The environment variable that names the point to stop at.
pub const PAUSE_ENV: &str = "DBSHAPE_FAULT_PAUSE";

/// Every fault point, with the detail it is reached with.
///
/// - `migrate.locked` (no detail): the migration lock is held, nothing of the run is
///   read or written yet (also inside `upgrade` and `restore --shape`).
/// - `migrate.started` `VERSION`: the version's `STARTED` row was just written on its
///   own, before any of its statements.
/// - `migrate.batch` `VERSION`: before the one call that carries a transactional run of
///   the version's statements (the whole version on the held connection).
/// - `migrate.statement` `VERSION/FILE#N`: before statement `N` of `FILE` (its
///   journaled number) is sent, on the paths that send one statement per call.
/// - `migrate.statement.ran` `VERSION/FILE#N`: that statement returned (with its journal
///   row when both travel in one call; before its journal row otherwise).
/// - `migrate.uncommitted` `VERSION`: the version's transactional statements ran in a
///   transaction that is not committed yet.
/// - `migrate.applied` `VERSION`: the version is committed and reported, the next one
///   not begun.
/// - `backup.table` `TABLE`: every row of the table is written to the dump.
/// - `dump.publish` `PATH`: the dump file is complete and fsynced under its temporary
///   name, not yet linked (or renamed) to `PATH`.
/// - `restore.table` `TABLE`: every row of the table is loaded, not committed.
/// - `restore.commit` (no detail): every table is loaded and checked, the final commit
///   (which also removes the restore mark) not sent.
pub const POINTS: &[&str] = &[
    "migrate.locked",
    "migrate.started",
    "migrate.batch",
    "migrate.statement",
    "migrate.statement.ran",
    "migrate.uncommitted",
    "migrate.applied",
    "backup.table",
    "dump.publish",
    "restore.table",
    "restore.commit",
];

/// The point to stop at: a name and, optionally, the detail it must be reached with.
#[derive(Debug, PartialEq, Eq)]
struct Pause {
    name: String,
    detail: Option<String>,
}

/// `NAME` or `NAME:DETAIL`; `None` for an empty value.
fn parse(value: &str) -> Option<Pause> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    Some(match value.split_once(':') {
        Some((name, detail)) => Pause {
            name: name.to_string(),
            detail: Some(detail.to_string()),
        },
        None => Pause {
            name: value.to_string(),
            detail: None,
        },
    })
}

/// The point to stop at, set once by [`arm`].
static PAUSE: OnceLock<Pause> = OnceLock::new();

/// Arms the point that `value` (the value of [`PAUSE_ENV`]) names, for the rest of the
/// process; an empty value arms nothing. Returns a warning to show when the value names
/// no point (nothing is armed then).
pub fn arm(value: &str) -> Option<String> {
    let pause = parse(value)?;
    if !POINTS.contains(&pause.name.as_str()) {
        return Some(format!(
            "{PAUSE_ENV}={value}: no fault point is named `{}` (known: {}); nothing will stop",
            pause.name,
            POINTS.join(", ")
        ));
    }
    let _ = PAUSE.set(pause);
    None
}

/// A fault point: blocks forever here when the armed point is `name` (with `detail`,
/// if it names one), after saying so on stderr; otherwise returns at once.
pub fn point(name: &'static str, detail: impl Display) {
    let Some(pause) = PAUSE.get() else { return };
    debug_assert!(POINTS.contains(&name), "fault point `{name}` is not listed");
    if pause.name != name {
        return;
    }
    let detail = detail.to_string();
    if pause.detail.as_ref().is_some_and(|d| d != &detail) {
        return;
    }
    {
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "dbshape fault point: {name} {detail}");
        let _ = err.flush();
    }
    loop {
        std::thread::park();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Guards: a name that is not a point arms nothing and says so.
    #[test]
    fn an_unknown_point_is_refused_with_the_known_ones() {
        let warning = arm("migrate.statment:1.0.0/a.sql#1").expect("a warning");
        assert!(warning.contains("`migrate.statment`"), "{warning}");
        assert!(warning.contains("migrate.statement,"), "{warning}");
        assert!(PAUSE.get().is_none());
        assert_eq!(arm(""), None);
    }

    /// Guards: a point with or without the detail it must be reached with.
    #[test]
    fn the_variable_names_a_point_and_maybe_its_detail() {
        assert_eq!(parse(""), None);
        assert_eq!(parse("  "), None);
        assert_eq!(
            parse("dump.publish"),
            Some(Pause {
                name: "dump.publish".into(),
                detail: None
            })
        );
        assert_eq!(
            parse("migrate.statement:1.1.0/schemaChanges.sql#3"),
            Some(Pause {
                name: "migrate.statement".into(),
                detail: Some("1.1.0/schemaChanges.sql#3".into())
            })
        );
    }
}
