//! The bad-input table (docs/reliability.md, "Bad input"): every wrong input an operator
//! can hand dbshape gets the exit code documented in docs/cli.md and a message that names
//! what is wrong and how to fix it, and never shows a password.
//!
//! Each check prints its table row (`| input | command | exit | first line of stderr |`);
//! `cargo test --test bad_input -- --nocapture --test-threads=1 | grep '^| '` prints the
//! table of docs/reliability.md. tests/config.rs covers unknown config keys, unset
//! variables and unreachable servers; this file does not repeat them.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::Command;

use common::{Kind, Run, TestDb};

/// The password every URL of this file carries; it must never be printed.
const PW: &str = "Wr0ng_pw_bad_input";

/// Runs `args` in `dir`, checks the exit code, that stderr holds every `needle` (what is
/// wrong, how to fix it), that no password shows on either stream, and prints the row.
#[track_caller]
fn row(input: &str, dir: &Path, args: &[&str], code: i32, needles: &[&str]) -> Run {
    let r = Run::from(
        common::offline(dir)
            .args(args)
            .output()
            .expect("run dbshape"),
    );
    check(input, &args.join(" "), &r, code, needles);
    r
}

#[track_caller]
fn check(input: &str, command: &str, r: &Run, code: i32, needles: &[&str]) {
    r.expect(code);
    for needle in needles {
        assert!(
            r.stderr.contains(needle),
            "{input}: stderr lacks `{needle}`:\n{}",
            r.stderr
        );
    }
    assert!(
        !r.stderr.contains(PW) && !r.stdout.contains(PW),
        "{input}: the password leaked:\n{}\n{}",
        r.stdout,
        r.stderr
    );
    let first = r
        .stderr
        .lines()
        .find(|l| l.starts_with("error:"))
        .unwrap_or("");
    println!(
        "| {input} | `dbshape {}` | {code} | `{}` |",
        command.replace(PW, "WRONG"),
        first.replace('|', "\\|")
    );
}

/// The URL of `db` with `user:PW@` as its credentials.
fn with_password(db: &TestDb, user: &str) -> String {
    let (scheme, rest) = db.url.split_once("://").unwrap();
    let host = rest.split_once('@').map_or(rest, |(_, h)| h);
    format!("{scheme}://{user}:{PW}@{host}")
}

/// Wrong password: MariaDB refuses it and the message says to check the credentials.
/// PostgreSQL here trusts 127.0.0.1 (pg_hba `trust`), which accepts any password, so a
/// role that does not exist stands in for it there.
#[test]
fn wrong_credentials_exit_1_and_say_to_check_them() {
    let Some(my) = TestDb::new(Kind::Mysql) else {
        return;
    };
    let url = with_password(&my, "root");
    let dir = my.dir.path();
    for args in [
        vec!["--url", url.as_str(), "check-connection"],
        vec!["--url", url.as_str(), "migrate"],
    ] {
        row(
            "wrong password (MariaDB root)",
            dir,
            &args,
            1,
            &[
                "cannot connect to mysql://root:***@",
                "Access denied",
                "check the user name and password",
            ],
        );
    }
    let r = row(
        "wrong password (MariaDB root), JSON output",
        dir,
        &["--output", "json", "--url", &url, "info"],
        1,
        &["Access denied"],
    );
    assert_eq!(r.json()["error"]["exit_code"], 1);

    let Some(pg) = TestDb::new(Kind::Postgres) else {
        return;
    };
    let url = with_password(&pg, "dbshape_no_such_role");
    row(
        "unknown role (PostgreSQL)",
        pg.dir.path(),
        &["--url", &url, "info"],
        1,
        &[
            "role \"dbshape_no_such_role\" does not exist",
            "check the user name and password",
        ],
    );
}

