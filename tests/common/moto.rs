//! A moto S3 server of a test's own (`moto_server` on a free port, killed when the test
//! ends), and `dbshape` run with the standard AWS environment pointing at it.
//!
//! When `moto_server` cannot be started a test fails if `CI` is set (see .ci/run), and
//! otherwise prints why and returns early.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::{Run, TestDb};

pub const SECRET: &str = "dbshape-test-secret-4f1c9a";
pub const BUCKET: &str = "dumps";

/// A moto S3 server of the test's own.
pub struct Moto {
    child: Child,
    port: u16,
    _log_dir: tempfile::TempDir,
}

impl Moto {
    /// Starts `moto_server` with one bucket, or `None` (outside CI only) when it cannot.
    pub fn start() -> Option<Moto> {
        match Moto::try_start() {
            Ok(m) => Some(m),
            Err(why) if std::env::var_os("CI").is_some() => {
                panic!("cannot start moto_server, which CI needs (see .ci/run): {why}")
            }
            Err(why) => {
                eprintln!("skipping: cannot start moto_server ({why})");
                None
            }
        }
    }

    fn try_start() -> Result<Moto, String> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| e.to_string())?
            .port();
        let log_dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let log = std::fs::File::create(log_dir.path().join("moto.log")).unwrap();
        let child = Command::new("moto_server")
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .map_err(|e| {
                format!("moto_server: {e}; install it with `pip install 'moto[server]'`")
            })?;
        let mut moto = Moto {
            child,
            port,
            _log_dir: log_dir,
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Ok(Some(status)) = moto.child.try_wait() {
                return Err(format!("moto_server exited with {status}: {}", moto.log()));
            }
            if moto.try_http("GET", "/").is_ok() {
                break;
            }
            if Instant::now() > deadline {
                return Err(format!("moto_server did not answer: {}", moto.log()));
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        let (status, body) = moto.http("PUT", &format!("/{BUCKET}"));
        if status != 200 {
            return Err(format!("creating the bucket: {status} {body}"));
        }
        Ok(moto)
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self._log_dir.path().join("moto.log")).unwrap_or_default()
    }

    /// One unsigned request (moto accepts them); returns the status and the body.
    pub fn try_http(&self, method: &str, path: &str) -> std::io::Result<(u16, String)> {
        self.try_http_with(method, path, &[])
    }

    /// One unsigned request with a body.
    pub fn try_http_with(
        &self,
        method: &str,
        path: &str,
        body: &[u8],
    ) -> std::io::Result<(u16, String)> {
        let mut s = TcpStream::connect(("127.0.0.1", self.port))?;
        s.set_read_timeout(Some(Duration::from_secs(30)))?;
        write!(
            s,
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            self.port,
            body.len()
        )?;
        s.write_all(body)?;
        let mut buf = Vec::new();
        s.read_to_end(&mut buf)?;
        let text = String::from_utf8_lossy(&buf).into_owned();
        let status = text
            .split_whitespace()
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        let body = text
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_string())
            .unwrap_or_default();
        Ok((status, body))
    }

    /// Writes `body` to the object at `key` of the bucket.
    pub fn put(&self, key: &str, body: &[u8]) {
        let (status, text) = self
            .try_http_with("PUT", &format!("/{BUCKET}/{key}"), body)
            .unwrap_or_else(|e| panic!("PUT {key} to moto: {e}"));
        assert_eq!(status, 200, "PUT {key}: {text}");
    }

    pub fn http(&self, method: &str, path: &str) -> (u16, String) {
        self.try_http(method, path)
            .unwrap_or_else(|e| panic!("{method} {path} to moto: {e}"))
    }

    /// The keys of the objects in the bucket.
    pub fn keys(&self) -> Vec<String> {
        let (status, body) = self.http("GET", &format!("/{BUCKET}?list-type=2"));
        assert_eq!(status, 200, "{body}");
        between(&body, "<Key>", "</Key>")
    }

    /// Multipart uploads under way (started, neither completed nor aborted): (key, id).
    pub fn uploads(&self) -> Vec<(String, String)> {
        let (status, body) = self.http("GET", &format!("/{BUCKET}?uploads"));
        assert_eq!(status, 200, "{body}");
        between(&body, "<Upload>", "</Upload>")
            .iter()
            .map(|u| {
                let key = between(u, "<Key>", "</Key>").pop().unwrap_or_default();
                let id = between(u, "<UploadId>", "</UploadId>")
                    .pop()
                    .unwrap_or_default();
                (key, id)
            })
            .collect()
    }

    /// Parts already uploaded to an upload under way for `key`.
    pub fn parts_uploaded(&self, key: &str) -> usize {
        self.uploads()
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, id)| {
                let (_, body) = self.http("GET", &format!("/{BUCKET}/{key}?uploadId={id}"));
                body.matches("<Part>").count()
            })
            .sum()
    }

    /// The ETag of an object (to see whether it was replaced).
    pub fn etag(&self, key: &str) -> String {
        let (status, body) = self.http("GET", &format!("/{BUCKET}?list-type=2&prefix={key}"));
        assert_eq!(status, 200, "{body}");
        between(&body, "<ETag>", "</ETag>")
            .pop()
            .unwrap_or_else(|| panic!("no object {key}: {body}"))
    }

    /// `dbshape` for `db` with the AWS environment pointing at this server.
    pub fn cmd(&self, db: &TestDb) -> Command {
        let mut c = db.cmd();
        self.env(&mut c);
        c
    }

    pub fn env(&self, c: &mut Command) {
        for (k, _) in std::env::vars_os() {
            if k.to_string_lossy().starts_with("AWS_") {
                c.env_remove(k);
            }
        }
        c.env("AWS_ACCESS_KEY_ID", "dbshape-test")
            .env("AWS_SECRET_ACCESS_KEY", SECRET)
            .env("AWS_REGION", "us-east-1")
            .env(
                "AWS_ENDPOINT_URL",
                format!("http://127.0.0.1:{}", self.port),
            );
    }

    /// Runs `dbshape ARGS...` for `db`, checking that the secret never shows.
    pub fn run(&self, db: &TestDb, args: &[&str]) -> Run {
        let r = Run::from(self.cmd(db).args(args).output().unwrap());
        assert_no_secret(&r);
        r
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[track_caller]
pub fn assert_no_secret(r: &Run) {
    assert!(
        !r.stdout.contains(SECRET) && !r.stderr.contains(SECRET),
        "the secret access key was printed:\n{}\n{}",
        r.stdout,
        r.stderr
    );
}

/// The texts between each `open` and the following `close`.
pub fn between(text: &str, open: &str, close: &str) -> Vec<String> {
    text.split(open)
        .skip(1)
        .filter_map(|s| s.split_once(close).map(|(v, _)| v.to_string()))
        .collect()
}

pub fn url(key: &str) -> String {
    format!("s3://{BUCKET}/{key}")
}
