#!/usr/bin/env node
/**
 * Side-by-side journey durations of two demo runs (e.g. the base commit's and this branch's
 * `journey-audit demo`, started at the same moment on the same machine):
 *
 *   node bench/compare-demo-durations.mjs <before>/reports/latest/report.json <after>/reports/latest/report.json [...more pairs]
 *
 * Pairs of files are before/after of one side-by-side round; with several rounds each
 * journey's ratio is the median. Prints one row per journey, slower than 5% marked. Measures,
 * never asserts: exits 0.
 */
import { readFileSync } from 'node:fs';

const files = process.argv.slice(2);
if (files.length < 2 || files.length % 2) {
  console.error('usage: compare-demo-durations.mjs before.json after.json [before.json after.json …]');
  process.exit(2);
}
const durations = (file) => new Map(JSON.parse(readFileSync(file, 'utf8')).journeys.map((j) => [j.name, j.durationMs]));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rounds = [];
for (let i = 0; i < files.length; i += 2) rounds.push([durations(files[i]), durations(files[i + 1])]);
const names = [...new Set(rounds.flatMap(([a, b]) => [...a.keys(), ...b.keys()]))].sort();
console.log('| journey | before (ms) | after (ms) | after / before |');
console.log('|---|---:|---:|---:|');
for (const name of names) {
  const pairs = rounds.filter(([a, b]) => a.has(name) && b.has(name)).map(([a, b]) => [a.get(name), b.get(name)]);
  if (!pairs.length) {
    console.log(`| ${name} | ${rounds.map(([a]) => a.get(name) ?? '—').join(', ')} | ${rounds.map(([, b]) => b.get(name) ?? '—').join(', ')} | only on one side |`);
    continue;
  }
  const ratio = median(pairs.map(([a, b]) => b / a));
  const mark = ratio > 1.05 ? ' (slower than 5%)' : '';
  console.log(`| ${name} | ${pairs.map(([a]) => a).join(', ')} | ${pairs.map(([, b]) => b).join(', ')} | ${ratio.toFixed(2)}${mark} |`);
}
