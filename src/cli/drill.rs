//! `dbshape drill DUMP | --latest LOCATION`: restore a dump into a scratch database,
//! check everything, drop it, and leave `<dump>.drill.json` next to the dump;
//! `drill --check --latest LOCATION` asks whether the newest dump has a passing drill
//! recent enough.

use std::path::PathBuf;

use crate::backup::Source;
use crate::backups::Location;
use crate::config::{DbUrl, OutputFormat, Settings};
use crate::drill::{self, check, DrillPlan, DrillReport};
use crate::error::{Error, Result};
use crate::ui::{units, Ui};

/// Options of `drill`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The dump file, or `s3://BUCKET/KEY` for an object
    #[arg(
        value_name = "DUMP",
        required_unless_present = "latest",
        conflicts_with = "latest"
    )]
    pub dump: Option<String>,
    /// Drill the newest dump of this backup directory or `s3://BUCKET/PREFIX/` (the
    /// configured database's dumps, by their default names)
    #[arg(long, value_name = "LOCATION")]
    pub latest: Option<String>,
    /// With --latest: the newest dump of any database in the location
    #[arg(long, requires = "latest")]
    pub all_databases: bool,
    /// Drill nothing: exit 0 when the newest dump of --latest LOCATION has a passing
    /// drill no older than --max-drill-age, 5 when its last drill failed, 3 otherwise
    #[arg(long, requires = "latest")]
    pub check: bool,
    /// With --check: how old the last passing drill may be (7d, 36h, 90m, 3600s)
    #[arg(long, value_name = "AGE", default_value = "7d", requires = "check")]
    pub max_drill_age: String,
    /// The scratch database: one that does not exist yet on a server (created and
    /// dropped by the drill) or an empty one (emptied again afterwards); never the
    /// configured database. Optional for a SQLite dump: a temporary file
    #[arg(
        long,
        value_name = "URL",
        env = "DBSHAPE_DRILL_SCRATCH",
        hide_env_values = true
    )]
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
    let location = args.latest.as_deref().map(Location::parse).transpose()?;
    let database = (!args.all_databases).then(|| settings.url.database_name());
    if let (true, Some(location)) = (args.check, &location) {
        let max_age = check::parse_age(&args.max_drill_age)?;
        let report = check::check(location, database.as_deref(), max_age)?;
        if ui.format() == OutputFormat::Json {
            ui.json(&report);
        } else {
            ui.text(&format!(
                "{}: {}",
                if report.ok { "ok" } else { "NOT OK" },
                report.reason
            ));
        }
        return Ok(report.exit_code);
    }
    let dump = match (&args.dump, &location) {
        (Some(d), _) => d.clone(),
        (None, Some(location)) => check::newest(location, database.as_deref())?
            // A newest file that does not read is drilled all the same: the drill
            // fails on it, with evidence.
            .map(|n| n.path().to_string())
            .ok_or_else(|| {
                Error::Config(format!(
                    "{} holds no dump{}: nothing to drill (give the dump itself, or \
                     --all-databases for any database's)",
                    location.describe(),
                    database
                        .as_deref()
                        .map(|d| format!(" of database {d}"))
                        .unwrap_or_default()
                ))
            })?,
        (None, None) => {
            return Err(Error::Config(
                "drill what? give a DUMP, or --latest LOCATION".into(),
            ))
        }
    };
    let signature = super::signature_policy(&args.trusted_key, settings)?;
    let plan = DrillPlan {
        source: Source::parse(&dump)?,
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
    let scratch = match (
        report.scratch_kept,
        report.scratch_removed,
        report.scratch_created,
    ) {
        (true, _, _) => format!("kept at {}", report.scratch),
        (false, false, _) => format!("{} NOT removed (see the error)", report.scratch),
        (false, true, true) => format!("{} created and dropped", report.scratch),
        (false, true, false) => format!("{} emptied again", report.scratch),
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
