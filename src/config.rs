//! Configuration: the YAML file, environment substitution, database URLs, and the merge
//! of flags, environment and file into one validated [`Settings`].
//!
//! Flags win over environment variables, which win over the config file, which wins over
//! the defaults. Everything is merged once here so that commands act on a typed plan and
//! never look at raw flags again. The database URL keeps its password out of every
//! `Display`: only [`DbUrl::redacted`] is ever shown.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use crate::dialect::Dialect;
use crate::error::{Error, Result};
use crate::migrations::Migrations;

/// The config file used when `--config` is not given and it exists.
pub const DEFAULT_CONFIG_FILE: &str = "dbshape.yaml";
/// The embedded SQLite database used when no URL is configured anywhere.
pub const DEFAULT_SQLITE_FILE: &str = "dbshape.db";
/// How printed commands name the program, unless a server names its own.
pub const DEFAULT_PROGRAM: &str = "dbshape";
/// The migrations directory looked for in the working directory.
pub const DEFAULT_MIGRATIONS_DIR: &str = "bootstrap/sql/migrations";
/// Default wait for the migration lock.
pub const DEFAULT_LOCK_TIMEOUT_SECS: u64 = 600;
/// Default time allowed to reach the database server.
pub const DEFAULT_CONNECT_TIMEOUT_SECS: u64 = 10;
/// Where backups go when no directory is named (`--backup-dir`, `backup.dir`).
pub const DEFAULT_BACKUP_DIR: &str = "backups";

/// The YAML config file, exactly as written (after `${VAR}` substitution).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    /// The `connection:` section: the database URL, statements for every new connection and
    /// the connect timeout.
    #[serde(default)]
    pub connection: ConnectionConfig,
    /// The `migrations:` section: the migrations directory.
    #[serde(default)]
    pub migrations: MigrationsConfig,
    /// Seconds to wait for the migration lock.
    pub lock_timeout: Option<u64>,
    /// `text` or `json`.
    pub output: Option<String>,
    /// The `backup:` section: the backup directory and how many dumps to keep there.
    #[serde(default)]
    pub backup: BackupConfig,
    /// The `restore:` section: the signatures a restore demands and accepts.
    #[serde(default)]
    pub restore: RestoreConfig,
    /// Bring the schema up to the server version before every command.
    pub auto_migrate: Option<bool>,
}

/// `connection:` section.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConnectionConfig {
    /// The database URL (`connection.url`); `--url` and `DBSHAPE_URL` win over it, and it
    /// wins over `DATABASE_URL`.
    pub url: Option<String>,
    /// Statements run on every new connection (search_path, sql_mode, lock_timeout...).
    #[serde(default)]
    pub init_sql: Vec<String>,
    /// Seconds allowed to reach the server, retrying refused connections.
    pub connect_timeout: Option<u64>,
}

/// `migrations:` section.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MigrationsConfig {
    /// The migrations directory (`migrations.dir`), relative to the working directory;
    /// `--migrations` and `DBSHAPE_MIGRATIONS` win over it.
    pub dir: Option<PathBuf>,
}

/// `backup:` section.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupConfig {
    /// Directory of pre-upgrade backups.
    pub dir: Option<PathBuf>,
    /// Keep only the newest N dumps of the database in the directory after a backup
    /// (the same as `keep_last`, which wins when both are given).
    pub keep: Option<usize>,
    /// Retention: keep the N newest dumps.
    pub keep_last: Option<usize>,
    /// Retention: keep the newest dump of each of the D most recent days with one.
    pub keep_daily: Option<usize>,
    /// Retention: keep the newest dump of each of the W most recent ISO weeks with one.
    pub keep_weekly: Option<usize>,
    /// Retention: keep the newest dump of each of the M most recent months with one.
    pub keep_monthly: Option<usize>,
    /// Retention: the zone of days, weeks and months (`UTC`, `+HH:MM`, `local`).
    pub time_zone: Option<String>,
}

/// The retention rules of the config file (`backup.keep_*`, `backup.time_zone`), which
/// the command line's `--keep-*` flags override one by one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RetentionSettings {
    /// `backup.keep_last` (or `backup.keep`).
    pub last: Option<usize>,
    /// `backup.keep_daily`.
    pub daily: Option<usize>,
    /// `backup.keep_weekly`.
    pub weekly: Option<usize>,
    /// `backup.keep_monthly`.
    pub monthly: Option<usize>,
    /// `backup.time_zone`.
    pub time_zone: Option<String>,
}

