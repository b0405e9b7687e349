//! The example sessions in README.md, docs/cli.md and docs/upgrade-guide.md are run
//! with the real binary and their output compared, so the docs cannot drift from what
//! dbshape prints.
//!
//! # How the docs mark an example
//! A fenced block whose first line starts with `$ ` is a session: each `$ ` line is a
//! command (run by `sh` in the example's directory, stdout and stderr together, as on a
//! terminal; with `--output json` stdout alone), the lines after it are what it prints, and a last line `[exit N]` is its
//! exit code (0 when absent). A line `...` stands for any number of lines.
//!
//! Every session belongs to the chapter named by the nearest comment above it:
//!
//! ```text
//! <!-- example upgrade engine=postgres db=docs_catalog,docs_catalog_new
//! dbshape migrate --to 1.2.0
//! -->
//! ```
//!
//! A chapter is one working directory and, for PostgreSQL or MySQL, the databases named
//! by `db=` (the first is `DBSHAPE_URL`; without `engine=` it is SQLite in that
//! directory). Its sessions run in the order of the file, each seeing what the earlier
//! ones left. The lines of the comment are commands run first and not shown (setup). A
//! comment `<!-- example none: REASON -->` leaves the next session unchecked; the reason
//! says why it cannot run here.
//!
//! Databases get a unique name per run (`docs_catalog` becomes `docs_catalog_d123`) and
//! the chapter's directory is shown as `/tmp/<chapter>`; both are mapped back in the
//! output. What differs from run to run (times, durations, timestamps in file names,
//! digests, compressed sizes, server versions, column alignment) is masked on both
//! sides before comparing; the wording, the numbers of rows and versions, the exit codes
//! and the order of lines are compared exactly.
//!
//! `DBSHAPE_DOCS=overwrite cargo test --test doc_examples` writes the real output into
//! the docs instead of failing (review the diff: `...` elisions are replaced).

mod common;

use common::{admin_sql, Kind};
use regex::Regex;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

/// The files whose sessions are checked.
const DOCS: &[&str] = &["README.md", "docs/cli.md", "docs/upgrade-guide.md"];

/// One `<!-- example ... -->` comment.
#[derive(Debug, Clone)]
struct Directive {
    chapter: String,
    engine: Kind,
    dbs: Vec<String>,
    setup: Vec<String>,
    /// `none: REASON`: the next session is not run.
    skip: bool,
}

/// One command of a session and what the doc says it prints.
#[derive(Debug)]
struct Step {
    command: String,
    expected: Vec<String>,
    exit: i32,
}

/// One session: where it is in its file and its steps.
#[derive(Debug)]
struct Session {
    /// Index of the fence's first content line in the file's lines.
    first: usize,
    /// Index one past its last content line.
    end: usize,
    indent: String,
    directive: Option<Directive>,
    steps: Vec<Step>,
}

fn parse_directive(text: &str) -> Directive {
    let mut lines = text.lines();
    let head = lines.next().unwrap_or_default();
    let head = head
        .trim()
        .trim_start_matches("<!--")
        .trim()
        .trim_start_matches("example")
        .trim();
    let head = head.trim_end_matches("-->").trim();
    if let Some(reason) = head.strip_prefix("none:") {
        assert!(
            !reason.trim().is_empty(),
            "`<!-- example none: -->` needs a reason"
        );
        return Directive {
            chapter: String::new(),
            engine: Kind::Sqlite,
            dbs: vec![],
            setup: vec![],
            skip: true,
        };
    }
    let mut words = head.split_whitespace();
    let chapter = words
        .next()
        .expect("an example comment names its chapter")
        .to_string();
    let mut engine = Kind::Sqlite;
    let mut dbs = Vec::new();
    for w in words {
        match w.split_once('=') {
            Some(("engine", "postgres")) => engine = Kind::Postgres,
            Some(("engine", "mysql")) => engine = Kind::Mysql,
            Some(("engine", "sqlite")) => engine = Kind::Sqlite,
            Some(("db", names)) => dbs = names.split(',').map(str::to_string).collect(),
            _ => panic!("example comment: unknown word `{w}` in `{head}`"),
        }
    }
    let setup = lines
        .map(str::trim)
        .filter(|l| !l.is_empty() && *l != "-->")
        .map(|l| l.trim_start_matches("$ ").to_string())
        .collect();
    Directive {
        chapter,
        engine,
        dbs,
        setup,
        skip: false,
    }
}

