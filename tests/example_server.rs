//! The example server (`examples/notes_server`), built by `cargo test` and run as its
//! operators would, on PostgreSQL, MariaDB and SQLite: start-up shapes an empty
//! database, upgrades an older one, refuses a newer one; two instances started at once
//! apply each version once; and its `ops` subcommands (the `dbshape` commands on its
//! own compiled set) back up and restore with `--shape` round-trip.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::spawned::Spawned;
use common::{copy_dir, each_engine, Run, TestDb};

/// The example's binary, beside this test's in the target directory.
fn server_binary() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let debug = exe.parent().and_then(Path::parent).unwrap();
    let bin = debug.join("examples").join("notes_server");
    assert!(
        bin.is_file(),
        "{} is missing: `cargo test` builds the examples",
        bin.display()
    );
    bin
}

/// `notes_server --database URL ARGS...`, in the test's directory, no DBSHAPE_* set.
fn server(db: &TestDb, args: &[&str]) -> Command {
    let mut c = Command::new(server_binary());
    c.current_dir(db.dir.path())
        .env_remove("DBSHAPE_URL")
        .env_remove("DBSHAPE_CONFIG")
        .env_remove("DBSHAPE_MIGRATIONS")
        .env_remove("DATABASE_URL")
        .env_remove("NOTES_DATABASE_URL")
        .args(["--database", &db.url])
        .args(args)
        .stdin(Stdio::null());
    c
}

fn run(db: &TestDb, args: &[&str]) -> Run {
    Run::from(server(db, args).output().expect("run notes_server"))
}