/// `restore:` section.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RestoreConfig {
    /// Refuse dumps that are not signed by one of `trusted_keys`.
    #[serde(default)]
    pub require_signature: bool,
    /// Public key files (`keygen --sign`'s FILE.pub) whose signatures `restore` accepts.
    #[serde(default)]
    pub trusted_keys: Vec<PathBuf>,
}

impl FileConfig {
    /// Reads and parses a config file, substituting `${VAR}` and `${VAR:-default}`.
    pub fn load(path: &Path) -> Result<FileConfig> {
        let bytes = std::fs::read(path).map_err(|e| Error::io("read config file", path, e))?;
        let text = String::from_utf8(bytes).map_err(|_| {
            Error::Config(format!(
                "config file {}: not valid UTF-8; save it as UTF-8",
                path.display()
            ))
        })?;
        Self::parse(&text, &path.display().to_string())
    }

    /// Parses config text; `origin` names it in errors.
    pub fn parse(text: &str, origin: &str) -> Result<FileConfig> {
        let text = substitute_env(text, |name| std::env::var(name).ok())
            .map_err(|e| Error::Config(format!("config file {origin}: {e}")))?;
        if text.trim().is_empty() {
            return Ok(FileConfig::default());
        }
        serde_yaml::from_str(&text).map_err(|e| Error::Config(format!("config file {origin}: {e}")))
    }
}

/// Replaces `${VAR}` and `${VAR:-default}` with values from `lookup`; `$$` is a literal `$`.
///
/// An unset variable without a default is an error naming it and its line, because a
/// silently empty URL or directory would send dbshape to the wrong database.
pub fn substitute_env(
    text: &str,
    lookup: impl Fn(&str) -> Option<String>,
) -> std::result::Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut line = 1usize;
    while let Some(pos) = rest.find('$') {
        let before = &rest[..pos];
        line += before.matches('\n').count();
        out.push_str(before);
        let after = &rest[pos + 1..];
        if let Some(stripped) = after.strip_prefix('$') {
            out.push('$');
            rest = stripped;
        } else if let Some(body) = after.strip_prefix('{') {
            let end = body
                .find('}')
                .ok_or_else(|| format!("line {line}: `${{` without a closing `}}`"))?;
            let expr = &body[..end];
            let (name, default) = match expr.split_once(":-") {
                Some((n, d)) => (n, Some(d)),
                None => (expr, None),
            };
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Err(format!(
                    "line {line}: `${{{expr}}}` is not a valid variable reference (use ${{NAME}} or ${{NAME:-default}})"
                ));
            }
            match (lookup(name), default) {
                (Some(v), None) => out.push_str(&v),
                (Some(v), Some(_)) if !v.is_empty() => out.push_str(&v),
                (_, Some(d)) => out.push_str(d),
                (None, None) => {
                    return Err(format!(
                        "line {line}: environment variable {name} is not set (set it, or write ${{{name}:-default}})"
                    ))
                }
            }
            rest = &body[end + 1..];
        } else {
            out.push('$');
            rest = after;
        }
    }
    out.push_str(rest);
    Ok(out)
}

/// A database URL. The password never leaves through `Display` or `Debug`.
#[derive(Clone)]
pub struct DbUrl {
    raw: String,
    dialect: Dialect,
    password: Option<String>,
    sqlite_path: Option<PathBuf>,
}

