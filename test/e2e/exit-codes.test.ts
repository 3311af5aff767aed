import { mkdirSync, readdirSync, readlinkSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempProject } from './cli-harness.js';

/** The documented exit codes: 0 passed, 1 failed (run.test.ts), 2 invalid input, 3 could not run. */
const JOURNEY = { 'journeys/a.journey.yaml': 'name: A\nsteps:\n  - goto: http://127.0.0.1:9/\n' };

describe('exit codes', () => {
  it('3 when the configured browser does not exist, naming the ways to get one', async () => {
    const result = await runCli(['run'], { cwd: tempProject(JOURNEY), env: { JOURNEY_AUDIT_BROWSER: '/nonexistent/chrome' } });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('JOURNEY_AUDIT_BROWSER points at /nonexistent/chrome, which does not exist');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('3 when the sink port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    const result = await runCli(['run', '--smtp-port', String(port)], { cwd: tempProject(JOURNEY) });
    blocker.close();
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`SMTP port ${port} on 127.0.0.1 is already in use`);
  });

  it('2 when a variable the journey reads is not set, before anything starts', async () => {
    const project = tempProject({ 'journeys/a.journey.yaml': 'name: A\nbaseURL: ${{ env.SITE_URL_NOT_SET }}\nsteps:\n  - goto: /\n' });
    const result = await runCli(['run'], { cwd: project });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('journeys/a.journey.yaml:2:10: error JA034: "A" reads SITE_URL_NOT_SET, which is not set');
    expect(result.stderr).toContain('>  2 | baseURL: ${{ env.SITE_URL_NOT_SET }}');
  });

  it('2 for a bad --workers value', async () => {
    const result = await runCli(['run', '--workers', 'lots'], { cwd: tempProject(JOURNEY) });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--workers lots: expected a number of workers');
  });

  it('2 for a bad --shard value', async () => {
    const result = await runCli(['run', '--shard', '3/2'], { cwd: tempProject(JOURNEY) });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--shard 3/2: expected i/n');
  });

  const BAD_FLAGS: [string[], string][] = [
    [['--retries', '-3'], '--retries -3: expected a whole number of retries'],
    [['--retries', 'x'], '--retries x: expected a whole number of retries'],
    [['--reporter', 'fancy'], '--reporter fancy: unknown reporter "fancy"'],
    [['--reporter', 'lst'], 'did you mean "list"?'],
    [['--workers', '0'], '--workers 0: expected a number of workers'],
    [['--shard', '5/4'], '--shard 5/4: expected i/n'],
    [['--grep', '['], '--grep [: not a regular expression'],
    [['--trace', 'bogus'], "argument 'bogus' is invalid"],
    [['--smtp-port', '99999'], '--smtp-port 99999: not a port number'],
    [['--output', 'journeys/a.journey.yaml'], '--output journeys/a.journey.yaml: is a file, not a folder'],
  ];
  for (const [flags, message] of BAD_FLAGS) {
    it(`2 for ${flags.join(' ')}, in one line, before anything starts (no run folder, reports/latest unmoved)`, async () => {
      const project = tempProject(JOURNEY);
      mkdirSync(join(project, 'reports', 'earlier-run'), { recursive: true });
      symlinkSync('earlier-run', join(project, 'reports', 'latest'), 'dir');
      const result = await runCli(['run', ...flags], { cwd: project });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(message);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stdout).toBe('');
      expect(readlinkSync(join(project, 'reports', 'latest'))).toBe('earlier-run');
      expect(readdirSync(join(project, 'reports')).sort()).toEqual(['earlier-run', 'latest']);
    });
  }

  it('2 for a missing --env-file (Node 20 itself stops first, with 9)', async () => {
    const result = await runCli(['run', '--env-file', 'missing.env'], { cwd: tempProject(JOURNEY) });
    // Node 20 reads --env-file anywhere on the command line and exits 9 when the file is missing.
    const nodeReadsFlag = Number(process.versions.node.split('.')[0]) < 22;
    expect(result.code).toBe(nodeReadsFlag ? 9 : 2);
    expect(result.stderr).toContain('missing.env');
  });

  it('2 for an unknown option of a subcommand', async () => {
    const result = await runCli(['validate', '--wat'], { cwd: tempProject(JOURNEY) });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option '--wat'");
  });
});
