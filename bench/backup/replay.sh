#!/usr/bin/env bash
# Replay benchmark: how long `psql -1 -f` takes to replay a plain dbshape PostgreSQL dump,
# against pg_dump's data-only dumps of the same data, into a shaped empty database.
#
# The dump format promises a plain SQL script that the engine's own client replays
# (docs/dump-format.md); this measures that path, which `dbshape restore` does not take.
# The sample schema has foreign-key chains (order_item -> orders -> customer,
# order_item -> product, shipment -> order_item), where a replay that checks every
# reference row by row is slowest:
#   customer 5,000   product 1,000   orders 12,000   order_item 24,000   shipment 8,000
# (50,000 rows at SCALE=1), shaped by `dbshape migrate` from a migrations directory this
# script writes, then filled by the server.
#
# Dumps (taken once, untimed):
#   dbshape             dbshape backup --compress none
#   pg_dump             pg_dump --data-only (without dbshape's own tables), the reference
#   pg_dump -dt         pg_dump --data-only --disable-triggers (superuser: foreign keys
#                       and triggers off for the load)
# Replays: after one warm-up round, RUNS rounds in which each runs once into a fresh
# copy of a shaped empty template database (copying is not timed), the order rotating:
#   psql -1 -f DUMP as the superuser ($PG_USER), for each dump;
#   psql -1 -f dbshape's dump as bench_rp_owner, a role that owns the tables but is no
#   superuser (the dump's slower path: foreign keys checked row by row);
#   dbshape restore of dbshape's dump, for comparison.
# After the last round each target's rows are counted against the source.
# Prints a Markdown table (median wall time, ratios to the replays of both pg_dump
# dumps), also written to
# $BENCH_WORK/replay.md, then drops every database and role it created.
#
# Usage: bash bench/backup/replay.sh
# Environment (defaults in brackets):
#   SCALE    row-count factor [1]
#   RUNS     timed rounds [5]
#   PG_HOST PG_PORT PG_USER   [127.0.0.1 5432 postgres]   (trust auth; PG_USER a superuser)
#   BENCH_WORK   scratch directory [bench/backup/work]
#   DBSHAPE      dbshape binary [built here with cargo build --release]
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
WORK=${BENCH_WORK:-$HERE/work}
SCALE=${SCALE:-1}
RUNS=${RUNS:-5}
PG_HOST=${PG_HOST:-127.0.0.1}
PG_PORT=${PG_PORT:-5432}
PG_USER=${PG_USER:-postgres}
OWNER=bench_rp_owner
SRC=bench_rp_src
TPL=bench_rp_template
TARGET=bench_rp_target
OUT=$WORK/replay

