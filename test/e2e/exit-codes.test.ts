import { createServer } from 'node:net';
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
    expect(result.stderr).toContain('journeys/a.journey.yaml:1: error JA034: "A" reads SITE_URL_NOT_SET, which is not set');
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
