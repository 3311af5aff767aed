import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDemoSites } from '../../../src/demo/demo-sites.js';
import { startMailbox, type TestMailbox } from './mailbox.js';

let mailbox: TestMailbox;
let demo: Awaited<ReturnType<typeof startDemoSites>>;

beforeAll(async () => {
  mailbox = await startMailbox();
  demo = await startDemoSites({ smtp: { host: mailbox.host, port: mailbox.port } });
});

afterAll(async () => {
  await demo?.close();
  await mailbox?.close();
});

it('starts both variants of both sites and exposes their URLs', async () => {
  expect(Object.keys(demo.env).sort()).toEqual([
    'BOOKSHOP_BROKEN_URL',
    'BOOKSHOP_URL',
    'NEWSLETTER_BROKEN_URL',
    'NEWSLETTER_URL',
  ]);
  expect(demo.sites.map((s) => `${s.name}/${s.variant}`)).toEqual([
    'bookshop/good',
    'bookshop/dead-test-link',
    'newsletter/good',
    'newsletter/ignores-unsubscribe',
  ]);
  for (const url of Object.values(demo.env)) {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${url}/`)).status).toBe(200);
  }
  expect(new Set(Object.values(demo.env)).size).toBe(4);
});

it('stops serving after close()', async () => {
  const { BOOKSHOP_URL } = demo.env;
  await demo.close();
  await expect(fetch(`${BOOKSHOP_URL}/`)).rejects.toThrow();
});
