//! The migration set: what versions exist and what each runs on one dialect.
//!
//! Layout: `<dir>/<version>/<dialect>/{schemaChanges.sql, postDataMigrationSQLScript.sql}`
//! with `<version>/common/` serving every dialect that has no directory of its own. The
//! Rust steps registered with the set ([`Migrations`]) join the version they name,
//! between the two SQL files. A version's checksum covers every step's normalized text,
//! so any edit of an applied version is seen as drift.
//!
//! A version may declare in `<version>/rust-steps.txt` the Rust steps it needs; a set
//! that lacks one is refused as it loads, before anything runs, because its SQL would
//! otherwise be recorded as applied with the step's work never done.
//!
//! Files are read fully into memory: migration files are small, and reading them once
//! lets the checksum, the dry run and the runner see exactly the same bytes.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use sea_orm_migration::MigrationTrait;
use sha2::{Digest, Sha256};

use crate::dialect::Dialect;
use crate::error::{Error, Result};
use crate::migrate::{control, splitter};
use crate::migrations::{EmbeddedFile, Migrations, RustStep, Sql};
use crate::shape::Shape;
use crate::version::Version;

/// File run first in a version.
pub const SCHEMA_CHANGES: &str = "schemaChanges.sql";
/// File run last in a version, after the Rust step.
pub const POST_DATA: &str = "postDataMigrationSQLScript.sql";
/// Directory used by every dialect without one of its own.
pub const COMMON_DIR: &str = "common";
/// First-comment directive that runs a file outside a transaction.
pub const NO_TRANSACTION_DIRECTIVE: &str = "dbshape:no-transaction";
/// File of a version directory naming the Rust steps the version needs, one per line.
pub const RUST_STEPS_FILE: &str = "rust-steps.txt";
/// The file of `<version>/<dialect>/` that holds the shape the version must produce.
pub const SHAPE_FILE: &str = "shape.json";
/// Where the SQL of a set compiled into the program comes from, for messages.
pub const COMPILED_ORIGIN: &str = "the migrations compiled into the program";

/// Every version known for one dialect, in version order.
#[derive(Debug)]
pub struct MigrationSet {
    /// Where the SQL came from, for messages.
    pub origin: String,
    /// The dialect the set was read for: its versions hold that dialect's files.
    pub dialect: Dialect,
    /// Every version of the set, in version order; the last is the server version.
    pub versions: Vec<VersionMigration>,
}

/// One version for one dialect.
#[derive(Debug)]
pub struct VersionMigration {
    /// The version, from its directory's name.
    pub version: Version,
    /// `postgres`, `mysql`, `sqlite`, `common`, or `None` for a version with nothing to run
    /// on this dialect (it is still recorded when applied).
    pub dir: Option<String>,
    /// The first comment line of the version's first file.
    pub description: String,
    /// What the version runs, in order: `schemaChanges.sql`, its Rust steps, then
    /// `postDataMigrationSQLScript.sql`; empty when it has nothing for this dialect.
    pub steps: Vec<Step>,
    /// SHA-256 (hex) of the normalized content of every step.
    pub checksum: String,
    /// The shape the version must produce on this dialect, when the set ships one
    /// (`<version>/<dialect>/shape.json`, written by `dbshape shape write`). Not part of
    /// the checksum: adding or rewriting an expectation changes no applied version.
    pub expected_shape: Option<Shape>,
}

/// One step of a version, in run order.
#[derive(Debug)]
pub struct Step {
    /// Stable name recorded in the statement journal, e.g. `schemaChanges.sql` or
    /// `rust:m1_1_0_backfill_fqn_hash`.
    pub name: String,
    /// Path shown to operators, e.g. `1.2.0/postgres/schemaChanges.sql`.
    pub display: String,
    /// What the step runs: a SQL file or a Rust step.
    pub body: StepBody,
}

/// What a step runs.
pub enum StepBody {
    /// A SQL file (normalized: no BOM, LF line ends).
    Sql {
        /// The file's text, normalized.
        content: String,
        /// Whether the file carries `-- dbshape:no-transaction` and runs outside a transaction.
        no_transaction: bool,
    },
    /// A Rust step registered with the set, and the checksum of its source text.
    Rust {
        /// The step, as registered with [`Migrations::rust_step`](crate::Migrations::rust_step).
        migration: Arc<dyn MigrationTrait>,
        /// SHA-256 (hex) of the source text registered with the step, normalized; part of the
        /// version's checksum.
        checksum: String,
    },
}

