//! All human output: status lines, progress bars, results, errors.
//!
//! Results go to stdout (text, or exactly one JSON document with `--output json`);
//! everything else goes to stderr. Progress bars appear only when stderr is a terminal
//! and output is text. Every line passes through `Ui::scrub`, so a password that a
//! driver put into a message can never reach the screen or a log.

#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::{IsTerminal, Write};
use std::sync::Mutex;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;

use crate::config::OutputFormat;
use crate::migrate::lock::LockHolder;
use crate::migrate::runner::MigrateObserver;
use crate::migrate::set::VersionMigration;
use crate::migrate::splitter::Statement;
use crate::version::Version;

mod table_bar;
pub mod units;
use table_bar::TableBar;

/// The one place that writes to the terminal.
pub struct Ui {
    format: OutputFormat,
    quiet: bool,
    verbose: u8,
    secrets: Vec<String>,
    progress: bool,
    /// A server's name for the commands (`myserver ops`), when not `dbshape`.
    program: Option<String>,
}

impl Ui {
    /// `secrets` are replaced by `***` wherever they appear.
    pub fn new(format: OutputFormat, quiet: bool, verbose: u8, secrets: Vec<String>) -> Ui {
        let progress = format == OutputFormat::Text && !quiet && std::io::stderr().is_terminal();
        Ui {
            format,
            quiet,
            verbose,
            secrets: secrets.into_iter().filter(|s| !s.is_empty()).collect(),
            progress,
            program: None,
        }
    }

    /// Shows the commands that messages name (`` `dbshape repair` ``) under a server's
    /// name for them (`` `myserver ops repair` ``): the library's messages always name
    /// the `dbshape` command, quoted in backticks.
    pub fn with_program(mut self, program: &str) -> Ui {
        self.program = (program != crate::config::DEFAULT_PROGRAM).then(|| program.to_string());
        self
    }

    /// The output format.
    pub fn format(&self) -> OutputFormat {
        self.format
    }

    /// Whether stdin is a terminal someone can answer prompts on.
    pub fn interactive(&self) -> bool {
        std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
    }

    /// Replaces every secret in `text` (and names the program's commands as it calls them).
    pub fn scrub(&self, text: &str) -> String {
        let mut out = match &self.program {
            Some(program) => text.replace("`dbshape ", &format!("`{program} ")),
            None => text.to_string(),
        };
        for s in &self.secrets {
            out = out.replace(s.as_str(), "***");
        }
        out
    }

    /// A status line on stderr (hidden by `-q`).
    pub fn status(&self, msg: &str) {
        if !self.quiet {
            eprintln!("{}", self.scrub(msg));
        }
    }

    /// A detail line on stderr, shown with `-v`.
    pub fn detail(&self, msg: &str) {
        if self.verbose > 0 && !self.quiet {
            eprintln!("{}", self.scrub(msg));
        }
    }

    /// A warning on stderr (shown even with `-q`).
    pub fn warn(&self, msg: &str) {
        eprintln!("warning: {}", self.scrub(msg));
    }

    /// An error already put in words (a failure a report carries) on stderr, shown even
    /// with `-q`.
    pub fn error_line(&self, msg: &str) {
        eprintln!("error: {}", self.scrub(msg));
    }

    /// The result of a command in text mode, on stdout.
    pub fn text(&self, text: &str) {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{}", self.scrub(text));
    }

    /// The result of a command in JSON mode: one document on stdout.
    pub fn json(&self, value: &impl Serialize) {
        let text = serde_json::to_string_pretty(value).unwrap_or_else(|e| {
            format!("{{\"error\": {{\"message\": \"cannot serialize the result: {e}\"}}}}")
        });
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{}", self.scrub(&text));
    }

