//! Test sandbox: a uniquely named database per test on a real engine, the real
//! `dbshape` binary, and the engines' own clients to look at the result.
//!
//! PostgreSQL and MariaDB tests need the servers of the machine (127.0.0.1:5432 as
//! `postgres`, 127.0.0.1:3306 as `root`). When a server is unreachable a test fails if
//! `CI` is set, and otherwise prints why and returns early.

#![allow(dead_code)]

pub mod bundled;
pub mod corrupt;
pub mod forge;
pub mod moto;
pub mod parallel;
pub mod private_server;
pub mod probe;
pub mod spawned;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

pub const PG_ADMIN: &str = "postgres://postgres@127.0.0.1:5432";
pub const MY_ADMIN: &str = "mysql://root@127.0.0.1:3306";

/// The engines under test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Postgres,
    Mysql,
    Sqlite,
}

pub const ALL: [Kind; 3] = [Kind::Postgres, Kind::Mysql, Kind::Sqlite];

impl Kind {
    pub fn dialect(self) -> &'static str {
        match self {
            Kind::Postgres => "postgres",
            Kind::Mysql => "mysql",
            Kind::Sqlite => "sqlite",
        }
    }
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A database of its own for one test, dropped at the end.
pub struct TestDb {
    pub kind: Kind,
    pub name: String,
    pub url: String,
    /// Working directory of the binary (holds the SQLite file).
    pub dir: tempfile::TempDir,
}

fn server_up(kind: Kind) -> bool {
    let out = match kind {
        Kind::Postgres => Command::new("psql")
            .args([
                "-h",
                "127.0.0.1",
                "-U",
                "postgres",
                "-d",
                "postgres",
                "-Atqc",
                "SELECT 1",
            ])
            .output(),
        Kind::Mysql => Command::new("mariadb")
            .args(["-h", "127.0.0.1", "-u", "root", "-N", "-e", "SELECT 1"])
            .output(),
        Kind::Sqlite => return true,
    };
    out.map(|o| o.status.success()).unwrap_or(false)
}

/// Whether the server of `kind` can be used; false (outside CI only) when it is down.
pub fn server_available(kind: Kind) -> bool {
    if server_up(kind) {
        return true;
    }
    if std::env::var_os("CI").is_some() {
        panic!("{kind:?} server is not reachable on 127.0.0.1; CI needs it (see .ci/run)");
    }
    eprintln!("skipping: {kind:?} server is not reachable");
    false
}

impl TestDb {
    /// A fresh empty database, or `None` (outside CI only) when the server is down.
    pub fn new(kind: Kind) -> Option<TestDb> {
        if !server_available(kind) {
            return None;
        }
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos();
        let name = format!("dbshape_t{}_{n}_{}", std::process::id(), nanos % 100_000);
        let dir = tempfile::tempdir().unwrap();
        let url = match kind {
            Kind::Postgres => {
                admin_sql(kind, &format!("CREATE DATABASE {name}"));
                format!("{PG_ADMIN}/{name}")
            }
            Kind::Mysql => {
                admin_sql(
                    kind,
                    &format!("CREATE DATABASE {name} CHARACTER SET utf8mb4"),
                );
                format!("{MY_ADMIN}/{name}")
            }
            Kind::Sqlite => format!("sqlite://{}", dir.path().join("test.db").display()),
        };
        Some(TestDb {
            kind,
            name,
            url,
            dir,
        })
    }

    /// `dbshape` with this database's URL, run in the test's directory.
    pub fn cmd(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_dbshape"));
        c.current_dir(self.dir.path())
            .env_remove("DBSHAPE_URL")
            .env_remove("DBSHAPE_CONFIG")
            .env_remove("DBSHAPE_MIGRATIONS")
            .env_remove("DATABASE_URL")
            .env("DBSHAPE_URL", &self.url)
            .stdin(Stdio::null());
        c
    }

    /// `dbshape --migrations DIR ARGS...`, waited for.
    pub fn run(&self, migrations: Option<&Path>, args: &[&str]) -> Run {
        let mut c = self.cmd();
        if let Some(m) = migrations {
            c.arg("--migrations").arg(m);
        }
        c.args(args);
        Run::from(c.output().expect("run dbshape"))
    }

