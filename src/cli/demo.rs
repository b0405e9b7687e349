//! `dbshape demo`: sample data backed up, the schema upgraded, the data restored, in a
//! directory of its own on the embedded SQLite engine. The narrative lives here; the
//! work is [`crate::demo`].

use std::path::PathBuf;

use crate::config::{OutputFormat, Settings};
use crate::demo::{self, Counts, DemoReport};
use crate::error::Result;
use crate::ui::Ui;

/// Options of `demo`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Directory for the demo's databases and dumps (replaced if an earlier demo made it)
    #[arg(long, value_name = "DIR", default_value = "dbshape-demo")]
    pub dir: PathBuf,
}

pub async fn run(args: Args, settings: &Settings, ui: &Ui) -> Result<i32> {
    let observer = ui.restore_observer();
    let backup_observer = ui.backup_observer();
    let report = demo::run(&args.dir, settings, &observer, &backup_observer).await?;
    drop(backup_observer);
    drop(observer);
    if ui.format() == OutputFormat::Json {
        ui.json(&report);
    } else {
        ui.text(&narrate(&report));
    }
    Ok(0)
}

fn total(counts: &Counts) -> u64 {
    counts.iter().map(|(_, n)| n).sum()
}

fn narrate(r: &DemoReport) -> String {
    let u = &r.upgrade;
    let dump = u
        .backup
        .as_ref()
        .and_then(|b| b.path.clone())
        .unwrap_or_default();
    let mut out = String::new();
    out.push_str(&format!(
        "1. Sample data at an old schema version\n   \
         {} is a catalog shaped at version {} (the first of this dbshape's versions) and \
         filled with {} rows:\n",
        r.database,
        r.sample_version,
        total(&r.sample_rows)
    ));
    for (t, n) in &r.sample_rows {
        out.push_str(&format!("     {t:<22}{n:>4}\n"));
    }
    out.push_str(&format!(
        "\n2. The upgrade (`dbshape upgrade`, what a release pipeline runs)\n   \
         pre-upgrade backup: {dump}\n   \
         (version-stamped {}, every table digested; check it any time with `dbshape verify {dump}`)\n   \
         migrated {} version(s): {} -> {}, then validated: {}\n",
        r.sample_version,
        u.migrate.applied.len(),
        r.sample_version,
        u.schema_version.as_deref().unwrap_or("(none)"),
        if u.validate.valid { "valid" } else { "INVALID" }
    ));
    out.push_str(&format!(
        "\n3. The restore (`dbshape restore DUMP --shape --upgrade`, into a new, empty database)\n   \
         {} was shaped at {} (the dump's version, never another), loaded, checked against \
         the dump's digests, then upgraded to {}.\n   \
         It now holds the same {} rows as the upgraded catalog, table for table.\n",
        r.restored_database,
        r.sample_version,
        r.restored_version.as_deref().unwrap_or("(none)"),
        total(&r.restored_rows)
    ));
    out.push_str(&format!(
        "\nDone in {:.1} s. Look around:\n   \
         dbshape --url sqlite://{dir}/catalog.db info\n   \
         dbshape verify {dump}\n   \
         dbshape --url sqlite://{dir}/restored.db validate\n\
         Everything is in {dir}/; `dbshape demo` again starts over.",
        r.duration_ms as f64 / 1000.0,
        dir = r.dir
    ));
    out
}