impl DbUrl {
    /// Parses `postgres://`, `postgresql://`, `mysql://`, `mariadb://` and `sqlite:` URLs.
    pub fn parse(raw: &str) -> Result<DbUrl> {
        let raw = raw.trim();
        let scheme = raw.split_once(':').map(|(s, _)| s.to_ascii_lowercase());
        let bad = |why: &str| {
            Error::Config(format!(
                "invalid database URL `{}`: {why}",
                redact_url_text(raw)
            ))
        };
        let dialect = match scheme.as_deref() {
            Some("postgres") | Some("postgresql") => Dialect::Postgres,
            Some("mysql") | Some("mariadb") => Dialect::Mysql,
            Some("sqlite") => Dialect::Sqlite,
            Some(other) => {
                return Err(bad(&format!(
                    "unsupported scheme `{other}`; use postgres://, mysql:// or sqlite://"
                )))
            }
            None => return Err(bad("expected postgres://, mysql:// or sqlite://PATH")),
        };
        if dialect == Dialect::Sqlite {
            let rest = &raw["sqlite:".len()..];
            let rest = rest.strip_prefix("//").unwrap_or(rest);
            let path = rest.split('?').next().unwrap_or("");
            if path.is_empty() {
                return Err(bad(
                    "no file path; write sqlite://PATH, e.g. sqlite://./dbshape.db",
                ));
            }
            let decoded = percent_encoding::percent_decode_str(path)
                .decode_utf8()
                .map_err(|_| bad("the path is not valid UTF-8"))?;
            return Ok(DbUrl {
                raw: raw.to_string(),
                dialect,
                password: None,
                sqlite_path: if decoded == ":memory:" {
                    None
                } else {
                    Some(PathBuf::from(decoded.as_ref()))
                },
            });
        }
        let parsed = url::Url::parse(raw).map_err(|e| bad(&e.to_string()))?;
        let example = match dialect {
            Dialect::Mysql => "mysql://user@127.0.0.1:3306/dbname",
            _ => "postgres://user@127.0.0.1:5432/dbname",
        };
        if parsed.host_str().unwrap_or("").is_empty() {
            return Err(bad(&format!("no host; write e.g. {example}")));
        }
        if parsed.path().trim_start_matches('/').is_empty() {
            return Err(bad(&format!(
                "no database name after the host; write e.g. {example}"
            )));
        }
        let password = parsed.password().map(|p| {
            percent_encoding::percent_decode_str(p)
                .decode_utf8_lossy()
                .into_owned()
        });
        Ok(DbUrl {
            raw: raw.to_string(),
            dialect,
            password,
            sqlite_path: None,
        })
    }

    /// The embedded default: `sqlite://./dbshape.db`.
    pub fn default_sqlite() -> DbUrl {
        DbUrl {
            raw: format!("sqlite://./{DEFAULT_SQLITE_FILE}"),
            dialect: Dialect::Sqlite,
            password: None,
            sqlite_path: Some(PathBuf::from(DEFAULT_SQLITE_FILE)),
        }
    }

    /// The dialect the URL selects.
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// The password, if the URL has one. Only for connecting and for scrubbing output.
    pub fn password(&self) -> Option<&str> {
        self.password.as_deref()
    }

    /// The SQLite file, or `None` for an in-memory database or another engine.
    pub fn sqlite_path(&self) -> Option<&Path> {
        self.sqlite_path.as_deref()
    }

    /// The full URL, password included.
    ///
    /// # Warning
    /// Only for handing to a driver. Never print it.
    pub fn expose(&self) -> &str {
        &self.raw
    }

    /// The URL with the password replaced by `***`, safe to show.
    pub fn redacted(&self) -> String {
        redact_url_text(&self.raw)
    }

    /// The URL for a driver with the `mariadb` and `postgresql` aliases normalized.
    pub fn driver_url(&self) -> String {
        match self.raw.split_once("://") {
            Some((s, rest)) if s.eq_ignore_ascii_case("mariadb") => format!("mysql://{rest}"),
            Some((s, rest)) if s.eq_ignore_ascii_case("postgresql") => format!("postgres://{rest}"),
            _ => self.raw.clone(),
        }
    }

    /// The database name (PostgreSQL/MySQL) or file name (SQLite), for confirmations.
    pub fn database_name(&self) -> String {
        if self.dialect == Dialect::Sqlite {
            return self
                .sqlite_path
                .as_ref()
                .and_then(|p| p.file_name())
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_else(|| ":memory:".to_string());
        }
        url::Url::parse(&self.raw)
            .ok()
            .and_then(|u| {
                u.path_segments()
                    .and_then(|mut s| s.next().map(str::to_string))
            })
            .unwrap_or_default()
    }

    /// Whether `other` names the same database, however written: the same SQLite file
    /// (after resolving the path), or the same database on the same server and port,
    /// `localhost`, `127.0.0.1` and `::1` taken as one host. Users and passwords do not
    /// matter: two logins reach one database.
    pub fn same_database(&self, other: &DbUrl) -> bool {
        if self.dialect != other.dialect {
            return false;
        }
        if self.dialect == Dialect::Sqlite {
            let resolve = |u: &DbUrl| {
                u.sqlite_path()
                    .map(|p| p.canonicalize().unwrap_or_else(|_| p.to_path_buf()))
            };
            return resolve(self) == resolve(other);
        }
        let local = |h: &str| matches!(h, "localhost" | "127.0.0.1" | "::1" | "[::1]");
        let host = |u: &DbUrl| {
            u.host_port().map(|(h, p)| {
                let h = h.to_ascii_lowercase();
                (
                    if local(&h) {
                        "localhost".to_string()
                    } else {
                        h
                    },
                    p,
                )
            })
        };
        host(self) == host(other) && self.database_name() == other.database_name()
    }

