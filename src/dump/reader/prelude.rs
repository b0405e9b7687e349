//! The first two lines of a dump: the magic line (`-- dbshape dump format N`) and the
//! one-line JSON header, each checked.
//!
//! One function reads them for both [`read`](super::read) and
//! [`read_header`](super::read_header), so that what a command learns about a dump before
//! it touches a database (its engine, its version) is accepted by exactly the rules the
//! full check applies, with the same messages for a file that is not a dump.

use sha2::{Digest, Sha256};

use super::bad;
use super::framing::Lines;
use crate::dump::format::{
    Header, HEADER_PREFIX, MAGIC_PREFIX, MAX_LINE, MAX_MAGIC_LINE, READABLE_VERSIONS,
};
use crate::dump::templates;
use crate::error::{Error, Result};

/// What to do with a file that is not a dbshape dump (one of another tool, most often).
const NOT_A_DUMP_HINT: &str =
    "dbshape verifies and restores only files written by `dbshape backup`; \
     load a dump of pg_dump, mysqldump or sqlite3 .dump with that engine's own client";

/// The magic line and the header, checked.
pub(super) struct Prelude {
    pub(super) header: Header,
    /// SHA-256 (hex) of the header line without its line end (see `DumpSummary`).
    pub(super) header_sha256: String,
}

/// Reads and checks the magic line and the header, taking both into the file digest.
pub(super) fn read(lines: &mut Lines) -> Result<Prelude> {
    // Magic line. A first line longer than any magic line is another file's.
    let first_cap = MAX_MAGIC_LINE;
    let first_read = lines.next(first_cap).map_err(|e| match e {
        Error::Integrity(m) if m.starts_with("dump line 1 is longer") => Error::Integrity(format!(
            "not a dbshape dump: the first line is longer than {first_cap} bytes, not `-- dbshape dump format N`\n{NOT_A_DUMP_HINT}"
        )),
        e => e,
    })?;
    if !first_read {
        return Err(Error::Integrity(
            "the dump is empty\nit holds no bytes (after decompression), so it was never written completely; verify another backup or take a new one".into(),
        ));
    }
    let first = String::from_utf8_lossy(lines.body()).into_owned();
    let version: u32 = first
        .strip_prefix(MAGIC_PREFIX)
        .and_then(|v| v.trim().parse().ok())
        .ok_or_else(|| {
            Error::Integrity(format!(
                "not a dbshape dump: the first line is not `-- dbshape dump format N`\n{NOT_A_DUMP_HINT}"
            ))
        })?;
    if !READABLE_VERSIONS.contains(&version) {
        return Err(Error::Integrity(format!(
            "dump format {version} is newer than this dbshape reads ({READABLE_VERSIONS:?}); use a newer dbshape"
        )));
    }
    lines.digest_line();

    // Header.
    if !lines.next(MAX_LINE)? {
        return Err(bad(
            lines.number() + 1,
            "the header is missing: the dump is truncated",
        ));
    }
    let lineno = lines.number();
    let text =
        std::str::from_utf8(lines.body()).map_err(|_| bad(lineno, "the header is not UTF-8"))?;
    let json = text
        .strip_prefix(HEADER_PREFIX)
        .ok_or_else(|| bad(lineno, "expected the `-- dbshape:header` line"))?;
    let header: Header = serde_json::from_str(json)
        .map_err(|e| bad(lineno, &format!("the header is not valid: {e}")))?;
    if header.format_version != version {
        return Err(bad(
            lineno,
            "the header's format version differs from the first line's",
        ));
    }
    header
        .check_consistent()
        .map_err(|w| bad(lineno, &format!("the header contradicts itself: {w}")))?;
    templates::check_header_names(&header).map_err(|w| bad(lineno, &w))?;
    let header_sha256 = hex::encode(Sha256::digest(lines.body()));
    lines.digest_line();
    Ok(Prelude {
        header,
        header_sha256,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dump::codec::Compression;
    use crate::dump::format::FORMAT_VERSION;
    use crate::dump::reader::{read as read_dump, read_header, CheckOnly, DumpSummary};

    fn read_bytes(bytes: &'static [u8]) -> Result<DumpSummary> {
        read_dump(Box::new(bytes), Compression::None, &mut CheckOnly)
    }

    /// Regression: an empty file or another tool's dump was refused without saying what to
    /// do instead.
    #[test]
    fn empty_and_foreign_files_say_what_to_do() {
        let err = read_bytes(b"").unwrap_err().to_string();
        assert!(err.starts_with("the dump is empty\n"), "{err}");
        assert!(err.contains("take a new one"), "{err}");
        let err = read_bytes(b"--\n-- PostgreSQL database dump\n--\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("not a dbshape dump:"), "{err}");
        assert!(
            err.contains("dbshape backup") && err.contains("pg_dump"),
            "{err}"
        );
    }

    /// A magic line and a header that pass every check of the prelude.
    fn valid_prelude() -> String {
        let header = format!(
            r#"{{"format_version":{FORMAT_VERSION},"tool_version":"0","dialect":"sqlite","engine_version":"SQLite 3","schema_version":null,"server_version":null,"change_log":[],"created_at":"2024-01-01T00:00:00Z","tables":[]}}"#
        );
        format!("{MAGIC_PREFIX}{FORMAT_VERSION}\n{HEADER_PREFIX}{header}\n")
    }

    /// `read_header` reads no further than the header, and refuses what `read` refuses
    /// there with the same message.
    #[test]
    fn read_header_checks_exactly_what_read_checks_first() {
        let valid = valid_prelude();
        let dump = format!("{valid}whatever follows is not read\n");
        let header = read_header(Box::new(dump.as_bytes())).unwrap();
        assert_eq!(header.format_version, FORMAT_VERSION);
        let err = read_dump(Box::new(dump.as_bytes()), Compression::None, &mut CheckOnly)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("dump line 3:"), "{err}");

        let newer = format!("{MAGIC_PREFIX}999\n");
        let other_version = valid.replacen(
            &format!("\"format_version\":{FORMAT_VERSION}"),
            "\"format_version\":1",
            1,
        );
        let contradicting = valid.replacen(
            "\"change_log\":[]",
            r#""change_log":[{"version":"1","checksum":"x","status":"DONE"}]"#,
            1,
        );
        for bad in [
            String::new(),
            "-- PostgreSQL database dump\n".to_string(),
            newer,
            format!("{MAGIC_PREFIX}{FORMAT_VERSION}\n"),
            format!("{MAGIC_PREFIX}{FORMAT_VERSION}\n-- not the header\n"),
            format!("{MAGIC_PREFIX}{FORMAT_VERSION}\n{HEADER_PREFIX}{{\n"),
            other_version,
            contradicting,
        ] {
            let from_header = read_header(Box::new(bad.as_bytes()))
                .unwrap_err()
                .to_string();
            let from_read = read_dump(Box::new(bad.as_bytes()), Compression::None, &mut CheckOnly)
                .unwrap_err()
                .to_string();
            assert_eq!(from_header, from_read, "{bad:?}");
        }
    }
}
