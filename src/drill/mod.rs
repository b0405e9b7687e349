//! `drill`: proves that a dump restores, end to end, and keeps the evidence.
//!
//! A backup that was never restored is a hope. A drill restores the dump into a scratch
//! database (`scratch`), exactly as an operator would (`restore --shape`, and
//! `--upgrade` when asked), so every check of a restore applies: the dump verified in
//! full, the change-log gate, the shape of the scratch database against the dump's
//! source before and after the load, every table's row count and digest. It then reads
//! the counters (sequences, auto-increment values) back from the scratch database and
//! compares them with the dump's, drops the scratch database (unless asked to keep
//! it), and writes `<dump>.drill.json` next to the dump (`evidence`), passed or failed.
//!
//! A drill fails with the restore's own exit code: 5 for a damaged dump, 4 for a dump
//! this program cannot shape (another version or another shape), 1 otherwise. It never
//! touches a database but the scratch one.

pub mod check;
mod scratch;

use std::time::Instant;

use serde::Serialize;

use crate::backup::Source;
use crate::config::{DbUrl, Settings};
use crate::dump::format::Counter;
use crate::dump::reader;
use crate::dump::sign::SignaturePolicy;
use crate::engine;
use crate::error::{Error, Result};
use crate::restore::{self, RestoreObserver, RestorePlan, RestoreReport};

use crate::dump::evidence::{self, DrillResult, Evidence, EVIDENCE_FORMAT};

/// What to drill, and how.
#[derive(Debug, Clone)]
pub struct DrillPlan {
    /// The dump: a file or an object (it is read twice, and its evidence goes next to it).
    pub source: Source,
    /// The scratch database; `None` for a SQLite dump: a temporary file.
    pub scratch: Option<DbUrl>,
    /// Migrate the scratch database to the server version after the load (`--upgrade`).
    pub upgrade: bool,
    /// Leave the scratch database in place afterwards.
    pub keep_scratch: bool,
    /// Trusted signing keys, as for `restore`.
    pub signature: SignaturePolicy,
}

/// What a drill did.
#[derive(Debug, Clone, Serialize)]
pub struct DrillReport {
    /// The record written next to the dump.
    pub evidence: Evidence,
    /// Where it was written.
    pub evidence_path: String,
    /// The scratch database, its password hidden.
    pub scratch: String,
    /// Whether the drill created the scratch database (else it was given empty).
    pub scratch_created: bool,
    /// Whether it is still there (`--keep-scratch`).
    pub scratch_kept: bool,
    /// Whether the drill removed it (dropped, or emptied again) at the end; false when
    /// kept, or when removing it failed (the drill then failed with that error).
    pub scratch_removed: bool,
    /// Scratch databases of killed drills removed first.
    pub cleaned_up: Vec<String>,
    /// Counters read back from the scratch database and found as the dump has them.
    pub counters_checked: usize,
    /// The restore, when it completed.
    pub restore: Option<RestoreReport>,
}

impl DrillReport {
    /// The exit code the drill ends with: 0 when it passed.
    pub fn exit_code(&self) -> i32 {
        self.evidence.exit_code
    }
}

