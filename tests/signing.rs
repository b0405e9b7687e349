//! Signed dumps on real engines: `keygen --sign`, `backup --sign`, `verify` and
//! `restore` with `--trusted-key` and with `restore.require_signature`, a forged dump
//! whose digests were recomputed, and a dump both encrypted and signed; on SQLite,
//! PostgreSQL and MariaDB.

mod common;

use std::path::{Path, PathBuf};

use common::{Kind, Run, TestDb};
use sha2::{Digest, Sha256};

/// `dbshape ARGS` in `dir`, with no database.
fn offline(dir: &Path, args: &[&str]) -> Run {
    Run::from(common::offline(dir).args(args).output().unwrap())
}

/// `dbshape keygen --sign -o DIR/NAME`: (secret key file, public key file, key id).
fn keygen_sign(dir: &Path, name: &str) -> (PathBuf, PathBuf, String) {
    let key = dir.join(name);
    let r = offline(
        dir,
        &[
            "--output",
            "json",
            "keygen",
            "--sign",
            "-o",
            key.to_str().unwrap(),
        ],
    );
    r.expect(0);
    let j = r.json();
    let public = dir.join(format!("{name}.pub"));
    assert_eq!(j["public_key_file"], public.to_str().unwrap());
    (key, public, j["key_id"].as_str().unwrap().to_string())
}

const ROWS: &str = "INSERT INTO table_entity (json) VALUES \
    ('{\"id\": \"a\", \"name\": \"orders 17\", \"fullyQualifiedName\": \"shop.orders\", \"updatedAt\": 1, \"deleted\": false}'), \
    ('{\"id\": \"b\", \"name\": \"users\", \"fullyQualifiedName\": \"shop.users\", \"updatedAt\": 2, \"deleted\": false}')";

