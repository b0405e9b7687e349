//! `convert`: rewrite a dump with other compression or other recipients (key rotation).
//!
//! The input is verified in full first (decrypted with the installed keys), then its
//! content is written again through the same sealing path as `backup` (compress, then
//! encrypt) into a temporary file next to the output, fsynced and renamed (or, for an
//! `s3://` output, a multipart upload completed only at the end); the result is read
//! back and verified before the command succeeds. The input is only read. The content is
//! carried over byte for byte, in its own format version (every version stays readable;
//! format 2 only adds the two `session_replication_role` lines of a PostgreSQL dump, which
//! matter to a `psql` replay, not to `restore`; format 3 only names the schema of tables
//! outside the connection's), so the digests stay the same; a fixture
//! of every format version is converted by the tests.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::backup::{self, Source};
use crate::dump::codec::Compression;
use crate::dump::crypt::{Encryption, Sealer};
use crate::dump::object::{self, ObjectSource, ObjectUrl, Upload};
use crate::dump::publish;
use crate::dump::reader::CheckOnly;
use crate::error::{Error, Result};

/// Where `convert` writes.
#[derive(Debug, Clone)]
pub enum Output {
    /// A local file, written under a temporary name, fsynced and renamed when complete.
    File(PathBuf),
    /// An object (`s3://BUCKET/KEY`), uploaded in parts; it appears only when complete.
    S3(ObjectUrl),
}

impl Output {
    /// `s3://BUCKET/KEY` is an object, anything else a file.
    pub fn parse(s: &str) -> Result<Output> {
        Ok(if object::is_object_url(s) {
            Output::S3(ObjectUrl::parse(s)?)
        } else {
            Output::File(PathBuf::from(s))
        })
    }

    fn describe(&self) -> String {
        match self {
            Output::File(p) => p.display().to_string(),
            Output::S3(u) => u.to_string(),
        }
    }

    /// The output as a dump to read back.
    fn source(&self) -> Source {
        match self {
            Output::File(p) => Source::File(p.clone()),
            Output::S3(u) => Source::S3(ObjectSource::new(u.clone())),
        }
    }
}

/// What `convert` was asked to do.
#[derive(Debug, Clone)]
pub struct ConvertPlan {
    /// The dump to convert: a file or an object, never standard input (it is read twice).
    pub input: Source,
    /// Where the converted dump goes; never the input itself.
    pub output: Output,
    /// Compression of the new file.
    pub compression: Compression,
    /// Encryption of the new file: other recipients, a passphrase, or none.
    pub encryption: Encryption,
    /// Replace an existing output file or object (`--force`); without it one is refused.
    pub force: bool,
}

/// The outcome of `convert`.
#[derive(Debug, Clone, Serialize)]
pub struct ConvertReport {
    /// The input, as given (path or `s3://` URL).
    pub input: String,
    /// The output, as given (path or `s3://` URL).
    pub output: String,
    /// The dump's format version, carried over unchanged.
    pub format_version: u32,
    /// The dump's schema version, from its header; `None` for a dump of a database dbshape
    /// never migrated.
    pub schema_version: Option<String>,
    /// Compression of the new file: `zstd`, `gzip` or `none`.
    pub compression: Compression,
    /// Encryption of the new file: `none`, `age-x25519` (recipients) or `age-scrypt`
    /// (passphrase).
    pub encryption: &'static str,
    /// Uncompressed bytes (the same before and after).
    pub bytes: u64,
    /// SHA-256 (hex) of the content before the trailer line: the input's, unchanged.
    pub sha256: String,
    /// Whether the new file was read back and checked in full (always, unless it is
    /// encrypted to recipients whose keys this process does not have).
    pub verified: bool,
    /// Why the new file could not be read back: the error of reading it without a key of
    /// its new recipients; `None` when it was read back and verified.
    pub not_verified_because: Option<String>,
}

/// Converts `plan.input` into `plan.output`.
pub fn convert(plan: &ConvertPlan) -> Result<ConvertReport> {
    let source = &plan.input;
    if let Source::Stdin = source {
        return Err(Error::Config(
            "convert reads its input twice (verify, then copy): give a file or an object, not \
             standard input"
                .into(),
        ));
    }
    let summary = backup::verify(source, &mut CheckOnly)?;
    match &plan.output {
        Output::File(out) => write_file(source, out, plan)?,
        Output::S3(url) => {
            if matches!(source, Source::S3(o) if &o.url == url) {
                return Err(same_output());
            }
            // The key is checked (--force) before the first part goes up.
            let upload = Upload::create(url, plan.force)?;
            let what = url.to_string();
            // Dropped on any error before `complete`: aborted, no object appears.
            let upload = write_copy(source, upload, plan, &what)?;
            upload
                .complete()
                .map_err(|e| object::io_error("write the converted dump to", &what, e))?;
        }
    }
    // Read back in full. Encrypted to new recipients, the result can only be read with
    // one of their keys: without one (key rotation usually hands the new key to someone
    // else), say so rather than fail.
    let verified = match backup::verify(&plan.output.source(), &mut CheckOnly) {
        Ok(after) if after.trailer.sha256 == summary.trailer.sha256 => None,
        Ok(_) => {
            return Err(Error::Integrity(format!(
                "the converted dump {} differs from the original: remove it",
                plan.output.describe()
            )))
        }
        Err(Error::Config(why)) if !plan.encryption.is_none() => Some(why),
        Err(e) => return Err(e),
    };
    Ok(ConvertReport {
        input: source.describe(),
        output: plan.output.describe(),
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

fn same_output() -> Error {
    Error::Config(
        "the output is the input: convert never touches the original; write another file".into(),
    )
}

/// Writes the copy to a temporary file next to `out`, fsynced, then renamed into place.
fn write_file(source: &Source, out: &Path, plan: &ConvertPlan) -> Result<()> {
    if out.exists() && !plan.force {
        return Err(Error::Config(format!(
            "{} already exists; choose another name or pass --force to replace it",
            out.display()
        )));
    }
    if matches!(source, Source::File(input) if same_file(input, out)) {
        return Err(same_output());
    }
    let (file, staged) = publish::stage(out, plan.force)?;
    let what = staged.temp().display().to_string();
    match write_copy(source, file, plan, &what) {
        Ok(_) => staged.publish(),
        Err(e) => {
            staged.discard();
            Err(e)
        }
    }
}

/// Copies the verified content of `source` through the same sealing path as `backup`
/// (compress, then encrypt) into `out`, named `what` in errors.
fn write_copy<W: Write + Send>(
    source: &Source,
    out: W,
    plan: &ConvertPlan,
    what: &str,
) -> Result<W> {
    let io = |e| object::io_error("write the converted dump to", what, e);
    let (_, mut input) = source.open()?;
    let mut sealed = Sealer::new(
        &plan.encryption,
        std::io::BufWriter::with_capacity(1 << 18, out),
    )
    .map_err(io)?;
    let mut enc = plan.compression.encoder(&mut sealed).map_err(io)?;
    let mut buf = vec![0u8; 1 << 18];
    loop {
        let n = input.read(&mut buf).map_err(|e| {
            object::transfer_failure("read the dump from", &e)
                .unwrap_or_else(|| Error::Integrity(format!("cannot read the dump: {e}")))
        })?;
        if n == 0 {
            break;
        }
        enc.write_all(&buf[..n]).map_err(io)?;
    }
    enc.finish().map_err(io)?;
    let buffered = sealed.finish().map_err(io)?;
    buffered.into_inner().map_err(|e| io(e.into_error()))
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}
