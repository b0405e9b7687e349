//! Connecting: retries of what may pass (a refused port, a server starting up) until
//! `--connect-timeout`, the network's own words when it gives up, the hints for what
//! waiting cannot fix (credentials, an unknown database, a certificate), and the options
//! every engine's single, never-recycled connection shares.

use std::path::Path;
use std::time::{Duration, Instant};

use sea_orm::{ConnAcquireErr, ConnectOptions, ConnectionTrait, DbErr};

use super::errors::sqlx_error;
use super::{describe_db_err, scrub, Engine};
use crate::config::{DbUrl, Settings};
use crate::dialect::Dialect;
use crate::error::{Error, Result};

/// Connects to the database the settings name, retrying transient failures (refused,
/// reset, server starting up) with backoff until the connect timeout, so a database
/// container that is still starting is fine.
pub async fn connect(settings: &Settings) -> Result<Box<dyn Engine>> {
    let url = &settings.url;
    let started = Instant::now();
    let deadline = started + settings.connect_timeout;
    let mut backoff = Duration::from_millis(200);
    let mut attempts = 0u32;
    loop {
        attempts += 1;
        let remaining = deadline.saturating_duration_since(Instant::now());
        let attempt = remaining.clamp(Duration::from_millis(500), Duration::from_secs(5));
        let result = match url.dialect() {
            #[cfg(feature = "postgres")]
            Dialect::Postgres => super::postgres::Postgres::connect(settings, attempt)
                .await
                .map(|e| Box::new(e) as Box<dyn Engine>),
            #[cfg(feature = "mysql")]
            Dialect::Mysql => super::mysql::Mysql::connect(settings, attempt)
                .await
                .map(|e| Box::new(e) as Box<dyn Engine>),
            #[cfg(feature = "sqlite")]
            Dialect::Sqlite => super::sqlite::Sqlite::connect(settings, attempt)
                .await
                .map(|e| Box::new(e) as Box<dyn Engine>),
            #[allow(unreachable_patterns)] // every engine built in
            other => return Err(super::not_built(other)),
        };
        match result {
            Ok(engine) => {
                // `connection.init_sql` runs once on the one connection dbshape keeps
                // (never recycled, see `base_options`), and a failing statement is
                // reported as itself, not as a connection failure.
                for (i, sql) in settings.init_sql.iter().enumerate() {
                    engine.db().execute_unprepared(sql).await.map_err(|e| {
                        Error::Config(format!(
                            "connection.init_sql statement {} (`{sql}`) failed on {}: {}",
                            i + 1,
                            url.redacted(),
                            scrub(&describe_db_err(&e), url)
                        ))
                    })?;
                }
                let baseline = engine.read_baseline(&settings.init_sql).await?;
                let _ = engine.baseline_cell().set(baseline);
                return Ok(engine);
            }
            // Retried until the deadline itself, the last wait cut short to reach it.
            Err(err) if is_transient(&err) && Instant::now() < deadline => {
                let wait = backoff.min(deadline.saturating_duration_since(Instant::now()));
                tokio::time::sleep(wait).await;
                backoff = (backoff * 2).min(Duration::from_secs(2));
            }
            Err(err) => {
                let mut message = scrub(&describe_db_err(&err), url);
                if is_transient(&err) {
                    if let Some(cause) = network_cause(url, &err).await {
                        message = cause;
                    }
                    message.push_str(&format!(
                        " (gave up after {:.1} s and {attempts} attempt{}; check that the server runs and the URL's host and port, or raise --connect-timeout)",
                        started.elapsed().as_secs_f64(),
                        if attempts == 1 { "" } else { "s" }
                    ));
                } else if let Some(hint) = connect_hint(&err) {
                    message.push_str(hint);
                } else if let Some(hint) = certificate_hint(
                    &message,
                    url.query_param("sslrootcert")
                        .or_else(|| url.query_param("ssl-ca"))
                        .as_deref()
                        .map(Path::new),
                    url.dialect() == Dialect::Mysql,
                ) {
                    message.push_str("; ");
                    message.push_str(&hint);
                }
                return Err(Error::Connect {
                    url: url.redacted(),
                    message,
                });
            }
        }
    }
}

/// What the network says about a server the pool could not reach. sqlx's pool reports
/// a connect that keeps failing as "pool timed out", which hides whether the port
/// refused, the host did not answer or its name did not resolve; one plain TCP connect
/// (at most 2 s) names the cause. `None` when that connect succeeds (the server
/// answers TCP: the pool's own error stands) or for SQLite.
async fn network_cause(url: &DbUrl, err: &DbErr) -> Option<String> {
    let timed_out = matches!(err, DbErr::ConnectionAcquire(ConnAcquireErr::Timeout))
        || matches!(sqlx_error(err), Some(sea_orm::sqlx::Error::PoolTimedOut));
    if !timed_out {
        return None;
    }
    let (host, port) = url.host_port()?;
    let probe = tokio::net::TcpStream::connect((host.as_str(), port));
    match tokio::time::timeout(Duration::from_secs(2), probe).await {
        Ok(Ok(_)) => None,
        Ok(Err(e)) if e.kind() == std::io::ErrorKind::ConnectionRefused => Some(format!(
            "connection refused by {host}:{port}: no server listens there"
        )),
        Ok(Err(e)) => Some(format!("cannot reach {host}:{port}: {e}")),
        Err(_) => Some(format!(
            "{host}:{port} did not answer (no reply to a TCP connect within 2 s: a firewall, or a host that is down)"
        )),
    }
}

