/** What a newsletter reader does in the demo-site tests, with real HTTP requests. */
import { expect } from 'vitest';
import type { DemoSite } from '../../../src/demo/site.js';
import { linkByText, postForm, rawHeaderLines, type CapturedMail, type TestMailbox } from './mailbox.js';

export const WEEKLY = "This week's promise";

export function mailsTo(mailbox: TestMailbox, email: string, subject?: string): CapturedMail[] {
  return mailbox.to(email).filter((m) => subject === undefined || m.parsed.subject === subject);
}

/** Values of a header, read from the raw message (field names case-insensitive). */
export function headerValues(mail: CapturedMail, name: string): string[] {
  return rawHeaderLines(mail.raw)
    .filter((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`))
    .map((line) => line.slice(name.length + 1).trim());
}

/** Subscribes and clicks the confirmation link, like a reader would. */
export async function subscribeAndConfirm(site: DemoSite, mailbox: TestMailbox, email: string): Promise<void> {
  const res = await postForm(`${site.url}/subscribe`, { email });
  expect(res.status).toBe(200);
  const [mail] = mailsTo(mailbox, email, 'Please confirm your subscription');
  const confirmed = await fetch(linkByText(String(mail.parsed.html), 'Confirm my subscription'));
  expect(confirmed.status).toBe(200);
}

export async function sendCampaign(site: DemoSite): Promise<number> {
  const res = await fetch(`${site.url}/admin/send-campaign`, { method: 'POST' });
  expect(res.status).toBe(200);
  return ((await res.json()) as { sent: number }).sent;
}

/** The footer link of the reader's latest mail with `subject`. */
export function footerLink(mailbox: TestMailbox, email: string, subject = WEEKLY): string {
  const mail = mailsTo(mailbox, email, subject).at(-1);
  return linkByText(String(mail?.parsed.html), 'Unsubscribe');
}

/** Submits the one-page unsubscribe form behind `pageUrl`, the way the browser does. */
export async function unsubscribeOnPage(pageUrl: string): Promise<string> {
  const page = await fetch(pageUrl);
  expect(page.status).toBe(200);
  const params = new URL(pageUrl).searchParams;
  const res = await postForm(new URL('/unsubscribe', pageUrl).href, Object.fromEntries(params));
  expect(res.status).toBe(200);
  return res.text();
}

/** A fresh reader address and the number of weekly mails it has received so far. */
export function weeklyCount(mailbox: TestMailbox, email: string): number {
  return mailsTo(mailbox, email, WEEKLY).length;
}
