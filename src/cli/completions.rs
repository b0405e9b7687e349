//! `dbshape completions SHELL` and `dbshape man`: generated from the clap definitions,
//! so they can never fall behind the real flags. Neither needs a configuration or a
//! database, so they run before settings are resolved (a broken `dbshape.yaml` must
//! not stop a package build from generating them).

use std::io::Write;
use std::path::PathBuf;

use clap::CommandFactory;

use crate::error::{Error, Result};

/// Options of `completions`.
#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to write a completion script for
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

/// Options of `man`.
#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// Write dbshape.1 and one page per command (dbshape-COMMAND.1) into DIR instead
    /// of printing dbshape.1 on stdout
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// Prints the completion script on stdout.
pub fn completions(args: &CompletionsArgs) -> Result<i32> {
    let mut cmd = super::Cli::command();
    // Into memory first: the generator panics when its writer fails (`| head`).
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "dbshape", &mut script);
    print(&script, "write the completion script to")
}

/// Writes to stdout; a reader that went away (`| head`) is not an error.
fn print(bytes: &[u8], action: &'static str) -> Result<i32> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(0),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(0),
        Err(e) => Err(Error::io(action, "standard output", e)),
    }
}

/// Prints the manual page, or writes all pages into a directory.
pub fn man(args: &ManArgs) -> Result<i32> {
    let cmd = super::Cli::command();
    match &args.dir {
        None => {
            let mut page = Vec::new();
            clap_mangen::Man::new(cmd)
                .render(&mut page)
                .map_err(|e| Error::io("render the manual page for", "standard output", e))?;
            return print(&page, "write the manual page to");
        }
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .map_err(|e| Error::io("create the manual directory", dir, e))?;
            clap_mangen::generate_to(cmd, dir)
                .map_err(|e| Error::io("write the manual pages into", dir, e))?;
        }
    }
    Ok(0)
}
