//! `dbshape migrate`: apply pending versions, or print their SQL with `--dry-run`.

use crate::config::{OutputFormat, Settings};
use crate::error::{Error, Result};
use crate::migrate::runner::{self, MigrateReport};
use crate::ui::Ui;
use crate::version::Version;

/// Options of `migrate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Stop at this version
    #[arg(long, value_name = "VERSION")]
    pub to: Option<String>,
    /// Another tool's name for `--to` (Flyway, Liquibase): refused, naming `--to`
    #[arg(long, value_name = "VERSION", hide = true, conflicts_with = "to")]
    pub target: Option<String>,
    /// Print the exact SQL of each pending version; change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Apply versions lower than the schema version that were skipped
    #[arg(long)]
    pub allow_out_of_order: bool,
}

pub async fn run(args: Args, settings: &Settings, ui: &Ui) -> Result<i32> {
    if let Some(t) = &args.target {
        return Err(Error::Config(format!(
            "dbshape migrate has no --target; to stop at a version, use --to {t}"
        )));
    }
    let target = match &args.to {
        Some(t) => Some(Version::parse(t).map_err(|e| Error::Config(format!("--to: {e}")))?),
        None => None,
    };
    let (engine, set) = super::open(settings, ui).await?;
    let mut opts = super::migrate_options(settings, target);
    opts.dry_run = args.dry_run;
    opts.allow_out_of_order = args.allow_out_of_order;
    let observer = ui.migrate_observer();
    let started = std::time::Instant::now();
    let report = runner::migrate(engine.as_ref(), &set, &opts, &observer).await?;
    render(&report, started.elapsed(), ui);
    Ok(0)
}

/// Text or JSON rendering of a migrate report (shared with `drop-create`); `elapsed`
/// is the run's wall time, lock and change-log reads included.
pub(crate) fn render(report: &MigrateReport, elapsed: std::time::Duration, ui: &Ui) {
    if ui.format() == OutputFormat::Json {
        ui.json(report);
        return;
    }
    if report.dry_run {
        let mut out = String::new();
        out.push_str(&format!(
            "-- dbshape migrate --dry-run: {} pending version(s) on {}, schema version {} -> {}\n",
            report.plan.len(),
            report.dialect,
            super::or_none(&report.schema_version),
            super::or_none(&report.target),
        ));
        for v in &report.plan {
            out.push_str(&format!(
                "\n-- ===== version {} {}\n",
                v.version, v.description
            ));
            if v.steps.is_empty() {
                out.push_str("-- (nothing to run on this dialect; the version is only recorded)\n");
            }
            for step in &v.steps {
                match &step.statements {
                    Some(statements) => {
                        let tx = if step.no_transaction {
                            " (outside a transaction)"
                        } else {
                            ""
                        };
                        out.push_str(&format!("-- file: {}{tx}\n", step.file));
                        for e in &step.elided {
                            out.push_str(&format!(
                                "-- elided (line {}): {} -- dbshape runs the version in its own transaction\n",
                                e.line, e.statement
                            ));
                        }
                        for s in statements {
                            if report.dialect == "mysql" && s.contains(';') {
                                // Replayable by the mysql client: bodies with `;` need DELIMITER.
                                out.push_str(&format!("DELIMITER $$\n{s}$$\nDELIMITER ;\n"));
                            } else {
                                out.push_str(s);
                                out.push_str(";\n");
                            }
                        }
                    }
                    None => out.push_str(&format!(
                        "-- {} (compiled Rust code, no SQL to show)\n",
                        step.file
                    )),
                }
            }
        }
        ui.text(out.trim_end());
        return;
    }
    if report.applied.is_empty() {
        ui.text(&format!(
            "schema is up to date at version {} (server version {})",
            super::or_none(&report.schema_version),
            super::or_none(&report.server_version)
        ));
    } else {
        ui.text(&format!(
            "migrated {} version(s) in {} ms: schema version {} -> {} (server version {})",
            report.applied.len(),
            elapsed.as_millis(),
            super::or_none(&report.schema_version_before),
            super::or_none(&report.schema_version),
            super::or_none(&report.server_version)
        ));
    }
}
