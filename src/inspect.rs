//! Reading and comparing the shapes of live databases (`dbshape shape show`, `shape
//! diff`): what each object of a database is, and what differs between two databases of
//! one engine (staging against production, a restore against its source).
//!
//! `show` and `diff` only read: a connection, the catalog queries of `engine::*_shape`,
//! nothing else; neither needs the migration set nor looks at the change log. `write`
//! shapes a scratch database to write the expectations a migration set ships.

use serde::Serialize;

use crate::config::{DbUrl, Settings};
use crate::engine;
use crate::error::{Error, Result};
use crate::migrate::runner::{self, MigrateOptions};
use crate::migrate::set::{MigrationSet, SHAPE_FILE};
use crate::migrate::MigrateObserver;
use crate::shape::{Difference, Shape};

/// One database's shape, as `shape show` reports it.
#[derive(Debug, Serialize)]
pub struct ShapeReport {
    /// The database, password hidden.
    pub database: String,
    /// The database's engine: `postgres`, `mysql` or `sqlite`.
    pub dialect: crate::dialect::Dialect,
    /// The shape's digest, `sha256:` and 64 hex digits (see
    /// [`Shape::digest`](crate::shape::Shape::digest)).
    pub digest: String,
    /// Every object, in key order.
    pub objects: Vec<Object>,
}

/// One object of a [`ShapeReport`].
#[derive(Debug, Serialize)]
pub struct Object {
    /// What kind of object it is: `table`, `column`, `index`...
    pub kind: crate::shape::Kind,
    /// The object's name; an object of a table is named `table.object`.
    pub name: String,
    /// Its definition, as the engine renders it (docs/shape.md lists what each holds).
    pub definition: String,
}

/// Two databases compared, as `shape diff` reports it.
#[derive(Debug, Serialize)]
pub struct DiffReport {
    /// The database taken as expected.
    pub a: Side,
    /// The database compared with it.
    pub b: Side,
    /// Whether the shapes are equal.
    pub equal: bool,
    /// What is missing from, extra in, or changed in `b`, by kind and name.
    pub differences: Vec<Difference>,
}

/// One side of a [`DiffReport`].
#[derive(Debug, Serialize)]
pub struct Side {
    /// The database, its password hidden.
    pub database: String,
    /// The digest of its shape (`sha256:...`).
    pub digest: String,
    /// How many objects its shape holds.
    pub objects: usize,
}

/// Reads the shape of the database `settings` names.
pub async fn read(settings: &Settings) -> Result<Shape> {
    let engine = engine::connect(settings).await?;
    engine.shape().await
}

/// `shape show`: the database's objects and digest.
pub async fn show(settings: &Settings) -> Result<ShapeReport> {
    let shape = read(settings).await?;
    Ok(ShapeReport {
        database: settings.url.redacted(),
        dialect: shape.dialect,
        digest: shape.digest(),
        objects: shape
            .objects
            .into_iter()
            .map(|(k, definition)| Object {
                kind: k.kind,
                name: k.name,
                definition,
            })
            .collect(),
    })
}

/// `shape diff A B`: `b`'s shape against `a`'s, both read at once. Two engines are
/// refused: their catalogs describe the same table in other words.
pub async fn diff(settings: &Settings, a: &str, b: &str) -> Result<DiffReport> {
    let (url_a, url_b) = (DbUrl::parse(a)?, DbUrl::parse(b)?);
    if url_a.dialect() != url_b.dialect() {
        return Err(Error::Config(format!(
            "shape diff compares two databases of one engine; {} is {} and {} is {}",
            url_a.redacted(),
            url_a.dialect().product(),
            url_b.redacted(),
            url_b.dialect().product()
        )));
    }
    let at = |url: DbUrl| Settings {
        url,
        ..settings.clone()
    };
    let (sa, sb) = (at(url_a), at(url_b));
    let (shape_a, shape_b) = tokio::try_join!(read(&sa), read(&sb))?;
    let differences = shape_a.diff(&shape_b);
    let side = |s: &Settings, shape: &Shape| Side {
        database: s.url.redacted(),
        digest: shape.digest(),
        objects: shape.objects.len(),
    };
    Ok(DiffReport {
        a: side(&sa, &shape_a),
        b: side(&sb, &shape_b),
        equal: differences.is_empty(),
        differences,
    })
}

