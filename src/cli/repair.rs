//! `dbshape repair`: clear FAILED versions, accept changed checksums.

use crate::config::{OutputFormat, Settings};
use crate::error::Result;
use crate::migrate::ops::{self, ActionsReport};
use crate::ui::Ui;

/// Options of `repair`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Record the current checksums of applied versions whose files changed
    #[arg(long)]
    pub accept_checksums: bool,
    /// Record the database's live shape as its schema version's (after a hand change
    /// that is to stay); audited with every object that differed
    #[arg(long)]
    pub accept_shape: bool,
}

pub async fn run(args: Args, settings: &Settings, ui: &Ui) -> Result<i32> {
    let (engine, set) = super::open(settings, ui).await?;
    let opts = super::migrate_options(settings, None);
    let observer = ui.migrate_observer();
    let report = ops::repair(
        engine.as_ref(),
        &set,
        ops::Accept {
            checksums: args.accept_checksums,
            shape: args.accept_shape,
        },
        &opts,
        &observer,
    )
    .await?;
    render(&report, "nothing to repair", ui);
    Ok(0)
}

/// Renders the actions of `repair` or `baseline`.
pub(crate) fn render(report: &ActionsReport, empty: &str, ui: &Ui) {
    if ui.format() == OutputFormat::Json {
        ui.json(report);
    } else if report.actions.is_empty() {
        ui.text(empty);
    } else {
        let lines: Vec<String> = report
            .actions
            .iter()
            .map(|a| format!("{} {}: {}", a.version, a.action, a.detail))
            .collect();
        ui.text(&lines.join("\n"));
    }
}
