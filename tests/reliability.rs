//! Reliability campaigns: kill -9 at random moments (and at the binary's fault points,
//! which no random moment is sure to hit), concurrent migrators, the server going away
//! mid-command, a full disk, and corrupt dumps, on every engine.
//!
//! Every campaign runs a bounded number of trials. The short form (the default) runs in
//! `cargo test`; the long form, `DBSHAPE_CAMPAIGN=long`, is run by hand with
//! `bash tests/reliability/run.sh`, which also prints the summary lines
//! (`campaign <name> <engine>: <trials> trials, <failures> failures`) that
//! docs/reliability.md quotes. `DBSHAPE_SEED` replays a run's random choices.
//!
//! A trial fails when dbshape loses or corrupts data, leaves a half-done state without
//! saying so, or cannot finish the job on a plain re-run; the campaign collects the
//! failures of all its trials and fails at the end with the list, so one run reports
//! every problem it met.

mod common;

use std::collections::BTreeMap;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::corrupt::{corrupt, Rng, KINDS};
use common::spawned::{pause_line, Spawned};
use common::{Kind, Run, TestDb, ALL};

fn long() -> bool {
    std::env::var("DBSHAPE_CAMPAIGN").is_ok_and(|v| v == "long")
}

/// `short` trials normally, `long` in the long form.
fn trials(short: usize, long_form: usize) -> usize {
    if long() {
        long_form
    } else {
        short
    }
}

fn seed(salt: u64) -> Rng {
    let base = std::env::var("DBSHAPE_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
        });
    eprintln!("seed {base} (DBSHAPE_SEED={base} replays it)");
    Rng((base ^ salt.wrapping_mul(0x9e37_79b9_7f4a_7c15)) | 1)
}

/// Collects the failures of a campaign and reports them all at the end.
struct Campaign {
    name: String,
    trials: usize,
    /// Trials whose run was interrupted: ended by the kill's signal (campaign 1), or
    /// still running when it was cut off or its sessions were killed.
    interrupted: usize,
    failures: Vec<String>,
}

impl Campaign {
    fn new(name: &str, kind: Kind) -> Campaign {
        Campaign {
            name: format!("{name} {}", kind.dialect()),
            trials: 0,
            interrupted: 0,
            failures: Vec::new(),
        }
    }
    fn check(&mut self, ok: bool, what: impl FnOnce() -> String) {
        if !ok {
            let w = what();
            eprintln!("FAILURE {}: {w}", self.name);
            self.failures.push(w);
        }
    }
    fn finish(self) {
        eprintln!(
            "campaign {}: {} trials ({} interrupted mid-run), {} failures",
            self.name,
            self.trials,
            self.interrupted,
            self.failures.len()
        );
        assert!(
            self.failures.is_empty(),
            "{}: {} failure(s):\n{}",
            self.name,
            self.failures.len(),
            self.failures.join("\n")
        );
    }
}

/// Rows of sample entities: enough that loading and hashing take a while.
fn rows() -> usize {
    trials(800, 5000)
}

/// SQL that adds `n` entity documents and change events (the schema at 1.0.0 or later).
fn fill_sql(kind: Kind, n: usize) -> String {
    match kind {
        Kind::Postgres => format!(
            "INSERT INTO table_entity (json) SELECT jsonb_build_object('id', 'id-' || g, 'name', 'n' || g, \
             'fullyQualifiedName', 'svc.db.t' || g, 'updatedAt', g, 'deleted', false, 'description', repeat('d', 400)) \
             FROM generate_series(1, {n}) g; \
             INSERT INTO change_event (event_type, entity_type, entity_id, event_time, json) \
             SELECT 'entityCreated', 'table', 'id-' || g, g, '{{\"n\": 1}}' FROM generate_series(1, {n}) g;"
        ),
        Kind::Mysql => format!(
            "INSERT INTO table_entity (json) SELECT JSON_OBJECT('id', CONCAT('id-', seq), 'name', CONCAT('n', seq), \
             'fullyQualifiedName', CONCAT('svc.db.t', seq), 'updatedAt', seq, 'deleted', false, 'description', REPEAT('d', 400)) \
             FROM seq_1_to_{n}; \
             INSERT INTO change_event (event_type, entity_type, entity_id, event_time, json) \
             SELECT 'entityCreated', 'table', CONCAT('id-', seq), seq, '{{\"n\": 1}}' FROM seq_1_to_{n};"
        ),
        Kind::Sqlite => format!(
            "WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < {n}) \
             INSERT INTO table_entity (json) SELECT json_object('id', 'id-' || g, 'name', 'n' || g, \
             'fullyQualifiedName', 'svc.db.t' || g, 'updatedAt', g, 'deleted', json('false'), 'description', printf('%.400c', 'd')) FROM s; \
             WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < {n}) \
             INSERT INTO change_event (event_type, entity_type, entity_id, event_time, json) \
             SELECT 'entityCreated', 'table', 'id-' || g, g, '{{\"n\": 1}}' FROM s;"
        ),
    }
}

