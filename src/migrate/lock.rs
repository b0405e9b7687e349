//! One migrator at a time per database.
//!
//! The lock itself is the engine's (advisory lock, `GET_LOCK`, a file lock); all of them
//! are released by the server or kernel when the holder dies, so no lock ever goes stale
//! and nothing here needs a lease or a timeout on the holder's side. This file holds the
//! waiting loop written once for every engine: try, report who holds it, back off, give
//! up after `--lock-timeout`.

use std::fmt;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::engine::Engine;
use crate::error::{Error, Result};

/// Who holds (or wants) the migration lock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockHolder {
    pub host: String,
    pub pid: u32,
    pub since: DateTime<Utc>,
    pub tool_version: String,
}

impl LockHolder {
    /// This process, now.
    pub fn me() -> LockHolder {
        LockHolder {
            host: gethostname::gethostname().to_string_lossy().into_owned(),
            pid: std::process::id(),
            since: Utc::now(),
            tool_version: env!("CARGO_PKG_VERSION").to_string(),
        }
    }
}

impl fmt::Display for LockHolder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let held = (Utc::now() - self.since).num_seconds().max(0);
        write!(
            f,
            "dbshape {} pid {} on host {} since {} ({held} s)",
            self.tool_version,
            self.pid,
            self.host,
            self.since.format("%Y-%m-%dT%H:%M:%SZ")
        )
    }
}

/// Waits for the migration lock, calling `on_wait` whenever the known holder changes.
/// Records this process as the holder once the lock is taken.
pub async fn acquire(
    engine: &dyn Engine,
    timeout: Duration,
    on_wait: &(dyn Fn(Option<&LockHolder>) + Send + Sync),
) -> Result<()> {
    let start = Instant::now();
    let mut last_seen: Option<Option<LockHolder>> = None;
    let mut pause = Duration::from_millis(50);
    loop {
        if engine.try_lock().await? {
            return Ok(());
        }
        let holder = engine.lock_holder().await?;
        if last_seen.as_ref() != Some(&holder) {
            on_wait(holder.as_ref());
            last_seen = Some(holder.clone());
        }
        if start.elapsed() >= timeout {
            return Err(Error::LockTimeout {
                waited_secs: start.elapsed().as_secs(),
                holder: holder.map(Box::new),
            });
        }
        tokio::time::sleep(pause.min(timeout.saturating_sub(start.elapsed()))).await;
        pause = (pause * 2).min(Duration::from_millis(500));
    }
}

/// Records this process as the lock holder (after dbshape's tables exist).
pub async fn announce(engine: &dyn Engine) -> Result<()> {
    engine.record_lock_holder(&LockHolder::me()).await
}