    /// The same server and credentials, naming database `name` instead (PostgreSQL and
    /// MySQL); `None` for SQLite or a URL that does not parse.
    pub fn with_database(&self, name: &str) -> Option<DbUrl> {
        if self.dialect == Dialect::Sqlite {
            return None;
        }
        let mut u = url::Url::parse(&self.raw).ok()?;
        u.set_path(&format!("/{name}"));
        DbUrl::parse(u.as_str()).ok()
    }

    /// The server's host and port (the engine's default port when the URL has none);
    /// `None` for SQLite and for a URL without a host (a Unix socket).
    pub fn host_port(&self) -> Option<(String, u16)> {
        let default = match self.dialect {
            Dialect::Postgres => 5432,
            Dialect::Mysql => 3306,
            Dialect::Sqlite => return None,
        };
        let u = url::Url::parse(&self.raw).ok()?;
        let host = u.host_str().filter(|h| !h.is_empty())?.to_string();
        Some((host, u.port().unwrap_or(default)))
    }

    /// The query parameter `name`, if any.
    pub fn query_param(&self, name: &str) -> Option<String> {
        let query = self.raw.split_once('?')?.1;
        query.split('&').find_map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            (k == name).then(|| {
                percent_encoding::percent_decode_str(v)
                    .decode_utf8_lossy()
                    .into_owned()
            })
        })
    }
}

impl std::fmt::Display for DbUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.redacted())
    }
}

impl std::fmt::Debug for DbUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DbUrl({})", self.redacted())
    }
}

/// Replaces the password part of `scheme://user:password@host` with `***`.
pub fn redact_url_text(raw: &str) -> String {
    let Some((scheme, rest)) = raw.split_once("://") else {
        return raw.to_string();
    };
    // The authority ends at the first '/', '?' or '#'; the userinfo at its last '@'.
    let auth_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..auth_end];
    match authority.rfind('@') {
        Some(at) => {
            let userinfo = &authority[..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{scheme}://{user}:***{}", &rest[at..]),
                None => raw.to_string(),
            }
        }
        None => raw.to_string(),
    }
}

/// Output format of every command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum OutputFormat {
    // `#[doc = concat!(..)]` rather than `///`: clap takes a variant's `///` for the help
    // of its value, which would change the `--output` line of every help page.
    #[doc = concat!("Lines for a person to read (the default).")]
    Text,
    #[doc = concat!("One JSON document: the command's report, or an error document.")]
    Json,
}

/// Global flags as given on the command line (or their environment variables).
#[derive(Debug, Clone, Default)]
pub struct GlobalArgs {
    /// `--config` / `DBSHAPE_CONFIG`: the config file, which must then exist; `None` reads
    /// `./dbshape.yaml` if that file exists.
    pub config: Option<PathBuf>,
    /// `--url` / `DBSHAPE_URL`: the database URL; `None` leaves it to the config file,
    /// `DATABASE_URL` and the default, in that order.
    pub url: Option<String>,
    /// `--migrations` / `DBSHAPE_MIGRATIONS`: the migrations directory; `None` leaves it to
    /// the config file and the program's own set.
    pub migrations: Option<PathBuf>,
    /// `--output` / `DBSHAPE_OUTPUT`; `None` leaves it to the config file, else text.
    pub output: Option<OutputFormat>,
    /// `--lock-timeout` / `DBSHAPE_LOCK_TIMEOUT`, in seconds; `None` leaves it to the config
    /// file, else 600.
    pub lock_timeout: Option<u64>,
    /// `--connect-timeout` / `DBSHAPE_CONNECT_TIMEOUT`, in seconds; `None` leaves it to the
    /// config file, else 10.
    pub connect_timeout: Option<u64>,
    /// `--yes` / `DBSHAPE_YES`: answer yes to confirmations instead of prompting.
    pub yes: bool,
    /// `--auto-migrate` / `DBSHAPE_AUTO_MIGRATE`: migrate to the server version before the
    /// command; when false, the config file's `auto_migrate` may still ask for it.
    pub auto_migrate: bool,
    /// `--identity` files for encrypted dumps.
    pub identities: Vec<PathBuf>,
    /// The database when neither flag, environment nor config file names one (a
    /// server's own default, for `myserver ops`); else `sqlite://./dbshape.db`.
    pub default_url: Option<String>,
    /// How printed commands name this program: `dbshape`, or a server's `myserver ops`.
    pub program: Option<String>,
}

