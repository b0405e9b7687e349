#!/usr/bin/env python3
"""Generates the synthetic migration set of the migrations benchmark.

One seeded list of schema changes is rendered for each dialect (postgres, mysql,
sqlite) in two layouts holding the very same statements:

  OUT/dbshape/<version>/<dialect>/schemaChanges.sql      (dbshape)
  OUT/dbmate/<dialect>/db/migrations/<timestamp>_<name>.sql (dbmate, with
                                                          -- migrate:up / -- migrate:down)

Version i (0-based) is `1.<i // 10>.<i % 10>` for dbshape and a timestamp i minutes
after 2024-01-01 00:00 for dbmate, so both tools apply them in the same order.

The mix per version: new tables (some with a foreign key to an earlier table),
indexes, added and renamed columns, and small data changes (INSERT of a few rows,
UPDATE of a slice of a table). Every version gets 1 to 4 statements. Output is
deterministic for a given --seed and --versions.

Usage: generate.py [--out DIR] [--versions N] [--seed S]
"""

import argparse
import datetime
import os
import random
import shutil
import sys

DIALECTS = ("postgres", "mysql", "sqlite")


class Column:
    def __init__(self, name, kind):
        self.name = name
        self.kind = kind  # int, text, num, bool, ts


class Table:
    def __init__(self, name, parent=None):
        self.name = name
        self.parent = parent
        self.columns = []  # user columns, besides id
        self.indexed = set()
        self.rows = 0


# Column types per dialect: (type, default literal) for a NOT NULL column with a default.
TYPES = {
    "postgres": {
        "int": ("INTEGER", "0"),
        "text": ("VARCHAR(120)", "''"),
        "num": ("NUMERIC(12,2)", "0"),
        "bool": ("BOOLEAN", "FALSE"),
        "ts": ("TIMESTAMP", "CURRENT_TIMESTAMP"),
    },
    "mysql": {
        "int": ("INT", "0"),
        "text": ("VARCHAR(120)", "''"),
        "num": ("DECIMAL(12,2)", "0"),
        "bool": ("BOOLEAN", "FALSE"),
        "ts": ("DATETIME", "CURRENT_TIMESTAMP"),
    },
    "sqlite": {
        "int": ("INTEGER", "0"),
        "text": ("TEXT", "''"),
        "num": ("NUMERIC", "0"),
        "bool": ("INTEGER", "0"),
        # SQLite refuses ADD COLUMN with a non-constant default.
        "ts": ("TEXT", "'2024-01-01 00:00:00'"),
    },
}

ID_COLUMN = {
    "postgres": "id BIGSERIAL PRIMARY KEY",
    "mysql": "id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY",
    "sqlite": "id INTEGER PRIMARY KEY AUTOINCREMENT",
}

FK_TYPE = {"postgres": "BIGINT", "mysql": "BIGINT", "sqlite": "INTEGER"}

WORDS = (
    "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike "
    "november oscar papa quebec romeo sierra tango uniform victor whiskey xray yankee zulu"
).split()


def literal(kind, rng, dialect):
    if kind == "int":
        return str(rng.randint(0, 100000))
    if kind == "num":
        return "%d.%02d" % (rng.randint(0, 99999), rng.randint(0, 99))
    if kind == "bool":
        if dialect == "sqlite":
            return str(rng.randint(0, 1))
        return rng.choice(("TRUE", "FALSE"))
    if kind == "ts":
        return "'2024-%02d-%02d %02d:%02d:00'" % (
            rng.randint(1, 12),
            rng.randint(1, 28),
            rng.randint(0, 23),
            rng.randint(0, 59),
        )
    return "'%s %s %d'" % (rng.choice(WORDS), rng.choice(WORDS), rng.randint(0, 999))


class Change:
    """One abstract change, rendered per dialect as (up statements, down statements)."""

    def __init__(self, render, name):
        self.render = render  # dialect -> (list of up SQL, list of down SQL)
        self.name = name


