// Benchmark 2: `journey-audit validate` on 100 generated journeys (10–30 steps each, every
// step kind, about half with use: sub-journeys), as a process and in-process, against
// Ajv validating the same files' parsed YAML with `journey-audit schema`, and against a
// plain YAML parse (the floor).
//
//   node bench/validate.mjs          5 timed repetitions (+1 warm-up) of each
//   BENCH_N=9 node bench/validate.mjs
//
// Goal (issue 13): the `journey-audit validate` process takes at most 1.5x the process that
// only parses the same files' YAML (the floor), medians measured side by side.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BENCH_DIR, CLI, ensureBuilt, ensurePeers, fmtMs, fmtRatio, goalLine, median, requirePeer, runTimed, table, tail, writeBenchResult } from './lib/common.mjs';
import { generateJourneys } from './lib/gen-journeys.mjs';

const GOAL_RATIO = 1.5;
const N = Math.max(1, Math.min(50, Number(process.env.BENCH_N ?? 5)));
const COUNT = 100;

ensureBuilt();
const haveAjv = ensurePeers(['ajv']);
const work = mkdtempSync(join(tmpdir(), 'ja-bench-validate-'));
const dir = join(work, 'journeys');
const generated = generateJourneys(dir, { count: COUNT });
const schemaPath = join(work, 'journey.schema.json');

