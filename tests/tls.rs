//! TLS to PostgreSQL and MariaDB as the URL asks, against the local servers serving a
//! certificate of a test CA (`tests/tls/setup.sh`, run by `.ci/run`).
//!
//! The tests connect as `dbshape_tls`, a login both servers accept over TLS only, so a
//! command that succeeds proves that every connection it opened (sqlx for migrations,
//! tokio-postgres / mysql_async for backup and restore) was encrypted.

mod common;

use std::path::PathBuf;
use std::time::Duration;

use common::{Kind, Run, TestDb};
use dbshape::config::{GlobalArgs, Settings};

/// The directory of tests/tls/setup.sh, or `None` (outside CI only) when it was not run.
fn tls_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(
        std::env::var("DBSHAPE_TLS_DIR").unwrap_or_else(|_| "/var/lib/dbshape-tls".into()),
    );
    if dir.join("ca.pem").is_file() && dir.join("other-ca.pem").is_file() {
        return Some(dir);
    }
    if std::env::var_os("CI").is_some() {
        panic!(
            "no test CA in {}: run `bash tests/tls/setup.sh` (as .ci/run does)",
            dir.display()
        );
    }
    eprintln!(
        "skipping: no test CA in {} (run `bash tests/tls/setup.sh`)",
        dir.display()
    );
    None
}

/// The URL of `db` as the TLS-only login, with TLS parameters.
fn tls_url(db: &TestDb, params: &str) -> String {
    match db.kind {
        Kind::Postgres => format!("postgres://dbshape_tls@127.0.0.1:5432/{}?{params}", db.name),
        Kind::Mysql => format!("mysql://dbshape_tls@127.0.0.1:3306/{}?{params}", db.name),
        Kind::Sqlite => unreachable!("SQLite has no network"),
    }
}

fn verifying(kind: Kind, dir: &std::path::Path, ca: &str) -> String {
    let ca = dir.join(ca);
    match kind {
        Kind::Postgres => format!("sslmode=verify-full&sslrootcert={}", ca.display()),
        _ => format!("ssl-mode=VERIFY_IDENTITY&ssl-ca={}", ca.display()),
    }
}

fn run_as(db: &TestDb, url: &str, args: &[&str]) -> Run {
    let mut c = db.cmd();
    c.env("DBSHAPE_URL", url).args(args);
    Run::from(c.output().expect("run dbshape"))
}

