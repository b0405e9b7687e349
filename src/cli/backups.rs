//! `dbshape backups list|prune LOCATION`: what a backup directory or S3 prefix holds,
//! and retention over it (see `crate::backups`); and the retention flags `backup` and
//! `upgrade` share.

use crate::backups::{self, ListReport, Location, PruneOptions, PruneReport, RetentionRequest};
use crate::config::{OutputFormat, Settings};
use crate::error::{Error, Result};
use crate::migrate::set::MigrationSet;
use crate::ui::{units, Ui};

/// Options of `backups`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

/// The `backups` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Every dump of a directory or S3 prefix: version, size, age, last drill result
    List(ListArgs),
    /// Delete the dumps the retention policy does not keep (--dry-run: only say which, and why)
    Prune(PruneArgs),
}

/// Options of `backups list`.
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// A backup directory or an S3 prefix (s3://BUCKET/PREFIX/)
    #[arg(value_name = "LOCATION")]
    pub location: String,
}

/// Options of `backups prune`.
#[derive(Debug, clap::Args)]
pub struct PruneArgs {
    /// A backup directory or an S3 prefix (s3://BUCKET/PREFIX/)
    #[arg(value_name = "LOCATION")]
    pub location: String,
    /// Say what would be deleted and why; delete nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Consider every dump of the location as one series, not only the configured
    /// database's (those named `<database>-...`)
    #[arg(long)]
    pub all_databases: bool,
    #[command(flatten)]
    pub retention: RetentionArgs,
}

/// The retention flags of `backup`, `upgrade` and `backups prune`.
#[derive(Debug, Clone, clap::Args)]
pub struct RetentionArgs {
    /// Keep the N newest dumps [config backup.keep_last or backup.keep]
    #[arg(long, visible_alias = "keep", value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub keep_last: Option<u64>,
    /// Keep the newest dump of each of the D most recent days that have one [config backup.keep_daily]
    #[arg(long, value_name = "D", value_parser = clap::value_parser!(u64).range(1..))]
    pub keep_daily: Option<u64>,
    /// Keep the newest dump of each of the W most recent ISO weeks that have one [config backup.keep_weekly]
    #[arg(long, value_name = "W", value_parser = clap::value_parser!(u64).range(1..))]
    pub keep_weekly: Option<u64>,
    /// Keep the newest dump of each of the M most recent months that have one [config backup.keep_monthly]
    #[arg(long, value_name = "M", value_parser = clap::value_parser!(u64).range(1..))]
    pub keep_monthly: Option<u64>,
    /// Zone of the days, weeks and months: UTC, +HH:MM, or local [default: local, config backup.time_zone]
    #[arg(long, value_name = "TZ")]
    pub time_zone: Option<String>,
}

impl RetentionArgs {
    /// The flags as the library takes them.
    pub fn request(&self) -> RetentionRequest {
        let n = |v: Option<u64>| v.map(|v| v as usize);
        RetentionRequest {
            last: n(self.keep_last),
            daily: n(self.keep_daily),
            weekly: n(self.keep_weekly),
            monthly: n(self.keep_monthly),
            time_zone: self.time_zone.clone(),
        }
    }
}

pub async fn run(args: Args, settings: &Settings, ui: &Ui) -> Result<i32> {
    match args.command {
        Command::List(a) => {
            let location = Location::parse(&a.location)?;
            let report = tokio::task::block_in_place(|| backups::list(&location))?;
            render_list(&report, ui);
            Ok(0)
        }
        Command::Prune(a) => {
            let location = Location::parse(&a.location)?;
            let policy = a.retention.request().policy(settings)?.ok_or_else(|| {
                Error::Config(
                    "backups prune needs a rule: pass at least one of --keep-last N, \
                     --keep-daily D, --keep-weekly W, --keep-monthly M, or set backup.keep_last \
                     (or backup.keep_daily...) in the config"
                        .into(),
                )
            })?;
            // This release's server version protects its pre-upgrade backup; reading it
            // needs the migration set, not the database.
            let set = MigrationSet::load(&settings.migrations, settings.url.dialect())?;
            let options = PruneOptions {
                policy,
                dry_run: a.dry_run,
                database: (!a.all_databases).then(|| settings.url.database_name()),
                server_version: set.server_version().map(|v| v.to_string()),
            };
            let report = tokio::task::block_in_place(|| backups::prune(&location, &options))?;
            if ui.format() == OutputFormat::Json {
                ui.json(&report);
            } else {
                ui.text(&prune_text(&report));
            }
            Ok(0)
        }
    }
}

/// An age as an operator reads it: `42 s`, `5 min`, `3 h`, `12 d`.
fn age(seconds: i64) -> String {
    match seconds {
        s if s < 0 => "in the future".into(),
        s if s < 120 => format!("{s} s"),
        s if s < 7200 => format!("{} min", s / 60),
        s if s < 172_800 => format!("{} h", s / 3600),
        s => format!("{} d", s / 86_400),
    }
}

fn render_list(report: &ListReport, ui: &Ui) {
    if ui.format() == OutputFormat::Json {
        ui.json(report);
        return;
    }
    let mut out = format!("{}: {} dump(s)\n", report.location, report.dumps.len());
    for d in &report.dumps {
        let version = if d.encrypted {
            "encrypted (header needs the key)".to_string()
        } else {
            format!(
                "schema {} server {}",
                super::or_none(&d.schema_version),
                super::or_none(&d.server_version)
            )
        };
        let drill = match &d.drill {
            None => "never drilled".to_string(),
            Some(s) if !s.valid => format!(
                "drill record does not count ({})",
                s.error.as_deref().unwrap_or("")
            ),
            Some(s) => format!(
                "drill {} at {}",
                s.result.as_deref().unwrap_or("?"),
                s.drilled_at.as_deref().unwrap_or("?")
            ),
        };
        out.push_str(&format!(
            "  {}  {version}  {}  {} old  {drill}\n",
            d.name,
            units::bytes(d.size),
            age(d.age_seconds)
        ));
    }
    for o in &report.other {
        out.push_str(&format!("  not a dump: {} ({})\n", o.path, o.reason));
    }
    ui.text(out.trim_end());
}

/// The prune report as text: one line per dump with its decision and reasons.
pub(crate) fn prune_text(report: &PruneReport) -> String {
    let (kept, gone) = (report.kept.len(), report.deleted.len());
    let verb = if report.dry_run {
        "would delete"
    } else {
        "deleted"
    };
    let mut out = format!(
        "{}: {kept} kept, {gone} {verb} ({})\n",
        report.location,
        report.policy.describe()
    );
    for d in &report.dumps {
        let what = if d.keep {
            "keep  "
        } else if report.dry_run {
            "would delete"
        } else {
            "delete"
        };
        out.push_str(&format!(
            "  {what}  {}  ({})\n",
            d.name,
            d.reasons.join(", ")
        ));
    }
    for s in &report.skipped {
        out.push_str(&format!("  left alone  {} ({})\n", s.path, s.reason));
    }
    out.trim_end().to_string()
}

/// What retention did after `backup` or `upgrade`, on stderr (stdout has the command's
/// own result).
pub(crate) fn render_pruned(report: &PruneReport, ui: &Ui) {
    for d in report.dumps.iter().filter(|d| !d.keep) {
        ui.status(&format!(
            "deleted old dump {} ({})",
            d.path,
            report.policy.describe()
        ));
    }
    for s in &report.skipped {
        ui.warn(&format!("left {} alone: {}", s.path, s.reason));
    }
}
