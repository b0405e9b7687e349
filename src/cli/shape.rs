//! `dbshape shape show`, `shape diff A B` and `shape write --scratch URL`: a live
//! database's shape, what differs between two, and the expectations a migration set
//! ships (see `crate::inspect`).

use crate::config::{OutputFormat, Settings};
use crate::error::exit;
use crate::error::Result;
use crate::inspect;
use crate::ui::Ui;

/// Options of `shape`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: ShapeCommand,
}

/// What `shape` does.
#[derive(Debug, clap::Subcommand)]
pub enum ShapeCommand {
    /// Print the database's shape: every object with its definition, and the digest
    Show,
    /// Compare two databases of one engine: exit 0 when their shapes are equal, 5 when
    /// not, naming each object missing from, extra in or changed in B
    Diff {
        /// The database taken as expected
        #[arg(value_name = "URL_A")]
        a: String,
        /// The database compared with it
        #[arg(value_name = "URL_B")]
        b: String,
    },
    /// Apply the migration set to an empty scratch database version by version and
    /// write the shape each version produced into `<version>/<dialect>/shape.json`
    Write {
        /// The empty scratch database (one engine per run; not the configured database)
        #[arg(long, value_name = "URL")]
        scratch: String,
    },
}

pub async fn run(args: Args, settings: &Settings, ui: &Ui) -> Result<i32> {
    match args.command {
        ShapeCommand::Show => show(settings, ui).await,
        ShapeCommand::Diff { a, b } => diff(settings, &a, &b, ui).await,
        ShapeCommand::Write { scratch } => write(settings, &scratch, ui).await,
    }
}

async fn write(settings: &Settings, scratch: &str, ui: &Ui) -> Result<i32> {
    let observer = ui.migrate_observer();
    let report = inspect::write(settings, scratch, &observer).await?;
    drop(observer);
    if ui.format() == OutputFormat::Json {
        ui.json(&report);
        return Ok(0);
    }
    let mut out = format!(
        "wrote the shape of {} version(s) on {} ({}) into {}:\n",
        report.written.len(),
        report.dialect,
        report.server.as_deref().unwrap_or("-"),
        report.directory
    );
    for w in &report.written {
        out.push_str(&format!(
            "  {}: {} object(s), {}\n",
            w.version, w.objects, w.digest
        ));
    }
    ui.text(out.trim_end());
    Ok(0)
}

async fn show(settings: &Settings, ui: &Ui) -> Result<i32> {
    let report = inspect::show(settings).await?;
    if ui.format() == OutputFormat::Json {
        ui.json(&report);
        return Ok(0);
    }
    let mut out = format!(
        "database: {} ({})\ndigest:   {}\nobjects:  {}\n",
        report.database,
        report.dialect,
        report.digest,
        report.objects.len()
    );
    for o in &report.objects {
        out.push_str(&format!("\n{} {}:\n", o.kind, o.name));
        for line in o.definition.lines() {
            out.push_str("  ");
            out.push_str(line);
            out.push('\n');
        }
    }
    ui.text(out.trim_end());
    Ok(0)
}

async fn diff(settings: &Settings, a: &str, b: &str, ui: &Ui) -> Result<i32> {
    let report = inspect::diff(settings, a, b).await?;
    let code = if report.equal { 0 } else { exit::INTEGRITY };
    if ui.format() == OutputFormat::Json {
        ui.json(&report);
        return Ok(code);
    }
    let mut out = format!(
        "A: {} ({} objects, {})\nB: {} ({} objects, {})\n",
        report.a.database,
        report.a.objects,
        report.a.digest,
        report.b.database,
        report.b.objects,
        report.b.digest
    );
    if report.equal {
        out.push_str("the shapes are equal");
    } else {
        out.push_str(&format!(
            "{} difference(s), B against A:\n",
            report.differences.len()
        ));
        for d in &report.differences {
            out.push_str(&format!("{d}\n"));
        }
    }
    ui.text(out.trim_end());
    Ok(code)
}
