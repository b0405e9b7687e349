//! `dbshape drop-create`: wipe the database and shape it from scratch.

use crate::config::{OutputFormat, Settings};
use crate::error::Result;
use crate::migrate::ops;
use crate::ui::Ui;

pub async fn run(settings: &Settings, ui: &Ui) -> Result<i32> {
    super::confirm(
        settings,
        ui,
        "drop-create drops EVERY table, view and routine",
        "nothing was dropped",
    )?;
    // The set first: one that cannot run is refused before anything is dropped.
    let set =
        crate::migrate::set::MigrationSet::load(&settings.migrations, settings.url.dialect())?;
    // drop-create is the way out of an interrupted restore too: no incomplete check.
    let engine = crate::engine::connect(settings).await?;
    let opts = super::migrate_options(settings, None);
    let observer = ui.migrate_observer();
    let started = std::time::Instant::now();
    let report = ops::drop_create(engine.as_ref(), &set, &opts, &observer).await?;
    if ui.format() == OutputFormat::Json {
        ui.json(&report);
    } else {
        ui.status(&format!("dropped {} object(s)", report.dropped.len()));
        super::migrate::render(&report.migrate, started.elapsed(), ui);
    }
    Ok(0)
}
