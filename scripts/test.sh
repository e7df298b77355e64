#!/usr/bin/env bash
# Set up everything the test suite needs on a fresh machine, then run it:
#   a virtualenv with the project and its dev extras, Debian's chromium for the
#   browser tests, a local Neo4j 5.26 (from Maven Central, bound to 127.0.0.1)
#   for the Neo4j and parity tests. Extra arguments go to pytest.
# The Neo4j tests never skip here: CTGRAPH_REQUIRE_NEO4J=1 turns a missing
# server into a failure.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/pip install -q --disable-pip-version-check -e '.[dev]'

if [ ! -x /usr/bin/chromium ]; then
  echo "Installing Debian's chromium for the browser tests..." >&2
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q chromium >/dev/null
fi

# `docker compose config` validates docker-compose.yml: the docker client is on
# these machines but not always its compose plugin; build it from its Go module
# when Go is there (a few minutes, once). Without it those two tests skip.
if command -v docker >/dev/null && ! docker compose version >/dev/null 2>&1 && command -v go >/dev/null; then
  echo "Building the docker compose plugin (for 'docker compose config')..." >&2
  if GOBIN=/tmp/ctgraph-compose-bin go install github.com/docker/compose/v2/cmd@v2.29.7 >/dev/null 2>&1; then
    mkdir -p "$HOME/.docker/cli-plugins"
    cp /tmp/ctgraph-compose-bin/cmd "$HOME/.docker/cli-plugins/docker-compose"
  else
    echo "warning: could not build the compose plugin; the 'docker compose config' tests will skip" >&2
  fi
fi

# A throw-away password for the throw-away local server, unless one is given.
export NEO4J_PASSWORD="${NEO4J_PASSWORD:-$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(18))')}"
.venv/bin/python tools/neo4j/server.py stop >/dev/null 2>&1 || true
eval "$(.venv/bin/python tools/neo4j/server.py start)"
trap '.venv/bin/python tools/neo4j/server.py stop >/dev/null 2>&1 || true' EXIT
export CTGRAPH_REQUIRE_NEO4J=1 CTGRAPH_REQUIRE_BROWSER=1

.venv/bin/pytest "$@"
