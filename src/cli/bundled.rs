//! The bundled server schema, assembled through the same public pieces a server that
//! embeds dbshape uses: its SQL compiled in with [`embed_migrations!`], and the Rust
//! steps of the workspace's `migration` crate registered by version. The library never
//! names this schema; only the `dbshape` binary (through `config::Settings::resolve`)
//! and the demo, which shows it off, do.
//!
//! [`embed_migrations!`]: crate::embed_migrations

use std::path::Path;

use crate::config::{OwnSet, DEFAULT_MIGRATIONS_DIR};
use crate::migrations::Migrations;

/// The bundled schema: `bootstrap/sql/migrations` as compiled into this binary, and the
/// `migration` crate's steps. `Settings::resolve` reads this checkout's directory
/// instead when it is there, so that edits take effect without a rebuild.
pub fn migrations() -> Migrations {
    crate::embed_migrations!("bootstrap/sql/migrations").rust_steps(
        migration::migrations()
            .into_iter()
            .map(|m| (m.version, m.migration, m.source)),
    )
}

/// The bundled schema as the `dbshape` binary resolves it: this checkout's directory is
/// read instead of the compiled copy when it is there.
pub fn own_set() -> OwnSet {
    OwnSet::Checkout {
        migrations: migrations(),
        checkout: Path::new(env!("CARGO_MANIFEST_DIR")).join(DEFAULT_MIGRATIONS_DIR),
    }
}
