#!/usr/bin/env bash
# Real-world chains benchmark: `dbshape migrate` against the engine's own client
# applying the same files in the same order (psql -v ON_ERROR_STOP=1, mariadb,
# sqlite3 -bail), on every chain of tests/real_world/fetch.sh and every engine it ships.
#
# Each (chain, engine) pair runs RUNS times per tool, alternating, each into a fresh
# empty database; prints the medians (wall clock, ms) and the dbshape/client ratio as a
# Markdown table. Run by hand; needs the servers of docs/compatibility.md.
#
# Usage: bash bench/real_world/run.sh
# Environment (defaults in brackets):
#   RUNS        runs per tool and pair [5]
#   CORPUS      laid-out chains [target/real-world of this checkout]
#   DBSHAPE     binary [target/release/dbshape, else target/debug/dbshape]
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
RUNS=${RUNS:-5}
CORPUS=${CORPUS:-$ROOT/target/real-world}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
DBSHAPE=${DBSHAPE:-}
if [ -z "$DBSHAPE" ]; then
    if [ -x "$TARGET/release/dbshape" ]; then DBSHAPE=$TARGET/release/dbshape; else DBSHAPE=$TARGET/debug/dbshape; fi
fi
[ -x "$DBSHAPE" ] || { echo "error: no dbshape binary at $DBSHAPE: cargo build --release" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
DB=bench_real_world

bash "$ROOT/tests/real_world/fetch.sh" "$CORPUS"

now_ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}'; }

fresh() { # fresh ENGINE: an empty database; prints dbshape's URL
    case "$1" in
        postgres)
            psql -h 127.0.0.1 -U postgres -d postgres -Xqc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB" >/dev/null
            echo "postgres://postgres@127.0.0.1:5432/$DB" ;;
        mysql)
            mariadb -h 127.0.0.1 -u root -e "DROP DATABASE IF EXISTS $DB; CREATE DATABASE $DB CHARACTER SET utf8mb4"
            echo "mysql://root@127.0.0.1:3306/$DB" ;;
        sqlite)
            rm -f "$WORK/$DB.db"
            echo "sqlite://$WORK/$DB.db" ;;
    esac
}

native_script() { # native_script CHAIN ENGINE: the client's script applying every file in order
    local chain=$1 eng=$2 f
    for f in $(ls "$chain" | sort -t. -k1,1n -k2,2n -k3,3n); do
        f=$chain/$f/$eng/schemaChanges.sql
        [ -f "$f" ] || continue
        case "$eng" in
            # Each file in a transaction, as the projects' own migrators (and the corpus
            # test) run them: graphile-worker's LOCK TABLE needs one.
            postgres) printf "BEGIN;\n\\\\i '%s'\nCOMMIT;\n" "$f" ;;
            mysql) printf 'source %s\n' "$f" ;;
            sqlite) printf ".read '%s'\n" "$f" ;;
        esac
    done
}

native() { # native ENGINE SCRIPT
    case "$1" in
        postgres) psql -h 127.0.0.1 -U postgres -d "$DB" -Xq -v ON_ERROR_STOP=1 -f "$2" >/dev/null ;;
        mysql) mariadb -h 127.0.0.1 -u root "$DB" <"$2" >/dev/null ;;
        sqlite) sqlite3 -bail "$WORK/$DB.db" <"$2" >/dev/null ;;
    esac
}

echo "| chain | engine | versions | dbshape migrate (ms) | client (ms) | ratio |"
echo "|---|---|---:|---:|---:|---:|"
for chain in "$CORPUS"/*/; do
    chain=${chain%/}
    name=$(basename "$chain")
    for eng in postgres mysql sqlite; do
        n=$(find "$chain" -mindepth 2 -maxdepth 2 -type d -name "$eng" | wc -l)
        [ "$n" -gt 0 ] || continue
        native_script "$chain" "$eng" >"$WORK/script"
        : >"$WORK/a"; : >"$WORK/b"
        for _ in $(seq 1 "$RUNS"); do
            url=$(fresh "$eng")
            t0=$(now_ms)
            "$DBSHAPE" --migrations "$chain" --url "$url" -q migrate >/dev/null
            echo $(($(now_ms) - t0)) >>"$WORK/a"
            fresh "$eng" >/dev/null
            t0=$(now_ms)
            native "$eng" "$WORK/script"
            echo $(($(now_ms) - t0)) >>"$WORK/b"
        done
        a=$(median <"$WORK/a"); b=$(median <"$WORK/b")
        ratio=$(awk -v a="$a" -v b="$b" 'BEGIN {printf "%.2f", (b > 0) ? a / b : 0}')
        echo "| $name | $eng | $n | $a | $b | $ratio |"
    done
done
psql -h 127.0.0.1 -U postgres -d postgres -Xqc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null
mariadb -h 127.0.0.1 -u root -e "DROP DATABASE IF EXISTS $DB"