impl fmt::Debug for StepBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StepBody::Sql {
                content,
                no_transaction,
            } => f
                .debug_struct("Sql")
                .field("content", content)
                .field("no_transaction", no_transaction)
                .finish(),
            StepBody::Rust {
                migration,
                checksum,
            } => f
                .debug_struct("Rust")
                .field("name", &migration.name())
                .field("checksum", checksum)
                .finish(),
        }
    }
}

impl Step {
    /// The statements dbshape runs for a SQL step (a Rust step has none): the file split
    /// into statements, without the transaction control it elides (see
    /// [`control`]); a statement it refuses is an error naming
    /// the file and line.
    pub fn statements(&self, dialect: Dialect) -> Result<Vec<splitter::Statement>> {
        Ok(self.split(dialect)?.0)
    }

    /// The transaction-control statements dbshape leaves out of a SQL step.
    pub fn elided(&self, dialect: Dialect) -> Result<Vec<splitter::Statement>> {
        Ok(self.split(dialect)?.1)
    }

    /// Splits a SQL step into (statements to run, statements elided).
    fn split(
        &self,
        dialect: Dialect,
    ) -> Result<(Vec<splitter::Statement>, Vec<splitter::Statement>)> {
        let StepBody::Sql { content, .. } = &self.body else {
            return Ok((Vec::new(), Vec::new()));
        };
        let fail = |source| Error::Split {
            file: PathBuf::from(&self.display),
            source,
        };
        let mut run = Vec::new();
        let mut elided = Vec::new();
        for st in splitter::split(content, dialect).map_err(fail)? {
            match control::classify(&st.sql, dialect) {
                None => run.push(st),
                Some(c) if c.is_elided() => elided.push(st),
                Some(c) => {
                    let advice = if c == control::Control::Rollback {
                        "remove it (a failing statement already rolls the whole version back, and a file should not discard its own work)"
                    } else {
                        "two-phase commit cannot run inside a migration; remove it"
                    };
                    let (line, code) = control::locate(&st);
                    return Err(fail(splitter::SplitError::TransactionControl {
                        line,
                        statement: code.chars().take(60).collect(),
                        advice,
                    }));
                }
            }
        }
        Ok((run, elided))
    }

    /// Whether this step runs outside a transaction.
    pub fn no_transaction(&self) -> bool {
        matches!(
            self.body,
            StepBody::Sql {
                no_transaction: true,
                ..
            }
        )
    }
}

/// Checksum of one statement, as journaled.
pub fn statement_checksum(sql: &str) -> String {
    hex::encode(Sha256::digest(sql.as_bytes()))
}

impl MigrationSet {
    /// Loads the migration set for `dialect`: reads its directory (or checks its
    /// embedded files), places its Rust steps and computes every checksum. A malformed
    /// set, or a version that declares a Rust step the set does not register, is an
    /// error (exit 2) naming the path.
    pub fn load(migrations: &Migrations, dialect: Dialect) -> Result<MigrationSet> {
        let (origin, dir, files) = match migrations.sql() {
            Sql::Dir(dir) => (dir.display().to_string(), Some(dir), read_dir_files(dir)?),
            Sql::Embedded {
                prefer: Some(dir), ..
            } if dir.is_dir() => (dir.display().to_string(), Some(dir), read_dir_files(dir)?),
            Sql::Embedded { files, .. } => {
                (COMPILED_ORIGIN.to_string(), None, embedded_files(files)?)
            }
        };
        build(
            origin,
            dir.map(PathBuf::as_path),
            dialect,
            files,
            migrations.registered(),
        )
    }

    /// The server version: the highest version of the set.
    pub fn server_version(&self) -> Option<&Version> {
        self.versions.last().map(|v| &v.version)
    }

    /// The version entry for `v`.
    pub fn get(&self, v: &Version) -> Option<&VersionMigration> {
        self.versions.iter().find(|m| &m.version == v)
    }
}

