//! `dbshape shape show` and `dbshape shape diff A B`: a live database's shape, and what
//! differs between two (see `crate::inspect`).

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
}

pub async fn run(args: Args, settings: &Settings, ui: &Ui) -> Result<i32> {
    match args.command {
        ShapeCommand::Show => show(settings, ui).await,
        ShapeCommand::Diff { a, b } => diff(settings, &a, &b, ui).await,
    }
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
