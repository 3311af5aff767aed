// A monitor's persistent sink in a process of its own, as a restart starts it: opens the
// store in <data-dir>, serves, and prints its endpoint (one JSON line) with how long the
// start took inside the process; later one more line when the unindexed-file sweep is done.
//   node bench/monitor/persistent-sink-child.mjs <data-dir>
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ROOT } from '../lib/common.mjs';

const dataDir = process.argv[2];
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const { MonitorStore } = await import(join(ROOT, 'dist/monitor/store.js'));
const { startPersistentSink } = await import(join(ROOT, 'dist/monitor/persistent-sink.js'));
const imported = performance.now();
const store = await MonitorStore.open(dataDir);
const { endpoint, restored, unindexedSwept } = await startPersistentSink({ dataDir, store, retentionMs: 30 * 86_400_000 });
const cpu = process.cpuUsage(cpu0);
console.log(JSON.stringify({ endpoint, restored, importMs: imported - t0, startMs: performance.now() - imported, cpuMs: (cpu.user + cpu.system) / 1000 }));
const swept = await unindexedSwept;
console.log(JSON.stringify({ sweptMs: performance.now() - t0, unindexed: swept }));
setInterval(() => {}, 60_000);
