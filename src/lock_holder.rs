//! Who holds the migration lock: the record every engine stores next to its lock and
//! every waiter prints.
//!
//! A core type of its own because it travels through every layer: engines store and
//! read it, the waiting loop in `migrate::lock` compares it, and the lock-timeout error
//! names it.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Who holds (or wants) the migration lock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockHolder {
    /// The host name of the machine the holder runs on.
    pub host: String,
    /// The holder's process id on that host.
    pub pid: u32,
    /// When it recorded itself as the holder, once it had the lock (UTC).
    pub since: DateTime<Utc>,
    /// The version of the dbshape that holds it.
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
