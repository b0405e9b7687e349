//! Compiles the bundled migrations directory into the binary, so `dbshape` shapes its
//! server schema from any working directory (a container, a fresh machine) while a
//! checkout's `bootstrap/sql/migrations` on disk still wins when present.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let dir = root.join("bootstrap/sql/migrations");
    println!("cargo:rerun-if-changed=bootstrap/sql/migrations");
    let mut files = Vec::new();
    collect(&dir, &dir, &mut files);
    files.sort();
    let mut out = String::from("/// Every file of the bundled migrations directory: (relative path, content).\npub static BUNDLED_FILES: &[(&str, &str)] = &[\n");
    for (rel, abs) in &files {
        writeln!(
            out,
            "    ({rel:?}, include_str!({:?})),",
            abs.display().to_string()
        )
        .unwrap();
    }
    // A version directory without SQL is still a version (recorded, nothing run), as it
    // is when the directory is read from disk.
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let prefix = format!("{name}/");
            if e.path().is_dir() && !files.iter().any(|(rel, _)| rel.starts_with(&prefix)) {
                writeln!(out, "    ({prefix:?}, \"\"),").unwrap();
            }
        }
    }
    out.push_str("];\n");
    let dest = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR")).join("bundled.rs");
    std::fs::write(dest, out).expect("write bundled.rs");
}

fn collect(base: &Path, dir: &Path, files: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(base, &path, files);
        } else if path.extension().is_some_and(|e| e == "sql") {
            let rel = path
                .strip_prefix(base)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            files.push((rel, path));
        }
    }
}