/// A database at the bundled schema's first version, holding data.
fn old_database(kind: Kind) -> TestDb {
    let db = TestDb::new(kind).expect("server");
    db.run(None, &["migrate", "--to", "1.0.0"]).expect(0);
    db.sql(&fill_sql(kind, rows()));
    db
}

/// Per-table (rows, digest) of a database, from a backup's report. `settings_history`
/// is compared by rows only: its triggers stamp the wall-clock time of each migration.
fn content(db: &TestDb, url: Option<&str>) -> BTreeMap<String, String> {
    let out = db
        .dir
        .path()
        .join(format!("content-{}.sql", std::process::id()));
    let _ = std::fs::remove_file(&out);
    let mut c = db.cmd();
    if let Some(u) = url {
        c.env("DBSHAPE_URL", u);
    }
    c.args(["--output", "json", "backup", "--allow-pending", "-o"])
        .arg(&out);
    let r = Run::from(c.output().unwrap());
    r.expect(0);
    let _ = std::fs::remove_file(&out);
    let j = r.json();
    let mut m = BTreeMap::new();
    m.insert(
        "(schema version)".to_string(),
        j["schema_version"].to_string(),
    );
    for t in j["tables"].as_array().unwrap() {
        let name = t["name"].as_str().unwrap().to_string();
        let v = if name == "settings_history" {
            format!("{} rows", t["rows"])
        } else {
            format!("{} rows {}", t["rows"], t["digest"])
        };
        m.insert(name, v);
    }
    m
}

fn spawn(db: &TestDb, args: &[&str]) -> Child {
    let mut c = db.cmd();
    c.args(args).stdout(Stdio::null()).stderr(Stdio::piped());
    c.spawn().unwrap()
}

/// Runs `args` to completion and returns how long it took.
fn timed(db: &TestDb, args: &[&str]) -> Duration {
    let t = Instant::now();
    db.run(None, args).expect(0);
    t.elapsed()
}

/// How a trial of campaign 1 interrupts its command.
#[derive(Debug, Clone, Copy)]
enum Kill {
    /// SIGKILL after this delay: a random moment, which may come after the end.
    After(Duration),
    /// SIGKILL where the command stops at this fault point (`DBSHAPE_FAULT_PAUSE`, see
    /// `dbshape::fault`): an exact place, the same on every machine.
    At(&'static str),
}

impl std::fmt::Display for Kill {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Kill::After(delay) => write!(f, "at {delay:?}"),
            Kill::At(point) => write!(f, "at fault point {point}"),
        }
    }
}

/// Runs `args` on `db` and kills it as `kill` says; returns whether the kill is what
/// ended it (a run may finish before a delay is up). A fault point the run does not
/// reach is a failure of the campaign.
fn run_and_kill(c: &mut Campaign, db: &TestDb, args: &[&str], kill: Kill) -> bool {
    match kill {
        Kill::After(delay) => kill_after(spawn(db, args), delay),
        Kill::At(point) => {
            let mut run = Spawned::start_paused(db, None, args, point);
            let line = pause_line(point);
            let start = Instant::now();
            while !run.stderr().contains(&line) {
                if !run.running() || start.elapsed() > Duration::from_secs(120) {
                    let r = run.finish(true);
                    c.check(false, || {
                        format!(
                            "`{}` did not stop at fault point {point} (exit {}): {}",
                            args.join(" "),
                            r.code,
                            r.stderr
                        )
                    });
                    return false;
                }
                std::thread::sleep(Duration::from_millis(5));
            }
            run.finish(true).code == -1
        }
    }
}

/// Kills `child` with SIGKILL after `delay`; returns whether the signal is what ended
/// it (not a run that had finished, or finished while the signal was on its way).
fn kill_after(mut child: Child, delay: Duration) -> bool {
    std::thread::sleep(delay);
    let _ = child.kill();
    child.wait().is_ok_and(|s| s.signal() == Some(9))
}

fn random_delay(rng: &mut Rng, upto: Duration) -> Duration {
    let ms = upto.as_millis().max(20) as usize;
    Duration::from_millis(rng.below(ms) as u64)
}

/// Files in `dir` whose names do not start with `.` (temporary files do).
fn visible_files(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
                .map(|e| e.path())
                .collect()
        })
        .unwrap_or_default()
}

fn verifies(path: &Path) -> bool {
    dbshape::backup::verify(
        &dbshape::backup::Source::File(path.to_path_buf()),
        &mut dbshape::dump::reader::CheckOnly,
    )
    .is_ok()
}

