//! `dbshape upgrade`: pre-upgrade backup, migrate, validate; the one command a
//! pipeline runs.

use std::path::PathBuf;

use crate::config::{OutputFormat, Settings};
use crate::error::{Error, Result};
use crate::ui::Ui;
use crate::upgrade::{self, UpgradePlan, UpgradeReport};

/// Options of `upgrade`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where the pre-upgrade dump goes [default: ./backups, config backup.dir]
    #[arg(
        long,
        env = "DBSHAPE_BACKUP_DIR",
        hide_env_values = true,
        value_name = "DIR"
    )]
    pub backup_dir: Option<PathBuf>,
    /// When the migration fails, drop everything and restore the pre-upgrade dump, so the
    /// database ends at its old version with all its data
    #[arg(long)]
    pub rollback_on_failure: bool,
    /// After a new pre-upgrade dump (once it verified), delete this database's dumps in
    /// the backup directory that these rules do not keep (see `dbshape backups prune`)
    #[command(flatten)]
    pub retention: super::backups::RetentionArgs,
    #[command(flatten)]
    pub encrypt: super::backup::EncryptArgs,
    /// Sign the pre-upgrade dump with the Ed25519 secret key in KEYFILE (from `dbshape
    /// keygen --sign`), as `backup --sign` does
    #[arg(long, value_name = "KEYFILE")]
    pub sign: Option<PathBuf>,
    /// Upgrade even when the database's shape drifted from the one recorded for its
    /// version (see `dbshape validate`)
    #[arg(long)]
    pub allow_drift: bool,
}

pub async fn run(args: Args, settings: &Settings, ui: &Ui) -> Result<i32> {
    let encryption = args.encrypt.encryption()?;
    if args.rollback_on_failure
        && matches!(encryption, crate::dump::crypt::Encryption::Recipients(_))
        && !settings.has_identities
    {
        return Err(Error::Config(
            "--rollback-on-failure restores the encrypted pre-upgrade dump: pass --identity FILE \
             with a key of one of the --encrypt-to recipients"
                .into(),
        ));
    }
    // A key that cannot be read stops the upgrade before anything runs.
    let sign = args
        .sign
        .as_deref()
        .map(crate::dump::sign::SecretKey::from_file)
        .transpose()?
        .map(std::sync::Arc::new);
    let backup_dir = args
        .backup_dir
        .unwrap_or_else(|| settings.backup_dir.clone());
    crate::dump::object::refuse_as_directory(&backup_dir)?;
    let (engine, set) = super::open(settings, ui).await?;
    let plan = UpgradePlan {
        encryption,
        backup_dir,
        rollback_on_failure: args.rollback_on_failure,
        retention: args.retention.request().policy(settings)?,
        lock_timeout: settings.lock_timeout,
        sign,
        allow_drift: args.allow_drift,
    };
    let observer = ui.restore_observer();
    let backup_observer = ui.backup_observer();
    let result = upgrade::upgrade(
        settings,
        engine.as_ref(),
        &set,
        &plan,
        &observer,
        &backup_observer,
    )
    .await;
    drop(backup_observer);
    drop(observer);
    match result {
        Ok(report) => {
            render(&report, ui);
            Ok(report.validate.exit_code)
        }
        Err(f) if ui.format() == OutputFormat::Json => {
            // Pipelines get the way back as fields, not only as prose.
            let code = f.exit_code();
            ui.error_text(f.as_ref());
            ui.json(&serde_json::json!({
                "error": {
                    "message": f.to_string(),
                    "exit_code": code,
                    "backup": f.backup,
                    "schema_version_before": f.schema_version_before,
                    "restore_command": f.restore_command,
                    "restore_command_note": f.restore_command_note,
                    "rolled_back": matches!(f.rollback, Some(Ok(_))),
                    "rollback_skipped": f.rollback_skipped,
                    "rollback_error": f.rollback.as_ref().and_then(|r| r.as_ref().err()),
                }
            }));
            Ok(code)
        }
        Err(f) => Err(f.into()),
    }
}

fn render(report: &UpgradeReport, ui: &Ui) {
    if ui.format() == OutputFormat::Json {
        ui.json(report);
        return;
    }
    let mut out = String::new();
    if let Some(path) = &report.backup_reused {
        out.push_str(&format!(
            "pre-upgrade backup: {path}, from an earlier run ({})\n",
            report.backup_skipped.as_deref().unwrap_or("")
        ));
    }
    match (&report.backup, &report.backup_skipped) {
        _ if report.backup_reused.is_some() => {}
        (Some(b), _) => out.push_str(&format!(
            "pre-upgrade backup: {} (schema version {}, {} table(s), {} row(s))\n",
            b.path.as_deref().unwrap_or("(stdout)"),
            super::or_none(&b.schema_version),
            b.tables.len(),
            b.rows
        )),
        (None, Some(why)) => out.push_str(&format!("no pre-upgrade backup: {why}\n")),
        (None, None) => {}
    }
    if report.migrate.applied.is_empty() {
        out.push_str(&format!(
            "schema is up to date at version {}\n",
            super::or_none(&report.schema_version)
        ));
    } else {
        out.push_str(&format!(
            "migrated {} version(s): schema version {} -> {}\n",
            report.migrate.applied.len(),
            super::or_none(&report.schema_version_before),
            super::or_none(&report.schema_version)
        ));
    }
    if let Some(p) = &report.pruned {
        super::backups::render_pruned(p, ui);
    }
    if report.validate.valid {
        out.push_str(&format!(
            "valid: schema version {} matches the server version {}",
            super::or_none(&report.schema_version),
            super::or_none(&report.server_version)
        ));
    } else {
        out.push_str("invalid after the upgrade:\n");
        for p in &report.validate.problems {
            out.push_str(&format!("  {} {}: {}\n", p.version, p.state, p.message));
        }
    }
    ui.text(out.trim_end());
}
