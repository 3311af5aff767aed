import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../../src/model/diagnostic.js';
import { loadJourneyFiles, type LoadResult } from '../../../src/journey/loader.js';

/**
 * Golden files: every `*.journey.yaml` in test/golden/bad-journeys is loaded and its
 * formatted diagnostics are compared with the sibling `.expected.txt`.
 * Regenerate with `UPDATE_GOLDEN=1 npx vitest run test/unit/journey/golden.test.ts`,
 * then read every changed file before committing it.
 */

const ROOT = process.cwd();
const CORPUS = join(ROOT, 'test', 'golden', 'bad-journeys');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

/** Files that only make sense loaded together (duplicate journey names across files). */
const GROUPS: string[][] = [['duplicate-journey-name-a.journey.yaml', 'duplicate-journey-name-b.journey.yaml']];

const relativeToRoot = (file: string): string => relative(ROOT, file).split(sep).join('/');

function load(files: string[]): LoadResult {
  let result: LoadResult | undefined;
  expect(() => {
    result = loadJourneyFiles(files);
  }).not.toThrow();
  return result!;
}

function render(result: LoadResult): string {
  return result.diagnostics.map((d) => formatDiagnostic(d, result.sources.get(d.file), relativeToRoot)).join('\n\n') + '\n';
}

/** What every file, golden or generated, must satisfy. */
function expectUsable(result: LoadResult, text: string, files = 1): void {
  expect(result.diagnostics.length).toBeGreaterThanOrEqual(1);
  // A file with problems yields no journey (journeys that only share a name still load).
  if (files === 1) expect(result.journeys).toEqual([]);
  for (const d of result.diagnostics) {
    expect(d.line, `${d.code} ${d.message}`).toBeGreaterThanOrEqual(1);
    expect(d.column, `${d.code} ${d.message}`).toBeGreaterThanOrEqual(1);
    expect(d.message).not.toMatch(/\n/);
  }
  expect(text).not.toMatch(/^ {4}at /m);
  expect(text).not.toMatch(/\bat .+:\d+:\d+\)?$/m);
  expect(text).not.toContain(ROOT);
  expect(text).not.toContain('undefined');
  expect(text).not.toContain('[object Object]');
}

const corpus = readdirSync(CORPUS)
  .filter((f) => f.endsWith('.journey.yaml'))
  .sort();

describe('golden bad journeys', () => {
  it('has a broad corpus, and an expected file for every journey and no other', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(34);
    const expected = readdirSync(CORPUS).filter((f) => f.endsWith('.expected.txt'));
    if (!UPDATE) expect(expected.sort()).toEqual(corpus.map((f) => f.replace(/\.journey\.yaml$/, '.expected.txt')).sort());
  });

  it.each(corpus)('%s', (name) => {
    const group = GROUPS.find((g) => g.includes(name)) ?? [name];
    const result = load(group.map((f) => join(CORPUS, f)));
    const text = render(result);
    expectUsable(result, text, group.length);

    // Each file's diagnostics come together, in line order.
    const files = result.diagnostics.map((d) => d.file);
    expect(files.filter((f, i) => f !== files[i - 1])).toEqual([...new Set(files)]);
    for (const file of new Set(files)) {
      const positions = result.diagnostics.filter((d) => d.file === file).map((d) => [d.line, d.column]);
      expect(positions).toEqual([...positions].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
    }

    const expectedFile = join(CORPUS, name.replace(/\.journey\.yaml$/, '.expected.txt'));
    if (UPDATE) {
      writeFileSync(expectedFile, text);
      return;
    }
    expect(existsSync(expectedFile), `missing ${relativeToRoot(expectedFile)}; run with UPDATE_GOLDEN=1`).toBe(true);
    expect(text).toBe(readFileSync(expectedFile, 'utf8'));
  });

  it('loads the whole corpus at once, reporting what each file reports alone and nothing else', () => {
    const all = load(corpus.map((f) => join(CORPUS, f)));
    const alone = corpus.flatMap((name) => {
      const group = GROUPS.find((g) => g.includes(name));
      if (group && group[0] !== name) return [];
      return load((group ?? [name]).map((f) => join(CORPUS, f))).diagnostics;
    });
    // Sub-journeys shared by several journeys are reported once.
    const keys = (ds: { file: string; line: number; column: number; code: string }[]) => [...new Set(ds.map((d) => `${d.file}:${d.line}:${d.column}:${d.code}`))].sort();
    expect(keys(all.diagnostics)).toEqual(keys(alone));
  });
});

describe('generated bad journeys', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'journey-golden-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

  it('rejects a file larger than 1 MB without parsing it', () => {
    const file = join(dir, 'huge.journey.yaml');
    const step = '  - expectText: "a line of padding that makes the journey file far too large"\n';
    writeFileSync(file, 'name: Huge\nsteps:\n' + step.repeat(Math.ceil((5 * 1024 * 1024) / step.length)));
    const result = load([file]);
    const text = render(result);
    expectUsable(result, text);
    expect(result.diagnostics).toHaveLength(1);
    expect(text).toMatch(
      new RegExp(
        `^${escape(relativeToRoot(file))}:1:1: error JA004: file is 5\\.0 MB; journey files are limited to 1 MB\\n` +
          '  expected: a journey file of a few kilobytes; split large journeys with `use:`\\n' +
          '  see: docs/errors\\.md#ja004\\n$',
      ),
    );
  });

  it('rejects a file just over 1 MB, and accepts the size limit itself', () => {
    const file = join(dir, 'limit.journey.yaml');
    const head = 'name: At the limit\nsteps:\n  - goto: /\n';
    writeFileSync(file, head + '#'.repeat(1024 * 1024 - head.length));
    expect(load([file]).diagnostics).toEqual([]);
    writeFileSync(file, head + '#'.repeat(1024 * 1024 - head.length + 1));
    expect(load([file]).diagnostics.map((d) => d.code)).toEqual(['JA004']);
  });

  it('rejects 2000 nested flow sequences without overflowing the stack', () => {
    const file = join(dir, 'deep.journey.yaml');
    writeFileSync(file, `name: Deep\nsteps:\n  - goto: ${'['.repeat(2000)}${']'.repeat(2000)}\n`);
    const result = load([file]);
    const text = render(result);
    expectUsable(result, text);
    expect(result.diagnostics).toHaveLength(1);
    expect(text).toMatch(new RegExp(`^${escape(relativeToRoot(file))}:\\d+:\\d+: error JA005: nesting is `));
  });

  it('rejects 2000 nested block sequences', () => {
    const file = join(dir, 'deep-block.journey.yaml');
    writeFileSync(file, `name: Deep\nsteps:\n  - goto:\n      ${'- '.repeat(2000)}x\n`);
    const result = load([file]);
    const text = render(result);
    expectUsable(result, text);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['JA005']);
  });
});