class Generator:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.tables = []
        self.next_table = 0
        self.next_index = 0
        self.next_column = 0

    # -- changes ------------------------------------------------------------------

    def create_table(self):
        name = "bt_%03d" % self.next_table
        self.next_table += 1
        parent = None
        if self.tables and self.rng.random() < 0.3:
            parent = self.rng.choice(self.tables)
        t = Table(name, parent)
        for _ in range(self.rng.randint(2, 5)):
            t.columns.append(Column(self.column_name(), self.rng.choice(list(TYPES["sqlite"]))))
        self.tables.append(t)
        cols = [(c.name, c.kind) for c in t.columns]

        def render(d):
            lines = [ID_COLUMN[d]]
            for cname, kind in cols:
                typ, default = TYPES[d][kind]
                lines.append("%s %s NOT NULL DEFAULT %s" % (cname, typ, default))
            if parent is not None:
                lines.append("parent_id %s" % FK_TYPE[d])
                lines.append(
                    "CONSTRAINT fk_%s_parent FOREIGN KEY (parent_id) REFERENCES %s (id)"
                    % (name, parent.name)
                )
            body = ",\n    ".join(lines)
            tail = " ENGINE=InnoDB" if d == "mysql" else ""
            up = "CREATE TABLE %s (\n    %s\n)%s" % (name, body, tail)
            return [up], ["DROP TABLE %s" % name]

        return Change(render, "create_" + name)

    def create_index(self):
        candidates = [
            (t, c) for t in self.tables for c in t.columns if c.name not in t.indexed
        ]
        if not candidates:
            return self.create_table()
        t, c = self.rng.choice(candidates)
        t.indexed.add(c.name)
        ix = "bix_%03d" % self.next_index
        self.next_index += 1
        tname, cname = t.name, c.name

        def render(d):
            up = "CREATE INDEX %s ON %s (%s)" % (ix, tname, cname)
            down = "DROP INDEX %s ON %s" % (ix, tname) if d == "mysql" else "DROP INDEX %s" % ix
            return [up], [down]

        return Change(render, "index_" + t.name)

    def add_column(self):
        t = self.rng.choice(self.tables)
        c = Column(self.column_name(), self.rng.choice(list(TYPES["sqlite"])))
        t.columns.append(c)
        tname, cname, kind = t.name, c.name, c.kind

        def render(d):
            typ, default = TYPES[d][kind]
            up = "ALTER TABLE %s ADD COLUMN %s %s NOT NULL DEFAULT %s" % (tname, cname, typ, default)
            return [up], ["ALTER TABLE %s DROP COLUMN %s" % (tname, cname)]

        return Change(render, "add_column_" + tname)

    def rename_column(self):
        candidates = [(t, c) for t in self.tables for c in t.columns if c.name not in t.indexed]
        if not candidates:
            return self.add_column()
        t, c = self.rng.choice(candidates)
        old = c.name
        new = self.column_name()
        c.name = new
        tname = t.name

        def render(d):
            up = "ALTER TABLE %s RENAME COLUMN %s TO %s" % (tname, old, new)
            return [up], ["ALTER TABLE %s RENAME COLUMN %s TO %s" % (tname, new, old)]

        return Change(render, "rename_column_" + tname)

    def insert_rows(self):
        t = self.rng.choice(self.tables)
        cols = [(c.name, c.kind) for c in t.columns]
        count = self.rng.randint(2, 5)
        seed = self.rng.random()
        t.rows += count
        tname = t.name

        def render(d):
            rng = random.Random(seed)  # the same rows in every dialect
            rows = []
            for _ in range(count):
                rows.append("(" + ", ".join(literal(kind, rng, d) for _, kind in cols) + ")")
            up = "INSERT INTO %s (%s) VALUES\n    %s" % (
                tname,
                ", ".join(name for name, _ in cols),
                ",\n    ".join(rows),
            )
            return [up], []

        return Change(render, "insert_" + tname)

    def update_rows(self):
        filled = [t for t in self.tables if t.rows > 0]
        if not filled:
            return self.insert_rows()
        t = self.rng.choice(filled)
        c = self.rng.choice(t.columns)
        modulo = self.rng.randint(2, 4)
        seed = self.rng.random()
        tname, cname, kind = t.name, c.name, c.kind

        def render(d):
            value = literal(kind, random.Random(seed), d)
            up = "UPDATE %s SET %s = %s WHERE id %% %d = 0" % (tname, cname, value, modulo)
            return [up], []

        return Change(render, "update_" + tname)

    def column_name(self):
        name = "c_%04d" % self.next_column
        self.next_column += 1
        return name

    # -- versions -----------------------------------------------------------------

    def version(self, i):
        """The changes of version i."""
        if i < 5:
            return [self.create_table(), self.insert_rows()]
        kinds = (
            (self.create_table, 22),
            (self.create_index, 22),
            (self.add_column, 18),
            (self.rename_column, 5),
            (self.insert_rows, 20),
            (self.update_rows, 13),
        )
        changes = []
        for _ in range(self.rng.randint(1, 4)):
            roll = self.rng.randint(1, sum(w for _, w in kinds))
            for make, weight in kinds:
                roll -= weight
                if roll <= 0:
                    changes.append(make())
                    break
        return changes


def dbshape_version(i):
    return "1.%d.%d" % (i // 10, i % 10)


def dbmate_version(i):
    t = datetime.datetime(2024, 1, 1) + datetime.timedelta(minutes=i)
    return t.strftime("%Y%m%d%H%M%S")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--out", default=os.path.join(here, "work", "sets"))
    ap.add_argument("--versions", type=int, default=300)
    ap.add_argument("--seed", type=int, default=20240101)
    args = ap.parse_args()

    for sub in ("dbshape", "dbmate"):
        shutil.rmtree(os.path.join(args.out, sub), ignore_errors=True)

    gen = Generator(args.seed)
    counts = {"versions": args.versions, "statements": 0}
    kinds = {}
    for i in range(args.versions):
        changes = gen.version(i)
        label = "_".join(c.name for c in changes[:2])
        for c in changes:
            kind = c.name.split("_bt_")[0]
            kinds[kind] = kinds.get(kind, 0) + 1
        counts["statements"] += len(changes)
        v = dbshape_version(i)
        for d in DIALECTS:
            up, down = [], []
            for c in changes:
                u, dn = c.render(d)
                up.extend(u)
                down[:0] = dn
            up_sql = "".join(s + ";\n" for s in up)
            header = "-- %s: %s\n" % (v, ", ".join(c.name for c in changes))
            path = os.path.join(args.out, "dbshape", v, d, "schemaChanges.sql")
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write(header + up_sql)
            down_sql = "".join(s + ";\n" for s in down) or "-- data change, nothing to undo\n"
            path = os.path.join(
                args.out, "dbmate", d, "db", "migrations", "%s_%s.sql" % (dbmate_version(i), label)
            )
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write("-- migrate:up\n" + header + up_sql + "\n-- migrate:down\n" + down_sql)
    summary = ", ".join("%s %d" % (k, n) for k, n in sorted(kinds.items()))
    print(
        "generated %d versions, %d statements per dialect (%s) in %s"
        % (counts["versions"], counts["statements"], summary, args.out),
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