/// A database that does not exist is named, with the fix (create it; dbshape does not).
#[test]
fn unknown_database_exits_1_naming_it() {
    for kind in [Kind::Postgres, Kind::Mysql] {
        let Some(db) = TestDb::new(kind) else {
            continue;
        };
        let missing = format!("{}_missing", db.name);
        let url = with_password(
            &db,
            if kind == Kind::Postgres {
                "postgres"
            } else {
                "root"
            },
        )
        .replace(&db.name, &missing);
        // MariaDB checks the password before the database: use root's real (empty) one.
        let url = if kind == Kind::Mysql {
            url.replace(&format!(":{PW}"), "")
        } else {
            url
        };
        let r = row(
            &format!("unknown database ({kind:?})"),
            db.dir.path(),
            &["--url", &url, "info"],
            1,
            &[missing.as_str(), "create the database first"],
        );
        assert!(r.stderr.contains("does not exist") || r.stderr.contains("Unknown database"));
    }
}

/// A migrations directory that does not exist, from the flag, the environment or the
/// config file, is a usage error naming the directory and both ways to set it.
#[test]
fn missing_migrations_directory_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-migrations");
    let missing = missing.to_str().unwrap();
    let fix = "set --migrations DIR or migrations.dir in the config";
    row(
        "missing migrations directory (--migrations)",
        dir.path(),
        &[
            "--url",
            "sqlite://./a.db",
            "--migrations",
            missing,
            "migrate",
        ],
        2,
        &[missing, fix],
    );
    let r = Run::from(
        common::offline(dir.path())
            .env("DBSHAPE_MIGRATIONS", missing)
            .args(["--url", "sqlite://./a.db", "validate"])
            .output()
            .unwrap(),
    );
    check(
        "missing migrations directory (DBSHAPE_MIGRATIONS)",
        "validate",
        &r,
        2,
        &[missing, fix],
    );
    std::fs::write(
        dir.path().join("dbshape.yaml"),
        format!("migrations:\n  dir: {missing}\n"),
    )
    .unwrap();
    row(
        "missing migrations directory (migrations.dir)",
        dir.path(),
        &["--url", "sqlite://./a.db", "info"],
        2,
        &[missing, fix],
    );
}

/// Files that exist but cannot be read are I/O errors (exit 1) naming the path and the
/// operating system's reason. Tests may run as root, who reads any file whatever its
/// mode, so a directory and a link to a missing file stand in for an unreadable file;
/// a mode-000 file is checked too when the test user cannot read it.
#[test]
fn unreadable_files_exit_1_naming_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let as_dir = d.join("dbshape-config.yaml");
    std::fs::create_dir(&as_dir).unwrap();
    let p = as_dir.to_str().unwrap();
    row(
        "unreadable config file (a directory)",
        d,
        &["--config", p, "info"],
        1,
        &["cannot read config file", p, "Is a directory"],
    );
    let dump = d.join("backup.sql");
    std::fs::create_dir(&dump).unwrap();
    let p = dump.to_str().unwrap();
    row(
        "unreadable dump (a directory)",
        d,
        &["verify", p],
        1,
        &["cannot read the dump", p, "Is a directory"],
    );
    row(
        "unreadable dump (a directory)",
        d,
        &["--url", "sqlite://./r.db", "restore", p],
        1,
        &["cannot read the dump", p],
    );

    // A migration file that is a link to a file that is gone: the version must not be
    // recorded as applied with nothing run.
    let migrations = common::migration_dir(&[("1.0.0/sqlite/postDataMigrationSQLScript.sql", "")]);
    let sql = migrations.path().join("1.0.0/sqlite/schemaChanges.sql");
    std::os::unix::fs::symlink(d.join("gone.sql"), &sql).unwrap();
    let m = migrations.path().to_str().unwrap();
    row(
        "unreadable migration file (link to a missing file)",
        d,
        &["--url", "sqlite://./m.db", "--migrations", m, "migrate"],
        1,
        &["cannot read", "schemaChanges.sql", "No such file"],
    );
    let info = Run::from(
        common::offline(d)
            .args([
                "--url",
                "sqlite://./m.db",
                "--migrations",
                m,
                "--output",
                "json",
                "info",
            ])
            .output()
            .unwrap(),
    );
    assert_ne!(
        info.code, 0,
        "info must refuse the same broken set: {info:?}"
    );

    let locked = d.join("locked.yaml");
    std::fs::write(&locked, "output: text\n").unwrap();
    std::fs::set_permissions(&locked, std::os::unix::fs::PermissionsExt::from_mode(0o000)).unwrap();
    if std::fs::read(&locked).is_err() {
        let p = locked.to_str().unwrap();
        row(
            "unreadable config file (mode 000)",
            d,
            &["--config", p, "info"],
            1,
            &["cannot read config file", p, "Permission denied"],
        );
    }
}

