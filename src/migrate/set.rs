//! The migration set: what versions exist and what each runs on one dialect.
//!
//! Layout: `<dir>/<version>/<dialect>/{schemaChanges.sql, postDataMigrationSQLScript.sql}`
//! with `<version>/common/` serving every dialect that has no directory of its own. With
//! the bundled directory, the Rust steps of the `migration` crate join the version they
//! name, between the two SQL files. A version's checksum covers every step's normalized
//! text, so any edit of an applied version is seen as drift.
//!
//! Files are read fully into memory: migration files are small, and reading them once
//! lets the checksum, the dry run and the runner see exactly the same bytes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::config::MigrationsSource;
use crate::dialect::Dialect;
use crate::error::{Error, Result};
use crate::migrate::{control, splitter};
use crate::version::Version;

mod bundled {
    include!(concat!(env!("OUT_DIR"), "/bundled.rs"));
}

/// File run first in a version.
pub const SCHEMA_CHANGES: &str = "schemaChanges.sql";
/// File run last in a version, after the Rust step.
pub const POST_DATA: &str = "postDataMigrationSQLScript.sql";
/// Directory used by every dialect without one of its own.
pub const COMMON_DIR: &str = "common";
/// First-comment directive that runs a file outside a transaction.
pub const NO_TRANSACTION_DIRECTIVE: &str = "dbshape:no-transaction";

/// Every version known for one dialect, in version order.
#[derive(Debug)]
pub struct MigrationSet {
    /// Where the SQL came from, for messages.
    pub origin: String,
    pub dialect: Dialect,
    pub versions: Vec<VersionMigration>,
}

/// One version for one dialect.
#[derive(Debug)]
pub struct VersionMigration {
    pub version: Version,
    /// `postgres`, `mysql`, `sqlite`, `common`, or `None` for a version with nothing to run
    /// on this dialect (it is still recorded when applied).
    pub dir: Option<String>,
    /// The first comment line of the version's first file.
    pub description: String,
    pub steps: Vec<Step>,
    /// SHA-256 (hex) of the normalized content of every step.
    pub checksum: String,
}

/// One step of a version, in run order.
#[derive(Debug)]
pub struct Step {
    /// Stable name recorded in the statement journal, e.g. `schemaChanges.sql` or
    /// `rust:m1_1_0_backfill_fqn_hash`.
    pub name: String,
    /// Path shown to operators, e.g. `1.2.0/postgres/schemaChanges.sql`.
    pub display: String,
    pub body: StepBody,
}

/// What a step runs.
#[derive(Debug)]
pub enum StepBody {
    /// A SQL file (normalized: no BOM, LF line ends).
    Sql {
        content: String,
        no_transaction: bool,
    },
    /// A Rust step of the `migration` crate: its index in `migration::migrations()` and
    /// the checksum of its source.
    Rust { index: usize, checksum: String },
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
    /// Loads the migration set for `dialect`.
    pub fn load(source: &MigrationsSource, dialect: Dialect) -> Result<MigrationSet> {
        let (origin, files, with_rust) = match source {
            MigrationsSource::Bundled { dir: Some(dir) } => {
                (dir.display().to_string(), read_dir_files(dir)?, true)
            }
            MigrationsSource::Bundled { dir: None } => (
                "the migrations compiled into dbshape".to_string(),
                bundled::BUNDLED_FILES
                    .iter()
                    .map(|(p, c)| (p.to_string(), c.to_string()))
                    .collect(),
                true,
            ),
            MigrationsSource::Directory(dir) => {
                (dir.display().to_string(), read_dir_files(dir)?, false)
            }
        };
        let rust = if with_rust {
            migration::migrations()
                .into_iter()
                .enumerate()
                .map(|(i, m)| (m.version, i, m.migration.name().to_string(), m.source))
                .collect()
        } else {
            Vec::new()
        };
        build(origin, dialect, files, rust)
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
                let content = std::fs::read(&fpath).map_err(|e| Error::io("read", &fpath, e))?;
                let content = String::from_utf8(content).map_err(|_| {
                    Error::MigrationSet(format!(
                        "{} is not valid UTF-8; save it as UTF-8",
                        fpath.display()
                    ))
                })?;
                files.push((format!("{vname}/{sname}/{fname}"), content));
                any = true;
            }
        }
        if !any {
            files.push((format!("{vname}/"), String::new()));
        }
    }
    Ok(files)
}