/// The fault points campaign 1 kills `command` at, besides its random moments: places
/// inside each stage of the command that a random moment may miss on a fast machine
/// (tests/crash.rs kills `migrate` at many more, on a fixture of its own).
fn kill_points(command: &str, kind: Kind) -> Vec<&'static str> {
    // Inside 1.1.0: its Rust step ran (in the version's transaction but on MySQL).
    let rust_step = "migrate.statement.ran:1.1.0/rust:m1_1_0_backfill_fqn_hash#1";
    match command {
        "migrate" => vec![
            rust_step,
            // A statement of 1.3.0 ran by itself, or in a transaction not committed,
            // or its call is next.
            match kind {
                Kind::Mysql => "migrate.statement.ran:1.3.0/schemaChanges.sql#1",
                Kind::Sqlite => "migrate.uncommitted:1.3.0",
                Kind::Postgres => "migrate.batch:1.3.0",
            },
        ],
        "upgrade" => vec![
            // The pre-upgrade backup: a table written; the dump complete, not in place.
            "backup.table:table_entity",
            "dump.publish",
            // The dump in place, the migration not begun; then inside it.
            "migrate.locked",
            rust_step,
        ],
        "backup" => vec!["backup.table:table_entity", "dump.publish"],
        // Shaping (a migration to the dump's version), loading, the final commit.
        _ => vec![
            "migrate.applied:1.1.0",
            "restore.table:table_entity",
            "restore.commit",
        ],
    }
}

/// Campaign 1: kill -9 during `migrate` and `upgrade`: a plain re-run finishes the job, the data
/// equals an undisturbed run's, and a pre-upgrade dump that is visible always verifies.
#[test]
fn kill_9_during_migrate_and_upgrade() {
    for kind in ALL {
        let mut rng = seed(1 + kind as u64);
        let reference = old_database(kind);
        let took = timed(&reference, &["upgrade", "--backup-dir", "bk"]);
        let want = content(&reference, None);
        for command in ["migrate", "upgrade"] {
            let mut c = Campaign::new(&format!("kill-9-{command}"), kind);
            let args: Vec<&str> = match command {
                "migrate" => vec!["migrate"],
                _ => vec!["upgrade", "--backup-dir", "bk"],
            };
            let trial = |c: &mut Campaign, kill: Kill| {
                c.trials += 1;
                let db = old_database(kind);
                c.interrupted += run_and_kill(c, &db, &args, kill) as usize;
                for f in visible_files(&db.dir.path().join("bk")) {
                    c.check(verifies(&f), || {
                        format!(
                            "after a kill {kill}: {} is visible but does not verify",
                            f.display()
                        )
                    });
                }
                let again = db.run(None, &args);
                c.check(again.code == 0, || {
                    format!(
                        "kill {kill}, then `{command}` exited {}: {}",
                        again.code, again.stderr
                    )
                });
                if again.code == 0 {
                    let got = content(&db, None);
                    c.check(got == want, || {
                        format!(
                            "kill {kill}: data differs from an undisturbed run:\n{got:?}\n{want:?}"
                        )
                    });
                }
            };
            for _ in 0..trials(2, 50) {
                trial(&mut c, Kill::After(random_delay(&mut rng, took)));
            }
            for point in kill_points(command, kind) {
                trial(&mut c, Kill::At(point));
            }
            c.finish();
        }
    }
}

/// Campaign 1: kill -9 during `backup`: no file at the target unless it is complete, and a re-run
/// writes a dump equal to an undisturbed one.
#[test]
fn kill_9_during_backup() {
    for kind in ALL {
        let mut rng = seed(10 + kind as u64);
        let db = old_database(kind);
        db.run(None, &["migrate"]).expect(0);
        let want = content(&db, None);
        let took = timed(&db, &["backup", "-o", "ref.sql.zst"]);
        let mut c = Campaign::new("kill-9-backup", kind);
        let trial = |c: &mut Campaign, kill: Kill| {
            let name = format!("k{}.sql.zst", c.trials);
            c.trials += 1;
            let target = db.dir.path().join(&name);
            c.interrupted += run_and_kill(c, &db, &["backup", "-o", &name], kill) as usize;
            if target.exists() {
                c.check(verifies(&target), || {
                    format!("kill {kill} left {name} at the target path, and it does not verify")
                });
            } else {
                let r = db.run(None, &["backup", "-o", &name]);
                c.check(r.code == 0, || {
                    format!("re-run after a kill {kill}: {}", r.stderr)
                });
            }
            c.check(verifies(&target), || {
                format!("{name} does not verify after the re-run")
            });
        };
        for _ in 0..trials(2, 50) {
            trial(&mut c, Kill::After(random_delay(&mut rng, took)));
        }
        for point in kill_points("backup", kind) {
            trial(&mut c, Kill::At(point));
        }
        // The dumps restore to the same content.
        let dst = TestDb::new(kind).unwrap();
        let last = db.dir.path().join(format!("k{}.sql.zst", c.trials - 1));
        dst.run(None, &["restore", last.to_str().unwrap(), "--shape"])
            .expect(0);
        let got = content(&dst, None);
        c.check(got == want, || {
            format!("restored content differs:\n{got:?}\n{want:?}")
        });
        c.finish();
    }
}

