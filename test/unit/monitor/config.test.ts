import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../../src/model/diagnostic.js';
import { loadMonitorConfig } from '../../../src/monitor/config.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function write(text: string): string {
  dir = mkdtempSync(join(tmpdir(), 'ja-monitor-config-'));
  const file = join(dir, 'monitor.yaml');
  writeFileSync(file, text);
  return file;
}

describe('monitor.yaml', () => {
  it('reads the README example, resolving ${{ env.X }} in webhook URLs', () => {
    const file = write(`journeys: journeys/
schedules:
  - journeys: [newsletter-*.journey.yaml]
    cron: "0 7 * * 1-5"
    timezone: Europe/Berlin
    jitter: 2m
  - journeys: [checkout.journey.yaml]
    every: 1h
alerts:
  - webhook: \${{ env.SLACK_WEBHOOK }}
    on: [failed, recovered]
  - email: marketing@example.com
    on: [failed]
relay: 127.0.0.1:2525
`);
    const result = loadMonitorConfig(file, { SLACK_WEBHOOK: 'https://hooks.example.test/T000/B000/secret' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.journeysDir).toBe(join(dir!, 'journeys'));
    expect(result.config.schedules[0]).toMatchObject({ cron: '0 7 * * 1-5', timezone: 'Europe/Berlin', jitterMs: 120_000, journeys: ['newsletter-*.journey.yaml'] });
    expect(result.config.schedules[1].everyMs).toBe(3_600_000);
    expect(result.config.alerts[0]).toMatchObject({ kind: 'webhook', target: 'https://hooks.example.test/T000/B000/secret', label: 'webhook hooks.example.test', on: ['failed', 'recovered'] });
    expect(result.config.alerts[1]).toMatchObject({ kind: 'email', target: 'marketing@example.com' });
    expect(result.config.relay).toEqual({ host: '127.0.0.1', port: 2525 });
  });

  it('points at the line and column of each problem, with did-you-mean, like journey files', () => {
    const file = write(`schedules:
  - journeys: [a.journey.yaml]
    every: 1h
    jiter: 2m
`);
    const result = loadMonitorConfig(file, {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const text = formatDiagnostic(result.diagnostics[0], result.text);
    expect(text).toContain('monitor.yaml:4:5: error JA011: unknown key "jiter"');
    expect(text).toContain('did you mean "jitter"?');
  });

  it('reports a bad cron, an unknown time zone, an unset variable and a missing relay at once', () => {
    const file = write(`schedules:
  - journeys: a.journey.yaml
    cron: "0 7 * * 1-9"
    timezone: Europe/Berln
alerts:
  - webhook: \${{ env.HOOK }}
  - email: team@example.com
`);
    const result = loadMonitorConfig(file, {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const where = result.diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`);
    expect(where).toEqual(['3:11 JA027', '4:15 JA027', '6:14 JA034', '6:3 JA012']);
    expect(result.diagnostics.map((d) => d.message).join('\n')).not.toContain('undefined');
  });

  it('says why a relay is not host:port, and reads an IPv6 one in brackets', () => {
    const bad = loadMonitorConfig(write('journeys: journeys/\nschedules:\n  - journeys: a.journey.yaml\n    every: 1h\nrelay: smtp.example.com\n'), {});
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.diagnostics.map((d) => d.message)).toEqual(['relay: "smtp.example.com" is not host:port: no port: expected host:port, as in smtp.example.test:25']);
    rmSync(dir!, { recursive: true, force: true });
    const good = loadMonitorConfig(write('journeys: journeys/\nschedules:\n  - journeys: a.journey.yaml\n    every: 1h\nrelay: "[::1]:2525"\n'), {});
    expect(good.ok && good.config.relay).toEqual({ host: '::1', port: 2525 });
  });

  it('needs exactly one of cron: and every:', () => {
    const file = write(`schedules:\n  - journeys: a.journey.yaml\n`);
    const result = loadMonitorConfig(file, {});
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.diagnostics[0].message).toContain('either cron: or every:');
  });

  it('reads business days with the calendars expectNoEmail knows (US by default, as there), and run-at-start', () => {
    const file = write(`schedules:
  - journeys: a.journey.yaml
    cron: "0 7 * * *"
    timezone: America/Toronto
    calendar: CA
  - journeys: b.journey.yaml
    every: 1h
    business-days: true
    timezone: America/New_York
    run-at-start: true
  - journeys: c.journey.yaml
    every: 1h
`);
    const result = loadMonitorConfig(file, {});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.schedules.map((s) => [s.calendar, s.runAtStart])).toEqual([
      ['CA', false],
      ['US', true],
      [undefined, false],
    ]);
  });

  it('points at a misspelt business-day key or an unknown calendar with line:col and did-you-mean', () => {
    const file = write(`schedules:
  - journeys: a.journey.yaml
    every: 1h
    busines-days: true
  - journeys: b.journey.yaml
    every: 1h
    calendar: DE
`);
    const result = loadMonitorConfig(file, {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const texts = result.diagnostics.map((d) => formatDiagnostic(d, result.text));
    expect(texts[0]).toContain('monitor.yaml:4:5: error JA011: unknown key "busines-days"');
    expect(texts[0]).toContain('did you mean "business-days"?');
    expect(texts[1]).toMatch(/monitor\.yaml:7:15: error JA\d+/);
    expect(texts[1]).toMatch(/US.*CA.*none/);
  });

  it('refuses a calendar that business-days: false switches off, and a time zone on a plain every:', () => {
    const file = write(`schedules:
  - journeys: a.journey.yaml
    cron: "0 7 * * *"
    business-days: false
    calendar: US
  - journeys: b.journey.yaml
    every: 1h
    timezone: Europe/Berlin
`);
    const result = loadMonitorConfig(file, {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostics.map((d) => `${d.line}:${d.column}`)).toEqual(['5:15', '8:15']);
    expect(result.diagnostics[0].message).toContain('business-days: false');
    expect(result.diagnostics[1].message).toContain('timezone: applies to cron:');
  });
});
