//! [`Ops`]: the operator commands of a server that embeds dbshape, for its own set.
//!
//! A server that owns its schema ships the commands its operators need (migrate, info,
//! validate, backup, verify, restore, upgrade, repair, baseline...) inside its own
//! binary, run on the migration set compiled into it, so no second tool has to carry a
//! matching copy of the set. These are the `dbshape` commands themselves: the `dbshape`
//! binary's command line flattens the same [`OpsCommand`] and adds only what belongs
//! to it alone (demo, completions, man). Same flags, same output, same JSON and exit
//! codes; only the set differs, and the name messages give the commands.
//!
//! ```no_run
//! use clap::{Parser, Subcommand};
//!
//! #[derive(Parser)]
//! struct Cli {
//!     #[command(subcommand)]
//!     command: Command,
//! }
//!
//! #[derive(Subcommand)]
//! enum Command {
//!     /// Serve requests
//!     Serve,
//!     /// Database operations: migrate, backup, restore...
//!     Ops(Box<dbshape::cli::Ops>), // boxed: it is large beside the other variants
//! }
//!
//! #[tokio::main]
//! async fn main() {
//!     match Cli::parse().command {
//!         Command::Serve => { /* ensure_current, then serve */ }
//!         Command::Ops(ops) => {
//!             let migrations = dbshape::embed_migrations!("tests/fixtures/embedded-set");
//!             std::process::exit(ops.program("myserver ops").run(migrations).await)
//!         }
//!     }
//! }
//! ```

use crate::config::{OwnSet, Settings};
use crate::error::Result;
use crate::migrations::Migrations;
use crate::ui::Ui;

use super::{
    backup, backups, baseline, check_connection, convert, drill, drop_create, info, migrate,
    repair, restore, shape, upgrade, validate, verify, Global,
};

/// The operator commands, with the global flags, as a server's subcommand
/// (`myserver ops migrate`). Flatten it into a clap command line as a variant
/// `Ops(Box<dbshape::cli::Ops>)`, then [`Ops::run`] it with the server's set.
#[derive(Debug, clap::Args)]
pub struct Ops {
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    command: OpsCommand,
    /// The server's database when nothing else names one.
    #[arg(skip)]
    default_url: Option<String>,
    /// How messages name these commands.
    #[arg(skip)]
    program: Option<String>,
}

/// The commands of [`Ops`]; the `dbshape` binary has these and a few of its own.
#[derive(Debug, clap::Subcommand)]
pub enum OpsCommand {
    /// Apply pending versions up to --to (default: the server version)
    Migrate(migrate::Args),
    /// Show schema version, server version and every version's status
    Info,
    /// Exit 0 only if nothing is pending, failed or drifted (shape included)
    Validate(validate::Args),
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
    /// List the dumps of a backup directory or S3 prefix, or prune them by a retention policy
    Backups(backups::Args),
    /// Restore a dump into a clean database at the dump's version, all or nothing
    Restore(restore::Args),
    /// Pre-upgrade backup, then migrate, then validate: the one command a pipeline runs
    Upgrade(upgrade::Args),
    /// Prove a dump restores: into a scratch database, every check, then drop it
    Drill(drill::Args),
    /// The database's shape from its catalog: show it, or diff two databases
    Shape(shape::Args),
    /// Rewrite a dump: other compression, other recipients (key rotation), current format
    Convert(convert::Args),
    /// Create an age identity for encrypted dumps; prints its recipient
    Keygen(convert::KeygenArgs),
}

impl Ops {
    /// The database used when neither `--url`, `DBSHAPE_URL`, the config file nor
    /// `DATABASE_URL` names one: the server's own default (instead of
    /// `sqlite://./dbshape.db`).
    pub fn default_url(mut self, url: impl Into<String>) -> Ops {
        self.default_url = Some(url.into());
        self
    }

    /// How messages and printed commands name these commands, for the operator to
    /// paste: `myserver ops` shows "run `myserver ops repair`" where `dbshape` says
    /// "run `dbshape repair`". Default: `dbshape`.
    pub fn program(mut self, name: impl Into<String>) -> Ops {
        self.program = Some(name.into());
        self
    }

    /// Runs the command on `migrations`, the server's set; prints its result (text or
    /// JSON) and any error, and returns the exit code (see docs/cli.md). Reads what
    /// `dbshape` reads: its flags, their `DBSHAPE_*` variables, `./dbshape.yaml` (or
    /// `--config`) and `DATABASE_URL`. `--migrations DIR` reads the set's SQL from `DIR`
    /// with the server's Rust steps still registered.
    ///
    /// Needs a multi-threaded tokio runtime (`#[tokio::main]`'s default).
    pub async fn run(self, migrations: Migrations) -> i32 {
        let own = OwnSet::Server(migrations);
        match super::prepare(&self.global, own, self.default_url, self.program) {
            Ok((settings, ui)) => {
                let result = dispatch(self.command, &settings, &ui).await;
                super::exit_code(result, &ui)
            }
            Err(code) => code,
        }
    }
}

/// Runs one operator command.
pub(crate) async fn dispatch(command: OpsCommand, settings: &Settings, ui: &Ui) -> Result<i32> {
    match command {
        OpsCommand::Migrate(args) => migrate::run(args, settings, ui).await,
        OpsCommand::Info => info::run(settings, ui).await,
        OpsCommand::Validate(args) => validate::run(args, settings, ui).await,
        OpsCommand::Repair(args) => repair::run(args, settings, ui).await,
        OpsCommand::Baseline(args) => baseline::run(args, settings, ui).await,
        OpsCommand::CheckConnection => check_connection::run(settings, ui).await,
        OpsCommand::DropCreate => drop_create::run(settings, ui).await,
        OpsCommand::Backup(args) => backup::run(args, settings, ui).await,
        OpsCommand::Verify(args) => verify::run(args, settings, ui).await,
        OpsCommand::Backups(args) => backups::run(args, settings, ui).await,
        OpsCommand::Restore(args) => restore::run(args, settings, ui).await,
        OpsCommand::Upgrade(args) => upgrade::run(args, settings, ui).await,
        OpsCommand::Drill(args) => drill::run(args, settings, ui).await,
        OpsCommand::Shape(args) => shape::run(args, settings, ui).await,
        OpsCommand::Convert(args) => convert::run(args, ui),
        OpsCommand::Keygen(args) => convert::keygen(args, ui),
    }
}
