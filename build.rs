//! Recompiles the crate when anything in the bundled migrations directory changes.
//!
//! `cli::bundled` compiles the directory into the binary with `embed_migrations!`, and
//! each embedded file's `include_str!` already recompiles the crate when that file is
//! edited; a file or version directory that is added or removed is only seen through
//! this line.

fn main() {
    println!("cargo:rerun-if-changed=bootstrap/sql/migrations");
}
