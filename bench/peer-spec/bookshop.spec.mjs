// The bookshop journey (journeys/bookshop-online-test.journey.yaml with
// journeys/parts/buy-the-book.yaml) written by hand as a Playwright Test spec: the
// same actions in the same order against the same demo site.
//
// The receipt is awaited on the sink's server-sent events (/api/v1/events), the way
// journey-audit waits; BENCH_PEER_MAIL=poll polls /api/v1/messages?to= every 100 ms.
import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';

const api = () => process.env.BENCH_SINK_API;

test('Book buyer takes the online test', async ({ page }, testInfo) => {
  const address = `buyer.${randomBytes(3).toString('hex')}@${process.env.BENCH_MAIL_DOMAIN ?? 'journey-audit.test'}`;
  const receipt = process.env.BENCH_PEER_MAIL === 'poll'
    ? pollForMail(address, /your receipt/i, 30_000)
    : waitForMail(address, /your receipt/i, 30_000);

  // parts/buy-the-book.yaml
  await page.goto('/');
  await page.getByRole('link', { name: 'The Promise Keeper' }).click();
  await page.getByRole('link', { name: 'Buy now' }).click();
  await page.getByLabel('Full name').fill('Ada Reader');
  await page.getByLabel('Email').fill(address);
  await page.getByLabel('Format').selectOption({ label: 'E-book' });
  await page.getByLabel('I accept the terms').check();
  await page.getByRole('button', { name: 'Place order' }).click();
  await expect(page.getByText('Thank you for your order').first()).toBeVisible();

  // waitForEmail { to: buyer, subject: Your receipt }
  const summary = await receipt;
  const message = await (await fetch(`${api()}/api/v1/messages/${summary.id}`)).json();

  // openLink { text: Take the online test }
  const link = message.links.find((l) => l.part === 'html' && /take the online test/i.test(l.text))
    ?? message.links.find((l) => /take the online test/i.test(l.text));
  expect(link, 'link in the receipt').toBeTruthy();
  const response = await page.goto(link.href);
  expect(response?.status()).toBeLessThan(400);

  await expect(page.getByText('Online test: The Promise Keeper').first()).toBeVisible();
  await page.getByLabel('Rye bread').check();
  await page.getByLabel('A stranger off the winter ferry').check();
  await page.getByLabel('A debt you are glad to pay').check();
  await page.getByRole('button', { name: 'Submit answers' }).click();
  await expect(page.getByText('You scored 3 of 3').first()).toBeVisible();
  await testInfo.attach('test result', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
});

/** Resolves with the first matching message summary pushed by the sink's SSE stream. */
async function waitForMail(to, subject, timeoutMs) {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  const params = new URLSearchParams({ to, since: String(Date.now()) });
  const response = await fetch(`${api()}/api/v1/events?${params}`, { signal: abort.signal });
  const stream = (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body) {
        buffer += decoder.decode(chunk, { stream: true });
        let end;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = event.split('\n').find((line) => line.startsWith('data: '));
          if (!data) continue;
          const message = JSON.parse(data.slice(6));
          if (subject.test(message.subject)) return message;
        }
      }
    } catch (error) {
      if (!abort.signal.aborted) throw error;
    }
    throw new Error(`no mail to ${to} within ${timeoutMs} ms`);
  })();
  return stream.finally(() => {
    clearTimeout(timer);
    abort.abort();
  });
}

/** Polls /api/v1/messages?to= every 100 ms until a matching message is there. */
async function pollForMail(to, subject, timeoutMs) {
  const since = Date.now();
  const deadline = since + timeoutMs;
  while (Date.now() < deadline) {
    const body = await (await fetch(`${api()}/api/v1/messages?${new URLSearchParams({ to, since: String(since) })}`)).json();
    const found = body.messages.find((m) => subject.test(m.subject));
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no mail to ${to} within ${timeoutMs} ms`);
}
