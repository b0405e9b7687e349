#!/usr/bin/env bash
# Obtains the real-world migration chains of tests/real_world.rs from the package
# registries (Debian, PyPI, npm) and lays each one out in dbshape's layout:
#
#   <out>/<project>/<version>/<dialect>/schemaChanges.sql
#
# Usage: tests/real_world/fetch.sh [OUT]   (default: target/real-world of this checkout)
#
# Nothing here is committed: the packages are downloaded into <out>/.packages and the
# chains are rebuilt from them. A project whose chain is already laid out (its
# <out>/<project>/.done exists) is skipped, so a second run does nothing. Every package
# version is pinned; <out>/<project>/SOURCE records what was used. Files a chain needs
# but dbshape cannot run (e.g. Python deltas) are listed in <out>/<project>/UNSUPPORTED
# as "<version><TAB><file><TAB><construct>".
set -euo pipefail

# Pinned versions. Debian keeps only the current version of a package in its archive:
# when the pinned one is gone, the candidate is used and SOURCE says which.
ROUNDCUBE_DEB=1.6.5+dfsg-1+deb12u14
TTRSS_DEB=21~git20210204.b4cbc79+dfsg-1.2
SYNAPSE_PYPI=1.132.0
GRAPHILE_WORKER_NPM=0.16.6

here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/../../target/real-world}
mkdir -p "$out"
out=$(cd "$out" && pwd)
pkgs=$out/.packages
mkdir -p "$pkgs"

