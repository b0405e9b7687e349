//! Configuration and secret hygiene: the config file, environment substitution, URLs,
//! exit code 2 for bad input, the embedded default, and passwords never shown.

mod common;

use std::time::Instant;

use common::{Kind, Run, TestDb, ALL};

fn run(c: &mut std::process::Command) -> Run {
    Run::from(c.output().unwrap())
}

/// With nothing configured, dbshape shapes ./dbshape.db.
#[test]
fn embedded_sqlite_default_needs_no_setup() {
    let dir = tempfile::tempdir().unwrap();
    run(common::offline(dir.path()).arg("migrate")).expect(0);
    assert!(dir.path().join("dbshape.db").is_file());
    let j = run(common::offline(dir.path()).args(["--output", "json", "info"]))
        .expect(0)
        .json();
    assert_eq!(j["schema_version"], j["server_version"]);
    assert_eq!(j["dialect"], "sqlite");
}

/// A misspelt config key exits 2 and names the key.
#[test]
fn unknown_config_key_exits_2_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("dbshape.yaml"),
        "conection:\n  url: sqlite://x.db\n",
    )
    .unwrap();
    let r = run(common::offline(dir.path()).arg("info"));
    r.expect(2);
    assert!(r.stderr.contains("conection"), "{}", r.stderr);
    std::fs::write(
        dir.path().join("dbshape.yaml"),
        "connection:\n  urll: sqlite://x.db\n",
    )
    .unwrap();
    let r = run(common::offline(dir.path()).arg("info"));
    r.expect(2);
    assert!(r.stderr.contains("urll"), "{}", r.stderr);
}

/// `${VAR}` and `${VAR:-default}` come from the environment; a missing one is named.
#[test]
fn config_substitutes_environment_variables() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("dbshape.yaml"),
        "connection:\n  url: sqlite://${DB_DIR}/${DB_FILE:-from-default.db}\nlock_timeout: 5\n",
    )
    .unwrap();
    let r = run(common::offline(dir.path())
        .arg("migrate")
        .env("DB_DIR", dir.path()));
    r.expect(0);
    assert!(dir.path().join("from-default.db").is_file());
    let r = run(common::offline(dir.path())
        .arg("migrate")
        .env_remove("DB_DIR"));
    r.expect(2);
    assert!(r.stderr.contains("DB_DIR"), "{}", r.stderr);
    // --config names another file; the flag beats the file's URL.
    let other = dir.path().join("other.yaml");
    std::fs::write(&other, "connection:\n  url: sqlite://./other.db\n").unwrap();
    run(common::offline(dir.path())
        .args(["--config"])
        .arg(&other)
        .arg("migrate"))
    .expect(0);
    assert!(dir.path().join("other.db").is_file());
    run(common::offline(dir.path())
        .args(["--config"])
        .arg(&other)
        .args(["--url", "sqlite://./flag.db", "migrate"]))
    .expect(0);
    assert!(dir.path().join("flag.db").is_file());
    let r = run(common::offline(dir.path()).args(["--config", "missing.yaml", "info"]));
    r.expect(2);
    assert!(r.stderr.contains("missing.yaml"), "{}", r.stderr);
}

/// DBSHAPE_URL configures the database with no file and no flag.
#[test]
fn url_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/env.db", dir.path().display());
    run(common::offline(dir.path())
        .arg("migrate")
        .env("DBSHAPE_URL", &url))
    .expect(0);
    assert!(dir.path().join("env.db").is_file());
    assert!(!dir.path().join("dbshape.db").exists());
}

/// Bad URLs and flags are usage errors (exit 2) that name what was wrong.
#[test]
fn bad_url_and_bad_flag_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(common::offline(dir.path()).args(["--url", "oracle://scott:tiger@h/db", "info"]));
    r.expect(2);
    assert!(
        r.stderr.contains("oracle") && !r.stderr.contains("tiger"),
        "{}",
        r.stderr
    );
    let r = run(common::offline(dir.path()).args(["migrate", "--frobnicate"]));
    r.expect(2);
    assert!(r.stderr.contains("--frobnicate"), "{}", r.stderr);
    let r = run(common::offline(dir.path()).args(["migrate", "--to", "1..2"]));
    r.expect(2);
    assert!(r.stderr.contains("1..2"), "{}", r.stderr);
    let r = run(common::offline(dir.path()).args(["--migrations", "no/such/dir", "migrate"]));
    r.expect(2);
    assert!(r.stderr.contains("no/such/dir"), "{}", r.stderr);
}

/// An unreachable server is a clear error with exit 1 within the connect timeout.
#[test]
fn unreachable_server_fails_within_the_connect_timeout() {
    let dir = tempfile::tempdir().unwrap();
    for url in [
        "postgres://app:Pw0rd_unreach@127.0.0.1:1/db",
        "mysql://app:Pw0rd_unreach@127.0.0.1:1/db",
    ] {
        let start = Instant::now();
        let r = run(common::offline(dir.path()).args([
            "--connect-timeout",
            "2",
            "--url",
            url,
            "check-connection",
        ]));
        r.expect(1);
        assert!(start.elapsed().as_secs() < 30, "took {:?}", start.elapsed());
        assert!(
            r.stderr.contains("cannot connect to") && r.stderr.contains("127.0.0.1:1"),
            "{}",
            r.stderr
        );
        assert!(
            !r.stderr.contains("Pw0rd_unreach") && !r.stdout.contains("Pw0rd_unreach"),
            "{}",
            r.stderr
        );
    }
}

