#!/usr/bin/env bash
# The whole suite several times in a row under a CPU hog, as on a 2-core CI runner at
# load 10: `bench/test-under-load.sh [runs] [hogs]` (default 3 runs, 6 busy loops). Builds
# once (what `npm test` does first), then runs vitest `runs` times. The hogs are bounded
# (40 min per run) and stopped by PID at the end. Prints one line per run and ends with
# exit 1 if any run failed.
set -uo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
hogs=${2:-6}
log_dir=$(mktemp -d)
npm run build --silent || exit 1
pids=()
stop_hogs() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done; }
trap stop_hogs EXIT INT TERM
for _ in $(seq "$hogs"); do
  timeout "$(( runs * 2400 ))" sh -c 'while :; do :; done' &
  pids+=($!)
done
echo "$(date -u +%FT%TZ) ${hogs} CPU hogs on $(nproc) cores; logs in ${log_dir}"
failed_runs=0
for run in $(seq "$runs"); do
  started=$(date +%s)
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  npx vitest run --reporter=default --reporter=json --outputFile.json="${log_dir}/run-${run}.json" >"${log_dir}/run-${run}.log" 2>&1
  status=$?
  counts=$(node -e '
    let r = {};
    try { r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); } catch {}
    console.log(`${r.numPassedTests ?? 0} passed, ${r.numFailedTests ?? "?"} failed, ${r.numPendingTests ?? 0} skipped`);
  ' "${log_dir}/run-${run}.json")
  [ "$status" -eq 0 ] || failed_runs=$((failed_runs + 1))
  echo "run ${run}: exit ${status}; ${counts}; $(( $(date +%s) - started )) s; load at start ${load}, at end $(cut -d' ' -f1-3 /proc/loadavg)"
done
[ "$failed_runs" -eq 0 ]
