//! Encrypted dumps (age) on every engine: backup to recipients or a passphrase, verify
//! and restore with the key only, tampering refused before any row, key rotation with
//! `convert`, and the fixtures of every format version converted.

mod common;

use std::path::Path;

use common::corrupt::Rng;
use common::{keygen, Kind, Run, TestDb, ALL};

const ROW: &str = "INSERT INTO table_entity (json) VALUES ('{\"id\": \"s\", \"name\": \"secret\", \"fullyQualifiedName\": \"vault.secret\", \"updatedAt\": 1, \"deleted\": false, \"token\": \"TOP-SECRET-TOKEN\"}')";

fn offline(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut c = common::offline(dir);
    c.args(args);
    for (k, v) in env {
        c.env(k, v);
    }
    Run::from(c.output().unwrap())
}

#[test]
fn encrypted_backup_restores_only_with_the_key() {
    for kind in ALL {
        let Some(src) = TestDb::new(kind) else {
            continue;
        };
        src.run(None, &["migrate"]).expect(0);
        src.sql(ROW);
        let dir = src.dir.path();
        let (k1, r1) = keygen(dir, "k1.txt");
        let (_k2, r2) = keygen(dir, "k2.txt");
        let (k3, _) = keygen(dir, "k3.txt");
        let dump = dir.join("e.sql.zst");
        let d = dump.to_str().unwrap();
        let j = src
            .run(
                None,
                &[
                    "--output",
                    "json",
                    "backup",
                    "-o",
                    d,
                    "--encrypt-to",
                    &r1,
                    "--encrypt-to",
                    &r2,
                ],
            )
            .expect(0)
            .json();
        assert_eq!(j["encryption"], "age-x25519");
        let bytes = std::fs::read(&dump).unwrap();
        assert!(bytes.starts_with(b"age-encryption.org/v1\n"));
        // Nothing readable in the file, the version stamp included.
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("TOP-SECRET") && !text.contains("dbshape:header"));
        // No key, or the wrong key: refused with a message that says what to pass.
        let r = offline(dir, &["verify", d], &[]);
        r.expect(2);
        assert!(r.stderr.contains("--identity"), "{}", r.stderr);
        offline(dir, &["--identity", k3.to_str().unwrap(), "verify", d], &[]).expect(2);
        // Either recipient's key reads it.
        let v = offline(
            dir,
            &[
                "--output",
                "json",
                "--identity",
                k1.to_str().unwrap(),
                "verify",
                d,
            ],
            &[],
        );
        v.expect(0);
        assert_eq!(v.json()["header"]["schema_version"], "1.3.1");
        // Restore with the key into an empty database.
        let dst = TestDb::new(kind).unwrap();
        dst.run(None, &["restore", d, "--shape"]).expect(2);
        dst.run(
            None,
            &["--identity", k1.to_str().unwrap(), "restore", d, "--shape"],
        )
        .expect(0);
        assert!(dst
            .sql("SELECT json FROM table_entity")
            .contains("TOP-SECRET-TOKEN"));
    }
}

#[test]
fn passphrase_dumps_and_the_upgrade_backup() {
    let Some(db) = TestDb::new(Kind::Sqlite) else {
        return;
    };
    db.run(None, &["migrate", "--to", "1.0.0"]).expect(0);
    db.sql(ROW);
    let pass = "correct horse battery staple";
    let mut c = db.cmd();
    c.env("DBSHAPE_PASSPHRASE", pass).args([
        "--output",
        "json",
        "upgrade",
        "--passphrase",
        "--rollback-on-failure",
    ]);
    let up = Run::from(c.output().unwrap());
    up.expect(0);
    let j = up.json();
    assert_eq!(j["backup"]["encryption"], "age-scrypt");
    let path = j["backup"]["path"].as_str().unwrap().to_string();
    let dir = db.dir.path();
    offline(dir, &["verify", &path], &[]).expect(2);
    offline(dir, &["verify", &path], &[("DBSHAPE_PASSPHRASE", "wrong")]).expect(2);
    let v = offline(dir, &["verify", &path], &[("DBSHAPE_PASSPHRASE", pass)]);
    v.expect(0);
    // --passphrase without the variable is a usage error that names it.
    let r = db.run(None, &["backup", "-o", "x.sql", "--passphrase"]);
    r.expect(2);
    assert!(r.stderr.contains("DBSHAPE_PASSPHRASE"), "{}", r.stderr);
    // --rollback-on-failure with recipients needs the key to roll back with.
    let (_, r1) = keygen(dir, "k.txt");
    db.run(
        None,
        &["upgrade", "--rollback-on-failure", "--encrypt-to", &r1],
    )
    .expect(2);
}

