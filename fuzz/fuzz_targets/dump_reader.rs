//! Dump reader (as `verify` and `restore` use it): never panics, refuses every damaged
//! dump with an integrity error (exit 5), and accepts nothing but the real dumps.
//!
//! Input: a dump file as it lies on disk (zstd, gzip or plain; detected by magic bytes,
//! as `verify` does). The corpus is seeded with the format-1 fixtures and fresh dumps of
//! every engine (fuzz/seeds/dump_reader/), which are also compiled in here: an input the
//! reader accepts must hold exactly the content of one of them before its trailer, and a
//! trailer that says the same thing (JSON spacing may differ, nothing else).
//!
//! Decompressed input is capped at 16 MiB so that a small compressed input cannot make a
//! run slow; past the cap the reader sees a truncated dump, which it must refuse too.
#![no_main]

use std::io::{BufRead, BufReader, Read};
use std::sync::OnceLock;

use dbshape::dump::codec::decoder;
use dbshape::dump::reader::{read, CheckOnly, DumpSummary};
use dbshape::error::Error;
use libfuzzer_sys::fuzz_target;
use sha2::{Digest, Sha256};

const CAP: u64 = 16 << 20;

const SEEDS: &[&[u8]] = &[
    include_bytes!("../seeds/dump_reader/postgres.sql"),
    include_bytes!("../seeds/dump_reader/mysql.sql.gz"),
    include_bytes!("../seeds/dump_reader/sqlite.sql.zst"),
    include_bytes!("../seeds/dump_reader/pg-fresh.sql"),
    include_bytes!("../seeds/dump_reader/my-fresh.sql"),
    include_bytes!("../seeds/dump_reader/sqlite-catalog.sql"),
    include_bytes!("../seeds/dump_reader/sqlite-demo-1.0.0.sql.zst"),
    include_bytes!("../seeds/dump_reader/sqlite-catalog.sql.gz"),
    include_bytes!("../seeds/dump_reader/mysql-fixture.sql"),
    include_bytes!("../seeds/dump_reader/sqlite-fixture.sql"),
];

/// What an accepted dump must match: SHA-256 of the content before the trailer, and the
/// header and trailer as JSON values.
struct Known {
    sha: Vec<u8>,
    header: serde_json::Value,
    trailer: serde_json::Value,
}

fn decoded(data: &[u8]) -> Box<dyn BufRead + Send + '_> {
    let (_, input) = decoder(data).expect("in-memory input cannot fail to open");
    Box::new(BufReader::new(input.take(CAP)))
}

fn check(data: &[u8]) -> Result<DumpSummary, Error> {
    let (compression, _) = decoder(data).expect("in-memory input cannot fail to open");
    read(decoded(data), compression, &mut CheckOnly)
}

/// The content before the trailer line, or `None` without a trailer line.
fn before_trailer(content: &[u8]) -> Option<&[u8]> {
    let body = content.strip_suffix(b"\n")?;
    let start = body.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    body[start..]
        .starts_with(b"-- dbshape:trailer ")
        .then_some(&content[..start])
}

fn content_of(data: &[u8]) -> Vec<u8> {
    let mut content = Vec::new();
    // A read error ends the content; the reader refuses such input anyway.
    let _ = decoded(data).read_to_end(&mut content);
    content
}

fn summary_json(summary: &DumpSummary) -> (serde_json::Value, serde_json::Value) {
    (
        serde_json::to_value(&summary.header).expect("header serializes"),
        serde_json::to_value(&summary.trailer).expect("trailer serializes"),
    )
}

fn known() -> &'static [Known] {
    static KNOWN: OnceLock<Vec<Known>> = OnceLock::new();
    KNOWN.get_or_init(|| {
        SEEDS
            .iter()
            .map(|seed| {
                let summary = check(seed).expect("every seed dump verifies");
                let content = content_of(seed);
                let pre = before_trailer(&content).expect("seed has a trailer");
                let (header, trailer) = summary_json(&summary);
                Known {
                    sha: Sha256::digest(pre).to_vec(),
                    header,
                    trailer,
                }
            })
            .collect()
    })
}

fuzz_target!(|data: &[u8]| {
    let known = known();
    match check(data) {
        Err(Error::Integrity(_)) => {}
        Err(other) => panic!("a damaged dump must be an integrity error, got: {other:?}"),
        Ok(summary) => {
            let content = content_of(data);
            assert_eq!(summary.bytes, content.len() as u64);
            let pre = before_trailer(&content).expect("an accepted dump ends with its trailer");
            let sha = Sha256::digest(pre).to_vec();
            let (header, trailer) = summary_json(&summary);
            let same = known
                .iter()
                .any(|k| k.sha == sha && k.header == header && k.trailer == trailer);
            assert!(
                same,
                "the reader accepted a dump that is none of the real ones ({} bytes)",
                content.len()
            );
        }
    }
});
