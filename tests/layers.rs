//! Imports flow one way (docs/architecture.md, "Layers"): a module uses only modules of
//! its own layer or of lower ones, and no two top-level modules depend on each other,
//! directly or through others.
//!
//! The check reads `src/**/*.rs` as text, without `#[cfg(test)]` items and comments,
//! finds every path into the crate (`crate::x`, the `crate::{...}` groups of a `use`
//! over several lines, `super::` climbing to the crate root, `dbshape::x` in the
//! binary) and names the file and line of each reference that breaks a rule. It needs
//! no compiler and no database, so it runs with every `cargo test`.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::Path;

/// The layers, lowest first, and the top-level modules of each.
const LAYERS: &[(&str, &[&str])] = &[
    (
        "core",
        &[
            "error",
            "version",
            "dialect",
            "config",
            "lock_holder",
            "fault",
            "migrations",
            "shape",
        ],
    ),
    ("dump format", &["dump"]),
    ("engine", &["engine"]),
    (
        "operations",
        &[
            "migrate", "backup", "backups", "restore", "upgrade", "convert", "demo", "inspect",
            "drill",
        ],
    ),
    ("library front door", &["shaper"]),
    ("interface", &["cli", "ui", "main", "lib"]),
];

/// One path into the crate: where it is written and the top-level module it names.
#[derive(Debug, Clone)]
struct Reference {
    file: String,
    line: usize,
    from: String,
    to: String,
}

/// The layer of a top-level module, as its index in [`LAYERS`].
fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|(_, mods)| mods.contains(&module))
}

/// The module path of a file under `src/`: `dump/reader.rs` is `[dump, reader]`,
/// `dump/mod.rs` is `[dump]`, `main.rs` is `[main]`.
fn module_path(file: &str) -> Vec<String> {
    let rel = file.strip_prefix("src/").unwrap_or(file);
    let rel = rel.strip_suffix(".rs").unwrap_or(rel);
    let mut parts: Vec<String> = rel.split('/').map(str::to_string).collect();
    if parts.len() > 1 && parts.last().map(String::as_str) == Some("mod") {
        parts.pop();
    }
    parts
}

/// The lines of `source` that are compiled outside of tests, with their numbers:
/// items under `#[cfg(test)]` (rustfmt puts their closing brace at their own indent)
/// and comment lines are left out, as is what follows `//` on a line.
fn code_lines(source: &str) -> Vec<(usize, String)> {
    let lines: Vec<&str> = source.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let trimmed = lines[i].trim_start();
        if trimmed.starts_with("#[cfg(test)]") {
            // Skip further attributes, then the item: one line ending in `;`, or up to
            // the line that closes it at its own indent.
            let mut j = i + 1;
            while j < lines.len() && lines[j].trim_start().starts_with("#[") {
                j += 1;
            }
            if j < lines.len() && !lines[j].trim_end().ends_with(';') {
                let indent = lines[j].len() - lines[j].trim_start().len();
                let close = format!("{}}}", " ".repeat(indent));
                while j < lines.len() && !lines[j].starts_with(&close) {
                    j += 1;
                }
            }
            i = j + 1;
            continue;
        }
        if !trimmed.starts_with("//") {
            let code = match lines[i].find("//") {
                // A `//` inside a string (a URL) is kept: only a `//` after an even
                // number of quotes starts a comment.
                Some(at) if lines[i][..at].matches('"').count().is_multiple_of(2) => {
                    &lines[i][..at]
                }
                _ => lines[i],
            };
            out.push((i + 1, code.to_string()));
        }
        i += 1;
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The identifier at the start of `s`, if any.
fn ident(s: &str) -> Option<&str> {
    let end = s.find(|c: char| !is_ident(c)).unwrap_or(s.len());
    (end > 0).then(|| &s[..end])
}

/// The first segment of every path in a `{...}` group (`s` starts inside it, `depth`
/// deep); `depth` is 0 once the group closes, else it carries on to the next line.
fn group_heads<'a>(s: &'a str, depth: &mut usize, heads: &mut Vec<&'a str>) {
    let mut expect = *depth == 1;
    for (at, c) in s.char_indices() {
        match c {
            '{' => {
                *depth += 1;
                expect = *depth == 1;
            }
            '}' => {
                *depth -= 1;
                if *depth == 0 {
                    return;
                }
            }
            ',' => expect = *depth == 1,
            c if c.is_whitespace() => {}
            _ => {
                if expect {
                    if let Some(name) = ident(&s[at..]) {
                        heads.push(name);
                    }
                }
                expect = false;
            }
        }
    }
}

