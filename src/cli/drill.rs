//! `dbshape drill DUMP`: restore a dump into a scratch database, check everything, drop
//! it, and leave `<dump>.drill.json` next to the dump.

use std::path::PathBuf;

use crate::backup::Source;
use crate::config::{DbUrl, OutputFormat, Settings};
use crate::drill::{self, DrillPlan, DrillReport};
use crate::dump::sign::SignaturePolicy;
use crate::error::Result;
use crate::ui::{units, Ui};

/// Options of `drill`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The dump file, or `s3://BUCKET/KEY` for an object
    #[arg(value_name = "DUMP")]
    pub dump: String,
    /// The scratch database: one that does not exist yet on a server (created and
    /// dropped by the drill) or an empty one (emptied again afterwards); never the
    /// configured database. Optional for a SQLite dump: a temporary file
    #[arg(long, value_name = "URL")]
    pub scratch: Option<String>,
    /// After the load, migrate the scratch database to this program's server version,
    /// as `restore --upgrade` would
    #[arg(long)]
    pub upgrade: bool,
    /// Leave the scratch database in place afterwards, to look at
    #[arg(long)]
    pub keep_scratch: bool,
    /// Accept only a dump signed by the key in this public key file (as for restore)
    #[arg(long, value_name = "PUB")]
    pub trusted_key: Vec<PathBuf>,
}

pub async fn run(args: Args, settings: &Settings, ui: &Ui) -> Result<i32> {
    let signature = if args.trusted_key.is_empty() {
        SignaturePolicy::load(
            &settings.restore_trusted_keys,
            settings.restore_require_signature,
        )?
    } else {
        SignaturePolicy::load(&args.trusted_key, true)?
    };
    let plan = DrillPlan {
        source: Source::parse(&args.dump)?,
        scratch: args.scratch.as_deref().map(DbUrl::parse).transpose()?,
        upgrade: args.upgrade,
        keep_scratch: args.keep_scratch,
        signature,
    };
    let observer = ui.restore_observer();
    let report = drill::drill(settings, &plan, &observer).await?;
    drop(observer);
    render(&report, ui);
    Ok(report.exit_code())
}

fn render(report: &DrillReport, ui: &Ui) {
    if ui.format() == OutputFormat::Json {
        ui.json(report);
        return;
    }
    let e = &report.evidence;
    for gone in &report.cleaned_up {
        ui.status(&format!(
            "removed the scratch database of an interrupted drill: {gone}"
        ));
    }
    let scratch = match (report.scratch_created, report.scratch_kept) {
        (_, true) => format!("kept at {}", report.scratch),
        (true, false) => format!("{} created and dropped", report.scratch),
        (false, false) => format!("{} emptied again", report.scratch),
    };
    if let Some(error) = &e.error {
        ui.error_line(error);
        ui.text(&format!(
            "drill FAILED for {} in {} (exit {}); scratch database {scratch}\nevidence: {}",
            e.dump,
            units::duration_ms(e.duration_ms),
            e.exit_code,
            report.evidence_path
        ));
        return;
    }
    ui.text(&format!(
        "drill passed for {}: restored {} table(s), {} row(s) at schema version {}{} in {}; \
         every table's rows and digest, {} counter(s) and the shape match the dump; scratch \
         database {scratch}\nevidence: {}",
        e.dump,
        e.tables,
        e.rows,
        e.schema_version.as_deref().unwrap_or("(none)"),
        match (&e.restored_version, &e.schema_version) {
            (Some(to), Some(from)) if to != from => format!(", upgraded to {to}"),
            _ => String::new(),
        },
        units::duration_ms(e.duration_ms),
        report.counters_checked,
        report.evidence_path
    ));
}