/// Reads `<dir>/<version>/<sub>/<file>` as (relative path, content) pairs.
fn read_dir_files(dir: &Path) -> Result<Vec<(String, String)>> {
    if !dir.is_dir() {
        return Err(Error::MigrationSet(format!(
            "migrations directory {} does not exist; set --migrations DIR or migrations.dir in the config",
            dir.display()
        )));
    }
    let mut files = Vec::new();
    let list = |d: &Path| -> Result<Vec<std::fs::DirEntry>> {
        let mut v: Vec<_> = std::fs::read_dir(d)
            .map_err(|e| Error::io("read directory", d, e))?
            .collect::<std::result::Result<_, _>>()
            .map_err(|e| Error::io("read directory", d, e))?;
        v.sort_by_key(|e| e.file_name());
        Ok(v)
    };
    for version_entry in list(dir)? {
        let vpath = version_entry.path();
        if !vpath.is_dir() {
            continue; // README and the like
        }
        let vname = version_entry.file_name().to_string_lossy().into_owned();
        let mut any = false;
        for sub in list(&vpath)? {
            let spath = sub.path();
            let sname = sub.file_name().to_string_lossy().into_owned();
            if !spath.is_dir() {
                if sname == RUST_STEPS_FILE {
                    files.push((format!("{vname}/{sname}"), read_text(&spath)?));
                    any = true;
                    continue;
                }
                if sname.ends_with(".sql") {
                    return Err(Error::MigrationSet(format!(
                        "{} is directly under the version directory; put it in {vname}/<dialect>/ or {vname}/common/",
                        spath.display()
                    )));
                }
                continue;
            }
            for file in list(&spath)? {
                let fpath = file.path();
                let fname = file.file_name().to_string_lossy().into_owned();
                // A `.sql` entry that is not a readable file (a link to a missing file, a
                // directory) is read anyway so that it fails naming the path: skipping it
                // would record the version as applied without running it.
                if !fpath.is_file() && !fname.ends_with(".sql") {
                    continue;
                }
                files.push((format!("{vname}/{sname}/{fname}"), read_text(&fpath)?));
                any = true;
            }
        }
        if !any {
            files.push((format!("{vname}/"), String::new()));
        }
    }
    Ok(files)
}

/// Reads one file of a migrations directory, which must be UTF-8.
fn read_text(path: &Path) -> Result<String> {
    let content = std::fs::read(path).map_err(|e| Error::io("read", path, e))?;
    String::from_utf8(content).map_err(|_| {
        Error::MigrationSet(format!(
            "{} is not valid UTF-8; save it as UTF-8",
            path.display()
        ))
    })
}

/// The files of a set compiled into the program, as (relative path, content) pairs,
/// each checked against the SHA-256 recorded when it was compiled in: a difference
/// means the embedding and this reader disagree on the bytes, and the checksums built
/// from them could not be trusted.
fn embedded_files(files: &[EmbeddedFile]) -> Result<Vec<(String, String)>> {
    files
        .iter()
        .map(|f| {
            let sum = hex::encode(Sha256::digest(f.contents.as_bytes()));
            if !sum.eq_ignore_ascii_case(f.sha256) {
                return Err(Error::MigrationSet(format!(
                    "{COMPILED_ORIGIN}: {} does not match the file that was compiled in (SHA-256 {} then, {sum} now); build the program again",
                    f.path, f.sha256
                )));
            }
            Ok((f.path.to_string(), f.contents.to_string()))
        })
        .collect()
}