/// Every path into the crate in one file, by the top-level module it names.
/// `aliases` maps names the crate root re-exports (`crate::Error`) to their module.
fn references(file: &str, source: &str, aliases: &BTreeMap<String, String>) -> Vec<Reference> {
    let path = module_path(file);
    let from = path[0].clone();
    let binary = file == "src/main.rs";
    let mut refs = Vec::new();
    let mut push = |line: usize, name: &str| {
        let to = aliases
            .get(name)
            .cloned()
            .unwrap_or_else(|| name.to_string());
        if to.is_empty() {
            return; // another crate's item, re-exported at the root
        }
        refs.push(Reference {
            file: file.to_string(),
            line,
            from: from.clone(),
            to,
        });
    };
    // An open `crate::{` group and its depth, carried to the following lines.
    let mut group = 0usize;
    for (line, code) in code_lines(source) {
        let mut heads = Vec::new();
        if group > 0 {
            group_heads(&code, &mut group, &mut heads);
            for h in heads {
                push(line, h);
            }
            continue;
        }
        // Each maximal run of identifier characters and `::` is one path.
        let mut at = 0;
        while at < code.len() {
            let c = code[at..].chars().next().unwrap_or(' ');
            if !(is_ident(c) || c == '$') {
                at += c.len_utf8();
                continue;
            }
            let len = code[at..]
                .find(|c: char| !(is_ident(c) || c == ':' || c == '$'))
                .unwrap_or(code.len() - at);
            let run = &code[at..at + len];
            at += len;
            let segs: Vec<&str> = run.split("::").collect();
            let climbs = segs.iter().take_while(|s| **s == "super").count();
            let head =
                if segs[0] == "crate" || segs[0] == "$crate" || (binary && segs[0] == "dbshape") {
                    1
                } else if climbs > 0 && climbs == path.len() {
                    climbs
                } else {
                    continue;
                };
            match segs.get(head) {
                Some(name) if !name.is_empty() => push(line, name),
                // `crate::{...}`: the group's paths, up to its `}`, maybe lines later.
                Some(_) if code[at..].starts_with('{') => {
                    let mut depth = 1;
                    group_heads(&code[at + 1..], &mut depth, &mut heads);
                    for h in heads.drain(..) {
                        push(line, h);
                    }
                    group = depth;
                    if group > 0 {
                        break;
                    }
                }
                _ => {}
            }
        }
    }
    refs
}

/// Names the crate root re-exports (`pub use error::{Error, Result};`) and the
/// module each comes from. A re-export of another crate's item (a macro of a
/// procedural-macro crate) comes from no module of this crate: its module is empty,
/// and paths to it are no reference.
fn root_aliases(lib: &str) -> BTreeMap<String, String> {
    let mut aliases = BTreeMap::new();
    let modules: BTreeSet<&str> = lib
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub mod "))
        .map(|m| m.trim_end_matches(';').trim())
        .collect();
    for (_, code) in code_lines(lib) {
        let Some(rest) = code.trim().strip_prefix("pub use ") else {
            continue;
        };
        let Some((module, names)) = rest.trim_end_matches(';').split_once("::") else {
            continue;
        };
        let module = if modules.contains(module.trim()) {
            module.trim()
        } else {
            ""
        };
        for name in names.trim_matches(|c| c == '{' || c == '}').split(',') {
            let name = name.rsplit(" as ").next().unwrap_or(name).trim();
            if !name.is_empty() && name != "self" {
                aliases.insert(name.to_string(), module.trim().to_string());
            }
        }
    }
    aliases
}

/// Every rule broken by `files` (path under the crate, contents), one line each.
fn check(files: &[(String, String)]) -> Vec<String> {
    let aliases = files
        .iter()
        .find(|(f, _)| f == "src/lib.rs")
        .map(|(_, s)| root_aliases(s))
        .unwrap_or_default();
    let mut problems = Vec::new();
    let mut edges: BTreeMap<(String, String), Reference> = BTreeMap::new();
    for (file, source) in files {
        let from = module_path(file)[0].clone();
        if layer(&from).is_none() {
            problems.push(format!(
                "{file}: module `{from}` is in no layer; add it to LAYERS here and to docs/architecture.md"
            ));
            continue;
        }
        for r in references(file, source, &aliases) {
            if r.to == r.from {
                continue;
            }
            match (layer(&r.from), layer(&r.to)) {
                (_, None) => problems.push(format!(
                    "{}:{}: `{}` uses `{}`, which is in no layer",
                    r.file, r.line, r.from, r.to
                )),
                (Some(a), Some(b)) if b > a => problems.push(format!(
                    "{}:{}: `{}` ({}) uses `{}` ({}), a higher layer",
                    r.file, r.line, r.from, LAYERS[a].0, r.to, LAYERS[b].0
                )),
                _ => {}
            }
            edges.entry((r.from.clone(), r.to.clone())).or_insert(r);
        }
    }
    problems.extend(cycles(&edges));
    problems
}

