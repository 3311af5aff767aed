import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Sink } from '../../../src/mail/sink.js';
import { alertEventFor, deliverWebhook, sendAlerts, type AlertContext } from '../../../src/monitor/alerts.js';
import { MonitorStore } from '../../../src/monitor/store.js';

let dir: string;
let store: MonitorStore;
let hook: Server | undefined;
let sink: Sink | undefined;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ja-monitor-alerts-'));
  store = await MonitorStore.open(join(dir, 'data'));
});
afterEach(async () => {
  hook?.close();
  hook = undefined;
  await sink?.stop();
  sink = undefined;
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A loopback webhook receiver that answers `statuses` in turn (then 200). */
async function receiver(statuses: number[]): Promise<{ url: string; bodies: string[] }> {
  const bodies: string[] = [];
  hook = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      bodies.push(body);
      res.writeHead(statuses[bodies.length - 1] ?? 200).end();
    });
  });
  await new Promise<void>((r) => hook!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(hook.address() as { port: number }).port}/hooks/secret-path`, bodies };
}

const context: AlertContext = {
  event: 'failed',
  journey: { name: 'Reader unsubscribes', file: 'newsletter-unsubscribe' },
  runId: 'run-1',
  status: 'failed',
  previous: 'passed',
  findings: [{ code: 'UNSUB_NOT_HONOURED', message: 'A campaign arrived 3 days after the unsubscribe.' }],
  runUrl: 'http://127.0.0.1:4100/reports/run-1/r/report.html',
};

describe('alerts', () => {
  it('go on a change of state only', () => {
    const change = (from: string, to: string) => alertEventFor({ journeyFile: 'f', journeyName: 'n', from: from as never, to: to as never });
    expect(change('passed', 'failed')).toBe('failed');
    expect(change('never-run', 'failed')).toBe('failed');
    expect(change('failed', 'error')).toBeUndefined(); // still broken: no second alert
    expect(change('failed', 'passed')).toBe('recovered');
    expect(change('passed', 'flaky')).toBe('flaky');
    expect(change('never-run', 'passed')).toBeUndefined();
    expect(alertEventFor(undefined)).toBeUndefined();
  });

  it('retry a webhook that fails its first tries, with growing waits, and record the delivery without the secret URL', async () => {
    const { url, bodies } = await receiver([500, 503]);
    const waits: number[] = [];
    const results = await sendAlerts([{ kind: 'webhook', target: url, label: 'webhook 127.0.0.1', on: ['failed'] }], context, store, { from: 'm@x.test', backoffMs: 10, sleep: async (ms) => void waits.push(ms) });
    expect(results[0]).toMatchObject({ outcome: 'delivered', attempts: 3, detail: 'HTTP 200' });
    expect(waits).toEqual([10, 20]);
    const payload = JSON.parse(bodies[2]) as { text: string; findings: { title: string }[]; run: { url: string } };
    expect(payload.text).toContain('Reader unsubscribes is failing');
    expect(payload.text).toContain('A campaign arrived 3 days after the unsubscribe.');
    expect(payload.run.url).toBe(context.runUrl);
    const [row] = await store.alerts();
    expect(row).toMatchObject({ outcome: 'delivered', attempts: 3, channel: 'webhook', target: 'webhook 127.0.0.1' });
    expect(JSON.stringify(row)).not.toContain('secret-path');
  });

  it('give up after the last try, and not retry a 4xx', async () => {
    const down = await deliverWebhook('http://127.0.0.1:9/never', {}, { attempts: 3, backoffMs: 1, timeoutMs: 2000 });
    expect(down).toMatchObject({ outcome: 'failed', attempts: 3 });
    const { url, bodies } = await receiver([404]);
    expect(await deliverWebhook(url, {}, { attempts: 5, backoffMs: 1 })).toMatchObject({ outcome: 'failed', attempts: 1, detail: 'HTTP 404' });
    expect(bodies).toHaveLength(1);
  });

  it('send e-mail through the configured relay (the sink as the mail target)', async () => {
    sink = new Sink({ dir: join(dir, 'mail') });
    const endpoint = await sink.start();
    const results = await sendAlerts([{ kind: 'email', target: 'marketing@example.com', label: 'marketing@example.com', on: ['failed'] }], context, store, {
      from: 'journey-audit monitor <monitor@example.com>',
      relay: { host: endpoint.smtpHost, port: endpoint.smtpPort },
    });
    expect(results[0].outcome).toBe('delivered');
    const [mail] = sink.store.list({});
    expect(mail.envelopeTo).toEqual(['marketing@example.com']);
    expect(mail.subject).toBe('[journey-audit] Reader unsubscribes is failing');
    const raw = readFileSync(mail.path, 'utf8');
    expect(raw).toContain('A campaign arrived 3 days after the unsubscribe.');
    expect(raw).toContain(context.runUrl);
  });
});
