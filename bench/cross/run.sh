#!/usr/bin/env bash
# Cross-engine benchmark: MariaDB to PostgreSQL with dbshape (backup, then restore
# --shape into an empty database) against pgloader (Debian package), side by side on
# the same data, in one run.
#
# The source is the backup benchmark's `entity` dataset (bench/backup/generate.py): the
# bundled schema's table_entity, 300,000 rows of ~1.1 KB JSON documents, in a MariaDB
# database shaped by `dbshape migrate`. Each round, each tool moves it into a fresh,
# empty PostgreSQL database, the order alternating between rounds:
#   dbshape   dbshape backup -o FILE --compress none && dbshape restore FILE --shape --convert
#             (the PostgreSQL schema comes from the bundled PostgreSQL migrations;
#             the file is verified in full before the database is touched)
#   dbshape-pipe  dbshape backup -o - | dbshape restore - --shape --convert: no file, the two
#             run at once; every row is still checked against the dump's digests
#             while it loads, and nothing is committed unless all of them match
#   pgloader  pgloader mysql://... postgresql://... (it creates the schema from
#             MariaDB's catalog), data tables only (dbshape's own tables excluded)
#             with smaller batches than its defaults, which exhaust its heap on
#             these documents (Debian build: "Heap exhausted, game over")
# Both connect without TLS. Reports the median wall time of each tool, the ratio, peak
# RSS (/usr/bin/time -v of the client processes; the servers' work is not in it), and
# a cell-by-cell comparison of table_entity with the source after the last round:
# every stored cell (the JSON document, compared as a JSON value, and fqn_hash) of every
# row, keyed by fqn_hash: rows missing, extra, and rows with a differing cell.
#
# Usage: bash bench/cross/run.sh
# Environment: SCALE row-count factor [1] (0.1 for a quick run); RUNS rounds [3];
#   BENCH_WORK scratch directory [/tmp/dbshape-bench-cross]; DBSHAPE binary
#   [target/release/dbshape, built if missing]; PG_HOST/PG_PORT/PG_USER
#   [127.0.0.1/5432/postgres]; MY_HOST/MY_PORT/MY_USER [127.0.0.1/3306/root].
set -euo pipefail
cd "$(dirname "$0")/../.."

SCALE=${SCALE:-1}
RUNS=${RUNS:-3}
WORK=${BENCH_WORK:-/tmp/dbshape-bench-cross}
PG_HOST=${PG_HOST:-127.0.0.1}; PG_PORT=${PG_PORT:-5432}; PG_USER=${PG_USER:-postgres}
MY_HOST=${MY_HOST:-127.0.0.1}; MY_PORT=${MY_PORT:-3306}; MY_USER=${MY_USER:-root}
SRC=dbshape_xb_src
log() { printf '== %s\n' "$*" >&2; }

if ! command -v pgloader >/dev/null; then
    log "installing pgloader"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pgloader >/dev/null
fi
DBSHAPE=${DBSHAPE:-target/release/dbshape}
if [ ! -x "$DBSHAPE" ]; then
    log "building dbshape (release)"
    cargo build --release --quiet
fi
mkdir -p "$WORK"
export PGSSLMODE=disable

psql_admin() { PGOPTIONS='-c client_min_messages=warning' psql -X -q -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres "$@"; }
my() { mariadb --skip-ssl -h "$MY_HOST" -P "$MY_PORT" -u "$MY_USER" -N -B "$@"; }
pg_url() { echo "postgres://$PG_USER@$PG_HOST:$PG_PORT/$1?sslmode=disable"; }
my_url() { echo "mysql://$MY_USER@$MY_HOST:$MY_PORT/$1?ssl-mode=DISABLED"; }
fresh_pg() { psql_admin -c "DROP DATABASE IF EXISTS \"$1\"" -c "CREATE DATABASE \"$1\""; }
cleanup() {
    my -e "DROP DATABASE IF EXISTS $SRC" || true
    for t in dbshape dbshape_pipe pgloader; do psql_admin -c "DROP DATABASE IF EXISTS \"dbshape_xb_$t\"" || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT

log "source: MariaDB $SRC, entity dataset at SCALE=$SCALE"
my -e "DROP DATABASE IF EXISTS $SRC; CREATE DATABASE $SRC CHARACTER SET utf8mb4"
"$DBSHAPE" --quiet --url "$(my_url $SRC)" migrate
python3 bench/backup/generate.py mysql entity --scale "$SCALE" | my "$SRC" >/dev/null
rows=$(my "$SRC" -e "SELECT COUNT(*) FROM table_entity")
log "source holds $rows entity rows"

# pgloader: the data tables only, as dbshape moves them.
cat >"$WORK/pgloader.load" <<EOF
LOAD DATABASE
    FROM $(echo "mysql://$MY_USER@$MY_HOST:$MY_PORT/$SRC")
    INTO $(echo "postgresql://$PG_USER@$PG_HOST:$PG_PORT/dbshape_xb_pgloader?sslmode=disable")
WITH include drop, create tables, create indexes, reset sequences, workers = 2, concurrency = 1,
     batch rows = 1000, batch size = 20 MB, prefetch rows = 1000
EXCLUDING TABLE NAMES MATCHING ~/^dbshape_/
ALTER SCHEMA '$SRC' RENAME TO 'public';
EOF

run_tool() { # tool round -> prints "seconds rss_kib"
    local tool=$1 t0 t1 rss
    fresh_pg "dbshape_xb_${tool//-/_}"
    case $tool in
        dbshape)
            rm -f "$WORK/x.sql"
            CMD=(sh -c '"$1" --quiet --url "$2" backup -o "$4" --compress none && "$1" --quiet --url "$3" restore "$4" --shape --convert'
                 sh "$DBSHAPE" "$(my_url $SRC)" "$(pg_url dbshape_xb_dbshape)" "$WORK/x.sql") ;;
        dbshape-pipe)
            CMD=(bash -c 'set -o pipefail; "$1" --quiet --url "$2" backup -o - --compress none | "$1" --quiet --url "$3" restore - --shape --convert'
                 bash "$DBSHAPE" "$(my_url $SRC)" "$(pg_url dbshape_xb_dbshape_pipe)") ;;
        pgloader)
            CMD=(pgloader --quiet "$WORK/pgloader.load") ;;
    esac
    t0=$(date +%s.%N)
    /usr/bin/time -v -o "$WORK/time.txt" "${CMD[@]}" >"$WORK/$tool.log" 2>&1 || {
        log "$tool failed:"; tail -20 "$WORK/$tool.log" >&2; exit 1; }
    t1=$(date +%s.%N)
    rss=$(awk -F': ' '/Maximum resident/ {print $2}' "$WORK/time.txt")
    echo "$(echo "$t1 - $t0" | bc -l) $rss"
}

