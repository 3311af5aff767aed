#!/usr/bin/env bash
# Installs Node.js 22 and 24 from the npm registry's `node` package (into .ci/.node/, not a
# dependency of the product) and runs the unit suite on each. The monitor's native addon
# needs no rebuild: from Node 22 on it is better-sqlite3 13, a Node-API prebuild that serves
# every version (src/monitor/sqlite-file.ts). Usage: other-nodes.sh RESULTS_DIR
set -uo pipefail
cd "$(dirname "$0")/.."
results_dir=$1
status=0

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
  echo "== unit suite on Node.js $("$bin" --version) =="
  PATH="$bindir:$PATH" "$bin" node_modules/vitest/vitest.mjs run test/unit \
    --reporter=dot --reporter=json --outputFile.json="$results_dir/node$major.json" || status=1
done
exit $status