say() { printf '%s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

command -v psql >/dev/null && command -v pg_dump >/dev/null || die "psql and pg_dump are needed"
if [ -z "${DBSHAPE:-}" ]; then
    say "building dbshape (release)"
    (cd "$ROOT" && cargo build --release --quiet --bin dbshape)
    DBSHAPE=${CARGO_TARGET_DIR:-$ROOT/target}/release/dbshape
fi
[ -x "$DBSHAPE" ] || die "no binary at $DBSHAPE"

export PGSSLMODE=disable
psql_as() { # role db: psql reading SQL from stdin or the arguments
    local role=$1 db=$2; shift 2
    PGOPTIONS='-c client_min_messages=warning' psql -X -q -At -v ON_ERROR_STOP=1 \
        -h "$PG_HOST" -p "$PG_PORT" -U "$role" -d "$db" "$@"
}
admin() { psql_as "$PG_USER" postgres -c "$1" >/dev/null; }
url() { echo "postgres://$1@$PG_HOST:$PG_PORT/$2?sslmode=disable"; }
n() { python3 -c "print(max(1, round($1 * $SCALE)))"; }

cleanup() {
    for db in $TARGET $TPL $SRC; do admin "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true; done
    admin "DROP ROLE IF EXISTS $OWNER" || true
    rm -rf "$OUT"
}
trap cleanup EXIT
cleanup
mkdir -p "$OUT/migrations/1.0.0/postgres"

cat >"$OUT/migrations/1.0.0/postgres/schemaChanges.sql" <<'SQL'
CREATE TABLE customer (id BIGINT PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL UNIQUE);
CREATE TABLE product (id BIGINT PRIMARY KEY, sku TEXT NOT NULL UNIQUE, price NUMERIC(10,2) NOT NULL);
CREATE TABLE orders (
  id BIGSERIAL PRIMARY KEY,
  customer_id BIGINT NOT NULL REFERENCES customer (id),
  placed_at TIMESTAMPTZ NOT NULL,
  note TEXT
);
CREATE INDEX orders_customer ON orders (customer_id);
CREATE TABLE order_item (
  id BIGSERIAL PRIMARY KEY,
  order_id BIGINT NOT NULL REFERENCES orders (id),
  product_id BIGINT NOT NULL REFERENCES product (id),
  qty INT NOT NULL
);
CREATE INDEX order_item_order ON order_item (order_id);
CREATE TABLE shipment (
  id BIGSERIAL PRIMARY KEY,
  order_item_id BIGINT NOT NULL REFERENCES order_item (id),
  shipped_at TIMESTAMPTZ NOT NULL
);
SQL

CUSTOMERS=$(n 5000) PRODUCTS=$(n 1000) ORDERS=$(n 12000) ITEMS=$(n 24000) SHIPMENTS=$(n 8000)
say "shaping and filling $SRC ($((CUSTOMERS + PRODUCTS + ORDERS + ITEMS + SHIPMENTS)) rows)"
admin "CREATE ROLE $OWNER LOGIN"
admin "CREATE DATABASE $SRC"
"$DBSHAPE" -q --url "$(url "$PG_USER" $SRC)" --migrations "$OUT/migrations" migrate >/dev/null
psql_as "$PG_USER" $SRC <<SQL
INSERT INTO customer SELECT g, 'customer ' || g, 'c' || g || '@example.com' FROM generate_series(1::bigint, $CUSTOMERS) g;
INSERT INTO product SELECT g, 'SKU-' || g, (g % 500) + 0.99 FROM generate_series(1::bigint, $PRODUCTS) g;
INSERT INTO orders (customer_id, placed_at, note)
  SELECT 1 + (g * 7919) % $CUSTOMERS, timestamptz '2024-01-01' + g * interval '1 minute',
         CASE WHEN g % 5 = 0 THEN NULL ELSE 'note ' || g END
  FROM generate_series(1::bigint, $ORDERS) g;
INSERT INTO order_item (order_id, product_id, qty)
  SELECT 1 + (g * 104729) % $ORDERS, 1 + (g * 31) % $PRODUCTS, 1 + g % 9 FROM generate_series(1::bigint, $ITEMS) g;
INSERT INTO shipment (order_item_id, shipped_at)
  SELECT 1 + (g * 3) % $ITEMS, timestamptz '2024-02-01' + g * interval '1 minute' FROM generate_series(1::bigint, $SHIPMENTS) g;
ANALYZE;
SQL
SOURCE_ROWS=$(psql_as "$PG_USER" $SRC -c "SELECT (SELECT count(*) FROM customer) + (SELECT count(*) FROM product) + (SELECT count(*) FROM orders) + (SELECT count(*) FROM order_item) + (SELECT count(*) FROM shipment)")

# The shaped empty database every replay starts from: owned by $OWNER, shaped as $OWNER
# (so $OWNER owns the tables and may disable their triggers).
admin "CREATE DATABASE $TPL OWNER $OWNER"
"$DBSHAPE" -q --url "$(url $OWNER $TPL)" --migrations "$OUT/migrations" migrate >/dev/null

say "taking the dumps"
"$DBSHAPE" -q --url "$(url "$PG_USER" $SRC)" --migrations "$OUT/migrations" backup --compress none -o "$OUT/dbshape.sql" >/dev/null
pg_dump -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" --data-only -T 'dbshape_*' -f "$OUT/pg_dump.sql" $SRC
pg_dump -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" --data-only --disable-triggers -T 'dbshape_*' -f "$OUT/pg_dump_dt.sql" $SRC

LOADERS=("pg_dump" "pg_dump -dt" "dbshape" "dbshape non-superuser" "dbshape restore")
load() { # loader: replays into $TARGET
    case $1 in
        "pg_dump") psql_as "$PG_USER" $TARGET -1 -f "$OUT/pg_dump.sql" >/dev/null ;;
        "pg_dump -dt") psql_as "$PG_USER" $TARGET -1 -f "$OUT/pg_dump_dt.sql" >/dev/null ;;
        "dbshape") psql_as "$PG_USER" $TARGET -1 -f "$OUT/dbshape.sql" >/dev/null ;;
        "dbshape non-superuser") # with its NOTICE
            psql -X -q -At -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U $OWNER -d $TARGET \
                -1 -f "$OUT/dbshape.sql" >/dev/null 2>"$OUT/notice.txt" ;;
        "dbshape restore") "$DBSHAPE" -q --url "$(url "$PG_USER" $TARGET)" --migrations "$OUT/migrations" restore "$OUT/dbshape.sql" >/dev/null ;;
    esac
}
fresh_target() {
    admin "DROP DATABASE IF EXISTS $TARGET WITH (FORCE)"
    admin "CREATE DATABASE $TARGET TEMPLATE $TPL OWNER $OWNER"
}

