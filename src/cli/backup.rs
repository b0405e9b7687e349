//! `dbshape backup`: a consistent, streaming, version-stamped dump.

use std::path::PathBuf;

use crate::backup::{BackupReport, BackupRequest};
use crate::backups::PruneReport;
use crate::config::{OutputFormat, Settings};
use crate::dump::codec::Compression;
use crate::dump::crypt::PASSPHRASE_ENV;
use crate::error::{Error, Result};
use crate::ui::{units, Ui};

use super::Needs;

/// Options of `backup`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Dump file, `s3://BUCKET/KEY` for an object, or `-` for standard output [default:
    /// {backup dir}/{db}-{schema version}-{UTC time}.sql.zst]
    #[arg(short = 'o', long = "out", value_name = "PATH")]
    pub out: Option<String>,
    /// Whole-file compression [default: from the extension: .zst zstd, .gz gzip, else none]
    #[arg(long, value_enum, value_name = "CODEC")]
    pub compress: Option<Compression>,
    /// Replace an existing file or object
    #[arg(long)]
    pub force: bool,
    /// Directory of backups when no -o is given, or an S3 prefix (s3://BUCKET/PREFIX/)
    /// [default: ./backups, config backup.dir]
    #[arg(
        long,
        env = "DBSHAPE_BACKUP_DIR",
        hide_env_values = true,
        value_name = "DIR"
    )]
    pub backup_dir: Option<PathBuf>,
    /// After the backup (once it verified), delete this database's dumps in the backup
    /// directory that these rules do not keep (see `dbshape backups prune`)
    #[command(flatten)]
    pub retention: super::backups::RetentionArgs,
    /// Back up a database whose schema is behind this program's server version (the dump
    /// is stamped with the database's own version)
    #[arg(long)]
    pub allow_pending: bool,
    #[command(flatten)]
    pub encrypt: EncryptArgs,
    /// Sign the dump with the Ed25519 secret key in KEYFILE (from `dbshape keygen --sign`);
    /// check it with `verify --trusted-key` or `restore --trusted-key`
    #[arg(long, value_name = "KEYFILE")]
    pub sign: Option<PathBuf>,
}

/// Encryption flags of `backup`, `upgrade` and `convert`.
#[derive(Debug, Clone, clap::Args)]
pub struct EncryptArgs {
    /// Encrypt the dump with age to RECIPIENT: an age1... public key, or a file of them
    /// (repeatable; any one of their keys decrypts)
    #[arg(long, value_name = "RECIPIENT")]
    pub encrypt_to: Vec<String>,
    /// Encrypt the dump with age to the passphrase in DBSHAPE_PASSPHRASE
    #[arg(long)]
    pub passphrase: bool,
}

impl EncryptArgs {
    pub fn encryption(&self) -> Result<crate::dump::crypt::Encryption> {
        let passphrase = match self.passphrase {
            true => Some(super::passphrase()?.ok_or_else(|| {
                Error::Config(format!(
                    "--passphrase takes the passphrase from {PASSPHRASE_ENV}, which is not set"
                ))
            })?),
            false => None,
        };
        crate::dump::crypt::Encryption::from_args(&self.encrypt_to, passphrase)
    }
}

pub async fn run(args: Args, settings: &Settings, ui: &Ui) -> Result<i32> {
    let request = BackupRequest {
        out: args.out,
        compression: args.compress,
        force: args.force,
        backup_dir: args.backup_dir,
        allow_pending: args.allow_pending,
    };
    let retention = args.retention.request();
    request.check(settings)?;
    crate::backups::check_request(&request, &retention)?;
    retention.policy(settings)?;
    let encryption = args.encrypt.encryption()?;
    let sign = match &args.sign {
        Some(path) => Some(std::sync::Arc::new(
            crate::dump::sign::SecretKey::from_file(path)?,
        )),
        None => None,
    };
    // Whether versions are pending is decided on the snapshot's own change log, under
    // the migration lock (see `backup::backup`): checked here, before waiting for a
    // running `migrate`, it would refuse the very versions that run is applying.
    let (engine, set) = super::open_for(settings, ui, Needs::Migratable).await?;
    let observer = ui.backup_observer();
    let (report, pruned) = crate::backups::backup_and_prune(
        settings,
        engine.as_ref(),
        &set,
        &request,
        &retention,
        encryption,
        sign,
        &observer,
    )
    .await?;
    drop(observer);
    render(&report, pruned.as_ref(), ui);
    Ok(0)
}

fn render(report: &BackupReport, pruned: Option<&PruneReport>, ui: &Ui) {
    if ui.format() == OutputFormat::Json {
        // With `-o -` stdout carries the dump itself; the report goes to stderr then.
        if report.path.is_none() {
            ui.status(&serde_json::to_string(report).unwrap_or_default());
        } else {
            let mut doc = serde_json::to_value(report).unwrap_or_default();
            if let (Some(p), Some(obj)) = (pruned, doc.as_object_mut()) {
                obj.insert("pruned".into(), serde_json::to_value(p).unwrap_or_default());
            }
            ui.json(&doc);
        }
        return;
    }
    if let Some(p) = pruned {
        super::backups::render_pruned(p, ui);
    }
    let how = match report.compression {
        Compression::None => "uncompressed".to_string(),
        c => format!("with {}", c.name()),
    };
    let how = match report.encryption {
        "none" => how,
        e => format!("{how}, encrypted ({e})"),
    };
    let size = match report.stored_bytes {
        Some(stored) => format!(
            "{} of SQL, {} stored {how}",
            units::bytes(report.bytes),
            units::bytes(stored)
        ),
        None => format!("{} of SQL, written {how}", units::bytes(report.bytes)),
    };
    let text = format!(
        "backed up {} table(s), {} row(s), schema version {} to {} ({size}) in {}",
        report.tables.len(),
        report.rows,
        report.schema_version.as_deref().unwrap_or("(none)"),
        report.path.as_deref().unwrap_or("standard output"),
        units::duration_ms(report.duration_ms)
    );
    if report.path.is_none() {
        ui.status(&text);
    } else {
        ui.text(&text);
    }
}
