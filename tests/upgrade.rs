//! `upgrade`, `backup --keep`, auto-migrate and the pending gate, on every engine.

mod common;

use std::path::Path;
use std::process::Stdio;

use common::{migration_dir, Kind, TestDb, ALL};

const ENTITY: &str = "INSERT INTO table_entity (json) VALUES ('{\"id\": \"a\", \"name\": \"n\", \"fullyQualifiedName\": \"x.y\", \"updatedAt\": 1, \"deleted\": false}')";

fn dumps_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// An old database with data: backed up first, migrated, validated; a second run has
/// nothing to protect and takes no backup.
#[test]
fn upgrade_backs_up_then_migrates_then_validates() {
    for kind in ALL {
        let Some(db) = TestDb::new(kind) else {
            continue;
        };
        db.run(None, &["migrate", "--to", "1.0.0"]).expect(0);
        db.sql(ENTITY);
        let j = db
            .run(None, &["--output", "json", "upgrade"])
            .expect(0)
            .json();
        assert_eq!(j["schema_version_before"], "1.0.0", "{kind:?}");
        assert_eq!(j["schema_version"], "1.3.1");
        assert_eq!(j["validate"]["valid"], true);
        let path = j["backup"]["path"].as_str().unwrap().to_string();
        assert!(path.starts_with("backups/"), "{path}");
        assert!(path.contains("-1.0.0-"), "{path}");
        // The dump verifies and is stamped with the old version.
        let v = db
            .run(None, &["--output", "json", "verify", &path])
            .expect(0)
            .json();
        assert_eq!(v["header"]["schema_version"], "1.0.0");
        // The 1.1.0 backfill ran on the row.
        assert_eq!(db.sql("SELECT fqn_hash FROM table_entity").trim().len(), 64);
        let again = db
            .run(None, &["--output", "json", "upgrade"])
            .expect(0)
            .json();
        assert!(again["backup"].is_null());
        assert!(again["backup_skipped"]
            .as_str()
            .unwrap()
            .contains("already at the server version"));
        assert_eq!(dumps_in(&db.dir.path().join("backups")).len(), 1);
    }
}

fn failing_set(kind: Kind) -> tempfile::TempDir {
    let d = kind.dialect();
    migration_dir(&[
        (
            &format!("1.0.0/{d}/schemaChanges.sql"),
            "CREATE TABLE item (id INTEGER PRIMARY KEY, name VARCHAR(50));",
        ),
        (
            &format!("2.0.0/{d}/schemaChanges.sql"),
            "ALTER TABLE item ADD COLUMN extra INTEGER;\n\
             CREATE TABLE other (id INTEGER);\n\
             INSERT INTO no_such_table VALUES (1);\n",
        ),
    ])
}

/// Runs a printed `dbshape ...` command line through a shell in `dir`, as an operator
/// pastes it, with `DBSHAPE_URL` set to `url` or unset.
fn paste(cmd_line: &str, dir: &Path, url: Option<&str>) -> common::Run {
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_dbshape")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut c = std::process::Command::new("sh");
    c.arg("-c")
        .arg(cmd_line)
        .current_dir(dir)
        .env("PATH", path)
        .env_remove("DBSHAPE_URL")
        .env_remove("DBSHAPE_CONFIG")
        .env_remove("DBSHAPE_MIGRATIONS")
        .stdin(std::process::Stdio::null());
    if let Some(u) = url {
        c.env("DBSHAPE_URL", u);
    }
    common::Run::from(c.output().unwrap())
}

fn item_rows(db: &TestDb) -> String {
    db.sql("SELECT id, name FROM item ORDER BY id")
}

