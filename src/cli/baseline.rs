//! `dbshape baseline --version V`: adopt a database shaped by other means.

use crate::config::Settings;
use crate::error::{Error, Result};
use crate::migrate::ops;
use crate::ui::Ui;
use crate::version::Version;

/// Options of `baseline`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Record every version up to and including this one as applied
    #[arg(long, value_name = "VERSION")]
    pub version: String,
}

pub async fn run(args: Args, settings: &Settings, ui: &Ui) -> Result<i32> {
    let version =
        Version::parse(&args.version).map_err(|e| Error::Config(format!("--version: {e}")))?;
    let (engine, set) = super::open(settings, ui).await?;
    let opts = super::migrate_options(settings, None);
    let observer = ui.migrate_observer();
    let report = ops::baseline(engine.as_ref(), &set, &version, &opts, &observer).await?;
    super::repair::render(&report, "no version at or below the baseline version", ui);
    Ok(0)
}
