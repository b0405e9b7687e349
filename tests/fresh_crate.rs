//! dbshape as a library user meets it: a crate of its own (`tests/fresh_crate/`, copied
//! out of this repository), depending on dbshape by path with
//! `default-features = false, features = ["sqlite", "macros"]`. In under 40 lines it
//! embeds its own set with a Rust step and runs `ensure_current`, `validate`, `backup`
//! and `restore`; its dependency tree holds none of the crates of the command line,
//! object storage, encryption or the other engines.

mod common;

use std::path::Path;
use std::process::Command;

use common::copy_dir;

/// Crates a library user with only SQLite must not get.
const LEFT_OUT: [&str; 8] = [
    "clap",
    "indicatif",
    "object_store",
    "reqwest",
    "age",
    "mysql_async",
    "tokio-postgres",
    "migration",
];

fn cargo(dir: &Path, args: &[&str]) -> std::process::Output {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    Command::new(env!("CARGO"))
        .args(args)
        .current_dir(dir)
        // Its own target directory, kept between runs (it is built with other features
        // than the workspace, so sharing would rebuild both).
        .env("CARGO_TARGET_DIR", repo.join("target").join("fresh-crate"))
        .env_remove("RUSTFLAGS")
        .output()
        .expect("run cargo")
}

#[test]
fn a_library_user_needs_under_forty_lines_and_none_of_the_cli_crates() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo.join("tests/fresh_crate"), dir.path());
    std::fs::write(
        dir.path().join("Cargo.toml"),
        format!(
            "[package]\nname = \"fresh\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n\
             [dependencies]\n\
             dbshape = {{ path = {:?}, default-features = false, features = [\"sqlite\", \"macros\"] }}\n\
             tokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n\n\
             [workspace]\n",
            repo.display().to_string()
        ),
    )
    .unwrap();
    // The versions this repository is tested with, so that nothing new is fetched.
    std::fs::copy(repo.join("Cargo.lock"), dir.path().join("Cargo.lock")).unwrap();

    let code = std::fs::read_to_string(dir.path().join("src/main.rs")).unwrap();
    assert!(code.lines().count() < 40, "{} lines", code.lines().count());

    let tree = cargo(dir.path(), &["tree", "-e", "normal", "--prefix", "none"]);
    assert!(
        tree.status.success(),
        "{}",
        String::from_utf8_lossy(&tree.stderr)
    );
    let tree = String::from_utf8(tree.stdout).unwrap();
    for name in LEFT_OUT {
        let found: Vec<&str> = tree
            .lines()
            .filter(|l| l.split(' ').next() == Some(name))
            .collect();
        assert!(found.is_empty(), "{name} is in the tree: {found:?}");
    }
    assert!(tree.lines().any(|l| l.starts_with("dbshape ")), "{tree}");

    let run = cargo(dir.path(), &["run", "--quiet"]);
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(stdout, "applied 2, backed up 2 rows, restored 2\n");
    // The copy has the rows, and the Rust step's column as the original computed it.
    let copy = Command::new("sqlite3")
        .arg(dir.path().join("copy.db"))
        .arg("SELECT id, n, m FROM item ORDER BY id")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&copy.stdout), "1|5|10\n2|7|14\n");
}
