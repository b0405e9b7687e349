//! dbshape keeps a server's database in lockstep with the server's version.
//!
//! A program that owns a schema describes its migration set ([`Migrations`], most often
//! [`embed_migrations!`]) and drives its database through a [`Shaper`]: the start-up
//! gate [`Shaper::ensure_current`], and migrate, info, validate, backup, verify, restore
//! and upgrade as the `dbshape` command runs them. The library never prints and reads no
//! file or environment variable it was not given; the command line (`cli`) does that
//! and renders the reports. See docs/architecture.md for the map, and docs/embedding.md
//! for a server author's guide.
//!
//! A program's whole setup: its SQL compiled in, one Rust step, the start-up gate, and a
//! backup restored into a second database.
//!
//! ```
//! use dbshape::sea_orm_migration::prelude::*;
//! use dbshape::{RestoreOptions, Shaper};
//!
//! /// 1.1.0's step (its `rust-steps.txt` names it): fills the new column in Rust.
//! struct Fill;
//! impl MigrationName for Fill {
//!     fn name(&self) -> &str {
//!         "fill"
//!     }
//! }
//! #[async_trait::async_trait]
//! impl MigrationTrait for Fill {
//!     async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
//!         let db = manager.get_connection();
//!         db.execute_unprepared("UPDATE item SET m = n * 2").await.map(|_| ())
//!     }
//! }
//!
//! fn shaper(url: &str) -> dbshape::Result<Shaper> {
//!     // `tests/fresh_crate/migrations`: 1.0.0 and 1.1.0, in `<version>/common/`.
//!     let set = dbshape::embed_migrations!("tests/fresh_crate/migrations")
//!         .rust_step("1.1.0", Box::new(Fill), "UPDATE item SET m = n * 2");
//!     Shaper::builder().url(url).migrations(set).build()
//! }
//!
//! # fn main() -> dbshape::Result<()> {
//! # let dir = tempfile::tempdir().unwrap();
//! # let at = |name: &str| dir.path().join(name).display().to_string();
//! tokio::runtime::Runtime::new().unwrap().block_on(async {
//!     // At start-up: takes the lock, applies what is pending, refuses a newer database.
//!     let live = shaper(&format!("sqlite://{}", at("live.db")))?;
//!     let started = live.ensure_current().await?;
//!     assert_eq!(started.applied.len(), 2);
//!     assert_eq!(live.validate().await?.exit_code, 0);
//!
//!     // A version-stamped dump, restored into an empty database shaped to its version.
//!     let backup = live.backup(at("live.sql.zst")).await?;
//!     let copy = shaper(&format!("sqlite://{}", at("copy.db")))?;
//!     let shape = RestoreOptions { shape: true, ..Default::default() };
//!     let restored = copy.restore(at("live.sql.zst"), shape).await?;
//!     assert_eq!((backup.rows, restored.rows), (2, 2));
//!     Ok(())
//! })
//! # }
//! ```

#![warn(clippy::print_stdout, clippy::print_stderr)]
#![warn(missing_docs)]

// `embed_migrations!` expands to `::dbshape::...` paths, which name this crate here too.
extern crate self as dbshape;

pub mod backup;
pub mod backups;
#[cfg(feature = "cli")]
pub mod cli;
pub mod config;
pub mod convert;
/// `dbshape demo`; not part of the library's API.
#[cfg(feature = "cli")]
#[doc(hidden)]
pub mod demo;
pub mod dialect;
pub mod drill;
pub mod dump;
pub mod engine;
pub mod error;
pub mod fault;
pub mod inspect;
pub mod lock_holder;
pub mod migrate;
pub mod migrations;
pub mod restore;
pub mod shape;
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