/// A sentence for an operator whose server certificate did not verify, in the URL
/// parameters of the engine (`mysql` for MySQL/MariaDB, else PostgreSQL's).
pub fn certificate_hint(message: &str, root: Option<&Path>, mysql: bool) -> Option<String> {
    let m = message.to_ascii_lowercase();
    if !(m.contains("certificate") || m.contains("unknownissuer") || m.contains("notvalidforname"))
    {
        return None;
    }
    let root = match root {
        Some(r) => format!("the root certificate {}", r.display()),
        None => "the default roots".to_string(),
    };
    let (ca, lower) = if mysql {
        ("ssl-ca=FILE", "ssl-mode=REQUIRED")
    } else {
        ("sslrootcert=FILE", "sslmode=require")
    };
    Some(format!(
        "the server's TLS certificate did not verify against {root}: give the CA that signed it \
         with {ca}, or connect to the host name the certificate names, or use {lower} to \
         encrypt without checking the certificate"
    ))
}

/// Base connect options shared by the engines: a single, never-recycled connection.
pub(crate) fn base_options(url: String, attempt: Duration) -> ConnectOptions {
    let mut opts = ConnectOptions::new(url);
    opts.max_connections(1)
        .min_connections(1)
        .connect_timeout(attempt)
        .acquire_timeout(attempt)
        .idle_timeout(None::<Duration>)
        .max_lifetime(None::<Duration>)
        .test_before_acquire(false)
        .sqlx_logging(false);
    opts
}

/// Whether a connect error is worth retrying.
fn is_transient(err: &DbErr) -> bool {
    if matches!(err, DbErr::ConnectionAcquire(_)) {
        return true;
    }
    let Some(sqlx_err) = sqlx_error(err) else {
        return false;
    };
    use sea_orm::sqlx::Error as SqlxError;
    match sqlx_err {
        // A TLS handshake that fails (a certificate that does not verify) surfaces as
        // invalid data: waiting does not fix it.
        SqlxError::Io(io) => io.kind() != std::io::ErrorKind::InvalidData,
        SqlxError::PoolTimedOut | SqlxError::PoolClosed => true,
        SqlxError::Database(db) => {
            // 57P03: PostgreSQL "the database system is starting up".
            // 08xxx: connection exceptions.
            matches!(
                db.code().as_deref(),
                Some("57P03") | Some("08006") | Some("08001")
            )
        }
        _ => false,
    }
}

/// How to fix a connect error the server refused for good: bad credentials or a
/// database that does not exist (dbshape never creates the database it is pointed at).
fn connect_hint(err: &DbErr) -> Option<&'static str> {
    let Some(sea_orm::sqlx::Error::Database(db)) = sqlx_error(err) else {
        return None;
    };
    // MySQL reports an unknown database with the generic SQLSTATE 42000, so its error
    // number (ER_BAD_DB_ERROR, 1049) tells it apart:
    // https://mariadb.com/kb/en/mariadb-error-code-reference/
    #[cfg(feature = "mysql")]
    let mysql_unknown_db = db
        .try_downcast_ref::<sea_orm::sqlx::mysql::MySqlDatabaseError>()
        .is_some_and(|e| e.number() == 1049);
    #[cfg(not(feature = "mysql"))]
    let mysql_unknown_db = false;
    match db.code().as_deref() {
        // PostgreSQL 28P01/28000 and MySQL 28000: authentication failed.
        Some("28P01") | Some("28000") => Some(
            "; check the user name and password in the URL (--url, DBSHAPE_URL or connection.url)",
        ),
        // PostgreSQL 3D000: invalid_catalog_name.
        Some("3D000") => Some(UNKNOWN_DB_HINT),
        _ if mysql_unknown_db => Some(UNKNOWN_DB_HINT),
        _ => None,
    }
}

const UNKNOWN_DB_HINT: &str =
    "; create the database first (dbshape does not create it) or correct the database name in the URL";

/// TCP keepalive of the data connections (`mysql_async` for MySQL/MariaDB,
/// `tokio-postgres` for PostgreSQL): after this long without traffic the kernel probes
/// the peer, so a vanished server is noticed even while dbshape waits for an answer.
/// Probes cost a few bytes; a long legitimate statement (an index rebuild) keeps the
/// server's kernel answering them, so it is never cut. No read timeout is set on top:
/// any fixed one would cut some legitimate statement; a live server is told apart from
/// a vanished one by its kernel, which answers the probes.
pub const KEEPALIVE_IDLE: Duration = Duration::from_secs(30);
/// Time between two probes (PostgreSQL data path; `mysql_async` leaves it, and the
/// number of probes, to the kernel's defaults).
pub const KEEPALIVE_INTERVAL: Duration = Duration::from_secs(10);
/// Unanswered probes before the socket is declared dead (see [`KEEPALIVE_INTERVAL`]).
pub const KEEPALIVE_RETRIES: u32 = 3;
