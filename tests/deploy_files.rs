//! Checks of the deployment files (docker/, .dockerignore) and the pipeline examples
//! (docs/ci/, docs/pipelines.md), without Docker, Kubernetes, Helm or a CI system.
//!
//! Nothing here builds an image or renders a chart. What is checked:
//! - every YAML file under docker/ and docs/ parses; Helm templates are parsed after
//!   dropping the lines that hold only a template action (`{{- if }}`, `{{- end }}`,
//!   `{{- toYaml ... }}`) and replacing every other `{{ ... }}` with a placeholder
//!   scalar, so the YAML around the template expressions is checked, not what Helm
//!   renders from it;
//! - every `dbshape` command line in them (Dockerfile CMD, compose `command`, container
//!   `args`, CI `run`/`script` lines, shell blocks of docs/pipelines.md) names a real
//!   command and real flags, as the binary's own `--help` lists them, and every
//!   `DBSHAPE_*` variable they name appears in that help;
//! - every repository path they name exists (Dockerfile COPY sources, which must also
//!   pass .dockerignore; compose build contexts and Dockerfiles; paths in comments and
//!   commands), and the references between them hold (compose `depends_on` and volumes,
//!   Kubernetes volumes and claims, Helm `.Values` paths, CI job and stage names);
//! - the image runs as a non-root user, and the Kubernetes examples run as that user.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use serde::Deserialize;
use serde_yaml::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    let path = root().join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// Fails with every problem listed, one per line.
fn assert_none(problems: Vec<String>, what: &str) {
    assert!(problems.is_empty(), "{what}:\n  {}", problems.join("\n  "));
}

// ---------------------------------------------------------------------------------------
// The command line as the binary describes it
// ---------------------------------------------------------------------------------------

/// Flags of one help page: long and short names, and whether each takes a value.
#[derive(Debug, Default)]
struct Flags {
    takes_value: BTreeMap<String, bool>,
}

impl Flags {
    fn get(&self, name: &str) -> Option<bool> {
        self.takes_value.get(name).copied()
    }
}

/// What `dbshape --help` and `dbshape <command> --help` say.
struct Cli {
    commands: BTreeSet<String>,
    global: Flags,
    per_command: BTreeMap<String, Flags>,
    /// Every `DBSHAPE_*` name any help page mentions.
    env: BTreeSet<String>,
}

fn help(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_dbshape"))
        .args(args)
        .arg("--help")
        .env_clear()
        .output()
        .expect("run dbshape --help");
    assert!(out.status.success(), "dbshape {args:?} --help failed");
    String::from_utf8(out.stdout).expect("help is UTF-8")
}

/// Parses the `Options:` lines of a clap help page: `  -o, --out <PATH>  text`.
fn parse_flags(text: &str) -> Flags {
    let mut flags = Flags::default();
    for line in text.lines() {
        let indent = line.len() - line.trim_start().len();
        let line = line.trim_start();
        // Option lines are indented by 2 (with a short name) or 6; description
        // continuation lines by much more.
        if indent > 6 || !line.starts_with('-') {
            continue;
        }
        let spec = line.split("  ").next().unwrap_or("");
        let takes_value = spec.contains('<');
        for part in spec.split(", ") {
            let name = part.split([' ', '<']).next().unwrap_or("");
            let name = name.trim_end_matches("...");
            if !name.is_empty() {
                flags.takes_value.insert(name.to_string(), takes_value);
            }
        }
    }
    flags
}

fn env_names(text: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut rest = text;
    while let Some(pos) = rest.find("DBSHAPE_") {
        let tail = &rest[pos..];
        let end = tail
            .find(|c: char| !(c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'))
            .unwrap_or(tail.len());
        // `DBSHAPE_*` in prose is the prefix, not a variable.
        if end > "DBSHAPE_".len() {
            names.insert(tail[..end].to_string());
        }
        rest = &tail[end..];
    }
    names
}

fn cli() -> &'static Cli {
    static CLI: OnceLock<Cli> = OnceLock::new();
    CLI.get_or_init(|| {
        let top = help(&[]);
        let mut commands = BTreeSet::new();
        let mut in_commands = false;
        for line in top.lines() {
            if line.starts_with("Commands:") {
                in_commands = true;
            } else if in_commands && line.starts_with("   ") {
                // The wrapped rest of a command's description.
            } else if in_commands && line.starts_with("  ") {
                let name = line.split_whitespace().next().unwrap_or("");
                if name != "help" {
                    commands.insert(name.to_string());
                }
            } else if in_commands && !line.trim().is_empty() {
                in_commands = false;
            }
        }
        let mut env = env_names(&top);
        let mut per_command = BTreeMap::new();
        for command in &commands {
            let text = help(&[command]);
            env.extend(env_names(&text));
            per_command.insert(command.clone(), parse_flags(&text));
        }
        Cli {
            commands,
            global: parse_flags(&top),
            per_command,
            env,
        }
    })
}

/// Checks one dbshape command line (the words after `dbshape`); `None` when it is fine.
fn check_invocation(args: &[String]) -> Option<String> {
    let cli = cli();
    let mut command: Option<&str> = None;
    let mut i = 0;
    while i < args.len() {
        let arg = args[i].as_str();
        i += 1;
        let flags = match command {
            Some(c) => &cli.per_command[c],
            None => &cli.global,
        };
        if let Some(long) = arg.strip_prefix("--") {
            let (name, inline_value) = match long.split_once('=') {
                Some((n, _)) => (n, true),
                None => (long, false),
            };
            match flags.get(&format!("--{name}")) {
                None => {
                    let place =
                        command.map_or("before the command".to_string(), |c| format!("of `{c}`"));
                    return Some(format!("`--{name}` is not a flag {place}"));
                }
                Some(true) if !inline_value => i += 1,
                Some(_) => {}
            }
        } else if arg.len() > 1 && arg.starts_with('-') {
            let shorts: Vec<char> = arg[1..].chars().collect();
            for (k, c) in shorts.iter().enumerate() {
                match flags.get(&format!("-{c}")) {
                    None => return Some(format!("`-{c}` is not a flag")),
                    Some(true) => {
                        if k + 1 == shorts.len() {
                            i += 1;
                        }
                        break;
                    }
                    Some(false) => {}
                }
            }
        } else if command.is_none() {
            if !cli.commands.contains(arg) {
                return Some(format!(
                    "`{arg}` is not a dbshape command (commands: {})",
                    cli.commands.iter().cloned().collect::<Vec<_>>().join(", ")
                ));
            }
            command = Some(cli.commands.get(arg).unwrap());
        }
        // Anything else after the command is a positional argument (a dump file).
    }
    None
}

// ---------------------------------------------------------------------------------------
// Shell lines
// ---------------------------------------------------------------------------------------

/// Splits a shell line into words: quotes removed, operators as words of their own
/// when written apart (as the examples write them).
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                for q in chars.by_ref() {
                    if q == '\'' {
                        break;
                    }
                    word.push(q);
                }
            }
            '"' => {
                in_word = true;
                while let Some(q) = chars.next() {
                    match q {
                        '"' => break,
                        '\\' => {
                            if let Some(n) = chars.next() {
                                word.push(n);
                            }
                        }
                        _ => word.push(q),
                    }
                }
            }
            '#' if !in_word => break,
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    words
}

