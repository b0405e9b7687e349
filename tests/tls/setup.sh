#!/usr/bin/env bash
# Gives the local PostgreSQL and MariaDB a TLS certificate signed by a test CA, for
# tests/tls.rs. Idempotent: certificates are made once, a server is reconfigured (and
# MariaDB restarted) only when it does not already serve them.
#
#   bash tests/tls/setup.sh            # as root, with both servers running
#
# Writes into $DBSHAPE_TLS_DIR (default /var/lib/dbshape-tls):
#   ca.pem           the test CA that signed the servers' certificate
#   other-ca.pem     a CA that signed nothing: a root that does not verify the servers
#   server.pem       the servers' certificate (localhost, 127.0.0.1)
#   client.pem/.key  a client certificate signed by the CA
# and creates the login `dbshape_tls` on both servers, which may only connect over TLS
# (pg_hba.conf `hostnossl ... reject`; MariaDB `REQUIRE SSL`), so that a test connecting
# as it proves that every connection dbshape opens is encrypted.
set -euo pipefail

DIR=${DBSHAPE_TLS_DIR:-/var/lib/dbshape-tls}
log() { printf '== tls: %s\n' "$*" >&2; }

mkdir -p "$DIR"
chmod 0755 "$DIR"
if [ ! -s "$DIR/ca.pem" ] || [ ! -s "$DIR/server.pem" ] || [ ! -s "$DIR/client.key" ]; then
    log "making a test CA and certificates in $DIR"
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=dbshape test CA" \
        -keyout "$tmp/ca.key" -out "$DIR/ca.pem" 2>/dev/null
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=dbshape other CA" \
        -keyout "$tmp/other-ca.key" -out "$DIR/other-ca.pem" 2>/dev/null
    printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' >"$tmp/server.ext"
    openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
        -keyout "$DIR/server.key" -out "$tmp/server.csr" 2>/dev/null
    openssl x509 -req -in "$tmp/server.csr" -CA "$DIR/ca.pem" -CAkey "$tmp/ca.key" \
        -CAcreateserial -days 3650 -extfile "$tmp/server.ext" -out "$DIR/server.pem" 2>/dev/null
    printf 'basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n' >"$tmp/client.ext"
    openssl req -newkey rsa:2048 -nodes -subj "/CN=dbshape_tls" \
        -keyout "$DIR/client.key" -out "$tmp/client.csr" 2>/dev/null
    openssl x509 -req -in "$tmp/client.csr" -CA "$DIR/ca.pem" -CAkey "$tmp/ca.key" \
        -CAcreateserial -days 3650 -extfile "$tmp/client.ext" -out "$DIR/client.pem" 2>/dev/null
    chmod 0644 "$DIR"/*.pem
    chmod 0600 "$DIR/client.key"
fi
# Each server reads its own copy of the key, owned by its user (PostgreSQL refuses a key
# that others can read).
install -m 0600 -o postgres -g postgres "$DIR/server.key" "$DIR/pg-server.key"
install -m 0600 -o mysql -g mysql "$DIR/server.key" "$DIR/my-server.key"

# PostgreSQL: the certificate is reloadable without a restart.
pg() { psql -h 127.0.0.1 -U postgres -d postgres -Atqc "$1"; }
if [ "$(pg 'SHOW ssl_cert_file')" != "$DIR/server.pem" ] || [ "$(pg 'SHOW ssl')" != on ]; then
    log "PostgreSQL: serving $DIR/server.pem"
    pg "ALTER SYSTEM SET ssl = on"
    pg "ALTER SYSTEM SET ssl_cert_file = '$DIR/server.pem'"
    pg "ALTER SYSTEM SET ssl_key_file = '$DIR/pg-server.key'"
    pg "SELECT pg_reload_conf()" >/dev/null
fi
hba=$(pg 'SHOW hba_file')
if ! grep -q '^hostnossl all dbshape_tls' "$hba"; then
    log "PostgreSQL: dbshape_tls may connect over TLS only"
    sed -i '1i hostnossl all dbshape_tls 0.0.0.0/0 reject' "$hba"
    pg "SELECT pg_reload_conf()" >/dev/null
fi
pg "SELECT 1 FROM pg_roles WHERE rolname = 'dbshape_tls'" | grep -q 1 \
    || pg "CREATE ROLE dbshape_tls SUPERUSER LOGIN"
for _ in $(seq 1 20); do
    [ "$(pg 'SHOW ssl_cert_file')" = "$DIR/server.pem" ] && break
    sleep 0.5
done

# MariaDB 10.11 reads its certificate at start only: restart it when it does not serve ours.
my() { mariadb -h 127.0.0.1 -u root -NBe "$1"; }
cnf=${MYSQL_CNF:-/etc/mysql/my.cnf}
if ! grep -q "^ssl-cert = $DIR/server.pem" "$cnf"; then
    # Debian's my.cnf may be a symbolic link, and may have no [mysqld] group of its
    # own (it includes conf.d directories): edit the file it points to, and add a group.
    sed -i --follow-symlinks '/^ssl-cert = /d; /^ssl-key = /d; /^ssl-ca = /d' "$cnf"
    printf '\n[mysqld]\nssl-cert = %s\nssl-key = %s\nssl-ca = %s\n' \
        "$DIR/server.pem" "$DIR/my-server.key" "$DIR/ca.pem" >>"$cnf"
fi
if [ "$(my "SELECT @@have_ssl")" != YES ] || [ "$(my "SELECT @@ssl_cert")" != "$DIR/server.pem" ]; then
    log "MariaDB: restarting to serve $DIR/server.pem"
    mariadb-admin -h 127.0.0.1 -u root shutdown || true
    for _ in $(seq 1 120); do pidof mariadbd >/dev/null || break; sleep 0.5; done
    mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld
    start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- --user=mysql
    for _ in $(seq 1 60); do my "SELECT 1" >/dev/null 2>&1 && break; sleep 1; done
fi
[ "$(my "SELECT @@have_ssl")" = YES ] || { log "MariaDB did not enable TLS"; exit 1; }
my "CREATE USER IF NOT EXISTS 'dbshape_tls'@'%' REQUIRE SSL"
my "GRANT ALL PRIVILEGES ON *.* TO 'dbshape_tls'@'%'"
log "ready: PostgreSQL and MariaDB serve $DIR/server.pem"
