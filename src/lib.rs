//! dbshape keeps a server's database in lockstep with the server's version.
//!
//! The library does all the work and never prints: commands in `cli` gather options,
//! call into [`migrate`] and render the reports. See docs/architecture.md for the map.

#![warn(clippy::print_stdout, clippy::print_stderr)]

// `embed_migrations!` expands to `::dbshape::...` paths, which name this crate here too.
extern crate self as dbshape;

pub mod backup;
pub mod cli;
pub mod config;
pub mod convert;
pub mod demo;
pub mod dialect;
pub mod dump;
pub mod engine;
pub mod error;
pub mod fault;
pub mod lock_holder;
pub mod migrate;
pub mod migrations;
pub mod restore;
pub mod ui;
pub mod upgrade;
pub mod version;

pub use error::{Error, Result};
pub use migrations::{EmbeddedFile, Migrations};

/// Expands to [`Migrations::embedded`] over the directory's files; docs/migrations.md
/// ("Embedding a set") shows a server's whole setup.
///
/// ```
/// let set: dbshape::Migrations = dbshape::embed_migrations!("tests/fixtures/embedded-set");
/// # let _ = set;
/// ```
pub use dbshape_macros::embed_migrations;