    /// A clean restore target at the bundled schema: migrated, then emptied of the rows
    /// the migrations seed (settings first: deleting them writes their history).
    pub fn migrate_and_empty(&self) {
        self.run(None, &["migrate"]).expect(0);
        self.sql("DELETE FROM settings; DELETE FROM settings_history");
    }

    /// Runs SQL with the engine's own client; returns stdout (tab-separated rows).
    pub fn sql(&self, sql: &str) -> String {
        let out = self.sql_output(sql);
        assert!(
            out.status.success(),
            "client failed on {sql}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim_end().to_string()
    }

    /// The engine's own client (psql, mariadb, sqlite3) connected to this database, with
    /// `flags` before the database argument.
    pub fn client(&self, flags: &[&str]) -> Command {
        match self.kind {
            Kind::Postgres => {
                let mut c = Command::new("psql");
                c.args(["-h", "127.0.0.1", "-U", "postgres"])
                    .args(flags)
                    .args(["-d", &self.name]);
                c
            }
            Kind::Mysql => {
                let mut c = Command::new("mariadb");
                c.args([
                    "-h",
                    "127.0.0.1",
                    "-u",
                    "root",
                    "--default-character-set=utf8mb4",
                ])
                .args(flags)
                .arg(&self.name);
                c
            }
            Kind::Sqlite => {
                let mut c = Command::new("sqlite3");
                c.args(flags).arg(self.dir.path().join("test.db"));
                c
            }
        }
    }

    /// Runs SQL with the engine's own client, whatever happens. The SQL goes in on
    /// stdin, as an operator's script would.
    pub fn sql_output(&self, sql: &str) -> Output {
        let mut cmd = match self.kind {
            Kind::Postgres => self.client(&["-X", "-v", "ON_ERROR_STOP=1", "-Atq", "-F", "\t"]),
            Kind::Mysql => self.client(&["-N", "-B"]),
            Kind::Sqlite => self.client(&["-bail", "-separator", "\t"]),
        };
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run the engine's client");
        {
            use std::io::Write;
            let mut stdin = child.stdin.take().unwrap();
            stdin.write_all(sql.as_bytes()).unwrap();
            if !sql.trim_end().ends_with(';') {
                stdin.write_all(b";").unwrap();
            }
            stdin.write_all(b"\n").unwrap();
        }
        child
            .wait_with_output()
            .expect("wait for the engine's client")
    }

    /// Names of the user tables (dbshape's own included), sorted.
    pub fn tables(&self) -> Vec<String> {
        let q = match self.kind {
            Kind::Postgres => "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
            Kind::Mysql => "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY 1",
            Kind::Sqlite => "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1",
        };
        lines(&self.sql(q))
    }

    /// A description of the schema (tables and columns with types), to compare runs.
    pub fn schema(&self) -> String {
        let q = match self.kind {
            Kind::Postgres => "SELECT table_name, column_name, data_type, is_nullable, coalesce(generation_expression, '') \
                 FROM information_schema.columns WHERE table_schema = 'public' \
                 AND table_name NOT IN ('dbshape_lock', 'dbshape_audit_log') ORDER BY 1, 2",
            Kind::Mysql => "SELECT table_name, column_name, column_type, is_nullable, generation_expression \
                 FROM information_schema.columns WHERE table_schema = DATABASE() \
                 AND table_name NOT IN ('dbshape_lock', 'dbshape_audit_log') ORDER BY 1, 2",
            Kind::Sqlite => "SELECT m.name, p.name, p.type, p.\"notnull\", p.hidden FROM sqlite_master m, \
                 pragma_table_xinfo(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' \
                 AND m.name NOT IN ('dbshape_lock', 'dbshape_audit_log') ORDER BY 1, 2",
        };
        let mut s = self.sql(q);
        let idx = match self.kind {
            Kind::Postgres => "SELECT indexname FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1",
            Kind::Mysql => "SELECT DISTINCT index_name FROM information_schema.statistics WHERE table_schema = DATABASE() ORDER BY 1",
            Kind::Sqlite => "SELECT name FROM sqlite_master WHERE type IN ('index', 'trigger') AND name NOT LIKE 'sqlite_%' ORDER BY 1",
        };
        s.push_str("\n-- indexes\n");
        s.push_str(&self.sql(idx));
        s
    }

    /// (version, status) rows of the change log.
    pub fn change_log(&self) -> Vec<String> {
        lines(&self.sql("SELECT version, status FROM dbshape_change_log ORDER BY installed_rank"))
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match self.kind {
            Kind::Postgres => admin_sql(
                self.kind,
                &format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name),
            ),
            Kind::Mysql => admin_sql(self.kind, &format!("DROP DATABASE IF EXISTS {}", self.name)),
            Kind::Sqlite => {}
        }
    }
}

