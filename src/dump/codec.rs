//! Whole-file compression: zstd, gzip or none, chosen by flag or file extension when
//! writing and by magic bytes when reading, so a renamed file still reads.

use std::io::{BufRead, BufReader, Read, Write};

use serde::Serialize;

/// Compression of a dump file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum Compression {
    // `#[doc = concat!(..)]` rather than `///`: clap takes a variant's `///` for the help
    // of its value, which would change the `--compress` help pages.
    #[doc = concat!("zstd: for a `.zst` or `.zstd` name, and for a backup's default name.")]
    Zstd,
    #[doc = concat!("gzip: for a `.gz` name.")]
    Gzip,
    #[doc = concat!("Not compressed (plain SQL): for any other name, and for standard output.")]
    None,
}

impl Compression {
    /// The name used in flags, JSON and messages: `zstd`, `gzip` or `none`.
    pub fn name(self) -> &'static str {
        match self {
            Compression::Zstd => "zstd",
            Compression::Gzip => "gzip",
            Compression::None => "none",
        }
    }

    /// The compression a path's extension asks for.
    pub fn from_path(path: &str) -> Compression {
        if path.ends_with(".zst") || path.ends_with(".zstd") {
            Compression::Zstd
        } else if path.ends_with(".gz") {
            Compression::Gzip
        } else {
            Compression::None
        }
    }

    /// Wraps `out` in an encoder. zstd level 1: at level 3 the writer thread becomes
    /// the bottleneck of a dump on a busy machine (see docs/performance.md), while
    /// level 1 files are only a few percent larger.
    pub fn encoder<'a, W: Write + Send + 'a>(
        self,
        out: W,
    ) -> std::io::Result<Box<dyn FinishWrite + 'a>> {
        Ok(match self {
            Compression::Zstd => {
                let mut enc = zstd::stream::write::Encoder::new(out, 1)?;
                enc.include_checksum(true)?;
                Box::new(ZstdOut(Some(enc)))
            }
            Compression::Gzip => Box::new(GzOut(Some(flate2::write::GzEncoder::new(
                out,
                flate2::Compression::new(6),
            )))),
            Compression::None => Box::new(PlainOut(out)),
        })
    }
}

/// A writer that must be finished to write its last bytes.
pub trait FinishWrite: Write + Send {
    /// Writes the compression trailer and flushes.
    fn finish(self: Box<Self>) -> std::io::Result<()>;
}

struct PlainOut<W>(W);
impl<W: Write + Send> Write for PlainOut<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}
impl<W: Write + Send> FinishWrite for PlainOut<W> {
    fn finish(mut self: Box<Self>) -> std::io::Result<()> {
        self.0.flush()
    }
}

struct ZstdOut<'a, W: Write>(Option<zstd::stream::write::Encoder<'a, W>>);
impl<W: Write + Send> Write for ZstdOut<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.as_mut().map_or(Ok(0), |e| e.write(buf))
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.0.as_mut().map_or(Ok(()), |e| e.flush())
    }
}
impl<W: Write + Send> FinishWrite for ZstdOut<'_, W> {
    fn finish(mut self: Box<Self>) -> std::io::Result<()> {
        if let Some(e) = self.0.take() {
            e.finish()?.flush()?;
        }
        Ok(())
    }
}

struct GzOut<W: Write>(Option<flate2::write::GzEncoder<W>>);
impl<W: Write + Send> Write for GzOut<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.as_mut().map_or(Ok(0), |e| e.write(buf))
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.0.as_mut().map_or(Ok(()), |e| e.flush())
    }
}
impl<W: Write + Send> FinishWrite for GzOut<W> {
    fn finish(mut self: Box<Self>) -> std::io::Result<()> {
        if let Some(e) = self.0.take() {
            e.finish()?.flush()?;
        }
        Ok(())
    }
}

/// Opens a decoder for `input`, detecting compression by magic bytes.
pub fn decoder<'a, R: Read + Send + 'a>(
    input: R,
) -> std::io::Result<(Compression, Box<dyn BufRead + Send + 'a>)> {
    let mut buffered = BufReader::with_capacity(1 << 16, input);
    let head = buffered.fill_buf()?.to_vec();
    if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        let dec = zstd::stream::read::Decoder::with_buffer(buffered)?;
        Ok((
            Compression::Zstd,
            Box::new(BufReader::with_capacity(1 << 16, dec)),
        ))
    } else if head.starts_with(&[0x1f, 0x8b]) {
        let dec = flate2::bufread::MultiGzDecoder::new(buffered);
        Ok((
            Compression::Gzip,
            Box::new(BufReader::with_capacity(1 << 16, dec)),
        ))
    } else {
        Ok((Compression::None, Box::new(buffered)))
    }
}
