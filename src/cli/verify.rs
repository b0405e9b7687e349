//! `dbshape verify DUMP`: offline check of a dump; prints its header.

use std::path::PathBuf;

use crate::backup::{self, Source};
use crate::config::{OutputFormat, Settings};
use crate::dump::format;
use crate::dump::reader::CheckOnly;
use crate::dump::sign::SignatureState;
use crate::error::Result;
use crate::ui::Ui;

/// Options of `verify`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The dump file, `s3://BUCKET/KEY` for an object, or `-` for standard input
    #[arg(value_name = "DUMP")]
    pub dump: String,
    /// Check the dump's signature against the key in this public key file (FILE.pub from
    /// `dbshape keygen --sign`; repeatable, any one of them): an unsigned or otherwise
    /// signed dump fails (exit 5). Without it, the keys restore would use [config
    /// restore.trusted_keys, restore.require_signature]
    #[arg(long, value_name = "PUB")]
    pub trusted_key: Vec<PathBuf>,
}

pub async fn run(args: Args, settings: &Settings, ui: &Ui) -> Result<i32> {
    let source = Source::parse(&args.dump)?;
    // The same rule as `restore`: keys on the command line demand a signature; the
    // config's keys demand one when `restore.require_signature` says so.
    let policy = super::signature_policy(&args.trusted_key, settings)?;
    let summary = tokio::task::block_in_place(|| backup::verify(&source, &mut CheckOnly))?;
    // The digests are intact; the signature decides the rest. A refused signature still
    // shows what was found (in JSON, the `signature` object) before the error.
    let (signature, refused) = policy.judge(&summary);
    if ui.format() == OutputFormat::Json {
        if let Some(e) = refused {
            ui.json(&serde_json::json!({
                "valid": false,
                "dump": args.dump,
                "signature": signature,
                "error": { "message": e.to_string(), "exit_code": e.exit_code() },
            }));
            ui.error_text(&e);
            return Ok(e.exit_code());
        }
        // The shape is shown by its digest and object count: its objects would be
        // thousands of lines (the dump's second line holds them).
        let objects = summary.header.shape.as_ref().map(|s| s.objects.len());
        let mut header = summary.header.clone();
        header.shape = None;
        ui.json(&serde_json::json!({
            "valid": true,
            "signature": signature,
            "dump": args.dump,
            "compression": summary.compression,
            "bytes": summary.bytes,
            "header": header,
            "shape_objects": objects,
            "trailer": summary.trailer,
        }));
        return Ok(0);
    }
    if let Some(e) = refused {
        return Err(e);
    }
    let h = &summary.header;
    let mut out = format!(
        "valid dbshape dump (format {}, {:?} compression, {} bytes)\n\
         dialect:        {} ({})\n\
         schema version: {}\n\
         server version: {}\n\
         created at:     {} by dbshape {}\n\
         change log:     {} version(s)\n\
         shape:          {}\n\
         tables:\n",
        h.format_version,
        summary.compression,
        summary.bytes,
        h.dialect,
        h.engine_version,
        h.schema_version.as_deref().unwrap_or("(none)"),
        h.server_version.as_deref().unwrap_or("(none)"),
        h.created_at,
        h.tool_version,
        h.change_log.len(),
        match (&h.shape_digest, &h.shape) {
            (Some(d), Some(s)) => format!(
                "{d} ({} objects, {})",
                s.objects.len(),
                s.server.as_deref().unwrap_or("-")
            ),
            _ => "(not carried: written before dumps carried their source's shape)".into(),
        }
    );
    for t in &summary.trailer.tables {
        let root = h
            .tables
            .iter()
            .find(|ht| ht.name == t.name && ht.schema == t.schema)
            .and_then(|ht| ht.partition_of.as_deref());
        let of = root
            .map(|r| format!("  (partition of {r})"))
            .unwrap_or_default();
        out.push_str(&format!(
            "  {:<40} {:>12} rows  digest {}{of}\n",
            format::display_name(t.schema.as_deref(), &t.name),
            t.rows,
            t.digest
        ));
    }
    out.push_str(&format!(
        "counters: {}\nsha256:   {}\nsignature: {}",
        summary.trailer.counters.len(),
        summary.trailer.sha256,
        match (signature.state, signature.key_id.as_deref()) {
            (SignatureState::Valid, Some(id)) => format!("valid, by trusted key {id}"),
            (SignatureState::Unchecked, Some(id)) =>
                format!("by key {id}, not checked (give its public key with --trusted-key)"),
            _ => "none".to_string(),
        }
    ));
    ui.text(&out);
    Ok(0)
}
