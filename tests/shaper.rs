//! The library's front door, [`dbshape::Shaper`], used as a server would: in process,
//! with an embedded set and a Rust step of its own, on PostgreSQL, MariaDB and SQLite.
//! Start-up on an empty database shapes it, start-up again finds nothing to do,
//! replicas starting at once apply each version once, a database newer than the
//! program is refused untouched, and backup, verify and restore round-trip.

mod common;

use std::path::Path;

use common::parallel::each_engine_in_parallel;
use common::probe::{probe_fill, PROBE_FILL_SOURCE};
use common::{TestDb, ALL};
use dbshape::{Error, Migrations, RestoreOptions, Shaper};

/// The server's set: compiled in, with its Rust step.
fn server_set() -> Migrations {
    dbshape::embed_migrations!("tests/fixtures/embedded-set").rust_step(
        "1.1.0",
        probe_fill(),
        PROBE_FILL_SOURCE,
    )
}

fn shaper(db: &TestDb, set: Migrations) -> Shaper {
    Shaper::builder()
        .url(&db.url)
        .migrations(set)
        .build()
        .unwrap()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

fn applied(report: &dbshape::migrate::MigrateReport) -> Vec<String> {
    report.applied.iter().map(|a| a.version.clone()).collect()
}

#[test]
fn start_up_shapes_an_empty_database_then_finds_nothing_to_do() {
    each_engine_in_parallel(&ALL, |kind| {
        let Some(db) = TestDb::new(kind) else { return };
        let s = shaper(&db, server_set());
        let rt = runtime();
        let first = rt.block_on(s.ensure_current()).unwrap();
        assert_eq!(applied(&first), ["1.0.0", "1.1.0", "1.2.0"], "{kind:?}");
        assert_eq!(first.schema_version.as_deref(), Some("1.2.0"), "{kind:?}");
        let again = rt.block_on(s.ensure_current()).unwrap();
        assert!(applied(&again).is_empty(), "{kind:?}: {again:?}");
        let valid = rt.block_on(s.validate()).unwrap();
        assert_eq!(valid.exit_code, 0, "{kind:?}: {valid:?}");
        let info = rt.block_on(s.info()).unwrap();
        assert_eq!(info.versions.len(), 3, "{kind:?}");
    });
}

#[test]
fn replicas_starting_at_once_apply_each_version_once() {
    each_engine_in_parallel(&ALL, |kind| {
        let Some(db) = TestDb::new(kind) else { return };
        let (a, b) = (shaper(&db, server_set()), shaper(&db, server_set()));
        let rt = tokio::runtime::Runtime::new().unwrap();
        let (ra, rb) = rt.block_on(async {
            let ta = tokio::spawn(async move { a.ensure_current().await });
            let tb = tokio::spawn(async move { b.ensure_current().await });
            (ta.await.unwrap().unwrap(), tb.await.unwrap().unwrap())
        });
        let mut all = applied(&ra);
        all.extend(applied(&rb));
        all.sort();
        assert_eq!(all, ["1.0.0", "1.1.0", "1.2.0"], "{kind:?}: {ra:?} {rb:?}");
        assert_eq!(
            db.change_log(),
            ["1.0.0\tCOMPLETED", "1.1.0\tCOMPLETED", "1.2.0\tCOMPLETED"],
            "{kind:?}"
        );
    });
}

#[test]
fn a_database_newer_than_the_program_is_refused_untouched() {
    each_engine_in_parallel(&ALL, |kind| {
        let Some(db) = TestDb::new(kind) else { return };
        let rt = runtime();
        rt.block_on(shaper(&db, server_set()).ensure_current())
            .unwrap();
        // An older build of the server: only 1.0.0 of the same set.
        let older = tempfile::tempdir().unwrap();
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/embedded-set");
        common::copy_dir(&fixture.join("1.0.0"), &older.path().join("1.0.0"));
        let before = db.change_log();
        let err = rt
            .block_on(shaper(&db, Migrations::from_dir(older.path())).ensure_current())
            .unwrap_err();
        assert!(matches!(err, Error::VersionMismatch(_)), "{kind:?}: {err}");
        assert_eq!(err.exit_code(), 4, "{kind:?}");
        assert!(err.to_string().contains("1.2.0"), "{kind:?}: {err}");
        assert_eq!(db.change_log(), before, "{kind:?}");
    });
}

#[test]
fn backup_verify_and_restore_round_trip() {
    each_engine_in_parallel(&ALL, |kind| {
        let Some(src) = TestDb::new(kind) else { return };
        let Some(dst) = TestDb::new(kind) else { return };
        let rt = runtime();
        let source = shaper(&src, server_set());
        rt.block_on(source.ensure_current()).unwrap();
        src.sql("INSERT INTO embedded_probe (id, note) VALUES (1, 'one'), (2, 'two')");
        let dump = src.dir.path().join("server.sql.zst");
        let backed_up = rt.block_on(source.backup(&dump)).unwrap();
        assert_eq!(backed_up.rows, 2, "{kind:?}");
        let verified = source.verify(&dump).unwrap();
        assert_eq!(verified.header.schema_version.as_deref(), Some("1.2.0"));
        let restored = rt
            .block_on(shaper(&dst, server_set()).restore(
                &dump,
                RestoreOptions {
                    shape: true,
                    ..RestoreOptions::default()
                },
            ))
            .unwrap();
        assert_eq!(restored.rows, 2, "{kind:?}");
        let rows = "SELECT id, note FROM embedded_probe ORDER BY id";
        assert_eq!(src.sql(rows), dst.sql(rows), "{kind:?}");
        assert_eq!(dst.change_log(), src.change_log(), "{kind:?}");
    });
}

#[test]
fn a_shaper_names_what_it_misses() {
    let no_url = Shaper::builder().migrations(server_set()).build();
    let message = no_url.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(message.contains(".url("), "{message}");
    let no_set = Shaper::builder().url("sqlite://x.db").build();
    let message = no_set.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(message.contains("embed_migrations!"), "{message}");
    let bad = Shaper::builder()
        .url("oracle://db")
        .migrations(server_set())
        .build();
    assert!(bad.is_err());
    // Building connects to nothing: a server that is down is found by the first call.
    let down = Shaper::builder()
        .url("postgres://postgres@127.0.0.1:1/x")
        .migrations(server_set())
        .connect_timeout(std::time::Duration::from_millis(300))
        .build()
        .unwrap();
    let err = runtime().block_on(down.validate()).unwrap_err();
    assert_eq!(err.exit_code(), 1, "{err}");
}