/// The validated plan every command acts on.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The database: from the flag, the environment, the config file, `DATABASE_URL` or the
    /// default, the first one set ([`Settings::url_origin`] says which).
    pub url: DbUrl,
    /// The migration set: the program's own, or another server's directory.
    pub migrations: Migrations,
    /// The format of the result on stdout: text or JSON.
    pub output: OutputFormat,
    /// How long to wait for the migration lock before giving up with exit 6 (default 600 s).
    pub lock_timeout: Duration,
    /// How long to keep retrying a server that refuses connections or is starting up
    /// (default 10 s).
    pub connect_timeout: Duration,
    /// Statements run on every new connection, in order (`connection.init_sql`).
    pub init_sql: Vec<String>,
    /// Answer yes to confirmations (`--yes`) instead of prompting.
    pub yes: bool,
    /// Migrate to the server version (under the lock) before the command runs.
    pub auto_migrate: bool,
    /// Whether `--identity` files were given (they are installed process-wide, see
    /// `dump::crypt`).
    pub has_identities: bool,
    /// The backup directory of the config file (`backup.dir`), else `backups`; a command's
    /// `--backup-dir` wins over it.
    pub backup_dir: PathBuf,
    /// The retention rules of the config file, applied after a backup into the backup
    /// directory and after `upgrade`'s pre-upgrade backup.
    pub retention: RetentionSettings,
    /// The config file that was read, if any.
    pub config_file: Option<PathBuf>,
    /// Where the URL came from, so that a printed command reaches the same database.
    pub url_origin: UrlOrigin,
    /// `restore.require_signature`.
    pub restore_require_signature: bool,
    /// `restore.trusted_keys`.
    pub restore_trusted_keys: Vec<PathBuf>,
    /// How printed commands (the way back after a failed upgrade) name the program that
    /// runs this set: `dbshape`, or a server's `myserver ops`.
    pub program: String,
}

/// Where [`Settings::url`] came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UrlOrigin {
    /// `--url`.
    Flag,
    /// The `DBSHAPE_URL` environment variable.
    Environment,
    /// `connection.url` of the config file.
    ConfigFile,
    /// The `DATABASE_URL` environment variable (when none of the above is set).
    DatabaseUrl,
    /// None given: the embedded SQLite default.
    #[default]
    Default,
}

/// The migration set a program brings to [`Settings::resolve`], and what a directory
/// named with `--migrations` (or config `migrations.dir`) means for it.
#[derive(Clone, Debug)]
pub enum OwnSet {
    /// A schema compiled from the directory `checkout` (the `dbshape` binary's bundled
    /// one). That directory, named or found at the default place in the working
    /// directory, is read instead of the compiled copy, so edits take effect without a
    /// rebuild. Any other directory is another server's set: its SQL only, without this
    /// set's Rust steps.
    Checkout {
        /// The compiled set.
        migrations: Migrations,
        /// The directory it was compiled from.
        checkout: PathBuf,
    },
    /// A server's own set (`myserver ops ...`): a named directory only moves where its
    /// SQL is read from, and its Rust steps stay registered. No directory is looked for
    /// in the working directory.
    Server(Migrations),
}