log() { printf 'fetch.sh: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }
need() { command -v "$1" >/dev/null 2>&1 || die "$1 is not installed ($2)"; }

# One fetch at a time per output directory (parallel test binaries share it).
need flock "util-linux"
exec 9>"$out/.lock"
flock 9

# A project is laid out into <out>/.<project>.tmp and renamed when complete, so an
# interrupted run never leaves a half chain behind.
begin() {
    project=$1
    if [ -e "$out/$project/.done" ]; then
        log "$project: already laid out"
        return 1
    fi
    rm -rf "$out/.$project.tmp" "$out/$project"
    mkdir -p "$out/.$project.tmp"
    dst=$out/.$project.tmp
    return 0
}
finish() {
    touch "$dst/.done"
    mv "$dst" "$out/$project"
    log "$project: $(find "$out/$project" -name schemaChanges.sql | wc -l) files in $(find "$out/$project" -mindepth 1 -maxdepth 1 -type d | wc -l) versions"
}
put() { # put VERSION DIALECT SRC...: the version's file for the dialect, the sources concatenated
    local v=$1 d=$2
    shift 2
    mkdir -p "$dst/$v/$d"
    cat "$@" >"$dst/$v/$d/schemaChanges.sql"
}

# Downloads a Debian package (pinned, or the candidate) into $pkgs and extracts it to
# $pkgs/<name>; prints the version used.
deb() {
    local name=$1 pin=$2
    need apt-get "Debian's apt"
    need dpkg-deb "Debian's dpkg"
    if [ ! -d "$pkgs/$name" ]; then
        if ! apt-cache show "$name" >/dev/null 2>&1; then
            log "apt has no list of $name yet: apt-get update"
            apt-get update -qq >&2 || die "apt-get update failed"
        fi
        local ver=$pin
        if ! (cd "$pkgs" && apt-get download -qq "$name=$pin" >&2 2>/dev/null); then
            ver=$(apt-cache policy "$name" | awk '/Candidate:/ {print $2}')
            [ -n "$ver" ] && [ "$ver" != "(none)" ] || die "apt has no package $name"
            log "warning: $name $pin is no longer in the archive; using $ver"
            (cd "$pkgs" && apt-get download -qq "$name=$ver" >&2) || die "apt-get download $name=$ver failed"
        fi
        mkdir -p "$pkgs/.$name.x"
        dpkg-deb -x "$pkgs/${name}_"*.deb "$pkgs/.$name.x" || die "cannot extract the $name package"
        echo "$ver" >"$pkgs/.$name.x/.version"
        mv "$pkgs/.$name.x" "$pkgs/$name"
    fi
    cat "$pkgs/$name/.version"
}

# --- Roundcube webmail: the full schema of each engine; one version, named as the
# schema's own version (the `roundcube-version` row it inserts). The upgrade scripts it
# ships start from schemas that are not shipped.
if begin roundcube; then
    ver=$(deb roundcube-core "$ROUNDCUBE_DEB")
    sql=$pkgs/roundcube-core/usr/share/roundcube/SQL
    v=$(sed -n "s/.*'roundcube-version', '\([0-9]*\)'.*/\1/p" "$sql/postgres.initial.sql")
    [ -n "$v" ] || die "roundcube: no roundcube-version in postgres.initial.sql"
    put "$v" postgres "$sql/postgres.initial.sql"
    put "$v" mysql "$sql/mysql.initial.sql"
    put "$v" sqlite "$sql/sqlite.initial.sql"
    echo "Debian roundcube-core $ver: usr/share/roundcube/SQL/<engine>.initial.sql" >"$dst/SOURCE"
    finish
fi

# --- Tiny Tiny RSS: the full schema of each engine; one version, named as the schema's
# own version (the row it inserts into ttrss_version). Its upgrade scripts 3..N start
# from the version 2 schema, which is not shipped.
if begin tt-rss; then
    ver=$(deb tt-rss "$TTRSS_DEB")
    sch=$pkgs/tt-rss/usr/share/tt-rss/schema
    v=$(sed -n 's/^insert into ttrss_version values (\([0-9]*\));.*/\1/p' "$sch/ttrss_schema_pgsql.sql")
    [ -n "$v" ] || die "tt-rss: no ttrss_version row in ttrss_schema_pgsql.sql"
    put "$v" postgres "$sch/ttrss_schema_pgsql.sql"
    put "$v" mysql "$sch/ttrss_schema_mysql.sql"
    echo "Debian tt-rss $ver: usr/share/tt-rss/schema/ttrss_schema_{pgsql,mysql}.sql" >"$dst/SOURCE"
    finish
fi

# --- Synapse (Matrix homeserver): the full schema of version 72 (common, main, state),
# then every delta file of versions 73..SCHEMA_VERSION as its own version <v>.<i>, in
# the order Synapse applies them (file name, then directory). `.sql` runs on both
# engines, `.sql.postgres` / `.sql.sqlite` on one; `.py` deltas are Python code that
# Synapse runs against the database: listed in UNSUPPORTED, their number left unused.
# Synapse's engines replace $%AUTO_INCREMENT_PRIMARY_KEY%$ before they run a file
# (synapse/storage/engines/{postgres,sqlite}.py); so does the layout.
syn_put() { # syn_put VERSION DIALECT FILE
    local key
    case "$2" in
        postgres) key='BIGINT PRIMARY KEY GENERATED ALWAYS AS IDENTITY' ;;
        sqlite) key='INTEGER PRIMARY KEY AUTOINCREMENT' ;;
    esac
    mkdir -p "$dst/$1/$2"
    sed "s/\\\$%AUTO_INCREMENT_PRIMARY_KEY%\\\$/$key/g" "$3" >"$dst/$1/$2/schemaChanges.sql"
}
if begin synapse; then
    need python3 "Python 3 with pip"
    whl=$(ls "$pkgs"/matrix_synapse-"$SYNAPSE_PYPI"-*.whl 2>/dev/null | head -1 || true)
    if [ -z "$whl" ]; then
        # The wheel's platform is pinned too, so every machine gets the same file; only
        # its schema files are used.
        python3 -m pip download -q --no-deps --only-binary :all: --platform manylinux2014_x86_64 \
            --python-version 3.11 -d "$pkgs" "matrix-synapse==$SYNAPSE_PYPI" >&2 \
            || die "pip download matrix-synapse==$SYNAPSE_PYPI failed"
        whl=$(ls "$pkgs"/matrix_synapse-"$SYNAPSE_PYPI"-*.whl | head -1)
    fi
    rm -rf "$pkgs/synapse"
    python3 - "$whl" "$pkgs/synapse" <<'PY' || die "cannot extract the synapse schema from $whl"
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    z.extractall(sys.argv[2], [n for n in z.namelist() if n.startswith("synapse/storage/schema/")])
PY
    sch=$pkgs/synapse/synapse/storage/schema
    last=$(sed -n 's/^SCHEMA_VERSION = \([0-9]*\).*/\1/p' "$sch/__init__.py")
    [ -n "$last" ] || die "synapse: no SCHEMA_VERSION in $sch/__init__.py"
    for eng in postgres sqlite; do
        put 72 "$eng" "$sch"/{common,main,state}/full_schemas/72/full.sql."$eng"
    done
    : >"$dst/UNSUPPORTED"
    for v in $(seq 73 "$last"); do
        i=0
        while IFS=$'\t' read -r name path; do
            i=$((i + 1))
            case "$name" in
                *.sql) syn_put "$v.$i" postgres "$path"; syn_put "$v.$i" sqlite "$path" ;;
                *.sql.postgres) syn_put "$v.$i" postgres "$path" ;;
                *.sql.sqlite) syn_put "$v.$i" sqlite "$path" ;;
                *.py) printf '%s\t%s\t%s\n' "$v.$i" "${path#"$sch"/}" \
                    "Python delta (run_create/run_upgrade): Python code run against the database, not SQL" \
                    >>"$dst/UNSUPPORTED" ;;
                *) die "synapse: unexpected delta file $path" ;;
            esac
        done < <(for d in common main state; do
            [ -d "$sch/$d/delta/$v" ] || continue
            for f in "$sch/$d/delta/$v"/*; do printf '%s\t%s\n' "$(basename "$f")" "$f"; done
        done | LC_ALL=C sort)
    done
    echo "PyPI matrix-synapse $SYNAPSE_PYPI: synapse/storage/schema/{common,main,state}/{full_schemas/72,delta/73..$last}" >"$dst/SOURCE"
    finish
fi

# --- Graphile Worker (PostgreSQL job queue): sql/000001.sql ... as versions 1..N, a
# chain from an empty database. Its migrator substitutes the schema name for
# :GRAPHILE_WORKER_SCHEMA and creates that schema first; the layout does the same
# (default name graphile_worker), the CREATE SCHEMA at the top of version 1.
if begin graphile-worker; then
    need npm "Node.js's npm"
    tgz=$pkgs/graphile-worker-$GRAPHILE_WORKER_NPM.tgz
    if [ ! -f "$tgz" ]; then
        (cd "$pkgs" && npm pack -q "graphile-worker@$GRAPHILE_WORKER_NPM" >/dev/null) \
            || die "npm pack graphile-worker@$GRAPHILE_WORKER_NPM failed"
    fi
    rm -rf "$pkgs/graphile-worker"
    mkdir -p "$pkgs/graphile-worker"
    tar -xzf "$tgz" -C "$pkgs/graphile-worker" package/sql || die "cannot extract $tgz"
    printf 'create schema if not exists graphile_worker;\n' >"$pkgs/graphile-worker/schema.sql"
    for f in "$pkgs"/graphile-worker/package/sql/[0-9]*.sql; do
        n=$(basename "$f" .sql)
        n=$((10#$n))
        src=$pkgs/graphile-worker/$n.sql
        sed 's/:GRAPHILE_WORKER_SCHEMA/graphile_worker/g' "$f" >"$src"
        if [ "$n" = 1 ]; then
            put "$n" postgres "$pkgs/graphile-worker/schema.sql" "$src"
        else
            put "$n" postgres "$src"
        fi
    done
    echo "npm graphile-worker $GRAPHILE_WORKER_NPM: sql/NNNNNN.sql, :GRAPHILE_WORKER_SCHEMA = graphile_worker" >"$dst/SOURCE"
    finish
fi
