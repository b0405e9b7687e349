//! The command line: clap definitions and one thin file per command.
//!
//! A command gathers its options into a plan, calls one library function and renders
//! the report through `Ui`. Nothing here talks to a database directly.
//!
//! Of all this, a program that embeds dbshape uses [`Ops`] (the `cli` feature): the
//! operator commands as a subcommand of its own command line. The rest is the `dbshape`
//! binary's, public only because the binary is built on it, and left out of the
//! documentation.

#[doc(hidden)]
pub mod backup;
#[doc(hidden)]
pub mod backups;
#[doc(hidden)]
pub mod baseline;
#[doc(hidden)]
pub mod bundled;
#[doc(hidden)]
pub mod check_connection;
#[doc(hidden)]
pub mod completions;
#[doc(hidden)]
pub mod convert;
#[doc(hidden)]
pub mod demo;
#[doc(hidden)]
pub mod drill;
#[doc(hidden)]
pub mod drop_create;
#[doc(hidden)]
pub mod info;
#[doc(hidden)]
pub mod migrate;
mod ops;
#[doc(hidden)]
pub mod repair;
#[doc(hidden)]
pub mod restore;
#[doc(hidden)]
pub mod shape;
#[doc(hidden)]
pub mod upgrade;
#[doc(hidden)]
pub mod validate;
#[doc(hidden)]
pub mod verify;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::config::{GlobalArgs, OutputFormat, OwnSet, Settings, DEFAULT_PROGRAM};
use crate::dump::crypt::PASSPHRASE_ENV;
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::migrate::gate;
pub(crate) use crate::migrate::gate::Needs;
use crate::migrate::runner::MigrateOptions;
use crate::migrate::set::MigrationSet;
use crate::ui::Ui;
use crate::version::Version;
pub use ops::Ops;
#[doc(hidden)]
pub use ops::OpsCommand;

/// dbshape keeps a server's database in lockstep with the server's version.
#[doc(hidden)]
#[derive(Debug, Parser)]
#[command(name = "dbshape", version, about, long_about = None, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Flags every command accepts, listed after the command's own flags in its help.
#[doc(hidden)]
#[derive(Debug, clap::Args)]
#[command(next_help_heading = "Global options")]
pub struct Global {
    /// YAML config file [default: ./dbshape.yaml if present]
    #[arg(
        long,
        global = true,
        env = "DBSHAPE_CONFIG",
        hide_env_values = true,
        value_name = "FILE"
    )]
    pub config: Option<PathBuf>,
    /// Database URL: postgres://, mysql:// or sqlite://PATH [default: DATABASE_URL if set, else
    /// sqlite://./dbshape.db]
    #[arg(
        long,
        global = true,
        env = "DBSHAPE_URL",
        hide_env_values = true,
        value_name = "URL"
    )]
    pub url: Option<String>,
    /// Migrations directory [default: bootstrap/sql/migrations, else the bundled copy]
    #[arg(
        long,
        global = true,
        env = "DBSHAPE_MIGRATIONS",
        hide_env_values = true,
        value_name = "DIR"
    )]
    pub migrations: Option<PathBuf>,
    /// Output format of the result on stdout [default: text, or config `output`]
    #[arg(
        long,
        global = true,
        env = "DBSHAPE_OUTPUT",
        hide_env_values = true,
        value_enum,
        value_name = "FORMAT"
    )]
    pub output: Option<OutputFormat>,
    /// More detail on stderr
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// Only errors and warnings on stderr
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Answer yes to confirmations (never prompt)
    #[arg(long, global = true, env = "DBSHAPE_YES", hide_env_values = true, value_parser = clap::builder::BoolishValueParser::new(), action = clap::ArgAction::SetTrue)]
    pub yes: bool,
    /// Before the command, migrate to the server version under the lock (config
    /// `auto_migrate: true`)
    #[arg(long, global = true, env = "DBSHAPE_AUTO_MIGRATE", hide_env_values = true, value_parser = clap::builder::BoolishValueParser::new(), action = clap::ArgAction::SetTrue)]
    pub auto_migrate: bool,
    /// age identity file to decrypt encrypted dumps with (repeatable; a passphrase comes
    /// from DBSHAPE_PASSPHRASE)
    #[arg(long, global = true, value_name = "FILE")]
    pub identity: Vec<PathBuf>,
    /// Seconds to wait for the migration lock [default: 600]
    #[arg(
        long,
        global = true,
        env = "DBSHAPE_LOCK_TIMEOUT",
        hide_env_values = true,
        value_name = "SECS"
    )]
    pub lock_timeout: Option<u64>,
    /// Seconds to keep trying to reach the server [default: 10]
    #[arg(
        long,
        global = true,
        env = "DBSHAPE_CONNECT_TIMEOUT",
        hide_env_values = true,
        value_name = "SECS"
    )]
    pub connect_timeout: Option<u64>,
}

