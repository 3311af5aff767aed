import { describe, expect, it } from 'vitest';
import { auditBody } from '../../../src/unsubscribe/body-audit.js';
import { linkPurpose } from '../../../src/unsubscribe/unsubscribe-words.js';
import { budget } from '../../support/time-budget.js';

const html = (inner: string) => `<!doctype html><html><head><style>.x{display:none}</style></head><body>${inner}</body></html>`;

describe('auditBody', () => {
  it('finds a plain unsubscribe link in both parts', () => {
    const audit = auditBody({
      html: html('<p>Hello</p><p style="font-size:12px"><a href="https://news.example/u/abc">Unsubscribe</a> · <a href="https://news.example/prefs">Manage preferences</a></p>'),
      text: 'Hello\n\nUnsubscribe: https://news.example/u/abc\nManage preferences: https://news.example/prefs\n',
    });
    expect(audit.problems).toEqual([]);
    expect(audit.unsubscribeLinks.map((l) => [l.part, l.url])).toEqual([
      ['html', 'https://news.example/u/abc'],
      ['text', 'https://news.example/u/abc'],
    ]);
    expect(audit.preferenceLinks.map((l) => l.text)).toEqual(['Manage preferences', 'Manage preferences']);
  });

  it.each([
    ['en', 'Unsubscribe from this list'],
    ['en', 'Opt out'],
    ['en', 'Unsubscribe or manage preferences'],
    ['de', 'Newsletter abbestellen'],
    ['de', 'Hier abmelden'],
    ['fr', 'Se désinscrire'],
    ['fr', 'Désabonnement'],
    ['es', 'Darse de baja'],
    ['es', 'Cancelar suscripción'],
    ['it', 'Annulla iscrizione'],
    ['it', 'Disiscriviti'],
    ['nl', 'Afmelden'],
    ['nl', 'Schrijf je uit'],
    ['pt', 'Descadastre-se'],
    ['pt', 'Cancelar inscrição'],
  ])('%s: "%s" is an unsubscribe link', (_lang, text) => {
    const audit = auditBody({ html: html(`<a href="https://mail.example/x?id=1">${text}</a>`), text: '' });
    expect(audit.unsubscribeLinks).toHaveLength(1);
    expect(audit.problems).toEqual([]);
  });

  it.each([
    ['en', 'Update your preferences'],
    ['en', 'Manage your subscription'],
    ['de', 'Einstellungen ändern'],
    ['fr', 'Gérer mes préférences'],
    ['es', 'Preferencias de correo'],
    ['it', 'Preferenze email'],
    ['nl', 'Voorkeuren aanpassen'],
    ['pt', 'Preferências'],
  ])('%s: "%s" is a preference link, not an unsubscribe link', (_lang, text) => {
    const audit = auditBody({ html: html(`<a href="https://mail.example/p?id=1">${text}</a>`), text: '' });
    expect(audit.preferenceLinks).toHaveLength(1);
    expect(audit.unsubscribeLinks).toHaveLength(0);
    expect(audit.problems[0].code).toBe('UNSUB_NO_LINK');
    expect(audit.problems[0].message).toMatch(/only a/);
  });

  it('reads "click here" from the words before it', () => {
    const audit = auditBody({ html: html('<p>If you no longer wish to receive these emails, <a href="https://x.example/r/1">click here</a>.</p>'), text: '' });
    expect(audit.unsubscribeLinks[0].evidence).toMatch(/words before/);
  });

  it('reads the URL when the text says nothing', () => {
    const audit = auditBody({ html: html('<a href="https://x.example/unsubscribe?u=1"><img src="x.png"></a>'), text: '' });
    expect(audit.unsubscribeLinks[0].evidence).toBe('URL "unsub"');
  });

  it('counts a mailto: unsubscribe link', () => {
    const audit = auditBody({ text: 'To leave the list, unsubscribe: mailto:leave@list.example?subject=unsubscribe' });
    expect(audit.unsubscribeLinks[0].url).toBe('mailto:leave@list.example?subject=unsubscribe');
  });

  it('takes the label from the line before in the text part', () => {
    const audit = auditBody({ text: 'Thanks for reading.\n\nUnsubscribe:\nhttps://x.example/r/1\n' });
    expect(audit.unsubscribeLinks[0].text).toBe('Unsubscribe');
  });

  it.each([
    ['display:none', '<div style="display: none"><a href="https://x.example/u/1">Unsubscribe</a></div>', /display:none/],
    ['1px font', '<p style="font-size:1px"><a href="https://x.example/u/1">Unsubscribe</a></p>', /1px font/],
    ['white on white', '<table bgcolor="#FFFFFF"><tr><td><a href="https://x.example/u/1" style="color:#fff">Unsubscribe</a></td></tr></table>', /coloured like/],
    ['visibility hidden', '<span style="visibility:hidden"><a href="https://x.example/u/1">Unsubscribe</a></span>', /visibility/],
    ['zero height', '<div style="max-height:0;overflow:hidden"><a href="https://x.example/u/1">Unsubscribe</a></div>', /zero height/],
    ['hidden attribute', '<a hidden href="https://x.example/u/1">Unsubscribe</a>', /hidden attribute/],
  ])('a link hidden by %s does not count', (_name, body, why) => {
    const audit = auditBody({ html: html(`<p>Big sale</p>${body}`), text: '' });
    expect(audit.unsubscribeLinks).toEqual([]);
    expect(audit.hiddenLinks[0].hiddenBy).toMatch(why);
    expect(audit.problems[0]).toMatchObject({ code: 'UNSUB_NO_LINK', rule: 'GOOGLE-1' });
    expect(audit.problems[0].message).toMatch(/hidden/);
  });

  it('grey on white is visible; a hidden sibling does not hide the link', () => {
    const audit = auditBody({
      html: html('<div style="background:#ffffff"><span style="display:none">preheader</span><a href="https://x.example/u/1" style="color:#999">Unsubscribe</a></div>'),
      text: '',
    });
    expect(audit.unsubscribeLinks).toHaveLength(1);
  });

  it('no link at all', () => {
    const audit = auditBody({ html: html('<p>Buy now: <a href="https://shop.example/sale">Sale</a></p>'), text: 'Buy now https://shop.example/sale' });
    expect(audit.problems).toEqual([{ code: 'UNSUB_NO_LINK', message: 'The mail has no visible unsubscribe link in its body.', rule: 'GOOGLE-1' }]);
  });

  it('notes a link present only in the text part', () => {
    const audit = auditBody({ html: html('<p>Sale</p>'), text: 'Unsubscribe: https://x.example/u/1' });
    expect(audit.problems).toEqual([]);
    expect(audit.notes.join(' ')).toMatch(/only in the plain-text part/);
  });

  it('survives broken HTML and huge input', () => {
    expect(() => auditBody({ html: '<a href="x"><<<<div style="display:none"', text: '' })).not.toThrow();
    const big = `<p>${'<a href="https://x.example/a">shop</a>'.repeat(20_000)}</p><a href="https://x.example/u">Unsubscribe</a>`;
    const started = Date.now();
    expect(auditBody({ html: big, text: '' }).unsubscribeLinks).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(budget(5000));
  });

  it('does not mistake ordinary links', () => {
    for (const [url, text] of [
      ['https://shop.example/sale', 'Precios a la baja'],
      ['https://shop.example/account', 'Your account'],
      ['https://shop.example/p/123', 'Manage your order'],
    ]) {
      expect(linkPurpose(url, text)?.kind).not.toBe('unsubscribe');
    }
  });
});
