#!/usr/bin/env bash
# A throw-away PostgreSQL server for the test suites (Debian's postgresql package):
#   scripts/pg-server.sh start <dir> <port>   initdb into <dir>/data (trust auth, UTF-8), start on 127.0.0.1:<port>
#   scripts/pg-server.sh stop <dir>           stop it (fast) and remove <dir>
#   scripts/pg-server.sh halt <dir>           stop it (fast), keeping <dir>: a database server going away under the app
#   scripts/pg-server.sh resume <dir>         start a halted one again, on the same port
#   scripts/pg-server.sh find                 print the folder of initdb/pg_ctl, or nothing
# As root it runs the server as the postgres user, as PostgreSQL requires. Prints the server's URL on start.
set -euo pipefail

find_bin() {
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n -r); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
  done
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then dirname "$(command -v initdb)"; return 0; fi
  return 1
}

as_owner() {
  if [ "$(id -u)" = "0" ]; then su postgres -s /bin/bash -c "$1"; else bash -c "$1"; fi
}

case "${1:-}" in
  find)
    find_bin || true
    ;;
  start)
    dir="$2"; port="$3"
    bin=$(find_bin) || { echo "PostgreSQL server programs not found (apt-get install postgresql)." >&2; exit 3; }
    mkdir -p "$dir"
    if [ "$(id -u)" = "0" ]; then
      chown postgres "$dir"
      su postgres -s /bin/bash -c "test -w '$dir'" || { echo "The postgres user cannot reach $dir; use a folder under /tmp." >&2; exit 3; }
    fi
    as_owner "'$bin/initdb' -D '$dir/data' -A trust -U postgres -E UTF8 --locale=C.UTF-8 >'$dir/initdb.log' 2>&1" \
      || as_owner "'$bin/initdb' -D '$dir/data' -A trust -U postgres -E UTF8 --locale=C >'$dir/initdb.log' 2>&1"
    # fsync stays on: the durability tests kill servers, and PostgreSQL must behave as in production.
    echo "$port" > "$dir/port"
    as_owner "'$bin/pg_ctl' -D '$dir/data' -o '-p $port -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=300' -l '$dir/pg.log' -w start >/dev/null"
    echo "postgresql://postgres@127.0.0.1:$port/postgres"
    ;;
  halt)
    dir="$2"
    bin=$(find_bin) || exit 3
    as_owner "'$bin/pg_ctl' -D '$dir/data' -m fast -w stop >/dev/null"
    ;;
  resume)
    dir="$2"
    bin=$(find_bin) || exit 3
    port=$(cat "$dir/port")
    as_owner "'$bin/pg_ctl' -D '$dir/data' -o '-p $port -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=300' -l '$dir/pg.log' -w start >/dev/null"
    ;;
  stop)
    dir="$2"
    bin=$(find_bin) || exit 0
    if [ -d "$dir/data" ]; then as_owner "'$bin/pg_ctl' -D '$dir/data' -m fast -w stop >/dev/null 2>&1" || true; fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: scripts/pg-server.sh start <dir> <port> | stop <dir> | halt <dir> | resume <dir> | find" >&2
    exit 2
    ;;
esac