/// Random damage to an encrypted dump: every one refused, no row loaded.
#[test]
fn tampered_encrypted_dumps_are_refused() {
    for kind in ALL {
        let Some(src) = TestDb::new(kind) else {
            continue;
        };
        src.run(None, &["migrate"]).expect(0);
        src.sql(ROW);
        let dir = src.dir.path();
        let (k1, r1) = keygen(dir, "k1.txt");
        let key = k1.to_str().unwrap().to_string();
        let dump = dir.join("e.sql");
        src.run(
            None,
            &["backup", "-o", dump.to_str().unwrap(), "--encrypt-to", &r1],
        )
        .expect(0);
        let bytes = std::fs::read(&dump).unwrap();
        let mut rng = Rng(0xa9e_0000 + kind as u64);
        let bad = dir.join("bad.sql");
        let dst = TestDb::new(kind).unwrap();
        dst.run(None, &["migrate"]).expect(0);
        for t in 0..60 {
            let mut b = bytes.clone();
            let what = match t % 3 {
                0 => {
                    let at = rng.below(b.len());
                    b[at] ^= 1 << rng.below(8);
                    format!("bit flip at {at}")
                }
                1 => {
                    let at = rng.below(b.len());
                    b.truncate(at);
                    format!("cut at {at}")
                }
                _ => {
                    // Swap two 64 KiB-aligned regions' bytes, or append garbage.
                    b.extend_from_slice(b"\n-- DROP TABLE settings;\n");
                    "appended text".to_string()
                }
            };
            std::fs::write(&bad, &b).unwrap();
            let r = offline(
                dir,
                &["--identity", &key, "verify", bad.to_str().unwrap()],
                &[],
            );
            assert!(
                r.code == 5 || r.code == 2,
                "{kind:?}: {what}: verify exit {}: {}",
                r.code,
                r.stderr
            );
            if t % 10 == 0 {
                let r = dst.run(
                    None,
                    &["--identity", &key, "restore", bad.to_str().unwrap()],
                );
                assert!(
                    r.code == 5 || r.code == 2,
                    "{kind:?}: {what}: restore exit {}",
                    r.code
                );
                assert_eq!(dst.sql("SELECT COUNT(*) FROM table_entity").trim(), "0");
            }
        }
    }
}

/// Key rotation: the original is never touched; the new file is for the new key only.
#[test]
fn convert_rotates_keys_and_recompresses() {
    let Some(db) = TestDb::new(Kind::Sqlite) else {
        return;
    };
    db.run(None, &["migrate"]).expect(0);
    db.sql(ROW);
    let dir = db.dir.path();
    let (old, r_old) = keygen(dir, "old.txt");
    let (new, r_new) = keygen(dir, "new.txt");
    db.run(None, &["backup", "-o", "a.sql.zst", "--encrypt-to", &r_old])
        .expect(0);
    let before = std::fs::read(dir.join("a.sql.zst")).unwrap();
    let o = old.to_str().unwrap();
    let n = new.to_str().unwrap();
    // Without the new key here, the result is written but not read back: said so.
    let j = offline(
        dir,
        &[
            "--output",
            "json",
            "--identity",
            o,
            "convert",
            "a.sql.zst",
            "-o",
            "b.sql.gz",
            "--encrypt-to",
            &r_new,
        ],
        &[],
    );
    j.expect(0);
    assert_eq!(j.json()["verified"], false);
    assert_eq!(std::fs::read(dir.join("a.sql.zst")).unwrap(), before);
    offline(dir, &["--identity", n, "verify", "b.sql.gz"], &[]).expect(0);
    offline(dir, &["--identity", o, "verify", "b.sql.gz"], &[]).expect(2);
    // With both keys it is read back; decrypted and plain works too.
    let j = offline(
        dir,
        &[
            "--output",
            "json",
            "--identity",
            o,
            "--identity",
            n,
            "convert",
            "a.sql.zst",
            "-o",
            "c.sql",
            "--encrypt-to",
            &r_new,
        ],
        &[],
    );
    j.expect(0);
    assert_eq!(j.json()["verified"], true);
    offline(
        dir,
        &["--identity", n, "convert", "b.sql.gz", "-o", "plain.sql"],
        &[],
    )
    .expect(0);
    let plain = std::fs::read_to_string(dir.join("plain.sql")).unwrap();
    assert!(plain.starts_with("-- dbshape dump format 2"));
    // Never over the input, never over an existing file without --force.
    offline(
        dir,
        &[
            "--identity",
            n,
            "convert",
            "b.sql.gz",
            "-o",
            "b.sql.gz",
            "--force",
        ],
        &[],
    )
    .expect(2);
    offline(dir, &["convert", "plain.sql", "-o", "c.sql"], &[]).expect(2);
}

/// A fixture of every format version converts (to zstd, encrypted) and verifies.
#[test]
fn fixtures_of_every_format_version_convert() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let dir = tempfile::tempdir().unwrap();
    let (k, r) = keygen(dir.path(), "k.txt");
    let mut n = 0;
    for version in std::fs::read_dir(&fixtures).unwrap().flatten() {
        if !version.file_name().to_string_lossy().starts_with("format-") {
            continue;
        }
        for f in std::fs::read_dir(version.path()).unwrap().flatten() {
            n += 1;
            let out = dir.path().join(format!("out{n}.sql.zst"));
            offline(
                dir.path(),
                &[
                    "convert",
                    f.path().to_str().unwrap(),
                    "-o",
                    out.to_str().unwrap(),
                    "--encrypt-to",
                    &r,
                ],
                &[],
            )
            .expect(0);
            offline(
                dir.path(),
                &[
                    "--identity",
                    k.to_str().unwrap(),
                    "verify",
                    out.to_str().unwrap(),
                ],
                &[],
            )
            .expect(0);
        }
    }
    assert!(n >= 3, "{n} fixtures");
}