impl Settings {
    /// Merges flags, environment and the config file into one plan; `own` is the
    /// program's migration set and says what a named directory means for it.
    pub fn resolve(args: &GlobalArgs, own: OwnSet) -> Result<Settings> {
        let (file, config_file) = match &args.config {
            Some(path) => {
                if !path.exists() {
                    return Err(Error::Config(format!(
                        "config file {} does not exist (check --config or DBSHAPE_CONFIG)",
                        path.display()
                    )));
                }
                (FileConfig::load(path)?, Some(path.clone()))
            }
            None => {
                let default = PathBuf::from(DEFAULT_CONFIG_FILE);
                if default.is_file() {
                    (FileConfig::load(&default)?, Some(default))
                } else {
                    (FileConfig::default(), None)
                }
            }
        };
        let flag_url = args.url.as_deref().filter(|u| !u.trim().is_empty());
        let file_url = file
            .connection
            .url
            .as_deref()
            .filter(|u| !u.trim().is_empty());
        // `DATABASE_URL`, the variable of sqlx-cli, dbmate and many frameworks, comes last:
        // after `--url`/`DBSHAPE_URL` and the config file, before the SQLite default.
        let database_url = std::env::var("DATABASE_URL")
            .ok()
            .filter(|u| !u.trim().is_empty());
        let url = match flag_url.or(file_url).or(database_url.as_deref()) {
            Some(u) => DbUrl::parse(u)?,
            None => match &args.default_url {
                Some(u) => DbUrl::parse(u)?,
                None => DbUrl::default_sqlite(),
            },
        };
        // `--url` and `DBSHAPE_URL` arrive as one argument; the same text in the
        // variable means it came from there (or equally could have).
        let url_origin = match (flag_url, file_url) {
            (Some(u), _) if std::env::var("DBSHAPE_URL").is_ok_and(|e| e == u) => {
                UrlOrigin::Environment
            }
            (Some(_), _) => UrlOrigin::Flag,
            (None, Some(_)) => UrlOrigin::ConfigFile,
            (None, None) if database_url.is_some() => UrlOrigin::DatabaseUrl,
            (None, None) => UrlOrigin::Default,
        };
        let migrations = own.resolve(args.migrations.clone().or(file.migrations.dir.clone()));
        let output = match (args.output, file.output.as_deref()) {
            (Some(o), _) => o,
            (None, Some("json")) => OutputFormat::Json,
            (None, Some("text")) | (None, None) => OutputFormat::Text,
            (None, Some(other)) => {
                return Err(Error::Config(format!(
                    "config key `output`: `{other}` is not text or json"
                )))
            }
        };
        for (key, value) in [
            ("backup.keep", file.backup.keep),
            ("backup.keep_last", file.backup.keep_last),
            ("backup.keep_daily", file.backup.keep_daily),
            ("backup.keep_weekly", file.backup.keep_weekly),
            ("backup.keep_monthly", file.backup.keep_monthly),
        ] {
            if value == Some(0) {
                return Err(Error::Config(format!(
                    "config key `{key}`: 0 keeps nothing by that rule; give 1 or more, or \
                     leave the key out"
                )));
            }
        }
        if file.restore.require_signature && file.restore.trusted_keys.is_empty() {
            return Err(Error::Config(
                "config key `restore.require_signature` is true but `restore.trusted_keys` is \
                 empty: list the public key files (from `dbshape keygen --sign`) to accept"
                    .into(),
            ));
        }
        Ok(Settings {
            url,
            migrations,
            output,
            lock_timeout: Duration::from_secs(
                args.lock_timeout
                    .or(file.lock_timeout)
                    .unwrap_or(DEFAULT_LOCK_TIMEOUT_SECS),
            ),
            connect_timeout: Duration::from_secs(
                args.connect_timeout
                    .or(file.connection.connect_timeout)
                    .unwrap_or(DEFAULT_CONNECT_TIMEOUT_SECS),
            ),
            init_sql: file.connection.init_sql,
            yes: args.yes,
            auto_migrate: args.auto_migrate || file.auto_migrate.unwrap_or(false),
            has_identities: !args.identities.is_empty(),
            backup_dir: file
                .backup
                .dir
                .unwrap_or_else(|| PathBuf::from(DEFAULT_BACKUP_DIR)),
            retention: RetentionSettings {
                last: file.backup.keep_last.or(file.backup.keep),
                daily: file.backup.keep_daily,
                weekly: file.backup.keep_weekly,
                monthly: file.backup.keep_monthly,
                time_zone: file.backup.time_zone,
            },
            config_file,
            url_origin,
            restore_require_signature: file.restore.require_signature,
            restore_trusted_keys: file.restore.trusted_keys,
            program: args
                .program
                .clone()
                .unwrap_or_else(|| DEFAULT_PROGRAM.into()),
        })
    }
}

