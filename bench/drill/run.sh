#!/usr/bin/env bash
# Drill benchmark: `dbshape drill` against what it stands for, a plain
# `dbshape restore --shape` of the same dump into a database created for it and dropped
# after it, on the same data, in one run.
#
# Data: the backup benchmark's `entity` dataset (bench/backup/generate.py): the bundled
# schema's table_entity with 300,000 rows of ~1.1 KB JSON documents at SCALE 1. The
# source database is shaped by `dbshape migrate`, filled by the server, and backed up
# once with `dbshape backup` (zstd, as a nightly backup is), untimed.
#
# Timed, RUNS rounds after one warm-up round, the order alternating from round to round:
#   drill    dbshape drill DUMP --scratch URL (creates, restores, checks, drops; writes
#            the evidence)
#   restore  CREATE DATABASE (psql / mariadb; SQLite: nothing, the file is new), then
#            dbshape restore DUMP --shape, then DROP DATABASE (the file removed)
# Before each timed run, PostgreSQL is asked for a CHECKPOINT (untimed), so that no run
# pays for the writes of the one before. Reports the median wall time of each and the
# ratio drill / restore (the target is at most 1.1), and checks that every drill passed.
#
# Usage: bash bench/drill/run.sh
# Environment (defaults in brackets):
#   SCALE    row-count factor [1]; SCALE=0.1 is a quick run
#   RUNS     timed rounds [5]
#   ENGINES  ["postgres mysql sqlite"]
#   DBSHAPE  the binary [target/release/dbshape]
#   BENCH_WORK  scratch directory [bench/drill/work]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SCALE=${SCALE:-1}
RUNS=${RUNS:-5}
ENGINES=${ENGINES:-"postgres mysql sqlite"}
DBSHAPE=${DBSHAPE:-$ROOT/target/release/dbshape}
WORK=${BENCH_WORK:-$HERE/work}
[ -x "$DBSHAPE" ] || { echo "error: build first: cargo build --release" >&2; exit 1; }
rm -rf "$WORK" && mkdir -p "$WORK"

psql_admin() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -U postgres -d postgres "$@"; }
my() { mariadb -h 127.0.0.1 -u root -N -B "$@"; }

url() { # engine db
    case $1 in
        postgres) echo "postgres://postgres@127.0.0.1:5432/$2" ;;
        mysql) echo "mysql://root@127.0.0.1:3306/$2" ;;
        sqlite) echo "sqlite://$WORK/$2.db" ;;
    esac
}
create_db() { # engine db
    case $1 in
        postgres) psql_admin -c "CREATE DATABASE $2" ;;
        mysql) my -e "CREATE DATABASE $2 CHARACTER SET utf8mb4" ;;
        sqlite) : ;;
    esac
}
drop_db() { # engine db
    case $1 in
        postgres) psql_admin -c "DROP DATABASE IF EXISTS $2" ;;
        mysql) my -e "DROP DATABASE IF EXISTS $2" ;;
        sqlite) rm -f "$WORK/$2.db" "$WORK/$2.db-journal" "$WORK/$2.db-wal" "$WORK/$2.db-shm" ;;
    esac
}
load_sql() { # engine db
    case $1 in
        postgres) psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -U postgres -d "$2" >/dev/null ;;
        mysql) my "$2" >/dev/null ;;
        sqlite) sqlite3 -bail "$WORK/$2.db" >/dev/null ;;
    esac
}
ms() { date +%s%3N; }
# Untimed, before each timed run: PostgreSQL writes out what the previous run left in
# its buffers (the checkpoint a DROP DATABASE asks for otherwise lands in whichever
# run comes next).
settle() { [ "$1" = postgres ] && psql_admin -c CHECKPOINT; return 0; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }

time_drill() { # engine dump -> ms
    local t0 t1
    settle "$1"
    t0=$(ms)
    "$DBSHAPE" -q --url "$(url "$1" bdrill_src)" drill "$2" --scratch "$(url "$1" bdrill_scratch)" >/dev/null
    t1=$(ms)
    echo $((t1 - t0))
}
time_restore() { # engine dump -> ms
    local t0 t1
    settle "$1"
    t0=$(ms)
    create_db "$1" bdrill_target
    "$DBSHAPE" -q --url "$(url "$1" bdrill_target)" restore "$2" --shape >/dev/null
    drop_db "$1" bdrill_target
    t1=$(ms)
    echo $((t1 - t0))
}

results="| engine | rows | drill (median) | create + restore --shape + drop (median) | ratio |
|---|---|---|---|---|"
for engine in $ENGINES; do
    echo "== $engine: preparing" >&2
    for db in bdrill_src bdrill_scratch bdrill_target; do drop_db "$engine" "$db"; done
    create_db "$engine" bdrill_src
    "$DBSHAPE" -q --url "$(url "$engine" bdrill_src)" migrate >/dev/null
    python3 "$ROOT/bench/backup/generate.py" "$engine" entity --scale "$SCALE" | load_sql "$engine" bdrill_src
    dump="$WORK/$engine.sql.zst"
    "$DBSHAPE" -q --url "$(url "$engine" bdrill_src)" backup -o "$dump" >/dev/null
    rows=$("$DBSHAPE" --output json verify "$dump" | python3 -c 'import json,sys; print(sum(t["rows"] for t in json.load(sys.stdin)["trailer"]["tables"]))')
    time_drill "$engine" "$dump" >/dev/null
    time_restore "$engine" "$dump" >/dev/null
    drills=() restores=()
    for round in $(seq 1 "$RUNS"); do
        if [ $((round % 2)) = 1 ]; then
            drills+=("$(time_drill "$engine" "$dump")"); restores+=("$(time_restore "$engine" "$dump")")
        else
            restores+=("$(time_restore "$engine" "$dump")"); drills+=("$(time_drill "$engine" "$dump")")
        fi
        echo "   round $round: drill ${drills[-1]} ms, restore ${restores[-1]} ms" >&2
    done
    python3 -c 'import json,sys; e=json.load(open(sys.argv[1])); assert e["result"] == "passed", e' "$dump.drill.json"
    d=$(printf '%s\n' "${drills[@]}" | median)
    r=$(printf '%s\n' "${restores[@]}" | median)
    ratio=$(python3 -c "print(f'{$d / $r:.2f}')")
    results="$results
| $engine | $rows | $d ms | $r ms | $ratio |"
    drop_db "$engine" bdrill_src
done
echo "$results" | tee "$WORK/results.md"
