#!/usr/bin/env bash
# Throwaway PostgreSQL 15 cluster for the test suite, listening on loopback only.
#
#   postgres-test-cluster.sh start DIR   initdb + start a cluster in DIR, print its DATABASE_URL
#   postgres-test-cluster.sh stop DIR    stop the cluster in DIR and delete DIR
#   postgres-test-cluster.sh run -- CMD  start a cluster in a temp dir, run CMD with DATABASE_URL set, stop it
#
# The role `maillage` gets CREATEDB because Django's test runner creates `test_maillage` itself.
set -euo pipefail

PG_VERSION=15
PG_BIN=/usr/lib/postgresql/${PG_VERSION}/bin
DB_NAME=maillage
DB_USER=maillage
DB_PASSWORD=maillage
FIRST_PORT=${MAILLAGE_PG_PORT:-54329}

die() {
    echo "error: $*" >&2
    exit 1
}

as_root() {
    if [[ $(id -u) -eq 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        sudo -n "$@"
    else
        die "PostgreSQL ${PG_VERSION} is not installed and installing it needs root: apt-get install postgresql-${PG_VERSION}"
    fi
}

# initdb refuses to run as root, so root hands the cluster to the `postgres` system user.
as_owner() {
    if [[ $(id -u) -eq 0 ]]; then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

ensure_installed() {
    [[ -x ${PG_BIN}/initdb ]] && return
    echo "Installing PostgreSQL ${PG_VERSION}…" >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "postgresql-${PG_VERSION}" >&2 \
        || as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2
    [[ -x ${PG_BIN}/initdb ]] || die "${PG_BIN}/initdb is still missing after installing PostgreSQL"
}

port_is_free() {
    # A successful connection means something already listens there.
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

free_port() {
    local port
    for ((port = FIRST_PORT; port < FIRST_PORT + 50; port++)); do
        if port_is_free "$port"; then
            echo "$port"
            return
        fi
    done
    die "no free port between ${FIRST_PORT} and $((FIRST_PORT + 49))"
}

start() {
    local dir=${1:?usage: $0 start DIR}
    ensure_installed
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    [[ -e $dir/data ]] && die "$dir/data already exists: stop that cluster first"
    if [[ $(id -u) -eq 0 ]]; then
        chown postgres: "$dir"
    fi

    local port
    port=$(free_port)

    # Local socket trusted for setup; TCP needs the password, as Django will use it.
    as_owner "${PG_BIN}/initdb" --pgdata="$dir/data" --username=postgres --encoding=UTF8 \
        --locale=C.UTF-8 --auth-local=trust --auth-host=scram-sha-256 --no-sync >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; die "initdb failed"; }

    # Durability is pointless for a throwaway cluster; dropping it makes the suite faster.
    as_owner "${PG_BIN}/pg_ctl" --pgdata="$dir/data" --log="$dir/postgres.log" --wait --silent \
        -o "-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories='${dir}' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >&2 || { cat "$dir/postgres.log" >&2; die "PostgreSQL did not start"; }

    as_owner "${PG_BIN}/psql" --host="$dir" --port="$port" --username=postgres --dbname=postgres \
        --quiet --no-psqlrc -v ON_ERROR_STOP=1 >&2 <<SQL
CREATE ROLE ${DB_USER} LOGIN CREATEDB PASSWORD '${DB_PASSWORD}';
CREATE DATABASE ${DB_NAME} OWNER ${DB_USER};
SQL

    echo "postgres://${DB_USER}:${DB_PASSWORD}@127.0.0.1:${port}/${DB_NAME}"
}

stop() {
    local dir=${1:?usage: $0 stop DIR}
    [[ -d $dir ]] || return 0
    if [[ -f $dir/data/postmaster.pid ]]; then
        as_owner "${PG_BIN}/pg_ctl" --pgdata="$dir/data" --mode=fast --wait --silent stop >&2 || true
    fi
    rm -rf "$dir"
}

run() {
    [[ ${1:-} == -- ]] && shift
    (($# > 0)) || die "usage: $0 run -- COMMAND [ARGS…]"
    local dir
    dir=$(mktemp -d -t maillage-pg.XXXXXX)
    # shellcheck disable=SC2064 # expand $dir now: the trap must stop this very cluster.
    trap "stop '$dir'" EXIT
    DATABASE_URL=$(start "$dir")
    export DATABASE_URL
    echo "PostgreSQL ${PG_VERSION} test cluster: ${DATABASE_URL}" >&2
    "$@"
}

case ${1:-} in
start | stop | run)
    command=$1
    shift
    "$command" "$@"
    ;;
*)
    echo "usage: $0 {start DIR | stop DIR | run -- COMMAND [ARGS…]}" >&2
    exit 2
    ;;
esac