declare -A TIMES RSS
for round in $(seq 1 "$RUNS"); do
    if [ $((round % 2)) = 1 ]; then order="dbshape dbshape-pipe pgloader"; else order="pgloader dbshape-pipe dbshape"; fi
    for tool in $order; do
        read -r secs rss < <(run_tool "$tool")
        TIMES[$tool]+="$secs "
        RSS[$tool]=$(( ${RSS[$tool]:-0} > rss ? ${RSS[$tool]:-0} : rss ))
        log "round $round: $tool $(printf '%.2f' "$secs") s, peak RSS $((rss / 1024)) MiB"
    done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

# Cell by cell, after the last round: table_entity of each target against the source.
compare() { # pg database -> "missing extra differing"
    python3 - "$SRC" "$1" "$MY_HOST" "$MY_PORT" "$MY_USER" "$PG_HOST" "$PG_PORT" "$PG_USER" <<'EOF'
import json, subprocess, sys
src, dst, mh, mp, mu, ph, pp, pu = sys.argv[1:]

def unescape(f):
    out, i = [], 0
    while i < len(f):
        c = f[i]
        if c == '\\' and i + 1 < len(f):
            n = f[i + 1]
            out.append({'t': '\t', 'n': '\n', '0': '\0', '\\': '\\'}.get(n, n))
            i += 2
        else:
            out.append(c)
            i += 1
    return ''.join(out)

def rows(cmd, esc):
    p = subprocess.run(cmd, capture_output=True, text=True, check=True)
    out = {}
    for line in p.stdout.splitlines():
        doc, h = line.split('\t')
        if esc:
            doc, h = unescape(doc), unescape(h)
        out[h] = json.loads(doc)
    return out

a = rows(["mariadb", "--skip-ssl", "-h", mh, "-P", mp, "-u", mu, "-N", "-B", src,
          "-e", "SELECT json, fqn_hash FROM table_entity"], True)
b = rows(["psql", "-X", "-At", "-F", "\t", "-h", ph, "-p", pp, "-U", pu, "-d", dst,
          "-c", "SELECT json::text, fqn_hash FROM table_entity"], False)
missing = sum(1 for k in a if k not in b)
extra = sum(1 for k in b if k not in a)
differ = sum(1 for k in a if k in b and a[k] != b[k])
print(missing, extra, differ, len(a))
EOF
}

printf '\n### MariaDB to PostgreSQL, entity dataset (%s rows), %s rounds\n\n' "$rows" "$RUNS"
echo "| tool | median time | runs | ratio to pgloader | peak RSS | table_entity cells vs source (missing / extra / differing rows of $rows) |"
echo "| --- | ---: | --- | ---: | ---: | --- |"
pgl=$(echo "${TIMES[pgloader]}" | median)
for tool in dbshape dbshape-pipe pgloader; do
    med=$(echo "${TIMES[$tool]}" | median)
    read -r missing extra differ total < <(compare "dbshape_xb_${tool//-/_}")
    runs=$(for s in ${TIMES[$tool]}; do printf '%.2f ' "$s"; done)
    printf '| %s | %.2f s | %s| %.2f | %d MiB | %s / %s / %s |\n' "$tool" "$med" "$runs" \
        "$(echo "$med / $pgl" | bc -l)" "$((RSS[$tool] / 1024))" "$missing" "$extra" "$differ"
done
echo
echo "machine: $(nproc) cores, load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); dbshape $(git rev-parse --short HEAD); $(pgloader --version | head -1)"