/// The commands: the operator commands a server gets too ([`OpsCommand`]), and those of
/// the `dbshape` binary alone.
#[doc(hidden)]
#[derive(Debug, Subcommand)]
pub enum Command {
    #[command(flatten)]
    Ops(OpsCommand),
    /// Try dbshape in a minute: sample data backed up, upgraded and restored (SQLite, in --dir)
    Demo(demo::Args),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell)
    Completions(completions::CompletionsArgs),
    /// Print the manual page (roff), or write every page into --dir
    Man(completions::ManArgs),
}

impl Global {
    /// The raw global flags as the configuration layer takes them.
    pub fn to_args(&self) -> GlobalArgs {
        GlobalArgs {
            config: self.config.clone(),
            url: self.url.clone(),
            migrations: self.migrations.clone(),
            output: self.output,
            lock_timeout: self.lock_timeout,
            connect_timeout: self.connect_timeout,
            yes: self.yes,
            auto_migrate: self.auto_migrate,
            identities: self.identity.clone(),
            default_url: None,
            program: None,
        }
    }
}

/// What a run of a command needs before it starts: the settings resolved from flags,
/// environment and config file over the program's own set, the dump keys installed,
/// and the output. `default_url` and `program` are a server's (see [`Ops`]). An error
/// is printed here; `Err` holds its exit code.
#[doc(hidden)]
pub fn prepare(
    global: &Global,
    own: OwnSet,
    default_url: Option<String>,
    program: Option<String>,
) -> std::result::Result<(Settings, Ui), i32> {
    let args = GlobalArgs {
        default_url,
        program,
        ..global.to_args()
    };
    let plain = |format: OutputFormat| {
        Ui::new(format, global.quiet, global.verbose, Vec::new())
            .with_program(args.program.as_deref().unwrap_or(DEFAULT_PROGRAM))
    };
    let passphrase = match passphrase() {
        Ok(p) => p,
        Err(e) => {
            plain(OutputFormat::Text).error(&e, e.exit_code());
            return Err(e.exit_code());
        }
    };
    crate::dump::crypt::set_keys(args.identities.clone(), passphrase.clone());
    let settings = match Settings::resolve(&args, own) {
        Ok(s) => s,
        Err(e) => {
            plain(args.output.unwrap_or(OutputFormat::Text)).error(&e, e.exit_code());
            return Err(e.exit_code());
        }
    };
    let secrets = settings
        .url
        .password()
        .map(str::to_string)
        .into_iter()
        .chain(passphrase)
        // Object storage credentials (s3:// dumps) are never printed either.
        .chain(std::env::var("AWS_SECRET_ACCESS_KEY").ok())
        .chain(std::env::var("AWS_SESSION_TOKEN").ok())
        .collect();
    let ui = Ui::new(settings.output, global.quiet, global.verbose, secrets)
        .with_program(&settings.program);
    Ok((settings, ui))
}

/// The dump passphrase of `DBSHAPE_PASSPHRASE`, if set; set but empty is an error.
pub(crate) fn passphrase() -> Result<Option<String>> {
    match std::env::var(PASSPHRASE_ENV) {
        Ok(p) if !p.is_empty() => Ok(Some(p)),
        Ok(_) => Err(Error::Config(format!("{PASSPHRASE_ENV} is set but empty"))),
        Err(_) => Ok(None),
    }
}

