import { simpleParser } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import { describe, expect, it } from 'vitest';
import { campaignMessage } from '../../../src/demo/newsletter-mail.js';
import type { Subscriber } from '../../../src/demo/newsletter-subscribers.js';
import { auditBody } from '../../../src/unsubscribe/body-audit.js';
import { auditListHeaders, auditListHeadersRaw } from '../../../src/unsubscribe/header-audit.js';

/**
 * Mail as it really travels: composed by nodemailer, read back by mailparser the way the
 * sink does (headerLines keep folding). The audit must see what a mail program sees.
 */
async function roundtrip(options: ConstructorParameters<typeof MailComposer>[0]) {
  const raw = await new MailComposer(options).compile().build();
  const parsed = await simpleParser(raw);
  return { raw, parsed, headerLines: parsed.headerLines.map((h) => ({ key: h.key, line: h.line })) };
}

describe('round trip through nodemailer and mailparser', () => {
  it('the demo newsletter’s good campaign mail raises no finding (no false alarm)', async () => {
    const subscriber: Subscriber = { email: 'anna.k3@journey-audit.test', confirmed: true, unsubscribeToken: 'tok123', lists: new Map() };
    const message = campaignMessage(subscriber, { domain: 'newsletter.test', list: 'weekly', origin: 'http://127.0.0.1:41234', offersUnsubscribe: true, mailto: true });
    const { parsed, headerLines } = await roundtrip(message as never);
    const header = auditListHeaders(headerLines, { allowHttpOnLoopback: true });
    expect(header.problems).toEqual([]);
    expect(header.oneClick).toMatchObject({ ready: true, url: 'http://127.0.0.1:41234/unsubscribe/one-click?token=tok123' });
    expect(header.uris.mailto[0]).toMatchObject({ address: 'unsubscribe@newsletter.test', subject: 'unsubscribe tok123' });
    expect(header.listId).toBe('weekly.newsletter.test');
    const body = auditBody({ html: typeof parsed.html === 'string' ? parsed.html : undefined, text: parsed.text ?? '' });
    expect(body.problems).toEqual([]);
    expect(body.unsubscribeLinks.map((l) => l.part)).toEqual(['html', 'text']);
  });

  it('the demo’s variant without unsubscribe fails on both header and body', async () => {
    const subscriber: Subscriber = { email: 'anna@journey-audit.test', confirmed: true, unsubscribeToken: 't', lists: new Map() };
    const message = campaignMessage(subscriber, { domain: 'newsletter.test', list: 'weekly', origin: 'http://127.0.0.1:1', offersUnsubscribe: false, mailto: false });
    const { parsed, headerLines } = await roundtrip(message as never);
    expect(auditListHeaders(headerLines).problems.map((p) => p.code)).toEqual(['UNSUB_NO_HEADER']);
    expect(auditBody({ html: parsed.html || undefined, text: parsed.text ?? '' }).problems.map((p) => p.code)).toEqual(['UNSUB_NO_LINK']);
  });

  it('nodemailer’s folding of a long List-Unsubscribe (value starts on the next line)', async () => {
    const long = `https://news.example.com/unsubscribe/one-click?token=${'a'.repeat(120)}&list=weekly`;
    const { raw, headerLines } = await roundtrip({
      from: 'news@example.com',
      to: 'anna@example.org',
      subject: 'x',
      text: 'x',
      headers: {
        'List-Unsubscribe': `<${long}>, <mailto:leave@example.com?subject=unsubscribe>`,
        'List-Id': 'News <news.example.com>',
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
    });
    expect(raw.toString()).toMatch(/^List-Unsubscribe:\r\n </m);
    for (const audit of [auditListHeaders(headerLines), auditListHeadersRaw(raw)]) {
      expect(audit.problems).toEqual([]);
      expect(audit.oneClick.url).toBe(long);
      expect(audit.uris.mailto[0].address).toBe('leave@example.com');
      expect(audit.listId).toBe('news.example.com');
    }
  });
});

describe('the demo’s automatic answers, classified as they arrive', () => {
  const classify = async (message: object) => {
    const { parsed, headerLines } = await roundtrip(message as never);
    const { classifyReply } = await import('../../../src/unsubscribe/reply-classifier.js');
    return classifyReply({ headerLines, subject: parsed.subject ?? '', from: parsed.from?.text ?? '', text: parsed.text ?? '', html: parsed.html || undefined });
  };

  it('auto-reply, then a challenge with its link, then a whitelisting that re-subscribes', async () => {
    const { autoReplyMessage, challengeMessage, whitelistedMessage } = await import('../../../src/demo/newsletter-mail.js');
    const id = { domain: 'newsletter.test' };
    const auto = await classify(autoReplyMessage(id, 'anna@journey-audit.test', 'unsubscribe tok', '<m1@journey-audit.test>'));
    expect(auto).toMatchObject({ kind: 'auto-reply', automated: true, autoSubmitted: 'auto-replied' });
    const challenge = await classify(challengeMessage(id, 'anna@journey-audit.test', 'http://127.0.0.1:4000/verify?token=v1', '<m1@journey-audit.test>'));
    expect(challenge).toMatchObject({ kind: 'challenge', link: 'http://127.0.0.1:4000/verify?token=v1' });
    const white = await classify(whitelistedMessage(id, 'anna@journey-audit.test'));
    expect(white.kind).toBe('resubscribed');
    expect(white.signals).toContain('whitelisted');
  });
});