pub fn admin_sql(kind: Kind, sql: &str) {
    let out = match kind {
        Kind::Postgres => Command::new("psql")
            .args([
                "-h",
                "127.0.0.1",
                "-U",
                "postgres",
                "-d",
                "postgres",
                "-X",
                "-qc",
                sql,
            ])
            .output(),
        Kind::Mysql => Command::new("mariadb")
            .args(["-h", "127.0.0.1", "-u", "root", "-e", sql])
            .output(),
        Kind::Sqlite => return,
    }
    .expect("run the engine's client");
    assert!(
        out.status.success(),
        "{sql}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A finished run of the binary.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Run {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

impl Run {
    /// Asserts the exit code, showing both streams when it differs.
    #[track_caller]
    pub fn expect(&self, code: i32) -> &Run {
        assert_eq!(
            self.code, code,
            "expected exit {code}, got {}\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.stdout, self.stderr
        );
        self
    }

    /// Parses stdout as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\n{}",
                self.stdout, self.stderr
            )
        })
    }
}

pub fn lines(s: &str) -> Vec<String> {
    s.lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// `dbshape` with no database: run in `dir`, with none of the variables that could name
/// a database, a config file, migrations or a passphrase, and standard input closed.
pub fn offline(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dbshape"));
    c.current_dir(dir)
        .env_remove("DBSHAPE_URL")
        .env_remove("DBSHAPE_CONFIG")
        .env_remove("DBSHAPE_MIGRATIONS")
        .env_remove("DBSHAPE_PASSPHRASE")
        .env_remove("DATABASE_URL")
        .stdin(Stdio::null());
    c
}

/// `dbshape keygen -o DIR/NAME`: the identity file and its age recipient.
pub fn keygen(dir: &Path, name: &str) -> (PathBuf, String) {
    let path = dir.join(name);
    let out = offline(dir)
        .arg("keygen")
        .arg("-o")
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let recipient = String::from_utf8(out.stdout).unwrap().trim().to_string();
    assert!(recipient.starts_with("age1"), "{recipient}");
    (path, recipient)
}

/// The bundled migrations directory of this checkout.
pub fn bundled_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("bootstrap/sql/migrations")
}

/// Runs `f` once per engine with a fresh database, the engines at once (see
/// [`parallel::in_parallel`]).
pub fn each_engine(f: impl Fn(&TestDb) + Sync) {
    parallel::each_engine_in_parallel(&ALL, |kind| {
        if let Some(db) = TestDb::new(kind) {
            f(&db);
        }
    });
}

/// A migrations directory with one `schemaChanges.sql` per (version, SQL) for `kind`.
pub fn version_files(kind: Kind, versions: &[(&str, &str)]) -> tempfile::TempDir {
    let files: Vec<(String, String)> = versions
        .iter()
        .map(|(v, sql)| {
            (
                format!("{v}/{}/schemaChanges.sql", kind.dialect()),
                sql.to_string(),
            )
        })
        .collect();
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    migration_dir(&refs)
}

/// A migrations directory built from (relative path, content) pairs in a temp dir.
pub fn migration_dir(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (rel, content) in files {
        let p = dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, content).unwrap();
    }
    dir
}

/// SQL that takes roughly `secs` seconds on each engine (to kill a run mid-way).
pub fn sleep_sql(kind: Kind, secs: f64) -> String {
    match kind {
        Kind::Postgres => format!("SELECT pg_sleep({secs})"),
        Kind::Mysql => format!("DO SLEEP({secs})"),
        // No sleep in SQLite: count through a recursive CTE (about 3 M rows a second
        // on a slow machine; the exact time does not matter).
        Kind::Sqlite => format!(
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < {}) SELECT count(*) FROM c",
            (secs * 3_000_000.0) as u64
        ),
    }
}

/// Copies the directory tree `from` into `to` (created if missing).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