/// YAML that does not parse, or values of the wrong type, are configuration errors naming
/// the file and the line.
#[test]
fn malformed_yaml_exits_2_naming_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for (input, text, needles) in [
        (
            "malformed YAML (tab indentation)",
            "connection:\n\turl: sqlite://./x.db\n".as_bytes(),
            &["line 2"][..],
        ),
        (
            "malformed YAML (unclosed quote)",
            b"connection:\n  url: \"sqlite://./x.db\n",
            &["line"],
        ),
        (
            "malformed YAML (list where a text is expected)",
            b"connection:\n  url: [sqlite://./x.db]\n",
            &["connection.url", "expected a string", "line 2"],
        ),
        (
            "malformed YAML (text where a number is expected)",
            b"lock_timeout: ten\n",
            &["lock_timeout", "line 1"],
        ),
        (
            "config file not UTF-8",
            b"connection:\n  url: \"sqlite://\xff.db\"\n",
            &["not valid UTF-8", "save it as UTF-8"],
        ),
    ] {
        std::fs::write(d.join("bad.yaml"), text).unwrap();
        let mut needles = needles.to_vec();
        needles.push("config file bad.yaml");
        row(input, d, &["--config", "bad.yaml", "info"], 2, &needles);
    }
    assert!(!d.join("x.db").exists());
}

/// URLs of engines dbshape does not support, or without host or database, are usage
/// errors that list what is supported or show an example, from every place a URL comes.
#[test]
fn unsupported_engine_urls_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let supported = "use postgres://, mysql:// or sqlite://";
    let sqlserver = format!("sqlserver://sa:{PW}@127.0.0.1:1433/db");
    let mongo = format!("mongodb+srv://app:{PW}@cluster0.example.net/db");
    let no_db = format!("postgres://app:{PW}@127.0.0.1:5432");
    for (input, url, needles) in [
        (
            "unsupported engine URL (sqlserver://)",
            sqlserver.as_str(),
            &["unsupported scheme `sqlserver`", supported][..],
        ),
        (
            "unsupported engine URL (mongodb+srv://)",
            &mongo,
            &["unsupported scheme `mongodb+srv`", supported],
        ),
        (
            "URL without scheme",
            "127.0.0.1:5432/db",
            &["127.0.0.1:5432/db", supported],
        ),
        (
            "URL without host (mysql://)",
            "mysql://",
            &["no host", "mysql://user@127.0.0.1:3306/dbname"],
        ),
        (
            "URL without database name",
            &no_db,
            &["no database name", "postgres://user@127.0.0.1:5432/dbname"],
        ),
    ] {
        row(input, d, &["--url", url, "info"], 2, needles);
    }
    let r = Run::from(
        common::offline(d)
            .env("DBSHAPE_URL", &sqlserver)
            .arg("migrate")
            .output()
            .unwrap(),
    );
    check(
        "unsupported engine URL (DBSHAPE_URL)",
        "migrate",
        &r,
        2,
        &["unsupported scheme", supported],
    );
    std::fs::write(
        d.join("dbshape.yaml"),
        format!("connection:\n  url: {mongo}\n"),
    )
    .unwrap();
    row(
        "unsupported engine URL (connection.url)",
        d,
        &["check-connection"],
        2,
        &["unsupported scheme", supported],
    );
    let r = row(
        "unsupported engine URL, JSON output",
        d,
        &["--output", "json", "--url", &sqlserver, "info"],
        2,
        &["unsupported scheme"],
    );
    assert_eq!(r.json()["error"]["exit_code"], 2);
    assert!(!d.join("dbshape.db").exists());
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

