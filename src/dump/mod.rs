//! The dump: its format, writer, reader, digests and compression.
//!
//! The layout is defined once in [`format`](mod@format); the writer and reader are its
//! only producers and consumers; engines only read and load rows, in the row syntax
//! of [`literals`] (see `crate::engine`'s snapshot readers), and never see the file.

pub mod codec;
pub mod crypt;
pub mod digest;
pub mod evidence;
pub mod format;
pub mod literals;
pub mod names;
pub mod object;
pub mod publish;
pub mod reader;
pub mod sign;
pub mod snapshot;
pub mod spool;
pub mod target;
pub mod templates;
pub mod transcode;
pub mod writer;

pub use codec::Compression;
pub use format::{Header, Trailer};
pub use reader::DumpSummary;
pub use writer::{Destination, DumpWriter};