/// A started `serve`: waits for its "listening on ADDR" line, returns the address.
fn start(db: &TestDb) -> (Spawned, String) {
    let mut s = Spawned::spawn(server(db, &["serve", "--listen", "127.0.0.1:0"]), None, &[]);
    s.wait_for("listening on ");
    // The line may still be arriving: take the address once its line has ended.
    let started = Instant::now();
    loop {
        let stderr = s.stderr();
        let rest = stderr.split("listening on ").nth(1).unwrap_or("");
        if let Some((address, _)) = rest.split_once('\n') {
            return (s, address.to_string());
        }
        assert!(started.elapsed() < Duration::from_secs(30), "{stderr}");
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// The body of `GET path`.
fn get(address: &str, path: &str) -> String {
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let request = format!("GET {path} HTTP/1.0\r\n\r\n");
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    response.split("\r\n\r\n").nth(1).unwrap().to_string()
}

/// How many versions a `serve` applied at start-up, from its line
/// `schema version 1.2.0 (N version(s) applied at start-up)`.
fn applied_at_start(stderr: &str) -> usize {
    let line = stderr
        .lines()
        .find(|l| l.starts_with("schema version 1.2.0 ("))
        .unwrap_or_else(|| panic!("no start-up line:\n{stderr}"));
    let count = line.split('(').nth(1).unwrap().split(' ').next().unwrap();
    count.parse().unwrap()
}

/// Stops a `serve`, checking that it applied `applied` versions at start-up and that
/// the database is at the last one.
fn stop(s: Spawned, db: &TestDb, applied: usize) {
    let out = s.finish(true);
    let count = applied_at_start(&out.stderr);
    assert_eq!(count, applied, "{:?}: {}", db.kind, out.stderr);
    assert_eq!(db.change_log(), ALL_APPLIED, "{:?}", db.kind);
}

const ALL_APPLIED: [&str; 3] = ["1.0.0\tCOMPLETED", "1.1.0\tCOMPLETED", "1.2.0\tCOMPLETED"];

#[test]
fn start_up_shapes_an_empty_database_and_serves() {
    each_engine(|db| {
        let (s, address) = start(db);
        assert_eq!(get(&address, "/health"), "notes_server: schema 1.2.0\n");
        assert_eq!(get(&address, "/notes"), "{\"notes\":0,\"words\":0}\n");
        stop(s, db, 3);
        // The operator's view of the same database, through the server's own `ops`.
        let info = run(db, &["ops", "--output", "json", "info"]);
        let info = info.expect(0).json();
        assert_eq!(info["schema_version"], "1.2.0", "{info}");
        assert_eq!(
            info["migrations"], "the migrations compiled into the program",
            "{info}"
        );
        run(db, &["ops", "validate"]).expect(0);
    });
}

#[test]
fn start_up_upgrades_an_older_database_and_runs_the_rust_step() {
    each_engine(|db| {
        run(db, &["ops", "migrate", "--to", "1.0.0"]).expect(0);
        db.sql(
            "INSERT INTO note (id, body, created_at) VALUES \
             (1, 'three words here', '2026-01-01'), (2, 'two words', '2026-01-02')",
        );
        let (s, address) = start(db);
        // 1.1.0's Rust step counted the words of the notes written before it.
        assert_eq!(get(&address, "/notes"), "{\"notes\":2,\"words\":5}\n");
        stop(s, db, 2);
    });
}

#[test]
fn two_instances_started_at_once_apply_each_version_once() {
    each_engine(|db| {
        let (a, b) = std::thread::scope(|scope| {
            let a = scope.spawn(|| start(db));
            let b = scope.spawn(|| start(db));
            (a.join().unwrap(), b.join().unwrap())
        });
        assert_eq!(get(&a.1, "/health"), get(&b.1, "/health"));
        let (a, b) = (a.0.finish(true), b.0.finish(true));
        assert_eq!(
            applied_at_start(&a.stderr) + applied_at_start(&b.stderr),
            3,
            "{:?}:\n{}\n{}",
            db.kind,
            a.stderr,
            b.stderr
        );
        assert_eq!(db.change_log(), ALL_APPLIED, "{:?}", db.kind);
    });
}

#[test]
fn start_up_refuses_a_database_newer_than_the_binary() {
    each_engine(|db| {
        // A later release's set: this server's SQL and one more version, applied with
        // this server's `ops --migrations` (its Rust step stays registered).
        let newer = tempfile::tempdir().unwrap();
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/notes_server/migrations"),
            newer.path(),
        );
        let v = newer.path().join("1.3.0/common");
        std::fs::create_dir_all(&v).unwrap();
        std::fs::write(
            v.join("schemaChanges.sql"),
            "CREATE TABLE tag (id INTEGER);\n",
        )
        .unwrap();
        let dir = newer.path().to_str().unwrap();
        run(db, &["ops", "--migrations", dir, "migrate"]).expect(0);
        let before = db.change_log();
        assert_eq!(before.len(), 4, "{before:?}");

        let started = Instant::now();
        let out = Run::from(
            server(db, &["serve", "--listen", "127.0.0.1:0"])
                .output()
                .unwrap(),
        );
        out.expect(4);
        assert!(started.elapsed() < Duration::from_secs(60));
        assert!(
            out.stderr.contains("1.3.0"),
            "{:?}: {}",
            db.kind,
            out.stderr
        );
        assert!(!out.stderr.contains("listening on"), "{}", out.stderr);
        assert_eq!(db.change_log(), before, "{:?}: untouched", db.kind);
        // The server's ops say it in the server's words.
        let validate = run(db, &["ops", "validate"]);
        validate.expect(4);
        assert!(
            !validate.stderr.contains("`dbshape "),
            "{}",
            validate.stderr
        );
    });
}

#[test]
fn ops_backup_then_restore_with_shape_round_trips() {
    each_engine(|db| {
        let (s, _) = start(db);
        s.finish(true);
        db.sql(
            "INSERT INTO note (id, body, created_at, words) VALUES \
             (1, 'it''s a note: tab\there', '2026-01-01', 4), (2, 'é ü 日本', '2026-01-02', 3)",
        );
        let dump = db.dir.path().join("notes.sql.zst");
        let dump = dump.to_str().unwrap();
        run(db, &["ops", "backup", "-o", dump]).expect(0);
        run(db, &["ops", "verify", dump]).expect(0);

        let copy = TestDb::new(db.kind).unwrap();
        let into = ["ops", "--url", &copy.url];
        let restored = run(db, &[&into[..], &["restore", dump, "--shape"]].concat());
        restored.expect(0);
        let rows = "SELECT id, body, created_at, words FROM note ORDER BY id";
        assert_eq!(copy.sql(rows), db.sql(rows), "{:?}", db.kind);
        assert_eq!(copy.change_log(), ALL_APPLIED, "{:?}", db.kind);
        run(db, &[&into[..], &["validate"]].concat()).expect(0);
    });
}