fn is_operator(word: &str) -> bool {
    matches!(word, "&&" | "||" | "|" | ";" | "(" | "then" | "do" | "else")
        || word.starts_with('>')
        || word.starts_with('<')
        || word.starts_with("2>")
        || word.starts_with("&>")
}

/// The dbshape command lines of a shell script: the words after each `dbshape` in
/// command position, up to the next operator or redirection.
fn dbshape_calls(script: &str) -> Vec<Vec<String>> {
    let joined = script.replace("\\\n", " ");
    let mut calls = Vec::new();
    for line in joined.lines() {
        let words = shell_words(line);
        let mut command_position = true;
        let mut i = 0;
        while i < words.len() {
            let w = words[i].as_str();
            if is_operator(w) {
                command_position = true;
            } else if command_position && (w == "$" || (w.contains('=') && !w.starts_with('-'))) {
                // A prompt, or a variable assignment before the command.
            } else if command_position && (w == "dbshape" || w.ends_with("/dbshape")) {
                let args: Vec<String> = words[i + 1..]
                    .iter()
                    .take_while(|a| !is_operator(a))
                    .cloned()
                    .collect();
                i += args.len();
                calls.push(args);
                command_position = false;
            } else {
                command_position = false;
            }
            i += 1;
        }
    }
    calls
}

// ---------------------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------------------

/// Every YAML file under `dir` (relative to the repository root), sorted.
fn yaml_files(dir: &str) -> Vec<String> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(&root().join(dir), &mut out);
    let mut rel: Vec<String> = out
        .iter()
        .map(|p| {
            p.strip_prefix(root())
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    rel.sort();
    rel
}

fn is_helm_template(rel: &str) -> bool {
    rel.contains("/templates/")
}

/// A Helm template as parseable YAML (see the module doc for what this keeps).
fn helm_to_yaml(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("{{")
            && trimmed.ends_with("}}")
            && trimmed.matches("{{").count() == 1
        {
            continue;
        }
        let mut rest = line;
        while let Some(start) = rest.find("{{") {
            out.push_str(&rest[..start]);
            let end = rest[start..]
                .find("}}")
                .map(|e| start + e + 2)
                .unwrap_or_else(|| panic!("unclosed template action in: {line}"));
            out.push_str("TEMPLATE");
            rest = &rest[end..];
        }
        out.push_str(rest);
        out.push('\n');
    }
    out
}

/// Every document of a YAML file (templates made parseable first).
fn documents(rel: &str) -> Result<Vec<Value>, String> {
    let mut text = read(rel);
    if is_helm_template(rel) {
        text = helm_to_yaml(&text);
    }
    let mut docs = Vec::new();
    for doc in serde_yaml::Deserializer::from_str(&text) {
        let value = Value::deserialize(doc).map_err(|e| format!("{rel}: {e}"))?;
        if !value.is_null() {
            docs.push(value);
        }
    }
    Ok(docs)
}

fn doc(rel: &str) -> Value {
    let mut docs = documents(rel).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(docs.len(), 1, "{rel}: expected one YAML document");
    docs.remove(0)
}

fn str_of(v: &Value) -> Option<&str> {
    v.as_str()
}

fn strings(v: &Value) -> Vec<String> {
    match v {
        Value::Sequence(items) => items
            .iter()
            .filter_map(|i| i.as_str().map(str::to_string))
            .collect(),
        Value::String(s) => vec![s.clone()],
        _ => Vec::new(),
    }
}

