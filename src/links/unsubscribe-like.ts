/**
 * Words of unsubscribe, opt-out and preference links in several languages, matched on
 * the URL's path and query and on the link's text (lower case, accents removed).
 * A link check never fetches such a link: a GET alone may unsubscribe the reader.
 */
const UNSUBSCRIBE_WORDS = [
  'unsub', 'opt[-_ ]?out', 'remove[-_ ]?me', 'email[-_ ]?preferences', 'manage[-_ ]?(?:your[-_ ]?)?(?:email[-_ ]?)?(?:preferences|subscriptions?)',
  'subscription[-_ ]?(?:center|centre|preferences|settings)', 'preference[-_ ]?cent(?:er|re)',
  // German, French, Spanish, Italian, Dutch, Portuguese
  'abmelden', 'abbestellen', 'austragen', 'newsletter[-_ ]?abmeldung', 'abmeldung',
  'desinscri', 'desabonn', 'se[-_ ]?desinscrire',
  'dar(?:se)?[-_ ]?de[-_ ]?baja', 'cancelar[-_ ]?(?:la[-_ ]?)?suscripcion', 'desuscrib', 'anular[-_ ]?suscripcion',
  'disiscriv', 'cancella(?:ti|re)[-_ ]?(?:l[-_ ]?)?iscrizione', 'annulla[-_ ]?iscrizione',
  'afmelden', 'uitschrijven',
  'descadastr', 'cancelar[-_ ]?(?:a[-_ ]?)?inscricao', 'desinscrever', 'cancelar[-_ ]?assinatura',
];
const UNSUBSCRIBE = new RegExp(UNSUBSCRIBE_WORDS.join('|'), 'i');


export function isUnsubscribeLike(url: string, text: string): boolean {
  return UNSUBSCRIBE.test(fold(text)) || UNSUBSCRIBE.test(fold(pathAndQuery(url)));
}

/** The URL without scheme and host (a host name says nothing about what a click does), decoded. */
function pathAndQuery(url: string): string {
  const mailto = /^mailto:/i.test(url);
  const raw = mailto ? url : url.replace(/^[a-z][a-z\d+.-]*:\/\/[^/?#]*/i, '').replace(/#.*$/, '');
  if (!raw.includes('%')) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** Lower case without accents: "Désinscrire" → "desinscrire", "inscrição" → "inscricao". */
function fold(text: string): string {
  return /^[\x00-\x7f]*$/.test(text) ? text : text.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}