    /// Prints an error and its cause chain to stderr, and in JSON mode an error document
    /// on stdout so that pipelines always get one document.
    pub fn error(&self, err: &(dyn std::error::Error + 'static), exit_code: i32) {
        let message = self.error_text(err);
        if self.format == OutputFormat::Json {
            self.json(&serde_json::json!({
                "error": { "message": message, "exit_code": exit_code }
            }));
        }
    }

    /// Prints an error and its cause chain to stderr only; returns the chain as one line.
    pub fn error_text(&self, err: &(dyn std::error::Error + 'static)) -> String {
        let mut chain = vec![err.to_string()];
        let mut source = err.source();
        while let Some(s) = source {
            let text = s.to_string();
            if !chain.iter().any(|c| c.contains(&text)) {
                chain.push(text);
            }
            source = s.source();
        }
        eprintln!("error: {}", self.scrub(&chain[0]));
        for cause in &chain[1..] {
            eprintln!("  caused by: {}", self.scrub(cause));
        }
        chain.join(": ")
    }

    /// Asks a question on the terminal; `None` when there is no terminal.
    pub fn prompt(&self, question: &str) -> Option<String> {
        if !self.interactive() {
            return None;
        }
        eprint!("{}", self.scrub(question));
        let _ = std::io::stderr().flush();
        let mut line = String::new();
        std::io::stdin().read_line(&mut line).ok()?;
        Some(line.trim().to_string())
    }

    /// Progress reporting for the migration runner.
    pub fn migrate_observer(&self) -> UiObserver<'_> {
        UiObserver {
            ui: self,
            bar: Mutex::new(None),
            ran: Mutex::new(Vec::new()),
        }
    }
}

/// Draws backup progress: a line per table (rows, bytes, rate; a bar and an ETA where
/// the engine's estimate is worth one, see `table_bar`) on a terminal.
pub struct BackupProgress<'a> {
    ui: &'a Ui,
    bar: Mutex<Option<TableBar>>,
}

impl Ui {
    /// Progress reporting for `backup`.
    pub fn backup_observer(&self) -> BackupProgress<'_> {
        BackupProgress {
            ui: self,
            bar: Mutex::new(None),
        }
    }
}

impl crate::backup::BackupObserver for BackupProgress<'_> {
    fn lock_waiting(&self, holder: Option<&LockHolder>) {
        self.ui.migrate_observer().lock_waiting(holder)
    }

    fn table_started(&self, name: &str, est_rows: u64, _est_bytes: u64) {
        if !self.ui.progress {
            self.ui.detail(&format!("dumping {name}"));
            return;
        }
        // An estimate of 0 is no estimate (see `table_bar`).
        let bar = TableBar::new(&self.ui.scrub(name), Some(est_rows).filter(|n| *n > 0));
        *self.bar.lock().unwrap_or_else(|p| p.into_inner()) = Some(bar);
    }

    fn progress(&self, rows: u64, bytes: u64) {
        if let Some(bar) = self.bar.lock().unwrap_or_else(|p| p.into_inner()).as_mut() {
            bar.set(rows, Some(bytes));
        }
    }

    fn table_done(&self, name: &str, rows: u64) {
        if let Some(bar) = self.bar.lock().unwrap_or_else(|p| p.into_inner()).take() {
            bar.finish();
        }
        self.ui.detail(&format!("dumped {name}: {rows} rows"));
    }
}

impl Drop for BackupProgress<'_> {
    fn drop(&mut self) {
        if let Some(bar) = self.bar.lock().unwrap_or_else(|p| p.into_inner()).take() {
            bar.abandon();
        }
    }
}

/// Draws restore progress: stages, then a line per table (see `table_bar`).
pub struct RestoreProgress<'a> {
    migrate: UiObserver<'a>,
    bar: Mutex<Option<TableBar>>,
}

impl Ui {
    /// Progress reporting for `restore`.
    pub fn restore_observer(&self) -> RestoreProgress<'_> {
        RestoreProgress {
            migrate: self.migrate_observer(),
            bar: Mutex::new(None),
        }
    }
}

impl MigrateObserver for RestoreProgress<'_> {
    fn lock_waiting(&self, holder: Option<&LockHolder>) {
        self.migrate.lock_waiting(holder)
    }
    fn version_started(&self, version: &VersionMigration, statements: usize, skipped: usize) {
        self.migrate.version_started(version, statements, skipped)
    }
    fn statement_done(&self) {
        self.migrate.statement_done()
    }
    fn batch_sent(&self, statements: usize) {
        self.migrate.batch_sent(statements)
    }
    fn version_ran(&self, version: &Version, ms: u64) {
        self.migrate.version_ran(version, ms)
    }
    fn version_done(&self, version: &Version, ms: u64) {
        self.migrate.version_done(version, ms)
    }
}

