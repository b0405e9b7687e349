//! `dbshape info`: schema version, server version and every version's state.

use crate::config::{OutputFormat, Settings};
use crate::error::Result;
use crate::migrate::ops;
use crate::migrate::shape_check::{ShapeCheck, ShapeState};
use crate::ui::Ui;

pub async fn run(settings: &Settings, ui: &Ui) -> Result<i32> {
    let (engine, set) = super::open_for(settings, ui, super::Needs::Migratable).await?;
    let report = ops::info(engine.as_ref(), &set).await?;
    if ui.format() == OutputFormat::Json {
        ui.json(&report);
        return Ok(0);
    }
    let mut out = format!(
        "database:       {} ({})\nmigrations:     {}\nschema version: {}\nserver version: {}\npending:        {}\nshape:          {}\n\n",
        report.url,
        report.dialect,
        report.migrations,
        super::or_none(&report.schema_version),
        super::or_none(&report.server_version),
        if report.pending.is_empty() { "none".to_string() } else { report.pending.join(", ") },
        shape_line(&report.shape),
    );
    out.push_str(&format!(
        "{:<14} {:<10} {:<13} {:<24} {:>9}  {:<12} {}\n",
        "VERSION", "STATUS", "STATE", "INSTALLED ON", "TIME(ms)", "CHECKSUM", "DESCRIPTION"
    ));
    for v in &report.versions {
        out.push_str(&format!(
            "{:<14} {:<10} {:<13} {:<24} {:>9}  {:<12} {}\n",
            v.version,
            v.status,
            v.state,
            v.installed_on.as_deref().unwrap_or("-"),
            v.execution_ms
                .map(|m| m.to_string())
                .unwrap_or_else(|| "-".into()),
            &v.checksum[..v.checksum.len().min(12)],
            v.description
        ));
    }
    ui.text(out.trim_end());
    Ok(0)
}

/// The `shape:` line: the state, and what it was judged against.
fn shape_line(shape: &ShapeCheck) -> String {
    let version = shape.version.as_deref().unwrap_or("-");
    let against = shape.judged_against();
    match shape.state {
        ShapeState::Matches => format!("matches {against}"),
        ShapeState::Drifted => format!(
            "drifted: {} object(s) differ from {against} (see `dbshape validate`)",
            shape.differences.len()
        ),
        ShapeState::NotRecorded => format!("not recorded at {version}"),
        ShapeState::NoVersion => "no schema version".to_string(),
        ShapeState::Unfinished => format!(
            "not judged: {}",
            shape.note.as_deref().unwrap_or("a version is part-way")
        ),
    }
}
