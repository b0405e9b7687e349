//! `dbshape verify DUMP`: offline check of a dump; prints its header.

use crate::backup::{self, Source};
use crate::config::OutputFormat;
use crate::dump::format;
use crate::dump::reader::CheckOnly;
use crate::error::Result;
use crate::ui::Ui;

/// Options of `verify`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The dump file, `s3://BUCKET/KEY` for an object, or `-` for standard input
    #[arg(value_name = "DUMP")]
    pub dump: String,
}

pub async fn run(args: Args, ui: &Ui) -> Result<i32> {
    let source = Source::parse(&args.dump)?;
    let summary = tokio::task::block_in_place(|| backup::verify(&source, &mut CheckOnly))?;
    if ui.format() == OutputFormat::Json {
        ui.json(&serde_json::json!({
            "valid": true,
            "dump": args.dump,
            "compression": summary.compression,
            "bytes": summary.bytes,
            "header": summary.header,
            "trailer": summary.trailer,
        }));
        return Ok(0);
    }
    let h = &summary.header;
    let mut out = format!(
        "valid dbshape dump (format {}, {:?} compression, {} bytes)\n\
         dialect:        {} ({})\n\
         schema version: {}\n\
         server version: {}\n\
         created at:     {} by dbshape {}\n\
         change log:     {} version(s)\n\
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
        h.change_log.len()
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
        "counters: {}\nsha256:   {}",
        summary.trailer.counters.len(),
        summary.trailer.sha256
    ));
    ui.text(&out);
    Ok(0)
}