/// `connection.init_sql` runs on every new connection.
#[test]
fn init_sql_runs_on_connect() {
    for kind in ALL {
        let Some(db) = TestDb::new(kind) else {
            continue;
        };
        std::fs::write(
            db.dir.path().join("dbshape.yaml"),
            "connection:\n  init_sql:\n    - CREATE TABLE IF NOT EXISTS init_probe (id INT)\n",
        )
        .unwrap();
        db.run(None, &["check-connection"]).expect(0);
        assert!(db.tables().iter().any(|t| t == "init_probe"), "{kind:?}");
    }
}

/// A password in the URL or the config never appears in any output, failing or not.
#[test]
fn passwords_never_appear_in_output() {
    const PW: &str = "Sup3r_s3cret_pw";
    for kind in [Kind::Postgres, Kind::Mysql] {
        let Some(db) = TestDb::new(kind) else {
            continue;
        };
        // PostgreSQL here trusts local connections, so the password is sent but unused;
        // MariaDB's root has none, so a password makes authentication fail: both paths.
        let with_pw = db.url.replacen(
            "://",
            &format!(
                "://{}:{PW}@",
                if kind == Kind::Postgres {
                    "postgres"
                } else {
                    "root"
                }
            ),
            1,
        );
        let with_pw = with_pw
            .replacen("postgres@", "", 1)
            .replacen("root@", "", 1);
        let mut outputs = Vec::new();
        for args in [
            vec!["migrate"],
            vec!["info"],
            vec!["--output", "json", "info"],
            vec!["validate"],
            vec!["check-connection"],
            vec!["-v", "migrate", "--dry-run"],
            vec!["--output", "json", "migrate", "--to", "7.7.7"],
        ] {
            let mut c = db.cmd();
            c.env("DBSHAPE_URL", &with_pw).args(&args);
            outputs.push(Run::from(c.output().unwrap()));
        }
        std::fs::write(
            db.dir.path().join("dbshape.yaml"),
            format!("connection:\n  url: {with_pw}\n"),
        )
        .unwrap();
        let mut c = db.cmd();
        c.env_remove("DBSHAPE_URL").arg("info");
        outputs.push(Run::from(c.output().unwrap()));
        // A bad database name with the password, too.
        let mut c = db.cmd();
        c.env("DBSHAPE_URL", with_pw.replace(&db.name, "no_such_db_x"))
            .arg("info");
        outputs.push(Run::from(c.output().unwrap()));
        for r in &outputs {
            assert!(
                !r.stdout.contains(PW) && !r.stderr.contains(PW),
                "{kind:?} leaked:\n{}\n{}",
                r.stdout,
                r.stderr
            );
        }
        assert!(outputs.iter().any(|r| r.code != 0), "some runs must fail");
    }
}

/// A failing `connection.init_sql` statement is named, not reported as a connect failure.
#[test]
fn failing_init_sql_is_named() {
    for kind in ALL {
        let Some(db) = TestDb::new(kind) else {
            continue;
        };
        std::fs::write(
            db.dir.path().join("dbshape.yaml"),
            "connection:\n  connect_timeout: 3\n  init_sql:\n    - SELEC 1\n",
        )
        .unwrap();
        let start = Instant::now();
        let r = db.run(None, &["info"]);
        r.expect(2);
        assert!(
            r.stderr.contains("init_sql statement 1") && r.stderr.contains("SELEC 1"),
            "{kind:?}: {}",
            r.stderr
        );
        assert!(start.elapsed().as_secs() < 30);
    }
}

/// An empty URL flag or variable does not hide the config file's URL.
#[test]
fn empty_url_falls_back_to_the_config_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("dbshape.yaml"),
        "connection:\n  url: sqlite://./configured.db\n",
    )
    .unwrap();
    run(common::offline(dir.path())
        .arg("migrate")
        .env("DBSHAPE_URL", ""))
    .expect(0);
    assert!(dir.path().join("configured.db").is_file());
    assert!(!dir.path().join("dbshape.db").exists());
}

/// Another server's directory in the default place gets no compiled Rust steps.
#[test]
fn a_foreign_default_directory_runs_sql_only() {
    let dir = tempfile::tempdir().unwrap();
    let v = dir.path().join("bootstrap/sql/migrations/1.1.0/sqlite");
    std::fs::create_dir_all(&v).unwrap();
    std::fs::write(
        v.join("schemaChanges.sql"),
        "CREATE TABLE other_server (id INT);",
    )
    .unwrap();
    let r = run(common::offline(dir.path()).args(["--output", "json", "migrate"]));
    r.expect(0);
    assert_eq!(r.json()["schema_version"], "1.1.0");
    // Like every other report, migrate's gives its duration.
    assert!(r.json()["duration_ms"].is_u64(), "{}", r.stdout);
}

/// Habits from sqlx-cli and dbmate: `DATABASE_URL` names the database when neither
/// `--url`/`DBSHAPE_URL` nor the config file does, and `migrate --target` points at
/// `--to`.
#[test]
fn database_url_is_the_last_fallback_and_target_names_to() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let via_database_url = d.join("from-database-url.db");
    let via_dbshape_url = d.join("from-dbshape-url.db");
    let url = |p: &std::path::Path| format!("sqlite://{}", p.display());
    let r = run(common::offline(d)
        .env("DATABASE_URL", url(&via_database_url))
        .arg("migrate"));
    r.expect(0);
    assert!(via_database_url.exists());
    assert!(!d.join("dbshape.db").exists());
    let r = run(common::offline(d)
        .env("DATABASE_URL", url(&d.join("not-this.db")))
        .env("DBSHAPE_URL", url(&via_dbshape_url))
        .arg("migrate"));
    r.expect(0);
    assert!(via_dbshape_url.exists() && !d.join("not-this.db").exists());

    let r = run(common::offline(d).args(["migrate", "--target", "1.0.0"]));
    r.expect(2);
    assert!(r.stderr.contains("use --to 1.0.0"), "{}", r.stderr);
}
