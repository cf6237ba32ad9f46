#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the conformance tests (issue #10).
#
#   tools/pg-cluster.sh start <dir>   initdb in a fresh temporary folder, start the server on
#                                     127.0.0.1 only, on a free port, create database `atensi`;
#                                     prints `export ATENSI_TEST_PG_URI=postgresql://...` on
#                                     stdout (eval it) and keeps its state in <dir>
#   tools/pg-cluster.sh uri <dir>     prints the URI of the running cluster
#   tools/pg-cluster.sh stop <dir>    stops the server and removes its data and <dir>
#
# Both verbs are idempotent: `start` on a running cluster prints its URI again, `stop` on a
# stopped or absent one does nothing. The server binaries refuse to run as root, so as root the
# cluster runs as the Debian `postgres` system user (created by the postgresql package) and its
# data folder is owned by that user. Authentication is `trust` on the loopback interface and the
# cluster's own socket folder only: it is for tests on this machine, never for real data.
# fsync is off (a crash loses the throwaway cluster, nothing else); with ATENSI_PG_DURABLE=1 in
# the environment it starts durable instead (fsync, synchronous_commit and full_page_writes on, the
# server defaults), as tools/bench.sh --pg does for the durable benchmark workloads.
set -euo pipefail

usage() {
  echo "usage: $0 start|uri|stop <dir>" >&2
  exit 2
}

[ "$#" -eq 2 ] || usage
verb=$1
state=$2

pg_bindir() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
      echo "$d"
      return 0
    fi
  done
  echo "pg-cluster: no PostgreSQL server found under /usr/lib/postgresql (apt-get install postgresql)" >&2
  return 1
}

# Runs a server binary as the cluster's owner.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  python3 - <<'EOF'
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
EOF
}

running() {
  [ -f "$state/datadir" ] || return 1
  local data
  data=$(cat "$state/datadir")
  [ -d "$data/db" ] || return 1
  as_owner "$BIN/pg_ctl" -D "$data/db" status >/dev/null 2>&1
}

print_uri() {
  echo "export ATENSI_TEST_PG_URI=$(cat "$state/uri")"
}

case "$verb" in
  start)
    BIN=$(pg_bindir)
    if running; then
      print_uri
      exit 0
    fi
    if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
      echo "pg-cluster: running as root needs the 'postgres' system user (apt-get install postgresql)" >&2
      exit 1
    fi
    # A stale state folder (server gone): clean it first.
    if [ -f "$state/datadir" ]; then
      rm -rf -- "$(cat "$state/datadir")"
    fi
    mkdir -p "$state"
    data=$(mktemp -d "${TMPDIR:-/tmp}/atensi-pg.XXXXXX")
    echo "$data" >"$state/datadir"
    if [ "$(id -u)" -eq 0 ]; then
      chown postgres:postgres "$data"
    fi
    chmod 700 "$data"
    as_owner "$BIN/initdb" -D "$data/db" -U atensi -A trust -E UTF8 --locale=C --no-sync \
      >"$state/initdb.log" 2>&1 || {
      cat "$state/initdb.log" >&2
      exit 1
    }
    port=$(free_port)
    durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    if [ "${ATENSI_PG_DURABLE:-0}" = 1 ]; then
      durability="-c fsync=on -c synchronous_commit=on -c full_page_writes=on"
    fi
    as_owner "$BIN/pg_ctl" -D "$data/db" -l "$data/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$data \
$durability -c max_connections=200" \
      start >"$state/pg_ctl.log" 2>&1 || {
      cat "$state/pg_ctl.log" "$data/server.log" >&2 || true
      exit 1
    }
    as_owner "$BIN/createdb" -h 127.0.0.1 -p "$port" -U atensi atensi
    echo "$port" >"$state/port"
    echo "postgresql://atensi@127.0.0.1:$port/atensi" >"$state/uri"
    echo "pg-cluster: PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$port" \
      "(data $data)" >&2
    print_uri
    ;;
  uri)
    [ -f "$state/uri" ] || {
      echo "pg-cluster: no cluster in $state" >&2
      exit 1
    }
    cat "$state/uri"
    ;;
  stop)
    [ -d "$state" ] || exit 0
    BIN=$(pg_bindir)
    if [ -f "$state/datadir" ]; then
      data=$(cat "$state/datadir")
      if [ -d "$data/db" ]; then
        as_owner "$BIN/pg_ctl" -D "$data/db" -m fast -w stop >/dev/null 2>&1 || true
      fi
      rm -rf -- "$data"
    fi
    rm -rf -- "$state"
    ;;
  *)
    usage
    ;;
esac
