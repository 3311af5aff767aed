import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli, tempProject } from './cli-harness.js';

describe('journey-audit validate', () => {
  it('accepts the bundled example journeys', async () => {
    const result = await runCli(['validate', 'journeys'], { cwd: process.cwd() });
    const bundled = readdirSync('journeys').filter((f) => f.endsWith('.journey.yaml')).length;
    expect(bundled).toBeGreaterThanOrEqual(17);
    expect(result.stdout).toContain(`${bundled} journeys valid`);
    expect(result.code).toBe(0);
  });

  it('loads neither Playwright nor the sink, the mail parser or the monitor store (they cost more than the checks)', async () => {
    const preload = pathToFileURL(resolve('test/support/report-loaded-packages.mjs')).href;
    const result = await runCli(['validate', 'journeys'], { cwd: process.cwd(), env: { NODE_OPTIONS: `--import ${preload}` } });
    expect(result.code).toBe(0);
    const loaded = /loaded packages: (.*)/.exec(result.stderr)?.[1].split(' ') ?? [];
    expect(loaded).toContain('yaml');
    for (const heavy of ['playwright', 'playwright-core', '@playwright/test', 'mailparser', 'smtp-server', 'better-sqlite3', 'better-sqlite3-node20', 'imapflow', 'mailauth']) expect(loaded).not.toContain(heavy);
  });

  it('reports every problem of a file with file:line:col, snippet and did-you-mean, and exits 2', async () => {
    const project = tempProject({
      'journeys/typo.journey.yaml': ['name: Typos', 'mailboxes: [reader]', 'steps:', '  - goto: /', '  - clik: Subscribe', '  - waitForEmail: { to: reader, subjct: hi }', ''].join('\n'),
    });
    const result = await runCli(['validate'], { cwd: project });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('journeys/typo.journey.yaml:5:5: error JA020: unknown step "clik"');
    expect(result.stderr).toContain('>  5 |   - clik: Subscribe');
    expect(result.stderr).toContain('did you mean "click"?');
    expect(result.stderr).toContain('journeys/typo.journey.yaml:6:33: error JA022: unknown argument "subjct" of waitForEmail');
    expect(result.stderr).toContain('did you mean "subject"?');
    expect(result.stderr).toContain('2 problems in 1 journey file');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('names the YAML files it saw when none is a journey', async () => {
    const project = tempProject({ 'journeys/signup.yaml': 'name: Signup\nsteps: []\n', 'journeys/parts/login.yml': 'steps: []\n', 'journeys/notes.txt': 'x' });
    const result = await runCli(['validate'], { cwd: project });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'journey-audit: no *.journey.yaml files in journeys\nfound YAML files not named *.journey.yaml: journeys/parts/login.yml, journeys/signup.yaml; rename a journey to end in .journey.yaml, or give the file itself\n',
    );
  });

  it('links each problem to docs/errors.md as shipped, a file the user has', async () => {
    const project = tempProject({ 'journeys/typo.journey.yaml': 'name: Typo\nsteps:\n  - clik: Subscribe\n' });
    const result = await runCli(['validate'], { cwd: project });
    const link = /see: (.+)#ja020/.exec(result.stderr)?.[1];
    expect(link).toMatch(/docs\/errors\.md$/);
    expect(existsSync(link!.startsWith('/') ? link! : join(project, link!))).toBe(true);
    expect(readFileSync(link!.startsWith('/') ? link! : join(project, link!), 'utf8')).toContain('## JA020');
  });

  it('exits 2 on every bad journey of the golden corpus, each problem positioned, never a stack trace', async () => {
    const result = await runCli(['validate', 'test/golden/bad-journeys'], { cwd: process.cwd() });
    expect(result.code).toBe(2);
    expect(result.stderr).not.toMatch(/\n\s+at |internal error/);
    // The first of the duplicate-name pair is valid on its own; its twin carries the error.
    const files = readdirSync('test/golden/bad-journeys').filter((f) => f.endsWith('.journey.yaml') && f !== 'duplicate-journey-name-a.journey.yaml');
    for (const file of files) {
      const firstLine = readFileSync(`test/golden/bad-journeys/${file.replace('.journey.yaml', '.expected.txt')}`, 'utf8').split('\n')[0];
      expect(firstLine).toMatch(/^test\/golden\/bad-journeys\/.+:\d+:\d+: error JA\d{3}: /);
      expect(result.stderr).toContain(firstLine);
    }
  });

  it('exits 2 with a clear message for a path that does not exist', async () => {
    const result = await runCli(['validate', 'nope/'], { cwd: tempProject({}) });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('nope/: no such file or folder');
  });

  it('exits 2 on an unknown command or flag, suggesting the right one', async () => {
    const result = await runCli(['valdate'], { cwd: tempProject({}) });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Did you mean validate\?/i);
  });
});

describe('journey-audit schema', () => {
  it('prints a JSON Schema that lists every step kind', async () => {
    const result = await runCli(['schema'], { cwd: process.cwd() });
    expect(result.code).toBe(0);
    const schema = JSON.parse(result.stdout);
    const titles = schema.properties.steps.items.anyOf.map((s: { title: string }) => s.title);
    expect(titles).toEqual(expect.arrayContaining(['goto', 'click', 'waitForEmail', 'openLink', 'expectNoEmail', 'use']));
  });
});
