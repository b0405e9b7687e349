//! `dbshape validate`: the CI and server-start gate.

use crate::config::{OutputFormat, Settings};
use crate::error::Result;
use crate::migrate::ops;
use crate::ui::Ui;

pub async fn run(settings: &Settings, ui: &Ui) -> Result<i32> {
    let (engine, set) = super::open_for(settings, ui, super::Needs::Migratable).await?;
    let report = ops::validate(engine.as_ref(), &set).await?;
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
        ui.text(out.trim_end());
    }
    Ok(report.exit_code)
}
