#!/usr/bin/env bash
# A throwaway PostgreSQL server for the postgres-marked tests and bench/store.py: Debian's
# `postgresql` package, a fresh cluster in a temp dir, listening on 127.0.0.1 only, on a free port.
#
#   bash scripts/postgres.sh install       # apt-get install postgresql when initdb is missing
#   bash scripts/postgres.sh start         # prints "URL DIR" of a new running server
#   bash scripts/postgres.sh stop DIR      # stops that server and removes DIR
#   bash scripts/postgres.sh run CMD...    # start, run CMD with STORYWEAVE_POSTGRES_URL set, stop
#
# The server trusts every local connection (no password): it is for tests, reachable only from
# this machine, and gone when stopped. PostgreSQL refuses to run as root, so as root the cluster
# belongs to the `postgres` user (made by the Debian package), or `nobody` when that is missing.
set -euo pipefail

MARKER=".storyweave-throwaway-postgres"

find_bindir() {
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v pg_ctl)"
    return 0
  fi
  # Debian keeps the server binaries off PATH, one folder per major version.
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then
    echo "$dir"
    return 0
  fi
  return 1
}

install() {
  if find_bindir >/dev/null; then
    echo "postgresql already installed: $(find_bindir)"
    return 0
  fi
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo="sudo"
    else
      echo "postgres.sh: need root or sudo to apt-get install postgresql; PostgreSQL tests will be skipped" >&2
      return 1
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  echo "installed: $(find_bindir)"
}

# Runs a command as the cluster's owner: ourselves, or an unprivileged user when we are root.
as_owner() {
  if [ "$(id -u)" -ne 0 ]; then
    "$@"
  else
    runuser -u "$OWNER" -- "$@"
  fi
}

owner_name() {
  if [ "$(id -u)" -ne 0 ]; then
    id -un
  elif id postgres >/dev/null 2>&1; then
    echo postgres
  else
    echo nobody
  fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start() {
  local bindir dir port tries
  if ! bindir=$(find_bindir); then
    echo "postgres.sh: no PostgreSQL server binaries (initdb, pg_ctl); run: bash scripts/postgres.sh install" >&2
    return 1
  fi
  OWNER=$(owner_name)
  # Under /tmp, not a caller's folder: the owner must be able to reach it, and a root-owned
  # 0700 parent (such as pytest's tmp_path) would stop an unprivileged server.
  dir=$(mktemp -d /tmp/storyweave-pg.XXXXXX)
  touch "$dir/$MARKER"
  chown "$OWNER" "$dir" 2>/dev/null || true
  chmod 700 "$dir"
  as_owner "$bindir/initdb" --pgdata="$dir/data" --username=storyweave --auth=trust \
    --encoding=UTF8 --no-locale --no-sync >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    rm -rf "$dir"
    return 1
  }
  # synchronous_commit=off: like SQLite's synchronous=NORMAL in WAL mode, a crash may lose the
  # last commits but never corrupts; fsync stays on so bench figures are not flattered.
  for tries in 1 2 3; do # the free port can be taken between the check and the bind
    port=$(free_port)
    if as_owner "$bindir/pg_ctl" --pgdata="$dir/data" --log="$dir/server.log" --wait \
      --options="-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c synchronous_commit=off" \
      start >/dev/null 2>&1; then
      echo "postgresql://storyweave@127.0.0.1:$port/postgres $dir"
      return 0
    fi
  done
  cat "$dir/server.log" >&2 || true
  rm -rf "$dir"
  echo "postgres.sh: the server did not start (log above)" >&2
  return 1
}

stop() {
  local dir="${1:?usage: postgres.sh stop DIR}" bindir
  if [ ! -e "$dir/$MARKER" ]; then
    echo "postgres.sh: $dir is not a server started by this script; not touching it" >&2
    return 1
  fi
  OWNER=$(owner_name)
  if bindir=$(find_bindir) && [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$bindir/pg_ctl" --pgdata="$dir/data" --mode=immediate --wait stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

run() {
  local started url status
  started=$(start)
  url=${started% *}
  RUN_DIR=${started#* } # global: the EXIT trap runs after this function has returned
  trap 'stop "$RUN_DIR"' EXIT
  status=0
  STORYWEAVE_POSTGRES_URL="$url" "$@" || status=$?
  return "$status"
}

case "${1:-}" in
  install) install ;;
  start) start ;;
  stop) shift; stop "$@" ;;
  run) shift; run "$@" ;;
  *)
    echo "usage: postgres.sh install | start | stop DIR | run CMD..." >&2
    exit 2
    ;;
esac