/// Campaign 1: kill -9 during `restore --shape`: the database is either untouched or marked (every
/// other command refuses it), and running the restore again completes it.
#[test]
fn kill_9_during_restore() {
    for kind in ALL {
        let mut rng = seed(20 + kind as u64);
        let src = old_database(kind);
        src.run(None, &["migrate"]).expect(0);
        let dump = src.dir.path().join("src.sql.zst");
        src.run(None, &["backup", "-o", dump.to_str().unwrap()])
            .expect(0);
        let d = dump.to_str().unwrap();
        let want = content(&src, None);
        let probe = TestDb::new(kind).unwrap();
        let took = timed(&probe, &["restore", d, "--shape"]);
        let mut c = Campaign::new("kill-9-restore", kind);
        let trial = |c: &mut Campaign, kill: Kill| {
            c.trials += 1;
            let db = TestDb::new(kind).unwrap();
            c.interrupted += run_and_kill(c, &db, &["restore", d, "--shape"], kill) as usize;
            let info = db.run(None, &["info"]);
            let marked = info.code == 5 && info.stderr.contains("restore");
            if info.code == 0 {
                // Untouched, or finished before the kill: then it is complete and equal.
                // A kill before the shape began leaves no change log at all.
                let shaped = db.tables().iter().any(|t| t == "dbshape_change_log");
                let rows = if shaped {
                    db.sql("SELECT COUNT(*) FROM dbshape_change_log")
                        .trim()
                        .parse::<u64>()
                        .unwrap_or(0)
                } else {
                    0
                };
                if rows > 0 {
                    let got = content(&db, None);
                    c.check(got == want, || {
                        format!("kill {kill}: unmarked database with partial data:\n{got:?}")
                    });
                    return;
                }
            } else {
                c.check(marked, || {
                    format!(
                        "kill {kill}: info exited {} without naming the restore: {}",
                        info.code, info.stderr
                    )
                });
            }
            let again = db.run(None, &["restore", d, "--shape"]);
            c.check(again.code == 0, || {
                format!(
                    "kill {kill} (marked: {marked}), then restore exited {}: {}",
                    again.code, again.stderr
                )
            });
            if again.code == 0 {
                let got = content(&db, None);
                c.check(got == want, || {
                    format!("kill {kill}: restored data differs:\n{got:?}")
                });
            }
        };
        for _ in 0..trials(2, 50) {
            trial(&mut c, Kill::After(random_delay(&mut rng, took)));
        }
        for point in kill_points("restore", kind) {
            trial(&mut c, Kill::At(point));
        }
        c.finish();
    }
}

/// Campaign 2: Eight concurrent migrators per round: each version applied exactly once, no
/// error, no duplicate change-log rows.
#[test]
fn eight_concurrent_migrators() {
    for kind in ALL {
        let mut c = Campaign::new("concurrent-migrators", kind);
        for round in 0..trials(2, 20) {
            c.trials += 1;
            let db = TestDb::new(kind).unwrap();
            let children: Vec<Child> = (0..8)
                .map(|_| {
                    let mut cmd = db.cmd();
                    cmd.args(["migrate"])
                        .stdout(Stdio::null())
                        .stderr(Stdio::piped());
                    cmd.spawn().unwrap()
                })
                .collect();
            for child in children {
                let out = child.wait_with_output().unwrap();
                c.check(out.status.success(), || {
                    format!(
                        "round {round}: a migrator failed: {}",
                        String::from_utf8_lossy(&out.stderr)
                    )
                });
            }
            let log = db.change_log();
            let mut versions: Vec<String> = log
                .iter()
                .map(|l| l.split('\t').next().unwrap().to_string())
                .collect();
            let n = versions.len();
            versions.dedup();
            c.check(n == 5 && versions.len() == 5, || {
                format!("round {round}: change log {log:?}")
            });
            c.check(log.iter().all(|l| l.ends_with("COMPLETED")), || {
                format!("round {round}: {log:?}")
            });
        }
        c.finish();
    }
}

/// A TCP forwarder between dbshape and the server that can cut every connection at
/// once, as a server that goes away does.
struct Proxy {
    port: u16,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    conns: std::sync::Arc<std::sync::Mutex<Vec<std::net::TcpStream>>>,
}

impl Proxy {
    fn start(upstream: u16) -> Proxy {
        use std::sync::atomic::{AtomicBool, Ordering};
        use std::sync::{Arc, Mutex};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        listener.set_nonblocking(true).unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let conns: Arc<Mutex<Vec<std::net::TcpStream>>> = Arc::default();
        let (s, cs) = (stop.clone(), conns.clone());
        std::thread::spawn(move || {
            while !s.load(Ordering::SeqCst) {
                match listener.accept() {
                    Ok((client, _)) => {
                        client.set_nonblocking(false).unwrap();
                        let Ok(server) = std::net::TcpStream::connect(("127.0.0.1", upstream))
                        else {
                            continue;
                        };
                        let mut g = cs.lock().unwrap();
                        g.push(client.try_clone().unwrap());
                        g.push(server.try_clone().unwrap());
                        for (mut a, mut b) in [
                            (client.try_clone().unwrap(), server.try_clone().unwrap()),
                            (server, client),
                        ] {
                            std::thread::spawn(move || {
                                let _ = std::io::copy(&mut a, &mut b);
                                let _ = b.shutdown(std::net::Shutdown::Both);
                            });
                        }
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(2)),
                }
            }
        });
        Proxy { port, stop, conns }
    }

