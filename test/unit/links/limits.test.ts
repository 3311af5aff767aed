import { describe, expect, it } from 'vitest';
import { LinkChecker } from '../../../src/links/index.js';
import { Slots } from '../../../src/links/request-limiter.js';
import { article, serve } from './loopback.js';

describe('who gets a free slot', () => {
  it('waiters asking first go before normal ones, the latest first; normal ones in order', async () => {
    const slots = new Slots(1);
    await slots.acquire();
    const order: string[] = [];
    const wait = (name: string, priority: 'first' | 'normal') => slots.acquire(priority).then(() => order.push(name));
    const all = [wait('normal 1', 'normal'), wait('first 1', 'first'), wait('normal 2', 'normal'), wait('first 2', 'first')];
    for (let i = 0; i < all.length; i++) {
      slots.release();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(all);
    expect(order).toEqual(['first 2', 'first 1', 'normal 1', 'normal 2']);
  });

  it('a normal waiter is not starved by a stream of first ones', async () => {
    const slots = new Slots(1);
    await slots.acquire();
    const order: string[] = [];
    const all = [slots.acquire('normal').then(() => order.push('normal'))];
    for (let i = 0; i < 10; i++) all.push(slots.acquire('first').then(() => order.push(`first ${i}`)));
    for (let i = 0; i < all.length; i++) {
      slots.release();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(all);
    expect(order.indexOf('normal')).toBeLessThan(8);
    expect(order).toHaveLength(11);
  });
});

describe('time of a link', () => {
  it('ms is the time of its request, not the time it waited for a slot', async () => {
    const slow = await serve({}, (_req, res) => setTimeout(() => res.writeHead(200, { 'content-type': 'text/html' }).end(article('Slow')), 150));
    const checker = new LinkChecker({ perHostConcurrency: 1, soft404Probe: false, requestTimeoutMs: 5_000 });
    try {
      const started = Date.now();
      const results = await checker.check(Array.from({ length: 6 }, (_, i) => ({ url: `${slow.url}/p${i}`, text: '', parent: 't', tag: 'a' })));
      const elapsed = Date.now() - started;
      expect(results.map((r) => r.state)).toEqual(Array(6).fill('ok'));
      // One at a time: the last waited ~750 ms for its turn; its own request took ~150 ms.
      // Relative to the whole check, so it holds however slow the machine is.
      expect(elapsed).toBeGreaterThanOrEqual(6 * 150);
      expect(Math.max(...results.map((r) => r.ms))).toBeLessThan(elapsed / 2);
    } finally {
      await checker.close();
      await slow.close();
    }
  });
});
