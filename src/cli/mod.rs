//! The command line: clap definitions and one thin file per command.
//!
//! A command gathers its options into a plan, calls one library function and renders
//! the report through `Ui`. Nothing here talks to a database directly.

pub mod backup;
pub mod baseline;
pub mod bundled;
pub mod check_connection;
pub mod completions;
pub mod convert;
pub mod demo;
pub mod drop_create;
pub mod info;
pub mod migrate;
pub mod repair;
pub mod restore;
pub mod upgrade;
pub mod validate;
pub mod verify;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::config::{GlobalArgs, OutputFormat, Settings};
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::migrate::gate;
pub(crate) use crate::migrate::gate::Needs;
use crate::migrate::runner::MigrateOptions;
use crate::migrate::set::MigrationSet;
use crate::ui::Ui;
use crate::version::Version;

/// dbshape keeps a server's database in lockstep with the server's version.
#[derive(Debug, Parser)]
#[command(name = "dbshape", version, about, long_about = None, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Flags every command accepts, listed after the command's own flags in its help.
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

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Apply pending versions up to --to (default: the server version)
    Migrate(migrate::Args),
    /// Show schema version, server version and every version's status
    Info,
    /// Exit 0 only if nothing is pending, failed or drifted
    Validate,
    /// Clear FAILED versions; with --accept-checksums record changed files as applied
    Repair(repair::Args),
    /// Adopt an existing database: record versions up to --version as applied
    Baseline(baseline::Args),
    /// Connect and report the engine, its version and the schema version
    CheckConnection,
    /// Drop every object of the database and migrate it from scratch
    DropCreate,
    /// Write a consistent, version-stamped SQL dump
    Backup(backup::Args),
    /// Check a dump offline: header, completeness, every digest
    Verify(verify::Args),
    /// Restore a dump into a clean database at the dump's version, all or nothing
    Restore(restore::Args),
    /// Pre-upgrade backup, then migrate, then validate: the one command a pipeline runs
    Upgrade(upgrade::Args),
    /// Rewrite a dump: other compression, other recipients (key rotation), current format
    Convert(convert::Args),
    /// Create an age identity for encrypted dumps; prints its recipient
    Keygen(convert::KeygenArgs),
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
        }
    }
}

/// Runs the parsed command; returns the exit code.
pub async fn run(cli: Cli, settings: Settings, ui: &Ui) -> Result<i32> {
    match cli.command {
        Command::Migrate(args) => migrate::run(args, &settings, ui).await,
        Command::Info => info::run(&settings, ui).await,
        Command::Validate => validate::run(&settings, ui).await,
        Command::Repair(args) => repair::run(args, &settings, ui).await,
        Command::Baseline(args) => baseline::run(args, &settings, ui).await,
        Command::CheckConnection => check_connection::run(&settings, ui).await,
        Command::DropCreate => drop_create::run(&settings, ui).await,
        Command::Backup(args) => backup::run(args, &settings, ui).await,
        Command::Verify(args) => verify::run(args, &settings, ui).await,
        Command::Restore(args) => restore::run(args, &settings, ui).await,
        Command::Upgrade(args) => upgrade::run(args, &settings, ui).await,
        Command::Demo(args) => demo::run(args, &settings, ui).await,
        Command::Convert(args) => convert::run(args, ui),
        Command::Keygen(args) => convert::keygen(args, ui),
        Command::Completions(args) => completions::completions(&args),
        Command::Man(args) => completions::man(&args),
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