/// Groups files by version, picks this dialect's directory (or `common/`), places the
/// Rust steps and checks that every step a version declares is there. `dir` is the
/// directory the files were read from, if any, to name a declaration file in full.
fn build(
    origin: String,
    dir: Option<&Path>,
    dialect: Dialect,
    files: Vec<(String, String)>,
    rust: &[RustStep],
) -> Result<MigrationSet> {
    // version text -> sub directory -> file name -> content
    type Tree = BTreeMap<String, BTreeMap<String, BTreeMap<String, String>>>;
    let mut tree: Tree = BTreeMap::new();
    // version text -> content of its rust-steps.txt
    let mut declared: BTreeMap<String, String> = BTreeMap::new();
    // version text -> the shape it ships for this dialect
    let mut expected: BTreeMap<String, Shape> = BTreeMap::new();
    for (rel, content) in files {
        let mut parts = rel.splitn(3, '/');
        let (v, sub, file) = (
            parts.next().unwrap_or(""),
            parts.next().unwrap_or(""),
            parts.next().unwrap_or(""),
        );
        let subs = tree.entry(v.to_string()).or_default();
        if sub.is_empty() {
            continue;
        }
        if sub == RUST_STEPS_FILE && file.is_empty() {
            // Not SQL: it names steps, it is no step, and no checksum covers it.
            declared.insert(v.to_string(), content);
            continue;
        }
        let known = sub == COMMON_DIR || Dialect::ALL.iter().any(|d| d.dir_name() == sub);
        if !known {
            return Err(Error::MigrationSet(format!(
                "{origin}: {v}/{sub} is not a dialect directory; expected postgres, mysql, sqlite or common"
            )));
        }
        if file == SHAPE_FILE {
            if sub == COMMON_DIR {
                return Err(Error::MigrationSet(format!(
                    "{origin}: {v}/{sub}/{SHAPE_FILE}: a shape belongs to one dialect; \
                     `dbshape shape write` puts it in {v}/<dialect>/{SHAPE_FILE}"
                )));
            }
            if sub == dialect.dir_name() {
                let shape = Shape::from_json(&content).map_err(|e| {
                    Error::MigrationSet(format!(
                        "{origin}: {v}/{sub}/{SHAPE_FILE} is not a shape: {e}; write it again \
                         with `dbshape shape write`"
                    ))
                })?;
                expected.insert(v.to_string(), shape);
            }
            continue;
        }
        if file.ends_with(".sql") && file != SCHEMA_CHANGES && file != POST_DATA {
            return Err(Error::MigrationSet(format!(
                "{origin}: unexpected file {v}/{sub}/{file}; a version directory holds {SCHEMA_CHANGES} and {POST_DATA}"
            )));
        }
        if file == SCHEMA_CHANGES || file == POST_DATA {
            subs.entry(sub.to_string())
                .or_default()
                .insert(file.to_string(), splitter::normalize(&content));
        }
    }

    let mut versions: BTreeMap<Version, VersionMigration> = BTreeMap::new();
    let mut names: BTreeMap<Version, String> = BTreeMap::new();
    for (vtext, subs) in tree {
        let version = Version::parse(&vtext).map_err(|e| {
            Error::MigrationSet(format!(
                "{origin}: directory `{vtext}` is not a version ({e}); rename it, e.g. 1.2.0"
            ))
        })?;
        if let Some(other) = names.insert(version.clone(), vtext.clone()) {
            return Err(Error::MigrationSet(format!(
                "{origin}: directories `{other}` and `{vtext}` are the same version; keep one"
            )));
        }
        let chosen = if subs.contains_key(dialect.dir_name()) {
            Some(dialect.dir_name().to_string())
        } else if subs.contains_key(COMMON_DIR) {
            Some(COMMON_DIR.to_string())
        } else {
            None
        };
        let mut steps = Vec::new();
        if let Some(dir) = &chosen {
            let files = &subs[dir];
            for name in [SCHEMA_CHANGES, POST_DATA] {
                if let Some(content) = files.get(name) {
                    steps.push(Step {
                        name: name.to_string(),
                        display: format!("{vtext}/{dir}/{name}"),
                        body: StepBody::Sql {
                            no_transaction: has_no_transaction_directive(content),
                            content: content.clone(),
                        },
                    });
                }
            }
        }
        versions.insert(
            version.clone(),
            VersionMigration {
                version,
                dir: chosen,
                description: String::new(),
                steps,
                checksum: String::new(),
                expected_shape: expected.remove(&vtext),
            },
        );
    }

    for registered in rust {
        let vtext = registered.version.as_str();
        let name = registered.migration.name();
        let version = Version::parse(vtext).map_err(|e| {
            Error::MigrationSet(format!("Rust migration {name}: bad version `{vtext}`: {e}"))
        })?;
        let entry = versions
            .entry(version.clone())
            .or_insert_with(|| VersionMigration {
                version,
                dir: None,
                description: String::new(),
                steps: Vec::new(),
                checksum: String::new(),
                expected_shape: None,
            });
        let step = Step {
            name: format!("rust:{name}"),
            display: format!("{vtext} Rust migration {name}"),
            body: StepBody::Rust {
                migration: Arc::clone(&registered.migration),
                checksum: hex::encode(Sha256::digest(
                    splitter::normalize(registered.source).as_bytes(),
                )),
            },
        };
        // The journal knows a step by its name: a second one would be taken as done.
        if entry.steps.iter().any(|s| s.name == step.name) {
            return Err(Error::MigrationSet(format!(
                "the Rust step {name} is registered twice for version {vtext}; register it once"
            )));
        }
        // Between schemaChanges.sql and postDataMigrationSQLScript.sql.
        let at = entry
            .steps
            .iter()
            .position(|s| s.name == POST_DATA)
            .unwrap_or(entry.steps.len());
        entry.steps.insert(at, step);
    }

    check_declared(&origin, dir, &versions, &declared)?;

    let mut list: Vec<VersionMigration> = versions.into_values().collect();
    for v in &mut list {
        v.checksum = version_checksum(&v.steps);
        v.description = describe(&v.steps);
    }
    Ok(MigrationSet {
        origin,
        dialect,
        versions: list,
    })
}

