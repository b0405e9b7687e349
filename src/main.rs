//! The `dbshape` binary: parse, resolve settings, run one command, map errors to the
//! documented exit codes. All work happens in the library; a server that embeds dbshape
//! runs the same commands through `dbshape::cli::Ops`.

use clap::Parser;

use dbshape::cli::{self, Cli};
use dbshape::config::OutputFormat;
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
        std::process::exit(cli::exit_code(result, &ui));
    }
    let (settings, ui) = match cli::prepare(&cli.global, cli::bundled::own_set(), None, None) {
        Ok(prepared) => prepared,
        Err(code) => std::process::exit(code),
    };
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
    let code = runtime.block_on(cli::run(cli.command, settings, &ui));
    std::process::exit(code);
}
