//! Which scratch database a drill restores into, and what becomes of it afterwards.
//!
//! The rules, in order, so that a drill never touches a database it should not:
//! - never the configured database (the one every other command works on);
//! - a database that does not exist is created, marked as this drill's, and dropped at
//!   the end (`engine::scratch`);
//! - a database left by a drill that was killed (it holds a drill's marker and that
//!   drill is not running) is dropped and made anew: the next drill cleans up what it
//!   can identify as its own;
//! - an existing database without a marker is used only when it is empty, and is emptied
//!   again at the end, never dropped;
//! - no scratch URL, for a SQLite dump: a new file in the temporary directory, named
//!   `dbshape-drill-<pid>-<n>.db`; files of that name whose process is gone are removed
//!   first.

use std::path::PathBuf;

use crate::config::{DbUrl, Settings};
use crate::dialect::Dialect;
use crate::engine::{self, scratch};
use crate::error::{Error, Result};

/// File name prefix of the temporary SQLite scratch databases.
const TEMP_PREFIX: &str = "dbshape-drill-";

/// The scratch database of one drill.
pub(super) struct Scratch {
    /// The settings a restore into it runs with.
    pub settings: Settings,
    /// dbshape created it (and drops it at the end).
    pub created: bool,
    /// Databases of killed drills removed first, as shown.
    pub cleaned: Vec<String>,
}

/// A new temporary SQLite file's URL, after removing those of drills that are gone.
fn temporary_sqlite(cleaned: &mut Vec<String>) -> Result<DbUrl> {
    let dir = std::env::temp_dir();
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some(rest) = name.strip_prefix(TEMP_PREFIX) else {
                continue;
            };
            let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
            let gone = pid.is_some_and(|p| !scratch::process_alive(p));
            if gone && std::fs::remove_file(entry.path()).is_ok() {
                cleaned.push(entry.path().display().to_string());
            }
        }
    }
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let path: PathBuf = dir.join(format!("{TEMP_PREFIX}{}-{nanos}.db", std::process::id()));
    DbUrl::parse(&format!("sqlite://{}", path.display()))
}

/// Settles the scratch database (see the module documentation). `url`: `--scratch`;
/// `dialect`: the dump's.
pub(super) async fn prepare(
    settings: &Settings,
    url: Option<&DbUrl>,
    dialect: Dialect,
    started_at: &str,
) -> Result<Scratch> {
    let mut cleaned = Vec::new();
    let url = match url {
        Some(u) => u.clone(),
        None if dialect == Dialect::Sqlite => temporary_sqlite(&mut cleaned)?,
        None => {
            return Err(Error::Config(format!(
                "a drill of a {dialect} dump needs a scratch database on a server: give \
                 --scratch URL (a database that does not exist yet, which the drill creates \
                 and drops, or an empty one)"
            )))
        }
    };
    if url.same_database(&settings.url) {
        return Err(Error::Config(format!(
            "the scratch database {} is the configured database; a drill restores into a \
             database of its own and drops it: give another with --scratch",
            url.redacted()
        )));
    }
    let at = Settings {
        url,
        ..settings.clone()
    };
    let admin = scratch::Admin::open(&at).await?;
    if admin.exists().await? {
        let engine = engine::connect(&at).await?;
        match scratch::marker(engine.as_ref()).await? {
            Some(m) if m.may_be_running() => {
                return Err(Error::Config(format!(
                    "the scratch database {} is in use by a drill (process {} on this host, \
                     started {}); wait for it, or give another --scratch",
                    at.url.redacted(),
                    m.pid,
                    m.started_at
                )))
            }
            Some(m) => {
                drop(engine);
                admin.drop_database().await?;
                cleaned.push(format!(
                    "{} (left by a drill on {} started {})",
                    at.url.redacted(),
                    m.host,
                    m.started_at
                ));
            }
            None => {
                if let Some(objects) = scratch::objects_if_used(engine.as_ref()).await? {
                    return Err(Error::Config(format!(
                        "the scratch database {} is not empty ({objects} object(s)); a drill \
                         restores into a new or empty database and empties it afterwards: \
                         give a database that does not exist yet (the drill creates and drops \
                         it) or an empty one",
                        at.url.redacted()
                    )));
                }
                return Ok(Scratch {
                    settings: at,
                    created: false,
                    cleaned,
                });
            }
        }
    }
    admin.create().await?;
    drop(admin);
    let engine = engine::connect(&at).await?;
    scratch::mark(engine.as_ref(), started_at).await?;
    Ok(Scratch {
        settings: at,
        created: true,
        cleaned,
    })
}

impl Scratch {
    /// Removes what the drill made: the database it created, or every object of the
    /// empty database it was given.
    pub async fn remove(&self) -> Result<()> {
        if self.created {
            return scratch::Admin::open(&self.settings)
                .await?
                .drop_database()
                .await;
        }
        let engine = engine::connect(&self.settings).await?;
        engine::drop_all::drop_all_objects(engine.as_ref()).await?;
        Ok(())
    }
}
