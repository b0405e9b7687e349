//! [`Migrations`]: a migration set as a program describes it, before anything is read.
//!
//! A server that embeds dbshape names its set once: where the SQL comes from (a
//! directory read at run time, or files compiled into the binary with
//! [`embed_migrations!`](crate::embed_migrations)) and the sea-orm-migration steps it
//! carries in Rust, each tied to a version. The `dbshape` binary builds its own bundled
//! schema the same way. Loading, checking and checksumming the set for one dialect is
//! `migrate::set::MigrationSet::load`; this module only holds the description, in the
//! core layer because [`Settings`](crate::config::Settings) carries it.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use sea_orm_migration::MigrationTrait;

/// A migration set: where its SQL comes from, and the Rust steps it registers.
///
/// The SQL layout is the same wherever it comes from:
/// `<version>/<dialect>/{schemaChanges.sql, postDataMigrationSQLScript.sql}`, with
/// `<version>/common/` for every dialect without a directory of its own, and an optional
/// `<version>/rust-steps.txt` naming the Rust steps the version needs (see
/// docs/migrations.md). A registered Rust step runs between its version's two SQL files.
///
/// ```
/// use dbshape::Migrations;
///
/// // Another server's SQL, read when the set is loaded.
/// let from_disk = Migrations::from_dir("db/migrations");
///
/// // SQL compiled into the program (the path is relative to its Cargo.toml).
/// let compiled = dbshape::embed_migrations!("tests/fixtures/embedded-set");
/// # let _ = (from_disk, compiled);
/// ```
#[derive(Clone, Default)]
pub struct Migrations {
    sql: Sql,
    rust: Vec<RustStep>,
}

/// Where the SQL of a set comes from.
#[derive(Clone, Debug)]
pub(crate) enum Sql {
    /// A directory read when the set is loaded.
    Dir(PathBuf),
    /// Files compiled into the program; read from `prefer` instead when that is a
    /// directory when the set is loaded.
    Embedded {
        files: &'static [EmbeddedFile],
        prefer: Option<PathBuf>,
    },
}

impl Default for Sql {
    fn default() -> Sql {
        Sql::Embedded {
            files: &[],
            prefer: None,
        }
    }
}

/// One file of a migrations directory, compiled into the program by
/// [`embed_migrations!`](crate::embed_migrations).
///
/// The macro writes these; a program may also list them by hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EmbeddedFile {
    /// The path under the migrations directory, `/`-separated:
    /// `1.2.0/postgres/schemaChanges.sql`, `1.1.0/rust-steps.txt`, or `1.4.0/` for a
    /// version directory without files (an empty version).
    pub path: &'static str,
    /// The file's text.
    pub contents: &'static str,
    /// SHA-256 (lowercase hex) of the file's bytes as they were read when the program
    /// was compiled. Loading the set refuses it if `contents` does not match.
    pub sha256: &'static str,
}

/// A Rust step registered with [`Migrations::rust_step`].
#[derive(Clone)]
pub(crate) struct RustStep {
    /// The version it belongs to, as written.
    pub version: String,
    pub migration: Arc<dyn MigrationTrait>,
    /// The text checksummed for it (its source file).
    pub source: &'static str,
}

impl Migrations {
    /// A set whose SQL is read from `dir` when it is loaded.
    ///
    /// ```
    /// let set = dbshape::Migrations::from_dir("bootstrap/sql/migrations");
    /// # let _ = set;
    /// ```
    pub fn from_dir(dir: impl Into<PathBuf>) -> Migrations {
        Migrations {
            sql: Sql::Dir(dir.into()),
            rust: Vec::new(),
        }
    }

    /// A set whose SQL is compiled into the program: what
    /// [`embed_migrations!`](crate::embed_migrations) expands to.
    ///
    /// ```
    /// use dbshape::{EmbeddedFile, Migrations};
    ///
    /// static FILES: &[EmbeddedFile] = &[EmbeddedFile {
    ///     path: "1.0.0/common/schemaChanges.sql",
    ///     contents: "SELECT 1;",
    ///     sha256: "17db4fd369edb9244b9f91d9aeed145c3d04ad8ba6e95d06247f07a63527d11a",
    /// }];
    /// let set = Migrations::embedded(FILES);
    /// # let _ = set;
    /// ```
    pub fn embedded(files: &'static [EmbeddedFile]) -> Migrations {
        Migrations {
            sql: Sql::Embedded {
                files,
                prefer: None,
            },
            rust: Vec::new(),
        }
    }

    /// Reads the SQL from `dir` instead of the embedded files whenever `dir` is a
    /// directory when the set is loaded: a checkout's copy, edited without a rebuild,
    /// wins over the copy compiled in. A set made with [`Migrations::from_dir`] has no
    /// embedded files to fall back on; `dir` replaces its directory.
    ///
    /// ```
    /// let set = dbshape::embed_migrations!("tests/fixtures/embedded-set")
    ///     .prefer_dir("tests/fixtures/embedded-set");
    /// # let _ = set;
    /// ```
    pub fn prefer_dir(mut self, dir: impl Into<PathBuf>) -> Migrations {
        let dir = dir.into();
        self.sql = match self.sql {
            Sql::Dir(_) => Sql::Dir(dir),
            Sql::Embedded { files, .. } => Sql::Embedded {
                files,
                prefer: Some(dir),
            },
        };
        self
    }

