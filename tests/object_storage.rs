//! Dumps on object storage (`s3://BUCKET/KEY`) against a real S3 server: each test
//! starts its own `moto_server` on a free port (killed when the test ends) and runs the
//! real binary with the standard AWS environment pointing at it.
//!
//! Covered: backup, verify and restore through S3 on every engine; an upload killed
//! mid-way and one that fails (the schema changed during the dump) leave no object; an
//! existing key is kept without `--force`; a missing key or bucket and missing
//! credentials are clear errors with their exit codes; an encrypted dump round-trips;
//! the secret key never appears in any output.
//!
//! When `moto_server` cannot be started a test fails if `CI` is set (see .ci/run), and
//! otherwise prints why and returns early.

mod common;

use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use common::bundled::{fill, fingerprint};
use common::moto::{assert_no_secret, url, Moto, BUCKET, SECRET};
use common::{keygen, Kind, Run, TestDb, ALL};

/// Rows enough for a dump of many 5 MiB parts (about 80 MB uncompressed).
fn fill_big(db: &TestDb) {
    let sql = match db.kind {
        Kind::Postgres => "INSERT INTO change_event (event_type, entity_type, entity_id, event_time, json) SELECT 'e', 't', g::text, g, ('{\"pad\": \"' || repeat('x', 200) || '\"}')::jsonb FROM generate_series(1, 300000) g",
        Kind::Mysql => "INSERT INTO change_event (event_type, entity_type, entity_id, event_time, json) SELECT 'e', 't', seq, seq, CONCAT('{\"pad\": \"', REPEAT('x', 200), '\"}') FROM seq_1_to_300000",
        Kind::Sqlite => "WITH RECURSIVE g(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM g WHERE x < 300000) INSERT INTO change_event (event_type, entity_type, entity_id, event_time, json) SELECT 'e', 't', x, x, '{\"pad\": \"' || printf('%.200c', 'x') || '\"}' FROM g",
    };
    db.sql(sql);
}

/// Backup to S3, verify from S3, restore from S3 into a fresh database: the same rows,
/// on every engine; `restore --clean` reads the object twice (verify, then load).
#[test]
fn backup_verify_restore_through_s3_on_every_engine() {
    let Some(moto) = Moto::start() else {
        return;
    };
    for kind in ALL {
        let Some(src) = TestDb::new(kind) else {
            continue;
        };
        src.run(None, &["migrate"]).expect(0);
        fill(&src);
        let key = format!("{}/full.sql.zst", kind.dialect());
        let b = moto.run(&src, &["--output", "json", "backup", "-o", &url(&key)]);
        b.expect(0);
        assert_eq!(b.json()["path"], url(&key), "{kind:?}");
        assert!(moto.keys().contains(&key), "{kind:?}: {:?}", moto.keys());
        assert!(moto.uploads().is_empty(), "{kind:?}: {:?}", moto.uploads());

        let v = moto.run(&src, &["--output", "json", "verify", &url(&key)]);
        v.expect(0);
        assert_eq!(v.json()["valid"], true);
        assert_eq!(v.json()["header"]["schema_version"], "1.3.1");

        let dst = TestDb::new(kind).unwrap();
        let r = moto.run(
            &dst,
            &["--output", "json", "restore", &url(&key), "--shape"],
        );
        r.expect(0);
        assert_eq!(r.json()["dump"], url(&key));
        assert_eq!(fingerprint(&dst), fingerprint(&src), "{kind:?}");
        moto.run(&dst, &["validate"]).expect(0);

        // Into a database that holds rows: --clean drops everything, then restores.
        moto.run(&dst, &["--yes", "restore", &url(&key), "--clean"])
            .expect(0);
        assert_eq!(fingerprint(&dst), fingerprint(&src), "{kind:?} (--clean)");
    }
}