    /// Refuses new connections and resets every open one.
    fn cut(&self) {
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
        for c in self.conns.lock().unwrap().iter() {
            let _ = c.shutdown(std::net::Shutdown::Both);
        }
    }
}

/// `DBSHAPE_RESTART_SERVERS=1` (long form, by hand, on a machine of its own): restart
/// the real server instead of cutting the proxy. Everything else using the servers
/// fails meanwhile, so this is never the default.
fn restart_servers() -> bool {
    std::env::var("DBSHAPE_RESTART_SERVERS").is_ok_and(|v| v == "1")
}

/// Restarts the engine's server (fast shutdown: sessions are terminated) and waits
/// until it accepts connections again.
fn restart_server(kind: Kind) {
    let sh = |script: &str| {
        let out = Command::new("bash").args(["-c", script]).output().unwrap();
        assert!(
            out.status.success(),
            "{script}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    match kind {
        Kind::Postgres => sh(
            "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql | sort -V | tail -1) main restart -m fast",
        ),
        Kind::Mysql => sh(
            "mariadb-admin -h 127.0.0.1 -u root shutdown; \
             for _ in $(seq 1 60); do pgrep -x mariadbd >/dev/null || break; sleep 0.5; done; \
             start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- --user=mysql; \
             for _ in $(seq 1 120); do mariadb -h 127.0.0.1 -u root -e 'SELECT 1' >/dev/null 2>&1 && exit 0; sleep 0.5; done; exit 1",
        ),
        Kind::Sqlite => {}
    }
}

fn via_proxy(db: &TestDb, port: u16) -> String {
    let upstream = if db.kind == Kind::Postgres {
        ":5432/"
    } else {
        ":3306/"
    };
    db.url.replace(upstream, &format!(":{port}/"))
}

/// Campaign 3: The server goes away in the middle of migrate, backup, restore and
/// upgrade (every connection cut at once and new ones refused, or with
/// `DBSHAPE_RESTART_SERVERS=1` a real restart of the server): a clear error and a
/// non-zero exit, nothing partial left behind, success on the next run.
#[test]
fn server_goes_away_mid_command() {
    for kind in [Kind::Postgres, Kind::Mysql] {
        let mut rng = seed(30 + kind as u64);
        let mut c = Campaign::new("server-gone", kind);
        let src = old_database(kind);
        src.run(None, &["migrate"]).expect(0);
        let want = content(&src, None);
        let dump = src.dir.path().join("src.sql.zst");
        src.run(None, &["backup", "-o", dump.to_str().unwrap()])
            .expect(0);
        let d = dump.to_str().unwrap().to_string();
        let took = {
            let probe = TestDb::new(kind).unwrap();
            timed(&probe, &["restore", &d, "--shape"])
        };
        for round in 0..trials(1, 15) {
            for command in ["migrate", "backup", "restore", "upgrade"] {
                c.trials += 1;
                let db = match command {
                    "migrate" | "upgrade" => old_database(kind),
                    "backup" => {
                        let db = old_database(kind);
                        db.run(None, &["migrate"]).expect(0);
                        db
                    }
                    _ => TestDb::new(kind).unwrap(),
                };
                let proxy = Proxy::start(if kind == Kind::Postgres { 5432 } else { 3306 });
                let url = if restart_servers() {
                    db.url.clone()
                } else {
                    via_proxy(&db, proxy.port)
                };
                let target = format!("cut{round}.sql");
                let args: Vec<&str> = match command {
                    "migrate" => vec!["--connect-timeout", "2", "migrate"],
                    "backup" => vec!["--connect-timeout", "2", "backup", "-o", &target],
                    "upgrade" => vec!["--connect-timeout", "2", "upgrade", "--backup-dir", "bk"],
                    _ => vec!["--connect-timeout", "2", "restore", &d, "--shape"],
                };
                let mut cmd = db.cmd();
                cmd.env("DBSHAPE_URL", &url)
                    .args(&args)
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped());
                let mut child = cmd.spawn().unwrap();
                std::thread::sleep(random_delay(&mut rng, took));
                c.interrupted += matches!(child.try_wait(), Ok(None)) as usize;
                if restart_servers() {
                    restart_server(kind);
                } else {
                    proxy.cut();
                }
                let out = child.wait_with_output().unwrap();
                let stderr = String::from_utf8_lossy(&out.stderr).to_string();
                if out.status.success() {
                    // Finished before the cut: nothing to check but the result below.
                } else {
                    c.check(stderr.contains("error:"), || {
                        format!("{command}: no error line: {stderr}")
                    });
                    c.check(!stderr.contains("panicked"), || {
                        format!("{command}: panic: {stderr}")
                    });
                    if command == "backup" {
                        let p = db.dir.path().join(&target);
                        c.check(!p.exists(), || {
                            format!("backup left {} after the cut", p.display())
                        });
                    }
                }
                // The next run, straight to the server, finishes the job.
                let again = match command {
                    "migrate" => db.run(None, &["migrate"]),
                    "backup" => db.run(None, &["backup", "--force", "-o", &target]),
                    "upgrade" => db.run(None, &["upgrade", "--backup-dir", "bk"]),
                    _ if out.status.success() => db.run(None, &["info"]),
                    _ => db.run(None, &["restore", &d, "--shape"]),
                };
                c.check(again.code == 0, || {
                    format!(
                        "{command} after the cut: exit {}: {}\n(cut run: {stderr})",
                        again.code, again.stderr
                    )
                });
                if again.code == 0 {
                    // The source is an undisturbed migrate of the same data.
                    let got = content(&db, None);
                    c.check(got == want, || {
                        format!("{command}: data after the re-run differs:\n{got:?}")
                    });
                }
            }
        }
        c.finish();
    }
}

