//! `embed_migrations!` on a small fixture directory (tests/fixtures/embedded-set): the
//! set it compiles in is the set dbshape reads from the same directory at run time
//! (versions, steps, descriptions, checksums, on every dialect), keeps a version
//! directory without files, carries the declaration of a Rust step, and runs with its
//! registered step on a real (SQLite) database.

mod common;

use std::path::Path;

use common::probe::{probe_fill, PROBE_FILL_SOURCE};
use sea_orm::ConnectionTrait;

use dbshape::config::{GlobalArgs, OwnSet, Settings};
use dbshape::dialect::Dialect;
use dbshape::migrate::report::Quiet;
use dbshape::migrate::runner::{self, MigrateOptions};
use dbshape::migrate::set::{MigrationSet, StepBody, COMPILED_ORIGIN};
use dbshape::Migrations;

const FIXTURE: &str = "tests/fixtures/embedded-set";

fn compiled() -> Migrations {
    dbshape::embed_migrations!("tests/fixtures/embedded-set")
}

/// What a set amounts to on one dialect: every version's directory, steps,
/// description and checksum.
fn summary(set: &Migrations, dialect: Dialect) -> Vec<String> {
    MigrationSet::load(set, dialect)
        .unwrap()
        .versions
        .iter()
        .map(|v| {
            let steps: Vec<&str> = v.steps.iter().map(|s| s.name.as_str()).collect();
            format!(
                "{} {:?} {steps:?} {:?} {}",
                v.version, v.dir, v.description, v.checksum
            )
        })
        .collect()
}

#[test]
fn the_compiled_set_is_the_directory_read_at_run_time() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE);
    for dialect in Dialect::ALL {
        let embedded = compiled().rust_step("1.1.0", probe_fill(), PROBE_FILL_SOURCE);
        let read = Migrations::from_dir(&dir).rust_step("1.1.0", probe_fill(), PROBE_FILL_SOURCE);
        assert_eq!(
            summary(&embedded, dialect),
            summary(&read, dialect),
            "{dialect:?}"
        );
    }
}

#[test]
fn versions_steps_and_the_empty_version() {
    let set = compiled().rust_step("1.1.0", probe_fill(), PROBE_FILL_SOURCE);
    let pg = MigrationSet::load(&set, Dialect::Postgres).unwrap();
    assert_eq!(pg.origin, COMPILED_ORIGIN);
    let versions: Vec<String> = pg.versions.iter().map(|v| v.version.to_string()).collect();
    assert_eq!(versions, ["1.0.0", "1.1.0", "1.2.0"]);
    assert_eq!(pg.versions[0].dir.as_deref(), Some("postgres"));
    assert_eq!(
        pg.versions[0].description,
        "a table to probe the embedded set (PostgreSQL)."
    );
    let names: Vec<&str> = pg.versions[1]
        .steps
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(
        names,
        ["rust:embedded_probe_fill", "postDataMigrationSQLScript.sql"]
    );
    assert!(matches!(
        pg.versions[1].steps[0].body,
        StepBody::Rust { .. }
    ));
    // 1.2.0 holds only a note: an empty version, still part of the set.
    assert_eq!(pg.versions[2].dir, None);
    assert!(pg.versions[2].steps.is_empty());
    let lite = MigrationSet::load(&set, Dialect::Sqlite).unwrap();
    assert_eq!(lite.versions[0].dir.as_deref(), Some("common"));
}

/// The compiled-in declaration is enforced like one read from disk.
#[test]
fn the_compiled_declaration_refuses_a_set_without_its_step() {
    let err = MigrationSet::load(&compiled(), Dialect::Sqlite).unwrap_err();
    assert_eq!(err.exit_code(), 2);
    let text = err.to_string();
    assert!(
        text.contains("version 1.1.0 needs the Rust step embedded_probe_fill"),
        "{text}"
    );
    assert!(
        text.contains("1.1.0/rust-steps.txt of the migrations compiled into the program, line 2"),
        "{text}"
    );
    assert!(
        text.contains(
            "embedded_probe_fill: fills embedded_probe.note, which stays NULL without it"
        ),
        "{text}"
    );
}

/// The compiled set, as a program's own, migrates a real database and runs its step.
#[test]
fn the_compiled_set_migrates_a_database_with_its_rust_step() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("embedded.db");
    // A server's own set: the working directory's `bootstrap/sql/migrations` (this
    // checkout's bundled one) is not looked at.
    let settings = Settings::resolve(
        &GlobalArgs {
            url: Some(format!("sqlite://{}", db.display())),
            ..Default::default()
        },
        OwnSet::Server(compiled().rust_step("1.1.0", probe_fill(), PROBE_FILL_SOURCE)),
    )
    .unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let engine = dbshape::engine::connect(&settings).await.unwrap();
        let set = MigrationSet::load(&settings.migrations, engine.dialect()).unwrap();
        let to_first = MigrateOptions {
            to: Some(set.versions[0].version.clone()),
            dry_run: false,
            allow_out_of_order: false,
            lock_timeout: std::time::Duration::from_secs(5),
        };
        runner::migrate(engine.as_ref(), &set, &to_first, &Quiet)
            .await
            .unwrap();
        engine
            .db()
            .execute_unprepared("INSERT INTO embedded_probe (id) VALUES (1), (2)")
            .await
            .unwrap();
        let rest = MigrateOptions {
            to: None,
            ..to_first
        };
        let report = runner::migrate(engine.as_ref(), &set, &rest, &Quiet)
            .await
            .unwrap();
        assert_eq!(report.schema_version.as_deref(), Some("1.2.0"));
        let filled = engine
            .db()
            .query_one_raw(sea_orm::Statement::from_string(
                sea_orm::DbBackend::Sqlite,
                "SELECT COUNT(*) AS n FROM embedded_probe WHERE note = 'filled'",
            ))
            .await
            .unwrap()
            .unwrap()
            .try_get::<i64>("", "n")
            .unwrap();
        assert_eq!(filled, 2);
    });
}