/// The sessions of one file, in order, each with the directive that governs it.
fn sessions(text: &str) -> Vec<Session> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut pending: Option<Directive> = None;
    let mut i = 0;
    while i < lines.len() {
        let t = lines[i].trim_start();
        if t.starts_with("<!-- example") {
            let start = i;
            while !lines[i].contains("-->") {
                i += 1;
            }
            pending = Some(parse_directive(&lines[start..=i].join("\n")));
            i += 1;
            continue;
        }
        if t.starts_with("```") {
            let indent = lines[i][..lines[i].len() - t.len()].to_string();
            let first = i + 1;
            let mut end = first;
            while end < lines.len() && !lines[end].trim_start().starts_with("```") {
                end += 1;
            }
            let body: Vec<String> = lines[first..end]
                .iter()
                .map(|l| l.strip_prefix(indent.as_str()).unwrap_or(l).to_string())
                .collect();
            if body.first().is_some_and(|l| l.starts_with("$ ")) {
                let directive = pending.take();
                out.push(Session {
                    first,
                    end,
                    indent,
                    steps: steps(&body),
                    directive,
                });
            }
            i = end + 1;
            continue;
        }
        i += 1;
    }
    out
}

fn steps(body: &[String]) -> Vec<Step> {
    let mut steps: Vec<Step> = Vec::new();
    let mut k = 0;
    while k < body.len() {
        let line = &body[k];
        if let Some(cmd) = line.strip_prefix("$ ") {
            let mut command = cmd.to_string();
            while command.ends_with('\\') && k + 1 < body.len() {
                k += 1;
                command.push('\n');
                command.push_str(&body[k]);
            }
            steps.push(Step {
                command,
                expected: vec![],
                exit: 0,
            });
        } else if let Some(step) = steps.last_mut() {
            match line
                .strip_prefix("[exit ")
                .and_then(|r| r.strip_suffix(']'))
            {
                Some(code) => step.exit = code.parse().expect("[exit N] holds a number"),
                None => step.expected.push(line.clone()),
            }
        }
        k += 1;
    }
    steps
}

/// The UTC time in a backup's default file name (`catalog-1.2.0-20261122T040012Z.sql.zst`).
const FILE_TIME: &str = r"\d{8}T\d{6}Z";

