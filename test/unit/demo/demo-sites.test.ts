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

it('starts every variant of both sites and exposes their URLs and the newsletters\' inbound SMTP', async () => {
  expect(Object.keys(demo.env).sort()).toEqual([
    'BOOKSHOP_BROKEN_URL',
    'BOOKSHOP_DEAD_PDF_URL',
    'BOOKSHOP_SOFT404_URL',
    'BOOKSHOP_URL',
    'NEWSLETTER_AUTO_RESPONDER_SMTP',
    'NEWSLETTER_AUTO_RESPONDER_URL',
    'NEWSLETTER_BROKEN_URL',
    'NEWSLETTER_DELAYED_URL',
    'NEWSLETTER_KEEPS_MAILING_URL',
    'NEWSLETTER_LOGIN_WALL_URL',
    'NEWSLETTER_NO_UNSUBSCRIBE_URL',
    'NEWSLETTER_ONE_CLICK_REDIRECT_URL',
    'NEWSLETTER_PRE_TICKED_URL',
    'NEWSLETTER_SECOND_LIST_URL',
    'NEWSLETTER_SMTP',
    'NEWSLETTER_URL',
  ]);
  expect(demo.sites.map((s) => `${s.name}/${s.variant}`)).toEqual([
    'bookshop/good',
    'bookshop/dead-test-link',
    'bookshop/soft-404-test-link',
    'bookshop/dead-pdf-link',
    'newsletter/good',
    'newsletter/no-unsubscribe',
    'newsletter/keeps-mailing',
    'newsletter/second-list',
    'newsletter/login-wall',
    'newsletter/pre-ticked',
    'newsletter/one-click-redirect',
    'newsletter/auto-responder',
    'newsletter/delayed',
  ]);
  const urls = Object.entries(demo.env).filter(([key]) => key.endsWith('_URL')).map(([, url]) => url);
  for (const url of urls) {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${url}/`)).status).toBe(200);
  }
  expect(new Set(urls).size).toBe(demo.sites.length);
  expect(demo.env.NEWSLETTER_BROKEN_URL).toBe(demo.env.NEWSLETTER_KEEPS_MAILING_URL);
  const relay = `${demo.relay.host}:${demo.relay.port}`;
  expect(demo.env.NEWSLETTER_SMTP).toBe(relay);
  expect(demo.env.NEWSLETTER_AUTO_RESPONDER_SMTP).toBe(relay);
});

it('stops serving after close()', async () => {
  const { BOOKSHOP_URL } = demo.env;
  await demo.close();
  await expect(fetch(`${BOOKSHOP_URL}/`)).rejects.toThrow();
});