try {
  // The schema the peer validates against, as the CLI prints it.
  const schemaRun = await runTimed(process.execPath, [CLI, 'schema'], { timeoutMs: 60_000 });
  if (schemaRun.code !== 0) throw new Error(`journey-audit schema failed:\n${tail(schemaRun)}`);
  writeFileSync(schemaPath, schemaRun.lines.filter((l) => l.stream === 'stdout').map((l) => l.text).join('\n'));

  // --- Processes, alternating, each timed from spawn to exit --------------------------
  const peerScript = join(BENCH_DIR, 'lib', 'ajv-validate.mjs');
  const processes = [
    { key: 'node', label: 'node -e 0 (process floor)', args: ['-e', '0'] },
    { key: 'startup', label: 'journey-audit --version (CLI start-up only)', args: [CLI, '--version'] },
    { key: 'validate', label: `journey-audit validate (${COUNT} files)`, args: [CLI, 'validate', dir], expect: new RegExp(`${COUNT} journeys valid`) },
    { key: 'jitless', label: `↳ same, zod jitless (diagnostic: node --import bench/lib/zod-jitless.mjs)`, args: ['--import', join(BENCH_DIR, 'lib', 'zod-jitless.mjs'), CLI, 'validate', dir], expect: new RegExp(`${COUNT} journeys valid`) },
    { key: 'yaml', label: 'node + yaml parse only (floor)', args: [peerScript, schemaPath, dir, '--parse-only'] },
    ...(haveAjv ? [{ key: 'ajv', label: 'node + yaml parse + Ajv (JSON Schema)', args: [peerScript, schemaPath, dir], expect: /validated 100 files, 0 invalid/ }] : []),
  ];
  const processMs = Object.fromEntries(processes.map((p) => [p.key, []]));
  const problems = [];
  for (let round = -1; round < N; round++) {
    const order = round % 2 === 0 ? processes : [...processes].reverse();
    for (const p of order) {
      const result = await runTimed(process.execPath, p.args, { timeoutMs: 60_000 });
      const out = result.lines.map((l) => l.text).join('\n');
      if (result.code !== 0 || (p.expect && !p.expect.test(out))) {
        problems.push(`${p.key}: exit ${result.code}`);
        console.log(`  ${p.key} failed:\n${tail(result)}`);
        continue;
      }
      if (round >= 0) processMs[p.key].push(result.ms);
    }
  }
  // Diagnostic: the phases of a cold run, timed inside fresh processes.
  const phaseScript = join(BENCH_DIR, 'lib', 'validate-phases.mjs');
  const phaseRuns = { load: [], parse: [] };
  for (let round = -1; round < N; round++) {
    for (const mode of round % 2 === 0 ? ['load', 'parse'] : ['parse', 'load']) {
      const result = await runTimed(process.execPath, [phaseScript, mode, dir], { timeoutMs: 60_000 });
      const line = result.lines.find((l) => l.text.startsWith('{'));
      if (result.code !== 0 || !line) {
        problems.push(`phases ${mode}: exit ${result.code}`);
        console.log(tail(result));
      } else if (round >= 0) phaseRuns[mode].push(JSON.parse(line.text));
    }
  }
  const phase = (mode, field) => median(phaseRuns[mode].map((r) => r[field]));

  const validateOut = (await runTimed(process.execPath, [CLI, 'validate', dir], { timeoutMs: 60_000 })).lines.map((l) => l.text).join(' ');

  // --- In-process ------------------------------------------------------------------------
  const { loadJourneyFiles } = await import('../dist/journey/loader.js');
  const { findJourneyFiles } = await import('../dist/cli/find-journey-files.js');
  const { parse } = await import('yaml');
  const files = findJourneyFiles([dir]);
  const inProcess = { load: [], yaml: [], ajv: [] };
  const first = {};
  let compileMs = NaN;
  let validateFn;
  if (haveAjv) {
    const Ajv = requirePeer('ajv').default;
    const started = performance.now();
    validateFn = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
    compileMs = performance.now() - started;
  }
  const steps = {
    load: () => {
      const result = loadJourneyFiles(files);
      if (result.journeys.length !== COUNT || result.diagnostics.length) throw new Error(`loadJourneyFiles: ${result.journeys.length} journeys, ${result.diagnostics.length} diagnostics`);
    },
    yaml: () => {
      for (const file of files) parse(readFileSync(file, 'utf8'));
    },
    ajv: () => {
      for (const file of files) if (!validateFn(parse(readFileSync(file, 'utf8')))) throw new Error(`ajv: ${file} invalid`);
    },
  };
  const kinds = haveAjv ? ['load', 'yaml', 'ajv'] : ['load', 'yaml'];
  for (let round = -1; round < N; round++) {
    // The warm-up round runs loadJourneyFiles first, so its first call is really cold.
    for (const kind of round < 0 || round % 2 === 0 ? kinds : [...kinds].reverse()) {
      const started = performance.now();
      steps[kind]();
      const ms = performance.now() - started;
      if (round < 0) first[kind] = ms;
      else inProcess[kind].push(ms);
    }
  }

  // --- Report -----------------------------------------------------------------------------
  const pm = (key) => median(processMs[key] ?? []);
  const validateMs = pm('validate');
  const processTable = table(
    ['process', 'n', 'median wall', 'min', 'max', 'validate / this'],
    processes.map((p) => [p.label, processMs[p.key].length, fmtMs(pm(p.key)), fmtMs(Math.min(...processMs[p.key])), fmtMs(Math.max(...processMs[p.key])), p.key === 'validate' ? '1.00x' : fmtRatio(validateMs / pm(p.key))]),
  );
  const im = (kind) => median(inProcess[kind]);
  const inProcessTable = table(
    ['in-process (same files), in this order first', 'first call in this process', `median of ${N} warm`, 'loadJourneyFiles / this (warm)'],
    [
      ['loadJourneyFiles (parse, validate, expand use:)', fmtMs(first.load, 1), fmtMs(im('load'), 1), '1.00x'],
      ['yaml parse only (floor)', fmtMs(first.yaml, 1), fmtMs(im('yaml'), 1), fmtRatio(im('load') / im('yaml'))],
      ...(haveAjv ? [[`yaml parse + Ajv validate (compile once: ${fmtMs(compileMs, 1)})`, fmtMs(first.ajv, 1), fmtMs(im('ajv'), 1), fmtRatio(im('load') / im('ajv'))]] : []),
    ],
  );
  const phaseTable = table(
    ['cold phase, inside a fresh process (medians)', 'ms', 'share of validate process'],
    [
      ['node start-up to the first line of the script', fmtMs(phase('load', 'boot')), `${((phase('load', 'boot') / validateMs) * 100).toFixed(0)}%`],
      ["importing the CLI's modules (commander, zod, step registry, yaml, loader)", fmtMs(phase('load', 'imports')), `${((phase('load', 'imports') / validateMs) * 100).toFixed(0)}%`],
      ['finding the files', fmtMs(phase('load', 'find'), 1), `${((phase('load', 'find') / validateMs) * 100).toFixed(0)}%`],
      ['loadJourneyFiles, cold (everything)', fmtMs(phase('load', 'work')), `${((phase('load', 'work') / validateMs) * 100).toFixed(0)}%`],
      ['↳ of it, at least: YAML parseDocument of the same files, cold (other processes)', fmtMs(phase('parse', 'work')), `${((phase('parse', 'work') / validateMs) * 100).toFixed(0)}%`],
      ['↳ the rest: checks, zod, toJS, use: expansion (difference)', fmtMs(phase('load', 'work') - phase('parse', 'work')), `${(((phase('load', 'work') - phase('parse', 'work')) / validateMs) * 100).toFixed(0)}%`],
    ],
  );
  const floorRatio = validateMs / pm('yaml');
  const goalMet = floorRatio <= GOAL_RATIO;
  const lines = [
    `${COUNT} generated journeys, ${generated.topLevelSteps} top-level steps (${validateOut.match(/\((\d+) steps\)/)?.[1] ?? '?'} after expanding use:), ${generated.partFiles.length} sub-journey files; ${N} alternating repetitions after a warm-up`,
    '',
    processTable,
    '',
    inProcessTable,
    '',
    phaseTable,
    '',
    `ratio validate process / Ajv process: ${haveAjv ? fmtRatio(validateMs / pm('ajv')) : 'n/a (ajv not installed)'}; / yaml-parse process: ${fmtRatio(validateMs / pm('yaml'))}; / node floor: ${fmtRatio(validateMs / pm('node'))}`,
    `time above CLI start-up: ${fmtMs(validateMs - pm('startup'))} for ${COUNT} files (in-process cold ${fmtMs(first.load)}, warm ${fmtMs(im('load'))})`,
    goalLine(goalMet, `journey-audit validate of ${COUNT} files within ${GOAL_RATIO.toFixed(1)}x the yaml-parse floor, as processes side by side (measured ${fmtRatio(floorRatio)}: ${fmtMs(validateMs)} / ${fmtMs(pm('yaml'))})`),
    problems.length ? `failed runs (left out): ${problems.join('; ')}` : null,
  ].filter((l) => l !== null);
  const text = lines.join('\n');
  console.log(`validate:\n${text}`);
  writeBenchResult({
    name: 'validate',
    title: `Validation: journey-audit validate on ${COUNT} generated journeys`,
    n: N,
    text,
    goal: `process <= ${GOAL_RATIO.toFixed(1)}x the yaml-parse process`,
    goalMet,
    medians: Object.fromEntries(Object.keys(processMs).map((k) => [k, pm(k)])),
    phases: { boot: phase('load', 'boot'), imports: phase('load', 'imports'), find: phase('load', 'find'), load: phase('load', 'work'), parse: phase('parse', 'work') },
    inProcess: { first, warm: Object.fromEntries(kinds.map((k) => [k, im(k)])), ajvCompileMs: compileMs },
    ratio: floorRatio,
    ajvRatio: validateMs / pm('ajv'),
  });
} finally {
  rmSync(work, { recursive: true, force: true });
}
