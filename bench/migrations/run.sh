#!/usr/bin/env bash
# Migrations benchmark: dbshape against dbmate on the same generated migration set.
#
# For each engine (SQLite, PostgreSQL, MariaDB/MySQL):
#   - `dbshape migrate` of all versions into a fresh, empty database, and `dbmate up`
#     of the same statements into another fresh database, alternating, RUNS times each;
#   - `dbshape validate` on the up-to-date database and `dbmate status` (its closest
#     equivalent) on dbmate's, VALIDATE_RUNS times each;
#   - peak RSS of each process (/usr/bin/time -v);
#   - a check that both tools built the same schema (tables, columns, indexes, rows).
# Prints medians and dbshape/dbmate ratios as a Markdown table (also written to
# $WORK/results.md), then drops every database it created.
#
# Usage: bash bench/migrations/run.sh
# Environment (defaults in brackets):
#   ENGINES        engines to run ["sqlite postgres postgres-notls mysql"]; postgres-notls
#                  is postgres with `?sslmode=disable` on dbshape's URL too (dbmate's
#                  PostgreSQL URL always has it), to compare without the TLS handshake
#   VERSIONS       versions to generate [300]
#   RUNS           migrate runs per tool and engine [5]
#   VALIDATE_RUNS  validate/status runs per tool and engine [9]
#   PG_HOST PG_PORT PG_USER   [127.0.0.1 5432 postgres]   (trust auth or PGPASSWORD)
#   MY_HOST MY_PORT MY_USER   [127.0.0.1 3306 root]       (empty password)
#   BENCH_WORK     scratch directory [bench/migrations/work]
#   DBMATE         dbmate binary [dbmate on PATH, else installed with npm into $BENCH_WORK/npm];
#                  the npm launcher is resolved to the Go binary it starts
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
WORK=${BENCH_WORK:-$HERE/work}
ENGINES=${ENGINES:-"sqlite postgres postgres-notls mysql"}
VERSIONS=${VERSIONS:-300}
RUNS=${RUNS:-5}
VALIDATE_RUNS=${VALIDATE_RUNS:-9}
PG_HOST=${PG_HOST:-127.0.0.1}
PG_PORT=${PG_PORT:-5432}
PG_USER=${PG_USER:-postgres}
MY_HOST=${MY_HOST:-127.0.0.1}
MY_PORT=${MY_PORT:-3306}
MY_USER=${MY_USER:-root}
SETS=$WORK/sets
DB_A=bench_mig_dbshape
DB_B=bench_mig_dbmate