/// Refuses a set in which a version declares (in its `rust-steps.txt`) a Rust step
/// that is not registered for it. Its SQL would run and the version be recorded as
/// applied with the step's work never done, for good: no later run goes back to a
/// completed version.
fn check_declared(
    origin: &str,
    dir: Option<&Path>,
    versions: &BTreeMap<Version, VersionMigration>,
    declared: &BTreeMap<String, String>,
) -> Result<()> {
    let mut missing = Vec::new();
    for (vtext, text) in declared {
        let file = match dir {
            Some(dir) => dir.join(vtext).join(RUST_STEPS_FILE).display().to_string(),
            None => format!("{vtext}/{RUST_STEPS_FILE} of {origin}"),
        };
        // Every directory name is a version by now (the grouping above checked it).
        let version = Version::parse(vtext).map_err(|e| {
            Error::MigrationSet(format!("{origin}: `{vtext}` is not a version ({e})"))
        })?;
        let steps = versions.get(&version).map(|v| &v.steps[..]).unwrap_or(&[]);
        for (line, name, what) in declared_steps(text, &file)? {
            let registered = format!("rust:{name}");
            if steps.iter().any(|s| s.name == registered) {
                continue;
            }
            let what = what.map(|w| format!(" ({name}: {w})")).unwrap_or_default();
            missing.push(format!(
                "version {vtext} needs the Rust step {name} (declared in {file}, line {line}), \
                 which this migration set does not register: its SQL would run and {vtext} be \
                 recorded as applied without the step's work, which no later run would do{what}. \
                 Nothing was run. Run this version with the program that carries the step: for \
                 the bundled schema, dbshape without --migrations (a program's Rust steps never \
                 run with another directory)"
            ));
        }
    }
    if missing.is_empty() {
        return Ok(());
    }
    Err(Error::MigrationSet(format!(
        "{origin}: {}",
        missing.join("; ")
    )))
}

/// The steps a `rust-steps.txt` names: (line number, step name, what its `#` comment
/// says). Blank lines and `#` comments are allowed; a line holds one name.
fn declared_steps(text: &str, file: &str) -> Result<Vec<(usize, String, Option<String>)>> {
    let mut steps = Vec::new();
    for (i, line) in splitter::normalize(text).lines().enumerate() {
        let (code, comment) = match line.split_once('#') {
            Some((code, comment)) => (code.trim(), Some(comment.trim())),
            None => (line.trim(), None),
        };
        if code.is_empty() {
            continue;
        }
        if code.contains(char::is_whitespace) {
            return Err(Error::MigrationSet(format!(
                "{file}, line {}: `{code}` is not one step name; write one name per line (a `#` starts a comment)",
                i + 1
            )));
        }
        let what = comment.filter(|c| !c.is_empty()).map(str::to_string);
        steps.push((i + 1, code.to_string(), what));
    }
    Ok(steps)
}

/// SHA-256 over each step's name and normalized content, in run order.
fn version_checksum(steps: &[Step]) -> String {
    let mut h = Sha256::new();
    for step in steps {
        match &step.body {
            StepBody::Sql { content, .. } => {
                h.update(step.name.as_bytes());
                h.update(b"\n");
                h.update(content.as_bytes());
            }
            StepBody::Rust { checksum, .. } => {
                h.update(b"rust\n");
                h.update(checksum.as_bytes());
            }
        }
        h.update(b"\n\0");
    }
    hex::encode(h.finalize())
}

/// Whether the leading comment lines of a file carry the no-transaction directive.
pub fn has_no_transaction_directive(content: &str) -> bool {
    for line in content.lines() {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        match t.strip_prefix("--") {
            Some(comment)
                if comment
                    .trim()
                    .eq_ignore_ascii_case(NO_TRANSACTION_DIRECTIVE) =>
            {
                return true
            }
            Some(_) => continue,
            None => return false,
        }
    }
    false
}

