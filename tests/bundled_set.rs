//! The bundled schema's checksums, pinned: databases shaped by earlier builds record
//! them in their change log, so however the set is assembled (the copy compiled into
//! the binary, or the checkout's directory read from disk) they must never change. The
//! declaration `1.1.0/rust-steps.txt` is not SQL and changes none of them.

use std::path::Path;

use dbshape::cli::bundled;
use dbshape::dialect::Dialect;
use dbshape::migrate::set::MigrationSet;
use dbshape::Migrations;

/// (version, PostgreSQL, MySQL, SQLite) checksums of the bundled set, as recorded by
/// every build since the version was released.
const PINNED: &[(&str, &str, &str, &str)] = &[
    (
        "1.0.0",
        "972568f2740c7eba5e7698fa72144c17eb6f005b30b15cd1d74bf5cd931bdcd6",
        "1462ed56c4e6eecafc9862291d8ed07b802fdd2a1bb022fad7ed185201627f28",
        "d9e4fcccc20e43b62731fbfcc463e6081cbc1ad58fff016997b671b32297bdaf",
    ),
    (
        "1.1.0",
        "535de6e10b95c993f070723f99702cf149624227eddabe87181c3919572dbff8",
        "58faa0f0126bf3ad43960534e93e1a06f431c3382c535e2cb3106ca16b12e749",
        "c88614df4156741dedd731f5f2fbef2f7bd8dd1ae0578d04aaec6b9f77e93008",
    ),
    (
        "1.2.0",
        "c9b7ae5d6b28601a2e76be496d1a5a34aaf684d7f1d485b32dd55000f36ed3c2",
        "925c7965978130a9f3da41cdab116f42775ca6e49a997404fafdcff66e8822cd",
        "65c111c74033093437736a713efada2fe30131d2bf1260e41fa911d4f478cb46",
    ),
    (
        "1.3.0",
        "56266726121bbed81099b9e54d2ee44e42c09edf625bb46834d272b18e333a11",
        "d1785b8dfcf5f30a4ad6f357bcfd80e3dd98159cc24940a4ed8805e30850f054",
        "5e0e142e727a469e44cb238d99b29033487a6ec552dc960d960715dd549d57b4",
    ),
    (
        "1.3.1",
        "84d6487015679ace8948c47877da823c33a8c4d2d8059567dec45fac2316dfc5",
        "84d6487015679ace8948c47877da823c33a8c4d2d8059567dec45fac2316dfc5",
        "84d6487015679ace8948c47877da823c33a8c4d2d8059567dec45fac2316dfc5",
    ),
];

/// (version, checksum) of every version of `source` on `dialect`.
fn checksums(source: &Migrations, dialect: Dialect) -> Vec<(String, String)> {
    MigrationSet::load(source, dialect)
        .unwrap()
        .versions
        .iter()
        .map(|v| (v.version.to_string(), v.checksum.clone()))
        .collect()
}

/// The pinned checksums on `dialect`.
fn pinned(dialect: Dialect) -> Vec<(String, String)> {
    PINNED
        .iter()
        .map(|(v, pg, my, lite)| {
            let sum = match dialect {
                Dialect::Postgres => pg,
                Dialect::Mysql => my,
                Dialect::Sqlite => lite,
            };
            (v.to_string(), sum.to_string())
        })
        .collect()
}

/// The two ways the binary reads its own schema.
fn sources() -> Vec<(&'static str, Migrations)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("bootstrap/sql/migrations");
    assert!(dir.join("1.1.0/rust-steps.txt").is_file());
    vec![
        ("compiled copy", bundled::migrations()),
        ("checkout directory", bundled::migrations().prefer_dir(dir)),
    ]
}

#[test]
fn bundled_checksums_never_change() {
    for (what, source) in sources() {
        for dialect in Dialect::ALL {
            assert_eq!(
                checksums(&source, dialect),
                pinned(dialect),
                "{what} on {dialect:?}"
            );
        }
    }
}

/// The 1.1.0 backfill runs between the version's two SQL files on every dialect.
#[test]
fn the_bundled_rust_step_keeps_its_place() {
    for (what, source) in sources() {
        for dialect in Dialect::ALL {
            let set = MigrationSet::load(&source, dialect).unwrap();
            let v = set
                .versions
                .iter()
                .find(|v| v.version.to_string() == "1.1.0");
            let names: Vec<&str> = v.unwrap().steps.iter().map(|s| s.name.as_str()).collect();
            assert_eq!(
                names,
                [
                    "schemaChanges.sql",
                    "rust:m1_1_0_backfill_fqn_hash",
                    "postDataMigrationSQLScript.sql"
                ],
                "{what} on {dialect:?}"
            );
        }
    }
}