/// An existing object is never replaced without --force, and the error says so.
#[test]
fn an_existing_key_is_kept_without_force() {
    let Some(moto) = Moto::start() else {
        return;
    };
    let db = TestDb::new(Kind::Sqlite).unwrap();
    db.run(None, &["migrate"]).expect(0);
    moto.run(&db, &["backup", "-o", &url("taken.sql")])
        .expect(0);
    let before = moto.etag("taken.sql");
    fill(&db);
    let r = moto.run(&db, &["backup", "-o", &url("taken.sql")]);
    r.expect(2);
    assert!(
        r.stderr.contains(&url("taken.sql")) && r.stderr.contains("--force"),
        "{}",
        r.stderr
    );
    assert_eq!(moto.etag("taken.sql"), before, "the object was replaced");
    assert!(moto.uploads().is_empty(), "{:?}", moto.uploads());
    moto.run(&db, &["backup", "-o", &url("taken.sql"), "--force"])
        .expect(0);
    assert_ne!(moto.etag("taken.sql"), before);
    // convert keeps the same rule.
    let r = moto.run(
        &db,
        &["convert", &url("taken.sql"), "-o", &url("taken.sql.gz")],
    );
    r.expect(0);
    let r = moto.run(
        &db,
        &["convert", &url("taken.sql"), "-o", &url("taken.sql.gz")],
    );
    r.expect(2);
    assert!(r.stderr.contains("--force"), "{}", r.stderr);
    moto.run(&db, &["verify", &url("taken.sql.gz")]).expect(0);
}

/// A missing key, a missing bucket and missing credentials: clear errors naming the
/// URL, the right exit codes, and the database untouched.
#[test]
fn missing_objects_buckets_and_credentials_are_clear_errors() {
    let Some(moto) = Moto::start() else {
        return;
    };
    let db = TestDb::new(Kind::Sqlite).unwrap();
    db.run(None, &["migrate"]).expect(0);
    let missing = url("no/such/dump.sql.zst");
    let r = moto.run(&db, &["verify", &missing]);
    r.expect(1);
    assert!(
        r.stderr.contains(&missing) && r.stderr.contains("no object at this key"),
        "{}",
        r.stderr
    );
    let dst = TestDb::new(Kind::Sqlite).unwrap();
    let r = moto.run(&dst, &["restore", &missing, "--shape"]);
    r.expect(1);
    assert!(r.stderr.contains(&missing), "{}", r.stderr);
    assert!(
        dst.tables().is_empty(),
        "restore touched the database: {:?}",
        dst.tables()
    );

    let r = moto.run(&db, &["verify", "s3://no-such-bucket/d.sql"]);
    r.expect(1);
    assert!(r.stderr.contains("bucket `no-such-bucket`"), "{}", r.stderr);
    let r = moto.run(&db, &["backup", "-o", "s3://no-such-bucket/d.sql"]);
    r.expect(1);
    assert!(r.stderr.contains("bucket `no-such-bucket`"), "{}", r.stderr);

    for (unset, named) in [
        ("AWS_ACCESS_KEY_ID", "AWS_ACCESS_KEY_ID"),
        ("AWS_SECRET_ACCESS_KEY", "AWS_SECRET_ACCESS_KEY"),
    ] {
        let mut c = moto.cmd(&db);
        c.env_remove(unset)
            .args(["backup", "-o", &url("creds.sql")]);
        let r = Run::from(c.output().unwrap());
        assert_no_secret(&r);
        r.expect(2);
        assert!(
            r.stderr.contains("no S3 credentials") && r.stderr.contains(named),
            "{}",
            r.stderr
        );
    }
    let r = moto.run(&db, &["verify", "s3://bucket-only"]);
    r.expect(2);
    let r = moto.run(&db, &["upgrade", "--backup-dir", "s3://dumps/daily"]);
    r.expect(2);
    assert!(r.stderr.contains("local directory"), "{}", r.stderr);
    assert!(moto.keys().is_empty(), "{:?}", moto.keys());
}

