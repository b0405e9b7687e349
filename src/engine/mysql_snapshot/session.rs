//! The MySQL / MariaDB session a snapshot reads on: its connection, and the words of
//! its driver's errors.
//!
//! - **Connection.** The URL is the one sqlx (the migration connection) reads, so its
//!   TLS parameters are translated for `mysql_async`; TLS is tried first and dropped
//!   only when the URL leaves it to the server; refused or reset connections are
//!   retried until the connect timeout.
//! - **Session settings.** `SET NAMES utf8mb4` makes text of any column character set
//!   arrive as UTF-8; `time_zone = '+00:00'` fixes the text of TIMESTAMP values;
//!   `sql_mode` is pinned because `PAD_CHAR_TO_FULL_LENGTH` would change how CHAR
//!   values read back (without it the server strips their trailing spaces, and the
//!   restored value reads back the same). The dump's preamble (`dump::templates`) sets
//!   the same for replay, with `NO_AUTO_VALUE_ON_ZERO` so that a stored id 0 stays 0,
//!   and without the strict and `NO_ZERO_DATE` modes so that zero dates load
//!   (<https://mariadb.com/kb/en/sql-mode/>). Foreign and unique checks are off during
//!   the replay, as in mysqldump's output.
//!
//! Apart from the catalog and the rows because none of this depends on what is read:
//! `mysql_restore` opens its sessions through the same code and words its errors with
//! [`db_err`].

use std::path::PathBuf;
use std::time::{Duration, Instant};

use mysql_async::{Conn, Opts, OptsBuilder, SslOpts};

use super::MysqlSnapshot;
use crate::config::{DbUrl, Settings};
use crate::error::{Error, Result};

/// Settings of the reading session: the same text of values as the replay sees.
const READ_SESSION: &[&str] = &[
    "SET NAMES utf8mb4",
    "SET time_zone = '+00:00'",
    "SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO'",
    // The server drops a client that does not take the rows it sends for this long;
    // a slow disk or compressor behind the sink must not abort a large table.
    "SET SESSION net_write_timeout = 3600",
];

impl MysqlSnapshot {
    /// Connects (retrying while the server is unreachable, up to the connect timeout),
    /// runs `connection.init_sql`, then pins the session settings reads depend on.
    pub async fn open(settings: &Settings) -> Result<MysqlSnapshot> {
        let url = settings.url.clone();
        let opts = driver_opts(&url)?;
        let conn = match connect(opts.clone(), settings).await {
            // `ssl-mode=PREFERRED` (the default, as for sqlx and the mysql client):
            // encrypted when the server offers it, else plain.
            Err(e) if prefers_tls(&url) && opts.ssl_opts().is_some() && is_tls_failure(&e) => {
                let plain: Opts = OptsBuilder::from_opts(opts).ssl_opts(None).into();
                connect(plain, settings).await?
            }
            other => other?,
        };
        let mut snap = MysqlSnapshot {
            conn: Some(conn),
            url,
            version: String::new(),
            estimates: None,
        };
        for sql in &settings.init_sql {
            snap.exec(sql).await?;
        }
        // After init_sql: these settings decide the dumped bytes and must win.
        for sql in READ_SESSION {
            snap.exec(sql).await?;
        }
        let v = snap
            .first_text("cannot read the server version", "SELECT VERSION()")
            .await?
            .unwrap_or_default();
        let mariadb = v.to_ascii_lowercase().contains("mariadb");
        if !mariadb {
            // MySQL 8 serves information_schema.TABLES (AUTO_INCREMENT included) from a
            // cache unless told not to. The variable exists neither on MariaDB nor on
            // MySQL 5.7, hence the branch and the version comment.
            snap.exec("/*!80000 SET SESSION information_schema_stats_expiry = 0 */")
                .await?;
        }
        snap.version = format!("{} {v}", if mariadb { "MariaDB" } else { "MySQL" });
        Ok(snap)
    }
}

