#!/usr/bin/env bash
# Set up everything the test suite needs on a fresh machine, then run every tier:
#   a virtualenv with the project and its dev extras; Debian's chromium (browser
#   tests), LibreOffice Impress and Ghostscript (deck renders); the docker compose
#   plugin (`docker compose config`, built from its Go module when missing); local
#   Neo4j 5.26 servers (from Maven Central, bound to 127.0.0.1) for the Neo4j and
#   parity tests; and a wheel built from what the Dockerfile copies, installed in a
#   clean venv (tests/test_wheel.py). Then ruff, mypy and pytest. Extra arguments go
#   to pytest.
# `pytest` alone runs only the fast tier (pyproject.toml); here `-m ""` selects every
# test, and CTGRAPH_NO_SKIP=1 turns any skip into a failure: a missing tool, server
# or data set fails the run (tests/conftest.py), it never hides a test.
# The slow setup steps run side by side; mypy runs while the servers start.
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
START=$SECONDS

PY=${PYTHON:-python3}
WORKERS=${CTGRAPH_TEST_WORKERS:-$(nproc 2>/dev/null || echo 1)}
[[ "$WORKERS" =~ ^[1-9][0-9]*$ ]] || { echo "Error: CTGRAPH_TEST_WORKERS=$WORKERS is not a positive number" >&2; exit 2; }
(( WORKERS <= 4 )) || WORKERS=4
SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo

run_dir() {  # the run folder of worker $1's Neo4j server
  if [ "$1" = 0 ]; then echo tools/neo4j/run; else echo "tools/neo4j/run-workers/gw$1"; fi
}

# A throw-away password for the throw-away local servers, unless one is given.
export NEO4J_PASSWORD="${NEO4J_PASSWORD:-$("$PY" -c 'import secrets; print(secrets.token_urlsafe(18))')}"
WORK=$(mktemp -d)  # setup logs, the servers' exports, the wheel and its venv
stop_servers() {
  for ((i = 0; i < WORKERS; i++)); do
    NEO4J_RUN_DIR=$(run_dir "$i") "$PY" tools/neo4j/server.py stop >/dev/null 2>&1 || true
  done
}
stop_servers
declare -A STEP_PID=()
cleanup() {
  for pid in "${STEP_PID[@]}"; do kill "$pid" 2>/dev/null || true; done
  stop_servers
  rm -rf "$WORK"
}
trap cleanup EXIT

step() {  # step NAME COMMAND...: run COMMAND in the background; stdout in $WORK/NAME.out, stderr in NAME.log
  local name=$1; shift
  ( "$@" ) >"$WORK/$name.out" 2>"$WORK/$name.log" &
  STEP_PID[$name]=$!
}
finish() {  # finish NAME: wait for step NAME; on failure show its log and stop
  local name=$1 status=0
  wait "${STEP_PID[$name]}" || status=$?
  unset "STEP_PID[$name]"
  if (( status != 0 )); then
    echo "Error: setup step '$name' failed (exit $status):" >&2
    tail -n 40 "$WORK/$name.out" "$WORK/$name.log" >&2
    exit 1
  fi
  echo "  $name ready after $((SECONDS - START)) s" >&2
}

for ((i = 0; i < WORKERS; i++)); do
  # (fetch.sh, which each start runs, serialises itself: the first one downloads)
  step "neo4j$i" env NEO4J_RUN_DIR="$(run_dir "$i")" "$PY" tools/neo4j/server.py start
done

