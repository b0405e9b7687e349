//! One table's progress on a terminal, for `backup` (rows dumped) and `restore` (rows
//! loaded).
//!
//! The total is often an estimate, and estimates can be missing or wrong: PostgreSQL's
//! `reltuples` is -1 before a table's first ANALYZE, MariaDB's `TABLE_ROWS` is 0 right
//! after a bulk load and approximate for InnoDB. A bar over a wrong total lies (100% and
//! "ETA 0s" while rows keep coming). So with no estimate the table gets a spinner with
//! rows, bytes and rate and no ETA; with one, a bar that never shows more than 99% before
//! the table's end, and that becomes the spinner once the rows pass the estimate.

use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

/// What the line shows for `rows` done of a table whose row count is `estimate`.
#[derive(Debug, PartialEq, Eq)]
enum Shape {
    /// A bar of `len` rows at `pos` (never the whole bar before the end).
    Bar { len: u64, pos: u64 },
    /// Rows so far, no total, no ETA.
    Spinner,
}

fn shape(estimate: Option<u64>, rows: u64) -> Shape {
    match estimate {
        Some(len) if len > 0 && rows < len => Shape::Bar {
            len,
            pos: rows.min(len.saturating_mul(99) / 100),
        },
        _ => Shape::Spinner,
    }
}

const BAR: &str = "{prefix:>24} [{bar:25}] {human_pos}/{human_len} rows {msg} ETA {eta}";
const SPINNER: &str = "{prefix:>24} {spinner} {human_pos} rows {msg}";

/// The progress line of one table.
pub struct TableBar {
    bar: ProgressBar,
    estimate: Option<u64>,
    spinning: bool,
    started: Instant,
}

fn style(template: &str) -> ProgressStyle {
    ProgressStyle::with_template(template)
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ")
}

impl TableBar {
    /// Starts the line of table `name` (already scrubbed for display).
    pub fn new(name: &str, estimate: Option<u64>) -> TableBar {
        let (bar, spinning) = match shape(estimate, 0) {
            Shape::Bar { len, .. } => {
                let bar = ProgressBar::new(len);
                bar.set_style(style(BAR));
                (bar, false)
            }
            Shape::Spinner => {
                let bar = ProgressBar::new_spinner();
                bar.set_style(style(SPINNER));
                (bar, true)
            }
        };
        bar.set_prefix(name.to_string());
        bar.enable_steady_tick(Duration::from_millis(200));
        TableBar {
            spinning,
            bar,
            estimate,
            started: Instant::now(),
        }
    }

    /// `rows` done so far, and the bytes they took when known (`backup`).
    pub fn set(&mut self, rows: u64, bytes: Option<u64>) {
        match shape(self.estimate, rows) {
            Shape::Bar { pos, .. } => self.bar.set_position(pos),
            Shape::Spinner => {
                if !self.spinning {
                    self.spinning = true;
                    self.bar.unset_length();
                    self.bar.set_style(style(SPINNER));
                }
                self.bar.set_position(rows);
            }
        }
        let secs = self.started.elapsed().as_secs_f64().max(0.001);
        let rate = format!("{:.0} rows/s", rows as f64 / secs);
        self.bar.set_message(match bytes {
            Some(b) => format!(
                "{} ({}/s, {rate})",
                indicatif::HumanBytes(b),
                indicatif::HumanBytes((b as f64 / secs) as u64)
            ),
            None => format!("({rate})"),
        });
    }

    /// The table is done: the line goes.
    pub fn finish(self) {
        self.bar.finish_and_clear();
    }

    /// The command stopped: the line stays as it was.
    pub fn abandon(self) {
        self.bar.abandon();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: with no estimate (PostgreSQL before ANALYZE, MariaDB after a bulk
    /// load) the bar showed 100% and "ETA 0s" while rows kept coming.
    #[test]
    fn no_estimate_is_a_spinner_and_a_bar_never_shows_the_end_early() {
        assert_eq!(shape(None, 0), Shape::Spinner);
        assert_eq!(shape(Some(0), 500), Shape::Spinner);
        assert_eq!(shape(Some(1000), 0), Shape::Bar { len: 1000, pos: 0 });
        assert_eq!(
            shape(Some(1000), 500),
            Shape::Bar {
                len: 1000,
                pos: 500
            }
        );
        assert_eq!(
            shape(Some(1000), 999),
            Shape::Bar {
                len: 1000,
                pos: 990
            }
        );
        // More rows than estimated: the estimate was wrong, no total is shown.
        assert_eq!(shape(Some(1000), 1000), Shape::Spinner);
        assert_eq!(shape(Some(1000), 5000), Shape::Spinner);
        assert_eq!(shape(Some(1), 0), Shape::Bar { len: 1, pos: 0 });
    }
}