/// Keys of a mapping as strings.
fn keys(v: &Value) -> Vec<String> {
    v.as_mapping()
        .map(|m| {
            m.keys()
                .filter_map(|k| k.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Text files whose paths, commands and variables are checked.
fn deploy_texts() -> Vec<String> {
    let mut files = vec![
        "docker/Dockerfile".to_string(),
        ".dockerignore".to_string(),
        "docs/pipelines.md".to_string(),
    ];
    files.extend(yaml_files("docker"));
    files.extend(yaml_files("docs"));
    files.sort();
    files.dedup();
    files
}

// ---------------------------------------------------------------------------------------
// Dockerfile
// ---------------------------------------------------------------------------------------

/// One Dockerfile instruction: keyword and the rest of its (joined) line.
fn dockerfile_instructions(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        let trimmed = line.trim();
        if current.is_empty() && (trimmed.is_empty() || trimmed.starts_with('#')) {
            continue;
        }
        if trimmed.starts_with('#') {
            continue; // a comment inside a continued instruction
        }
        if let Some(body) = trimmed.strip_suffix('\\') {
            current.push_str(body);
            current.push(' ');
            continue;
        }
        current.push_str(trimmed);
        let (keyword, rest) = current.split_once(' ').unwrap_or((&current, ""));
        out.push((keyword.to_ascii_uppercase(), rest.trim().to_string()));
        current.clear();
    }
    out
}

/// The words of an exec-form (`["a", "b"]`) or shell-form instruction.
fn instruction_words(rest: &str) -> Vec<String> {
    if rest.starts_with('[') {
        serde_json::from_str::<Vec<String>>(rest)
            .unwrap_or_else(|e| panic!("bad exec form `{rest}`: {e}"))
    } else {
        shell_words(rest)
    }
}

/// .dockerignore: is this context path left out of the build context?
fn dockerignored(patterns: &[String], path: &str) -> bool {
    fn glob(pattern: &str, text: &str) -> bool {
        let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
        fn m(p: &[char], t: &[char]) -> bool {
            match (p.first(), t.first()) {
                (None, None) => true,
                (Some('*'), _) => m(&p[1..], t) || (!t.is_empty() && m(p, &t[1..])),
                (Some('?'), Some(_)) => m(&p[1..], &t[1..]),
                (Some(a), Some(b)) if a == b => m(&p[1..], &t[1..]),
                _ => false,
            }
        }
        m(&p, &t)
    }
    let parts: Vec<&str> = path.split('/').collect();
    let mut excluded = false;
    for raw in patterns {
        let (negated, pattern) = match raw.strip_prefix('!') {
            Some(p) => (true, p),
            None => (false, raw.as_str()),
        };
        let pattern: Vec<&str> = pattern.trim_matches('/').split('/').collect();
        // A pattern matches a path when it matches the path or one of its parents.
        let matches = (1..=parts.len()).any(|k| {
            k == pattern.len() && pattern.iter().zip(&parts[..k]).all(|(p, t)| glob(p, t))
        });
        if matches {
            excluded = !negated;
        }
    }
    excluded
}

struct Dockerfile {
    /// UID (or name) of the final stage's USER.
    user: Option<String>,
    entrypoint: Vec<String>,
    cmd: Vec<String>,
}

fn check_dockerfile(problems: &mut Vec<String>) -> Dockerfile {
    let text = read("docker/Dockerfile");
    let ignore: Vec<String> = read(".dockerignore")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect();
    let mut stages = BTreeSet::new();
    let mut result = Dockerfile {
        user: None,
        entrypoint: Vec::new(),
        cmd: Vec::new(),
    };
    let mut final_stage_copies = BTreeSet::new();
    for (keyword, rest) in dockerfile_instructions(&text) {
        match keyword.as_str() {
            "FROM" => {
                let words: Vec<&str> = rest.split_whitespace().collect();
                if let Some(pos) = words.iter().position(|w| w.eq_ignore_ascii_case("as")) {
                    stages.insert(words[pos + 1].to_string());
                }
                result.user = None;
                final_stage_copies.clear();
            }
            "COPY" | "ADD" => {
                let words = instruction_words(&rest);
                let (opts, args): (Vec<&String>, Vec<&String>) =
                    words.iter().partition(|w| w.starts_with("--"));
                let from = opts.iter().find_map(|o| o.strip_prefix("--from="));
                let Some((dest, sources)) = args.split_last() else {
                    problems.push(format!("Dockerfile: `{keyword} {rest}` names no source"));
                    continue;
                };
                final_stage_copies.insert(dest.to_string());
                if let Some(stage) = from {
                    if !stages.contains(stage) {
                        problems.push(format!("Dockerfile: COPY --from={stage}: no such stage"));
                    }
                    continue;
                }
                for source in sources {
                    let source = source.trim_start_matches("./").trim_end_matches('/');
                    if !root().join(source).exists() {
                        problems.push(format!(
                            "Dockerfile: {keyword} source `{source}` does not exist in the repository"
                        ));
                    } else if dockerignored(&ignore, source) {
                        problems.push(format!(
                            "Dockerfile: {keyword} source `{source}` is excluded by .dockerignore"
                        ));
                    }
                }
            }
            "USER" => result.user = Some(rest.clone()),
            "ENTRYPOINT" => result.entrypoint = instruction_words(&rest),
            "CMD" => result.cmd = instruction_words(&rest),
            _ => {}
        }
    }
    match result.entrypoint.first() {
        Some(bin) if final_stage_copies.contains(bin) => {}
        other => problems.push(format!(
            "Dockerfile: the ENTRYPOINT {other:?} is not a file the final stage copies in"
        )),
    }
    if result.entrypoint.len() != 1 || !result.entrypoint[0].ends_with("/dbshape") {
        problems.push(format!(
            "Dockerfile: ENTRYPOINT should be the dbshape binary alone, is {:?}",
            result.entrypoint
        ));
    }
    result
}

/// The UID of a `USER uid[:gid]` line, if it is numeric and not root.
fn non_root_uid(user: &str) -> Option<u32> {
    let uid = user.split(':').next()?.parse::<u32>().ok()?;
    (uid != 0).then_some(uid)
}

#[test]
fn dockerfile_copies_existing_sources_and_runs_as_non_root() {
    let mut problems = Vec::new();
    let file = check_dockerfile(&mut problems);
    match file.user.as_deref() {
        None => problems.push("Dockerfile: the final stage sets no USER".into()),
        Some(user) if non_root_uid(user).is_none() => problems.push(format!(
            "Dockerfile: USER `{user}` is not a numeric non-root UID (Kubernetes' runAsNonRoot needs a number)"
        )),
        Some(_) => {}
    }
    assert_none(problems, "docker/Dockerfile");
}

#[test]
fn dockerignore_keeps_local_state_out_of_the_build_context() {
    let ignore: Vec<String> = read(".dockerignore")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect();
    for path in [
        "target/debug/dbshape",
        "dbshape.db",
        "backups/x.sql.zst",
        ".git",
    ] {
        assert!(dockerignored(&ignore, path), "{path} is sent to the build");
    }
    for path in [
        "src/main.rs",
        "bootstrap/sql/migrations",
        "Cargo.lock",
        "macros/src/lib.rs",
    ] {
        assert!(
            !dockerignored(&ignore, path),
            "{path} is left out of the build"
        );
    }
}

// ---------------------------------------------------------------------------------------
// YAML files
// ---------------------------------------------------------------------------------------

#[test]
fn every_yaml_file_parses() {
    let mut problems = Vec::new();
    let mut seen = 0;
    for rel in yaml_files("docker").into_iter().chain(yaml_files("docs")) {
        seen += 1;
        match documents(&rel) {
            Ok(docs) if docs.is_empty() => problems.push(format!("{rel}: no YAML document")),
            Ok(_) => {}
            Err(e) => problems.push(e),
        }
    }
    assert!(
        seen >= 8,
        "only {seen} YAML files found under docker/ and docs/"
    );
    assert_none(problems, "YAML files that do not parse");
}

#[test]
fn helm_placeholders_keep_the_yaml_around_template_actions() {
    let text = "a:\n  {{- if .Values.x }}\n  b: {{ .Values.b | quote }}\n  c: \"{{ .R }}:{{ .T }}\"\n  {{- end }}\n";
    let value: Value = serde_yaml::from_str(&helm_to_yaml(text)).unwrap();
    assert_eq!(value["a"]["b"].as_str(), Some("TEMPLATE"));
    assert_eq!(value["a"]["c"].as_str(), Some("TEMPLATE:TEMPLATE"));
}

/// compose.yaml: services, builds, dependencies, volumes.
#[test]
fn compose_file_is_consistent() {
    let rel = "docker/compose.yaml";
    let compose = doc(rel);
    let base = root().join("docker");
    let services = compose["services"].as_mapping().expect("compose: services");
    let names: BTreeSet<String> = keys(&compose["services"]).into_iter().collect();
    let volumes: BTreeSet<String> = keys(&compose["volumes"]).into_iter().collect();
    let mut problems = Vec::new();
    let mut jobs = 0;
    for (name, service) in services {
        let name = name.as_str().unwrap();
        if let Some(build) = service.get("build") {
            let context = base.join(str_of(&build["context"]).unwrap_or("."));
            let dockerfile = str_of(&build["dockerfile"]).unwrap_or("Dockerfile");
            if !context.is_dir() {
                problems.push(format!(
                    "{name}: build context {} is not a directory",
                    context.display()
                ));
            } else if !context.join(dockerfile).is_file() {
                problems.push(format!(
                    "{name}: no Dockerfile {dockerfile} in the build context"
                ));
            } else if context.canonicalize().unwrap() != root().canonicalize().unwrap() {
                problems.push(format!(
                    "{name}: the build context must be the repository root"
                ));
            }
            jobs += 1;
            if service["command"].as_sequence().is_none() {
                problems.push(format!(
                    "{name}: `command` should be a list of dbshape arguments"
                ));
            }
            // The job reaches its database by service name, after it is healthy.
            let url = str_of(&service["environment"]["DBSHAPE_URL"]).unwrap_or("");
            let host = url
                .rsplit_once('@')
                .map(|(_, h)| h.split([':', '/']).next().unwrap_or(""))
                .unwrap_or("");
            if !names.contains(host) {
                problems.push(format!(
                    "{name}: DBSHAPE_URL host `{host}` is not a service"
                ));
            } else if str_of(&service["depends_on"][host]["condition"]) != Some("service_healthy") {
                problems.push(format!("{name}: does not wait for `{host}` to be healthy"));
            }
        }
        for dep in keys(&service["depends_on"]) {
            if !names.contains(&dep) {
                problems.push(format!("{name}: depends on unknown service `{dep}`"));
            } else if services[dep.as_str()].get("healthcheck").is_none() {
                problems.push(format!(
                    "{name}: waits for `{dep}`, which has no healthcheck"
                ));
            }
        }
        for mount in strings(&service["volumes"]) {
            let source = mount.split(':').next().unwrap_or("");
            if source.starts_with('.') || source.starts_with('/') {
                if !base.join(source).exists() {
                    problems.push(format!("{name}: bind mount source {source} does not exist"));
                }
            } else if !volumes.contains(source) {
                problems.push(format!("{name}: volume `{source}` is not declared"));
            }
        }
    }
    assert!(jobs >= 2, "compose: expected a dbshape job per database");
    assert_none(problems, rel);
}

/// Every container of a pod spec that runs the dbshape image (in the chart the image is
/// a template, so the container's name says it).
fn dbshape_containers(pod_spec: &Value) -> Vec<&Value> {
    pod_spec["containers"]
        .as_sequence()
        .map(|cs| {
            cs.iter()
                .filter(|c| {
                    str_of(&c["name"]) == Some("dbshape")
                        || str_of(&c["image"]).is_some_and(|i| i.starts_with("dbshape"))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Checks a Job that runs `dbshape upgrade`: non-root as the image's user, URL from a
/// Secret, backups on a mounted claim. Returns the claim names it mounts.
fn check_upgrade_job(
    where_: &str,
    job: &Value,
    uid: u32,
    problems: &mut Vec<String>,
) -> Vec<String> {
    let spec = &job["spec"]["template"]["spec"];
    let mut claims = Vec::new();
    if str_of(&spec["restartPolicy"]) != Some("Never") {
        problems.push(format!("{where_}: restartPolicy should be Never"));
    }
    let security = &spec["securityContext"];
    if security["runAsNonRoot"].as_bool() != Some(true) {
        problems.push(format!("{where_}: runAsNonRoot is not set"));
    }
    if security["runAsUser"].as_u64() != Some(uid as u64) {
        problems.push(format!("{where_}: runAsUser is not the image's user {uid}"));
    }
    let volumes: BTreeMap<String, &Value> = spec["volumes"]
        .as_sequence()
        .map(|vs| {
            vs.iter()
                .filter_map(|v| Some((str_of(&v["name"])?.to_string(), v)))
                .collect()
        })
        .unwrap_or_default();
    let containers = dbshape_containers(spec);
    if containers.is_empty() {
        problems.push(format!("{where_}: no container runs the dbshape image"));
    }
    for c in containers {
        if !c["command"].is_null() {
            problems.push(format!(
                "{where_}: `command` replaces the image's dbshape entrypoint; use `args`"
            ));
        }
        if strings(&c["args"]).first().map(String::as_str) != Some("upgrade") {
            problems.push(format!("{where_}: the container should run `upgrade`"));
        }
        let env: BTreeMap<String, &Value> = c["env"]
            .as_sequence()
            .map(|es| {
                es.iter()
                    .filter_map(|e| Some((str_of(&e["name"])?.to_string(), e)))
                    .collect()
            })
            .unwrap_or_default();
        match env.get("DBSHAPE_URL") {
            Some(e) if !e["valueFrom"]["secretKeyRef"].is_null() => {}
            _ => problems.push(format!("{where_}: DBSHAPE_URL should come from a Secret")),
        }
        let backup_dir = env
            .get("DBSHAPE_BACKUP_DIR")
            .and_then(|e| str_of(&e["value"]))
            .unwrap_or("/work/backups");
        let mounts = c["volumeMounts"].as_sequence().cloned().unwrap_or_default();
        let backup_mount = mounts.iter().find(|m| {
            str_of(&m["mountPath"]).is_some_and(|p| Path::new(backup_dir).starts_with(p))
        });
        match backup_mount {
            None => problems.push(format!(
                "{where_}: nothing is mounted at the backup directory {backup_dir}"
            )),
            Some(m) => {
                let volume = str_of(&m["name"]).unwrap_or("");
                match volumes.get(volume) {
                    None => problems.push(format!("{where_}: volume `{volume}` is not declared")),
                    Some(v) => match str_of(&v["persistentVolumeClaim"]["claimName"]) {
                        Some(claim) => claims.push(claim.to_string()),
                        None => {
                            problems.push(format!("{where_}: the backup volume is not a claim"))
                        }
                    },
                }
            }
        }
    }
    claims
}

fn image_uid() -> u32 {
    let mut problems = Vec::new();
    let file = check_dockerfile(&mut problems);
    file.user
        .as_deref()
        .and_then(non_root_uid)
        .expect("the image's numeric USER")
}

/// Names of the PersistentVolumeClaims defined in docker/k8s/*.yaml.
fn k8s_claims() -> BTreeSet<String> {
    let mut claims = BTreeSet::new();
    for rel in yaml_files("docker/k8s") {
        if rel.contains("/chart/") {
            continue;
        }
        for d in documents(&rel).unwrap() {
            if str_of(&d["kind"]) == Some("PersistentVolumeClaim") {
                claims.insert(str_of(&d["metadata"]["name"]).unwrap().to_string());
            }
        }
    }
    claims
}

#[test]
fn kubernetes_job_runs_upgrade_as_the_image_user_with_backups_on_a_claim() {
    let uid = image_uid();
    let claims = k8s_claims();
    let mut problems = Vec::new();
    let mut jobs = 0;
    for rel in yaml_files("docker/k8s") {
        if rel.contains("/chart/") {
            continue;
        }
        for d in documents(&rel).unwrap() {
            if str_of(&d["apiVersion"]).is_none() || str_of(&d["kind"]).is_none() {
                problems.push(format!("{rel}: a document without apiVersion and kind"));
            }
            if str_of(&d["kind"]) == Some("Job") {
                jobs += 1;
                for claim in check_upgrade_job(&rel, &d, uid, &mut problems) {
                    if !claims.contains(&claim) {
                        problems.push(format!(
                            "{rel}: claim `{claim}` is not defined in docker/k8s/"
                        ));
                    }
                }
            }
        }
    }
    assert_eq!(jobs, 1, "expected one plain Job manifest in docker/k8s/");
    assert_none(problems, "docker/k8s");
}

/// Looks up a dotted path (`a.b.c`) in a YAML mapping.
fn lookup<'v>(value: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.')
        .try_fold(value, |v, key| v.as_mapping()?.get(key))
}

#[test]
fn helm_chart_hook_backs_up_and_migrates_before_install_and_upgrade() {
    let chart_dir = "docker/k8s/chart";
    let chart = doc(&format!("{chart_dir}/Chart.yaml"));
    let values = doc(&format!("{chart_dir}/values.yaml"));
    let mut problems = Vec::new();
    if str_of(&chart["apiVersion"]) != Some("v2") {
        problems.push("Chart.yaml: apiVersion should be v2 (Helm 3)".into());
    }
    for key in ["name", "version"] {
        if chart[key].is_null() {
            problems.push(format!("Chart.yaml: `{key}` is missing"));
        }
    }
    let uid = image_uid();
    let claims = k8s_claims();
    let mut hooks = 0;
    for rel in yaml_files(&format!("{chart_dir}/templates")) {
        let text = read(&rel);
        // Every `.Values.x.y` a template reads is in values.yaml.
        for (pos, _) in text.match_indices(".Values.") {
            let path: String = text[pos + ".Values.".len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '.')
                .collect();
            let path = path.trim_end_matches('.');
            if lookup(&values, path).is_none() {
                problems.push(format!("{rel}: .Values.{path} is not in values.yaml"));
            }
        }
        for d in documents(&rel).unwrap() {
            if str_of(&d["kind"]) != Some("Job") {
                continue;
            }
            let annotations = &d["metadata"]["annotations"];
            let hook = str_of(&annotations["helm.sh/hook"]).unwrap_or("");
            let events: BTreeSet<&str> = hook.split(',').map(str::trim).collect();
            if !(events.contains("pre-install") && events.contains("pre-upgrade")) {
                problems.push(format!(
                    "{rel}: helm.sh/hook should be pre-install,pre-upgrade, is `{hook}`"
                ));
            }
            if str_of(&annotations["helm.sh/hook-weight"]).is_none() {
                problems.push(format!(
                    "{rel}: helm.sh/hook-weight should be a quoted number"
                ));
            }
            let policy = str_of(&annotations["helm.sh/hook-delete-policy"]).unwrap_or("");
            if !policy.contains("before-hook-creation") {
                problems.push(format!(
                    "{rel}: helm.sh/hook-delete-policy should include before-hook-creation, is `{policy}`"
                ));
            }
            hooks += 1;
            check_upgrade_job(&rel, &d, uid, &mut problems);
        }
    }
    // The claim the chart mounts by default is the one docker/k8s/ defines.
    match str_of(&values["backup"]["existingClaim"]) {
        Some(claim) if claims.contains(claim) => {}
        other => problems.push(format!(
            "values.yaml: backup.existingClaim {other:?} is not a claim defined in docker/k8s/"
        )),
    }
    assert_eq!(hooks, 1, "expected one hook Job in the chart");
    assert_none(problems, chart_dir);
}

#[test]
fn ci_examples_are_consistent() {
    let mut problems = Vec::new();

    let rel = "docs/ci/github-actions.yml";
    let gh = doc(rel);
    if gh["on"].is_null() {
        problems.push(format!("{rel}: no `on` trigger"));
    }
    let jobs: BTreeSet<String> = keys(&gh["jobs"]).into_iter().collect();
    for job in &jobs {
        let j = &gh["jobs"][job.as_str()];
        if j["runs-on"].is_null() || j["steps"].as_sequence().is_none() {
            problems.push(format!("{rel}: job `{job}` needs runs-on and steps"));
        }
        for need in strings(&j["needs"]) {
            if !jobs.contains(&need) {
                problems.push(format!("{rel}: job `{job}` needs unknown job `{need}`"));
            }
        }
    }

    let rel = "docs/ci/gitlab-ci.yml";
    let gl = doc(rel);
    let stages: BTreeSet<String> = strings(&gl["stages"]).into_iter().collect();
    let reserved = [
        "stages",
        "variables",
        "default",
        "include",
        "workflow",
        "image",
        "services",
    ];
    for name in keys(&gl) {
        if reserved.contains(&name.as_str()) {
            continue;
        }
        let j = &gl[name.as_str()];
        for parent in strings(&j["extends"]) {
            if gl[parent.as_str()].is_null() {
                problems.push(format!("{rel}: `{name}` extends unknown `{parent}`"));
            }
        }
        if name.starts_with('.') {
            continue;
        }
        match str_of(&j["stage"]) {
            Some(s) if stages.contains(s) => {}
            other => problems.push(format!(
                "{rel}: job `{name}` has stage {other:?}, not one of `stages`"
            )),
        }
        let has_script = !j["script"].is_null();
        if !has_script {
            problems.push(format!("{rel}: job `{name}` has no script"));
        }
    }
    assert_none(problems, "docs/ci");
}

// ---------------------------------------------------------------------------------------
// Across all files: dbshape command lines, variables, paths
// ---------------------------------------------------------------------------------------

/// Every dbshape command line of the deployment files and examples, with where it is.
fn all_calls() -> Vec<(String, Vec<String>)> {
    fn push_script(calls: &mut Vec<(String, Vec<String>)>, rel: &str, script: &str) {
        for args in dbshape_calls(script) {
            calls.push((rel.to_string(), args));
        }
    }
    let mut calls = Vec::new();

    // Dockerfile: CMD is the default argument list of the dbshape entrypoint.
    let mut problems = Vec::new();
    let file = check_dockerfile(&mut problems);
    calls.push(("docker/Dockerfile CMD".into(), file.cmd.clone()));

    // compose: `command` of the services built from the Dockerfile.
    let compose = doc("docker/compose.yaml");
    if let Some(services) = compose["services"].as_mapping() {
        for (name, service) in services {
            if service.get("build").is_some() {
                let where_ = format!("docker/compose.yaml {}", name.as_str().unwrap_or(""));
                calls.push((where_, strings(&service["command"])));
            }
        }
    }

    // Kubernetes and Helm: `args` of the dbshape containers.
    for rel in yaml_files("docker/k8s") {
        for d in documents(&rel).unwrap() {
            for c in dbshape_containers(&d["spec"]["template"]["spec"]) {
                calls.push((rel.clone(), strings(&c["args"])));
            }
        }
    }

    // GitHub Actions `run` steps and GitLab CI scripts.
    let gh = doc("docs/ci/github-actions.yml");
    for job in keys(&gh["jobs"]) {
        for step in gh["jobs"][job.as_str()]["steps"]
            .as_sequence()
            .cloned()
            .unwrap_or_default()
        {
            if let Some(run) = str_of(&step["run"]) {
                push_script(&mut calls, "docs/ci/github-actions.yml", run);
            }
        }
    }
    let gl = doc("docs/ci/gitlab-ci.yml");
    for job in keys(&gl) {
        for key in ["before_script", "script", "after_script"] {
            for line in strings(&gl[job.as_str()][key]) {
                push_script(&mut calls, "docs/ci/gitlab-ci.yml", &line);
            }
        }
    }

    // docs/pipelines.md: shell code blocks.
    let md = read("docs/pipelines.md");
    let mut in_shell = false;
    let mut block = String::new();
    for line in md.lines() {
        if let Some(lang) = line.strip_prefix("```") {
            if in_shell {
                push_script(&mut calls, "docs/pipelines.md", &block);
                block.clear();
                in_shell = false;
            } else {
                in_shell = matches!(lang.trim(), "sh" | "bash" | "shell" | "console");
            }
        } else if in_shell {
            block.push_str(line);
            block.push('\n');
        }
    }
    calls
}

#[test]
fn every_dbshape_command_line_names_real_commands_and_flags() {
    let calls = all_calls();
    let mut files: BTreeSet<&str> = BTreeSet::new();
    let mut problems = Vec::new();
    for (where_, args) in &calls {
        files.insert(where_.split(' ').next().unwrap());
        if let Some(problem) = check_invocation(args) {
            problems.push(format!("{where_}: `dbshape {}`: {problem}", args.join(" ")));
        }
    }
    for expected in [
        "docker/Dockerfile",
        "docker/compose.yaml",
        "docs/ci/github-actions.yml",
        "docs/ci/gitlab-ci.yml",
        "docs/pipelines.md",
    ] {
        assert!(
            files.contains(expected),
            "no dbshape command line found in {expected}"
        );
    }
    assert_none(
        problems,
        "dbshape command lines that the binary would refuse",
    );
}

#[test]
fn invocation_checker_rejects_unknown_commands_and_flags() {
    let ok = |s: &str| check_invocation(&shell_words(s));
    assert_eq!(ok("--output json migrate --dry-run"), None);
    assert_eq!(
        ok("-q --url=sqlite://x.db backup -o - --compress zstd"),
        None
    );
    assert_eq!(ok("verify dump.sql.zst"), None);
    assert!(ok("migrat").is_some());
    assert!(ok("migrate --dryrun").is_some());
    assert!(
        ok("--to 1.0 migrate").is_some(),
        "a command flag before the command"
    );
    assert_eq!(
        dbshape_calls("code=0; X=1 dbshape validate > v.json || code=$?\necho dbshape info"),
        vec![vec!["validate".to_string()]]
    );
}

/// `"DBSHAPE_..."` string literals in src/: variables read outside clap.
fn env_names_in_source() -> BTreeSet<String> {
    fn walk(dir: &Path, names: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, names);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                names.extend(
                    env_names(&text)
                        .into_iter()
                        .filter(|n| text.contains(&format!("\"{n}\""))),
                );
            }
        }
    }
    let mut names = BTreeSet::new();
    walk(&root().join("src"), &mut names);
    names
}

#[test]
fn every_dbshape_variable_is_one_the_binary_reads() {
    let mut known = cli().env.clone();
    known.extend(env_names_in_source());
    let mut problems = Vec::new();
    for rel in deploy_texts() {
        for name in env_names(&read(&rel)) {
            if !known.contains(&name) {
                problems.push(format!("{rel}: {name}"));
            }
        }
    }
    assert_none(
        problems,
        &format!(
            "DBSHAPE_* variables the binary does not read: neither its `--help` nor a string literal in src/ names them (known: {})",
            known.iter().cloned().collect::<Vec<_>>().join(", ")
        ),
    );
}

#[test]
fn every_repository_path_named_exists() {
    const TOP: [&str; 7] = [
        "docker/",
        "docs/",
        "bootstrap/",
        "src/",
        "migration/",
        "macros/",
        "tests/",
    ];
    let mut problems = Vec::new();
    let mut checked = 0;
    for rel in deploy_texts() {
        let text = read(&rel);
        for word in text.split(|c: char| c.is_whitespace() || "`'\"()[],;=".contains(c)) {
            let word = word.trim_start_matches("./").trim_end_matches(['.', ':']);
            // `docker/dockerfile:1` and image names are not paths.
            if !TOP.iter().any(|t| word.starts_with(t))
                || word.contains(['$', '<', '>', '*', '{', ':'])
            {
                continue;
            }
            checked += 1;
            if !root().join(word).exists() {
                problems.push(format!("{rel}: {word}"));
            }
        }
        // Relative Markdown links.
        if rel.ends_with(".md") {
            let dir = Path::new(&rel).parent().unwrap();
            for (pos, _) in text.match_indices("](") {
                let target: String = text[pos + 2..].chars().take_while(|c| *c != ')').collect();
                let target = target.split('#').next().unwrap();
                if target.is_empty() || target.contains("://") {
                    continue;
                }
                checked += 1;
                if !root().join(dir).join(target).exists() {
                    problems.push(format!("{rel}: link to {target}"));
                }
            }
        }
    }
    assert!(checked > 10, "only {checked} paths found");
    assert_none(problems, "paths that do not exist in the repository");
}

/// Checks a CronJob that backs up then drills: one run at a time, non-root as the
/// image's user, an init container `backup` with a retention policy, then `drill
/// --latest` of the directory the backup wrote to, the database and the scratch
/// database's URLs from Secrets.
fn check_backup_drill_cronjob(where_: &str, cron: &Value, uid: u32, problems: &mut Vec<String>) {
    if str_of(&cron["spec"]["concurrencyPolicy"]) != Some("Forbid") {
        problems.push(format!(
            "{where_}: concurrencyPolicy should be Forbid (one drill per scratch database)"
        ));
    }
    let spec = &cron["spec"]["jobTemplate"]["spec"]["template"]["spec"];
    if str_of(&spec["restartPolicy"]) != Some("Never") {
        problems.push(format!("{where_}: restartPolicy should be Never"));
    }
    if spec["securityContext"]["runAsUser"].as_u64() != Some(uid as u64)
        || spec["securityContext"]["runAsNonRoot"].as_bool() != Some(true)
    {
        problems.push(format!(
            "{where_}: the pod should run as the image's user {uid}"
        ));
    }
    let env_from_secret = |c: &Value, name: &str| {
        c["env"].as_sequence().is_some_and(|es| {
            es.iter().any(|e| {
                str_of(&e["name"]) == Some(name) && !e["valueFrom"]["secretKeyRef"].is_null()
            })
        })
    };
    let mount_of = |c: &Value| {
        c["volumeMounts"].as_sequence().and_then(|ms| {
            ms.iter()
                .find(|m| str_of(&m["name"]) == Some("backups"))
                .and_then(|m| str_of(&m["mountPath"]).map(str::to_string))
        })
    };
    let backup = spec["initContainers"]
        .as_sequence()
        .and_then(|cs| cs.first());
    let drill = spec["containers"].as_sequence().and_then(|cs| cs.first());
    let (Some(backup), Some(drill)) = (backup, drill) else {
        problems.push(format!(
            "{where_}: expected an init container and a container"
        ));
        return;
    };
    let backup_args = strings(&backup["args"]);
    if backup_args.first().map(String::as_str) != Some("backup")
        || !backup_args.iter().any(|a| a.starts_with("--keep-"))
    {
        problems.push(format!(
            "{where_}: the init container should run `backup` with a retention policy, runs {backup_args:?}"
        ));
    }
    let drill_args = strings(&drill["args"]);
    let dir = mount_of(backup);
    if drill_args.first().map(String::as_str) != Some("drill")
        || drill_args.get(1).map(String::as_str) != Some("--latest")
        || drill_args.get(2) != dir.as_ref()
        || mount_of(drill) != dir
    {
        problems.push(format!(
            "{where_}: the container should run `drill --latest` of the claim the backup wrote to ({dir:?}), runs {drill_args:?}"
        ));
    }
    for (c, names) in [
        (backup, &["DBSHAPE_URL"][..]),
        (drill, &["DBSHAPE_URL", "DBSHAPE_DRILL_SCRATCH"][..]),
    ] {
        for name in names {
            if !env_from_secret(c, name) {
                problems.push(format!("{where_}: {name} should come from a Secret"));
            }
        }
    }
}

#[test]
fn backup_drill_cronjobs_back_up_prune_then_drill_the_new_backup() {
    let uid = image_uid();
    let mut problems = Vec::new();
    let mut found = 0;
    for rel in yaml_files("docker/k8s") {
        for d in documents(&rel).unwrap() {
            if str_of(&d["kind"]) == Some("CronJob") {
                found += 1;
                check_backup_drill_cronjob(&rel, &d, uid, &mut problems);
            }
        }
    }
    assert_eq!(found, 2, "expected the plain CronJob and the chart's");
    assert_none(problems, "docker/k8s");
}
