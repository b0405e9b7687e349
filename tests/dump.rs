//! `backup` and `verify` on real engines: dumps verify, replay with the engine's own
//! client into a database shaped at the same version with identical data, every
//! corruption is rejected with exit 5, and files are written atomically.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

use common::bundled::fingerprint;
use common::corrupt::{corrupt, Rng};
use common::spawned::Spawned;
use common::{admin_sql, Kind, TestDb, ALL};

/// Shapes the database with the bundled schema and fills it with a little of
/// everything (JSON documents, a trigger that copies rows, an auto-increment table).
fn fill(db: &TestDb) {
    db.run(None, &["migrate"]).expect(0);
    let mut sql = String::new();
    for i in 0..40 {
        sql.push_str(&format!(
            "INSERT INTO table_entity (json) VALUES ('{{\"id\": \"t{i}\", \"name\": \"orders {i} é ✓\", \"fullyQualifiedName\": \"shop.public.orders_{i}\", \"updatedAt\": {i}, \"deleted\": false, \"note\": \"tab\\\\tquote\\\\\\\" back\\\\\\\\slash\"}}');\n"
        ));
        sql.push_str(&format!(
            "INSERT INTO change_event (event_type, entity_type, entity_id, event_time, json) VALUES ('entityCreated', 'table', 't{i}', {}, '{{\"i\": {i}}}');\n",
            1_700_000_000_000i64 + i
        ));
    }
    sql.push_str("INSERT INTO settings (config_type, json) VALUES ('probe', '{\"configType\": \"probe\", \"emoji\": \"😀\"}');\n");
    sql.push_str("UPDATE settings SET json = '{\"configType\": \"probe\", \"v\": 2}' WHERE config_type = 'probe';\n");
    db.sql(&sql);
}

fn backup(db: &TestDb, path: &Path, extra: &[&str]) -> common::Run {
    let p = path.to_str().unwrap();
    let mut args = vec!["backup", "-o", p];
    args.extend_from_slice(extra);
    db.run(None, &args)
}

fn verify(db: &TestDb, path: &Path) -> common::Run {
    db.run(None, &["verify", path.to_str().unwrap()])
}

fn engines() -> Vec<Kind> {
    ALL.to_vec()
}

#[test]
fn backup_verifies_and_replays_with_the_engines_own_client() {
    for kind in engines() {
        let Some(db) = TestDb::new(kind) else {
            continue;
        };
        fill(&db);
        let dump = db.dir.path().join("full.sql");
        backup(&db, &dump, &[]).expect(0);
        let v = db
            .run(
                None,
                &["--output", "json", "verify", dump.to_str().unwrap()],
            )
            .expect(0)
            .json();
        assert_eq!(v["header"]["schema_version"], "1.3.1");
        assert_eq!(v["header"]["dialect"], kind.dialect());
        let tables = v["trailer"]["tables"].as_array().unwrap();
        let te = tables.iter().find(|t| t["name"] == "table_entity").unwrap();
        assert_eq!(te["rows"], 40);
        // Generated columns are never dumped.
        let cols: Vec<String> = v["header"]["tables"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["name"] == "table_entity")
            .unwrap()["columns"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap().to_string())
            .collect();
        assert!(
            cols.contains(&"json".to_string()) && !cols.contains(&"name".to_string()),
            "{kind:?}: {cols:?}"
        );
        // Mode 0600.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&dump).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{kind:?}");
        }
        // Replay with the engine's own client into a database shaped at the same version.
        let target = TestDb::new(kind).unwrap();
        target.run(None, &["migrate"]).expect(0);
        let script = std::fs::read_to_string(&dump).unwrap();
        let out = target.sql_output(&script);
        assert!(
            out.status.success(),
            "{kind:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            fingerprint(&target),
            fingerprint(&db),
            "{kind:?}: replayed data differs"
        );
        // Counters continue above the restored data.
        target.sql("INSERT INTO change_event (event_type, entity_type, entity_id, event_time, json) VALUES ('x', 't', 'new', 1, '{}')");
        let new_id = target.sql("SELECT max(id) FROM change_event");
        let old_max = db.sql("SELECT max(id) FROM change_event");
        assert!(
            new_id.parse::<i64>().unwrap() > old_max.parse::<i64>().unwrap(),
            "{kind:?}"
        );
    }
}

