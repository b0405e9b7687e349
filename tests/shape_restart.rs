//! A shape is stable across a server restart: the same database read before and after
//! its server restarted has the same shape, object for object. The shared servers
//! cannot be restarted while other tests use them, so each engine gets a server of this
//! test's own (`common::private_server`). The schema holds, besides the bundled one,
//! one object of each kind the readers know that a restart could renumber or reload:
//! enums and domains, an identity column, a partitioned table, a partial index, a
//! PL/pgSQL trigger function and its trigger, views (a materialized one on PostgreSQL),
//! a function, a sequence (MariaDB).
//!
//! SQLite has no server: every `dbshape` run is a new process opening the file anew,
//! which `tests/shape.rs` already compares.

mod common;

use common::private_server::PrivateServer;
use common::{server_available, Kind};

fn hand_objects(kind: Kind) -> &'static str {
    match kind {
        Kind::Postgres => {
            "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy'); \
             CREATE DOMAIN posint AS integer CHECK (VALUE > 0); \
             CREATE TABLE measure (id bigint GENERATED ALWAYS AS IDENTITY, at date NOT NULL, \
               m mood, n posint, PRIMARY KEY (id, at)) PARTITION BY RANGE (at); \
             CREATE TABLE measure_2026 PARTITION OF measure \
               FOR VALUES FROM ('2026-01-01') TO ('2027-01-01'); \
             CREATE INDEX measure_m ON measure (m) WHERE n > 1; \
             CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS \
               $$BEGIN NEW.n := coalesce(NEW.n, 1); RETURN NEW; END$$; \
             CREATE TRIGGER measure_touch BEFORE INSERT ON measure_2026 \
               FOR EACH ROW EXECUTE FUNCTION touch(); \
             CREATE VIEW happy AS SELECT id FROM measure WHERE m = 'happy'; \
             CREATE MATERIALIZED VIEW measured AS SELECT count(*) AS n FROM measure"
        }
        _ => {
            "CREATE TABLE measure (id BIGINT NOT NULL AUTO_INCREMENT, at DATE NOT NULL, \
               m ENUM('sad', 'ok', 'happy'), n INT CHECK (n > 0), PRIMARY KEY (id, at)) \
               PARTITION BY RANGE (YEAR(at)) (PARTITION p2026 VALUES LESS THAN (2027), \
               PARTITION pmax VALUES LESS THAN MAXVALUE); \
             CREATE INDEX measure_m ON measure (m); \
             CREATE TRIGGER measure_touch BEFORE INSERT ON measure \
               FOR EACH ROW SET NEW.n = COALESCE(NEW.n, 1); \
             CREATE VIEW happy AS SELECT id FROM measure WHERE m = 'happy'; \
             CREATE FUNCTION twice(x INT) RETURNS INT DETERMINISTIC RETURN x * 2; \
             CREATE SEQUENCE ticket START WITH 5"
        }
    }
}

/// `dbshape shape show` of `url`, as JSON.
fn shape(url: &str) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let out = common::offline(dir.path())
        .args(["--url", url, "--output", "json", "shape", "show"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn the_shape_is_the_same_after_the_server_restarts() {
    for kind in [Kind::Postgres, Kind::Mysql] {
        // The engines' binaries come with the shared servers' packages.
        if !server_available(kind) {
            continue;
        }
        let mut server = PrivateServer::start(kind);
        server.sql(
            if kind == Kind::Postgres {
                "postgres"
            } else {
                ""
            },
            "CREATE DATABASE shaped",
        );
        let url = server.url("shaped");
        let dir = tempfile::tempdir().unwrap();
        let migrated = common::offline(dir.path())
            .args(["--url", &url, "migrate"])
            .output()
            .unwrap();
        assert!(
            migrated.status.success(),
            "{}",
            String::from_utf8_lossy(&migrated.stderr)
        );
        server.sql("shaped", hand_objects(kind));
        let before = shape(&url);
        let objects = before["objects"].as_array().unwrap().len();
        assert!(objects > 80, "{kind:?}: {objects} objects");
        server.restart();
        let after = shape(&url);
        assert_eq!(after["digest"], before["digest"], "{kind:?}");
        assert_eq!(after, before, "{kind:?}");
    }
}
