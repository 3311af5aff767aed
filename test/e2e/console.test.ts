import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempProject } from './cli-harness.js';

/**
 * What a person reads in the terminal: a line per journey, the findings table, where the
 * report is; nothing of Playwright's internals unless asked for (--verbose).
 */
let site: Server;
let url: string;

beforeAll(async () => {
  site = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<h1>Welcome to the shop</h1><p>Delivery in 3 days.</p>');
  });
  await new Promise<void>((r) => site.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
});

afterAll(() => {
  site?.close();
});

function project() {
  return tempProject({
    'journeys/a-home.journey.yaml': `name: Home page greets the customer\nsteps:\n  - goto: ${url}/\n  - expectText: Welcome\n`,
    'journeys/b-shipping.journey.yaml': `name: Free shipping is promised\nsteps:\n  - goto: ${url}/\n  - expectText: { text: Free shipping, timeout: 1s }\n`,
  });
}

/** Durations, run ids and ports change from run to run. */
function normalize(text: string): string[] {
  return text
    .replace(/\(\d+(\.\d+)?s\)|\(\d+m\d+s\)/g, '(T)')
    .replace(/\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-[0-9a-f]+/g, 'RUN')
    .replace(/127\.0\.0\.1:\d+/g, 'HOST')
    .split('\n');
}

describe('console output', () => {
  it('tells the story in a screen: one line per journey, the findings table, the report', async () => {
    const result = await runCli(['run', '--workers', '1'], { cwd: project() });
    expect(result.code).toBe(1);
    expect(normalize(result.stdout)).toEqual([
      'journey-audit: running 2 journeys (run RUN); mail sink on HOST',
      '  ✓ passed  Home page greets the customer (T)',
      '  ✗ failed  Free shipping is promised (T)  The page http://HOST/ did not show the text "Free shipping" within 1.0s.',
      '',
      'journey-audit: 1 of 2 journeys passed; 1 problem found.',
      '',
      '  journey                    problem         where                               what happened',
      '  Free shipping is promised  TEXT_NOT_FOUND  journeys/b-shipping.journey.yaml:4  The page http://HOST/ did not show the text "Free shipping" within 1.0s.',
      '',
      'journey-audit: report written to reports/RUN/report.html',
      '',
    ]);
    expect(result.stderr).toBe('');
  }, 120_000);

  it('keeps Playwright\'s own output for --verbose, with titles naming the journey file, never the tool\'s source', async () => {
    const result = await runCli(['run', '--workers', '1', '--verbose'], { cwd: project() });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('journeys/b-shipping.journey.yaml:1:7 › Free shipping is promised');
    expect(result.stdout).toContain('> 4 |   - expectText: { text: Free shipping, timeout: 1s }');
    expect(result.stdout + result.stderr).not.toMatch(/journeys\.spec|src\/runner|dist\/runner|node_modules/);
  }, 120_000);
});
