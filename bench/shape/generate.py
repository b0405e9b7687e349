#!/usr/bin/env python3
"""Generates the 300-table schema of the shape benchmark as a dbshape migration set.

TABLES tables (default 300) in versions of 10 tables each, the same objects on every
dialect: per table 8 columns (integers, text with a default, a timestamp, a nullable
number), a primary key, a unique key, two indexes and a foreign key to the table before
it; every tenth table a view over it; on PostgreSQL and MySQL every tenth table a
trigger. Output: OUT/<version>/<dialect>/schemaChanges.sql, deterministic.

Usage: generate.py --out DIR [--tables N]
"""

import argparse
import os


def table_sql(dialect, i):
    t = f"t{i:03d}"
    ts = {"postgres": "TIMESTAMP", "mysql": "DATETIME", "sqlite": "TEXT"}[dialect]
    text = {"postgres": "VARCHAR(200)", "mysql": "VARCHAR(200)", "sqlite": "TEXT"}[dialect]
    fk = f",\n    CONSTRAINT {t}_parent FOREIGN KEY (parent_id) REFERENCES t{i-1:03d} (id)" if i > 0 else ""
    out = [
        f"CREATE TABLE {t} (\n"
        f"    id INTEGER NOT NULL PRIMARY KEY,\n"
        f"    parent_id INTEGER,\n"
        f"    code {text} NOT NULL,\n"
        f"    name {text} NOT NULL DEFAULT 'unnamed',\n"
        f"    status INTEGER NOT NULL DEFAULT 0,\n"
        f"    amount NUMERIC(12, 2),\n"
        f"    created_at {ts} NOT NULL,\n"
        f"    note {text},\n"
        f"    CONSTRAINT {t}_code UNIQUE (code){fk}\n"
        f");",
        f"CREATE INDEX {t}_status ON {t} (status, created_at);",
        f"CREATE INDEX {t}_name ON {t} (name);",
    ]
    if i % 10 == 0:
        out.append(f"CREATE VIEW v{i:03d} AS SELECT id, code, status FROM {t} WHERE status > 0;")
        if dialect == "postgres":
            out.append(
                f"CREATE FUNCTION {t}_touch() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f"BEGIN NEW.status := NEW.status + 1; RETURN NEW; END $$;"
            )
            out.append(
                f"CREATE TRIGGER {t}_touch BEFORE UPDATE ON {t} FOR EACH ROW EXECUTE FUNCTION {t}_touch();"
            )
        elif dialect == "mysql":
            out.append(
                f"CREATE TRIGGER {t}_touch BEFORE UPDATE ON {t} FOR EACH ROW SET NEW.status = NEW.status + 1;"
            )
        else:
            out.append(
                f"CREATE TRIGGER {t}_touch AFTER UPDATE ON {t} FOR EACH ROW "
                f"BEGIN UPDATE {t} SET note = 'touched' WHERE id = NEW.id; END;"
            )
    return "\n".join(out)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True)
    p.add_argument("--tables", type=int, default=300)
    a = p.parse_args()
    for v in range((a.tables + 9) // 10):
        for dialect in ("postgres", "mysql", "sqlite"):
            d = os.path.join(a.out, f"1.{v}.0", dialect)
            os.makedirs(d, exist_ok=True)
            sql = "\n\n".join(
                table_sql(dialect, i) for i in range(v * 10, min(a.tables, v * 10 + 10))
            )
            with open(os.path.join(d, "schemaChanges.sql"), "w") as f:
                f.write(f"-- {min(10, a.tables - v * 10)} tables of the shape benchmark\n{sql}\n")


if __name__ == "__main__":
    main()
