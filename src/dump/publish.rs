//! A dump file appears whole or not at all. It is written to a private temporary file
//! next to its path (`.<name>.dbshape-tmp.<pid>`, mode 0600, created exclusively), made
//! durable (fsync), then linked into place, or renamed over the path with `--force`; the
//! directory is fsynced last. A hard link fails if the path appeared meanwhile, so a dump
//! is never replaced silently. `backup` and `convert` both write through this, and the
//! temporary files of a writer that was killed are removed by the next one to the same
//! path.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::fault;

const TEMP_MARK: &str = ".dbshape-tmp.";

/// A temporary file waiting to become `final_path`.
#[derive(Debug)]
pub struct Staged {
    temp: PathBuf,
    final_path: PathBuf,
    force: bool,
}

/// Checks that `final_path` may be written (it does not exist unless `force`; its directory
/// exists), removes stale temporary files of earlier writers to it, and creates the
/// temporary file.
pub fn stage(final_path: &Path, force: bool) -> Result<(File, Staged)> {
    if final_path.exists() && !force {
        return Err(Error::Config(format!(
            "{} already exists; choose another name or pass --force to replace it",
            final_path.display()
        )));
    }
    let dir = parent_dir(final_path);
    if !dir.is_dir() {
        return Err(Error::Config(format!(
            "directory {} does not exist; create it first",
            dir.display()
        )));
    }
    remove_stale_temps(final_path);
    let temp = temp_path(final_path);
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let file = options
        .open(&temp)
        .map_err(|e| Error::io("create", &temp, e))?;
    Ok((
        file,
        Staged {
            temp,
            final_path: final_path.to_path_buf(),
            force,
        },
    ))
}

impl Staged {
    /// The temporary file's path, for messages about writing it.
    pub fn temp(&self) -> &Path {
        &self.temp
    }

    /// fsync, then link (or with `force` rename) the temporary file into place.
    pub fn publish(self) -> Result<()> {
        let (temp, path) = (&self.temp, &self.final_path);
        let result = File::open(temp)
            .map_err(|e| Error::io("open", temp, e))
            .and_then(|f| f.sync_all().map_err(|e| Error::io("fsync", temp, e)))
            .inspect(|()| fault::point("dump.publish", path.display()))
            .and_then(|()| {
                if self.force {
                    std::fs::rename(temp, path)
                        .map_err(|e| Error::io("rename the dump to", path, e))
                } else {
                    std::fs::hard_link(temp, path).map_err(|e| {
                        if e.kind() == std::io::ErrorKind::AlreadyExists {
                            Error::Config(format!(
                                "{} appeared while the dump was written; nothing was replaced (pass --force to replace it)",
                                path.display()
                            ))
                        } else {
                            Error::io("move the dump to", path, e)
                        }
                    })
                }
            });
        // Gone either way: linked (the final_path holds the data), renamed, or failed.
        let _ = std::fs::remove_file(temp);
        result?;
        if let Ok(d) = File::open(parent_dir(path)) {
            let _ = d.sync_all();
        }
        Ok(())
    }

    /// Removes the temporary file: the dump was not finished.
    pub fn discard(self) {
        let _ = std::fs::remove_file(&self.temp);
    }
}

fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// `.<name>.dbshape-tmp.<pid>` next to the final_path.
fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    parent_dir(path).join(format!(".{name}{TEMP_MARK}{}", std::process::id()))
}

/// Removes temporary files of earlier writers to the same path whose process is gone
/// (killed before it could clean up).
fn remove_stale_temps(path: &Path) {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = format!(".{name}{TEMP_MARK}");
    let Ok(entries) = std::fs::read_dir(parent_dir(path)) else {
        return;
    };
    for e in entries.flatten() {
        let file = e.file_name().to_string_lossy().into_owned();
        if let Some(pid) = file.strip_prefix(&prefix) {
            let alive = Path::new("/proc").join(pid).exists();
            if !alive && pid.chars().all(|c| c.is_ascii_digit()) {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
}
