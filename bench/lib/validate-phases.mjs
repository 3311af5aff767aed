// Diagnostic for bench/validate.mjs, run as a fresh process: where a cold
// `journey-audit validate` spends its time.
//   node bench/lib/validate-phases.mjs load <folder>   import the CLI's modules, find files, loadJourneyFiles
//   node bench/lib/validate-phases.mjs parse <folder>  the same imports and files, YAML parseDocument only
// Prints one JSON line: { boot, imports, find, work } in ms (boot = process start to this script).
const boot = performance.now();
const [mode, dir] = process.argv.slice(2);
const t0 = performance.now();
await import('../../dist/cli/main.js'); // what the CLI loads before it runs any command
const { findJourneyFiles } = await import('../../dist/cli/find-journey-files.js');
const { loadJourneyFiles } = await import('../../dist/journey/loader.js');
const { LineCounter, parseDocument } = await import('yaml');
const { readFileSync } = await import('node:fs');
const t1 = performance.now();
const files = findJourneyFiles([dir]);
const t2 = performance.now();
if (mode === 'load') {
  const result = loadJourneyFiles(files);
  if (result.diagnostics.length) throw new Error(`${result.diagnostics.length} diagnostics`);
} else {
  // The journeys and their parts, parsed with the options read-source.ts uses.
  const parts = new Set();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    parseDocument(text, { lineCounter: new LineCounter(), prettyErrors: true, uniqueKeys: true, strict: true });
    for (const m of text.matchAll(/file: (parts\/[\w.-]+)/g)) parts.add(m[1]);
  }
  for (const part of parts) parseDocument(readFileSync(`${dir}/${part}`, 'utf8'), { lineCounter: new LineCounter(), prettyErrors: true, uniqueKeys: true, strict: true });
}
const t3 = performance.now();
console.log(JSON.stringify({ boot, imports: t1 - t0, find: t2 - t1, work: t3 - t2 }));
