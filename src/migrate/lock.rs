//! One migrator at a time per database.
//!
//! The lock itself is the engine's (advisory lock, `GET_LOCK`, a file lock); all of them
//! are released by the server or kernel when the holder dies, so no lock ever goes stale
//! and nothing here needs a lease or a timeout on the holder's side. This file holds the
//! waiting loop written once for every engine: try, report who holds it, back off, give
//! up after `--lock-timeout`.

use std::time::{Duration, Instant};

use crate::engine::Engine;
use crate::error::{Error, Result};
pub use crate::lock_holder::LockHolder;

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