#[test]
fn compressed_and_piped_dumps_verify() {
    for kind in engines() {
        let Some(db) = TestDb::new(kind) else {
            continue;
        };
        fill(&db);
        for name in ["d.sql.zst", "d.sql.gz"] {
            let dump = db.dir.path().join(name);
            backup(&db, &dump, &[]).expect(0);
            let head = std::fs::read(&dump).unwrap();
            assert!(!head.starts_with(b"-- dbshape"), "{name} is compressed");
            verify(&db, &dump).expect(0);
        }
        // -o - writes the dump to stdout; verify - reads stdin.
        let mut c = db.cmd();
        c.args(["backup", "-o", "-", "--compress", "zstd"]);
        let out = c.output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mut v = Command::new(env!("CARGO_BIN_EXE_dbshape"))
            .args(["verify", "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        v.stdin.take().unwrap().write_all(&out.stdout).unwrap();
        assert!(
            v.wait().unwrap().success(),
            "{kind:?}: piped dump does not verify"
        );
    }
}

#[test]
fn existing_files_are_never_overwritten_without_force() {
    let Some(db) = TestDb::new(Kind::Sqlite) else {
        return;
    };
    fill(&db);
    let dump = db.dir.path().join("exists.sql");
    std::fs::write(&dump, "precious").unwrap();
    let r = backup(&db, &dump, &[]);
    r.expect(2);
    assert!(r.stderr.contains("--force"), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&dump).unwrap(), "precious");
    backup(&db, &dump, &["--force"]).expect(0);
    verify(&db, &dump).expect(0);
    // No temporary files are left next to it.
    let leftovers: Vec<_> = std::fs::read_dir(db.dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("dbshape-tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn every_corruption_is_rejected_with_exit_5() {
    for kind in engines() {
        let Some(db) = TestDb::new(kind) else {
            continue;
        };
        fill(&db);
        let dump = db.dir.path().join("orig.sql");
        backup(&db, &dump, &[]).expect(0);
        let bytes = std::fs::read(&dump).unwrap();
        let mut rng = Rng(0x5eed_0000 + kind as u64);
        let bad = db.dir.path().join("bad.sql");
        for trial in 0..210 {
            let (what, data) = corrupt(&mut rng, &bytes, trial % 6);
            if data == bytes {
                continue;
            }
            std::fs::write(&bad, &data).unwrap();
            let result = dbshape::backup::verify(
                &dbshape::backup::Source::File(bad.clone()),
                &mut dbshape::dump::reader::CheckOnly,
            );
            let err = result
                .err()
                .unwrap_or_else(|| panic!("{kind:?}: {what} was accepted"));
            assert_eq!(err.exit_code(), 5, "{kind:?}: {what}: {err}");
            // A few through the binary, for the exit code and a message naming the problem.
            if trial % 35 == 0 {
                let r = verify(&db, &bad);
                r.expect(5);
                assert!(
                    r.stderr.contains("dump") || r.stderr.contains("table"),
                    "{}",
                    r.stderr
                );
            }
        }
        // A compressed dump cut short.
        let zst = db.dir.path().join("orig.sql.zst");
        backup(&db, &zst, &[]).expect(0);
        let z = std::fs::read(&zst).unwrap();
        for cut in [z.len() - 1, z.len() / 2, 20, 4] {
            std::fs::write(&bad, &z[..cut]).unwrap();
            verify(&db, &bad).expect(5);
        }
        // Not a dump at all, and an empty file.
        std::fs::write(&bad, "SELECT 1;\n").unwrap();
        let r = verify(&db, &bad);
        r.expect(5);
        assert!(r.stderr.contains("not a dbshape dump"), "{}", r.stderr);
        std::fs::write(&bad, "").unwrap();
        verify(&db, &bad).expect(5);
    }
}

#[test]
fn a_smuggled_statement_is_refused() {
    for kind in engines() {
        let Some(db) = TestDb::new(kind) else {
            continue;
        };
        fill(&db);
        let dump = db.dir.path().join("orig.sql");
        backup(&db, &dump, &[]).expect(0);
        let text = std::fs::read_to_string(&dump).unwrap();
        // An extra statement in the preamble, before the data.
        let evil = text.replacen(
            "-- dbshape:prepare\n",
            "DROP TABLE settings;\n-- dbshape:prepare\n",
            1,
        );
        let bad = db.dir.path().join("evil.sql");
        std::fs::write(&bad, evil).unwrap();
        let r = verify(&db, &bad);
        r.expect(5);
        assert!(
            r.stderr.contains("DROP TABLE settings"),
            "{kind:?}: {}",
            r.stderr
        );
    }
}

/// Guards: a backup killed in the middle of the dump (a table written), or with its
/// file complete and fsynced but not yet linked into place, leaves nothing at the
/// target path; the next run succeeds and removes the dead runs' temporary files.
#[test]
fn killed_backup_leaves_nothing_at_the_target_path() {
    for kind in engines() {
        let Some(db) = TestDb::new(kind) else {
            continue;
        };
        db.run(None, &["migrate"]).expect(0);
        // Rows in the table after which the first kill comes.
        let fill = match kind {
            Kind::Postgres => "INSERT INTO change_event (event_type, entity_type, entity_id, event_time, json) SELECT 'e', 't', g::text, g, ('{\"pad\": \"' || repeat('x', 200) || '\"}')::jsonb FROM generate_series(1, 3000) g",
            Kind::Mysql => "INSERT INTO change_event (event_type, entity_type, entity_id, event_time, json) SELECT 'e', 't', seq, seq, CONCAT('{\"pad\": \"', REPEAT('x', 200), '\"}') FROM seq_1_to_3000",
            Kind::Sqlite => "WITH RECURSIVE g(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM g WHERE x < 3000) INSERT INTO change_event (event_type, entity_type, entity_id, event_time, json) SELECT 'e', 't', x, x, '{\"pad\": \"' || printf('%.200c', 'x') || '\"}' FROM g",
        };
        db.sql(fill);
        let dump = db.dir.path().join("killed.sql.zst");
        for pause in ["backup.table:change_event", "dump.publish"] {
            let args = ["backup", "-o", dump.to_str().unwrap()];
            let mut run = Spawned::start_paused(&db, None, &args, pause);
            run.wait_for_pause(pause);
            let killed = run.finish(true);
            assert_eq!(killed.code, -1, "{kind:?}: killed at {pause}");
            assert!(
                !dump.exists(),
                "{kind:?}: a backup killed at {pause} left a file at the target path"
            );
        }
        // The next run succeeds and cleans the dead runs' temporary files.
        backup(&db, &dump, &[]).expect(0);
        verify(&db, &dump).expect(0);
        let leftovers: Vec<_> = std::fs::read_dir(db.dir.path())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().contains("dbshape-tmp"))
            .collect();
        assert!(leftovers.is_empty(), "{kind:?}: {leftovers:?}");
    }
}

/// Dumps of every format version ever written still verify (fixtures per engine).
#[test]
fn fixtures_of_every_format_version_still_verify() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut seen = 0;
    for dir in std::fs::read_dir(&root).unwrap().flatten() {
        let name = dir.file_name().to_string_lossy().into_owned();
        let Some(version) = name.strip_prefix("format-") else {
            continue;
        };
        for f in std::fs::read_dir(dir.path()).unwrap().flatten() {
            let summary = dbshape::backup::verify(
                &dbshape::backup::Source::File(f.path()),
                &mut dbshape::dump::reader::CheckOnly,
            )
            .unwrap_or_else(|e| panic!("{}: {e}", f.path().display()));
            assert_eq!(summary.header.format_version.to_string(), version);
            let file = f.file_name().to_string_lossy().into_owned();
            assert!(
                file.starts_with(&summary.header.dialect.to_string()),
                "{file}"
            );
            seen += 1;
        }
    }
    assert!(seen >= 3, "fixtures missing in {}", root.display());
}

/// A role that owns a test database and its tables but is no superuser; dropped after
/// the databases it owns (declare it before them).
struct OwnerRole(String);

impl OwnerRole {
    fn create() -> OwnerRole {
        let name = format!("dbshape_owner_{}", std::process::id());
        admin_sql(Kind::Postgres, &format!("DROP ROLE IF EXISTS {name}"));
        admin_sql(
            Kind::Postgres,
            &format!("CREATE ROLE {name} LOGIN NOSUPERUSER"),
        );
        OwnerRole(name)
    }
}

impl Drop for OwnerRole {
    fn drop(&mut self) {
        admin_sql(Kind::Postgres, &format!("DROP ROLE IF EXISTS {}", self.0));
    }
}

/// `psql -1 -f DUMP` as `role`, stopping at the first error; returns (success, stderr).
fn replay_as(db: &TestDb, role: &str, dump: &Path) -> (bool, String) {
    let out = Command::new("psql")
        .args(["-h", "127.0.0.1", "-U", role, "-d", &db.name])
        .args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-1", "-f"])
        .arg(dump)
        .args(["-c", "SHOW session_replication_role"])
        .stdin(Stdio::null())
        .output()
        .expect("run psql");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        !out.status.success() || stdout.contains("origin"),
        "the role is not reset at the end of the dump: {stdout}"
    );
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Regression: a psql replay of a PostgreSQL dump checked every foreign key row by row.
/// A superuser replays with foreign keys and triggers off; a role that only owns the
/// tables replays the same rows, told in a NOTICE that it is slower.
#[test]
fn a_postgres_dump_replays_as_a_superuser_and_as_a_table_owner_with_the_same_rows() {
    let set = common::migration_dir(&[(
        "1.0.0/postgres/schemaChanges.sql",
        "CREATE TABLE parent (id INT PRIMARY KEY, name TEXT NOT NULL);\n\
         CREATE TABLE child (id SERIAL PRIMARY KEY, parent_id INT NOT NULL REFERENCES parent (id), note TEXT);\n\
         CREATE TABLE child_audit (id SERIAL PRIMARY KEY, child_id INT NOT NULL, note TEXT);\n\
         CREATE FUNCTION audit_child() RETURNS trigger LANGUAGE plpgsql AS $$\n\
         BEGIN INSERT INTO child_audit (child_id, note) VALUES (NEW.id, NEW.note); RETURN NEW; END $$;\n\
         CREATE TRIGGER child_audit AFTER INSERT ON child FOR EACH ROW EXECUTE FUNCTION audit_child();\n",
    )]);
    let m = Some(set.path());
    let Some(src) = TestDb::new(Kind::Postgres) else {
        return;
    };
    let role = OwnerRole::create();
    let superuser = TestDb::new(Kind::Postgres).unwrap();
    let owner = TestDb::new(Kind::Postgres).unwrap();
    src.run(m, &["migrate"]).expect(0);
    src.sql(
        "INSERT INTO parent SELECT g, 'p' || g FROM generate_series(1, 50) g; \
         INSERT INTO child (parent_id, note) SELECT 1 + g % 50, 'n' || g FROM generate_series(1, 200) g",
    );
    let rows = "SELECT 'parent', count(*), sum(id) FROM parent UNION ALL \
                SELECT 'child', count(*), sum(id + parent_id) FROM child UNION ALL \
                SELECT 'audit', count(*), sum(child_id) FROM child_audit ORDER BY 1";
    let want = src.sql(rows);
    assert!(want.contains("audit\t200\t"), "{want}");
    let dump = src.dir.path().join("fk.sql");
    src.run(m, &["backup", "-o", dump.to_str().unwrap()])
        .expect(0);
    src.run(m, &["verify", dump.to_str().unwrap()]).expect(0);

    // Shaped at the same version; the owner's database and tables belong to the role.
    superuser.run(m, &["migrate"]).expect(0);
    owner.sql(&format!(
        "ALTER DATABASE {} OWNER TO {}",
        owner.name, role.0
    ));
    let mut shape = owner.cmd();
    shape
        .env(
            "DBSHAPE_URL",
            format!("postgres://{}@127.0.0.1:5432/{}", role.0, owner.name),
        )
        .args(["--migrations", set.path().to_str().unwrap(), "migrate"]);
    common::Run::from(shape.output().unwrap()).expect(0);
    assert_eq!(
        owner.sql("SELECT tableowner FROM pg_tables WHERE tablename = 'child'"),
        role.0
    );

    let (ok, stderr) = replay_as(&superuser, "postgres", &dump);
    assert!(ok, "superuser replay: {stderr}");
    assert!(!stderr.contains("dbshape:"), "superuser replay: {stderr}");
    let (ok, stderr) = replay_as(&owner, &role.0, &dump);
    assert!(ok, "owner replay: {stderr}");
    assert!(
        stderr.contains("NOTICE:  dbshape: role") && stderr.contains("slower"),
        "owner replay: {stderr}"
    );

    for db in [&superuser, &owner] {
        // The same rows; the audit trigger did not add a second copy of each child.
        assert_eq!(db.sql(rows), want, "{}", db.name);
        // Triggers are back and fire again; the counters continue.
        db.sql("INSERT INTO child (parent_id, note) VALUES (1, 'new')");
        assert_eq!(
            db.sql("SELECT child_id FROM child_audit WHERE note = 'new'"),
            "201",
            "{}",
            db.name
        );
    }
}