/// The `mysql_async` options for a URL. Parameters that sqlx (the migration
/// connection) understands are translated: `ssl-mode`, `ssl-ca`, `ssl-cert` and
/// `ssl-key`; sqlx's session parameters (`charset`, `collation`, `timezone`,
/// `statement-cache-capacity`) are dropped because this session pins its own. Anything
/// else goes to `mysql_async` as is (it refuses what it does not know, by name).
fn driver_opts(url: &DbUrl) -> Result<Opts> {
    let bad = |why: String| Error::Config(format!("database URL {}: {why}", url.redacted()));
    let mut parsed = url::Url::parse(&url.driver_url()).map_err(|e| bad(e.to_string()))?;
    let pairs: Vec<(String, String)> = parsed.query_pairs().into_owned().collect();
    let mut kept = Vec::new();
    // (verify the CA, verify the host name), when TLS is asked for; PREFERRED when the
    // URL does not say.
    let mut tls: Option<(bool, bool)> = Some((false, false));
    let (mut ca, mut cert, mut key) = (None, None, None);
    for (k, v) in pairs {
        match k.as_str() {
            "ssl-mode" | "sslmode" => {
                tls = match v.to_ascii_lowercase().as_str() {
                    "disabled" => None,
                    // Tried first, see `prefers_tls`.
                    "preferred" | "required" => Some((false, false)),
                    "verify_ca" => Some((true, false)),
                    "verify_identity" => Some((true, true)),
                    other => {
                        return Err(bad(format!(
                        "ssl-mode `{other}` is not one of disabled, preferred, required, verify_ca, verify_identity"
                    )))
                    }
                }
            }
            "ssl-ca" => ca = Some(PathBuf::from(v)),
            "ssl-cert" => cert = Some(PathBuf::from(v)),
            "ssl-key" => key = Some(PathBuf::from(v)),
            "charset" | "collation" | "timezone" | "statement-cache-capacity" => {}
            _ => kept.push((k, v)),
        }
    }
    if kept.is_empty() {
        parsed.set_query(None);
    } else {
        parsed.query_pairs_mut().clear().extend_pairs(kept);
    }
    let opts = Opts::from_url(parsed.as_str())
        .map_err(|e| bad(crate::engine::scrub(&e.to_string(), url)))?;
    // TCP keepalive, so that a server that vanished without closing the socket (a
    // dropped network, a stopped host) ends the wait for its answer instead of leaving
    // it blocked forever; `mysql_async` sets the idle time only, the kernel's interval
    // and probe count do the rest. A URL's own `tcp_keepalive` (milliseconds) wins.
    let keepalive = opts
        .tcp_keepalive()
        .or(Some(crate::engine::KEEPALIVE_IDLE.as_millis() as u32));
    let mut builder = OptsBuilder::from_opts(opts).tcp_keepalive(keepalive);
    if let Some((verify_ca, verify_host)) = tls {
        let mut ssl = SslOpts::default()
            .with_danger_accept_invalid_certs(!verify_ca)
            .with_danger_skip_domain_validation(!verify_host);
        if let Some(ca) = ca {
            ssl = ssl.with_root_certs(vec![ca.into()]);
        }
        if let (Some(cert), Some(key)) = (cert, key) {
            ssl = ssl.with_client_identity(Some(mysql_async::ClientIdentity::new(
                cert.into(),
                key.into(),
            )));
        }
        builder = builder.ssl_opts(Some(ssl));
    }
    Ok(builder.into())
}

/// Whether the URL leaves TLS to the server (`ssl-mode` absent or PREFERRED).
fn prefers_tls(url: &DbUrl) -> bool {
    url.query_param("ssl-mode")
        .or_else(|| url.query_param("sslmode"))
        .is_none_or(|m| m.eq_ignore_ascii_case("preferred"))
}

/// A connect error of the TLS layer: the server offers none, or the handshake failed.
fn is_tls_failure(e: &Error) -> bool {
    let Error::Connect { message, .. } = e else {
        return false;
    };
    let m = message.to_ascii_lowercase();
    m.contains("tls") || m.contains("ssl") || m.contains("certificate")
}