/// Ends every session on the test's database from another connection, as an operator
/// does with `pg_terminate_backend(pid)` on PostgreSQL or `KILL <id>` on MariaDB (the
/// sessions are found in `pg_stat_activity` / `information_schema.PROCESSLIST` by
/// database). Returns how many were ended.
fn kill_sessions(db: &TestDb) -> usize {
    let client = |args: &[&str]| {
        let out = Command::new(args[0]).args(&args[1..]).output().unwrap();
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    };
    match db.kind {
        Kind::Postgres => {
            let sql = format!(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity \
                 WHERE datname = '{}' AND pid <> pg_backend_pid()",
                db.name
            );
            client(&[
                "psql",
                "-h",
                "127.0.0.1",
                "-U",
                "postgres",
                "-d",
                "postgres",
                "-XAtqc",
                &sql,
            ])
            .parse()
            .unwrap_or(0)
        }
        Kind::Mysql => {
            let sql = format!(
                "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = '{}'",
                db.name
            );
            let ids = client(&["mariadb", "-h", "127.0.0.1", "-u", "root", "-N", "-e", &sql]);
            let mut n = 0;
            for id in ids.split_whitespace() {
                // A session may end on its own meanwhile ("Unknown thread id").
                let kill = format!("KILL {id}");
                let out = Command::new("mariadb")
                    .args(["-h", "127.0.0.1", "-u", "root", "-e", &kill])
                    .output()
                    .unwrap();
                n += out.status.success() as usize;
            }
            n
        }
        Kind::Sqlite => 0,
    }
}

/// Waits for `child` until `deadline`; kills it after that. `None` when it was killed.
fn wait_until(mut child: Child, deadline: Duration) -> Option<std::process::Output> {
    let start = Instant::now();
    while start.elapsed() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return child.wait_with_output().ok();
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    None
}

/// How long a command may take after its sessions were killed before the trial calls
/// it hung: generous, so that a loaded machine never fails a correct run.
const HANG_DEADLINE: Duration = Duration::from_secs(60);