declare -A TIMES
for round in $(seq 0 "$RUNS"); do
    if [ "$round" = 0 ]; then say "warm-up round"; else say "round $round of $RUNS"; fi
    k=${#LOADERS[@]}
    for i in $(seq 0 $((k - 1))); do
        loader=${LOADERS[$(((i + round) % k))]}
        fresh_target
        start=$(date +%s.%N)
        load "$loader"
        end=$(date +%s.%N)
        if [ "$round" -gt 0 ]; then
            TIMES[$loader]+="$(python3 -c "print(f'{$end - $start:.3f}')") "
        fi
        if [ "$round" = "$RUNS" ]; then
            got=$(psql_as "$PG_USER" $TARGET -c "SELECT (SELECT count(*) FROM customer) + (SELECT count(*) FROM product) + (SELECT count(*) FROM orders) + (SELECT count(*) FROM order_item) + (SELECT count(*) FROM shipment)")
            [ "$got" = "$SOURCE_ROWS" ] || die "$loader: $got rows loaded, the source holds $SOURCE_ROWS"
        fi
    done
done

median() { printf '%s\n' $1 | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
REF=$(median "${TIMES[pg_dump]}")
REF_DT=$(median "${TIMES[pg_dump -dt]}")
{
    echo "Replay of a data dump into a shaped empty PostgreSQL database ($SOURCE_ROWS rows, foreign-key chains; median of $RUNS runs, $(psql_as "$PG_USER" postgres -c 'SHOW server_version'))"
    echo
    echo "| load | median (s) | vs pg_dump --data-only | vs pg_dump --data-only --disable-triggers |"
    echo "|---|---:|---:|---:|"
    for loader in "${LOADERS[@]}"; do
        m=$(median "${TIMES[$loader]}")
        case $loader in
            "pg_dump") what='psql -1 -f, pg_dump --data-only' ;;
            "pg_dump -dt") what='psql -1 -f, pg_dump --data-only --disable-triggers' ;;
            "dbshape") what='psql -1 -f, dbshape backup (superuser)' ;;
            "dbshape non-superuser") what='psql -1 -f, dbshape backup (table owner, no superuser)' ;;
            "dbshape restore") what='dbshape restore' ;;
        esac
        echo "| $what | $m | $(python3 -c "print(f'{$m / $REF:.2f}')") | $(python3 -c "print(f'{$m / $REF_DT:.2f}')") |"
    done
    echo
    echo "NOTICE of the non-superuser replay: $(grep -o 'dbshape:.*' "$OUT/notice.txt" | head -1 || true)"
} | tee "$WORK/replay.md"
