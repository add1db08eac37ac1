#!/usr/bin/env bash
# Throwaway PostgreSQL cluster for tests: `start` prints a postgres:// URL on stdout; `stop` shuts it down and deletes it.
#
#   url=$(scripts/pg-test-cluster.sh start) && LLMPATH_TEST_DATABASE_URL=$url npx vitest run src/store
#   scripts/pg-test-cluster.sh stop
#
# Listens on 127.0.0.1 on a free port with trust auth; data lives in $LLMPATH_PG_DIR (default /tmp/llmpath-pg-test).
# Binaries: $PG_BIN, else /usr/lib/postgresql/<newest>/bin, else /usr/local/bin, else PATH.
# As root (CI), the server runs as the `postgres` user, or a `llmpath-pg` system user created for it.
# Settings favour speed over durability (fsync off): never point this at data you care about.
set -euo pipefail

DIR="${LLMPATH_PG_DIR:-${TMPDIR:-/tmp}/llmpath-pg-test}"
DATA="$DIR/data"
say() { echo "pg-test-cluster: $*" >&2; }
die() { say "$1"; exit "${2:-1}"; }

find_bin() {
  local d candidates=()
  [ -n "${PG_BIN:-}" ] && candidates+=("$PG_BIN")
  while IFS= read -r d; do candidates+=("$d"); done < <(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4,4 -n -r)
  candidates+=(/usr/local/bin /usr/local/pgsql/bin)
  d="$(command -v initdb 2>/dev/null || true)"
  [ -n "$d" ] && candidates+=("$(dirname "$d")")
  for d in "${candidates[@]}"; do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
  done
  return 1
}

# The user the server runs as: ourselves, or (as root) a non-root user, because postgres refuses to run as root.
RUN_AS=""
pick_user() {
  [ "$(id -u)" -ne 0 ] && return 0
  if id postgres >/dev/null 2>&1; then RUN_AS=postgres; return 0; fi
  if ! id llmpath-pg >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /bin/sh llmpath-pg >/dev/null 2>&1 \
      || die "running as root and there is no 'postgres' user; could not create user 'llmpath-pg' (useradd failed). Run as a non-root user."
  fi
  RUN_AS=llmpath-pg
}

as_pg() {
  if [ -z "$RUN_AS" ]; then "$@"
  elif command -v runuser >/dev/null 2>&1; then runuser -u "$RUN_AS" -- "$@"
  else su -s /bin/sh "$RUN_AS" -c "$(printf '%q ' "$@")"
  fi
}

free_port() {
  if command -v node >/dev/null 2>&1; then
    node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
  elif command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1]);s.close()'
  else
    echo $((20000 + RANDOM % 40000))
  fi
}

start() {
  local bin port url
  bin="$(find_bin)" || die "PostgreSQL server binaries (initdb, pg_ctl) not found in \$PG_BIN, /usr/lib/postgresql/*/bin, /usr/local/bin or PATH; install them (Debian: apt-get install -y postgresql) or set PG_BIN." 2
  pick_user
  if [ -f "$DIR/url" ] && as_pg "$bin/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
    say "already running ($DIR)"
    cat "$DIR/url"
    return 0
  fi
  [ -d "$DATA" ] && as_pg "$bin/pg_ctl" -D "$DATA" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
  mkdir -p "$DIR"
  chmod 700 "$DIR"
  [ -n "$RUN_AS" ] && chown "$RUN_AS" "$DIR"
  as_pg "$bin/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 --locale=C >"$DIR/initdb.log" 2>&1 \
    || { cat "$DIR/initdb.log" >&2; die "initdb failed in $DATA (log above)"; }
  port="$(free_port)"
  as_pg "$bin/pg_ctl" -D "$DATA" -l "$DIR/server.log" -w -t 30 \
    -o "-p $port -c listen_addresses=127.0.0.1 -k $DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" \
    start >/dev/null \
    || { cat "$DIR/server.log" >&2; die "the server did not start on 127.0.0.1:$port (log above)"; }
  url="postgres://postgres@127.0.0.1:$port/postgres"
  echo "$url" >"$DIR/url"
  say "started PostgreSQL ($("$bin/postgres" --version | awk '{print $3}')) on 127.0.0.1:$port, data in $DATA"
  echo "$url"
}

stop() {
  if [ ! -d "$DIR" ]; then say "nothing to stop ($DIR does not exist)"; return 0; fi
  local bin
  bin="$(find_bin)" || die "PostgreSQL binaries not found; remove $DIR by hand after stopping its server." 2
  pick_user
  if [ -d "$DATA" ]; then as_pg "$bin/pg_ctl" -D "$DATA" -m fast -w -t 30 stop >/dev/null 2>&1 || say "server in $DATA was not running"; fi
  rm -rf "$DIR"
  say "stopped and removed $DIR"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url) [ -f "$DIR/url" ] && cat "$DIR/url" || die "no cluster running in $DIR; run: $0 start" ;;
  *) die "usage: $0 start|stop|url   (start prints a postgres:// URL; LLMPATH_PG_DIR sets the folder, PG_BIN the binaries)" 64 ;;
esac
