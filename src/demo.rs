//! `demo`: the whole product in under a minute, on the embedded SQLite engine.
//!
//! A newcomer gets, in a directory of their own: a catalog database shaped at the
//! bundled schema's FIRST version and filled with sample data, its upgrade to the
//! server version by the same [`crate::upgrade`] a pipeline runs (pre-upgrade backup,
//! migrate, validate), and the restore of that pre-upgrade dump into a new, empty
//! database with `--shape --upgrade`, checked row for row against the upgraded
//! original. Every step is the real library operation, so what the demo shows is what
//! the commands do; the report lists the commands to look around afterwards.
//!
//! The demo only ever writes inside its directory. It refuses a directory that holds
//! anything but an earlier demo (recognised by its marker file), so it can never
//! delete an operator's files.

use std::path::{Path, PathBuf};
use std::time::Instant;

use sea_orm::ConnectionTrait;
use serde::Serialize;

use crate::backup::BackupObserver;
use crate::config::{DbUrl, Settings};
use crate::engine;
use crate::error::{Error, Result};
use crate::migrate::runner::{self, MigrateOptions};
use crate::migrate::set::MigrationSet;
use crate::restore::{self, RestoreObserver, RestorePlan};
use crate::upgrade::{self, UpgradePlan, UpgradeReport};

/// The file that marks a directory as the demo's own.
pub const MARKER: &str = ".dbshape-demo";

/// Row counts of the sample tables, in a fixed order.
pub type Counts = Vec<(String, u64)>;

/// What the demo did.
#[derive(Debug, Clone, Serialize)]
pub struct DemoReport {
    pub dir: String,
    /// The catalog database (upgraded).
    pub database: String,
    /// The version the sample data was written at.
    pub sample_version: String,
    /// Rows per table after filling, at `sample_version`.
    pub sample_rows: Counts,
    pub upgrade: UpgradeReport,
    /// The database restored from the pre-upgrade dump.
    pub restored_database: String,
    pub restored_version: Option<String>,
    /// Rows per table in the restored database; equal to `upgraded_rows`.
    pub restored_rows: Counts,
    /// Rows per table in the upgraded catalog.
    pub upgraded_rows: Counts,
    pub duration_ms: u64,
}

const TABLES: &[&str] = &[
    "database_entity",
    "table_entity",
    "user_entity",
    "entity_relationship",
    "change_event",
    "settings",
    "settings_history",
];

