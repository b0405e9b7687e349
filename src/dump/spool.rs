//! A private temporary copy of a dump that can be read only once: standard input, a
//! pipe, a FIFO, process substitution (`<(...)`).
//!
//! `restore` reads a dump twice where it must verify it in full before writing anything
//! (see `crate::restore`): once to check, once to load. A pipe yields its bytes once, so
//! a second open finds it empty (`/dev/fd/N`) or waits forever for a writer (a FIFO).
//! Such an input is copied here first, as read (still compressed, still encrypted), into
//! an unnamed file of the system temp directory (`TMPDIR`, else `/tmp`): created with
//! mode 0600 and without a name (`O_TMPFILE`), so no other user can open it and it goes
//! away with the process however it ends, a kill included. Both reads then go through
//! the copy, which cannot change between them.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::Arc;

use crate::error::{Error, Result};

/// Free space kept on the temp directory's file system while copying: the copy stops
/// before leaving less, so that it does not fill the disk the database or the system
/// may need.
pub const KEEP_FREE: u64 = 256 << 20;

/// How often (bytes copied) the free space is looked at again.
const CHECK_EVERY: u64 = 64 << 20;

/// Copies `input` (named `what` in messages) into a private temporary file; returns
/// the file, at its start.
pub fn copy(input: &mut dyn Read, what: &str) -> Result<Arc<File>> {
    let dir = std::env::temp_dir();
    let mut file = tempfile::tempfile_in(&dir)
        .map_err(|e| Error::io("create a temporary file in", &dir, e))?;
    let mut buf = vec![0u8; 1 << 20];
    let mut copied = 0u64;
    let mut next_check = 0u64;
    loop {
        let n = match input.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Error::io("read the dump from", what, e)),
        };
        if copied >= next_check {
            check_room(&file, &dir, what, copied, n as u64)?;
            next_check = copied + CHECK_EVERY;
        }
        file.write_all(&buf[..n]).map_err(|e| {
            if e.kind() == std::io::ErrorKind::StorageFull {
                no_room(&dir, what, copied, 0)
            } else {
                Error::io("write the temporary copy of the dump in", &dir, e)
            }
        })?;
        copied += n as u64;
    }
    file.seek(SeekFrom::Start(0))
        .map_err(|e| Error::io("read the temporary copy of the dump in", &dir, e))?;
    Ok(Arc::new(file))
}

/// Refuses to go on when the next `CHECK_EVERY` bytes would leave less than
/// [`KEEP_FREE`] on the copy's file system.
fn check_room(file: &File, dir: &Path, what: &str, copied: u64, next: u64) -> Result<()> {
    let vfs = rustix::fs::fstatvfs(file)
        .map_err(|e| Error::io("look at the free space of", dir, e.into()))?;
    let free = vfs.f_bavail.saturating_mul(vfs.f_frsize);
    if free < KEEP_FREE + next.max(CHECK_EVERY) {
        return Err(no_room(dir, what, copied, free));
    }
    Ok(())
}

fn no_room(dir: &Path, what: &str, copied: u64, free: u64) -> Error {
    Error::Config(format!(
        "cannot copy the dump from {what} to a temporary file in {}: {copied} bytes copied, {free} bytes \
         free there, and dbshape keeps {KEEP_FREE} free; set TMPDIR to a directory with more room, or \
         restore from a file",
        dir.display()
    ))
}

/// A new reader of the copy, from its start. The two reads of a restore come one after
/// the other, so they may share the file's offset.
pub fn reopen(file: &Arc<File>) -> std::io::Result<File> {
    let mut f = file.try_clone()?;
    f.seek(SeekFrom::Start(0))?;
    Ok(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_reads_back_twice() {
        let data: Vec<u8> = (0..3_000_000u32).map(|i| (i % 251) as u8).collect();
        let file = copy(&mut &data[..], "a test").unwrap();
        for _ in 0..2 {
            let mut back = Vec::new();
            reopen(&file).unwrap().read_to_end(&mut back).unwrap();
            assert_eq!(back, data);
        }
    }
}