/// Groups files by version and picks this dialect's directory (or `common/`).
fn build(
    origin: String,
    dialect: Dialect,
    files: Vec<(String, String)>,
    rust: Vec<(&'static str, usize, String, &'static str)>,
) -> Result<MigrationSet> {
    // version text -> sub directory -> file name -> content
    type Tree = BTreeMap<String, BTreeMap<String, BTreeMap<String, String>>>;
    let mut tree: Tree = BTreeMap::new();
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
        let known = sub == COMMON_DIR || Dialect::ALL.iter().any(|d| d.dir_name() == sub);
        if !known {
            return Err(Error::MigrationSet(format!(
                "{origin}: {v}/{sub} is not a dialect directory; expected postgres, mysql, sqlite or common"
            )));
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
            },
        );
    }

    for (vtext, index, name, source) in rust {
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
            });
        let step = Step {
            name: format!("rust:{name}"),
            display: format!("{vtext} Rust migration {name}"),
            body: StepBody::Rust {
                index,
                checksum: hex::encode(Sha256::digest(splitter::normalize(source).as_bytes())),
            },
        };
        // Between schemaChanges.sql and postDataMigrationSQLScript.sql.
        let at = entry
            .steps
            .iter()
            .position(|s| s.name == POST_DATA)
            .unwrap_or(entry.steps.len());
        entry.steps.insert(at, step);
    }

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

    fn files(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn dialect_directory_shadows_common_and_versions_sort_numerically() {
        let set = build(
            "t".into(),
            Dialect::Postgres,
            files(&[
                ("1.10.0/common/schemaChanges.sql", "-- ten\nSELECT 10;"),
                ("1.9.0/postgres/schemaChanges.sql", "SELECT 9;"),
                ("1.9.0/common/schemaChanges.sql", "SELECT 'common';"),
                ("1.2.0/mysql/schemaChanges.sql", "SELECT 2;"),
            ]),
            vec![],
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
            Dialect::Sqlite,
            files(&[
                ("1.1.0/sqlite/postDataMigrationSQLScript.sql", "SELECT 3;"),
                ("1.1.0/sqlite/schemaChanges.sql", "SELECT 1;"),
            ]),
            vec![("1.1.0", 0, "backfill".into(), "fn x() {}")],
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
            Dialect::Mysql,
            files(&[("1/mysql/schemaChanges.sql", "SELECT 1;\n")]),
            vec![],
        )
        .unwrap();
        let b = build(
            "t".into(),
            Dialect::Mysql,
            files(&[("1/mysql/schemaChanges.sql", "\u{feff}SELECT 1;\r\n")]),
            vec![],
        )
        .unwrap();
        let c = build(
            "t".into(),
            Dialect::Mysql,
            files(&[("1/mysql/schemaChanges.sql", "SELECT 2;\n")]),
            vec![],
        )
        .unwrap();
        assert_eq!(a.versions[0].checksum, b.versions[0].checksum);
        assert_ne!(a.versions[0].checksum, c.versions[0].checksum);
    }

    #[test]
    fn rejects_bad_names_with_the_fix() {
        let err = build(
            "t".into(),
            Dialect::Mysql,
            files(&[("v1/mysql/schemaChanges.sql", "")]),
            vec![],
        )
        .unwrap_err();
        assert!(err.to_string().contains("`v1` is not a version"), "{err}");
        let err = build(
            "t".into(),
            Dialect::Mysql,
            files(&[("1/postgresql/schemaChanges.sql", "")]),
            vec![],
        )
        .unwrap_err();
        assert!(err.to_string().contains("not a dialect directory"), "{err}");
        let err = build(
            "t".into(),
            Dialect::Mysql,
            files(&[("1/mysql/schemaChange.sql", "")]),
            vec![],
        )
        .unwrap_err();
        assert!(err.to_string().contains("unexpected file"), "{err}");
        let err = build(
            "t".into(),
            Dialect::Mysql,
            files(&[
                ("1.0/mysql/schemaChanges.sql", ""),
                ("1.0.0/mysql/schemaChanges.sql", ""),
            ]),
            vec![],
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
