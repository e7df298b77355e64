#!/usr/bin/env bash
# Fetch Neo4j Community (embedded + Bolt) and its runtime dependencies from
# Maven Central into tools/neo4j/lib/, then compile Launcher.java into
# tools/neo4j/build/. Idempotent: does nothing when lib/ is complete (stamp
# file matches pom.xml) and build/Launcher.class is up to date.
#
# Env: MVN (default: mvn), JAVAC (default: $JAVA_HOME/bin/javac or javac),
#      any standard Maven settings (~/.m2/settings.xml, MAVEN_OPTS, ...).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

MVN="${MVN:-mvn}"
if [[ -z "${JAVAC:-}" ]]; then
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/javac" ]]; then JAVAC="$JAVA_HOME/bin/javac"; else JAVAC=javac; fi
fi

mkdir -p build
# Serialise concurrent runs (e.g. parallel CI jobs in one checkout).
exec 9>build/.fetch.lock
if command -v flock >/dev/null 2>&1; then flock 9; fi

stamp_value="$(sha256sum pom.xml | cut -d' ' -f1)"
stamp_file="lib/.fetch-complete"

if [[ -f "$stamp_file" && "$(cat "$stamp_file")" == "$stamp_value" ]]; then
  : # lib/ is complete for this pom.xml
else
  command -v "$MVN" >/dev/null 2>&1 || { echo "Error: '$MVN' (Apache Maven) not found" >&2; exit 1; }
  echo "fetch.sh: downloading Neo4j and dependencies into $here/lib ..." >&2
  rm -rf lib.tmp
  # (Debian's Maven 3.8 emits stray ANSI resets even with -B; strip them.)
  "$MVN" -q -B -f pom.xml -Dneo4j.lib.dir="$here/lib.tmp" dependency:copy-dependencies 2>&1 \
    | sed -e $'s/\x1b\\[[0-9;]*m//g' -e '/^$/d' >&2
  n=$(find lib.tmp -maxdepth 1 -name '*.jar' | wc -l)
  if [[ "$n" -lt 50 ]] || ! ls lib.tmp/neo4j-bolt-*.jar >/dev/null 2>&1; then
    echo "Error: download looks incomplete ($n jars in lib.tmp/)" >&2
    exit 1
  fi
  echo "$stamp_value" > lib.tmp/.fetch-complete
  rm -rf lib
  mv lib.tmp lib
  rm -f build/Launcher.class
  echo "fetch.sh: $n jars in lib/" >&2
fi

if [[ ! -f build/Launcher.class || Launcher.java -nt build/Launcher.class ]]; then
  echo "fetch.sh: compiling Launcher.java" >&2
  "$JAVAC" -nowarn -d build -cp "lib/*" Launcher.java >&2
fi
