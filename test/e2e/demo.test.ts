import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { latestReport, runCli, tempProject } from './cli-harness.js';

describe('journey-audit demo', () => {
  it('catches both broken sites, passes both good ones, and says where the report is', async () => {
    const project = tempProject({});
    const result = await runCli(['demo'], { cwd: project, timeoutMs: 180_000 });
    expect(result.stdout).toContain('Demo passed: every journey reached the outcome it demonstrates.');
    expect(result.code).toBe(0);
    const report = latestReport(project);
    const byName = Object.fromEntries(report.journeys.map((j) => [j.name, j]));
    expect(byName['Book buyer takes the online test'].status).toBe('passed');
    expect(byName['Unsubscribing stops the newsletter'].status).toBe('passed');
    expect(byName['Book buyer finds the online test link dead'].findings[0]).toMatchObject({ code: 'LINK_BROKEN', rule: 'PRACTICE-PROMISE' });
    expect(byName['Newsletter keeps mailing after unsubscribe'].findings[0]).toMatchObject({ code: 'UNSUB_NOT_HONOURED' });
    const html = readFileSync(join(project, 'reports', 'latest', 'report.html'), 'utf8');
    expect(html).toContain('2 of 4 journeys passed; 2 problems found.');
    expect(html).toContain('A link promised to the customer is dead');
    expect(result.stdout).toMatch(/Open the report: reports\/.+\/report\.html/);
    expect(existsSync(join(project, 'reports', 'latest', 'summary.md'))).toBe(true);
  }, 200_000);
});