/// One cycle through each group of top-level modules that depend on each other, with
/// the file and line of one reference per step.
fn cycles(edges: &BTreeMap<(String, String), Reference>) -> Vec<String> {
    let mut next: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (a, b) in edges.keys() {
        next.entry(a).or_default().push(b);
    }
    // The shortest way from `from` to `to`, as the modules after `from`.
    let path = |from: &str, to: &str| -> Option<Vec<String>> {
        let mut back: BTreeMap<&str, &str> = BTreeMap::new();
        let mut queue = VecDeque::from([from]);
        while let Some(m) = queue.pop_front() {
            for &n in next.get(m).map(Vec::as_slice).unwrap_or(&[]) {
                if back.contains_key(n) || n == from {
                    continue;
                }
                back.insert(n, m);
                if n == to {
                    let mut way = vec![to.to_string()];
                    let mut at = to;
                    while let Some(&p) = back.get(at) {
                        if p == from {
                            break;
                        }
                        way.push(p.to_string());
                        at = p;
                    }
                    way.reverse();
                    return Some(way);
                }
                queue.push_back(n);
            }
        }
        None
    };
    let mut seen: BTreeSet<BTreeSet<String>> = BTreeSet::new();
    let mut problems = Vec::new();
    for (a, b) in edges.keys() {
        // An edge a -> b is on a cycle when b leads back to a.
        let Some(back) = (if b == a { None } else { path(b, a) }) else {
            continue;
        };
        let mut ring = vec![a.clone(), b.clone()];
        ring.extend(back);
        let members: BTreeSet<String> = ring.iter().cloned().collect();
        if !seen.insert(members) {
            continue;
        }
        let steps: Vec<String> = ring
            .windows(2)
            .map(|w| {
                let r = &edges[&(w[0].clone(), w[1].clone())];
                format!("{}:{} ({} uses {})", r.file, r.line, r.from, r.to)
            })
            .collect();
        problems.push(format!("cycle {}: {}", ring.join(" -> "), steps.join(", ")));
    }
    problems
}

/// Every `.rs` file under `dir`, as (path relative to the crate, contents).
fn read_tree(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            read_tree(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let rel = path.strip_prefix(root).unwrap();
            let rel = rel.to_string_lossy().replace('\\', "/");
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            out.push((rel, text));
        }
    }
}

#[test]
fn imports_flow_one_way() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    read_tree(root, &root.join("src"), &mut files);
    assert!(
        files.len() > 50,
        "found only {} files under src/",
        files.len()
    );
    let problems = check(&files);
    assert!(
        problems.is_empty(),
        "imports must flow one way (docs/architecture.md, \"Layers\"):\n{}",
        problems.join("\n")
    );
}

/// The check itself finds what it is for: a reference to a higher layer (through
/// `crate::`, a group over several lines, `super::super::`, a root re-export), and a
/// cycle between two modules of one layer; test code and comments do not count.
#[test]
fn the_check_finds_a_higher_layer_and_a_cycle() {
    let file = |path: &str, text: &str| (path.to_string(), text.to_string());
    let files = vec![
        file(
            "src/lib.rs",
            "pub mod error;\npub use error::{Error, Result};\npub use other_macros::embed;\n",
        ),
        file(
            "src/error.rs",
            "use crate::migrate::lock::LockHolder;\n\
             // see crate::upgrade\n\
             pub type R = crate::Result<()>;\n\
             #[cfg(test)]\n\
             mod tests {\n    use crate::cli::Cli;\n}\n",
        ),
        file(
            "src/backup.rs",
            "use crate::dump::format;\n\
             use crate::{\n    error::Error,\n    upgrade::{default_dump_path, self},\n};\n",
        ),
        file("src/upgrade.rs", "use crate::backup::{self, BackupPlan};\n"),
        file(
            "src/dump/reader.rs",
            "fn f() {\n    super::super::engine::connect();\n    super::format::x();\n}\n",
        ),
        file(
            "src/engine/mod.rs",
            "use crate::dump::format;\nfn f() {\n    crate::embed!(\"x\");\n}\n",
        ),
    ];
    let problems = check(&files);
    let has = |needle: &str| problems.iter().any(|p| p.contains(needle));
    assert!(
        has("src/error.rs:1: `error` (core) uses `migrate` (operations), a higher layer"),
        "{problems:#?}"
    );
    assert!(
        has("src/dump/reader.rs:2: `dump` (dump format) uses `engine` (engine), a higher layer"),
        "{problems:#?}"
    );
    assert!(
        has("cycle backup -> upgrade -> backup: src/backup.rs:4 (backup uses upgrade), src/upgrade.rs:1 (upgrade uses backup)"),
        "{problems:#?}"
    );
    // Going up to `engine`, which uses `dump`, also closes a cycle.
    assert!(
        has("cycle dump -> engine -> dump: src/dump/reader.rs:2 (dump uses engine), src/engine/mod.rs:1 (engine uses dump)"),
        "{problems:#?}"
    );
    // Nothing else: the test module's `cli`, the comment's `upgrade`, the re-exported
    // `crate::Result` (core) and another crate's re-exported macro are not violations.
    assert_eq!(problems.len(), 4, "{problems:#?}");
}
