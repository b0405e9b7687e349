//! `dbshape restore DUMP`: gated, all-or-nothing restore into a clean database.

use std::path::PathBuf;

use crate::backup::Source;
use crate::config::{OutputFormat, Settings};
use crate::error::{Error, Result};
use crate::migrate::shape_check::{ShapeCheck, ShapeState};
use crate::restore::{self, RestorePlan, RestoreReport};
use crate::ui::{units, Ui};

/// Options of `restore`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The dump file, `s3://BUCKET/KEY` for an object, or `-` for standard input
    #[arg(value_name = "DUMP")]
    pub dump: String,
    /// On an empty database, first migrate it to exactly the dump's schema version
    #[arg(long)]
    pub shape: bool,
    /// After the data is in and verified, migrate to this program's server version
    #[arg(long)]
    pub upgrade: bool,
    /// Drop EVERY object of the target database first, then restore with --shape (the
    /// way back after a failed upgrade); asks for confirmation unless --yes
    #[arg(long)]
    pub clean: bool,
    /// Tables loaded at once, each on its own connection (MySQL/MariaDB; PostgreSQL and
    /// SQLite restore in one transaction on one connection and load table after table)
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub jobs: u16,
    /// A dump of another engine: what to do with a value the target cannot hold (a zero
    /// date or a NUL character into PostgreSQL, an integer out of the column's range):
    /// `error` stops before anything is committed, naming table, column and row;
    /// `null` stores NULL and counts it
    #[arg(long, value_enum, value_name = "POLICY", default_value_t = crate::dump::transcode::Unrepresentable::Error)]
    pub unrepresentable: crate::dump::transcode::Unrepresentable,
    /// Restore a dump of another engine, converting every row to this one
    /// (docs/cross-engine.md); without it such a dump is refused (exit 2) before the
    /// database is touched
    #[arg(long)]
    pub convert: bool,
    /// Read every table back after loading and compare it with the dump's digests, also
    /// those whose column types guarantee an exact load (PostgreSQL; the other engines
    /// always read back)
    #[arg(long)]
    pub reread: bool,
    /// Accept only a dump signed by the key in this public key file (FILE.pub from
    /// `dbshape keygen --sign`; repeatable, any one of them); an unsigned or otherwise
    /// signed dump is refused (exit 5) before the database is touched [config
    /// restore.trusted_keys, restore.require_signature]
    #[arg(long, value_name = "PUB")]
    pub trusted_key: Vec<PathBuf>,
    /// Load even when the database's shape differs from the shape of the dump's source
    /// (an object made or changed by hand on either side); the differences are reported
    /// instead of refused (exit 4), and after --upgrade not refused (exit 5)
    #[arg(long)]
    pub allow_drift: bool,
}

pub async fn run(args: Args, settings: &Settings, ui: &Ui) -> Result<i32> {
    let source = Source::parse(&args.dump)?;
    if args.clean {
        if !source.reopenable() {
            return Err(Error::Config(
                "--clean needs a dump file or object: it is verified in full before anything \
                 is dropped, standard input cannot be"
                    .into(),
            ));
        }
        super::confirm(
            settings,
            ui,
            "restore --clean drops EVERY table, view and routine",
            "nothing was dropped",
        )?;
    }
    let signature = super::signature_policy(&args.trusted_key, settings)?;
    let plan = RestorePlan {
        source,
        shape: args.shape || args.clean,
        clean: args.clean,
        upgrade: args.upgrade,
        lock_timeout: settings.lock_timeout,
        jobs: usize::from(args.jobs),
        unrepresentable: args.unrepresentable,
        convert: args.convert,
        reread_all: args.reread,
        signature,
        allow_drift: args.allow_drift,
    };
    let observer = ui.restore_observer();
    let report = restore::restore(settings, &plan, &observer).await?;
    drop(observer);
    render(&report, ui);
    Ok(0)
}

fn render(report: &RestoreReport, ui: &Ui) {
    if ui.format() == OutputFormat::Json {
        ui.json(report);
        return;
    }
    let checked = if report.reread == report.tables.len() {
        "every table matches the dump's digests".to_string()
    } else {
        format!(
            "every row matched the dump's digests as it went in; {} of {} table(s) read back and matched (the others' column types load exactly; --reread reads every table back)",
            report.reread,
            report.tables.len()
        )
    };
    let rate = units::rate(report.bytes, report.duration_ms)
        .map(|r| format!(" ({r})"))
        .unwrap_or_default();
    let mut text = format!(
        "restored {} table(s), {} row(s), {} in {}{rate} from {} at schema version {}{}; {checked}",
        report.tables.len(),
        report.rows,
        units::bytes(report.bytes),
        units::duration_ms(report.duration_ms),
        report.dump,
        report.schema_version.as_deref().unwrap_or("(none)"),
        if report.shaped {
            " (database shaped first)"
        } else {
            ""
        },
    );
    if let Some(to) = report.converted_to {
        text.push_str(&format!(
            "\nconverted from a {} dump to {}: every table matches the dump's rows cell by cell (canonical digests)",
            report.dialect, to
        ));
        if report.nulled > 0 {
            text.push_str(&format!(
                "; {} value(s) the target cannot hold were stored as NULL (--unrepresentable null)",
                report.nulled
            ));
        }
    }
    if let Some(s) = &report.signature {
        if let Some(id) = &s.key_id {
            text.push_str(&format!(
                "\nsignature: {} (key {id})",
                serde_json::to_value(s.state)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default()
            ));
        }
    }
    text.push_str(&format!("\nshape: {}", shape_line(&report.shape)));
    if let Some(m) = &report.upgrade {
        text.push_str(&format!(
            "\nupgraded: schema version {} -> {} ({} version(s) applied)",
            m.schema_version_before.as_deref().unwrap_or("(none)"),
            m.schema_version.as_deref().unwrap_or("(none)"),
            m.applied.len()
        ));
    }
    if let Some(after) = &report.shape_after_upgrade {
        text.push_str(&format!("\nshape after the upgrade: {}", shape_line(after)));
    }
    ui.text(&text);
}

/// How a shape judgement reads in the report: `matches the shape of the dump's source at
/// 1.2.0`, `drifted from ...: 2 object(s) differ (...) (--allow-drift)`, or why it was
/// not judged; a note (why the dump's own shape was not compared) follows.
fn shape_line(check: &ShapeCheck) -> String {
    let mut line = match check.state {
        ShapeState::Matches => format!("matches {}", check.judged_against()),
        ShapeState::Drifted => format!(
            "drifted from {}: {} (--allow-drift)",
            check.judged_against(),
            crate::shape::summarize(&check.differences, 5)
        ),
        other => format!("not judged ({})", other.as_str()),
    };
    if let Some(note) = &check.note {
        line.push_str(&format!("; {note}"));
    }
    line
}
