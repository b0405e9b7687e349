//! A dump as a sequence of lines: each read with a cap on its length, numbered, and
//! required to end in a line end, with the running SHA-256 and byte count of the lines
//! the file digest covers.
//!
//! Kept apart from what the lines mean because every part of the reader (the magic line,
//! the header, the sections, the trailer) needs the same guarantees before it looks at a
//! line: a hostile line is refused as soon as it passes its cap, never held whole, and
//! a read error says whether the transfer or the file failed.

use std::io::BufRead;

use sha2::{Digest, Sha256};

use crate::dump::format::MAX_ROW_LINE;
use crate::error::{Error, Result};

/// The lines of one dump, read one at a time into one buffer.
pub(super) struct Lines<'a> {
    input: Box<dyn BufRead + Send + 'a>,
    /// The current line, with its line end.
    line: Vec<u8>,
    /// The number of the current line, from 1; 0 before the first.
    number: u64,
    /// The lines taken into the file digest so far (every line before the trailer).
    digest: Sha256,
    /// Uncompressed bytes of the lines taken or counted so far.
    bytes: u64,
}

impl<'a> Lines<'a> {
    pub(super) fn new(input: Box<dyn BufRead + Send + 'a>) -> Self {
        Lines {
            input,
            line: Vec::with_capacity(1 << 16),
            number: 0,
            digest: Sha256::new(),
            bytes: 0,
        }
    }

    /// Reads the next line, at most `cap` bytes before its line end; false at end of
    /// input. A longer line is refused as soon as it passes the cap, before the rest of
    /// it is read or held.
    pub(super) fn next(&mut self, cap: usize) -> Result<bool> {
        let number = self.number;
        let got = read_line(&mut self.input, &mut self.line, cap).map_err(|e| {
            // A download that failed is a transfer problem, not a damaged dump.
            if let Some(failed) = crate::dump::object::transfer_failure("read the dump from", &e) {
                return failed;
            }
            if e.kind() == std::io::ErrorKind::OutOfMemory {
                return Error::db(format!("cannot read dump line {}", number + 1), e);
            }
            let at = match number {
                0 => "before its first line".to_string(),
                n => format!("after line {n}"),
            };
            Error::Integrity(format!(
                "cannot read the dump {at}: {e}: a compressed file cut short (a copy, download or backup that did not finish) or a file that is not a dump; use another copy, or take a new backup"
            ))
        })?;
        match got {
            Line::Eof => return Ok(false),
            Line::TooLong => {
                let what = if cap == MAX_ROW_LINE {
                    "the most a row line may hold, since no engine loads a longer row back"
                } else {
                    "the most a line outside the table data may hold"
                };
                return Err(Error::Integrity(format!(
                    "dump line {} is longer than {} bytes, {what}: the dump is damaged, or was not written by dbshape",
                    number + 1,
                    cap
                )));
            }
            Line::Read => {}
        }
        self.number += 1;
        if self.line.last() != Some(&b'\n') {
            return Err(Error::Integrity(format!(
                "dump line {} has no line end: the dump is truncated",
                self.number
            )));
        }
        Ok(true)
    }

    /// The number of the current line, from 1 (0 before the first line).
    pub(super) fn number(&self) -> u64 {
        self.number
    }

    /// The current line with its line end.
    pub(super) fn line(&self) -> &[u8] {
        &self.line
    }

    /// The current line without its line end.
    pub(super) fn body(&self) -> &[u8] {
        &self.line[..self.line.len() - 1]
    }

    /// Takes the current line into the file digest and the byte count.
    pub(super) fn digest_line(&mut self) {
        self.digest.update(&self.line);
        self.count_line();
    }

    /// Counts the current line's bytes without digesting it (the trailer's own line).
    pub(super) fn count_line(&mut self) {
        self.bytes += self.line.len() as u64;
    }

    /// The file digest (hex) and the bytes read.
    pub(super) fn finish(self) -> (String, u64) {
        (hex::encode(self.digest.finalize()), self.bytes)
    }
}

/// What [`read_line`] found.
#[derive(Debug, PartialEq, Eq)]
enum Line {
    Eof,
    /// A line, with its line end unless the input ended first.
    Read,
    /// A line longer than the cap: nothing more of it was read.
    TooLong,
}

/// Reads one line into `line` (cleared first), refusing it as soon as it is known to be
/// longer than `cap` bytes before its line end, so that a hostile line is never held
/// whole. Memory for the line is reserved fallibly: a line within the cap that does not
/// fit in memory is an error, not an abort.
fn read_line(input: &mut dyn BufRead, line: &mut Vec<u8>, cap: usize) -> std::io::Result<Line> {
    line.clear();
    loop {
        let buf = match input.fill_buf() {
            Ok(buf) => buf,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            return Ok(if line.is_empty() {
                Line::Eof
            } else {
                Line::Read
            });
        }
        let (take, ended) = match memchr::memchr(b'\n', buf) {
            Some(i) => (i + 1, true),
            None => (buf.len(), false),
        };
        if line.len() + take - usize::from(ended) > cap {
            return Ok(Line::TooLong);
        }
        line.try_reserve(take).map_err(|_| {
            std::io::Error::new(
                std::io::ErrorKind::OutOfMemory,
                format!(
                    "a line of more than {} bytes does not fit in this process's memory; \
                     raise its memory limit (ulimit -v) and try again",
                    line.len() + take
                ),
            )
        })?;
        line.extend_from_slice(&buf[..take]);
        input.consume(take);
        if ended {
            return Ok(Line::Read);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dump::codec::Compression;
    use crate::dump::format::MAX_MAGIC_LINE;
    use crate::dump::reader::{read, CheckOnly};

    /// Regression: one endless line was read whole (a 2 GB line took 4 GB of memory).
    #[test]
    fn long_lines_are_refused_without_reading_them_whole() {
        let mut input: &[u8] = b"abc\nabcdef\nab";
        let mut line = Vec::new();
        assert_eq!(read_line(&mut input, &mut line, 3).unwrap(), Line::Read);
        assert_eq!(line, b"abc\n");
        assert_eq!(read_line(&mut input, &mut line, 3).unwrap(), Line::TooLong);
        assert!(line.is_empty(), "nothing of the long line is kept");

        let mut first = vec![b'x'; MAX_MAGIC_LINE + 1];
        first.push(b'\n');
        let err = read(Box::new(&first[..]), Compression::None, &mut CheckOnly)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("not a dbshape dump: the first line is longer than 4096 bytes"),
            "{err}"
        );
    }
}
