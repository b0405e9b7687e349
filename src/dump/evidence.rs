//! The evidence a drill leaves next to the dump it drilled: `<dump>.drill.json`.
//!
//! It lives with the dump format because it lives with the dumps: `drill` writes it,
//! and `backups list`, `backups prune` and `drill --check` read it.
//!
//! A record small enough to read by eye and by a monitoring script: which dump (its
//! name and the SHA-256 of its bytes, so a dump replaced under the same name does not
//! inherit its predecessor's drill), at which schema version, how many rows came back,
//! how long it took, whether it passed and why not, which dbshape ran it and when.
//!
//! "Signed by digest": the record carries `evidence_sha256`, the SHA-256 of its own
//! canonical text without that field. It is not a signature (anyone may recompute it),
//! but a record edited by hand or damaged in storage no longer checks, and `backups
//! list` and `drill --check` count only records that do.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The version of the record's layout; a reader refuses a newer one.
pub const EVIDENCE_FORMAT: u32 = 1;

/// What a drill file is called: the dump's name and this.
pub const EVIDENCE_SUFFIX: &str = ".drill.json";

/// Where the evidence of the dump at `dump` (a path or an `s3://` URL) goes.
pub fn evidence_path(dump: &str) -> String {
    format!("{dump}{EVIDENCE_SUFFIX}")
}

/// How a drill ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DrillResult {
    /// Restored, every check passed.
    Passed,
    /// A step failed; [`Evidence::error`] says which and why.
    Failed,
}

impl DrillResult {
    /// `passed` or `failed`.
    pub fn as_str(self) -> &'static str {
        match self {
            DrillResult::Passed => "passed",
            DrillResult::Failed => "failed",
        }
    }
}

/// One drill's record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// [`EVIDENCE_FORMAT`].
    pub format: u32,
    /// The dump as the drill was given it (file name or `s3://` URL).
    pub dump: String,
    /// The SHA-256 the dump's trailer records for its content (what `verify` prints as
    /// `sha256`), so a dump rewritten under the same name does not inherit this drill;
    /// absent when the dump could not be read that far.
    pub dump_sha256: Option<String>,
    /// The dump's schema version, from its header (absent when the header was unreadable).
    pub schema_version: Option<String>,
    /// The schema version the scratch database ended at (after `--upgrade`, the server
    /// version).
    pub restored_version: Option<String>,
    /// Rows restored and checked.
    pub rows: u64,
    /// Tables restored and checked.
    pub tables: usize,
    /// Milliseconds the drill took, the scratch database's creation and removal included.
    pub duration_ms: u64,
    /// Passed or failed.
    pub result: DrillResult,
    /// Why it failed: the error as the drill printed it.
    pub error: Option<String>,
    /// The exit code the drill ended with (0 when it passed).
    pub exit_code: i32,
    /// The dbshape version that ran the drill.
    pub tool_version: String,
    /// When the drill ended, UTC, RFC 3339 (`2026-12-05T03:00:00Z`).
    pub drilled_at: String,
    /// The scratch database, its password hidden.
    pub scratch: String,
    /// SHA-256 of this record's canonical JSON without this field (see the module
    /// documentation).
    #[serde(default)]
    pub evidence_sha256: String,
}

impl Evidence {
    /// The digest of the record as it stands, [`Evidence::evidence_sha256`] left out.
    fn digest(&self) -> String {
        let mut bare = self.clone();
        bare.evidence_sha256 = String::new();
        let text = serde_json::to_string(&bare).unwrap_or_default();
        hex::encode(Sha256::digest(text.as_bytes()))
    }

    /// The record with [`Evidence::evidence_sha256`] filled in.
    pub fn sealed(mut self) -> Evidence {
        self.evidence_sha256 = self.digest();
        self
    }

    /// The record as written: pretty JSON, sealed.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(&self.clone().sealed()).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Reads a record back; `Err` says why it does not count (not JSON, a newer
    /// layout, or a digest that does not check).
    pub fn from_json(text: &str) -> std::result::Result<Evidence, String> {
        let e: Evidence = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if e.format > EVIDENCE_FORMAT {
            return Err(format!(
                "evidence format {} is newer than this program reads ({EVIDENCE_FORMAT})",
                e.format
            ));
        }
        if e.evidence_sha256 != e.digest() {
            return Err(
                "its evidence_sha256 does not match its content: it was edited or damaged".into(),
            );
        }
        Ok(e)
    }

    /// Whether this drill passed.
    pub fn passed(&self) -> bool {
        self.result == DrillResult::Passed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> Evidence {
        Evidence {
            format: EVIDENCE_FORMAT,
            dump: "db-1.3.1-20261205T030000Z.sql.zst".into(),
            dump_sha256: Some("ab".repeat(32)),
            schema_version: Some("1.3.1".into()),
            restored_version: Some("1.3.1".into()),
            rows: 300_000,
            tables: 7,
            duration_ms: 5120,
            result: DrillResult::Passed,
            error: None,
            exit_code: 0,
            tool_version: "0.1.0".into(),
            drilled_at: "2026-12-05T03:01:00Z".into(),
            scratch: "postgres://postgres@127.0.0.1:5432/drill".into(),
            evidence_sha256: String::new(),
        }
    }

    #[test]
    fn a_record_reads_back_and_an_edited_one_does_not() {
        let text = record().to_json();
        let back = Evidence::from_json(&text).unwrap();
        assert!(back.passed());
        assert_eq!(back.rows, 300_000);
        let edited = text.replace("\"rows\": 300000", "\"rows\": 300001");
        assert_ne!(edited, text);
        assert!(Evidence::from_json(&edited).unwrap_err().contains("edited"));
        let failed = text.replace("\"passed\"", "\"failed\"");
        assert!(Evidence::from_json(&failed).is_err());
    }
}