debian_packages() {  # the tools the browser, deck-render and compose tests drive
  local plain=() lean=()
  [ -x /usr/bin/chromium ] || plain+=(chromium)
  command -v docker >/dev/null || plain+=(docker.io)
  command -v soffice >/dev/null || lean+=(libreoffice-impress)
  command -v gs >/dev/null || lean+=(ghostscript)
  # the Chinese deck and dashboard (tests/test_deck_zh.py, test_browser.py): a font with the glyphs, and pdffonts
  fc-list :lang=zh 2>/dev/null | grep -q . || lean+=(fonts-noto-cjk)
  command -v pdffonts >/dev/null || lean+=(poppler-utils)
  (( ${#plain[@]} + ${#lean[@]} )) || return 0
  echo "Installing Debian packages: ${plain[*]} ${lean[*]}"
  $SUDO apt-get update -q
  export DEBIAN_FRONTEND=noninteractive
  (( ${#plain[@]} == 0 )) || $SUDO apt-get install -y -q "${plain[@]}"
  # LibreOffice without its recommends (Java, extra fonts): headless PDF export needs none of them
  (( ${#lean[@]} == 0 )) || $SUDO apt-get install -y -q --no-install-recommends "${lean[@]}"
}
step debian debian_packages

compose_plugin() {  # `docker compose` for tests/test_compose.py, built once into ~/.docker/cli-plugins
  [ -x "$HOME/.docker/cli-plugins/docker-compose" ] && return 0
  command -v go >/dev/null || { echo "Go is needed to build the docker compose plugin"; return 1; }
  local bin; bin=$(mktemp -d)
  echo "Building the docker compose plugin from its Go module (a few minutes, once)..."
  GOFLAGS=-mod=mod GOBIN=$bin nice -n 10 go install github.com/docker/compose/v2/cmd@v2.29.7
  mkdir -p "$HOME/.docker/cli-plugins"
  install -m 0755 "$bin/cmd" "$HOME/.docker/cli-plugins/docker-compose"
  rm -rf "$bin"
}
step compose compose_plugin

step wheel "$PY" scripts/wheel_venv.py "$WORK/wheel"

if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/pip install -q --disable-pip-version-check -e '.[dev]'
echo "  venv ready after $((SECONDS - START)) s" >&2

# Lint, then types while the rest of the setup finishes (mypy --strict on the typed
# core, the Python API, the CLI, the dashboard's pure modules, the deck and the pictures: tests/test_typing.py
# keeps this list and pyproject.toml's in step).
status=0
.venv/bin/ruff check . || { echo "Error: ruff check failed (above)" >&2; status=1; }
# The format gate: every file stays formatted but the older ones pyproject.toml's
# [tool.ruff.format] exclude still lists (a new file is gated from the start). ruff check
# carries the complexity gate (C901, max-complexity 10; the older over-complex functions say noqa).
.venv/bin/ruff format --check . || { echo "Error: run .venv/bin/ruff format on the files above" >&2; status=1; }
MYPY_FILES=(ctgraph/graph ctgraph/ingest ctgraph/api.py ctgraph/cli.py ctgraph/dashboard/state.py
            ctgraph/dashboard/tables.py ctgraph/dashboard/network.py ctgraph/dashboard/routemap.py
            ctgraph/dashboard/charts.py ctgraph/dashboard/passages.py ctgraph/dashboard/links.py
            ctgraph/dashboard/deck ctgraph/dashboard/pictures.py)
step mypy .venv/bin/mypy --strict "${MYPY_FILES[@]}"

finish debian
finish compose
finish wheel
uris="" run_dirs=""
for ((i = 0; i < WORKERS; i++)); do
  finish "neo4j$i"
  uris+="$(eval "$(cat "$WORK/neo4j$i.out")"; echo "$NEO4J_URI") "
  run_dirs+="${run_dirs:+:}$PWD/$(run_dir "$i")"
done
eval "$(cat "$WORK/neo4j0.out")"  # NEO4J_URI etc. of worker 0's server (all of them without xdist)
export CTGRAPH_REQUIRE_NEO4J=1 CTGRAPH_REQUIRE_BROWSER=1 CTGRAPH_NO_SKIP=1 CTGRAPH_TEST_WHEEL_DIR="$WORK/wheel"
echo "Setup done after $((SECONDS - START)) s" >&2

if (( WORKERS > 1 )); then
  CTGRAPH_TEST_NEO4J_URIS=$uris CTGRAPH_TEST_NEO4J_RUN_DIRS=$run_dirs \
    .venv/bin/pytest -m "" -n "$WORKERS" --dist loadscope --no-loadscope-reorder --max-worker-restart=0 "$@" \
    || status=$?
else
  .venv/bin/pytest -m "" -n 0 "$@" || status=$?
fi
echo "pytest done after $((SECONDS - START)) s" >&2
if ! wait "${STEP_PID[mypy]}"; then
  cat "$WORK/mypy.out" "$WORK/mypy.log" >&2
  echo "Error: mypy --strict failed (above)" >&2
  status=1
fi
unset "STEP_PID[mypy]"
tail -n 1 "$WORK/mypy.out" >&2
exit "$status"
