//! `dbshape convert IN -o OUT` and `dbshape keygen`: key rotation, recompression, and
//! the keys to do it with. Neither connects to a database.

use std::path::{Path, PathBuf};

use crate::backup::Source;
use crate::config::OutputFormat;
use crate::convert::{self, ConvertPlan, Output};
use crate::dump::codec::Compression;
use crate::error::{Error, Result};
use crate::ui::Ui;

/// Options of `convert`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The dump to convert, a file or `s3://BUCKET/KEY` (never modified)
    #[arg(value_name = "IN")]
    pub input: String,
    /// The new dump: a file, or `s3://BUCKET/KEY` for an object
    #[arg(short = 'o', long = "out", value_name = "OUT")]
    pub out: String,
    /// Compression of the new file [default: from its extension: .zst zstd, .gz gzip, else none]
    #[arg(long, value_enum, value_name = "CODEC")]
    pub compress: Option<Compression>,
    /// Replace an existing OUT
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub encrypt: super::backup::EncryptArgs,
}

pub fn run(args: Args, ui: &Ui) -> Result<i32> {
    let plan = ConvertPlan {
        compression: args.compress.unwrap_or(Compression::from_path(&args.out)),
        encryption: args.encrypt.encryption()?,
        input: Source::parse(&args.input)?,
        output: Output::parse(&args.out)?,
        force: args.force,
    };
    let report = convert::convert(&plan)?;
    if ui.format() == OutputFormat::Json {
        ui.json(&report);
    } else {
        let check = if report.verified {
            "read back and verified".to_string()
        } else {
            format!(
                "written from the verified original, but not read back: no key for its new \
                 recipients here; check it with `dbshape --identity NEW-KEY verify {}`",
                report.output
            )
        };
        ui.text(&format!(
            "converted {} to {} (format {}, schema version {}, {:?}, encryption {}); {check}; \
             sha256 {} unchanged",
            report.input,
            report.output,
            report.format_version,
            report.schema_version.as_deref().unwrap_or("(none)"),
            report.compression,
            report.encryption,
            report.sha256
        ));
    }
    Ok(0)
}

/// Options of `keygen`.
#[derive(Debug, clap::Args)]
pub struct KeygenArgs {
    /// Write the identity (secret key) here, mode 0600; the recipient goes to stdout.
    /// With --sign: the signing key, mode 0600, and its public key to FILE.pub
    #[arg(short = 'o', long = "out", value_name = "FILE")]
    pub out: PathBuf,
    /// Make an Ed25519 signing key pair (for `backup --sign` and `--trusted-key`)
    /// instead of an age encryption identity
    #[arg(long)]
    pub sign: bool,
}

/// Creates `path` with `text`, never replacing a file; `mode` on Unix.
fn write_new(path: &Path, text: &str, mode: u32, what: [&'static str; 2]) -> Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(mode);
    }
    #[cfg(not(unix))]
    let _ = mode;
    let mut file = options.open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            Error::Config(format!(
                "{} already exists; keygen never overwrites a key",
                path.display()
            ))
        } else {
            Error::io(what[0], path, e)
        }
    })?;
    use std::io::Write;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| Error::io(what[1], path, e))
}

fn keygen_sign(args: &KeygenArgs, ui: &Ui) -> Result<i32> {
    let (secret, public, key_id) = crate::dump::sign::generate()?;
    let mut pub_path = args.out.clone().into_os_string();
    pub_path.push(".pub");
    let pub_path = PathBuf::from(pub_path);
    // Both names are checked first, so a refused run leaves no half pair behind.
    for p in [&args.out, &pub_path] {
        if p.exists() {
            return Err(Error::Config(format!(
                "{} already exists; keygen never overwrites a key",
                p.display()
            )));
        }
    }
    write_new(
        &args.out,
        &secret,
        0o600,
        ["create the signing key file", "write the signing key file"],
    )?;
    write_new(
        &pub_path,
        &public,
        0o644,
        ["create the public key file", "write the public key file"],
    )?;
    if ui.format() == OutputFormat::Json {
        ui.json(&serde_json::json!({
            "key_file": args.out.display().to_string(),
            "public_key_file": pub_path.display().to_string(),
            "key_id": key_id,
        }));
    } else {
        ui.status(&format!(
            "wrote the signing key to {} (keep it secret; for backup --sign) and its public key to {} (for --trusted-key); key id:",
            args.out.display(),
            pub_path.display()
        ));
        ui.text(&key_id);
    }
    Ok(0)
}

pub fn keygen(args: KeygenArgs, ui: &Ui) -> Result<i32> {
    if args.sign {
        return keygen_sign(&args, ui);
    }
    let (text, recipient) = crate::dump::crypt::generate()?;
    write_new(
        &args.out,
        &text,
        0o600,
        ["create the identity file", "write the identity file"],
    )?;
    if ui.format() == OutputFormat::Json {
        ui.json(&serde_json::json!({
            "identity_file": args.out.display().to_string(),
            "recipient": recipient,
        }));
    } else {
        ui.status(&format!(
            "wrote the identity to {} (keep it secret); its recipient, for --encrypt-to:",
            args.out.display()
        ));
        ui.text(&recipient);
    }
    Ok(0)
}
