//! The `dbshape` binary: parse, resolve settings, run one command, map errors to the
//! documented exit codes. All work happens in the library.

use clap::Parser;

use dbshape::cli::{self, Cli};
use dbshape::config::{OutputFormat, Settings};
use dbshape::error::exit;
use dbshape::ui::Ui;

fn main() {
    let cli = Cli::parse();
    // Generated from the clap definitions alone: no configuration, no database.
    let generated = match &cli.command {
        cli::Command::Completions(a) => Some(cli::completions::completions(a)),
        cli::Command::Man(a) => Some(cli::completions::man(a)),
        _ => None,
    };
    if let Some(result) = generated {
        let ui = Ui::new(OutputFormat::Text, false, 0, Vec::new());
        match result {
            Ok(code) => std::process::exit(code),
            Err(e) => {
                ui.error(&e, e.exit_code());
                std::process::exit(e.exit_code());
            }
        }
    }
    let args = cli.global.to_args();
    if let Err(e) = dbshape::dump::crypt::set_keys(args.identities.clone()) {
        let ui = Ui::new(OutputFormat::Text, false, 0, Vec::new());
        ui.error(&e, e.exit_code());
        std::process::exit(e.exit_code());
    }
    let fallback_ui = Ui::new(
        args.output.unwrap_or(OutputFormat::Text),
        cli.global.quiet,
        cli.global.verbose,
        Vec::new(),
    );
    let settings = match Settings::resolve(&args, cli::bundled::migrations()) {
        Ok(s) => s,
        Err(e) => {
            fallback_ui.error(&e, e.exit_code());
            std::process::exit(e.exit_code());
        }
    };
    let ui = Ui::new(
        settings.output,
        cli.global.quiet,
        cli.global.verbose,
        settings
            .url
            .password()
            .map(str::to_string)
            .into_iter()
            .chain(std::env::var(dbshape::dump::crypt::PASSPHRASE_ENV).ok())
            // Object storage credentials (s3:// dumps) are never printed either.
            .chain(std::env::var("AWS_SECRET_ACCESS_KEY").ok())
            .chain(std::env::var("AWS_SESSION_TOKEN").ok())
            .collect(),
    );
    // For tests only: where to stop for a test to kill the process (see `dbshape::fault`).
    if let Ok(pause) = std::env::var(dbshape::fault::PAUSE_ENV) {
        if let Some(warning) = dbshape::fault::arm(&pause) {
            ui.warn(&warning);
        }
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            ui.error(&e, exit::ERROR);
            std::process::exit(exit::ERROR);
        }
    };
    let code = runtime.block_on(async {
        match cli::run(cli, settings, &ui).await {
            Ok(code) => code,
            Err(e) => {
                ui.error(&e, e.exit_code());
                e.exit_code()
            }
        }
    });
    std::process::exit(code);
}