/// Runs a parsed command; prints its result or error and returns the exit code.
#[doc(hidden)]
pub async fn run(command: Command, settings: Settings, ui: &Ui) -> i32 {
    let result = match command {
        Command::Ops(command) => ops::dispatch(command, &settings, ui).await,
        Command::Demo(args) => demo::run(args, &settings, ui).await,
        Command::Completions(args) => completions::completions(&args),
        Command::Man(args) => completions::man(&args),
    };
    exit_code(result, ui)
}

/// The exit code of a command's result, its error printed.
#[doc(hidden)]
pub fn exit_code(result: Result<i32>, ui: &Ui) -> i32 {
    match result {
        Ok(code) => code,
        Err(e) => {
            ui.error(&e, e.exit_code());
            e.exit_code()
        }
    }
}

/// [`open`], then what the command [`Needs`] (see `migrate::gate`): with
/// `--auto-migrate` (or config `auto_migrate: true`) the schema is first migrated to
/// the server version while holding the lock, so concurrent invocations wait for one
/// another and say so; this prints what auto-migrate applied.
pub(crate) async fn open_for(
    settings: &Settings,
    ui: &Ui,
    needs: Needs,
) -> Result<(Box<dyn Engine>, MigrationSet)> {
    let (engine, set) = open(settings, ui).await?;
    let observer = ui.migrate_observer();
    let auto = gate::bring_up(settings, engine.as_ref(), &set, needs, &observer).await?;
    if let Some(report) = auto.filter(|r| !r.applied.is_empty()) {
        ui.status(&format!(
            "auto-migrate: schema version {} -> {} ({} version(s) applied)",
            or_none(&report.schema_version_before),
            or_none(&report.schema_version),
            report.applied.len()
        ));
    }
    drop(observer);
    Ok((engine, set))
}

/// Loads the migration set for the URL's dialect, then connects: a set that cannot
/// run (malformed, or missing a Rust step a version declares) is refused before the
/// database is touched.
pub(crate) async fn open(settings: &Settings, ui: &Ui) -> Result<(Box<dyn Engine>, MigrationSet)> {
    let (engine, set) = gate::open(settings, &|| {
        ui.detail(&format!("connecting to {}", settings.url.redacted()))
    })
    .await?;
    ui.detail(&format!(
        "migration set: {} ({} versions)",
        set.origin,
        set.versions.len()
    ));
    Ok((engine, set))
}

/// Migrate options from the settings, for commands that write.
pub(crate) fn migrate_options(settings: &Settings, target: Option<Version>) -> MigrateOptions {
    gate::write_options(settings, target)
}

/// `Option<String>` for text output.
pub(crate) fn or_none(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("(none)")
}

/// Asks the operator to type the database name before a destructive command, unless
/// `--yes`; without a terminal to ask on, refuses and names `--yes`.
pub(crate) fn confirm(settings: &Settings, ui: &Ui, what: &str, refused: &str) -> Result<()> {
    if settings.yes {
        return Ok(());
    }
    let name = settings.url.database_name();
    let answer = ui.prompt(&format!(
        "{what} of {} and destroys all its data.\nType the database name ({name}) to confirm: ",
        settings.url.redacted()
    ));
    match answer {
        Some(a) if a == name => Ok(()),
        Some(_) => Err(Error::NotConfirmed(format!("not confirmed; {refused}"))),
        None => Err(Error::NotConfirmed(format!(
            "{what} and destroys all data: pass --yes to confirm (no terminal to ask on); {refused}"
        ))),
    }
}

/// The signature policy of a command that reads dumps (`verify`, `restore`, `drill`):
/// keys on the command line demand a signature; otherwise the config's keys
/// (`restore.trusted_keys`) demand one when `restore.require_signature` says so, and
/// check any signature there is.
pub(crate) fn signature_policy(
    trusted_keys: &[PathBuf],
    settings: &Settings,
) -> Result<crate::dump::sign::SignaturePolicy> {
    use crate::dump::sign::SignaturePolicy;
    if trusted_keys.is_empty() {
        SignaturePolicy::load(
            &settings.restore_trusted_keys,
            settings.restore_require_signature,
        )
    } else {
        SignaturePolicy::load(trusted_keys, true)
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    /// Guards against flag clashes between global and command flags (clap panics at
    /// parse time otherwise).
    #[test]
    fn the_command_line_definition_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
