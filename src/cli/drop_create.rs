//! `dbshape drop-create`: wipe the database and shape it from scratch.

use crate::config::{OutputFormat, Settings};
use crate::error::{Error, Result};
use crate::migrate::ops;
use crate::ui::Ui;

pub async fn run(settings: &Settings, ui: &Ui) -> Result<i32> {
    let name = settings.url.database_name();
    if !settings.yes {
        let answer = ui.prompt(&format!(
            "drop-create drops EVERY table, view and routine of {} and migrates it from scratch.\n\
             Type the database name ({name}) to confirm: ",
            settings.url.redacted()
        ));
        match answer {
            Some(a) if a == name => {}
            Some(_) => {
                return Err(Error::NotConfirmed(
                    "not confirmed; nothing was dropped".into(),
                ))
            }
            None => {
                return Err(Error::NotConfirmed(
                    "drop-create destroys all data: pass --yes to confirm (no terminal to ask on)"
                        .into(),
                ))
            }
        }
    }
    // drop-create is the way out of an interrupted restore too: no incomplete check.
    let engine = crate::engine::connect(settings).await?;
    let set = crate::migrate::source::MigrationSet::load(&settings.migrations, engine.dialect())?;
    let opts = super::migrate_options(settings, None);
    let observer = ui.migrate_observer();
    let report = ops::drop_create(engine.as_ref(), &set, &opts, &observer).await?;
    if ui.format() == OutputFormat::Json {
        ui.json(&report);
    } else {
        ui.status(&format!("dropped {} object(s)", report.dropped.len()));
        super::migrate::render(&report.migrate, ui);
    }
    Ok(0)
}
