//! Secret hygiene: every command, with the password in the URL and in the config file,
//! succeeding and failing, never shows the password: not on stdout or stderr, not in
//! any file it writes (dumps decompressed), not in dbshape's own tables. Dumps are 0600.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use common::{Kind, Run, TestDb};

/// The password, and how it is written in a URL (`@` percent-encoded).
const PASSWORD: &str = "Pa55@w0rd-xyzzy";
const IN_URL: &str = "Pa55%40w0rd-xyzzy";
/// Any piece of it that would betray it.
const PIECES: &[&str] = &["Pa55@w0rd", "Pa55%40w0rd", "w0rd-xyzzy"];

fn leaks(text: &str) -> Option<&'static str> {
    PIECES.iter().copied().find(|p| text.contains(p))
}

/// Every file under `dir`, decompressed when it is a zstd or gzip dump.
fn files_text(dir: &Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_text(&path, out);
            continue;
        }
        let raw = std::fs::read(&path).unwrap();
        let name = path.display().to_string();
        let bytes = if name.ends_with(".zst") {
            zstd::decode_all(&raw[..]).unwrap_or(raw)
        } else if name.ends_with(".gz") {
            let mut s = Vec::new();
            use std::io::Read;
            match flate2::read::MultiGzDecoder::new(&raw[..]).read_to_end(&mut s) {
                Ok(_) => s,
                Err(_) => raw,
            }
        } else {
            raw
        };
        out.push((name, String::from_utf8_lossy(&bytes).into_owned()));
    }
}

/// A user with the password on the test database (PostgreSQL trusts 127.0.0.1, so
/// there the password travels in the URL and is ignored by the server; MariaDB checks
/// it).
fn url_with_password(db: &TestDb) -> String {
    match db.kind {
        Kind::Postgres => db.url.replace(
            "postgres://postgres@",
            &format!("postgres://postgres:{IN_URL}@"),
        ),
        Kind::Mysql => {
            let user = format!("u_{}", &db.name[db.name.len().saturating_sub(20)..]);
            db.sql(&format!(
                "CREATE USER '{user}'@'%' IDENTIFIED BY '{PASSWORD}'; \
                 CREATE USER '{user}'@'localhost' IDENTIFIED BY '{PASSWORD}'; \
                 GRANT ALL ON {0}.* TO '{user}'@'%'; GRANT ALL ON {0}.* TO '{user}'@'localhost'; \
                 GRANT ALL ON {0}_copy.* TO '{user}'@'%'; GRANT ALL ON {0}_copy.* TO '{user}'@'localhost';",
                db.name
            ));
            db.url
                .replace("mysql://root@", &format!("mysql://{user}:{IN_URL}@"))
        }
        Kind::Sqlite => unreachable!(),
    }
}

struct Scan<'a> {
    db: &'a TestDb,
    runs: usize,
    found: Vec<String>,
}

impl Scan<'_> {
    /// Runs dbshape with `url` in the environment (or none, when the config has it).
    fn run(&mut self, url: Option<&str>, args: &[&str], want: Option<i32>) -> Run {
        let mut c = self.db.cmd();
        c.env_remove("DBSHAPE_URL");
        if let Some(u) = url {
            c.env("DBSHAPE_URL", u);
        }
        c.args(args);
        let r = Run::from(c.output().unwrap());
        self.runs += 1;
        if let Some(code) = want {
            r.expect(code);
        }
        for (stream, text) in [("stdout", &r.stdout), ("stderr", &r.stderr)] {
            if let Some(p) = leaks(text) {
                self.found.push(format!(
                    "`{}` {stream} shows {p:?}:\n{text}",
                    args.join(" ")
                ));
            }
        }
        r
    }
}