/// `kill -9` in the middle of a multipart upload: no object at the key, and the next
/// backup to the same key (without --force) succeeds.
#[test]
fn a_killed_upload_leaves_no_object() {
    let Some(moto) = Moto::start() else {
        return;
    };
    let db = TestDb::new(Kind::Sqlite).unwrap();
    db.run(None, &["migrate"]).expect(0);
    fill_big(&db);
    let key = "killed.sql";
    let mut child = moto
        .cmd(&db)
        .env("DBSHAPE_S3_PART_SIZE_MIB", "5")
        .args(["backup", "-o", &url(key)])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    wait_for_parts(&moto, &mut child, key);
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        !moto.keys().iter().any(|k| k == key),
        "a killed upload left an object: {:?}",
        moto.keys()
    );
    let r = moto.run(&db, &["backup", "-o", &url(key)]);
    r.expect(0);
    moto.run(&db, &["verify", &url(key)]).expect(0);
}

/// A backup that fails after parts went up (a migration changed the schema during the
/// dump) aborts its upload: no object, no upload left under way.
#[test]
fn a_failed_upload_is_aborted() {
    let Some(moto) = Moto::start() else {
        return;
    };
    let Some(db) = TestDb::new(Kind::Postgres) else {
        return;
    };
    db.run(None, &["migrate"]).expect(0);
    fill_big(&db);
    let key = "changed.sql";
    let mut child = moto
        .cmd(&db)
        .env("DBSHAPE_S3_PART_SIZE_MIB", "5")
        .args(["backup", "-o", &url(key)])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_for_parts(&moto, &mut child, key);
    db.sql("UPDATE dbshape_change_log SET checksum = 'changed-mid-dump' WHERE version = '1.3.1'");
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{stderr}");
    assert!(stderr.contains("schema changed"), "{stderr}");
    assert!(!stderr.contains(SECRET));
    assert!(!moto.keys().iter().any(|k| k == key), "{:?}", moto.keys());
    assert!(
        moto.uploads().is_empty(),
        "the upload was not aborted: {:?}",
        moto.uploads()
    );
}

/// Waits until at least one part of `key` is uploaded (the backup is mid-way).
fn wait_for_parts(moto: &Moto, child: &mut Child, key: &str) {
    let deadline = Instant::now() + Duration::from_secs(120);
    while moto.parts_uploaded(key) == 0 {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the backup ended ({status}) before a part of it was seen uploaded");
        }
        assert!(Instant::now() < deadline, "no part uploaded in 120 s");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// An encrypted dump goes up and comes back through S3; without the key it is refused.
#[test]
fn an_encrypted_dump_round_trips_through_s3() {
    let Some(moto) = Moto::start() else {
        return;
    };
    let src = TestDb::new(Kind::Sqlite).unwrap();
    src.run(None, &["migrate"]).expect(0);
    fill(&src);
    let dir = src.dir.path();
    let (identity, recipient) = keygen(dir, "key.txt");
    let id = identity.to_str().unwrap();
    let key = url("sealed.sql.zst");
    let b = moto.run(
        &src,
        &[
            "--output",
            "json",
            "backup",
            "-o",
            &key,
            "--encrypt-to",
            &recipient,
        ],
    );
    b.expect(0);
    assert_eq!(b.json()["encryption"], "age-x25519");
    let (_, body) = moto.http("GET", &format!("/{BUCKET}/sealed.sql.zst"));
    assert!(
        body.contains("age-encryption.org/v1") && !body.contains("dbshape"),
        "the object is not an age file"
    );
    let r = moto.run(&src, &["verify", &key]);
    r.expect(2);
    assert!(r.stderr.contains("--identity"), "{}", r.stderr);
    moto.run(&src, &["--identity", id, "verify", &key])
        .expect(0);
    let dst = TestDb::new(Kind::Sqlite).unwrap();
    moto.run(&dst, &["--identity", id, "restore", &key, "--shape"])
        .expect(0);
    assert_eq!(fingerprint(&dst), fingerprint(&src));
}
