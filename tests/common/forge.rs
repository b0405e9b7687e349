//! What a forger who can edit a dump file does: edit a plain dump and recompute its
//! file digest (the digests detect damage, not forgery), and what a person who replays
//! a dump by hand does: feed it to the engine's own client.

use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

use sha2::{Digest, Sha256};

use super::{Kind, TestDb};

/// A plain dump of `db` at the bundled schema (which has triggers on MySQL and SQLite).
pub fn plain_dump(db: &TestDb) -> PathBuf {
    db.run(None, &["migrate"]).expect(0);
    let dump = db.dir.path().join("plain.sql");
    db.run(None, &["backup", "-o", dump.to_str().unwrap()])
        .expect(0);
    dump
}

/// Recomputes the file digest in the trailer of a plain dump after an edit.
pub fn reseal(bytes: &[u8]) -> Vec<u8> {
    let body_end = bytes[..bytes.len() - 1]
        .iter()
        .rposition(|&b| b == b'\n')
        .unwrap()
        + 1;
    let (body, trailer) = bytes.split_at(body_end);
    let mut trailer = String::from_utf8(trailer.to_vec()).unwrap();
    let start = trailer.find("\"sha256\":\"").unwrap() + 10;
    trailer.replace_range(start..start + 64, &hex::encode(Sha256::digest(body)));
    [body, trailer.as_bytes()].concat()
}

/// Replays a plain dump into `db` with the engine's own client, as the docs show:
/// `psql` stopping at the first error, `mariadb` (with `force`: going on after errors),
/// `sqlite3`.
pub fn client_replay(db: &TestDb, dump: &Path, force: bool) -> Output {
    let file = std::fs::File::open(dump).unwrap();
    let mut cmd = match (db.kind, force) {
        (Kind::Postgres, false) => db.client(&["-X", "-q", "-v", "ON_ERROR_STOP=1"]),
        (Kind::Postgres, true) => db.client(&["-X", "-q"]),
        (Kind::Mysql, false) => db.client(&[]),
        (Kind::Mysql, true) => db.client(&["--force"]),
        (Kind::Sqlite, _) => db.client(&[]),
    };
    cmd.current_dir(db.dir.path())
        .stdin(file)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .unwrap()
}