/// What `shape write` wrote: one expectation per version of the set.
#[derive(Debug, Serialize)]
pub struct WriteReport {
    /// The scratch database the set was applied to.
    pub scratch: String,
    /// The scratch database's engine: the files went into its `<version>/<dialect>/`
    /// directories.
    pub dialect: crate::dialect::Dialect,
    /// The server the shapes were read from (see `shape::Shape::server`).
    pub server: Option<String>,
    /// The migrations directory written into.
    pub directory: String,
    /// Each `shape.json` written, one per version of the set, in version order.
    pub written: Vec<Written>,
}

/// One `shape.json` written by `shape write`.
#[derive(Debug, Serialize)]
pub struct Written {
    /// The version whose shape the file holds.
    pub version: String,
    /// The file written, `<version>/<dialect>/shape.json` under the migrations directory.
    pub file: String,
    /// How many objects the version's shape holds.
    pub objects: usize,
    /// The digest of the version's shape (`sha256:...`).
    pub digest: String,
}

/// `shape write --scratch URL`: applies the set to an empty scratch database one
/// version at a time and writes the shape each version produced into
/// `<dir>/<version>/<dialect>/shape.json`, so that a release carries the shape each of
/// its versions must give (see `migrate::shape_check`). Run it once per dialect, with
/// a scratch database of that engine, on the server version the set is used with.
pub async fn write(
    settings: &Settings,
    scratch: &str,
    observer: &dyn MigrateObserver,
) -> Result<WriteReport> {
    let dir = settings.migrations.read_from_dir().ok_or_else(|| {
        Error::Config(
            "shape write writes into a migrations directory: give --migrations DIR (a set \
             compiled into a program cannot be written to)"
                .into(),
        )
    })?;
    let url = DbUrl::parse(scratch)?;
    if url.same_database(&settings.url) {
        return Err(Error::Config(format!(
            "the scratch database {} is the configured database; shape write applies the \
             set to an empty database of its own: give another with --scratch",
            url.redacted()
        )));
    }
    let at = Settings {
        url,
        ..settings.clone()
    };
    let engine = engine::connect(&at).await?;
    let set = MigrationSet::load(&settings.migrations, engine.dialect())?;
    if let Some(objects) = engine::scratch::objects_if_used(engine.as_ref()).await? {
        return Err(Error::Config(format!(
            "the scratch database {} is not empty ({objects} object(s)); shape write shapes \
             it from empty, version by version: give a new, empty database",
            at.url.redacted(),
        )));
    }
    let mut written = Vec::new();
    let mut server = None;
    for vm in &set.versions {
        let opts = MigrateOptions {
            to: Some(vm.version.clone()),
            dry_run: false,
            allow_out_of_order: false,
            lock_timeout: settings.lock_timeout,
        };
        runner::migrate(engine.as_ref(), &set, &opts, observer).await?;
        let shape = engine.shape().await?;
        let folder = dir
            .join(vm.version.to_string())
            .join(set.dialect.dir_name());
        std::fs::create_dir_all(&folder)
            .map_err(|e| Error::io("create the directory", &folder, e))?;
        let file = folder.join(SHAPE_FILE);
        let staged = folder.join(format!(".{SHAPE_FILE}.tmp"));
        // Staged and renamed, so that a full disk never leaves half a shape.json; the
        // staged file is removed when either step fails.
        let stored = std::fs::write(&staged, shape.to_json_lines())
            .map_err(|e| Error::io("write", &staged, e))
            .and_then(|()| {
                std::fs::rename(&staged, &file).map_err(|e| Error::io("write", &file, e))
            });
        if let Err(e) = stored {
            let _ = std::fs::remove_file(&staged);
            return Err(e);
        }
        written.push(Written {
            version: vm.version.to_string(),
            file: file.display().to_string(),
            objects: shape.objects.len(),
            digest: shape.digest(),
        });
        server = shape.server;
    }
    Ok(WriteReport {
        scratch: at.url.redacted(),
        dialect: set.dialect,
        server,
        directory: dir.display().to_string(),
        written,
    })
}
