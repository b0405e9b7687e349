#!/usr/bin/env bash
# Shape benchmark: what reading and checking a database's shape costs.
#
# For each engine (SQLite, PostgreSQL, MariaDB/MySQL), on a generated 300-table schema
# (bench/shape/generate.py: 30 versions of 10 tables, each with keys, indexes, a foreign
# key; views and triggers on every tenth):
#   - `dbshape validate` (change log and shape check) and `dbshape validate --no-shape`
#     (change log only), RUNS times each, alternating; the difference is the shape check;
#   - `dbshape shape show`, RUNS times;
# and, on the 300-version synthetic set of the migrations benchmark
# (bench/migrations/generate.py), what recording the shape adds to a migration run: the
# run records the shape once, at its end, so its cost is one shape read (`shape show`
# on the migrated database, less a `check-connection`), set against the run's time.
# Prints medians as a Markdown table. The release binary is built first if missing.
#
# Usage: bash bench/shape/run.sh
# Environment (defaults in brackets):
#   ENGINES   ["sqlite postgres mysql"]
#   TABLES    tables of the schema [300]
#   RUNS      runs per measurement [9]
#   PG_URL    [postgres://postgres@127.0.0.1:5432]   (a database per run is created)
#   MY_URL    [mysql://root@127.0.0.1:3306]
#   BENCH_WORK scratch directory [bench/shape/work]
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
WORK=${BENCH_WORK:-$HERE/work}
ENGINES=${ENGINES:-"sqlite postgres mysql"}
TABLES=${TABLES:-300}
RUNS=${RUNS:-9}
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432}
MY_URL=${MY_URL:-mysql://root@127.0.0.1:3306}
BIN="$ROOT/target/release/dbshape"

say() { printf '== %s\n' "$*" >&2; }

[ -x "$BIN" ] || (cd "$ROOT" && cargo build --release --quiet)
rm -rf "$WORK" && mkdir -p "$WORK"
python3 "$HERE/generate.py" --out "$WORK/set" --tables "$TABLES"
python3 "$ROOT/bench/migrations/generate.py" --out "$WORK/synthetic" --versions 300 >/dev/null

# Milliseconds of one run of "$@" (output discarded; a failure stops the benchmark).
ms() {
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1 || { say "failed: $*"; "$@"; exit 1; }
    end=$(date +%s%N)
    echo $(((end - start) / 1000000))
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}'; }

create_db() { # engine name -> URL
    case $1 in
        sqlite) echo "sqlite://$WORK/$2.db" ;;
        postgres)
            psql "$PG_URL/postgres" -qc "DROP DATABASE IF EXISTS $2" -c "CREATE DATABASE $2" >/dev/null
            echo "$PG_URL/$2?sslmode=disable" ;;
        mysql)
            mariadb -h 127.0.0.1 -u root -e "DROP DATABASE IF EXISTS $2; CREATE DATABASE $2" >/dev/null
            echo "$MY_URL/$2" ;;
    esac
}

drop_db() {
    case $1 in
        postgres) psql "$PG_URL/postgres" -qc "DROP DATABASE IF EXISTS $2" >/dev/null ;;
        mysql) mariadb -h 127.0.0.1 -u root -e "DROP DATABASE IF EXISTS $2" >/dev/null ;;
        *) ;;
    esac
}

printf '| engine | objects | validate | validate --no-shape | shape check | shape show | check-connection | 300-version migrate | shape read / migrate |\n'
printf '|---|---|---|---|---|---|---|---|---|\n'
for engine in $ENGINES; do
    say "$engine: shaping $TABLES tables"
    url=$(create_db "$engine" bench_shape)
    "$BIN" --url "$url" --migrations "$WORK/set" migrate -q >/dev/null
    objects=$("$BIN" --url "$url" --output json shape show | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["objects"]))')
    with=(); without=(); show=(); connect=()
    for _ in $(seq "$RUNS"); do
        with+=("$(ms "$BIN" --url "$url" --migrations "$WORK/set" validate)")
        without+=("$(ms "$BIN" --url "$url" --migrations "$WORK/set" validate --no-shape)")
        show+=("$(ms "$BIN" --url "$url" shape show)")
    done
    v=$(printf '%s\n' "${with[@]}" | median)
    n=$(printf '%s\n' "${without[@]}" | median)
    s=$(printf '%s\n' "${show[@]}" | median)
    drop_db "$engine" bench_shape

    say "$engine: the 300-version synthetic set"
    runs=(); reads=()
    for i in 1 2 3; do
        url=$(create_db "$engine" bench_shape_syn$i)
        runs+=("$(ms "$BIN" --url "$url" --migrations "$WORK/synthetic/dbshape" migrate -q)")
        for _ in 1 2 3; do
            reads+=("$(ms "$BIN" --url "$url" shape show)")
            connect+=("$(ms "$BIN" --url "$url" check-connection)")
        done
        drop_db "$engine" bench_shape_syn$i
    done
    m=$(printf '%s\n' "${runs[@]}" | median)
    r=$(printf '%s\n' "${reads[@]}" | median)
    c=$(printf '%s\n' "${connect[@]}" | median)
    printf '| %s | %s | %s ms | %s ms | %s ms | %s ms | %s ms | %s ms | %s |\n' \
        "$engine" "$objects" "$v" "$n" "$((v - n))" "$s" "$c" "$m" \
        "$(awk -v r="$r" -v c="$c" -v m="$m" 'BEGIN {printf "%.1f%%", (r - c) * 100 / m}')"
done