/// Runs the demo in `dir`.
pub async fn run(
    dir: &Path,
    base: &Settings,
    observer: &dyn RestoreObserver,
    backup_observer: &dyn BackupObserver,
) -> Result<DemoReport> {
    let started = Instant::now();
    if let Some(d) = base.migrations.directory() {
        return Err(Error::Config(format!(
            "the demo uses the bundled catalog schema; leave out --migrations ({})",
            d.display()
        )));
    }
    prepare_dir(dir)?;
    let settings = |file: &str| -> Result<Settings> {
        let mut s = base.clone();
        s.url = DbUrl::parse(&format!("sqlite://{}", dir.join(file).display()))?;
        s.auto_migrate = false;
        Ok(s)
    };
    let catalog = settings("catalog.db")?;
    let restored = settings("restored.db")?;
    let backup_dir = dir.join("backups");

    // 1. An old catalog with data in it.
    observer.stage("creating a catalog database at the schema's first version");
    let engine = engine::connect(&catalog).await?;
    let set = MigrationSet::load(&catalog.migrations, engine.dialect())?;
    let first = set
        .versions
        .first()
        .map(|v| v.version.clone())
        .ok_or_else(|| Error::MigrationSet("the bundled migration set is empty".into()))?;
    let opts = MigrateOptions {
        to: Some(first.clone()),
        dry_run: false,
        allow_out_of_order: false,
        lock_timeout: base.lock_timeout,
    };
    runner::migrate(engine.as_ref(), &set, &opts, observer).await?;
    observer.stage("filling it with sample data");
    engine
        .db()
        .execute_unprepared(&sample_sql())
        .await
        .map_err(|e| engine::db_error(engine.as_ref(), "write the sample data", &e))?;
    let sample_rows = counts(engine.as_ref()).await?;

    // 2. The upgrade a pipeline would run.
    let plan = UpgradePlan {
        backup_dir: backup_dir.clone(),
        rollback_on_failure: true,
        retention: None,
        encryption: crate::dump::crypt::Encryption::None,
        lock_timeout: base.lock_timeout,
        sign: None,
        allow_drift: false,
    };
    let upgrade = upgrade::upgrade(
        &catalog,
        engine.as_ref(),
        &set,
        &plan,
        observer,
        backup_observer,
    )
    .await?;
    let upgraded_rows = counts(engine.as_ref()).await?;
    let dump = upgrade
        .backup
        .as_ref()
        .and_then(|b| b.path.clone())
        .ok_or_else(|| Error::db("demo", "the upgrade took no pre-upgrade backup"))?;

    // 3. The pre-upgrade dump into a new, empty database.
    observer.stage("restoring the pre-upgrade dump into a new, empty database");
    let rplan = RestorePlan {
        source: crate::backup::Source::File(PathBuf::from(&dump)),
        shape: true,
        clean: false,
        upgrade: true,
        lock_timeout: base.lock_timeout,
        jobs: 1,
        unrepresentable: Default::default(),
        convert: false,
        reread_all: false,
        signature: Default::default(),
        allow_drift: false,
    };
    let report = restore::restore(&restored, &rplan, observer).await?;
    let restored_engine = engine::connect(&restored).await?;
    let restored_rows = counts(restored_engine.as_ref()).await?;
    let restored_version = report
        .upgrade
        .as_ref()
        .and_then(|m| m.schema_version.clone())
        .or(report.schema_version.clone());
    // settings_history is kept by triggers, which a restore must not fire: its rows
    // are data like any other and come back exactly.
    if restored_rows != upgraded_rows {
        return Err(Error::Integrity(format!(
            "the restored database differs from the upgraded catalog: {restored_rows:?} against {upgraded_rows:?}"
        )));
    }
    Ok(DemoReport {
        dir: dir.display().to_string(),
        database: catalog.url.redacted(),
        sample_version: first.to_string(),
        sample_rows,
        upgrade,
        restored_database: restored.url.redacted(),
        restored_version,
        restored_rows,
        upgraded_rows,
        duration_ms: started.elapsed().as_millis() as u64,
    })
}

/// Creates `dir`, or empties it when an earlier demo made it.
fn prepare_dir(dir: &Path) -> Result<()> {
    if dir.exists() {
        let is_demo = dir.join(MARKER).is_file();
        let is_empty = std::fs::read_dir(dir)
            .map_err(|e| Error::io("read the demo directory", dir, e))?
            .next()
            .is_none();
        if !is_demo && !is_empty {
            return Err(Error::Config(format!(
                "{} exists and is not a dbshape demo directory; give another one with --dir",
                dir.display()
            )));
        }
        if is_demo {
            std::fs::remove_dir_all(dir)
                .map_err(|e| Error::io("remove the earlier demo in", dir, e))?;
        }
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io("create the demo directory", dir, e))?;
    std::fs::write(
        dir.join(MARKER),
        "made by `dbshape demo`; the next demo run replaces this directory\n",
    )
    .map_err(|e| Error::io("write", dir.join(MARKER), e))?;
    Ok(())
}

async fn counts(engine: &dyn engine::Engine) -> Result<Counts> {
    let mut out = Vec::new();
    for t in TABLES {
        let sql = format!("SELECT CAST(COUNT(*) AS TEXT) FROM {t}");
        let n = engine::query_string(engine, "count the sample rows", &sql)
            .await?
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        out.push((t.to_string(), n));
    }
    Ok(out)
}

