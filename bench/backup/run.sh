#!/usr/bin/env bash
# Backup and restore benchmark: `dbshape backup` and `dbshape restore` against each
# engine's own dump and load tools, on the same data, in one run.
#
# Three datasets (generate.py), each in its own database so that every tool dumps
# exactly that dataset, on every engine:
#   entity  the bundled schema's table_entity, 300,000 rows of ~1.1 KB JSON documents
#           with the generated columns derived from them
#   wide    bench_wide, 1,000,000 rows of the common column types
#   tables  200 small tables of 100 to 1,000 rows
# Every database is shaped by `dbshape migrate` first (the bundled schema, whose other
# tables hold 8 rows in all), then filled by the server itself.
#
# Tools, all writing to a file in $BENCH_WORK/out:
#   PostgreSQL  dbshape backup --compress none; dbshape backup to .sql.zst (zstd);
#               pg_dump --data-only (plain format, -f FILE), the reference
#   MariaDB     dbshape backup --compress none; dbshape backup to .sql.zst;
#               mariadb-dump --single-transaction --no-create-info, the reference;
#               mydumper --no-schemas --trx-consistency-only with 1 thread and with
#               its default (4 threads)
#   SQLite      dbshape backup --compress none; dbshape backup to .sql.zst;
#               sqlite3 DB .dump > FILE, the reference
# For each dataset: one warm-up run of every tool (warm caches), then RUNS rounds in
# which every tool runs once, the order rotating from round to round so that drift on
# the machine hits all tools alike. Reports the median wall time, the ratio to the
# reference tool's median, the peak RSS of the dump process (/usr/bin/time -v; the
# server's own work is not in it) and the output size (a directory's total for
# mydumper). Every dbshape dump of the last round is checked with `dbshape verify`.
#
# Restore (PHASES contains `restore`): from the same source database, one dump per
# loader is taken once (untimed): dbshape backup --compress none; pg_dump --data-only
# --disable-triggers without dbshape's own tables; mariadb-dump --no-create-info
# --skip-triggers without dbshape's own tables and the tables carrying triggers (the
# bundled `settings`, 3 rows: the client cannot keep the target's triggers from
# firing); mydumper --no-schemas (the same tables); sqlite3 DB .dump. Then RUNS rounds (after one warm-up round) in which each
# loader restores into a fresh target, the order rotating:
#   PostgreSQL  psql -1 -f PG_DUMP (the reference); dbshape restore [--jobs N]
#   MariaDB     mariadb DB < MARIADB_DUMP (the reference); myloader -t N;
#               dbshape restore [--jobs N]
#   SQLite      sqlite3 NEW < .dump output, into a new empty file (the reference; the
#               .dump carries the schema); dbshape restore
# Every target except sqlite3's is a database shaped by `dbshape migrate` at the same
# version with its data tables then emptied (a clean database: what `dbshape restore`
# requires and what the peers' data-only dumps expect); shaping is not timed. After
# the last round, each target's rows of the dataset's tables are counted against the
# source. Reports the median time, the ratio to the reference, and peak RSS.
#
# Prints Markdown tables (also written to $BENCH_WORK/results.md) and the targets,
# then drops every database and removes every dump it created.
#
# Usage: bash bench/backup/run.sh
# Environment (defaults in brackets):
#   PHASES         what to measure: "backup", "restore" or both ["backup restore"]
#   SCALE          row-count factor for entity and wide and the small tables' rows [1];
#                  SCALE=0.1 is a quick run
#   RUNS           timed rounds per dataset [5]
#   ENGINES        engines to run ["postgres mysql sqlite"]
#   DATASETS       datasets to run ["entity wide tables"]
#   MYDUMPER_THREADS  mydumper thread counts ["1 4"] (4 is mydumper's default)
#   MYLOADER_THREADS  myloader thread counts ["1 4"] (4 is myloader's default)
#   RESTORE_JOBS   dbshape restore --jobs values on PostgreSQL and MariaDB ["1"]
#   PG_HOST PG_PORT PG_USER   [127.0.0.1 5432 postgres]   (trust auth or PGPASSWORD)
#   MY_HOST MY_PORT MY_USER   [127.0.0.1 3306 root]       (empty password)
#   BENCH_WORK     scratch directory [bench/backup/work]
#   DBSHAPE        dbshape binary [built here with cargo build --release]
#   DBSHAPE_REV    how the results name that binary [the commit it was built from]
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
WORK=${BENCH_WORK:-$HERE/work}
SCALE=${SCALE:-1}
RUNS=${RUNS:-5}
ENGINES=${ENGINES:-"postgres mysql sqlite"}
DATASETS=${DATASETS:-"entity wide tables"}
MYDUMPER_THREADS=${MYDUMPER_THREADS-"1 4"}
MYLOADER_THREADS=${MYLOADER_THREADS-"1 4"}
RESTORE_JOBS=${RESTORE_JOBS:-"1"}
PHASES=${PHASES:-"backup restore"}
PG_HOST=${PG_HOST:-127.0.0.1}
PG_PORT=${PG_PORT:-5432}
PG_USER=${PG_USER:-postgres}
MY_HOST=${MY_HOST:-127.0.0.1}
MY_PORT=${MY_PORT:-3306}
MY_USER=${MY_USER:-root}
OUT=$WORK/out
DB_PREFIX=bench_bk_
RESTORE_DB=bench_rs_target
RESTORE_TPL=bench_rs_template
has_phase() { case " $PHASES " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

say() { printf '%s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

mkdir -p "$WORK/sqlite" "$WORK/logs" "$OUT"
rm -rf "$WORK"/logs/* "${OUT:?}"/*

# --- tools ----------------------------------------------------------------------------

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=
apt_install() { # package: installs it with apt-get
    if [ -z "$apt_updated" ]; then as_root apt-get update -qq; apt_updated=1; fi
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$1" >/dev/null
}

if [ ! -x /usr/bin/time ]; then
    say "installing GNU time (for peak RSS)"
    apt_install time
fi
for e in $ENGINES; do
    case $e in
        postgres) command -v pg_dump >/dev/null || apt_install postgresql-client ;;
        mysql)
            command -v mariadb-dump >/dev/null || apt_install mariadb-client
            if [ -n "$MYDUMPER_THREADS$MYLOADER_THREADS" ] && ! command -v myloader >/dev/null; then
                say "installing mydumper (with myloader)"
                apt_install mydumper || { say "mydumper cannot be installed: left out"; MYDUMPER_THREADS= MYLOADER_THREADS=; }
            fi
            ;;
        sqlite) command -v sqlite3 >/dev/null || apt_install sqlite3 ;;
        *) die "unknown engine $e" ;;
    esac
done

if [ -z "${DBSHAPE:-}" ]; then
    say "building dbshape (release)"
    (cd "$ROOT" && cargo build --release --quiet --bin dbshape)
    DBSHAPE=${CARGO_TARGET_DIR:-$ROOT/target}/release/dbshape
    DBSHAPE_REV=${DBSHAPE_REV:-$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo "?")$(git -C "$ROOT" diff --quiet HEAD -- src migration Cargo.toml Cargo.lock 2>/dev/null || echo " with local changes")}
fi
[ -x "$DBSHAPE" ] || die "no binary at $DBSHAPE"
DBSHAPE_REV=${DBSHAPE_REV:-"binary $DBSHAPE"}

# --- engines --------------------------------------------------------------------------

MYSQL_CLI=$(command -v mariadb || command -v mysql || true)
MYSQL_DUMP=$(command -v mariadb-dump || command -v mysqldump || true)
psql_admin() { PGOPTIONS='-c client_min_messages=warning' psql -X -q -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres "$@"; }
psql_db() { local db=$1; shift; psql -X -q -At -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$db" "$@"; }
my() { "$MYSQL_CLI" -h "$MY_HOST" -P "$MY_PORT" -u "$MY_USER" -N -B "$@"; }

sqlite_file() { echo "$WORK/sqlite/$1.db"; }

# Every tool connects the same way: plain text (PGSSLMODE for libpq's tools; the MariaDB
# client does not use TLS unless asked), BENCH_TLS=1 for TLS everywhere. dbshape's own
# defaults prefer TLS like libpq, so its URLs say which.
if [ "${BENCH_TLS:-0}" = 1 ]; then
    export PGSSLMODE=require; PG_TLS=require; MY_TLS=REQUIRED
    MYSQL_TLS_FLAG=--ssl
else
    export PGSSLMODE=disable; PG_TLS=disable; MY_TLS=DISABLED
    MYSQL_TLS_FLAG=--skip-ssl
fi

dbshape_url() { # engine db
    case $1 in
        postgres) echo "postgres://$PG_USER@$PG_HOST:$PG_PORT/$2?sslmode=$PG_TLS" ;;
        mysql) echo "mysql://$MY_USER@$MY_HOST:$MY_PORT/$2?ssl-mode=$MY_TLS" ;;
        sqlite) echo "sqlite://$(sqlite_file "$2")" ;;
    esac
}

drop_db() { # engine db
    case $1 in
        postgres) psql_admin -c "DROP DATABASE IF EXISTS $2" ;;
        mysql) my -e "DROP DATABASE IF EXISTS $2" ;;
        sqlite) local f; f=$(sqlite_file "$2"); rm -f "$f" "$f-journal" "$f-wal" "$f-shm" "$f.dbshape-lock" ;;
    esac
}

fresh_db() { # engine db: an empty database
    drop_db "$1" "$2"
    case $1 in
        postgres) psql_admin -c "CREATE DATABASE $2" ;;
        mysql) my -e "CREATE DATABASE $2" ;;
        sqlite) : ;; # dbshape creates the file
    esac
}

load_sql() { # engine db: runs the SQL on stdin
    case $1 in
        postgres) psql_db "$2" >/dev/null ;;
        mysql) my "$2" >/dev/null ;;
        sqlite) sqlite3 -bail "$(sqlite_file "$2")" >/dev/null ;;
    esac
}

# "rows size" of a database: rows in all tables, and its size on disk.
db_stats() { # engine db
    case $1 in
        postgres)
            psql_db "$2" -c "SELECT sum((xpath('/row/n/text()', query_to_xml('SELECT count(*) AS n FROM ' || quote_ident(table_name), false, true, '')))[1]::text::bigint) || ' ' || pg_database_size(current_database()) FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
            ;;
        mysql)
            local q
            q=$(my "$2" -e "SELECT group_concat(concat('(SELECT count(*) FROM \`', table_name, '\`)') SEPARATOR ' + ') FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'")
            echo "$(my "$2" -e "SELECT $q") $(my -e "SELECT sum(data_length + index_length) FROM information_schema.tables WHERE table_schema = '$2'")"
            ;;
        sqlite)
            python3 - "$(sqlite_file "$2")" <<'EOF'
import os, sqlite3, sys
c = sqlite3.connect(sys.argv[1])
tables = [r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")]
print(sum(c.execute('SELECT count(*) FROM "%s"' % t).fetchone()[0] for t in tables), os.path.getsize(sys.argv[1]))
EOF
            ;;
    esac
}

engine_version() { # engine
    case $1 in
        postgres) psql_db postgres -c "SELECT 'PostgreSQL ' || current_setting('server_version')" ;;
        mysql) my -e "SELECT concat('MariaDB ', VERSION())" ;;
        sqlite) echo "SQLite (dbshape's own library; sqlite3 shell $(sqlite3 --version | cut -d' ' -f1))" ;;
    esac
}

# The tools of an engine, reference first.
tools_of() { # engine
    case $1 in
        postgres) echo "pg_dump dbshape dbshape-zstd" ;;
        mysql)
            local t=("mariadb-dump" "dbshape" "dbshape-zstd")
            for n in $MYDUMPER_THREADS; do t+=("mydumper-$n"); done
            echo "${t[*]}"
            ;;
        sqlite) echo "sqlite3 dbshape dbshape-zstd" ;;
    esac
}

# How a tool is shown in the table.
tool_label() { # tool
    case $1 in
        dbshape) echo "dbshape backup (none)" ;;
        dbshape-zstd) echo "dbshape backup (zstd)" ;;
        pg_dump) echo "pg_dump --data-only (plain)" ;;
        mariadb-dump) echo "mariadb-dump --single-transaction" ;;
        mydumper-*) echo "mydumper -t ${1#mydumper-}" ;;
        sqlite3) echo "sqlite3 .dump" ;;
    esac
}

# Where a tool writes (a file, or a directory for mydumper).
out_path() { # tool
    case $1 in
        dbshape) echo "$OUT/dbshape.sql" ;;
        dbshape-zstd) echo "$OUT/dbshape.sql.zst" ;;
        mydumper-*) echo "$OUT/$1" ;;
        *) echo "$OUT/$1.sql" ;;
    esac
}

# The command line of a tool for a database, into the array CMD.
tool_cmd() { # engine tool db
    local engine=$1 tool=$2 db=$3 out
    out=$(out_path "$tool")
    case $tool in
        dbshape) CMD=("$DBSHAPE" --quiet --url "$(dbshape_url "$engine" "$db")" backup -o "$out" --compress none --force) ;;
        dbshape-zstd) CMD=("$DBSHAPE" --quiet --url "$(dbshape_url "$engine" "$db")" backup -o "$out" --force) ;;
        pg_dump) CMD=(pg_dump --data-only -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -f "$out" "$db") ;;
        mariadb-dump) CMD=("$MYSQL_DUMP" "$MYSQL_TLS_FLAG" -h "$MY_HOST" -P "$MY_PORT" -u "$MY_USER" --single-transaction
                           --no-create-info --result-file="$out" "$db") ;;
        mydumper-*) CMD=(mydumper -h "$MY_HOST" -P "$MY_PORT" -u "$MY_USER" -B "$db" --no-schemas
                         --trx-consistency-only -t "${tool#mydumper-}" -v 1 -o "$out") ;;
        sqlite3) CMD=(sh -c 'exec sqlite3 "$1" .dump >"$2"' sh "$(sqlite_file "$db")" "$out") ;;
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
}

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
maxof() { printf '%s\n' "$@" | sort -g | tail -n 1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
secs() { awk -v ms="$1" 'BEGIN { printf "%.2f s", ms / 1000 }'; }
ok() { if awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; then echo "met"; else echo "MISSED"; fi; }
mib() { awk -v kb="$1" 'BEGIN { printf "%.0f MiB", kb / 1024 }'; }
size_of() { du -sb "$1" | cut -f1; }
human() { awk -v b="$1" 'BEGIN { if (b >= 1048576) printf "%.1f MiB", b / 1048576; else printf "%.0f KiB", b / 1024 }'; }

# --- restore --------------------------------------------------------------------------

RIN=$OUT/restore-input

# The dataset's own tables (the rows a restore must bring back), as a SQL LIKE pattern.
dataset_like() { # dataset
    case $1 in
        entity) echo "table_entity" ;;
        wide) echo "bench_wide" ;;
        tables) echo "bench\\_t%" ;;
    esac
}

# Rows in the dataset's own tables of a database.
dataset_rows() { # engine db dataset
    local like
    like=$(dataset_like "$3")
    case $1 in
        postgres)
            psql_db "$2" -c "SELECT coalesce(sum((xpath('/row/n/text()', query_to_xml('SELECT count(*) AS n FROM ' || quote_ident(table_name), false, true, '')))[1]::text::bigint), 0) FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name LIKE E'$like'"
            ;;
        mysql)
            local q
            q=$(my "$2" -e "SELECT group_concat(concat('(SELECT count(*) FROM \`', table_name, '\`)') SEPARATOR ' + ') FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE' AND table_name LIKE '$like'")
            my "$2" -e "SELECT ${q:-0}"
            ;;
        sqlite)
            python3 - "$(sqlite_file "$2")" "$like" <<'EOF'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
tables = [r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE ? ESCAPE '\\'", (sys.argv[2],))]
print(sum(c.execute('SELECT count(*) FROM "%s"' % t).fetchone()[0] for t in tables))
EOF
            ;;
    esac
}

# Empties every data table of a freshly migrated database (dbshape's own tables keep
# their rows): the clean database that `dbshape restore` and the peers' data-only
# dumps expect.
empty_data_tables() { # engine db
    case $1 in
        postgres)
            psql_db "$2" -c "DO \$\$ DECLARE t text; BEGIN SELECT string_agg(quote_ident(tablename), ', ') INTO t FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE 'dbshape\\_%'; IF t IS NOT NULL THEN EXECUTE 'TRUNCATE TABLE ' || t; END IF; END \$\$" >/dev/null
            ;;
        mysql)
            local stmts
            stmts=$(my "$2" -e "SELECT group_concat(concat('TRUNCATE TABLE \`', table_name, '\`') SEPARATOR '; ') FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE' AND table_name NOT LIKE 'dbshape\\_%'")
            [ "$stmts" = NULL ] || my "$2" -e "SET FOREIGN_KEY_CHECKS = 0; $stmts"
            ;;
        sqlite)
            python3 - "$(sqlite_file "$2")" <<'EOF'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
tables = [r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE 'dbshape\\_%' ESCAPE '\\'")]
for _ in range(2):  # a delete trigger may have written into a table already emptied
    for t in tables:
        c.execute('DELETE FROM "%s"' % t)
c.commit()
EOF
            ;;
    esac
}

# The dataset's own tables that the bundled schema does not have (bench_*: `wide` and
# `tables`), as their engine's DDL, into $RIN/ddl.sql.
dataset_ddl() { # engine db
    case $1 in
        postgres)
            if [ "$(psql_db "$2" -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'bench\\_%'")" != 0 ]; then
                pg_dump --schema-only -t 'bench_*' -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -f "$RIN/ddl.sql" "$2"
            else
                : >"$RIN/ddl.sql"
            fi
            ;;
        mysql)
            local t
            t=$(my "$2" -e "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE 'bench\_%'")
            if [ -n "$t" ]; then
                # shellcheck disable=SC2086
                "$MYSQL_DUMP" -h "$MY_HOST" -P "$MY_PORT" -u "$MY_USER" --no-data --skip-triggers "$2" $t >"$RIN/ddl.sql"
            else
                : >"$RIN/ddl.sql"
            fi
            ;;
        sqlite) sqlite3 "$(sqlite_file "$2")" ".schema bench_%" >"$RIN/ddl.sql" ;;
    esac
}

# A database shaped by `dbshape migrate`, its data tables emptied, the dataset's own
# tables created.
shape_clean() { # engine db
    fresh_db "$1" "$2"
    (cd "$WORK" && "$DBSHAPE" --quiet --url "$(dbshape_url "$1" "$2")" migrate) >/dev/null
    empty_data_tables "$1" "$2"
    load_sql "$1" "$2" <"$RIN/ddl.sql"
}

# A shaped, clean target database named db (PostgreSQL and SQLite: copied from the
# template).
shaped_target() { # engine db
    case $1 in
        postgres)
            drop_db postgres "$2"
            psql_admin -c "CREATE DATABASE $2 TEMPLATE $RESTORE_TPL"
            ;;
        sqlite)
            drop_db sqlite "$2"
            cp "$(sqlite_file "$RESTORE_TPL")" "$(sqlite_file "$2")"
            ;;
        mysql) shape_clean mysql "$2" ;;
    esac
}

# The loaders of an engine, reference first.
restore_tools_of() { # engine
    local t=()
    case $1 in
        postgres) t=(psql) ;;
        mysql)
            t=(mariadb)
            for n in $MYLOADER_THREADS; do t+=("myloader-$n"); done
            ;;
        sqlite) t=(sqlite3) ;;
    esac
    t+=(dbshape-restore)
    if [ "$1" != sqlite ]; then
        for j in $RESTORE_JOBS; do [ "$j" = 1 ] || t+=("dbshape-restore-j$j"); done
    fi
    echo "${t[*]}"
}

restore_label() { # tool
    case $1 in
        psql) echo "psql -1 -f (pg_dump --data-only)" ;;
        mariadb) echo "mariadb < mariadb-dump" ;;
        myloader-*) echo "myloader -t ${1#myloader-}" ;;
        sqlite3) echo "sqlite3 NEW < .dump" ;;
        dbshape-restore) echo "dbshape restore" ;;
        dbshape-restore-j*) echo "dbshape restore --jobs ${1#dbshape-restore-j}" ;;
    esac
}

# Takes the loaders' input dumps of the source database (untimed).
restore_inputs() { # engine db
    local engine=$1 db=$2
    rm -rf "$RIN"
    mkdir -p "$RIN"
    "$DBSHAPE" --quiet --url "$(dbshape_url "$engine" "$db")" backup -o "$RIN/dbshape.sql" --compress none --force
    case $engine in
        postgres)
            pg_dump --data-only --disable-triggers --exclude-table='dbshape_*' -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -f "$RIN/psql.sql" "$db"
            ;;
        mysql)
            # Without dbshape's own tables, and without the tables that carry triggers
            # (the bundled `settings`, 3 rows): neither client can keep the target's
            # triggers from firing, so their replay would add rows the dump also holds.
            local ignore=() skip=()
            for t in $(my "$db" -e "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE 'dbshape\\_%' UNION SELECT DISTINCT event_object_table FROM information_schema.triggers WHERE trigger_schema = DATABASE()"); do
                ignore+=("--ignore-table=$db.$t")
                skip+=("$t")
            done
            local skip_re
            skip_re=$(IFS='|'; echo "${skip[*]}")
            "$MYSQL_DUMP" -h "$MY_HOST" -P "$MY_PORT" -u "$MY_USER" --single-transaction --no-create-info \
                --skip-triggers "${ignore[@]}" --result-file="$RIN/mariadb.sql" "$db"
            if [ -n "$MYLOADER_THREADS" ]; then
                mydumper -h "$MY_HOST" -P "$MY_PORT" -u "$MY_USER" -B "$db" --no-schemas --trx-consistency-only \
                    -x "^$db\\.(?!($skip_re)\$)" -v 1 -o "$RIN/mydumper" >/dev/null
            fi
            ;;
        sqlite) sqlite3 "$(sqlite_file "$db")" .dump >"$RIN/sqlite3.sql" ;;
    esac
}

# The command line of a loader restoring into db, into the array CMD.
restore_cmd() { # engine tool db
    local engine=$1 tool=$2 db=$3
    case $tool in
        psql) CMD=(psql -X -q -1 -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$db" -f "$RIN/psql.sql") ;;
        mariadb) CMD=(sh -c 'exec "$1" "$7" -h "$2" -P "$3" -u "$4" "$5" <"$6"' sh "$MYSQL_CLI" "$MY_HOST" "$MY_PORT" "$MY_USER" "$db" "$RIN/mariadb.sql" "$MYSQL_TLS_FLAG") ;;
        myloader-*) CMD=(myloader -h "$MY_HOST" -P "$MY_PORT" -u "$MY_USER" -B "$db" -d "$RIN/mydumper" -t "${tool#myloader-}" -v 1) ;;
        sqlite3) CMD=(sh -c 'exec sqlite3 -bail "$1" <"$2"' sh "$(sqlite_file "$db")" "$RIN/sqlite3.sql") ;;
        dbshape-restore) CMD=("$DBSHAPE" --quiet --url "$(dbshape_url "$engine" "$db")" restore "$RIN/dbshape.sql") ;;
        dbshape-restore-j*) CMD=("$DBSHAPE" --quiet --url "$(dbshape_url "$engine" "$db")" restore "$RIN/dbshape.sql" --jobs "${tool#dbshape-restore-j}") ;;
    esac
}

# A fresh target for a loader: empty for sqlite3 (its dump carries the schema), shaped
# and clean for every other.
restore_target() { # engine tool db
    if [ "$2" = sqlite3 ]; then drop_db sqlite "$3"; else shaped_target "$1" "$3"; fi
}

# Measures every loader of an engine on the dataset in the source database db.
measure_restore() { # engine dataset db
    local engine=$1 ds=$2 db=$3 tool run i n line want got ref ref_ms rss r
    say "   restore: taking the loaders' input dumps"
    restore_inputs "$engine" "$db"
    want=$(dataset_rows "$engine" "$db" "$ds")
    dataset_ddl "$engine" "$db"
    # The template of shaped, clean targets.
    case $engine in postgres | sqlite) shape_clean "$engine" "$RESTORE_TPL" ;; esac
    local tools
    read -r -a tools <<<"$(restore_tools_of "$engine")"
    declare -A RMS=() RKB=()
    for tool in "${tools[@]}"; do # warm-up
        restore_target "$engine" "$tool" "$RESTORE_DB"
        restore_cmd "$engine" "$tool" "$RESTORE_DB"
        timed "$engine-$ds-restore-$tool-warmup" "${CMD[@]}"
    done
    for run in $(seq 1 "$RUNS"); do
        n=${#tools[@]}
        line="   restore run $run:"
        for i in $(seq 0 $((n - 1))); do
            tool=${tools[$(((i + run - 1) % n))]}
            restore_target "$engine" "$tool" "$RESTORE_DB"
            restore_cmd "$engine" "$tool" "$RESTORE_DB"
            timed "$engine-$ds-restore-$tool-$run" "${CMD[@]}"
            RMS[$tool]+="$LAST_MS " RKB[$tool]+="$LAST_KB "
            line+=" $tool $LAST_MS ms;"
            if [ "$run" = "$RUNS" ]; then
                got=$(dataset_rows "$engine" "$RESTORE_DB" "$ds")
                [ "$got" = "$want" ] || die "$engine/$ds: $tool restored $got rows of the dataset's tables, the source holds $want"
            fi
        done
        say "$line"
    done
    drop_db "$engine" "$RESTORE_DB"
    case $engine in postgres | sqlite) drop_db "$engine" "$RESTORE_TPL" ;; esac

    ref=${tools[0]}
    # shellcheck disable=SC2086
    ref_ms=$(median ${RMS[$ref]})
    declare -A RMED=()
    for tool in "${tools[@]}"; do
        # shellcheck disable=SC2086
        RMED[$tool]=$(median ${RMS[$tool]})
        # shellcheck disable=SC2086
        rss=$(maxof ${RKB[$tool]})
        if [ "$tool" = "$ref" ]; then r="1.00 (ref)"; else r=$(ratio "${RMED[$tool]}" "$ref_ms"); fi
        case $tool in dbshape*) r="**$r**" ;; esac
        RROWS+=("| $ds | $engine | $(restore_label "$tool") | $(secs "${RMED[$tool]}") | $r | $(mib "$rss") |")
        echo "$engine $ds restore $tool ms ${RMS[$tool]}kb ${RKB[$tool]}" >>"$WORK/logs/raw.txt"
        case $tool in
            dbshape*)
                local lim=100 verdict
                verdict=$(ok "$(awk -v kb="$rss" 'BEGIN { printf "%.1f", kb / 1024 }')" $lim)
                r=$(ratio "${RMED[$tool]}" "$ref_ms")
                case $engine/$ds in
                    postgres/*) RTARGETS+=("- PostgreSQL $ds: $(restore_label "$tool") / psql time $r, target 1.00 -> $(ok "$r" 1.00); peak RSS $(mib "$rss") -> $verdict") ;;
                    mysql/entity) RTARGETS+=("- MariaDB $ds: $(restore_label "$tool") / mariadb time $r, target 1.00 -> $(ok "$r" 1.00); peak RSS $(mib "$rss") -> $verdict") ;;
                    mysql/tables) RTARGETS+=("- MariaDB $ds: $(restore_label "$tool") / mariadb time $r, target 0.70 -> $(ok "$r" 0.70); peak RSS $(mib "$rss") -> $verdict") ;;
                    mysql/*) RTARGETS+=("- MariaDB $ds: $(restore_label "$tool") / mariadb time $r (no time target); peak RSS $(mib "$rss") -> $verdict") ;;
                    sqlite/*) RTARGETS+=("- SQLite $ds: $(restore_label "$tool") / sqlite3 time $r (no time target); peak RSS $(mib "$rss") -> $verdict") ;;
                esac
                for n in $MYLOADER_THREADS; do
                    [ "$engine" = mysql ] && RTARGETS+=("  - against myloader -t $n: $(ratio "${RMED[$tool]}" "${RMED[myloader-$n]}")")
                done
                ;;
        esac
    done
    rm -rf "$RIN"
}

cleanup() {
    for e in $ENGINES; do
        for d in $DATASETS; do drop_db "$e" "$DB_PREFIX$d" >/dev/null 2>&1 || true; done
        drop_db "$e" "$RESTORE_DB" >/dev/null 2>&1 || true
        drop_db "$e" "$RESTORE_TPL" >/dev/null 2>&1 || true
    done
    rm -rf "${OUT:?}"/*
}
trap cleanup EXIT

measure_backup() { # engine dataset db
    local engine=$1 ds=$2 db=$3 tool run i n line ref ref_ms ref_size rss r rs r_none r_zstd s_zstd
    local tools
    read -r -a tools <<<"$(tools_of "$engine")"
    declare -A MS=() KB=()
    for tool in "${tools[@]}"; do # warm-up
        rm -rf "$(out_path "$tool")"
        tool_cmd "$engine" "$tool" "$db"
        timed "$engine-$ds-$tool-warmup" "${CMD[@]}"
    done
    for run in $(seq 1 "$RUNS"); do
        n=${#tools[@]}
        line="   run $run:"
        for i in $(seq 0 $((n - 1))); do
            tool=${tools[$(((i + run - 1) % n))]}
            rm -rf "$(out_path "$tool")"
            tool_cmd "$engine" "$tool" "$db"
            timed "$engine-$ds-$tool-$run" "${CMD[@]}"
            MS[$tool]+="$LAST_MS " KB[$tool]+="$LAST_KB "
            line+=" $tool $LAST_MS ms;"
        done
        say "$line"
    done
    for tool in dbshape dbshape-zstd; do
        "$DBSHAPE" --quiet verify "$(out_path "$tool")" >/dev/null || die "$engine/$ds: $tool's dump does not verify"
    done

    ref=${tools[0]}
    # shellcheck disable=SC2086
    ref_ms=$(median ${MS[$ref]})
    ref_size=$(size_of "$(out_path "$ref")")
    declare -A MED=() SIZE=()
    for tool in "${tools[@]}"; do
        # shellcheck disable=SC2086
        MED[$tool]=$(median ${MS[$tool]})
        SIZE[$tool]=$(size_of "$(out_path "$tool")")
        # shellcheck disable=SC2086
        rss=$(maxof ${KB[$tool]})
        if [ "$tool" = "$ref" ]; then r="1.00 (ref)" rs="1.00"; else r=$(ratio "${MED[$tool]}" "$ref_ms") rs=$(ratio "${SIZE[$tool]}" "$ref_size"); fi
        case $tool in dbshape*) r="**$r**" ;; esac
        ROWS+=("| $ds | $engine | $(tool_label "$tool") | $(secs "${MED[$tool]}") | $r | $(mib "$rss") | $(human "${SIZE[$tool]}") | $rs |")
        echo "$engine $ds $tool ms ${MS[$tool]}kb ${KB[$tool]}bytes ${SIZE[$tool]}" >>"$WORK/logs/raw.txt"
    done

    r_none=$(ratio "${MED[dbshape]}" "$ref_ms")
    r_zstd=$(ratio "${MED[dbshape-zstd]}" "$ref_ms")
    s_zstd=$(ratio "${SIZE[dbshape-zstd]}" "$ref_size")
    case $engine in
        postgres)
            TARGETS+=("- PostgreSQL $ds: dbshape (none) / pg_dump time $r_none, target 1.05 -> $(ok "$r_none" 1.05)")
            TARGETS+=("- PostgreSQL $ds: dbshape (zstd) / pg_dump time $r_zstd, target 1.15 -> $(ok "$r_zstd" 1.15); size $s_zstd of pg_dump's, target 0.30 -> $(ok "$s_zstd" 0.30)")
            ;;
        mysql)
            TARGETS+=("- MariaDB $ds: dbshape (none) / mariadb-dump time $r_none, target 0.70 -> $(ok "$r_none" 0.70) (zstd: $r_zstd)")
            for n in $MYDUMPER_THREADS; do
                TARGETS+=("  - against mydumper -t $n: dbshape (none) / mydumper $(ratio "${MED[dbshape]}" "${MED[mydumper-$n]}")")
            done
            ;;
        sqlite)
            TARGETS+=("- SQLite $ds: dbshape (none) / sqlite3 .dump time $r_none, target 1.00 -> $(ok "$r_none" 1.00) (zstd: $r_zstd)")
            ;;
    esac
    unset MS KB MED SIZE
}

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
STARTED=$(date +%s)
ROWS=()
TARGETS=()
RROWS=()
RTARGETS=()
NOTES=()
declare -A VERSION_OF

for engine in $ENGINES; do
    VERSION_OF[$engine]=$(engine_version "$engine")
    for ds in $DATASETS; do
        db=$DB_PREFIX$ds
        say "== $engine / $ds"
        fresh_db "$engine" "$db"
        # The compiled-in migrations: run from a directory without ./bootstrap.
        (cd "$WORK" && "$DBSHAPE" --quiet --url "$(dbshape_url "$engine" "$db")" migrate) >/dev/null
        t0=$(date +%s)
        python3 "$HERE/generate.py" "$engine" "$ds" --scale "$SCALE" | load_sql "$engine" "$db"
        read -r nrows dbsize < <(db_stats "$engine" "$db")
        say "   loaded $nrows rows ($(human "$dbsize") on disk) in $(($(date +%s) - t0)) s"
        NOTES+=("- $ds on $engine: $nrows rows, $(human "$dbsize") on disk")
        if has_phase backup; then measure_backup "$engine" "$ds" "$db"; fi
        if has_phase restore; then measure_restore "$engine" "$ds" "$db"; fi
        rm -rf "${OUT:?}"/*
        drop_db "$engine" "$db"
    done
done

{
    echo "Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(sed -n -E 's/^model name\s*:\s*//p' /proc/cpuinfo | head -n 1); $(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME"), Linux $(uname -r); $("$DBSHAPE" --version) ($DBSHAPE_REV)."
    echo "Load average (1, 5, 15 min) at the start: $LOAD_START; at the end: $(cut -d' ' -f1-3 /proc/loadavg); the whole run took $((($(date +%s) - STARTED) / 60)) min."
    echo "SCALE=$SCALE; medians of $RUNS runs after one warm-up run per tool; ratio and size ratio against the first (reference) tool of each group."
    if has_phase backup; then
        echo
        echo "Backup:"
        echo
        echo "| dataset | engine | tool | time (median) | time ratio | peak RSS | output | size ratio |"
        echo "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |"
        printf '%s\n' "${ROWS[@]}"
    fi
    if has_phase restore; then
        echo
        echo "Restore (dbshape restore --jobs values: $RESTORE_JOBS):"
        echo
        echo "| dataset | engine | loader | time (median) | time ratio | peak RSS |"
        echo "| --- | --- | --- | ---: | ---: | ---: |"
        printf '%s\n' "${RROWS[@]}"
    fi
    echo
    printf '%s\n' "${NOTES[@]}"
    echo
    for e in $ENGINES; do echo "- $e: ${VERSION_OF[$e]}"; done
    case " $ENGINES " in *" postgres "*) echo "- $(pg_dump --version)" ;; esac
    case " $ENGINES " in *" mysql "*)
        echo "- $("$MYSQL_DUMP" --version)"
        [ -n "$MYDUMPER_THREADS$MYLOADER_THREADS" ] && echo "- $(mydumper --version); $(myloader --version)"
        ;;
    esac
    case " $ENGINES " in *" sqlite "*) echo "- sqlite3 $(sqlite3 --version | cut -d' ' -f1-2)" ;; esac
    echo
    if has_phase backup; then
        echo "Backup targets:"
        printf '%s\n' "${TARGETS[@]}"
    fi
    if has_phase restore; then
        echo "Restore targets:"
        printf '%s\n' "${RTARGETS[@]}"
    fi
} | tee "$WORK/results.md"
