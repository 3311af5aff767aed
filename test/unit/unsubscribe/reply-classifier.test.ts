import { describe, expect, it } from 'vitest';
import { splitHeaderBlock } from '../../../src/unsubscribe/header-lines.js';
import { classifyReply, detectLoop, type ReplyKind } from '../../../src/unsubscribe/reply-classifier.js';
import { budget } from '../../support/time-budget.js';

interface Sample {
  name: string;
  headers?: string;
  subject: string;
  text: string;
  html?: string;
  kind: ReplyKind;
  evidence?: RegExp;
  automated?: boolean;
  link?: string;
}

const samples: Sample[] = [
  {
    name: 'Outlook out-of-office (vendor headers, no Auto-Submitted)',
    headers: 'X-Auto-Response-Suppress: All\r\nX-MS-Exchange-Inbox-Rules-Loop: anna@corp.example\r\n',
    subject: 'Automatic reply: Big sale',
    text: 'I am out of the office until Monday with limited access to email.',
    kind: 'auto-reply',
    evidence: /x-auto-response-suppress: All/,
  },
  {
    name: 'RFC 3834 auto-replied with a neutral subject',
    headers: 'Auto-Submitted: auto-replied\r\n',
    subject: 'Re: your message',
    text: 'We received your message and will answer within 2 business days.',
    kind: 'auto-reply',
    evidence: /Auto-Submitted: auto-replied/,
  },
  {
    name: 'Gmail vacation responder',
    headers: 'Auto-Submitted: auto-replied\r\nPrecedence: bulk\r\n',
    subject: 'On vacation',
    text: 'I am travelling.',
    kind: 'auto-reply',
  },
  {
    name: 'German Abwesenheitsnotiz by subject only',
    subject: 'Abwesenheitsnotiz: Ihre Nachricht',
    text: 'Ich bin bis zum 3. Januar nicht im Büro.',
    kind: 'auto-reply',
    evidence: /subject "Abwesenheitsnotiz/,
  },
  {
    name: 'French réponse automatique, encoded subject',
    subject: '=?UTF-8?Q?R=C3=A9ponse_automatique=C2=A0:_Promo?=',
    text: 'Je suis absent.',
    kind: 'auto-reply',
  },
  { name: 'Spanish respuesta automática', subject: 'Respuesta automática: Oferta', text: 'Estoy fuera de la oficina.', kind: 'auto-reply' },
  { name: 'X-Autoreply: yes', headers: 'X-Autoreply: yes\r\n', subject: 'Re: hello', text: 'Thanks!', kind: 'auto-reply' },
  { name: 'bounce from the null sender', headers: 'Return-Path: <>\r\n', subject: 'Undelivered Mail Returned to Sender', text: 'This is the mail system.', kind: 'auto-reply' },
  {
    name: 'challenge-response wall (the demo’s)',
    headers: 'Auto-Submitted: auto-replied\r\n',
    subject: 'Please verify you are a real human',
    text: 'Your message is waiting for you to confirm that you are a real human and not a spam robot.\n\nVerify I am a real human: https://news.example/verify?token=abc\n',
    html: '<p>Your message is waiting.</p><p><a href="https://news.example/about">About us</a> <a href="https://news.example/verify?token=abc">Verify I am a real human</a></p>',
    kind: 'challenge',
    link: 'https://news.example/verify?token=abc',
  },
  {
    name: 'Boxbe-style challenge',
    subject: 'Request to join your Guest List',
    text: 'Your message to anna@example.org has been held. To have your message delivered, please click: https://www.boxbe.example/anno?tc=1 ',
    kind: 'challenge',
    link: 'https://www.boxbe.example/anno?tc=1',
  },
  { name: 'I’m not a robot', subject: 'Action required', text: 'Please confirm you’re not a robot by clicking below.\nhttps://x.example/c/1', kind: 'challenge' },
  { name: 'German challenge', subject: 'Bestätigung erforderlich', text: 'Bitte bestätigen Sie, dass Sie ein Mensch sind: https://x.example/c', kind: 'challenge' },
  {
    name: 'whitelisting notice',
    headers: 'Auto-Submitted: auto-generated\r\n',
    subject: 'Sender approved',
    text: 'Thank you, your address has been added to our safe senders list. Future messages will be delivered.',
    kind: 'whitelisted',
  },
  {
    name: 'whitelisted and welcomed back (the demo’s): a re-subscription',
    headers: 'Auto-Submitted: auto-generated\r\n',
    subject: 'You have been whitelisted',
    text: 'Thank you for verifying your address: you have been whitelisted.\n\nWelcome back! The Weekly will arrive in your inbox every week again.',
    kind: 'resubscribed',
  },
  { name: 'you are subscribed again', subject: 'Good news', text: 'You are subscribed again to our weekly deals.', kind: 'resubscribed' },
  { name: 'Willkommen zurück', subject: 'Willkommen zurück!', text: 'Sie sind wieder angemeldet.', kind: 'resubscribed' },
  { name: 'thanks for subscribing', subject: 'Thanks for subscribing!', text: 'You’re now subscribed to the Weekly.', kind: 'subscription-confirmation' },
  { name: 'double opt-in request', subject: 'Please confirm your subscription', text: 'Click to confirm your subscription: https://x.example/confirm', kind: 'subscription-confirmation' },
  { name: 'French welcome', subject: 'Bienvenue', text: 'Merci pour votre inscription à notre lettre.', kind: 'subscription-confirmation' },
  {
    name: 'unsubscribe confirmed',
    headers: 'Auto-Submitted: auto-replied\r\n',
    subject: 'You have been unsubscribed',
    text: 'You have been removed from our mailing list and will no longer receive the Weekly.',
    kind: 'unsubscribe-confirmation',
  },
  { name: 'helpdesk acknowledgement without headers', subject: '[Request received] unsubscribe', text: 'Your request (#48213) has been received and is being reviewed by our support staff.', kind: 'auto-reply', evidence: /request #48213 has been received/ },
  { name: 'no-reply notice', subject: 'Re: unsubscribe', text: 'This is an automated message, please do not reply to this email.', kind: 'auto-reply' },
  { name: 'German automatic notice', subject: 'Ihre Anfrage', text: 'Diese Nachricht wurde automatisch erstellt.', kind: 'auto-reply' },
  { name: 'a person answers', subject: 'Re: Big sale', text: 'Hi Anna,\n\nsorry about that, I took you off the list myself.\n\nBest, Tom', kind: 'human', automated: false },
  { name: 'a person mentions an office but is not out of it', subject: 'Re: question', text: 'Our office is open from 9 to 5. Call us any time.', kind: 'human', automated: false },
  { name: 'Auto-Submitted: no is a person', headers: 'Auto-Submitted: no\r\n', subject: 'Re: hi', text: 'Sure, done.', kind: 'human', automated: false },
  { name: 'you’re subscribed is not "re-subscribed"', subject: 'Welcome', text: 'Great, you’re subscribed.', kind: 'subscription-confirmation' },
];

describe('classifyReply', () => {
  it.each(samples.map((s) => [s.name, s] as const))('%s', (_name, s) => {
    const result = classifyReply({ headerLines: splitHeaderBlock(`${s.headers ?? ''}From: x@y.example\r\n`), subject: s.subject, from: 'x@y.example', text: s.text, html: s.html });
    expect(result.kind).toBe(s.kind);
    expect(result.automated).toBe(s.automated ?? true);
    if (s.kind !== 'human') expect(result.evidence.length).toBeGreaterThan(0);
    if (s.evidence) expect(result.evidence.join(' | ')).toMatch(s.evidence);
    if (s.link) expect(result.link).toBe(s.link);
  });

  it('lists every signal, strongest first', () => {
    const r = classifyReply({ headerLines: splitHeaderBlock('Auto-Submitted: auto-generated\r\n'), subject: 'You have been whitelisted', from: '', text: 'Welcome back!' });
    expect(r.signals).toEqual(['resubscribed', 'whitelisted', 'auto-reply']);
    expect(r.autoSubmitted).toBe('auto-generated');
  });

  it('copes with empty and huge input', () => {
    expect(classifyReply({ headerLines: [], subject: '', from: '', text: '' }).kind).toBe('human');
    const started = Date.now();
    classifyReply({ headerLines: [], subject: 'x', from: '', text: 'arrive in your inbox '.repeat(50_000), html: '<p>'.repeat(50_000) });
    expect(Date.now() - started).toBeLessThan(budget(3000));
  });
});

describe('detectLoop', () => {
  const auto = { automated: true, kind: 'auto-reply' as const };
  const human = { automated: false, kind: 'human' as const };

  it('finds machines answering machines beyond the bound', () => {
    const v = detectLoop([auto, auto, auto, auto], 2);
    expect(v).toMatchObject({ loop: true, longestAutomatedRun: 4, startsAt: 0 });
    expect(v?.message).toMatch(/4 automatic messages/);
  });

  it('a person in between breaks the run', () => {
    expect(detectLoop([auto, auto, human, auto, auto], 2)).toBeUndefined();
    expect(detectLoop([human, auto, auto, auto], 2)).toMatchObject({ loop: true, startsAt: 1 });
    expect(detectLoop([], 2)).toBeUndefined();
  });

  it('the demo’s chain (auto-reply, challenge, whitelisting) is three automated answers', () => {
    const chain = [
      classifyReply({ headerLines: splitHeaderBlock('Auto-Submitted: auto-replied\r\nX-Autoreply: yes\r\n'), subject: 'Automatic reply: unsubscribe', from: '', text: 'Thank you for your message.' }),
      classifyReply({ headerLines: splitHeaderBlock('Auto-Submitted: auto-replied\r\n'), subject: 'Please verify you are a real human', from: '', text: 'Verify' }),
    ];
    expect(chain.map((c) => c.kind)).toEqual(['auto-reply', 'challenge']);
    expect(detectLoop(chain, 1)?.loop).toBe(true);
    expect(detectLoop(chain, 2)).toBeUndefined();
  });
});

describe('classifyReply: requests to confirm leaving', () => {
  const classify = (headers: string, subject: string, text: string, from = 'list@lists.example.org') =>
    classifyReply({ headerLines: splitHeaderBlock(`${headers}From: ${from}\r\n`), subject, from, text });

  it('mlmmj: reply to the Reply-To confirm address; Precedence: bulk does not make it an auto-responder', () => {
    const r = classify(
      'Reply-To: news+confunsub-8c3d5e1f@lists.example.org\r\nPrecedence: bulk\r\n',
      'Confirm unsubscribe from news@lists.example.org',
      'To confirm you want the address\n\nanna@example.org\n\nremoved from this list, please send a reply to\n\nnews+confunsub-8c3d5e1f@lists.example.org',
    );
    expect(r.kind).toBe('confirmation-request');
    expect(r.signals).toContain('auto-reply');
    expect(r.confirm).toMatchObject({ replyTo: 'news+confunsub-8c3d5e1f@lists.example.org', replySubject: 'Re: Confirm unsubscribe from news@lists.example.org', asksForReply: true });
    expect(r.confirm?.link).toBeUndefined();
  });

  it('Mailman 2: the command line, the subject that carries the cookie, and the web link', () => {
    const r = classify(
      '',
      'confirm 3f2a9c0e7d61b84a',
      'To confirm that you want to be removed from this mailing list, simply reply to this message, keeping the Subject: header intact. Or visit this web page:\n\n    https://lists.example.org/mailman/confirm/news/3f2a9c0e7d61b84a\n\nOr include the following line in a message to news-request@lists.example.org:\n\n    confirm 3f2a9c0e7d61b84a\n',
      'news-request@lists.example.org',
    );
    expect(r.confirm).toMatchObject({ replyTo: 'news-request@lists.example.org', replySubject: 'Re: confirm 3f2a9c0e7d61b84a', command: 'confirm 3f2a9c0e7d61b84a', asksForReply: true, link: 'https://lists.example.org/mailman/confirm/news/3f2a9c0e7d61b84a' });
  });

  it('a subscription confirmation ("needed to join") is not a request to leave', () => {
    expect(classify('', 'Your confirmation is needed to join the news mailing list', 'Please confirm your email address by replying to this message.').kind).toBe('subscription-confirmation');
  });
});

describe('classifyReply: marketing in the goodbye mail', () => {
  const classify = (text: string) => classifyReply({ headerLines: [], subject: 'Goodbye', from: 'news@example.org', text });

  it('a coupon and a one-click re-subscribe link with a personal token are marketing', () => {
    expect(classify('You have been unsubscribed. Before you go: 20% off with the code BYE20.').marketing).toEqual(['offer "20% off"']);
    const r = classify('You have been unsubscribed.\n\nChanged your mind? Re-subscribe:\nhttps://news.example.org/resubscribe?token=a1b2c3d4e5f6a7b8');
    expect(r.kind).toBe('unsubscribe-confirmation');
    expect(r.marketing).toEqual(['one-click re-subscribe link https://news.example.org/resubscribe?token=a1b2c3d4e5f6a7b8']);
  });

  it('a link to the plain subscribe page (phpList) and a plain goodbye are not', () => {
    expect(classify('You have been unsubscribed from our newsletters.\n\nIf there is an error in this information, you can re-subscribe:\nplease go to http://news.example.org/lists/?p=subscribe and follow the steps.').marketing).toBeUndefined();
    expect(classify('You have been removed from the news mailing list.').marketing).toBeUndefined();
  });
});
