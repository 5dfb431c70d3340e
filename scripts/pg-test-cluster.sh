#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster, then stop and delete the cluster.
#
#   scripts/pg-test-cluster.sh COMMAND [ARGS...]
#
# The cluster lives in a fresh temporary directory, listens on 127.0.0.1 only, on a free
# port, with trust authentication, and has one empty database, passport_test. COMMAND runs
# with TEST_DATABASE_URL pointing at it (tests/conftest.py reads that). The cluster is
# always stopped and deleted on exit, whether COMMAND passes, fails or is interrupted; the
# script exits with COMMAND's status.
#
# PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user
# (created by Debian's postgresql-common; created here, as a system user, if missing).
# Needs the server binaries (initdb, pg_ctl, postgres): Debian's postgresql-15 package.
set -euo pipefail

if [[ $# -eq 0 ]]; then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 2
fi

DB_NAME=${PG_TEST_DB:-passport_test}

# --- where the server binaries are ------------------------------------------------------
find_bindir() {
  local dir
  # Debian keeps them out of PATH, one directory per major version; take the newest.
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [[ -x $dir/initdb && -x $dir/pg_ctl && -x $dir/postgres ]]; then
      echo "$dir"
      return
    fi
  done
  local initdb
  if initdb=$(command -v initdb); then
    dirname "$(readlink -f "$initdb")"
    return
  fi
  echo "pg-test-cluster: no PostgreSQL server binaries (initdb, pg_ctl); install postgresql-15" >&2
  exit 1
}
BINDIR=$(find_bindir)

# --- who runs the server ----------------------------------------------------------------
as_owner() { "$@"; }
OWNER=$(id -un)
if [[ $(id -u) -eq 0 ]]; then
  OWNER=postgres
  if ! id -u "$OWNER" >/dev/null 2>&1; then
    useradd --system --user-group --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin "$OWNER"
  fi
  as_owner() { runuser -u "$OWNER" -- "$@"; }
fi

# --- a free port on loopback --------------------------------------------------------------
free_port() {
  python3 - <<'PY'
import socket
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    print(s.getsockname()[1])
PY
}

# --- the cluster ------------------------------------------------------------------------
WORKDIR=$(mktemp -d "${TMPDIR:-/tmp}/passport-pg.XXXXXX")
DATADIR=$WORKDIR/data
LOGFILE=$WORKDIR/server.log
STARTED=0

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [[ $STARTED -eq 1 ]]; then
    (cd "$WORKDIR" && as_owner "$BINDIR/pg_ctl" -D "$DATADIR" -m immediate -w stop >/dev/null 2>&1) ||
      echo "pg-test-cluster: pg_ctl stop failed" >&2
  fi
  rm -rf -- "$WORKDIR"
  echo "pg-test-cluster: cluster stopped and deleted"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

chown "$OWNER" "$WORKDIR"
chmod 700 "$WORKDIR"
cd "$WORKDIR"  # the server user may not be able to read the caller's directory

as_owner "$BINDIR/initdb" -D "$DATADIR" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
  --no-sync >"$WORKDIR/initdb.log" 2>&1 || {
  cat "$WORKDIR/initdb.log" >&2
  exit 1
}

# A throwaway cluster: durability off for speed; the socket stays in our own directory.
for attempt in 1 2 3; do
  PORT=$(free_port)
  if as_owner "$BINDIR/pg_ctl" -D "$DATADIR" -l "$LOGFILE" -w -t 60 -o \
    "-c listen_addresses=127.0.0.1 -p $PORT -k $WORKDIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null; then
    STARTED=1
    break
  fi
  echo "pg-test-cluster: start on port $PORT failed (attempt $attempt):" >&2
  tail -n 20 "$LOGFILE" >&2 || true
done
if [[ $STARTED -ne 1 ]]; then
  exit 1
fi

"$BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U postgres -d postgres \
  -c "CREATE DATABASE $DB_NAME"

export TEST_DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:$PORT/$DB_NAME"
echo "pg-test-cluster: PostgreSQL $("$BINDIR/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT"
echo "pg-test-cluster: TEST_DATABASE_URL=$TEST_DATABASE_URL"

cd "$OLDPWD"
set +e
"$@"
exit $?
