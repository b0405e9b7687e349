//! `convert`: rewrite a dump with other compression or other recipients (key rotation),
//! or to the current format version.
//!
//! The input is verified in full first (decrypted with the installed keys), then its
//! content is written again through the same sealing path as `backup` (compress, then
//! encrypt) into a temporary file next to the output, fsynced and renamed; the result
//! is verified before the command succeeds. The input is only read. Format 1 is the only
//! format version so far, so its content is carried over byte for byte and the digests
//! stay the same; a later format version will re-render the content here, which is why
//! a fixture of every format version is converted by the tests.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::backup::{self, Source};
use crate::dump::codec::Compression;
use crate::dump::crypt::{Encryption, Sealer};
use crate::dump::reader::CheckOnly;
use crate::error::{Error, Result};

/// What `convert` was asked to do.
#[derive(Debug, Clone)]
pub struct ConvertPlan {
    pub input: PathBuf,
    pub output: PathBuf,
    pub compression: Compression,
    pub encryption: Encryption,
    pub force: bool,
}

/// The outcome of `convert`.
#[derive(Debug, Clone, Serialize)]
pub struct ConvertReport {
    pub input: String,
    pub output: String,
    pub format_version: u32,
    pub schema_version: Option<String>,
    pub compression: Compression,
    pub encryption: &'static str,
    /// Uncompressed bytes (the same before and after).
    pub bytes: u64,
    pub sha256: String,
    /// Whether the new file was read back and checked in full (always, unless it is
    /// encrypted to recipients whose keys this process does not have).
    pub verified: bool,
    pub not_verified_because: Option<String>,
}

/// Converts `plan.input` into `plan.output`.
pub fn convert(plan: &ConvertPlan) -> Result<ConvertReport> {
    let source = Source::File(plan.input.clone());
    let summary = backup::verify(&source, &mut CheckOnly)?;
    if plan.output.exists() && !plan.force {
        return Err(Error::Config(format!(
            "{} already exists; choose another name or pass --force to replace it",
            plan.output.display()
        )));
    }
    if same_file(&plan.input, &plan.output) {
        return Err(Error::Config(
            "the output is the input: convert never touches the original; write another file"
                .into(),
        ));
    }
    let dir = match plan.output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = plan
        .output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "dump".into());
    let temp = dir.join(format!(".{name}.dbshape-tmp.{}", std::process::id()));
    let result = write_copy(&source, &temp, plan).and_then(|()| {
        std::fs::rename(&temp, &plan.output)
            .map_err(|e| Error::io("rename the converted dump to", &plan.output, e))
    });
    if let Err(e) = result {
        let _ = std::fs::remove_file(&temp);
        return Err(e);
    }
    if let Ok(d) = std::fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    // Read back in full. Encrypted to new recipients, the result can only be read with
    // one of their keys: without one (key rotation usually hands the new key to someone
    // else), say so rather than fail.
    let verified = match backup::verify(&Source::File(plan.output.clone()), &mut CheckOnly) {
        Ok(after) if after.trailer.sha256 == summary.trailer.sha256 => None,
        Ok(_) => {
            return Err(Error::Integrity(format!(
                "the converted dump {} differs from the original: remove it",
                plan.output.display()
            )))
        }
        Err(Error::Config(why)) if !plan.encryption.is_none() => Some(why),
        Err(e) => return Err(e),
    };
    Ok(ConvertReport {
        input: plan.input.display().to_string(),
        output: plan.output.display().to_string(),
        format_version: summary.header.format_version,
        schema_version: summary.header.schema_version,
        compression: plan.compression,
        encryption: plan.encryption.describe(),
        bytes: summary.bytes,
        sha256: summary.trailer.sha256,
        verified: verified.is_none(),
        not_verified_because: verified,
    })
}

fn write_copy(source: &Source, temp: &Path, plan: &ConvertPlan) -> Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let file = options
        .open(temp)
        .map_err(|e| Error::io("create", temp, e))?;
    let io = |e| Error::io("write the converted dump", temp, e);
    let (_, mut input) = source.open()?;
    let mut sealed = Sealer::new(
        &plan.encryption,
        std::io::BufWriter::with_capacity(1 << 18, &file),
    )
    .map_err(io)?;
    let mut enc = plan.compression.encoder(&mut sealed).map_err(io)?;
    let mut buf = vec![0u8; 1 << 18];
    loop {
        let n = input
            .read(&mut buf)
            .map_err(|e| Error::Integrity(format!("cannot read the dump: {e}")))?;
        if n == 0 {
            break;
        }
        enc.write_all(&buf[..n]).map_err(io)?;
    }
    enc.finish().map_err(io)?;
    sealed.finish().map_err(io)?;
    file.sync_all().map_err(io)
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}