/// The masks applied to both sides: what differs from run to run.
fn masks() -> &'static [(Regex, &'static str)] {
    static MASKS: OnceLock<Vec<(Regex, &'static str)>> = OnceLock::new();
    MASKS.get_or_init(|| {
        // A second backup in the same second gets `-2`.
        let file_time = format!(r"{FILE_TIME}(-\d+)?");
        [
            (file_time.as_str(), "[TS]"),
            (r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", "[TIME]"),
            (r"\b[0-9a-f]{12,}\b", "[HEX]"),
            (r"\bage1[0-9a-z]{58}\b", "age1[KEY]"),
            (r"\b\d+(\.\d+)? ?(ms|s)\b", "[DUR]"),
            (r#""(\w+_ms)": \d+"#, "\"$1\": [N]"),
            (r"\b\d+ bytes\b", "[N] bytes"),
            (r"\b\d+(\.\d+)? (B|KiB|MiB|GiB|TiB)\b", "[SIZE]"),
            // A rate is printed only from 100 ms on: a run on a busy machine adds one.
            (r" \(\[SIZE\]/s\)", ""),
            (r#""(bytes|stored_bytes)": \d+"#, "\"$1\": [N]"),
            (r"PostgreSQL \d+\.\d+( \([^)]*\))?", "PostgreSQL [V]"),
            (r"MariaDB \d+\.\d+\.\d+\S*", "MariaDB [V]"),
            (r"SQLite \d+\.\d+\.\d+", "SQLite [V]"),
            (r"pid \d+ on host \S+", "pid [N] on host [H]"),
            (r"\[TIME\] +\d+ ", "[TIME] [N] "),
            (r"[ \t]+", " "),
        ]
        .into_iter()
        .map(|(re, to)| (Regex::new(re).unwrap(), to))
        .collect()
    })
}

fn normalise(line: &str) -> String {
    let mut s = line.trim_end().to_string();
    for (re, to) in masks() {
        s = re.replace_all(&s, *to).into_owned();
    }
    s.trim_end().to_string()
}

/// Whether `actual` matches `expected`, where an expected line `...` matches any number
/// of lines.
fn matches(expected: &[String], actual: &[String]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((e, rest)) if e.trim() == "..." => {
            (0..=actual.len()).any(|skip| matches(rest, &actual[skip..]))
        }
        Some((e, rest)) => actual
            .split_first()
            .is_some_and(|(a, arest)| normalise(e) == normalise(a) && matches(rest, arest)),
    }
}

/// A chapter's working directory and databases, dropped at the end.
struct Chapter {
    /// As named by its comment; the directory is shown as `/tmp/<name>`.
    name: String,
    dir: PathBuf,
    engine: Kind,
    /// (name in the docs, the pattern that finds it as a word, name in this run)
    names: Vec<(String, Regex, String)>,
    /// Finds [`FILE_TIME`] in a command.
    file_time: Regex,
}

impl Chapter {
    fn start(root: &Path, d: &Directive) -> Chapter {
        let dir = root.join(&d.chapter);
        std::fs::create_dir_all(&dir).unwrap();
        static CHAPTERS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = CHAPTERS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let tag = format!("d{}x{n}", std::process::id() % 100_000);
        let names = d
            .dbs
            .iter()
            .map(|n| {
                let word = Regex::new(&format!(r"\b{}\b", regex::escape(n))).unwrap();
                (n.clone(), word, format!("{n}_{tag}"))
            })
            .collect();
        let chapter = Chapter {
            name: d.chapter.clone(),
            dir,
            engine: d.engine,
            names,
            file_time: Regex::new(FILE_TIME).unwrap(),
        };
        chapter.drop_databases();
        chapter
    }

    fn drop_databases(&self) {
        for (_, _, real) in &self.names {
            match self.engine {
                Kind::Postgres => admin_sql(
                    Kind::Postgres,
                    &format!("DROP DATABASE IF EXISTS {real} WITH (FORCE)"),
                ),
                Kind::Mysql => admin_sql(Kind::Mysql, &format!("DROP DATABASE IF EXISTS {real}")),
                Kind::Sqlite => {}
            }
        }
    }

    fn forward(&self, command: &str) -> String {
        let mut s = command.to_string();
        for (_, word, real) in &self.names {
            s = word.replace_all(&s, real.as_str()).into_owned();
        }
        // A file named by a backup's UTC time in the docs: whichever the run wrote.
        self.file_time.replace_all(&s, "*").into_owned()
    }

    fn back(&self, output: &str) -> String {
        let mut s = output.replace(
            &self.dir.display().to_string(),
            &format!("/tmp/{}", self.name),
        );
        for (doc, _, real) in &self.names {
            s = s.replace(real.as_str(), doc);
        }
        s
    }

    /// Runs one command as the docs show it; returns its output lines and exit code.
    fn run(&self, command: &str) -> (Vec<String>, i32) {
        let bin = Path::new(env!("CARGO_BIN_EXE_dbshape")).parent().unwrap();
        let path = format!(
            "{}:{}",
            bin.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let mut c = Command::new("sh");
        c.arg("-c")
            .arg(format!("{}{}", stderr_to(command), self.forward(command)))
            .current_dir(&self.dir)
            .stdin(Stdio::null())
            .env("PATH", path)
            .env("NO_COLOR", "1");
        for var in [
            "DBSHAPE_URL",
            "DBSHAPE_CONFIG",
            "DBSHAPE_MIGRATIONS",
            "DBSHAPE_OUTPUT",
            "DBSHAPE_BACKUP_DIR",
            "DATABASE_URL",
            "CI",
        ] {
            c.env_remove(var);
        }
        if let Some((_, _, real)) = self.names.first() {
            match self.engine {
                Kind::Postgres => {
                    c.env("DBSHAPE_URL", format!("{}/{real}", common::PG_ADMIN));
                }
                Kind::Mysql => {
                    c.env("DBSHAPE_URL", format!("{}/{real}", common::MY_ADMIN));
                }
                Kind::Sqlite => {}
            }
        }
        let out = c.output().expect("run sh");
        let text = self.back(&String::from_utf8_lossy(&out.stdout));
        let lines = text.lines().map(str::to_string).collect();
        (lines, out.status.code().unwrap_or(-1))
    }
}

/// Where a command's stderr goes: with stdout, as on a terminal; for `--output json`,
/// away, since the document on stdout is what such an example shows (stderr carries
/// only progress there).
fn stderr_to(command: &str) -> &'static str {
    if command.contains("--output json") {
        "exec 2>/dev/null\n"
    } else {
        "exec 2>&1\n"
    }
}

/// What one session printed, where it differs from the docs.
struct Mismatch {
    file: String,
    first: usize,
    end: usize,
    indent: String,
    report: String,
    /// The session as it really ran, for overwrite.
    actual: Vec<String>,
}

#[test]
fn every_example_in_the_docs_prints_what_it_shows() {
    let root_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let work = tempfile::tempdir().unwrap();
    let mut chapters: BTreeMap<(String, String), Chapter> = BTreeMap::new();
    let mut mismatches: Vec<Mismatch> = Vec::new();
    let mut checked = 0usize;
    let mut unreachable: Vec<Kind> = Vec::new();

    for doc in DOCS {
        let text = std::fs::read_to_string(root_dir.join(doc)).unwrap();
        let mut current: Option<Directive> = None;
        for session in sessions(&text) {
            let d = match session.directive.clone() {
                Some(d) if d.skip => continue,
                Some(d) => {
                    current = Some(Directive {
                        setup: vec![],
                        ..d.clone()
                    });
                    d
                }
                // A session with no comment of its own continues the chapter above it.
                None => current.clone().unwrap_or_else(|| {
                    panic!(
                        "{doc}:{}: a session with no `<!-- example CHAPTER -->` comment above it; \
                         name its chapter (and setup), or mark it `<!-- example none: REASON -->`",
                        session.first
                    )
                }),
            };
            let key = (doc.to_string(), d.chapter.clone());
            if !chapters.contains_key(&key) {
                if d.engine != Kind::Sqlite && !common::server_available(d.engine) {
                    unreachable.push(d.engine);
                    continue;
                }
                chapters.insert(key.clone(), Chapter::start(work.path(), &d));
            }
            let chapter = &chapters[&key];
            for setup in &d.setup {
                let (out, code) = chapter.run(setup);
                assert_eq!(
                    code,
                    0,
                    "{doc}:{}: setup `{setup}` of chapter {} failed:\n{}",
                    session.first,
                    d.chapter,
                    out.join("\n")
                );
            }
            let mut actual_session = Vec::new();
            let mut report = String::new();
            for step in &session.steps {
                let (out, code) = chapter.run(&step.command);
                actual_session.push(format!("$ {}", step.command));
                actual_session.extend(out.iter().cloned());
                if code != 0 {
                    actual_session.push(format!("[exit {code}]"));
                }
                if code != step.exit || !matches(&step.expected, &out) {
                    report.push_str(&format!(
                        "$ {}\n--- the docs show (exit {}):\n{}\n--- it printed (exit {code}):\n{}\n",
                        step.command,
                        step.exit,
                        step.expected.join("\n"),
                        out.join("\n")
                    ));
                }
            }
            checked += 1;
            if !report.is_empty() {
                mismatches.push(Mismatch {
                    file: doc.to_string(),
                    first: session.first,
                    end: session.end,
                    indent: session.indent.clone(),
                    report,
                    actual: actual_session,
                });
            }
        }
    }
    for chapter in chapters.values() {
        chapter.drop_databases();
    }
    eprintln!("{checked} example session(s) run");
    if !unreachable.is_empty() {
        eprintln!("not run: the sessions on {unreachable:?} (server not reachable)");
    }
    if mismatches.is_empty() {
        return;
    }
    if std::env::var("DBSHAPE_DOCS").as_deref() == Ok("overwrite") {
        overwrite(root_dir, &mismatches);
        eprintln!("{} session(s) rewritten; review the diff", mismatches.len());
        return;
    }
    let mut all = String::new();
    for m in &mismatches {
        all.push_str(&format!("\n{}:{}:\n{}", m.file, m.first, m.report));
    }
    panic!(
        "{} example session(s) print something else than the docs show:{all}\n\
         fix dbshape or the docs; `DBSHAPE_DOCS=overwrite cargo test --test doc_examples` \
         writes the real output into the docs",
        mismatches.len()
    );
}

/// Writes each mismatching session's real output into its file, last first.
fn overwrite(root: &Path, mismatches: &[Mismatch]) {
    let mut by_file: BTreeMap<&str, Vec<&Mismatch>> = BTreeMap::new();
    for m in mismatches {
        by_file.entry(m.file.as_str()).or_default().push(m);
    }
    for (file, mut ms) in by_file {
        let path = root.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        ms.sort_by_key(|m| std::cmp::Reverse(m.first));
        for m in ms {
            let new: Vec<String> = m
                .actual
                .iter()
                .map(|l| {
                    if l.is_empty() {
                        String::new()
                    } else {
                        format!("{}{l}", m.indent)
                    }
                })
                .collect();
            lines.splice(m.first..m.end, new);
        }
        let mut out = lines.join("\n");
        out.push('\n');
        std::fs::write(&path, out).unwrap();
    }
}

#[test]
fn masks_hide_only_what_changes_between_runs() {
    let a = "backed up 7 table(s), 11 row(s), schema version 1.2.0 to backups/x-1.2.0-20261122T040012Z.sql.zst (5.93 KiB of SQL, 1.52 KiB stored with zstd) in 24 ms";
    let b = "backed up 7 table(s), 11 row(s), schema version 1.2.0 to backups/x-1.2.0-20261205T101010Z-2.sql.zst (5.94 KiB of SQL, 1.50 KiB stored with zstd) in 1.20 s";
    assert_eq!(normalise(a), normalise(b));
    // A different count of rows or a different version is not hidden.
    assert_ne!(
        normalise(a),
        normalise(&a.replace("11 row(s)", "12 row(s)"))
    );
    assert_ne!(normalise(a), normalise(&a.replace("1.2.0 to", "1.3.0 to")));
    assert_ne!(
        normalise(a),
        normalise(&a.replace("with zstd", "with gzip"))
    );
    let e: Vec<String> = ["first", "...", "last"].map(String::from).to_vec();
    let got: Vec<String> = ["first", "x", "y", "last"].map(String::from).to_vec();
    assert!(matches(&e, &got));
    assert!(!matches(&e, &got[..3]));
}