say() { printf '%s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

mkdir -p "$WORK/sqlite" "$WORK/logs"
rm -f "$WORK"/logs/*

# --- tools ----------------------------------------------------------------------------

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if [ ! -x /usr/bin/time ]; then
    say "installing GNU time (for peak RSS)"
    as_root apt-get update -qq && as_root apt-get install -y -qq time >/dev/null
fi

if [ -z "${DBMATE:-}" ]; then
    if command -v dbmate >/dev/null 2>&1; then
        DBMATE=$(command -v dbmate)
    else
        DBMATE=$WORK/npm/node_modules/.bin/dbmate
        if [ ! -x "$DBMATE" ]; then
            command -v npm >/dev/null || die "npm is needed to install dbmate"
            say "installing dbmate $(npm view dbmate version 2>/dev/null) into $WORK/npm"
            npm install --prefix "$WORK/npm" --no-audit --no-fund --loglevel=error dbmate >/dev/null
        fi
    fi
fi
# The npm package's `dbmate` is a Node.js launcher that spawns the Go binary of the
# platform package (@dbmate/<os>-<arch>); time the Go binary itself, not Node's start.
real=$(readlink -f "$(command -v "$DBMATE")")
case $real in
    *.js)
        pkg=$(dirname "$(dirname "$real")")
        for c in "$pkg"/../@dbmate/*/bin/dbmate "$pkg"/node_modules/@dbmate/*/bin/dbmate; do
            if [ -x "$c" ]; then DBMATE=$(readlink -f "$c"); break; fi
        done
        ;;
esac
"$DBMATE" --version >/dev/null || die "dbmate does not run: $DBMATE"
say "dbmate: $DBMATE ($("$DBMATE" --version))"

say "building dbshape (release)"
(cd "$ROOT" && cargo build --release --quiet --bin dbshape)
DBSHAPE=${CARGO_TARGET_DIR:-$ROOT/target}/release/dbshape
[ -x "$DBSHAPE" ] || die "no binary at $DBSHAPE"

python3 "$HERE/generate.py" --out "$SETS" --versions "$VERSIONS"

LOAD_START=$(cut -d' ' -f1 /proc/loadavg)
if awk -v l="$LOAD_START" 'BEGIN { exit !(l > 0.5) }'; then
    say "warning: load average $LOAD_START: other work on this machine will make the figures noisy"
fi

# --- engines --------------------------------------------------------------------------

MYSQL_CLI=$(command -v mariadb || command -v mysql || true)
psql_admin() { psql -X -q -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres "$@"; }
psql_db() { local db=$1; shift; psql -X -q -At -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$db" "$@"; }
my() { "$MYSQL_CLI" -h "$MY_HOST" -P "$MY_PORT" -u "$MY_USER" -N -B "$@"; }

# The server kind behind an engine name.
kind() { case $1 in postgres-notls) echo postgres ;; *) echo "$1" ;; esac; }

dbshape_url() { # engine db
    case $1 in
        postgres-notls) echo "postgres://$PG_USER@$PG_HOST:$PG_PORT/$2?sslmode=disable" ;;
        sqlite) echo "sqlite://$WORK/sqlite/$2.db" ;;
        postgres) echo "postgres://$PG_USER@$PG_HOST:$PG_PORT/$2" ;;
        # dbmate's MySQL driver does not use TLS unless asked; dbshape prefers it.
        mysql) echo "mysql://$MY_USER@$MY_HOST:$MY_PORT/$2?ssl-mode=DISABLED" ;;
    esac
}

dbmate_url() { # engine db
    case $(kind "$1") in
        sqlite) echo "sqlite:$WORK/sqlite/$2.db" ;;
        postgres) echo "postgres://$PG_USER@$PG_HOST:$PG_PORT/$2?sslmode=disable" ;;
        mysql) echo "mysql://$MY_USER@$MY_HOST:$MY_PORT/$2" ;;
    esac
}

drop_db() { # engine db
    case $(kind "$1") in
        sqlite) rm -f "$WORK/sqlite/$2.db" "$WORK/sqlite/$2.db-journal" "$WORK/sqlite/$2.db-wal" \
                      "$WORK/sqlite/$2.db-shm" "$WORK/sqlite/$2.db.dbshape-lock" ;;
        postgres) psql_admin -c "DROP DATABASE IF EXISTS $2" ;;
        mysql) my -e "DROP DATABASE IF EXISTS $2" ;;
    esac
}

fresh_db() { # engine db: an empty database
    drop_db "$1" "$2"
    case $(kind "$1") in
        sqlite) : ;; # both tools create the file
        postgres) psql_admin -c "CREATE DATABASE $2" ;;
        mysql) my -e "CREATE DATABASE $2" ;;
    esac
}

# "tables columns indexes rows" of the benchmark's own objects (bt_* tables, bix_* indexes).
fingerprint() { # engine db
    case $(kind "$1") in
        sqlite)
            python3 - "$WORK/sqlite/$2.db" <<'EOF'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
tables = [r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type='table' AND name LIKE 'bt\\_%' ESCAPE '\\'")]
cols = sum(len(c.execute('PRAGMA table_info("%s")' % t).fetchall()) for t in tables)
ix = c.execute("SELECT count(*) FROM sqlite_master WHERE type='index' AND name LIKE 'bix\\_%' ESCAPE '\\'").fetchone()[0]
rows = sum(c.execute('SELECT count(*) FROM "%s"' % t).fetchone()[0] for t in tables)
print(len(tables), cols, ix, rows)
EOF
            ;;
        postgres)
            local t c i r=0 n
            t=$(psql_db "$2" -c "SELECT count(*) FROM information_schema.tables WHERE table_schema='public' AND table_name LIKE 'bt\_%'")
            c=$(psql_db "$2" -c "SELECT count(*) FROM information_schema.columns WHERE table_schema='public' AND table_name LIKE 'bt\_%'")
            i=$(psql_db "$2" -c "SELECT count(*) FROM pg_indexes WHERE schemaname='public' AND indexname LIKE 'bix\_%'")
            r=$(psql_db "$2" -c "SELECT coalesce(sum((xpath('/row/n/text()', query_to_xml('SELECT count(*) AS n FROM ' || quote_ident(table_name), false, true, '')))[1]::text::bigint), 0) FROM information_schema.tables WHERE table_schema='public' AND table_name LIKE 'bt\_%'")
            echo "$t $c $i $r"
            ;;
        mysql)
            local t c i r
            t=$(my "$2" -e "SELECT count(*) FROM information_schema.tables WHERE table_schema=DATABASE() AND table_name LIKE 'bt\_%'")
            c=$(my "$2" -e "SELECT count(*) FROM information_schema.columns WHERE table_schema=DATABASE() AND table_name LIKE 'bt\_%'")
            i=$(my "$2" -e "SELECT count(DISTINCT table_name, index_name) FROM information_schema.statistics WHERE table_schema=DATABASE() AND index_name LIKE 'bix\_%'")
            local q
            q=$(my "$2" -e "SELECT group_concat(concat('(SELECT count(*) FROM \`', table_name, '\`)') SEPARATOR ' + ') FROM information_schema.tables WHERE table_schema=DATABASE() AND table_name LIKE 'bt\_%'")
            r=$(my "$2" -e "SELECT $q")
            echo "$t $c $i $r"
            ;;
    esac
}

# --- measuring ------------------------------------------------------------------------

# timed LABEL CMD...: runs CMD once; sets LAST_MS (wall, ms, 1 decimal) and LAST_KB (peak RSS).
timed() {
    local label=$1; shift
    local log="$WORK/logs/$label.out" tlog="$WORK/logs/$label.time" t0 t1
    t0=$(date +%s%N)
    if ! /usr/bin/time -v -o "$tlog" "$@" >"$log" 2>&1; then
        say "FAILED: $*"
        tail -n 30 "$log" >&2
        exit 1
    fi
    t1=$(date +%s%N)
    LAST_MS=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) / 1e6 }')
    LAST_KB=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$tlog")
    LAST_CPU=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.0f", s * 1000 }' "$tlog")
}

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
minof() { printf '%s\n' "$@" | sort -g | head -n 1; }
maxof() { printf '%s\n' "$@" | sort -g | tail -n 1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
secs() { awk -v ms="$1" 'BEGIN { printf "%.2f s", ms / 1000 }'; }
ok() { if awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; then echo "met"; else echo "MISSED"; fi; }
mib() { awk -v kb="$1" 'BEGIN { printf "%.0f MiB", kb / 1024 }'; }

cleanup() {
    for e in $ENGINES; do
        drop_db "$e" "$DB_A" >/dev/null 2>&1 || true
        drop_db "$e" "$DB_B" >/dev/null 2>&1 || true
    done
}
trap cleanup EXIT

ROWS=()
TARGETS=()
declare -A VERSION_OF

for engine in $ENGINES; do
    say "== $engine"
    shape_dir=$SETS/dbshape
    mate_dir=$SETS/dbmate/$(kind "$engine")/db/migrations
    migrate_a=() migrate_b=() rss_a=() rss_b=() cpu_a=() cpu_b=()
    for run in $(seq 1 "$RUNS"); do
        # Alternate which tool goes first, so that drift on the machine hits both alike.
        for tool in $(if [ $((run % 2)) = 1 ]; then echo "a b"; else echo "b a"; fi); do
            if [ "$tool" = a ]; then
                fresh_db "$engine" "$DB_A"
                timed "$engine-dbshape-migrate-$run" \
                    "$DBSHAPE" --url "$(dbshape_url "$engine" "$DB_A")" --migrations "$shape_dir" --quiet migrate
                migrate_a+=("$LAST_MS") rss_a+=("$LAST_KB") cpu_a+=("$LAST_CPU")
            else
                fresh_db "$engine" "$DB_B"
                timed "$engine-dbmate-up-$run" \
                    "$DBMATE" --url "$(dbmate_url "$engine" "$DB_B")" --migrations-dir "$mate_dir" --no-dump-schema up
                migrate_b+=("$LAST_MS") rss_b+=("$LAST_KB") cpu_b+=("$LAST_CPU")
            fi
        done
        say "   run $run: dbshape migrate ${migrate_a[-1]} ms, dbmate up ${migrate_b[-1]} ms"
    done

    fa=$(fingerprint "$engine" "$DB_A")
    fb=$(fingerprint "$engine" "$DB_B")
    [ "$fa" = "$fb" ] || die "$engine: the two databases differ (tables columns indexes rows): dbshape $fa, dbmate $fb"
    say "   same schema from both tools (tables columns indexes rows): $fa"

    validate_a=() validate_b=() vrss_a=()
    for run in $(seq 1 "$VALIDATE_RUNS"); do
        timed "$engine-dbshape-validate-$run" \
            "$DBSHAPE" --url "$(dbshape_url "$engine" "$DB_A")" --migrations "$shape_dir" validate
        validate_a+=("$LAST_MS") vrss_a+=("$LAST_KB")
        timed "$engine-dbmate-status-$run" \
            "$DBMATE" --url "$(dbmate_url "$engine" "$DB_B")" --migrations-dir "$mate_dir" status
        validate_b+=("$LAST_MS")
    done
    grep -q '^valid' "$WORK/logs/$engine-dbshape-validate-1.out" || die "$engine: validate did not report valid"
    VERSION_OF[$engine]=$("$DBSHAPE" --url "$(dbshape_url "$engine" "$DB_A")" --migrations "$shape_dir" check-connection 2>&1 | sed -n -E 's/^connected to (.*) at .*/\1/p' | head -n 1)

    ma=$(median "${migrate_a[@]}") mb=$(median "${migrate_b[@]}")
    va=$(median "${validate_a[@]}") vb=$(median "${validate_b[@]}")
    r_m=$(ratio "$ma" "$mb") r_v=$(ratio "$va" "$vb")
    ca=$(median "${cpu_a[@]}") cb=$(median "${cpu_b[@]}")
    ba=$(minof "${migrate_a[@]}") bb=$(minof "${migrate_b[@]}")
    ROWS+=("| $engine | $(secs "$ma") ($(secs "$ba")) | $(secs "$mb") ($(secs "$bb")) | **$r_m** ($(ratio "$ba" "$bb")) | $(secs "$ca") / $(secs "$cb") | $va ms | $vb ms | $r_v | $(mib "$(maxof "${rss_a[@]}")") / $(mib "$(maxof "${rss_b[@]}")") | $(mib "$(maxof "${vrss_a[@]}")") |")
    say "   migrate runs (ms): dbshape ${migrate_a[*]} | dbmate ${migrate_b[*]}"
    say "   migrate CPU (ms): dbshape ${cpu_a[*]} | dbmate ${cpu_b[*]}"
    say "   validate runs (ms): dbshape ${validate_a[*]} | dbmate status ${validate_b[*]}"
    echo "$engine migrate_ms dbshape ${migrate_a[*]} dbmate ${migrate_b[*]}" >>"$WORK/logs/raw.txt"
    echo "$engine validate_ms dbshape ${validate_a[*]} dbmate ${validate_b[*]}" >>"$WORK/logs/raw.txt"

    if [ "$engine" = sqlite ]; then
        TARGETS+=("- SQLite, $VERSIONS versions under 2 s: $(secs "$ma") -> $(ok "$ma" 2000)")
    fi
    TARGETS+=("- $engine validate under 150 ms: $va ms -> $(ok "$va" 150)")
    TARGETS+=("- $engine dbshape/dbmate migrate ratio at most 1.0: $r_m -> $(ok "$r_m" 1.0)")
    drop_db "$engine" "$DB_A"
    drop_db "$engine" "$DB_B"
done

{
    echo "Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(sed -n -E 's/^model name\s*:\s*//p' /proc/cpuinfo | head -n 1); dbshape $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo "?")$(git -C "$ROOT" diff --quiet HEAD -- src migration Cargo.toml Cargo.lock 2>/dev/null || echo " (with local changes)"), $("$DBMATE" --version)."
    echo "Load average (1 min) at start and end: $LOAD_START, $(cut -d' ' -f1 /proc/loadavg)."
    echo "Migration set: $VERSIONS versions, $(cat "$SETS"/dbshape/*/sqlite/schemaChanges.sql | grep -cE '^(CREATE|ALTER|INSERT|UPDATE)') statements per dialect; medians of $RUNS migrate runs and $VALIDATE_RUNS validate runs."
    echo
    echo "| engine | dbshape migrate, median (best) | dbmate up, median (best) | ratio, medians (bests) | CPU migrate (dbshape / dbmate) | dbshape validate | dbmate status | ratio | peak RSS migrate (dbshape / dbmate) | peak RSS validate |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    printf '%s\n' "${ROWS[@]}"
    echo
    for e in $ENGINES; do echo "- $e: ${VERSION_OF[$e]}"; done
    echo
    echo "Targets:"
    printf '%s\n' "${TARGETS[@]}"
} | tee "$WORK/results.md"
