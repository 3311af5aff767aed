import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { LinkProgress, type ProgressSource } from '../../../src/links/progress.js';

function stream(tty: boolean): NodeJS.WriteStream & { text(): string } {
  const out = new PassThrough() as unknown as NodeJS.WriteStream & { text(): string };
  let text = '';
  out.on('data', (d) => (text += d));
  Object.assign(out, { isTTY: tty, columns: 200, text: () => text });
  return out;
}

const source: ProgressSource = {
  pages: { done: 12, queued: 4 },
  activity: () => ({ inFlight: 7, slowest: { host: 'docs.example.org', ms: 4_200 } }),
};

describe('link check progress', () => {
  it('shows pages done / queued, links checked, requests in flight, the slowest host and the elapsed time', () => {
    const progress = new LinkProgress(stream(false), false, 60_000);
    progress.start('http://127.0.0.1/', source);
    progress.onResult({ url: 'u', parent: 'p', text: '', state: 'broken', chain: [], ms: 1 });
    progress.onResult({ url: 'v', parent: 'p', text: '', state: 'ok', chain: [], ms: 1 });
    expect(progress.line()).toMatch(/^pages 12 done \/ 4 queued · 2 links checked \(1 broken, 0 blocked\) · 7 in flight · slowest: docs\.example\.org 4\.2s · \d+ms$/);
    progress.stop();
  });

  it('rewrites one line on a terminal; writes plain lines otherwise (CI)', async () => {
    const tty = stream(true);
    const onTerminal = new LinkProgress(tty, true, 20);
    onTerminal.start('x', source);
    const ci = stream(false);
    const inCi = new LinkProgress(ci, false, 20);
    inCi.start('x', source);
    await new Promise((resolve) => setTimeout(resolve, 120));
    onTerminal.stop();
    inCi.stop();
    expect(tty.text()).toContain('\r\x1b[Kpages 12 done');
    expect(tty.text().split('\n')).toHaveLength(2); // the start line, then one line rewritten in place
    expect(ci.text()).not.toContain('\r');
    expect(ci.text().split('\n').filter((l) => l.startsWith('pages 12 done')).length).toBeGreaterThan(1);
  });

  it('in CI (CI=true) or when not a terminal, a line every 5 s', () => {
    const saved = process.env.CI;
    process.env.CI = 'true';
    try {
      const out = stream(true);
      const progress = new LinkProgress(out);
      expect((progress as unknown as { everyMs: number }).everyMs).toBe(5_000);
    } finally {
      if (saved === undefined) delete process.env.CI;
      else process.env.CI = saved;
    }
    expect((new LinkProgress(stream(false)) as unknown as { everyMs: number }).everyMs).toBe(5_000);
  });
});
