import { describe, expect, it } from 'vitest';
import { whitelistedMessage } from '../../../src/demo/newsletter-mail.js';
import { provingSentence, sentences } from '../../../src/unsubscribe/proving-sentence.js';
import { classifyReply } from '../../../src/unsubscribe/reply-classifier.js';

/**
 * RESUBSCRIBED must quote what the customer read, not the folded phrase the classifier
 * matched ("welcome back" without case, accents or punctuation).
 */
describe('the sentence that proves a re-subscription', () => {
  it('quotes the demo whitelisting mail as written, the re-subscription before the whitelisting', () => {
    const mail = whitelistedMessage({ domain: 'newsletter.test', brand: 'The Weekly Promise' } as never, 'reader@journey-audit.test');
    const reply = classifyReply({ headerLines: [], subject: String(mail.subject), from: '', text: String(mail.text) });
    expect(reply.kind).toBe('resubscribed');
    expect(reply.evidence).toContain('"welcome back"'); // what the classifier keeps: folded
    expect(provingSentence({ subject: String(mail.subject), text: String(mail.text) }, [reply.kind, 'whitelisted'])).toBe(
      'Welcome back! The Weekly Promise will arrive in your inbox every week again.',
    );
    expect(provingSentence({ subject: String(mail.subject), text: String(mail.text) }, ['whitelisted'])).toBe('Thank you for verifying your address: you have been whitelisted. You have been whitelisted');
  });

  it('keeps accents and case of a French answer, and reads HTML-only mail', () => {
    const html = '<html><head><style>p{}</style></head><body><p>Bonjour,</p><p>Vous &ecirc;tes r&eacute;abonn&eacute; ? Non : <b>Bon retour</b> parmi nous&nbsp;!</p></body></html>';
    expect(provingSentence({ subject: 'Re: désinscription', text: '', html }, ['resubscribed'])).toBe('Vous êtes réabonné ? Non : Bon retour parmi nous !');
    expect(provingSentence({ subject: 'Re: désinscription', text: 'Vous êtes réabonné à la lettre « Promesses ».' }, ['resubscribed'])).toBe('Vous êtes réabonné à la lettre « Promesses ».');
  });

  it('says nothing when no single sentence carries the sign', () => {
    expect(provingSentence({ subject: 'Thanks', text: 'We got your mail. A person will answer soon.' }, ['resubscribed', 'whitelisted'])).toBeUndefined();
  });

  it('splits at sentence ends and line breaks, never inside an address', () => {
    expect(sentences('Hi Anna.\nSee https://example.test/a.b?c=d for more! Bye')).toEqual(['Hi Anna.', 'See https://example.test/a.b?c=d for more!', 'Bye']);
  });
});