/// A migrated source database holding `ROWS`.
fn source(kind: Kind) -> Option<TestDb> {
    let db = TestDb::new(kind)?;
    db.run(None, &["migrate"]).expect(0);
    db.sql(ROWS);
    Some(db)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The `signature` object of a JSON report.
fn signature(r: &Run) -> (String, serde_json::Value) {
    let j = r.json();
    (
        j["signature"]["state"].as_str().unwrap().to_string(),
        j["signature"]["key_id"].clone(),
    )
}

#[test]
fn keygen_sign_writes_a_private_secret_key_and_a_public_key() {
    let dir = tempfile::tempdir().unwrap();
    let (key, public, id) = keygen_sign(dir.path(), "signer");
    let secret = std::fs::read_to_string(&key).unwrap();
    let pubtext = std::fs::read_to_string(&public).unwrap();
    assert!(
        secret
            .lines()
            .any(|l| l.starts_with("dbshape-ed25519-secret:") && l.len() == 23 + 64),
        "{secret}"
    );
    let pub_line = pubtext.lines().find(|l| !l.starts_with('#')).unwrap();
    assert!(
        pub_line.starts_with("dbshape-ed25519:") && pub_line.len() == 16 + 64,
        "{pubtext}"
    );
    // The secret key file names its public key; the public file holds no secret.
    assert!(secret.contains(pub_line) && !pubtext.contains("secret:"));
    assert!(pubtext.contains(&id) && id.len() == 16);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "secret key mode {mode:o}");
    }
    // Never overwrites either file.
    let again = offline(dir.path(), &["keygen", "--sign", "-o", s(&key)]);
    again.expect(2);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    assert_eq!(std::fs::read_to_string(&key).unwrap(), secret);
    // A public key is not a signing key, and the reverse.
    let dump = dir.path().join("x.sql");
    let r = offline(dir.path(), &["verify", "--trusted-key", s(&key), s(&dump)]);
    r.expect(2);
    assert!(
        r.stderr.contains("not a dbshape public key"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_signed_backup_verifies_with_its_key_only() {
    for kind in [Kind::Sqlite, Kind::Postgres, Kind::Mysql] {
        let Some(db) = source(kind) else {
            continue;
        };
        let dir = db.dir.path();
        let (key, public, id) = keygen_sign(dir, "signer");
        let (_, other, _) = keygen_sign(dir, "other");
        let signed = dir.join("signed.sql.zst");
        let b = db.run(
            None,
            &[
                "--output",
                "json",
                "backup",
                "--sign",
                s(&key),
                "-o",
                s(&signed),
            ],
        );
        b.expect(0);
        assert_eq!(signature(&b), ("valid".into(), id.clone().into()));
        let unsigned = dir.join("unsigned.sql");
        let b = db.run(None, &["--output", "json", "backup", "-o", s(&unsigned)]);
        b.expect(0);
        assert_eq!(signature(&b), ("none".into(), serde_json::Value::Null));

        let verify = |dump: &Path, key: Option<&Path>| {
            let mut args = vec!["--output", "json", "verify", s(dump)];
            if let Some(k) = key {
                args.extend(["--trusted-key", s(k)]);
            }
            offline(dir, &args)
        };
        // The right key: valid. Without a key: intact, signature unchecked.
        let r = verify(&signed, Some(&public));
        r.expect(0);
        assert_eq!(signature(&r), ("valid".into(), id.clone().into()));
        let r = verify(&signed, None);
        r.expect(0);
        assert_eq!(signature(&r), ("unchecked".into(), id.clone().into()));
        // Another key: exit 5, naming the key that signed.
        let r = verify(&signed, Some(&other));
        r.expect(5);
        assert_eq!(signature(&r), ("invalid".into(), id.clone().into()));
        assert!(r.stderr.contains(&id) && r.stderr.contains("not a trusted key"));
        // Unsigned with a trusted key: exit 5; without one it is an ordinary dump.
        let r = verify(&unsigned, Some(&public));
        r.expect(5);
        assert_eq!(signature(&r), ("none".into(), serde_json::Value::Null));
        assert!(r.stderr.contains("not signed"), "{}", r.stderr);
        let r = verify(&unsigned, None);
        r.expect(0);
        assert_eq!(signature(&r).0, "none");
        // Text output says the same.
        let t = offline(dir, &["verify", s(&signed), "--trusted-key", s(&public)]);
        t.expect(0);
        assert!(
            t.stdout
                .contains(&format!("signature: valid, by trusted key {id}")),
            "{}",
            t.stdout
        );
    }
}

/// Changes the row holding `orders 17` in a plain dump, then recomputes that table's
/// digest and the file digest, as whoever can edit a dump can: what an attacker cannot
/// recompute is the signature.
fn forge(bytes: &[u8], kind: Kind) -> Vec<u8> {
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let at = lines.iter().position(|l| l.contains("orders 17")).unwrap();
    let table_line = lines[..at]
        .iter()
        .rev()
        .find(|l| l.starts_with("-- dbshape:table "))
        .unwrap();
    let table: serde_json::Value =
        serde_json::from_str(table_line.trim_start_matches("-- dbshape:table ")).unwrap();
    // The digest covers a row without its tuple framing on MySQL and SQLite.
    let inner = |l: &str| -> String {
        match kind {
            Kind::Postgres => l.to_string(),
            _ => l[1..l.len() - 2].to_string(),
        }
    };
    let old = inner(&lines[at]);
    lines[at] = lines[at].replace("orders 17", "orders 71");
    let new = inner(&lines[at]);
    let trailer_at = lines.len() - 1;
    let mut trailer: serde_json::Value =
        serde_json::from_str(lines[trailer_at].trim_start_matches("-- dbshape:trailer ")).unwrap();
    for t in trailer["tables"].as_array_mut().unwrap() {
        if t["name"] == table["name"] {
            let sum = u128::from_str_radix(t["digest"].as_str().unwrap(), 16).unwrap();
            let sum = sum
                .wrapping_sub(xxhash_rust::xxh3::xxh3_128(old.as_bytes()))
                .wrapping_add(xxhash_rust::xxh3::xxh3_128(new.as_bytes()));
            t["digest"] = format!("{sum:032x}").into();
        }
    }
    let mut body = lines[..trailer_at].join("\n");
    body.push('\n');
    trailer["sha256"] = hex::encode(Sha256::digest(body.as_bytes())).into();
    format!("{body}-- dbshape:trailer {trailer}\n").into_bytes()
}

#[test]
fn a_row_changed_with_its_digests_recomputed_fails_the_signature() {
    for kind in [Kind::Sqlite, Kind::Postgres, Kind::Mysql] {
        let Some(db) = source(kind) else {
            continue;
        };
        let dir = db.dir.path();
        let (key, public, _) = keygen_sign(dir, "signer");
        let dump = dir.join("signed.sql");
        db.run(None, &["backup", "--sign", s(&key), "-o", s(&dump)])
            .expect(0);
        let forged = dir.join("forged.sql");
        std::fs::write(&forged, forge(&std::fs::read(&dump).unwrap(), kind)).unwrap();
        // The digests alone accept the forgery: that is what the signature is for.
        offline(dir, &["verify", s(&forged)]).expect(0);
        let r = offline(
            dir,
            &[
                "--output",
                "json",
                "verify",
                s(&forged),
                "--trusted-key",
                s(&public),
            ],
        );
        r.expect(5);
        assert_eq!(signature(&r).0, "invalid");
        assert!(
            r.stderr.contains("does not match its content"),
            "{}",
            r.stderr
        );
        // And a restore with the key refuses it before loading anything.
        let dst = TestDb::new(kind).unwrap();
        let r = dst.run(
            None,
            &[
                "restore",
                "--shape",
                s(&forged),
                "--trusted-key",
                s(&public),
            ],
        );
        r.expect(5);
        assert!(dst.tables().is_empty(), "{:?}", dst.tables());
    }
}

#[test]
fn require_signature_refuses_unsigned_and_wrongly_signed_dumps_before_touching_the_database() {
    for kind in [Kind::Sqlite, Kind::Postgres, Kind::Mysql] {
        let Some(db) = source(kind) else {
            continue;
        };
        let dir = db.dir.path();
        let (key, public, id) = keygen_sign(dir, "signer");
        let (other_key, _, other_id) = keygen_sign(dir, "other");
        let signed = dir.join("signed.sql.zst");
        let wrong = dir.join("wrong.sql.zst");
        let unsigned = dir.join("unsigned.sql.zst");
        db.run(None, &["backup", "--sign", s(&key), "-o", s(&signed)])
            .expect(0);
        db.run(None, &["backup", "--sign", s(&other_key), "-o", s(&wrong)])
            .expect(0);
        db.run(None, &["backup", "-o", s(&unsigned)]).expect(0);
        let config = dir.join("dbshape.yaml");
        std::fs::write(
            &config,
            format!(
                "restore:\n  require_signature: true\n  trusted_keys:\n    - {}\n",
                public.display()
            ),
        )
        .unwrap();

        // `verify` applies the config's rule as `restore` does.
        let verify = |dump: &Path| db.run(None, &["--config", s(&config), "verify", s(dump)]);
        verify(&unsigned).expect(5);
        verify(&wrong).expect(5);
        verify(&signed).expect(0);

        let dst = TestDb::new(kind).unwrap();
        let restore = |dump: &Path| {
            dst.run(
                None,
                &["--config", s(&config), "restore", "--shape", s(dump)],
            )
        };
        let r = restore(&unsigned);
        r.expect(5);
        assert!(r.stderr.contains("not signed"), "{}", r.stderr);
        // Nothing was touched: no mark, no shaping, no dbshape tables.
        assert!(dst.tables().is_empty(), "{:?}", dst.tables());
        let r = restore(&wrong);
        r.expect(5);
        assert!(r.stderr.contains(&other_id), "{}", r.stderr);
        assert!(dst.tables().is_empty(), "{:?}", dst.tables());
        // The rightly signed dump restores, and the report says by which key.
        let r = dst.run(
            None,
            &[
                "--config",
                s(&config),
                "--output",
                "json",
                "restore",
                "--shape",
                s(&signed),
            ],
        );
        r.expect(0);
        assert_eq!(signature(&r), ("valid".into(), id.clone().into()));
        assert!(dst
            .sql("SELECT name FROM table_entity ORDER BY 1")
            .contains("orders 17"));

        // Without the config: `--trusted-key` demands a signature too, also where the
        // load alone would check the dump (no --shape on PostgreSQL and SQLite).
        let plain = TestDb::new(kind).unwrap();
        plain.migrate_and_empty();
        let log = plain.change_log();
        let r = plain.run(
            None,
            &["restore", s(&unsigned), "--trusted-key", s(&public)],
        );
        r.expect(5);
        assert_eq!(plain.sql("SELECT count(*) FROM table_entity"), "0");
        assert_eq!(plain.change_log(), log);
    }
}

/// `upgrade --sign` signs its pre-upgrade dump as `backup --sign` does.
#[test]
fn upgrade_signs_its_pre_upgrade_dump() {
    for kind in [Kind::Sqlite, Kind::Postgres, Kind::Mysql] {
        let Some(db) = TestDb::new(kind) else {
            continue;
        };
        db.run(None, &["migrate", "--to", "1.0.0"]).expect(0);
        let dir = db.dir.path();
        let (key, public, id) = keygen_sign(dir, "signer");
        let backups = dir.join("backups");
        let r = db.run(
            None,
            &[
                "--output",
                "json",
                "upgrade",
                "--backup-dir",
                s(&backups),
                "--sign",
                s(&key),
            ],
        );
        r.expect(0);
        let dump = r.json()["backup"]["path"].as_str().unwrap().to_string();
        let v = db.run(
            None,
            &[
                "--output",
                "json",
                "verify",
                &dump,
                "--trusted-key",
                s(&public),
            ],
        );
        v.expect(0);
        assert_eq!(signature(&v), ("valid".into(), id.into()), "{kind:?}");
        // A key file that cannot be read stops the upgrade before anything runs.
        let fresh = TestDb::new(kind).unwrap();
        fresh.run(None, &["migrate", "--to", "1.0.0"]).expect(0);
        let log = fresh.change_log();
        let r = fresh.run(None, &["upgrade", "--sign", "missing.key"]);
        assert_ne!(r.code, 0, "{kind:?}");
        assert_eq!(fresh.change_log(), log, "{kind:?}");
    }
}

#[test]
fn require_signature_without_trusted_keys_is_a_config_error() {
    let Some(db) = TestDb::new(Kind::Sqlite) else {
        return;
    };
    let config = db.dir.path().join("dbshape.yaml");
    std::fs::write(&config, "restore:\n  require_signature: true\n").unwrap();
    let r = db.run(None, &["--config", s(&config), "restore", "x.sql"]);
    r.expect(2);
    assert!(r.stderr.contains("restore.trusted_keys"), "{}", r.stderr);
}

#[test]
fn an_encrypted_and_signed_dump_verifies_with_the_identity_and_the_trusted_key() {
    let Some(db) = source(Kind::Sqlite) else {
        return;
    };
    let dir = db.dir.path();
    let (key, public, id) = keygen_sign(dir, "signer");
    let identity = dir.join("age.key");
    let r = offline(dir, &["keygen", "-o", s(&identity)]);
    r.expect(0);
    let recipient = r.stdout.trim().to_string();
    let dump = dir.join("sealed.sql.zst");
    db.run(
        None,
        &[
            "backup",
            "--encrypt-to",
            &recipient,
            "--sign",
            s(&key),
            "-o",
            s(&dump),
        ],
    )
    .expect(0);
    assert!(std::fs::read(&dump)
        .unwrap()
        .starts_with(b"age-encryption.org/v1\n"));
    let r = offline(
        dir,
        &[
            "--output",
            "json",
            "--identity",
            s(&identity),
            "verify",
            s(&dump),
            "--trusted-key",
            s(&public),
        ],
    );
    r.expect(0);
    assert_eq!(signature(&r), ("valid".into(), id.clone().into()));
    // The signature is of the plaintext: decrypted by `convert`, it still checks.
    let plain = dir.join("plain.sql");
    offline(
        dir,
        &[
            "--identity",
            s(&identity),
            "convert",
            s(&dump),
            "-o",
            s(&plain),
        ],
    )
    .expect(0);
    offline(dir, &["verify", s(&plain), "--trusted-key", s(&public)]).expect(0);
    // And a restore with both keys loads it.
    let dst = TestDb::new(Kind::Sqlite).unwrap();
    dst.run(
        None,
        &[
            "--identity",
            s(&identity),
            "restore",
            "--shape",
            s(&dump),
            "--trusted-key",
            s(&public),
        ],
    )
    .expect(0);
    assert!(dst
        .sql("SELECT name FROM table_entity ORDER BY 1")
        .contains("orders 17"));
}