fn zstd(bytes: &[u8]) -> Vec<u8> {
    zstd::encode_all(bytes, 1).unwrap()
}

/// Output of an engine's own tool (`args` run in `dir`), which must succeed.
fn tool(dir: &Path, program: &str, args: &[&str]) -> Vec<u8> {
    let out = Command::new(program)
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("run {program}: {e}"));
    assert!(
        out.status.success(),
        "{program} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Dumps written by other tools are refused by `verify` and by `restore` before the
/// database is touched, with a pointer to the right tool.
#[test]
fn dumps_of_other_products_exit_5_before_touching_the_database() {
    let Some(target) = TestDb::new(Kind::Sqlite) else {
        return;
    };
    let d = target.dir.path();
    let mut foreign: Vec<(&str, &str, Vec<u8>)> = Vec::new();
    tool(
        d,
        "sqlite3",
        &[
            "src.db",
            "CREATE TABLE t (a INT); INSERT INTO t VALUES (1);",
        ],
    );
    foreign.push((
        "sqlite3 .dump",
        "sqlite3.sql",
        tool(d, "sqlite3", &["src.db", ".dump"]),
    ));
    if let Some(pg) = TestDb::new(Kind::Postgres) {
        pg.sql("CREATE TABLE t (a int); INSERT INTO t VALUES (1)");
        let base = ["-h", "127.0.0.1", "-U", "postgres", "-d", pg.name.as_str()];
        foreign.push(("pg_dump (plain)", "pg.sql", tool(d, "pg_dump", &base)));
        let mut custom = base.to_vec();
        custom.push("-Fc");
        foreign.push((
            "pg_dump (custom format)",
            "pg.dump",
            tool(d, "pg_dump", &custom),
        ));
    }
    if let Some(my) = TestDb::new(Kind::Mysql) {
        my.sql("CREATE TABLE t (a int); INSERT INTO t VALUES (1)");
        let plain = tool(
            d,
            "mariadb-dump",
            &["-h", "127.0.0.1", "-u", "root", &my.name],
        );
        foreign.push(("mariadb-dump, gzip", "my.sql.gz", gzip(&plain)));
        foreign.push(("mariadb-dump, zstd", "my.sql.zst", zstd(&plain)));
    }
    let needles = ["not a dbshape dump", "dbshape backup", "pg_dump"];
    for (what, name, bytes) in &foreign {
        std::fs::write(d.join(name), bytes).unwrap();
        let input = format!("dump from another product ({what})");
        check(
            &input,
            &format!("verify {name}"),
            &target.run(None, &["verify", name]),
            5,
            &needles,
        );
        let r = target.run(None, &["restore", name]);
        check(&input, &format!("restore {name}"), &r, 5, &needles);
        assert!(target.tables().is_empty(), "restore touched the database");
    }
}

/// Empty files: a dump with no bytes (plain or compressed) is refused; an empty config
/// file and an empty migration file are valid and change nothing.
#[test]
fn empty_files() {
    let Some(target) = TestDb::new(Kind::Sqlite) else {
        return;
    };
    let d = target.dir.path();
    for (name, bytes) in [
        ("empty.sql", Vec::new()),
        ("empty.sql.gz", gzip(b"")),
        ("empty.sql.zst", zstd(b"")),
    ] {
        std::fs::write(d.join(name), bytes).unwrap();
        let needles = ["the dump is empty", "take a new one"];
        let input = format!("empty dump ({name})");
        check(
            &input,
            &format!("verify {name}"),
            &target.run(None, &["verify", name]),
            5,
            &needles,
        );
        let r = target.run(None, &["restore", "--shape", name]);
        check(&input, &format!("restore --shape {name}"), &r, 5, &needles);
        assert!(target.tables().is_empty(), "restore touched the database");
    }

    std::fs::write(d.join("empty.yaml"), "").unwrap();
    let r = target.run(None, &["--config", "empty.yaml", "info"]);
    check("empty config file", "--config empty.yaml info", &r, 0, &[]);

    let migrations = common::migration_dir(&[("1.0.0/sqlite/schemaChanges.sql", "")]);
    let r = target.run(Some(migrations.path()), &["migrate"]);
    check(
        "empty migration file",
        "--migrations DIR migrate",
        &r,
        0,
        &[],
    );
    assert_eq!(target.change_log(), ["1.0.0\tCOMPLETED"]);
}

/// Regression: a refused connection was reported as "pool timed out", and "gave up
/// after 3 s" came after 1.4 s. The message names the refusal, and the time it gives is
/// the time it took, which is the whole `--connect-timeout`.
#[test]
fn a_refused_connection_says_so_after_the_whole_timeout() {
    let dir = tempfile::tempdir().unwrap();
    // A port nobody listens on: bound, then released.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    for scheme in ["postgres://postgres", "mysql://root"] {
        let url = format!("{scheme}@127.0.0.1:{port}/x");
        let started = std::time::Instant::now();
        let out = common::offline(dir.path())
            .args(["--url", &url, "--connect-timeout", "2", "info"])
            .output()
            .unwrap();
        let took = started.elapsed();
        let r = Run::from(out);
        r.expect(1);
        assert!(
            r.stderr
                .contains(&format!("connection refused by 127.0.0.1:{port}")),
            "{scheme}: {}",
            r.stderr
        );
        assert!(!r.stderr.contains("pool timed out"), "{}", r.stderr);
        // The time it names is at least the timeout and no more than it took.
        let said: f64 = r
            .stderr
            .split("gave up after ")
            .nth(1)
            .and_then(|rest| rest.split(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no time given: {}", r.stderr));
        assert!(
            said >= 2.0 && said <= took.as_secs_f64() + 0.05,
            "{scheme}: said {said} s, took {took:?}: {}",
            r.stderr
        );
    }
}

/// Regression: a driver's "Custom Error:" reached the operator in front of dbshape's own
/// sentence, and a truncated compressed dump was reported "after line 0" with no next
/// step.
#[test]
fn messages_are_dbshape_s_own_words_with_a_next_step() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let missing = d.join("no-such-dir").join("x.db");
    let out = common::offline(d)
        .args(["--url", &format!("sqlite://{}", missing.display()), "info"])
        .output()
        .unwrap();
    let r = Run::from(out);
    r.expect(1);
    assert!(
        r.stderr.contains("does not exist; create it") && !r.stderr.contains("Custom Error"),
        "{}",
        r.stderr
    );

    let db = d.join("src.db");
    let url = format!("sqlite://{}", db.display());
    let dump = d.join("d.sql.zst");
    for args in [
        vec!["migrate"],
        vec!["backup", "-o", dump.to_str().unwrap()],
    ] {
        let out = common::offline(d)
            .arg("--url")
            .arg(&url)
            .args(&args)
            .output()
            .unwrap();
        Run::from(out).expect(0);
    }
    let bytes = std::fs::read(&dump).unwrap();
    let cut = d.join("cut.sql.zst");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let out = common::offline(d)
        .args(["verify", cut.to_str().unwrap()])
        .output()
        .unwrap();
    let r = Run::from(out);
    r.expect(5);
    assert!(
        r.stderr.contains("cut short")
            && r.stderr.contains("use another copy, or take a new backup")
            && !r.stderr.contains("after line 0"),
        "{}",
        r.stderr
    );
}