/// A refused or reset socket is worth another try; a TLS failure is not (a certificate
/// does not start verifying by waiting).
fn is_transient(e: &mysql_async::Error) -> bool {
    match e {
        mysql_async::Error::Io(mysql_async::IoError::Io(io)) => {
            io.kind() != std::io::ErrorKind::InvalidData
        }
        _ => false,
    }
}

/// Connects, retrying refused or reset connections with backoff until the connect
/// timeout, as `crate::engine::connect` does for the migration connection.
async fn connect(opts: Opts, settings: &Settings) -> Result<Conn> {
    let url = &settings.url;
    let deadline = Instant::now() + settings.connect_timeout;
    let mut backoff = Duration::from_millis(200);
    let fail = |message: String| Error::Connect {
        url: url.redacted(),
        message: crate::engine::scrub(&message, url),
    };
    loop {
        let remaining = deadline.saturating_duration_since(Instant::now());
        let attempt = remaining.max(Duration::from_millis(500));
        match tokio::time::timeout(attempt, Conn::new(opts.clone())).await {
            Ok(Ok(conn)) => return Ok(conn),
            Ok(Err(e)) if is_transient(&e) && Instant::now() + backoff < deadline => {
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(Duration::from_secs(2));
            }
            Ok(Err(e)) => {
                let mut message = describe(&e);
                if is_transient(&e) {
                    message.push_str(&format!(
                        " (gave up after {} s; check that the server runs and the URL's host and port, or raise --connect-timeout)",
                        settings.connect_timeout.as_secs()
                    ));
                } else if let Some(hint) = crate::engine::certificate_hint(
                    &message,
                    url.query_param("ssl-ca")
                        .as_deref()
                        .map(std::path::Path::new),
                    true,
                ) {
                    message.push_str("; ");
                    message.push_str(&hint);
                }
                return Err(fail(message));
            }
            Err(_) => {
                return Err(fail(format!(
                "no answer within {} s; check the URL's host and port, or raise --connect-timeout",
                settings.connect_timeout.as_secs()
            )))
            }
        }
    }
}

/// A driver error as text: the server's message and code, or the driver's own.
fn describe(e: &mysql_async::Error) -> String {
    match e {
        mysql_async::Error::Server(s) => format!("{} (code {})", s.message, s.code),
        other => other.to_string(),
    }
}

/// A database error with dbshape's context and the password scrubbed.
pub(crate) fn db_err(url: &DbUrl, context: &str, e: &mysql_async::Error) -> Error {
    let mut message = crate::engine::scrub(&describe(e), url);
    // The socket failed (the server closed it after a `KILL`, the network dropped) or
    // the server says so: 1927 "Connection was killed", 2006/2013 "server has gone
    // away" / "lost connection" (<https://mariadb.com/kb/en/mariadb-error-code-reference/>).
    let lost = match e {
        mysql_async::Error::Io(_) => true,
        mysql_async::Error::Server(s) => matches!(s.code, 1927 | 2006 | 2013),
        mysql_async::Error::Driver(d) => matches!(d, mysql_async::DriverError::ConnectionClosed),
        _ => false,
    };
    if lost {
        message.push_str(crate::engine::LOST_CONNECTION);
    }
    Error::db(format!("{context} on {}", url.redacted()), message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlx_url_parameters_are_translated() {
        let url = DbUrl::parse("mysql://u:p@h:3306/db?ssl-mode=required&charset=utf8mb4").unwrap();
        let opts = driver_opts(&url).unwrap();
        assert!(opts.ssl_opts().is_some());
        assert_eq!(opts.db_name(), Some("db"));
        let url = DbUrl::parse("mysql://u:secret@h/db?ssl-mode=bogus").unwrap();
        let err = driver_opts(&url).unwrap_err().to_string();
        assert!(!err.contains("secret"), "{err}");
    }
}
