#!/usr/bin/env bash
# Set up everything the test suite needs on a fresh machine, then run it:
#   a virtualenv with the project and its dev extras, Debian's chromium for the
#   browser tests, local Neo4j 5.26 servers (from Maven Central, bound to
#   127.0.0.1) for the Neo4j and parity tests; then ruff and pytest. Extra
#   arguments go to pytest. docker-compose.yml is checked against the Compose
#   Specification's JSON schema (no Docker, no compose plugin needed).
# The Neo4j tests never skip here: CTGRAPH_REQUIRE_NEO4J=1 turns a missing
# server into a failure.
# pytest runs on one pytest-xdist worker per core (at most 4; choose with
# CTGRAPH_TEST_WORKERS=N, 1 runs it in this process as plain pytest does). Each
# worker has a Neo4j server of its own, since tests empty and reload the one
# database a Community server has: worker 0 uses tools/neo4j/run, worker N
# tools/neo4j/run-workers/gwN (tests/conftest.py points each worker at its
# server). A worker takes whole modules (--dist loadscope), so a module's
# tests run one after another on one server, as they do without xdist; the
# longest modules go first (tests/conftest.py, LONGEST_FIRST).
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
WORKERS=${CTGRAPH_TEST_WORKERS:-$(nproc 2>/dev/null || echo 1)}
[[ "$WORKERS" =~ ^[1-9][0-9]*$ ]] || { echo "Error: CTGRAPH_TEST_WORKERS=$WORKERS is not a positive number" >&2; exit 2; }
(( WORKERS <= 4 )) || WORKERS=4

run_dir() {  # the run folder of worker $1's Neo4j server
  if [ "$1" = 0 ]; then echo tools/neo4j/run; else echo "tools/neo4j/run-workers/gw$1"; fi
}

# The three slow steps run side by side: Neo4j (jars from Maven Central on the
# first run, then the JVM starts), the virtualenv, and Debian's chromium.
# A throw-away password for the throw-away local servers, unless one is given.
export NEO4J_PASSWORD="${NEO4J_PASSWORD:-$("$PY" -c 'import secrets; print(secrets.token_urlsafe(18))')}"
NEO4J_EXPORTS=$(mktemp -d)
stop_servers() {
  for ((i = 0; i < WORKERS; i++)); do
    NEO4J_RUN_DIR=$(run_dir "$i") "$PY" tools/neo4j/server.py stop >/dev/null 2>&1 || true
  done
}
stop_servers
trap 'stop_servers; rm -rf "$NEO4J_EXPORTS"' EXIT
neo4j_pids=()
for ((i = 0; i < WORKERS; i++)); do
  # (fetch.sh, which each start runs, serialises itself: the first one downloads)
  NEO4J_RUN_DIR=$(run_dir "$i") "$PY" tools/neo4j/server.py start >"$NEO4J_EXPORTS/$i" &
  neo4j_pids+=($!)
done

if [ ! -x /usr/bin/chromium ]; then
  echo "Installing Debian's chromium for the browser tests..." >&2
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  ( $SUDO apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q chromium >/dev/null ) &
  chromium_pid=$!
fi

if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/pip install -q --disable-pip-version-check -e '.[dev]'

[ -z "${chromium_pid:-}" ] || wait "$chromium_pid"
uris="" run_dirs=""
for ((i = 0; i < WORKERS; i++)); do
  wait "${neo4j_pids[$i]}"
  uris+="$(eval "$(cat "$NEO4J_EXPORTS/$i")"; echo "$NEO4J_URI") "
  run_dirs+="${run_dirs:+:}$PWD/$(run_dir "$i")"
done
eval "$(cat "$NEO4J_EXPORTS/0")"  # NEO4J_URI etc. of worker 0's server (all of them without xdist)
export CTGRAPH_REQUIRE_NEO4J=1 CTGRAPH_REQUIRE_BROWSER=1

.venv/bin/ruff check .
if (( WORKERS > 1 )); then
  CTGRAPH_TEST_NEO4J_URIS=$uris CTGRAPH_TEST_NEO4J_RUN_DIRS=$run_dirs \
    .venv/bin/pytest -n "$WORKERS" --dist loadscope --no-loadscope-reorder --max-worker-restart=0 "$@"
else
  .venv/bin/pytest "$@"
fi
