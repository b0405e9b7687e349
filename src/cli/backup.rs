//! `dbshape backup`: a consistent, streaming, version-stamped dump.

use std::path::PathBuf;

use crate::backup::{self, BackupPlan, BackupReport};
use crate::config::{OutputFormat, Settings};
use crate::dump::codec::Compression;
use crate::dump::writer::Target;
use crate::error::{Error, Result};
use crate::migrate::changelog;
use crate::ui::Ui;

/// Options of `backup`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Dump file, or `-` for standard output [default: <backup dir>/<db>-<schema version>-<UTC time>.sql.zst]
    #[arg(short = 'o', long = "out", value_name = "PATH")]
    pub out: Option<String>,
    /// Whole-file compression [default: from the extension: .zst zstd, .gz gzip, else none]
    #[arg(long, value_enum, value_name = "CODEC")]
    pub compress: Option<Compression>,
    /// Replace an existing file
    #[arg(long)]
    pub force: bool,
}

pub async fn run(args: Args, settings: &Settings, ui: &Ui) -> Result<i32> {
    let (engine, set) = super::open(settings, ui).await?;
    let (target, default_compression) = match args.out.as_deref() {
        Some("-") => (Target::Stdout, Compression::None),
        Some(p) => (
            Target::File {
                path: PathBuf::from(p),
                force: args.force,
            },
            Compression::from_path(p),
        ),
        None => {
            let log = changelog::read(engine.as_ref()).await?;
            let schema = log
                .iter()
                .filter(|r| r.status == changelog::Status::Completed)
                .map(|r| r.version.clone())
                .max()
                .map(|v| v.to_string())
                .unwrap_or_else(|| "empty".into());
            std::fs::create_dir_all(&settings.backup_dir)
                .map_err(|e| Error::io("create the backup directory", &settings.backup_dir, e))?;
            let name = format!(
                "{}-{schema}-{}.sql.zst",
                sanitize(&settings.url.database_name()),
                chrono::Utc::now().format("%Y%m%dT%H%M%SZ")
            );
            (
                Target::File {
                    path: settings.backup_dir.join(name),
                    force: args.force,
                },
                Compression::Zstd,
            )
        }
    };
    let plan = BackupPlan {
        target,
        compression: args.compress.unwrap_or(default_compression),
    };
    let observer = ui.backup_observer();
    let report = backup::backup(settings, engine.as_ref(), &set, &plan, &observer).await?;
    drop(observer);
    render(&report, ui);
    Ok(0)
}

fn sanitize(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    s
}

fn render(report: &BackupReport, ui: &Ui) {
    if ui.format() == OutputFormat::Json {
        // With `-o -` stdout carries the dump itself; the report goes to stderr then.
        if report.path.is_none() {
            ui.status(&serde_json::to_string(report).unwrap_or_default());
        } else {
            ui.json(report);
        }
        return;
    }
    let text = format!(
        "backed up {} table(s), {} row(s), schema version {} to {} ({} bytes uncompressed, {:?}) in {} ms",
        report.tables.len(),
        report.rows,
        report.schema_version.as_deref().unwrap_or("(none)"),
        report.path.as_deref().unwrap_or("standard output"),
        report.bytes,
        report.compression,
        report.duration_ms
    );
    if report.path.is_none() {
        ui.status(&text);
    } else {
        ui.text(&text);
    }
}