#[test]
fn no_command_ever_shows_the_password() {
    for kind in [Kind::Postgres, Kind::Mysql] {
        let Some(db) = TestDb::new(kind) else {
            continue;
        };
        let url = url_with_password(&db);
        assert!(url.contains(IN_URL));
        let bad_db = url.replace(&db.name, &format!("{}_missing", db.name));
        let bad_port = url.replace(":5432/", ":1/").replace(":3306/", ":1/");
        let wrong_password = url.replace(IN_URL, "Wr0ng-Pa55-xyzzy");
        let mut s = Scan {
            db: &db,
            runs: 0,
            found: Vec::new(),
        };
        let u = Some(url.as_str());
        for output in ["text", "json"] {
            let o = ["--output", output, "-v"];
            let with = |args: &[&'static str]| -> Vec<&'static str> {
                let mut v = o.to_vec();
                v.extend_from_slice(args);
                v
            };
            s.run(u, &with(&["check-connection"]), Some(0));
            s.run(u, &with(&["migrate", "--dry-run"]), Some(0));
            s.run(u, &with(&["migrate", "--to", "1.0.0"]), None);
            s.run(
                u,
                &with(&["backup", "--allow-pending", "-o", "old.sql"]),
                None,
            );
            s.run(u, &with(&["upgrade", "--backup-dir", "bk"]), Some(0));
            s.run(u, &with(&["info"]), Some(0));
            s.run(u, &with(&["validate"]), Some(0));
            s.run(u, &with(&["repair"]), Some(0));
            s.run(u, &with(&["backup", "--force", "-o", "d.sql"]), Some(0));
            s.run(u, &with(&["backup", "--force", "-o", "d.sql.gz"]), Some(0));
            s.run(
                u,
                &with(&["backup", "--backup-dir", "bk", "--keep", "2"]),
                Some(0),
            );
            s.run(u, &with(&["verify", "d.sql"]), Some(0));
            // Failing runs.
            s.run(u, &with(&["baseline", "--version", "1.0.0"]), Some(2));
            s.run(u, &with(&["restore", "d.sql"]), Some(1));
            s.run(Some(&bad_db), &with(&["info"]), Some(1));
            s.run(
                Some(&bad_port),
                &with(&["--connect-timeout", "1", "migrate"]),
                Some(1),
            );
            s.run(
                Some(&bad_port),
                &with(&["--connect-timeout", "1", "backup", "-o", "x.sql"]),
                Some(1),
            );
            if kind == Kind::Mysql {
                s.run(Some(&wrong_password), &with(&["info"]), Some(1));
            }
            s.run(u, &with(&["drop-create"]), Some(2));
            s.run(u, &with(&["--yes", "drop-create"]), Some(0));
        }
        // The URL in a config file, with a bad key next to it, then a good file.
        let cfg = db.dir.path().join("dbshape.yaml");
        std::fs::write(&cfg, format!("connection:\n  url: {url}\n  colour: blue\n")).unwrap();
        s.run(None, &["info"], Some(2));
        std::fs::write(&cfg, format!("connection:\n  url: {url}\n")).unwrap();
        s.run(None, &["--output", "json", "info"], Some(0));
        s.run(
            None,
            &["-v", "backup", "--force", "-o", "c.sql.zst"],
            Some(0),
        );
        std::fs::write(&cfg, format!("connection:\n  url: {bad_db}\n")).unwrap();
        s.run(None, &["-v", "--output", "json", "migrate"], Some(1));
        std::fs::remove_file(&cfg).unwrap();
        // The password as a `${VAR}` in the config, from the environment.
        std::fs::write(
            &cfg,
            format!(
                "connection:\n  url: {}\n",
                url.replace(IN_URL, "${DB_PASSWORD}")
            ),
        )
        .unwrap();
        let mut c = db.cmd();
        c.env_remove("DBSHAPE_URL")
            .env("DB_PASSWORD", IN_URL)
            .args(["-v", "check-connection"]);
        let r = Run::from(c.output().unwrap());
        r.expect(0);
        assert!(
            leaks(&r.stdout).is_none() && leaks(&r.stderr).is_none(),
            "{r:?}"
        );
        std::fs::remove_file(&cfg).unwrap();

        // Files written, decompressed.
        let mut files = Vec::new();
        files_text(db.dir.path(), &mut files);
        assert!(files.len() >= 4, "{files:?}");
        for (name, text) in &files {
            if let Some(p) = leaks(text) {
                s.found.push(format!("file {name} holds {p:?}"));
            }
            if name.contains(".sql") {
                let mode = std::fs::metadata(name).unwrap().permissions().mode() & 0o777;
                assert_eq!(mode, 0o600, "{name} has mode {mode:o}");
            }
        }
        // dbshape's own tables.
        for table in [
            "dbshape_change_log",
            "dbshape_audit_log",
            "dbshape_lock",
            "dbshape_statement_log",
        ] {
            let rows = db.sql(&format!("SELECT * FROM {table}"));
            if let Some(p) = leaks(&rows) {
                s.found.push(format!("table {table} holds {p:?}"));
            }
        }
        assert!(s.runs >= 40, "{}", s.runs);
        assert!(
            s.found.is_empty(),
            "{kind:?}: the password leaked:\n{}",
            s.found.join("\n")
        );
        if kind == Kind::Mysql {
            db.sql(&format!(
                "DROP USER IF EXISTS 'u_{0}'@'%'; DROP USER IF EXISTS 'u_{0}'@'localhost';",
                &db.name[db.name.len().saturating_sub(20)..]
            ));
        }
    }
}