/// Sample catalog content at the schema's first version: two databases with their
/// tables, users, ownership and containment edges, change events and one settings
/// change (which the settings trigger records in settings_history).
fn sample_sql() -> String {
    let q = |s: &str| s.replace('\'', "''");
    let mut sql = String::from("BEGIN;\n");
    let t0: i64 = 1_767_225_600_000; // 2026-01-01T00:00:00Z
    let users = [
        ("ada", "Ada Lovelace", false),
        ("grace", "Grace Hopper", false),
        ("ingest-bot", "Ingestion bot", true),
    ];
    for (i, (name, display, bot)) in users.iter().enumerate() {
        let doc = serde_json::json!({
            "id": format!("u-{i}"), "name": name, "displayName": display,
            "email": format!("{name}@example.com"), "isBot": bot,
            "updatedAt": t0 + i as i64, "deleted": false
        });
        sql.push_str(&format!(
            "INSERT INTO user_entity (json) VALUES ('{}');\n",
            q(&doc.to_string())
        ));
    }
    let databases = [
        ("sales", &["orders", "customers", "invoices", "refunds"][..]),
        ("marketing", &["campaigns", "clicks", "leads"][..]),
    ];
    let mut event = 0;
    for (d, (db, tables)) in databases.iter().enumerate() {
        let db_id = format!("d-{d}");
        let db_fqn = format!("warehouse.{db}");
        let doc = serde_json::json!({
            "id": db_id, "name": db, "fullyQualifiedName": db_fqn, "service": "warehouse",
            "description": format!("The {db} database."), "updatedAt": t0 + 100 + d as i64,
            "deleted": false
        });
        sql.push_str(&format!(
            "INSERT INTO database_entity (json) VALUES ('{}');\n",
            q(&doc.to_string())
        ));
        sql.push_str(&format!(
            "INSERT INTO entity_relationship (from_id, to_id, from_entity, to_entity, relation) \
             VALUES ('u-{d}', '{db_id}', 'user', 'database', 8);\n"
        ));
        for (t, table) in tables.iter().enumerate() {
            let id = format!("t-{d}-{t}");
            let doc = serde_json::json!({
                "id": id, "name": table, "fullyQualifiedName": format!("{db_fqn}.{table}"),
                "columns": [
                    {"name": "id", "dataType": "BIGINT"},
                    {"name": "created_at", "dataType": "TIMESTAMP"},
                    {"name": "note", "dataType": "VARCHAR", "description": "Free text, with 'quotes' and ünïcödé."}
                ],
                "tags": [{"tagFQN": "Tier.Tier2"}], "owner": {"id": format!("u-{d}"), "type": "user"},
                "updatedAt": t0 + 1000 + (d * 10 + t) as i64, "deleted": false
            });
            sql.push_str(&format!(
                "INSERT INTO table_entity (json) VALUES ('{}');\n",
                q(&doc.to_string())
            ));
            sql.push_str(&format!(
                "INSERT INTO entity_relationship (from_id, to_id, from_entity, to_entity, relation) \
                 VALUES ('{db_id}', '{id}', 'database', 'table', 0);\n"
            ));
            event += 1;
            let ev = serde_json::json!({"eventType": "entityCreated", "entityId": id, "userName": "ingest-bot"});
            sql.push_str(&format!(
                "INSERT INTO change_event (event_type, entity_type, entity_id, event_time, json) \
                 VALUES ('entityCreated', 'table', '{id}', {}, '{}');\n",
                t0 + 2000 + event,
                q(&ev.to_string())
            ));
        }
    }
    sql.push_str(
        "UPDATE settings SET json = '{\"maxLoginFailAttempts\": 5, \"accessBlockTime\": 600, \
         \"jwtTokenExpiryTime\": 3600}' WHERE config_type = 'loginConfiguration';\n",
    );
    sql.push_str("COMMIT;\n");
    sql
}