    /// The same set with its SQL read from `dir` (which must exist when the set is
    /// loaded) and its Rust steps kept: a server's `ops --migrations DIR`.
    pub(crate) fn sql_from_dir(mut self, dir: PathBuf) -> Migrations {
        self.sql = Sql::Dir(dir);
        self
    }

    /// Registers a Rust step: `migration` runs in `version` between its
    /// `schemaChanges.sql` and `postDataMigrationSQLScript.sql`, on every dialect, in the
    /// version's transaction (on MySQL, on the migration session, journaled once it
    /// returns). `source` is the text checksummed for the step, usually its source file
    /// through `include_str!`: editing it after the version was applied shows as drift.
    ///
    /// The step is journaled as `rust:<name>`, `<name>` being its
    /// `MigrationTrait::name()`; a version that lists that name in its
    /// `rust-steps.txt` refuses to load without it.
    ///
    /// ```
    /// use sea_orm_migration::prelude::*;
    ///
    /// #[derive(DeriveMigrationName)]
    /// struct Migration;
    ///
    /// #[async_trait::async_trait]
    /// impl MigrationTrait for Migration {
    ///     async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
    ///         let db = manager.get_connection();
    ///         db.execute_unprepared("UPDATE account SET plan = 'free' WHERE plan IS NULL")
    ///             .await?;
    ///         Ok(())
    ///     }
    /// }
    ///
    /// let set = dbshape::Migrations::from_dir("migrations").rust_step(
    ///     "2.1.0",
    ///     Box::new(Migration),
    ///     "the step's source text, e.g. include_str!(\"m2_1_0_default_plan.rs\")",
    /// );
    /// # let _ = set;
    /// ```
    pub fn rust_step(
        mut self,
        version: &str,
        migration: Box<dyn MigrationTrait>,
        source: &'static str,
    ) -> Migrations {
        self.rust.push(RustStep {
            version: version.to_string(),
            migration: Arc::from(migration),
            source,
        });
        self
    }

    /// Registers several Rust steps as [`Migrations::rust_step`] does, from
    /// (version, step, source text) triples: a program's list of steps, or a
    /// sea-orm-migration crate's.
    ///
    /// ```
    /// use sea_orm_migration::MigrationTrait;
    ///
    /// /// A crate of steps, each with its version and its source text.
    /// fn steps() -> Vec<(&'static str, Box<dyn MigrationTrait>, &'static str)> {
    ///     Vec::new()
    /// }
    ///
    /// let set = dbshape::embed_migrations!("tests/fixtures/embedded-set").rust_steps(steps());
    /// # let _ = set;
    /// ```
    pub fn rust_steps<V: AsRef<str>>(
        self,
        steps: impl IntoIterator<Item = (V, Box<dyn MigrationTrait>, &'static str)>,
    ) -> Migrations {
        steps
            .into_iter()
            .fold(self, |set, (version, migration, source)| {
                set.rust_step(version.as_ref(), migration, source)
            })
    }

    /// Where the SQL comes from.
    pub(crate) fn sql(&self) -> &Sql {
        &self.sql
    }

    /// The registered Rust steps, in registration order.
    pub(crate) fn registered(&self) -> &[RustStep] {
        &self.rust
    }

    /// The directory the set is read from when it is loaded, if it is read from one: a
    /// [`from_dir`](Migrations::from_dir) set's, or the preferred directory of an
    /// embedded set when it is there (where `dbshape shape write` writes).
    pub(crate) fn read_from_dir(&self) -> Option<&Path> {
        match &self.sql {
            Sql::Dir(dir) => Some(dir),
            Sql::Embedded {
                prefer: Some(dir), ..
            } if dir.is_dir() => Some(dir),
            Sql::Embedded { .. } => None,
        }
    }

    /// The directory of a set made with [`Migrations::from_dir`]: SQL only on disk,
    /// nothing compiled in behind it (for dbshape, another server's `--migrations`).
    pub(crate) fn directory(&self) -> Option<&Path> {
        match &self.sql {
            Sql::Dir(dir) => Some(dir),
            Sql::Embedded { .. } => None,
        }
    }
}

impl fmt::Debug for RustStep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RustStep")
            .field("version", &self.version)
            .field("name", &self.migration.name())
            .finish()
    }
}

impl fmt::Debug for Migrations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Migrations");
        match &self.sql {
            Sql::Dir(dir) => d.field("dir", dir),
            Sql::Embedded { files, prefer } => d
                .field("embedded_files", &files.len())
                .field("prefer_dir", prefer),
        };
        d.field("rust_steps", &self.rust).finish()
    }
}