/// Campaign 3b: the server ends the command's sessions (`pg_terminate_backend`, `KILL`)
/// at a random moment of `backup`, `restore` and `migrate`: the command ends within
/// `HANG_DEADLINE` with exit 1 and a message that names the lost connection (or lock),
/// and a plain re-run finishes the job with the data of an undisturbed run.
#[test]
fn session_killed_mid_command() {
    for kind in [Kind::Postgres, Kind::Mysql] {
        let mut rng = seed(50 + kind as u64);
        let src = old_database(kind);
        src.run(None, &["migrate"]).expect(0);
        let want = content(&src, None);
        let dump = src.dir.path().join("src.sql.zst");
        src.run(None, &["backup", "-o", dump.to_str().unwrap()])
            .expect(0);
        let d = dump.to_str().unwrap().to_string();
        for command in ["backup", "restore", "migrate"] {
            let mut c = Campaign::new(&format!("session-killed-{command}"), kind);
            let setup = |kind| match command {
                "migrate" => old_database(kind),
                "backup" => {
                    let db = old_database(kind);
                    db.run(None, &["migrate"]).expect(0);
                    db
                }
                _ => TestDb::new(kind).unwrap(),
            };
            let args: Vec<&str> = match command {
                "migrate" => vec!["migrate"],
                "backup" => vec!["backup", "-o", "k.sql"],
                _ => vec!["restore", &d, "--shape"],
            };
            let took = timed(&setup(kind), &args);
            for _ in 0..trials(1, 20) {
                c.trials += 1;
                let db = setup(kind);
                let child = spawn(&db, &args);
                let delay = random_delay(&mut rng, took);
                std::thread::sleep(delay);
                let killed = kill_sessions(&db);
                let Some(out) = wait_until(child, HANG_DEADLINE) else {
                    c.check(false, || {
                        format!("{command}: sessions killed at {delay:?}, still running after {HANG_DEADLINE:?}")
                    });
                    continue;
                };
                let stderr = String::from_utf8_lossy(&out.stderr).to_string();
                if !out.status.success() {
                    c.interrupted += (killed > 0) as usize;
                    c.check(out.status.code() == Some(1), || {
                        format!(
                            "{command}: kill at {delay:?}: exit {:?}: {stderr}",
                            out.status.code()
                        )
                    });
                    // dbshape's words, or the server's own for an ended session where
                    // a migration's error passes it on as it is.
                    let named = stderr.contains("lost")
                        || stderr.contains("terminating connection")
                        || stderr.contains("Connection was killed")
                        || stderr.contains("error communicating with database");
                    c.check(stderr.contains("error:") && named, || {
                        format!("{command}: kill at {delay:?}: no lost connection named: {stderr}")
                    });
                    c.check(!stderr.contains("panicked"), || {
                        format!("{command}: panic: {stderr}")
                    });
                    if command == "backup" {
                        c.check(!db.dir.path().join("k.sql").exists(), || {
                            format!("backup left k.sql after a kill at {delay:?}")
                        });
                    }
                }
                let again = match command {
                    "migrate" => db.run(None, &["migrate"]),
                    "backup" => db.run(None, &["backup", "--force", "-o", "k.sql"]),
                    _ if out.status.success() => db.run(None, &["info"]),
                    _ => db.run(None, &["restore", &d, "--shape"]),
                };
                c.check(again.code == 0, || {
                    format!(
                        "{command} after a kill at {delay:?}: exit {}: {}\n(killed run: {stderr})",
                        again.code, again.stderr
                    )
                });
                if again.code == 0 {
                    let got = content(&db, None);
                    c.check(got == want, || {
                        format!("{command}: data after the re-run differs:\n{got:?}")
                    });
                }
            }
            c.finish();
        }
    }
}

/// Campaign 4: A full disk while writing a dump (a file size limit: writes fail with EFBIG): a
/// clear error naming the file, no file at the target path, no temporary file left.
#[test]
fn full_disk_while_writing_a_dump() {
    for kind in ALL {
        let mut c = Campaign::new("full-disk", kind);
        let db = old_database(kind);
        db.run(None, &["migrate"]).expect(0);
        // Limits below the size of the dump each file would get: a half, a tenth, a 50th
        // (`ulimit -f` counts KiB in bash).
        for (name, part) in [("a.sql", 2), ("b.sql.zst", 10), ("c.sql", 50)] {
            c.trials += 1;
            let reference = format!("ref-{name}");
            db.run(None, &["backup", "--force", "-o", &reference])
                .expect(0);
            let size = std::fs::metadata(db.dir.path().join(&reference))
                .unwrap()
                .len();
            let limit_kib = (size / 1024 / part).max(1);
            let bin = env!("CARGO_BIN_EXE_dbshape");
            let script = format!(
                "trap '' XFSZ; ulimit -f {limit_kib}; exec \"$0\" backup --compress none -o {name}"
            );
            let script = if name.ends_with(".zst") {
                script.replace(" --compress none", "")
            } else {
                script
            };
            let out = Command::new("bash")
                .current_dir(db.dir.path())
                .env("DBSHAPE_URL", &db.url)
                .args(["-c", &script, bin])
                .stdin(Stdio::null())
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr).to_string();
            c.check(!out.status.success(), || {
                format!("{name}: a {limit_kib} KiB limit did not stop the backup")
            });
            c.check(
                stderr.contains("error:")
                    && (stderr.contains("too large") || stderr.contains("space")),
                || format!("{name}: unclear error: {stderr}"),
            );
            c.check(!db.dir.path().join(name).exists(), || {
                format!("{name} exists after the failure")
            });
            let leftovers: Vec<_> = std::fs::read_dir(db.dir.path())
                .unwrap()
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.contains("dbshape-tmp"))
                .collect();
            c.check(leftovers.is_empty(), || {
                format!("{name}: temporary files left: {leftovers:?}")
            });
            // With room again, the same command works.
            let r = db.run(None, &["backup", "-o", name]);
            c.check(r.code == 0, || format!("{name} with room: {}", r.stderr));
        }
        c.finish();
    }
}