/// Table name -> "rows digest", from a backup's JSON report.
fn tables(r: &Run) -> Vec<String> {
    r.json()["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| format!("{} {} {}", t["name"], t["rows"], t["digest"]))
        .collect()
}

#[test]
fn migrate_backup_and_restore_over_verified_tls() {
    let Some(dir) = tls_dir() else { return };
    for kind in [Kind::Postgres, Kind::Mysql] {
        let Some(src) = TestDb::new(kind) else { return };
        let Some(dst) = TestDb::new(kind) else { return };
        let params = verifying(kind, &dir, "ca.pem");
        let (src_url, dst_url) = (tls_url(&src, &params), tls_url(&dst, &params));
        run_as(&src, &src_url, &["migrate"]).expect(0);
        let dump = src.dir.path().join("tls.sql.zst");
        let d = dump.to_str().unwrap();
        let backup = run_as(&src, &src_url, &["--output", "json", "backup", "-o", d]);
        backup.expect(0);
        run_as(&src, &src_url, &["verify", d]).expect(0);
        let mut args = vec!["restore", d, "--shape"];
        if kind == Kind::Mysql {
            // Parallel loaders open more connections: each one must be encrypted too.
            args.extend(["--jobs", "2"]);
        }
        run_as(&dst, &dst_url, &args).expect(0);
        let out = dst.dir.path().join("again.sql");
        let again = run_as(
            &dst,
            &dst_url,
            &["--output", "json", "backup", "-o", out.to_str().unwrap()],
        );
        again.expect(0);
        assert_eq!(tables(&backup), tables(&again), "{kind:?}");
        assert!(
            tables(&backup).iter().any(|t| !t.contains(" 0 ")),
            "{kind:?}: the restore test moved no rows"
        );
    }
}

#[test]
fn the_tls_only_login_is_refused_without_tls() {
    // Guards the proof above: without TLS the same login cannot connect at all.
    if tls_dir().is_none() {
        return;
    }
    for (kind, params) in [
        (Kind::Postgres, "sslmode=disable"),
        (Kind::Mysql, "ssl-mode=DISABLED"),
    ] {
        let Some(db) = TestDb::new(kind) else { return };
        let r = run_as(&db, &tls_url(&db, params), &["info"]);
        assert_eq!(r.code, 1, "{kind:?}: {}", r.stderr);
        assert!(
            r.stderr.contains("dbshape_tls") && !r.stderr.contains("gave up"),
            "{kind:?}: {}",
            r.stderr
        );
    }
}

#[test]
fn require_encrypts_without_a_root_and_the_default_prefers_tls() {
    if tls_dir().is_none() {
        return;
    }
    for (kind, params) in [
        (Kind::Postgres, "sslmode=require"),
        (Kind::Postgres, ""),
        (Kind::Mysql, "ssl-mode=REQUIRED"),
        (Kind::Mysql, ""),
    ] {
        let Some(db) = TestDb::new(kind) else { return };
        let url = tls_url(&db, params);
        run_as(&db, &url, &["migrate"]).expect(0);
        let dump = db.dir.path().join("r.sql");
        run_as(&db, &url, &["backup", "-o", dump.to_str().unwrap()]).expect(0);
    }
}

#[test]
fn a_certificate_that_does_not_verify_is_a_clear_error() {
    let Some(dir) = tls_dir() else { return };
    for kind in [Kind::Postgres, Kind::Mysql] {
        let Some(db) = TestDb::new(kind) else { return };
        let url = tls_url(&db, &verifying(kind, &dir, "other-ca.pem"));
        let started = std::time::Instant::now();
        let r = run_as(&db, &url, &["--connect-timeout", "30", "info"]);
        assert_eq!(r.code, 1, "{kind:?}: {}", r.stderr);
        let other = dir.join("other-ca.pem");
        for needle in [
            "certificate did not verify",
            other.to_str().unwrap(),
            if kind == Kind::Postgres {
                "sslrootcert="
            } else {
                "ssl-ca="
            },
        ] {
            assert!(
                r.stderr.contains(needle),
                "{kind:?}: no `{needle}` in {}",
                r.stderr
            );
        }
        // Not retried as if the server were down: a certificate does not start verifying.
        assert!(!r.stderr.contains("gave up"), "{kind:?}: {}", r.stderr);
        assert!(
            started.elapsed() < Duration::from_secs(25),
            "{kind:?}: the refusal waited for the connect timeout"
        );
    }
}

/// The data path (COPY on tokio-postgres, mysql_async) refuses the certificate itself,
/// with the same advice, whatever the migration connection did before it.
#[test]
fn the_data_path_checks_the_certificate_too() {
    let Some(dir) = tls_dir() else { return };
    let rt = tokio::runtime::Runtime::new().unwrap();
    for kind in [Kind::Postgres, Kind::Mysql] {
        let Some(db) = TestDb::new(kind) else { return };
        for (ca, ok) in [("ca.pem", true), ("other-ca.pem", false)] {
            let settings = Settings::resolve(
                &GlobalArgs {
                    url: Some(tls_url(&db, &verifying(kind, &dir, ca))),
                    connect_timeout: Some(5),
                    ..Default::default()
                },
                dbshape::cli::bundled::own_set(),
            )
            .unwrap();
            let result = rt.block_on(async {
                match kind {
                    Kind::Postgres => dbshape::engine::postgres_tls::connect(&settings.url)
                        .await
                        .map(|_| ()),
                    _ => dbshape::engine::mysql_snapshot::MysqlSnapshot::open(&settings)
                        .await
                        .map(|_| ()),
                }
            });
            match (ok, result) {
                (true, Ok(())) => {}
                (false, Err(e)) => {
                    let m = e.to_string();
                    assert!(m.contains("certificate did not verify"), "{kind:?}: {m}");
                    assert_eq!(e.exit_code(), 1);
                }
                (ok, r) => panic!("{kind:?} with {ca}: expected ok={ok}, got {:?}", r.err()),
            }
        }
    }
}
