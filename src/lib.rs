//! dbshape keeps a server's database in lockstep with the server's version.
//!
//! A program that owns a schema describes its migration set ([`Migrations`], most often
//! [`embed_migrations!`]) and drives its database through a [`Shaper`]: the start-up
//! gate [`Shaper::ensure_current`], and migrate, info, validate, backup, verify, restore
//! and upgrade as the `dbshape` command runs them. The library never prints and reads no
//! file or environment variable it was not given; the command line (`cli`) does that
//! and renders the reports. See docs/architecture.md for the map.

#![warn(clippy::print_stdout, clippy::print_stderr)]

// `embed_migrations!` expands to `::dbshape::...` paths, which name this crate here too.
extern crate self as dbshape;

pub mod backup;
#[cfg(feature = "cli")]
pub mod cli;
pub mod config;
pub mod convert;
/// `dbshape demo`; not part of the library's API.
#[cfg(feature = "cli")]
#[doc(hidden)]
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
pub mod shaper;
/// The command line's output; not part of the library's API.
#[cfg(feature = "cli")]
#[doc(hidden)]
pub mod ui;
pub mod upgrade;
pub mod version;

pub use error::{Error, Result};
pub use migrations::{EmbeddedFile, Migrations};
/// The sea-orm-migration crate the Rust steps of a set are written against
/// ([`Migrations::rust_step`]), re-exported so that a program's steps use the very
/// version dbshape runs them with: `use dbshape::sea_orm_migration::prelude::*;`.
pub use sea_orm_migration;
pub use shaper::{Observer, RestoreOptions, Shaper, ShaperBuilder};

/// Expands to [`Migrations::embedded`] over the directory's files; docs/migrations.md
/// ("Embedding a set") shows a server's whole setup.
///
/// ```
/// let set: dbshape::Migrations = dbshape::embed_migrations!("tests/fixtures/embedded-set");
/// # let _ = set;
/// ```
#[cfg(feature = "macros")]
pub use dbshape_macros::embed_migrations;