impl OwnSet {
    /// The set to run, given the directory named by flag or config file, if any.
    fn resolve(self, named: Option<PathBuf>) -> Migrations {
        match self {
            OwnSet::Server(own) => match named {
                Some(dir) => own.sql_from_dir(dir),
                None => own,
            },
            OwnSet::Checkout {
                migrations,
                checkout,
            } => {
                // The default directory is the compiled set only in the checkout it was
                // built from; anywhere else a `bootstrap/sql/migrations` is another
                // server's, and the compiled Rust steps must not run with it.
                let dir = match named {
                    Some(dir) => dir,
                    None => {
                        let dir = PathBuf::from(DEFAULT_MIGRATIONS_DIR);
                        if !dir.is_dir() {
                            return migrations;
                        }
                        dir
                    }
                };
                if same_dir(&dir, &checkout) {
                    migrations.prefer_dir(dir)
                } else {
                    Migrations::from_dir(dir)
                }
            }
        }
    }
}

/// True when both paths name one existing directory.
fn same_dir(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(name: &str) -> Option<String> {
        match name {
            "HOST" => Some("db.internal".into()),
            "EMPTY" => Some(String::new()),
            _ => None,
        }
    }

    #[test]
    fn substitutes_set_variables_and_defaults() {
        let out = substitute_env("url: postgres://${HOST}:${PORT:-5432}/x", env).unwrap();
        assert_eq!(out, "url: postgres://db.internal:5432/x");
    }

    #[test]
    fn empty_variable_takes_the_default() {
        assert_eq!(substitute_env("${EMPTY:-d}", env).unwrap(), "d");
        assert_eq!(substitute_env("[${EMPTY}]", env).unwrap(), "[]");
    }

    #[test]
    fn unset_variable_without_default_names_it_and_its_line() {
        let err = substitute_env("a: 1\nb: ${NOPE}\n", env).unwrap_err();
        assert!(err.contains("NOPE") && err.contains("line 2"), "{err}");
    }

    #[test]
    fn double_dollar_is_a_literal_dollar() {
        assert_eq!(substitute_env("p: a$$b $x", env).unwrap(), "p: a$b $x");
    }

    #[test]
    fn unknown_config_key_is_named() {
        let err = FileConfig::parse("conection:\n  url: x\n", "t.yaml").unwrap_err();
        assert!(err.to_string().contains("conection"), "{err}");
        assert_eq!(err.exit_code(), 2);
    }

    #[test]
    fn redacts_passwords() {
        let u = DbUrl::parse("postgres://bob:s3cr%40t@h:5432/db?sslmode=require").unwrap();
        assert_eq!(u.redacted(), "postgres://bob:***@h:5432/db?sslmode=require");
        assert_eq!(u.password(), Some("s3cr@t"));
        assert!(!format!("{u} {u:?}").contains("s3cr"));
        assert_eq!(
            redact_url_text("mysql://root:p@ss@h/db"),
            "mysql://root:***@h/db"
        );
    }

    #[test]
    fn rejects_unsupported_schemes_with_exit_2() {
        let err = DbUrl::parse("oracle://u:pw@h/db").unwrap_err();
        assert!(err.to_string().contains("oracle") && !err.to_string().contains("pw@"));
        assert_eq!(err.exit_code(), 2);
    }

    /// Regression: a config file in another encoding was an I/O error (exit 1) that did
    /// not say what to do.
    #[test]
    fn a_config_file_that_is_not_utf8_is_a_config_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("dbshape.yaml");
        std::fs::write(&path, b"connection:\n  url: \"sqlite://\xff.db\"\n").unwrap();
        let err = FileConfig::load(&path).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(err.to_string().contains("save it as UTF-8"), "{err}");
        assert!(err.to_string().contains("dbshape.yaml"), "{err}");
    }

    /// Regression: a MySQL URL without host was told to write a postgres:// URL.
    #[test]
    fn url_examples_match_the_scheme() {
        let err = DbUrl::parse("mysql://").unwrap_err().to_string();
        assert!(err.contains("write e.g. mysql://"), "{err}");
        let err = DbUrl::parse("postgres://u:pw@h").unwrap_err().to_string();
        assert!(
            err.contains("no database name") && err.contains("postgres://user@"),
            "{err}"
        );
    }

    #[test]
    fn parses_sqlite_forms() {
        assert_eq!(
            DbUrl::parse("sqlite://./a.db").unwrap().sqlite_path(),
            Some(Path::new("./a.db"))
        );
        assert_eq!(
            DbUrl::parse("sqlite:///tmp/a b.db").unwrap().sqlite_path(),
            Some(Path::new("/tmp/a b.db"))
        );
        assert_eq!(DbUrl::parse("sqlite::memory:").unwrap().sqlite_path(), None);
        assert!(DbUrl::parse("sqlite://").is_err());
    }
}
