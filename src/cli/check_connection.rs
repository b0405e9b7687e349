//! `dbshape check-connection`: can we reach the database, and what is it?

use crate::config::{OutputFormat, Settings};
use crate::engine;
use crate::error::Result;
use crate::migrate::ops;
use crate::ui::Ui;

pub async fn run(settings: &Settings, ui: &Ui) -> Result<i32> {
    let engine = engine::connect(settings).await?;
    let report = ops::check_connection(engine.as_ref()).await?;
    if ui.format() == OutputFormat::Json {
        ui.json(&report);
    } else {
        ui.text(&format!(
            "connected to {} at {} as {}; schema version {}",
            report.engine,
            report.url,
            report.user,
            super::or_none(&report.schema_version)
        ));
    }
    Ok(0)
}