/// Drills `plan.source` (see the module documentation). `Err` only when no drill could
/// begin (no scratch database to use, a dump that cannot be opened at all): a drill that
/// began and failed returns its report, with the evidence written and the scratch
/// database removed.
pub async fn drill(
    settings: &Settings,
    plan: &DrillPlan,
    observer: &dyn RestoreObserver,
) -> Result<DrillReport> {
    let started = Instant::now();
    if !plan.source.reopenable() {
        return Err(Error::Config(
            "a drill reads the dump twice and writes its evidence next to it: give a dump \
             file or object, not standard input"
                .into(),
        ));
    }
    let started_at = now();
    let source = plan.source.clone();
    let header = tokio::task::spawn_blocking(move || {
        let (_, input) = source.open()?;
        reader::read_header(input)
    })
    .await
    .map_err(|e| Error::db("drill", e))?;
    let (dialect, schema_version) = match &header {
        Ok(h) => (Some(h.dialect), h.schema_version.clone()),
        Err(_) => (None, None),
    };
    let scratch = scratch::prepare(
        settings,
        plan.scratch.as_ref(),
        dialect.unwrap_or(settings.url.dialect()),
        &started_at,
    )
    .await?;
    observer.stage(&format!(
        "drilling into {}{}",
        scratch.settings.url.redacted(),
        if scratch.created { " (created)" } else { "" }
    ));
    let outcome = match header {
        Err(e) => Err(e),
        Ok(_) => restore_and_check(&scratch.settings, plan, observer).await,
    };
    let removed = if plan.keep_scratch {
        Ok(())
    } else {
        observer.stage("removing the scratch database");
        scratch.remove().await
    };
    let (restored, counters_checked, failure) = match outcome {
        Ok((r, n)) => (Some(r), n, None),
        Err(e) => (None, 0, Some(e)),
    };
    // A drill that passed but could not clean up says so; one that failed reports
    // its failure first. A restore's message speaks of its target as left behind
    // (shaped, marked): the drill removed it since, and says so.
    let scratch_removed = removed.is_ok() && !plan.keep_scratch;
    let failure: Option<(String, i32)> = match (failure, removed) {
        (Some(e), Ok(())) if !plan.keep_scratch => Some((
            format!(
                "{e} (the drill has removed the scratch database {} since)",
                scratch.settings.url.redacted()
            ),
            e.exit_code(),
        )),
        (Some(e), _) | (None, Err(e)) => Some((e.to_string(), e.exit_code())),
        (None, Ok(())) => None,
    };
    let evidence = Evidence {
        format: EVIDENCE_FORMAT,
        dump: plan.source.describe(),
        dump_sha256: restored.as_ref().map(|r| r.dump_sha256.clone()),
        schema_version,
        restored_version: restored.as_ref().and_then(|r| {
            r.upgrade
                .as_ref()
                .and_then(|u| u.schema_version.clone())
                .or_else(|| r.schema_version.clone())
        }),
        rows: restored.as_ref().map(|r| r.rows).unwrap_or(0),
        tables: restored.as_ref().map(|r| r.tables.len()).unwrap_or(0),
        duration_ms: started.elapsed().as_millis() as u64,
        result: match failure {
            None => DrillResult::Passed,
            Some(_) => DrillResult::Failed,
        },
        exit_code: failure.as_ref().map(|(_, code)| *code).unwrap_or(0),
        error: failure.map(|(text, _)| text),
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        drilled_at: now(),
        scratch: scratch.settings.url.redacted(),
        evidence_sha256: String::new(),
    }
    .sealed();
    let evidence_path = evidence::evidence_path(&evidence.dump);
    write_evidence(&evidence_path, &evidence)?;
    Ok(DrillReport {
        evidence,
        evidence_path,
        scratch: scratch.settings.url.redacted(),
        scratch_created: scratch.created,
        scratch_kept: plan.keep_scratch,
        scratch_removed,
        cleaned_up: scratch.cleaned,
        counters_checked,
        restore: restored,
    })
}

/// The restore into the scratch database, then the counters read back.
async fn restore_and_check(
    at: &Settings,
    plan: &DrillPlan,
    observer: &dyn RestoreObserver,
) -> Result<(RestoreReport, usize)> {
    let rplan = RestorePlan {
        source: plan.source.clone(),
        shape: true,
        convert: false,
        clean: false,
        upgrade: plan.upgrade,
        lock_timeout: at.lock_timeout,
        jobs: 1,
        unrepresentable: Default::default(),
        reread_all: false,
        signature: plan.signature.clone(),
        allow_drift: false,
    };
    let report = restore::restore(at, &rplan, observer).await?;
    observer.stage("checking the counters");
    let checked = check_counters(at, &report.dump_counters).await?;
    Ok((report, checked))
}

/// Reads the scratch database's counters back and compares them with the dump's: each
/// must be there with the dump's value, so that new rows would continue above the
/// restored ones. After `--upgrade` a migration may have moved one on: then it may
/// only be higher.
async fn check_counters(at: &Settings, dumped: &[Counter]) -> Result<usize> {
    let mut reader = engine::open::snapshot_reader(at).await?;
    reader.begin().await?;
    let found = reader.counters().await;
    let _ = reader.finish().await;
    let found = found?;
    for want in dumped {
        let Some(got) = found.iter().find(|c| c.name == want.name) else {
            return Err(Error::Integrity(format!(
                "counter {} of the dump is not in the scratch database {}",
                want.name,
                at.url.redacted()
            )));
        };
        let behind = (got.value, got.called) < (want.value, want.called);
        if behind {
            return Err(Error::Integrity(format!(
                "counter {} is {} in the scratch database {} but {} in the dump: new rows \
                 would reuse restored ids",
                want.name,
                got.value,
                at.url.redacted(),
                want.value
            )));
        }
    }
    Ok(dumped.len())
}

/// Writes the evidence next to the dump: a file through a temporary name and a rename,
/// so a reader never sees half a record; an object in one upload.
fn write_evidence(path: &str, evidence: &Evidence) -> Result<()> {
    let text = evidence.to_json();
    if crate::dump::object::is_object_url(path) {
        use std::io::Write;
        let url = crate::dump::object::ObjectUrl::parse(path)?;
        let mut upload = crate::dump::object::Upload::create(&url, true)?;
        let io = |e| crate::dump::object::io_error("write the drill evidence to", path, e);
        upload.write_all(text.as_bytes()).map_err(io)?;
        upload.complete().map_err(io)?;
        return Ok(());
    }
    let target = std::path::Path::new(path);
    let staged = target.with_extension("json.partial");
    std::fs::write(&staged, text).map_err(|e| Error::io("write the drill evidence", &staged, e))?;
    std::fs::rename(&staged, target).map_err(|e| Error::io("write the drill evidence", target, e))
}

fn now() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}
