//! A `dbshape` process run in the background of a test, its output collected while it
//! runs (the lock, concurrency and backup-gate tests watch it and kill it), optionally
//! stopped at a fault point of the binary (`DBSHAPE_FAULT_PAUSE`, see `dbshape::fault`)
//! so that a kill lands exactly there.

use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::{Run, TestDb};

/// A `dbshape` child whose stdout and stderr are collected as they arrive; killed if
/// dropped while running.
pub struct Spawned {
    pub child: Child,
    pub stdout: Arc<Mutex<Vec<u8>>>,
    pub stderr: Arc<Mutex<Vec<u8>>>,
    pub readers: Vec<JoinHandle<()>>,
    pub status: Option<ExitStatus>,
}

impl Spawned {
    pub fn start(db: &TestDb, migrations: Option<&Path>, args: &[&str]) -> Spawned {
        Spawned::spawn(db.cmd(), migrations, args)
    }

    /// Like [`start`](Spawned::start), the run stopping for good at the fault point
    /// `pause` (`NAME` or `NAME:DETAIL`); see [`wait_for_pause`](Spawned::wait_for_pause).
    pub fn start_paused(
        db: &TestDb,
        migrations: Option<&Path>,
        args: &[&str],
        pause: &str,
    ) -> Spawned {
        let mut cmd = db.cmd();
        cmd.env(PAUSE_ENV, pause);
        Spawned::spawn(cmd, migrations, args)
    }

    /// Starts `cmd` (any program) with `--migrations` and `args` added.
    pub fn spawn(mut cmd: Command, migrations: Option<&Path>, args: &[&str]) -> Spawned {
        if let Some(m) = migrations {
            cmd.arg("--migrations").arg(m);
        }
        cmd.args(args).stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("spawn dbshape");
        let stdout = Arc::new(Mutex::new(Vec::new()));
        let stderr = Arc::new(Mutex::new(Vec::new()));
        let readers = vec![
            collect(child.stdout.take().unwrap(), stdout.clone()),
            collect(child.stderr.take().unwrap(), stderr.clone()),
        ];
        Spawned {
            child,
            stdout,
            stderr,
            readers,
            status: None,
        }
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.stderr.lock().unwrap()).into_owned()
    }

    pub fn running(&mut self) -> bool {
        if self.status.is_none() {
            self.status = self.child.try_wait().expect("try_wait");
        }
        self.status.is_none()
    }

    /// Waits until stderr shows `marker` (the child must still be running then).
    pub fn wait_for(&mut self, marker: &str) {
        let start = Instant::now();
        while !self.stderr().contains(marker) {
            assert!(
                self.running(),
                "dbshape exited before printing `{marker}`:\n{}",
                self.stderr()
            );
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "no `{marker}` on stderr after 60 s:\n{}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// Waits until the run stops at its fault point `pause` (the test fails if it ends
    /// before reaching it).
    pub fn wait_for_pause(&mut self, pause: &str) {
        self.wait_for(&pause_line(pause));
    }

    /// Waits for the end (after SIGKILL if `kill`), then returns what it printed.
    pub fn finish(mut self, kill: bool) -> Run {
        if self.status.is_none() {
            if kill {
                let _ = self.child.kill();
            }
            self.status = Some(self.child.wait().expect("wait"));
        }
        for r in self.readers.drain(..) {
            let _ = r.join();
        }
        Run {
            code: self.status.unwrap().code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&self.stdout.lock().unwrap()).into_owned(),
            stderr: self.stderr(),
        }
    }
}

impl Drop for Spawned {
    fn drop(&mut self) {
        if self.status.is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The environment variable that names the fault point to stop at.
pub const PAUSE_ENV: &str = "DBSHAPE_FAULT_PAUSE";

/// The line a run prints on stderr when it stops at the fault point `pause`.
pub fn pause_line(pause: &str) -> String {
    let (name, detail) = pause.split_once(':').unwrap_or((pause, ""));
    format!("dbshape fault point: {name} {detail}")
}

pub fn collect(mut pipe: impl Read + Send + 'static, sink: Arc<Mutex<Vec<u8>>>) -> JoinHandle<()> {
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = pipe.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock().unwrap().extend_from_slice(&buf[..n]);
        }
    })
}