/// The first comment line of the first SQL step that is not a directive.
fn describe(steps: &[Step]) -> String {
    for step in steps {
        if let StepBody::Sql { content, .. } = &step.body {
            for line in content.lines() {
                let t = line.trim();
                if t.is_empty() {
                    continue;
                }
                match t.strip_prefix("--") {
                    Some(c) if c.trim().starts_with("dbshape:") => continue,
                    Some(c) => {
                        // "-- 1.2.0: adds x" describes itself as "adds x".
                        let c = c.trim();
                        let c = match c.split_once(':') {
                            Some((head, rest)) if Version::parse(head.trim()).is_ok() => {
                                rest.trim()
                            }
                            _ => c,
                        };
                        return c.chars().take(200).collect();
                    }
                    None => break,
                }
            }
        }
    }
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::DbErr;
    use sea_orm_migration::{MigrationName, SchemaManager};

    /// A Rust step that does nothing, named `backfill`.
    struct Backfill;

    impl MigrationName for Backfill {
        fn name(&self) -> &str {
            "backfill"
        }
    }

    #[async_trait::async_trait]
    impl MigrationTrait for Backfill {
        async fn up(&self, _: &SchemaManager) -> std::result::Result<(), DbErr> {
            Ok(())
        }
    }

    fn files(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn dialect_directory_shadows_common_and_versions_sort_numerically() {
        let set = build(
            "t".into(),
            None,
            Dialect::Postgres,
            files(&[
                ("1.10.0/common/schemaChanges.sql", "-- ten\nSELECT 10;"),
                ("1.9.0/postgres/schemaChanges.sql", "SELECT 9;"),
                ("1.9.0/common/schemaChanges.sql", "SELECT 'common';"),
                ("1.2.0/mysql/schemaChanges.sql", "SELECT 2;"),
            ]),
            &[],
        )
        .unwrap();
        let vs: Vec<_> = set.versions.iter().map(|v| v.version.to_string()).collect();
        assert_eq!(vs, ["1.2.0", "1.9.0", "1.10.0"]);
        assert_eq!(
            set.versions[0].dir, None,
            "mysql-only version is empty here"
        );
        assert_eq!(set.versions[1].dir.as_deref(), Some("postgres"));
        assert_eq!(set.versions[2].dir.as_deref(), Some("common"));
        assert_eq!(set.versions[2].description, "ten");
    }

    #[test]
    fn rust_step_runs_between_the_sql_files() {
        let set = build(
            "t".into(),
            None,
            Dialect::Sqlite,
            files(&[
                ("1.1.0/sqlite/postDataMigrationSQLScript.sql", "SELECT 3;"),
                ("1.1.0/sqlite/schemaChanges.sql", "SELECT 1;"),
            ]),
            Migrations::default()
                .rust_step("1.1.0", Box::new(Backfill), "fn x() {}")
                .registered(),
        )
        .unwrap();
        let names: Vec<_> = set.versions[0]
            .steps
            .iter()
            .map(|s| s.name.as_str())
            .collect();
        assert_eq!(names, [SCHEMA_CHANGES, "rust:backfill", POST_DATA]);
    }

    #[test]
    fn checksum_ignores_bom_and_crlf_but_sees_edits() {
        let a = build(
            "t".into(),
            None,
            Dialect::Mysql,
            files(&[("1/mysql/schemaChanges.sql", "SELECT 1;\n")]),
            &[],
        )
        .unwrap();
        let b = build(
            "t".into(),
            None,
            Dialect::Mysql,
            files(&[("1/mysql/schemaChanges.sql", "\u{feff}SELECT 1;\r\n")]),
            &[],
        )
        .unwrap();
        let c = build(
            "t".into(),
            None,
            Dialect::Mysql,
            files(&[("1/mysql/schemaChanges.sql", "SELECT 2;\n")]),
            &[],
        )
        .unwrap();
        assert_eq!(a.versions[0].checksum, b.versions[0].checksum);
        assert_ne!(a.versions[0].checksum, c.versions[0].checksum);
    }

    #[test]
    fn rejects_bad_names_with_the_fix() {
        let err = build(
            "t".into(),
            None,
            Dialect::Mysql,
            files(&[("v1/mysql/schemaChanges.sql", "")]),
            &[],
        )
        .unwrap_err();
        assert!(err.to_string().contains("`v1` is not a version"), "{err}");
        let err = build(
            "t".into(),
            None,
            Dialect::Mysql,
            files(&[("1/postgresql/schemaChanges.sql", "")]),
            &[],
        )
        .unwrap_err();
        assert!(err.to_string().contains("not a dialect directory"), "{err}");
        let err = build(
            "t".into(),
            None,
            Dialect::Mysql,
            files(&[("1/mysql/schemaChange.sql", "")]),
            &[],
        )
        .unwrap_err();
        assert!(err.to_string().contains("unexpected file"), "{err}");
        let err = build(
            "t".into(),
            None,
            Dialect::Mysql,
            files(&[
                ("1.0/mysql/schemaChanges.sql", ""),
                ("1.0.0/mysql/schemaChanges.sql", ""),
            ]),
            &[],
        )
        .unwrap_err();
        assert!(err.to_string().contains("same version"), "{err}");
    }

    /// Regression: a `.sql` link to a missing file was skipped, so its version was recorded
    /// as applied without running anything.
    #[test]
    fn a_sql_file_that_cannot_be_read_is_an_error_not_an_empty_version() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("1.0.0/sqlite");
        std::fs::create_dir_all(&sub).unwrap();
        let file = sub.join("schemaChanges.sql");
        std::os::unix::fs::symlink(dir.path().join("gone.sql"), &file).unwrap();
        let err = read_dir_files(dir.path()).unwrap_err();
        assert!(err.to_string().contains("schemaChanges.sql"), "{err}");
        assert_eq!(err.exit_code(), crate::error::exit::ERROR);

        std::fs::remove_file(&file).unwrap();
        std::fs::create_dir(&file).unwrap();
        let err = read_dir_files(dir.path()).unwrap_err();
        assert!(err.to_string().contains("schemaChanges.sql"), "{err}");
    }

    /// 1.1.0 of a small set: its SQL, and a `rust-steps.txt` when `declaration` is given.
    fn declaring(declaration: Option<&str>) -> Vec<(String, String)> {
        let mut list = files(&[
            ("1.1.0/sqlite/schemaChanges.sql", "SELECT 1;"),
            ("1.1.0/sqlite/postDataMigrationSQLScript.sql", "SELECT 2;"),
        ]);
        if let Some(text) = declaration {
            list.push(("1.1.0/rust-steps.txt".into(), text.into()));
        }
        list
    }

    fn with_backfill() -> Migrations {
        Migrations::default().rust_step("1.1.0", Box::new(Backfill), "fn x() {}")
    }

    #[test]
    fn a_declared_step_that_is_not_registered_refuses_the_set() {
        let declaration = "# what 1.1.0 needs\n\nbackfill  # fills t.x, NULL without it\n";
        let err = build(
            "/srv/m".into(),
            Some(Path::new("/srv/m")),
            Dialect::Sqlite,
            declaring(Some(declaration)),
            &[],
        )
        .unwrap_err();
        assert_eq!(err.exit_code(), crate::error::exit::USAGE);
        let text = err.to_string();
        for needle in [
            "version 1.1.0 needs the Rust step backfill",
            "/srv/m/1.1.0/rust-steps.txt, line 3",
            "without the step's work",
            "backfill: fills t.x, NULL without it",
            "Nothing was run",
            "dbshape without --migrations",
        ] {
            assert!(text.contains(needle), "{needle:?} in {text}");
        }
        // A compiled-in set names the file inside it.
        let err = build(
            COMPILED_ORIGIN.into(),
            None,
            Dialect::Sqlite,
            declaring(Some("backfill")),
            &[],
        )
        .unwrap_err();
        assert!(
            err.to_string().contains(
                "1.1.0/rust-steps.txt of the migrations compiled into the program, line 1"
            ),
            "{err}"
        );
    }

    #[test]
    fn a_declared_step_registered_for_another_version_does_not_count() {
        let other = Migrations::default().rust_step("1.2.0", Box::new(Backfill), "fn x() {}");
        let err = build(
            "t".into(),
            None,
            Dialect::Sqlite,
            declaring(Some("backfill")),
            other.registered(),
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("needs the Rust step backfill"),
            "{err}"
        );
    }

    /// The declaration is not SQL: with the step registered, the version and its
    /// checksum are what they are without the file.
    #[test]
    fn the_declaration_changes_no_step_and_no_checksum() {
        let set = |declaration| {
            build(
                "t".into(),
                None,
                Dialect::Sqlite,
                declaring(declaration),
                with_backfill().registered(),
            )
            .unwrap()
        };
        let (with, without) = (set(Some("backfill\n")), set(None));
        assert_eq!(with.versions[0].checksum, without.versions[0].checksum);
        let names = |s: &MigrationSet| -> Vec<String> {
            s.versions[0].steps.iter().map(|s| s.name.clone()).collect()
        };
        assert_eq!(names(&with), names(&without));
        assert_eq!(names(&with), [SCHEMA_CHANGES, "rust:backfill", POST_DATA]);
    }

    #[test]
    fn a_declaration_line_holds_one_name() {
        let err = build(
            "t".into(),
            None,
            Dialect::Sqlite,
            declaring(Some("backfill\nsplit names\n")),
            with_backfill().registered(),
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .contains("line 2: `split names` is not one step name"),
            "{err}"
        );
    }

    #[test]
    fn a_step_registered_twice_for_a_version_is_refused() {
        let twice = with_backfill().rust_step("1.1.0", Box::new(Backfill), "fn y() {}");
        let err = build(
            "t".into(),
            None,
            Dialect::Sqlite,
            declaring(None),
            twice.registered(),
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .contains("registered twice for version 1.1.0"),
            "{err}"
        );
    }

    /// The directory reader takes the declaration next to the dialect directories.
    #[test]
    fn the_directory_reader_takes_rust_steps_txt() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("1.1.0/sqlite")).unwrap();
        std::fs::write(
            dir.path().join("1.1.0/sqlite/schemaChanges.sql"),
            "SELECT 1;",
        )
        .unwrap();
        std::fs::write(dir.path().join("1.1.0/rust-steps.txt"), "backfill\n").unwrap();
        std::fs::write(dir.path().join("1.1.0/notes.txt"), "ignored").unwrap();
        let read = read_dir_files(dir.path()).unwrap();
        let paths: Vec<&str> = read.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            ["1.1.0/rust-steps.txt", "1.1.0/sqlite/schemaChanges.sql"]
        );
        let err =
            MigrationSet::load(&Migrations::from_dir(dir.path()), Dialect::Sqlite).unwrap_err();
        assert!(err.to_string().contains("rust-steps.txt, line 1"), "{err}");
        MigrationSet::load(
            &Migrations::from_dir(dir.path()).rust_step("1.1.0", Box::new(Backfill), ""),
            Dialect::Sqlite,
        )
        .unwrap();
    }

    /// Embedded text that differs from what was compiled in is refused, naming the file.
    #[test]
    fn an_embedded_file_must_match_its_recorded_sha256() {
        static GOOD: &[EmbeddedFile] = &[EmbeddedFile {
            path: "1.0.0/common/schemaChanges.sql",
            contents: "SELECT 1;",
            sha256: "17db4fd369edb9244b9f91d9aeed145c3d04ad8ba6e95d06247f07a63527d11a",
        }];
        static BAD: &[EmbeddedFile] = &[EmbeddedFile {
            path: "1.0.0/common/schemaChanges.sql",
            contents: "SELECT 2;",
            sha256: "17db4fd369edb9244b9f91d9aeed145c3d04ad8ba6e95d06247f07a63527d11a",
        }];
        let set = MigrationSet::load(&Migrations::embedded(GOOD), Dialect::Mysql).unwrap();
        assert_eq!(set.origin, COMPILED_ORIGIN);
        assert_eq!(set.versions.len(), 1);
        let err = MigrationSet::load(&Migrations::embedded(BAD), Dialect::Mysql).unwrap_err();
        assert!(
            err.to_string()
                .contains("1.0.0/common/schemaChanges.sql does not match"),
            "{err}"
        );
    }

    /// A preferred directory is read when it is there, the embedded copy otherwise.
    #[test]
    fn a_preferred_directory_wins_only_when_it_exists() {
        static FILES: &[EmbeddedFile] = &[EmbeddedFile {
            path: "1.0.0/",
            contents: "",
            sha256: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        }];
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("2.0.0/common")).unwrap();
        let there = Migrations::embedded(FILES).prefer_dir(dir.path());
        let set = MigrationSet::load(&there, Dialect::Sqlite).unwrap();
        assert_eq!(set.origin, dir.path().display().to_string());
        assert_eq!(set.versions[0].version.to_string(), "2.0.0");
        let gone = Migrations::embedded(FILES).prefer_dir(dir.path().join("gone"));
        let set = MigrationSet::load(&gone, Dialect::Sqlite).unwrap();
        assert_eq!(set.origin, COMPILED_ORIGIN);
        assert_eq!(set.versions[0].version.to_string(), "1.0.0");
    }

    /// A shipped `shape.json` is carried, not run or checksummed; a damaged one, or one
    /// in `common/`, is refused naming the file.
    #[test]
    fn a_shipped_shape_is_carried_beside_common_sql_and_checked() {
        let sql = (
            "1.0/common/schemaChanges.sql".to_string(),
            "CREATE TABLE t (a INT);".to_string(),
        );
        let shape = crate::shape::Shape::new(Dialect::Sqlite).to_json();
        let load = |extra: Option<(&str, &str)>| {
            let mut files = vec![sql.clone()];
            files.extend(extra.map(|(p, c)| (p.to_string(), c.to_string())));
            build("m".into(), None, Dialect::Sqlite, files, &[])
        };
        let plain = load(None).unwrap();
        let shipped = load(Some(("1.0/sqlite/shape.json", &shape))).unwrap();
        let (a, b) = (&plain.versions[0], &shipped.versions[0]);
        assert_eq!(b.dir.as_deref(), Some(COMMON_DIR));
        assert_eq!(a.checksum, b.checksum);
        assert!(a.expected_shape.is_none() && b.expected_shape.is_some());
        // Another dialect's shape is not this set's.
        let other = load(Some(("1.0/postgres/shape.json", &shape))).unwrap();
        assert!(other.versions[0].expected_shape.is_none());

        let damaged = load(Some(("1.0/sqlite/shape.json", "{\"format\": 1"))).unwrap_err();
        assert!(
            damaged
                .to_string()
                .contains("1.0/sqlite/shape.json is not a shape"),
            "{damaged}"
        );
        let common = load(Some(("1.0/common/shape.json", &shape))).unwrap_err();
        assert!(
            common
                .to_string()
                .contains("a shape belongs to one dialect"),
            "{common}"
        );
    }

    #[test]
    fn no_transaction_directive_only_in_leading_comments() {
        assert!(has_no_transaction_directive(
            "-- first\n-- dbshape:no-transaction\nCREATE INDEX CONCURRENTLY i ON t (a);"
        ));
        assert!(!has_no_transaction_directive(
            "SELECT 1;\n-- dbshape:no-transaction\n"
        ));
    }
}
