//! `dbshape validate`: the CI and server-start gate.

use crate::config::{OutputFormat, Settings};
use crate::error::Result;
use crate::migrate::ops;
use crate::ui::Ui;

/// Options of `validate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Skip the shape check: only the change log against the migration set
    #[arg(long)]
    pub no_shape: bool,
}

pub async fn run(args: Args, settings: &Settings, ui: &Ui) -> Result<i32> {
    let (engine, set) = super::open_for(settings, ui, super::Needs::Migratable).await?;
    let report = ops::validate(engine.as_ref(), &set, !args.no_shape).await?;
    if ui.format() == OutputFormat::Json {
        ui.json(&report);
    } else if report.valid {
        ui.text(&format!(
            "valid: schema version {} matches the server version, nothing pending or drifted",
            super::or_none(&report.schema_version)
        ));
    } else {
        let mut out = format!(
            "invalid: schema version {}, server version {}\n",
            super::or_none(&report.schema_version),
            super::or_none(&report.server_version)
        );
        for p in &report.problems {
            out.push_str(&format!("  {} {}: {}\n", p.version, p.state, p.message));
        }
        for d in report.shape.iter().flat_map(|s| &s.differences) {
            for line in d.to_string().lines() {
                out.push_str(&format!("    {line}\n"));
            }
        }
        ui.text(out.trim_end());
    }
    Ok(report.exit_code)
}
