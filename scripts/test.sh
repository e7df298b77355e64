#!/usr/bin/env bash
# Set up everything the test suite needs on a fresh machine, then run it:
#   a virtualenv with the project and its dev extras, Debian's chromium for the
#   browser tests, a local Neo4j 5.26 (from Maven Central, bound to 127.0.0.1)
#   for the Neo4j and parity tests; then ruff and pytest. Extra arguments go to
#   pytest. docker-compose.yml is checked against the Compose Specification's
#   JSON schema (no Docker, no compose plugin needed).
# The Neo4j tests never skip here: CTGRAPH_REQUIRE_NEO4J=1 turns a missing
# server into a failure.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}

# The three slow steps run side by side: Neo4j (jars from Maven Central on the
# first run, then the JVM start), the virtualenv, and Debian's chromium.
# A throw-away password for the throw-away local server, unless one is given.
export NEO4J_PASSWORD="${NEO4J_PASSWORD:-$("$PY" -c 'import secrets; print(secrets.token_urlsafe(18))')}"
"$PY" tools/neo4j/server.py stop >/dev/null 2>&1 || true
NEO4J_EXPORTS=$(mktemp)
trap '"$PY" tools/neo4j/server.py stop >/dev/null 2>&1 || true; rm -f "$NEO4J_EXPORTS"' EXIT
"$PY" tools/neo4j/server.py start >"$NEO4J_EXPORTS" &
neo4j_pid=$!

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
wait "$neo4j_pid"
eval "$(cat "$NEO4J_EXPORTS")"
export CTGRAPH_REQUIRE_NEO4J=1 CTGRAPH_REQUIRE_BROWSER=1

.venv/bin/ruff check .
.venv/bin/pytest "$@"
