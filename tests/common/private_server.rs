//! A PostgreSQL or MariaDB server of one test's own, in a temporary directory on a free
//! port: for what cannot be done to the shared servers while other tests use them, such
//! as restarting one. Started from the engines' own binaries (`initdb` and `pg_ctl`,
//! `mariadb-install-db` and `mariadbd`), stopped and removed when dropped.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::Kind;

/// A running server of one test.
pub struct PrivateServer {
    pub kind: Kind,
    pub port: u16,
    dir: tempfile::TempDir,
    /// MariaDB's server process (PostgreSQL's is `pg_ctl`'s to stop).
    mariadbd: Option<Child>,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn pg_bin(name: &str) -> PathBuf {
    let root = Path::new("/usr/lib/postgresql");
    let mut versions: Vec<PathBuf> = std::fs::read_dir(root)
        .unwrap_or_else(|e| {
            panic!(
                "{}: {e}; PostgreSQL's server binaries are needed",
                root.display()
            )
        })
        .flatten()
        .map(|e| e.path())
        .collect();
    versions.sort();
    versions.pop().unwrap().join("bin").join(name)
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// Runs a command to its end; panics with its output when it fails.
fn check(mut c: Command) {
    let out = c.output().unwrap_or_else(|e| panic!("{c:?}: {e}"));
    assert!(
        out.status.success(),
        "{c:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

impl PrivateServer {
    /// Initialises and starts a server of `kind` (PostgreSQL or MySQL).
    pub fn start(kind: Kind) -> PrivateServer {
        let dir = tempfile::tempdir().unwrap();
        let mut server = PrivateServer {
            kind,
            port: free_port(),
            dir,
            mariadbd: None,
        };
        match kind {
            Kind::Postgres => {
                // PostgreSQL refuses to run as root: the cluster belongs to `postgres`.
                if is_root() {
                    let mut chown = Command::new("chown");
                    chown.arg("postgres").arg(server.dir.path());
                    check(chown);
                }
                let mut c = server.pg(&pg_bin("initdb"));
                c.args([
                    "-D",
                    &server.data(),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "-E",
                    "UTF8",
                    "--no-sync",
                ]);
                check(c);
                server.pg_ctl("start");
            }
            Kind::Mysql => {
                let mut c = Command::new("mariadb-install-db");
                // Not the machine's option files: they name the shared server's user.
                c.args([
                    "--no-defaults",
                    &format!("--datadir={}", server.data()),
                    "--user=root",
                    "--auth-root-authentication-method=normal",
                    "--skip-test-db",
                ]);
                check(c);
                server.mariadb_start();
            }
            Kind::Sqlite => panic!("SQLite has no server"),
        }
        server
    }

    /// The URL of database `name` on this server.
    pub fn url(&self, name: &str) -> String {
        match self.kind {
            Kind::Postgres => format!("postgres://postgres@127.0.0.1:{}/{name}", self.port),
            _ => format!("mysql://root@127.0.0.1:{}/{name}", self.port),
        }
    }

    /// Runs SQL with the engine's client (in database `db`); its output.
    pub fn sql(&self, db: &str, sql: &str) -> String {
        let port = self.port.to_string();
        let mut c = match self.kind {
            Kind::Postgres => {
                let mut c = Command::new("psql");
                c.args(["-h", "127.0.0.1", "-p", &port, "-U", "postgres", "-d", db])
                    .args(["-v", "ON_ERROR_STOP=1", "-Atq", "-c", sql]);
                c
            }
            _ => {
                let mut c = Command::new("mariadb");
                c.args(["-h", "127.0.0.1", "-P", &port, "-u", "root", "-N", "-B"]);
                if !db.is_empty() {
                    c.arg(db);
                }
                c.args(["-e", sql]);
                c
            }
        };
        let out = c.output().unwrap();
        assert!(
            out.status.success(),
            "{sql}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// Stops the server and starts it again on the same data and port.
    pub fn restart(&mut self) {
        match self.kind {
            Kind::Postgres => self.pg_ctl("restart"),
            _ => {
                self.mariadb_stop();
                self.mariadb_start();
            }
        }
    }

    fn data(&self) -> String {
        self.dir.path().join("data").display().to_string()
    }

    /// A PostgreSQL binary, run as `postgres` when this process is root.
    fn pg(&self, bin: &Path) -> Command {
        let mut c = if is_root() {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(bin);
            c
        } else {
            Command::new(bin)
        };
        // Where `postgres` may be: not the test's own directory.
        c.stdin(Stdio::null()).current_dir(self.dir.path());
        c
    }

    fn pg_ctl(&self, action: &str) {
        let mut c = self.pg(&pg_bin("pg_ctl"));
        let log = self.dir.path().join("server.log");
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
            self.port,
            self.dir.path().display()
        );
        c.args(["-D", &self.data(), "-l"])
            .arg(&log)
            .args(["-o", &options, "-m", "fast", "-w", action]);
        check(c);
    }

    fn mariadb_start(&mut self) {
        let dir = self.dir.path();
        let child = Command::new("/usr/sbin/mariadbd")
            .arg("--no-defaults")
            .arg(format!("--datadir={}", self.data()))
            .arg(format!("--socket={}", dir.join("mysqld.sock").display()))
            .arg(format!("--pid-file={}", dir.join("mysqld.pid").display()))
            .arg(format!("--port={}", self.port))
            .args(["--bind-address=127.0.0.1", "--user=root", "--skip-log-bin"])
            .arg(format!("--log-error={}", dir.join("server.log").display()))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        self.mariadbd = Some(child);
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let up = Command::new("mariadb")
                .args([
                    "-h",
                    "127.0.0.1",
                    "-P",
                    &self.port.to_string(),
                    "-u",
                    "root",
                    "-e",
                    "SELECT 1",
                ])
                .output()
                .is_ok_and(|o| o.status.success());
            if up {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "the private MariaDB did not start: {}",
                std::fs::read_to_string(dir.join("server.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    fn mariadb_stop(&mut self) {
        if let Some(mut child) = self.mariadbd.take() {
            // A clean shutdown (SIGTERM), waited for, so that the data directory is free.
            let _ = Command::new("kill").arg(child.id().to_string()).status();
            let _ = child.wait();
        }
    }
}

impl Drop for PrivateServer {
    fn drop(&mut self) {
        match self.kind {
            Kind::Postgres => {
                let mut c = self.pg(&pg_bin("pg_ctl"));
                c.args(["-D", &self.data(), "-m", "immediate", "-w", "stop"]);
                let _ = c.output();
            }
            _ => self.mariadb_stop(),
        }
    }
}