/// A deliberately failing migration: without rollback the error names the dump and the
/// command that restores it, and that command works; with --rollback-on-failure
/// dbshape does it itself. MariaDB commits the DDL of the failed version before the
/// failure, so only a restore can bring the old state back there.
#[test]
fn failed_upgrade_rolls_back_to_the_old_version_with_all_data() {
    for kind in ALL {
        let Some(db) = TestDb::new(kind) else {
            continue;
        };
        let set = failing_set(kind);
        let m = Some(set.path());
        db.run(m, &["migrate", "--to", "1.0.0"]).expect(0);
        db.sql("INSERT INTO item (id, name) VALUES (1, 'a'), (2, 'b'), (3, 'it''s')");
        let before = item_rows(&db);

        // 1. Without rollback: the way back is printed, and it works.
        let r = db.run(m, &["upgrade"]);
        r.expect(1);
        assert!(r.stderr.contains("no_such_table"), "{}", r.stderr);
        let cmd_line = r
            .stderr
            .lines()
            .find(|l| l.trim_start().starts_with("dbshape "))
            .unwrap_or_else(|| panic!("no restore command in:\n{}", r.stderr))
            .trim()
            .to_string();
        assert!(
            cmd_line.contains("restore") && cmd_line.contains("--clean"),
            "{cmd_line}"
        );
        // Regression: the printed command named no database, so pasted in another
        // directory it restored into a new `./dbshape.db`. It carries the connection
        // (here a reference to `DBSHAPE_URL`, which the run read) and absolute paths,
        // and works from anywhere through a shell.
        assert!(cmd_line.contains("--url \"$DBSHAPE_URL\""), "{cmd_line}");
        let elsewhere = tempfile::tempdir().unwrap();
        let back = paste(&cmd_line, elsewhere.path(), Some(&db.url));
        back.expect(0);
        assert_eq!(item_rows(&db), before, "{kind:?}");
        assert_eq!(db.change_log(), vec!["1.0.0\tCOMPLETED".to_string()]);
        assert!(
            std::fs::read_dir(elsewhere.path())
                .unwrap()
                .next()
                .is_none(),
            "{kind:?}: the command created files where it was pasted"
        );

        // The same with the URL given as a flag: the command names it.
        let flagged = common::offline(db.dir.path())
            .args(["--url", &db.url, "--migrations"])
            .arg(set.path())
            .args(["--output", "json", "upgrade"])
            .output()
            .unwrap();
        let j = common::Run::from(flagged);
        j.expect(1);
        let cmd_line = j.json()["error"]["restore_command"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(
            cmd_line.contains(&format!("--url {}", db.url))
                || cmd_line.contains(&format!("--url '{}'", db.url)),
            "{cmd_line}"
        );
        paste(&cmd_line, elsewhere.path(), None).expect(0);
        assert_eq!(item_rows(&db), before, "{kind:?}");
        assert_eq!(db.change_log(), vec!["1.0.0\tCOMPLETED".to_string()]);

        // 2. With --rollback-on-failure. On MariaDB the failed version's DDL committed,
        // so the dump is restored. On PostgreSQL and SQLite the version rolled back by
        // itself and nothing else of the run was committed: the database is already as
        // before, and dropping everything to restore it again is skipped, saying so.
        let j = db.run(m, &["--output", "json", "upgrade", "--rollback-on-failure"]);
        j.expect(1);
        let doc = j.json();
        assert!(doc["error"]["backup"].as_str().unwrap().contains("-1.0.0-"));
        assert_eq!(item_rows(&db), before, "{kind:?}");
        if kind == Kind::Mysql {
            assert_eq!(doc["error"]["rolled_back"], true, "{}", j.stdout);
            assert!(doc["error"]["rollback_skipped"].is_null(), "{}", j.stdout);
            assert_eq!(db.change_log(), vec!["1.0.0\tCOMPLETED".to_string()]);
        } else {
            assert_eq!(doc["error"]["rolled_back"], false, "{}", j.stdout);
            let why = doc["error"]["rollback_skipped"]
                .as_str()
                .unwrap_or_default();
            assert!(why.contains("rolled back by itself"), "{}", j.stdout);
            assert!(
                j.stderr.contains("nothing to roll back"),
                "{kind:?}: {}",
                j.stderr
            );
            assert_eq!(
                db.change_log(),
                vec!["1.0.0\tCOMPLETED".to_string(), "2.0.0\tFAILED".to_string()]
            );
        }
        assert!(!db.tables().contains(&"other".to_string()), "{kind:?}");
        let cols = db.schema();
        assert!(!cols.contains("extra"), "{kind:?}: {cols}");
        // Nothing is left marked: every command works, and validate reports the pending version.
        db.run(m, &["info"]).expect(0);
        db.run(m, &["validate"]).expect(3);

        // 3. Fixed migration: the next upgrade goes through.
        let d = kind.dialect();
        std::fs::write(
            set.path().join(format!("2.0.0/{d}/schemaChanges.sql")),
            "ALTER TABLE item ADD COLUMN extra INTEGER;\nCREATE TABLE other (id INTEGER);\n",
        )
        .unwrap();
        db.run(m, &["upgrade"]).expect(0);
        assert_eq!(item_rows(&db), before);
    }
}

/// --keep N (now --keep-last N) deletes the oldest dumps of the database and nothing
/// else: files that are not dbshape dumps (a note, a dump cut before its header) stay.
#[test]
fn backup_keep_prunes_only_verified_dumps() {
    for kind in ALL {
        let Some(db) = TestDb::new(kind) else {
            continue;
        };
        db.run(None, &["migrate"]).expect(0);
        let dir = db.dir.path().join("bk");
        let bk = dir.to_str().unwrap();
        // In the order they were written (names within one second do not sort by time).
        let made: Vec<String> = (0..3)
            .map(|_| {
                let j = db
                    .run(None, &["--output", "json", "backup", "--backup-dir", bk])
                    .expect(0)
                    .json();
                let p = j["path"].as_str().unwrap().to_string();
                Path::new(&p)
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(made.len(), 3, "{made:?}");
        // Files with the database's prefix that are not intact dumps stay.
        let prefix = made[0].split('-').next().unwrap().to_string();
        let notes = format!("{prefix}-notes.txt");
        std::fs::write(dir.join(&notes), "operator notes").unwrap();
        let broken = format!("{prefix}-1.3.1-broken.sql");
        let good = std::fs::read(dir.join(&made[0])).unwrap();
        std::fs::write(dir.join(&broken), &good[..good.len() / 2]).unwrap();
        let j = db
            .run(
                None,
                &[
                    "--output",
                    "json",
                    "backup",
                    "--backup-dir",
                    bk,
                    "--keep",
                    "2",
                ],
            )
            .expect(0)
            .json();
        assert_eq!(j["pruned"]["deleted"].as_array().unwrap().len(), 2, "{j}");
        assert_eq!(j["pruned"]["skipped"].as_array().unwrap().len(), 2, "{j}");
        let left = dumps_in(&dir);
        assert_eq!(left.len(), 4, "{left:?}");
        assert!(left.contains(&notes) && left.contains(&broken));
        // The newest survive: the one just written and the last of the three.
        assert!(left.contains(&made[2]), "{left:?}");
        assert!(!left.contains(&made[0]) && !left.contains(&made[1]));
        // --keep with -o is refused (it prunes the backup directory only).
        db.run(None, &["backup", "-o", "x.sql", "--keep", "1"])
            .expect(2);
        db.run(None, &["backup", "--keep", "0"]).expect(2);
    }
}

/// Without auto-migrate, backup of a database behind the server version is refused with
/// exit 3 naming `dbshape migrate`; with it (flag, environment or config) the schema
/// is brought up first.
#[test]
fn pending_gate_and_auto_migrate() {
    for kind in ALL {
        let Some(db) = TestDb::new(kind) else {
            continue;
        };
        db.run(None, &["migrate", "--to", "1.1.0"]).expect(0);
        let r = db.run(None, &["backup", "-o", "a.sql"]);
        r.expect(3);
        assert!(
            r.stderr.contains("dbshape migrate") && r.stderr.contains("1.2.0"),
            "{}",
            r.stderr
        );
        assert!(!db.dir.path().join("a.sql").exists());
        // Explicitly allowed: the dump is stamped with the database's version.
        db.run(None, &["backup", "-o", "old.sql", "--allow-pending"])
            .expect(0);
        // The flag.
        let j = db
            .run(
                None,
                &[
                    "--output",
                    "json",
                    "--auto-migrate",
                    "backup",
                    "-o",
                    "b.sql",
                ],
            )
            .expect(0)
            .json();
        assert_eq!(j["schema_version"], "1.3.1", "{kind:?}");
        // The config key.
        let db2 = TestDb::new(kind).unwrap();
        db2.run(None, &["migrate", "--to", "1.0.0"]).expect(0);
        std::fs::write(db2.dir.path().join("dbshape.yaml"), "auto_migrate: true\n").unwrap();
        let j = db2
            .run(None, &["--output", "json", "info"])
            .expect(0)
            .json();
        assert_eq!(j["schema_version"], "1.3.1");
        assert_eq!(j["pending"].as_array().unwrap().len(), 0);
    }
}

/// Concurrent auto-migrating commands: one migrates, the others wait for the lock, and
/// every version is applied exactly once.
#[test]
fn concurrent_auto_migrate_applies_each_version_once() {
    for kind in ALL {
        let Some(db) = TestDb::new(kind) else {
            continue;
        };
        db.run(None, &["migrate", "--to", "1.0.0"]).expect(0);
        let children: Vec<_> = (0..4)
            .map(|_| {
                let mut c = db.cmd();
                c.args(["--auto-migrate", "validate"])
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped());
                c.spawn().unwrap()
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            let r = common::Run::from(out);
            r.expect(0);
        }
        let log = db.change_log();
        assert_eq!(log.len(), 5, "{kind:?}: {log:?}");
        let mut versions: Vec<&str> = log.iter().map(|l| l.split('\t').next().unwrap()).collect();
        versions.dedup();
        assert_eq!(versions.len(), 5, "{log:?}");
    }
}

/// Destructive commands never prompt without a terminal: they need --yes.
#[test]
fn destructive_commands_need_yes_without_a_terminal() {
    let Some(db) = TestDb::new(Kind::Sqlite) else {
        return;
    };
    db.run(None, &["migrate"]).expect(0);
    db.sql(ENTITY);
    db.run(None, &["backup", "-o", "d.sql"]).expect(0);
    let r = db.run(None, &["restore", "d.sql", "--clean"]);
    r.expect(2);
    assert!(r.stderr.contains("--yes"), "{}", r.stderr);
    assert_eq!(db.sql("SELECT COUNT(*) FROM table_entity").trim(), "1");
    let r = db.run(None, &["drop-create"]);
    r.expect(2);
    assert!(r.stderr.contains("--yes"), "{}", r.stderr);
    // DBSHAPE_YES=1 is --yes, for pipelines configured through the environment.
    let mut c = db.cmd();
    c.args(["restore", "d.sql", "--clean"])
        .env("DBSHAPE_YES", "1");
    common::Run::from(c.output().unwrap()).expect(0);
    assert_eq!(db.sql("SELECT COUNT(*) FROM table_entity").trim(), "1");
    // --clean with standard input is refused before anything is dropped.
    db.run(None, &["--yes", "restore", "-", "--clean"])
        .expect(2);
}

/// Completion scripts and manual pages come from the real command definitions.
#[test]
fn completions_and_man_pages() {
    let bin = env!("CARGO_BIN_EXE_dbshape");
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = std::process::Command::new(bin)
            .args(["completions", shell])
            .output()
            .unwrap();
        assert!(out.status.success(), "{shell}");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("upgrade") && text.contains("rollback-on-failure"),
            "{shell}"
        );
    }
    let out = std::process::Command::new(bin).arg("man").output().unwrap();
    assert!(out.status.success());
    let page = String::from_utf8_lossy(&out.stdout);
    assert!(
        page.starts_with(".ie") || page.contains(".TH dbshape"),
        "{page}"
    );
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(bin)
        .args(["man", "--dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    for page in [
        "dbshape.1",
        "dbshape-upgrade.1",
        "dbshape-restore.1",
        "dbshape-backup.1",
    ] {
        assert!(dir.path().join(page).is_file(), "{page}");
    }
    // They work with a broken config file around: no settings are read.
    std::fs::write(dir.path().join("dbshape.yaml"), "nonsense: [").unwrap();
    let out = std::process::Command::new(bin)
        .current_dir(dir.path())
        .args(["completions", "bash"])
        .output()
        .unwrap();
    assert!(out.status.success());
}

/// The newcomer path: sample data backed up, upgraded and restored, in one command.
#[test]
fn demo_runs_end_to_end_and_starts_over() {
    let dir = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_dbshape");
    let run = |args: &[&str]| {
        let out = std::process::Command::new(bin)
            .current_dir(dir.path())
            .env_remove("DBSHAPE_URL")
            .env_remove("DBSHAPE_CONFIG")
            .env_remove("DBSHAPE_MIGRATIONS")
            .args(args)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        common::Run::from(out)
    };
    let j = run(&["--output", "json", "demo"]).expect(0).json();
    assert_eq!(j["sample_version"], "1.0.0");
    assert_eq!(j["upgrade"]["schema_version"], "1.3.1");
    assert_eq!(j["restored_version"], "1.3.1");
    assert_eq!(j["restored_rows"], j["upgraded_rows"]);
    let total: u64 = j["sample_rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r[1].as_u64().unwrap())
        .sum();
    assert!(total >= 20, "{j}");
    // Again: the earlier demo is replaced; the text tells what happened.
    let t = run(&["demo"]);
    t.expect(0);
    assert!(t.stdout.contains("pre-upgrade backup") && t.stdout.contains("dbshape verify"));
    let backups = dumps_in(&dir.path().join("dbshape-demo/backups"));
    assert_eq!(backups.len(), 1, "{backups:?}");
    // A directory that is not the demo's is never touched.
    std::fs::create_dir(dir.path().join("mine")).unwrap();
    std::fs::write(dir.path().join("mine/keep.txt"), "x").unwrap();
    let r = run(&["demo", "--dir", "mine"]);
    r.expect(2);
    assert!(dir.path().join("mine/keep.txt").exists());
}
