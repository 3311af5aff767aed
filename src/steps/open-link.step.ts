import { z } from 'zod';
import { errorMessage } from '../core/errors.js';
import type { MailLink } from '../mail/received-mail.js';
import { captureName, pattern } from './args.js';
import { defineStep } from './define-step.js';
import { judgedLink, mailLabel, mailPart, navigationFailureReason } from './judged-link.js';
import { fail } from './step-failure.js';

export default defineStep({
  name: 'openLink',
  summary: 'Open a link of a received email in the browser, as the customer clicking it',
  args: z
    .strictObject({
      in: captureName.meta({ description: 'The mail, as remembered by waitForEmail `as:`' }),
      text: pattern.optional().meta({ description: 'Visible text of the link' }),
      url: pattern.optional().meta({ description: 'Address of the link' }),
      expectStatus: z.number().int().optional().meta({ description: 'Expected HTTP status (default: below 400)' }),
    })
    .refine((a) => a.text !== undefined || a.url !== undefined, {
      message: 'say which link: give text or url',
      params: { code: 'JA023', expected: 'text: or url:' },
    }),
  captureArgs: ['in'],
  sideEffects: true,
  judgesStatus: true,
  example: '- openLink: { in: confirm, text: /confirm/i }',
  describe: (a) => `open the link ${a.text ?? a.url} in the email "${a.in}"`,
  async run(ctx, a) {
    const mail = ctx.captures.get(a.in);
    if (!mail || typeof mail === 'string') fail('STEP_FAILED', `"${a.in}" is not an email remembered by an earlier waitForEmail step.`);
    const evidence = [ctx.evidencePath(mail.path)];
    const { mailLinks } = await import('../links/mail-links.js');
    const links = mailLinks(mail);
    const link = findLink(links, a.text, a.url);
    if (!link) {
      const found = links.filter((l, i) => links.findIndex((o) => o.href === l.href) === i).map((l) => `“${l.text || l.href}”`).join(', ') || 'none';
      fail('MAIL_LINK_NOT_FOUND', `The email “${mail.subject}” has no link ${a.text ?? a.url}. Links found: ${found}.`, { evidence });
    }
    const label = link.text ? `“${link.text}”` : link.href;
    const place = { parent: mailLabel(mail.subject), where: mailPart(link.part), text: link.text };
    const [mailbox, ...others] = ctx.mail.mailboxesOf(mail);
    ctx.recordSideEffect({ kind: 'link-followed', method: 'GET', target: link.href, ...(mailbox && others.length === 0 && { mailbox, address: ctx.mail.address(mailbox) }) });
    let status: number | undefined;
    const started = performance.now();
    try {
      status = (await ctx.page.goto(link.href, { timeout: ctx.timeoutMs }))?.status();
    } catch (error) {
      ctx.recordLinks([judgedLink(link.href, place, { state: 'broken', reason: navigationFailureReason(errorMessage(error)), ms: performance.now() - started })]);
      fail('LINK_BROKEN', `The link ${label} in the email “${mail.subject}” does not open (${firstLine(errorMessage(error))}): ${link.href}`, {
        evidence,
        details: { url: link.href },
      });
    }
    if (status === undefined) return;
    const ok = a.expectStatus === undefined ? status < 400 : status === a.expectStatus;
    const navigation = await ctx.lastNavigation().catch(() => undefined);
    ctx.recordLinks([judgedLink(link.href, place, { state: ok ? 'ok' : 'broken', reason: ok ? undefined : 'status', status, navigation, ms: performance.now() - started })]);
    if (!ok) {
      const meaning = status === 404 || status === 410 ? 'a page that does not exist' : 'an error page';
      fail('LINK_BROKEN', `The link ${label} in the email “${mail.subject}” leads to ${meaning} (HTTP ${status}): ${link.href}`, {
        evidence,
        details: { url: link.href, status },
      });
    }
  },
});

function findLink(links: MailLink[], text?: { test(s: string): boolean }, url?: { test(s: string): boolean }) {
  const candidates = links.filter((l) => (!text || text.test(l.text)) && (!url || url.test(l.href)));
  // The HTML part is what most customers see; the text part is the fallback.
  return candidates.find((l) => l.part === 'html') ?? candidates[0];
}

function firstLine(text: string): string {
  return text.split('\n')[0];
}