/// Campaign 5: Random corruptions of real dumps, plain and compressed: every one is rejected by
/// `verify` with exit 5, and a `restore` of it commits no row.
#[test]
fn corrupt_dumps_are_always_rejected() {
    for kind in ALL {
        let mut rng = seed(40 + kind as u64);
        let mut c = Campaign::new("corrupt-dumps", kind);
        // A small dump: the damage, not the size, is what this campaign varies.
        let db = TestDb::new(kind).unwrap();
        db.run(None, &["migrate"]).expect(0);
        db.sql(&fill_sql(kind, 200));
        let target = TestDb::new(kind).unwrap();
        target.migrate_and_empty();
        let mut originals = Vec::new();
        for name in ["d.sql", "d.sql.zst", "d.sql.gz"] {
            let p = db.dir.path().join(name);
            db.run(None, &["backup", "-o", p.to_str().unwrap()])
                .expect(0);
            originals.push((name, std::fs::read(&p).unwrap()));
        }
        let bad = db.dir.path().join("bad");
        let per_file = trials(25, 350);
        let mut container_only = 0usize;
        let content = |p: &std::path::Path| {
            let (_, mut r) = dbshape::backup::Source::File(p.to_path_buf())
                .open()
                .unwrap();
            let mut v = Vec::new();
            let _ = std::io::Read::read_to_end(&mut r, &mut v);
            v
        };
        for (name, bytes) in &originals {
            for t in 0..per_file {
                let (what, data) = corrupt(&mut rng, bytes, t % KINDS);
                if data == *bytes {
                    continue;
                }
                c.trials += 1;
                std::fs::write(&bad, &data).unwrap();
                let result = dbshape::backup::verify(
                    &dbshape::backup::Source::File(bad.clone()),
                    &mut dbshape::dump::reader::CheckOnly,
                );
                match result {
                    // A change to the container alone (gzip's MTIME bytes, a zstd window
                    // size that is larger but still fits) decompresses to the very same
                    // dump: nothing is damaged, so nothing is to be rejected. Anything
                    // else accepted is a failure.
                    Ok(_) if content(&bad) == content(&db.dir.path().join(name)) => {
                        container_only += 1;
                        continue;
                    }
                    Ok(_) => c.check(false, || format!("{name}: {what} was accepted")),
                    Err(e) => c.check(e.exit_code() == 5, || {
                        format!("{name}: {what}: exit {} ({e})", e.exit_code())
                    }),
                }
                // Through the binary: restore into a shaped, empty database commits nothing.
                if t % trials(20, 25) == 0 {
                    let r = target.run(None, &["restore", bad.to_str().unwrap()]);
                    c.check(r.code == 5, || {
                        format!("{name}: {what}: restore exited {}: {}", r.code, r.stderr)
                    });
                    let n = target.sql("SELECT COUNT(*) FROM table_entity");
                    c.check(n.trim() == "0", || {
                        format!("{name}: {what}: {} rows committed", n.trim())
                    });
                }
            }
        }
        eprintln!(
            "campaign {} (container only): {container_only} of the changes left the \
             decompressed dump byte-identical and were accepted as intact",
            c.name
        );
        c.finish();
    }
}

/// Campaign 5, exhaustive form (run by hand, `--ignored`): every single-bit flip of a
/// small plain, zstd and gzip dump. A flip must be rejected unless it leaves the
/// decompressed dump byte-identical (a change to the container alone: gzip's MTIME
/// bytes, a zstd header field the decoder does not need); those are counted.
#[test]
#[ignore]
fn every_bit_flip_of_a_small_dump() {
    let db = TestDb::new(Kind::Sqlite).unwrap();
    db.run(None, &["migrate"]).expect(0);
    db.sql(&fill_sql(Kind::Sqlite, 20));
    let content = |p: &std::path::Path| {
        let (_, mut r) = dbshape::backup::Source::File(p.to_path_buf()).open().ok()?;
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut r, &mut v).ok()?;
        Some(v)
    };
    let bad = db.dir.path().join("bad");
    for name in ["e.sql.zst", "e.sql.gz", "e.sql"] {
        let p = db.dir.path().join(name);
        db.run(None, &["backup", "-o", p.to_str().unwrap()])
            .expect(0);
        let bytes = std::fs::read(&p).unwrap();
        let original = content(&p).unwrap();
        let (mut flips, mut rejected, mut intact, mut damaged) = (0, 0, 0, Vec::new());
        for at in 0..bytes.len() {
            for bit in 0..8 {
                let mut data = bytes.clone();
                data[at] ^= 1 << bit;
                std::fs::write(&bad, &data).unwrap();
                flips += 1;
                match dbshape::backup::verify(
                    &dbshape::backup::Source::File(bad.clone()),
                    &mut dbshape::dump::reader::CheckOnly,
                ) {
                    Err(e) => {
                        assert_eq!(e.exit_code(), 5, "{name}: flip at {at}.{bit}: {e}");
                        rejected += 1;
                    }
                    Ok(_) if content(&bad).as_ref() == Some(&original) => intact += 1,
                    Ok(_) => damaged.push(format!("{at}.{bit}")),
                }
            }
        }
        eprintln!(
            "campaign every-bit-flip {name}: {flips} flips of {} bytes, {rejected} rejected, \
             {intact} accepted with the dump byte-identical, {} damaged accepted",
            bytes.len(),
            damaged.len()
        );
        assert!(
            damaged.is_empty(),
            "{name}: damaged dumps accepted at {damaged:?}"
        );
    }
}