impl crate::restore::RestoreObserver for RestoreProgress<'_> {
    fn stage(&self, what: &str) {
        self.migrate.ui.status(&format!("{what}..."));
    }

    fn table_started(&self, name: &str, rows: Option<u64>) {
        let ui = self.migrate.ui;
        if !ui.progress {
            ui.detail(&format!("loading {name}"));
            return;
        }
        let bar = TableBar::new(&ui.scrub(name), rows);
        *self.bar.lock().unwrap_or_else(|p| p.into_inner()) = Some(bar);
    }

    fn progress(&self, rows: u64) {
        if let Some(bar) = self.bar.lock().unwrap_or_else(|p| p.into_inner()).as_mut() {
            bar.set(rows, None);
        }
    }

    fn table_done(&self, name: &str, rows: u64) {
        if let Some(bar) = self.bar.lock().unwrap_or_else(|p| p.into_inner()).take() {
            bar.finish();
        }
        self.migrate
            .ui
            .detail(&format!("loaded {name}: {rows} rows"));
    }
}

impl Drop for RestoreProgress<'_> {
    fn drop(&mut self) {
        if let Some(bar) = self.bar.lock().unwrap_or_else(|p| p.into_inner()).take() {
            bar.abandon();
        }
    }
}

/// Draws the runner's progress: a bar per version on a terminal, lines otherwise.
pub struct UiObserver<'a> {
    ui: &'a Ui,
    bar: Mutex<Option<ProgressBar>>,
    /// Versions that ran but commit with the versions after them (see `version_ran`).
    ran: Mutex<Vec<Version>>,
}

impl MigrateObserver for UiObserver<'_> {
    fn lock_waiting(&self, holder: Option<&LockHolder>) {
        match holder {
            Some(h) => self
                .ui
                .status(&format!("waiting for the migration lock, held by {h}")),
            None => self
                .ui
                .status("waiting for the migration lock, held by another dbshape"),
        }
    }

    fn version_started(&self, version: &VersionMigration, statements: usize, skipped: usize) {
        let what = if version.description.is_empty() {
            String::new()
        } else {
            format!(": {}", version.description)
        };
        let resume = if skipped > 0 {
            format!(", resuming after {skipped} already run")
        } else {
            String::new()
        };
        if self.ui.progress {
            let bar = ProgressBar::new(statements as u64);
            bar.set_style(
                ProgressStyle::with_template(
                    "{prefix:>10} [{bar:30}] {pos}/{len} statements {elapsed} {wide_msg}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
            );
            bar.set_prefix(version.version.to_string());
            bar.set_message(self.ui.scrub(&format!("{what}{resume}")));
            bar.enable_steady_tick(Duration::from_millis(200));
            *self.bar.lock().unwrap_or_else(|p| p.into_inner()) = Some(bar);
        } else {
            self.ui.status(&format!(
                "applying {}{what} ({statements} statements{resume})",
                version.version
            ));
        }
    }

    fn statement_done(&self) {
        if let Some(bar) = self.bar.lock().unwrap_or_else(|p| p.into_inner()).as_ref() {
            bar.inc(1);
        }
    }

    fn batch_sent(&self, statements: usize) {
        // One call runs them all: the count cannot move until it returns, so say so
        // rather than show 0/N as if nothing ran (the elapsed time keeps ticking).
        if let Some(bar) = self.bar.lock().unwrap_or_else(|p| p.into_inner()).as_ref() {
            if statements > 1 {
                bar.set_message(format!(
                    "running {statements} statements in one call to the server"
                ));
            }
        }
    }

    fn version_ran(&self, version: &Version, ms: u64) {
        if let Some(bar) = self.bar.lock().unwrap_or_else(|p| p.into_inner()).take() {
            bar.finish_and_clear();
        }
        self.ran
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(version.clone());
        self.ui
            .status(&format!("ran {version} in {ms} ms, not committed yet"));
    }

    fn version_done(&self, version: &Version, ms: u64) {
        if let Some(bar) = self.bar.lock().unwrap_or_else(|p| p.into_inner()).take() {
            bar.finish_and_clear();
        }
        let mut ran = self.ran.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(i) = ran.iter().position(|v| v == version) {
            ran.remove(i);
            self.ui.status(&format!("committed {version}"));
        } else {
            self.ui.status(&format!("applied {version} in {ms} ms"));
        }
    }

    fn statement_elided(&self, file: &str, statement: &Statement) {
        let (line, code) = crate::migrate::control::locate(statement);
        self.ui.detail(&format!(
            "{file}:{line}: `{code}` not sent: dbshape runs the version in its own transaction"
        ));
    }
}

impl Drop for UiObserver<'_> {
    fn drop(&mut self) {
        if let Some(bar) = self.bar.lock().unwrap_or_else(|p| p.into_inner()).take() {
            bar.abandon();
        }
    }
}
