//! `dbshape restore DUMP`: gated, all-or-nothing restore into a clean database.

use crate::backup::Source;
use crate::config::{OutputFormat, Settings};
use crate::error::Result;
use crate::restore::{self, RestorePlan, RestoreReport};
use crate::ui::Ui;

/// Options of `restore`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The dump file, or `-` for standard input
    #[arg(value_name = "DUMP")]
    pub dump: String,
    /// On an empty database, first migrate it to exactly the dump's schema version
    #[arg(long)]
    pub shape: bool,
    /// After the data is in and verified, migrate to this dbshape's server version
    #[arg(long)]
    pub upgrade: bool,
}

pub async fn run(args: Args, settings: &Settings, ui: &Ui) -> Result<i32> {
    let plan = RestorePlan {
        source: Source::parse(&args.dump),
        shape: args.shape,
        upgrade: args.upgrade,
        lock_timeout: settings.lock_timeout,
    };
    let observer = ui.restore_observer();
    let report = restore::restore(settings, &plan, &observer).await?;
    drop(observer);
    render(&report, ui);
    Ok(0)
}

fn render(report: &RestoreReport, ui: &Ui) {
    if ui.format() == OutputFormat::Json {
        ui.json(report);
        return;
    }
    let mut text = format!(
        "restored {} table(s), {} row(s) from {} at schema version {}{}; every table matches the dump's digests",
        report.tables.len(),
        report.rows,
        report.dump,
        report.schema_version.as_deref().unwrap_or("(none)"),
        if report.shaped { " (database shaped first)" } else { "" },
    );
    if let Some(m) = &report.upgrade {
        text.push_str(&format!(
            "\nupgraded: schema version {} -> {} ({} version(s) applied)",
            m.schema_version_before.as_deref().unwrap_or("(none)"),
            m.schema_version.as_deref().unwrap_or("(none)"),
            m.applied.len()
        ));
    }
    ui.text(&text);
}
