//! Reading and comparing the shapes of live databases (`dbshape shape show`, `shape
//! diff`): what each object of a database is, and what differs between two databases of
//! one engine (staging against production, a restore against its source).
//!
//! Both only read: a connection, the catalog queries of `engine::*_shape`, nothing
//! else. Neither needs the migration set nor looks at the change log.

use serde::Serialize;

use crate::config::{DbUrl, Settings};
use crate::engine;
use crate::error::{Error, Result};
use crate::shape::{Difference, Shape};

/// One database's shape, as `shape show` reports it.
#[derive(Debug, Serialize)]
pub struct ShapeReport {
    /// The database, password hidden.
    pub database: String,
    pub dialect: crate::dialect::Dialect,
    pub digest: String,
    /// Every object, in key order.
    pub objects: Vec<Object>,
}

/// One object of a [`ShapeReport`].
#[derive(Debug, Serialize)]
pub struct Object {
    pub kind: crate::shape::Kind,
    pub name: String,
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
    pub database: String,
    pub digest: String,
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
