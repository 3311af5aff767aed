#!/usr/bin/env bash
# Installs Node.js 22 and 24 from the npm registry's `node` package (into .ci/.node/, not a
# dependency of the product) and runs the unit suite on each. Usage: other-nodes.sh RESULTS_DIR
set -uo pipefail
cd "$(dirname "$0")/.."
results_dir=$1
status=0
for major in 22 24; do
  prefix=".ci/.node/$major"
  bin="$prefix/node_modules/node/bin/node"
  if [ ! -x "$bin" ]; then
    mkdir -p "$prefix"
    npm install --prefix "$prefix" --no-audit --no-fund --no-save "node@$major" >/dev/null 2>&1 || true
  fi
  if [ ! -x "$bin" ] || ! "$bin" --version >/dev/null 2>&1; then
    echo "Node.js $major could not be installed from the npm registry: its unit suite did not run"
    echo '{"numPassedTests":0,"numFailedTests":1,"numPendingTests":0}' > "$results_dir/node$major.json"
    status=1
    continue
  fi
  echo "== unit suite on Node.js $("$bin" --version) =="
  PATH="$(cd "$(dirname "$bin")" && pwd):$PATH" "$bin" node_modules/vitest/vitest.mjs run test/unit \
    --reporter=dot --reporter=json --outputFile.json="$results_dir/node$major.json" || status=1
done
exit $status
