/**
 * What an unsubscribe link says, in the languages customers meet most (en, de, fr, es,
 * it, nl, pt), kept apart from "manage preferences" links: a preference centre is not
 * an unsubscribe link unless it says so. Matching is on folded text (lower case, no
 * accents, hyphens and underscores as spaces).
 */
const UNSUBSCRIBE_TEXT = [
  // en
  'unsubscribe', 'unsub', 'opt out', 'optout', 'remove me', 'stop (?:receiving|these|all) (?:e ?mails?|messages)', 'stop emails?',
  // de
  'abmelden', 'abbestellen', 'austragen', 'abmeldung', 'vom newsletter abmelden',
  // fr
  'desinscri\\w*', 'desabonn\\w*', 'se desinscrire',
  // es
  'dar(?:se|te)? de baja', '^baja$', 'baja (?:de|del) (?:la lista|newsletter|boletin)', 'cancelar (?:la )?suscripcion', 'anular (?:la )?suscripcion', 'desuscribi\\w*',
  // it
  'disiscri\\w*', '(?:annulla|cancella)(?:re)? (?:l ?)?iscrizione', 'cancellati',
  // nl
  'afmelden', 'uitschrijven', 'schrijf (?:je|u) uit', 'meld (?:je|u) af',
  // pt
  'descadastr\\w*', 'cancelar (?:a )?inscricao', 'cancelar (?:a )?(?:assinatura|subscricao)', 'desinscrever', 'sair da lista',
];

const UNSUBSCRIBE_URL = [
  'unsub', 'opt ?out', 'abmeld', 'abbestell', 'austrag', 'desinscri', 'desabon', 'baja', 'desuscri', 'disiscri', 'afmeld',
  'uitschrijv', 'descadastr', 'list unsubscribe', 'disable email',
];

const PREFERENCE_TEXT = [
  // en
  'preferences?', 'manage (?:your )?(?:email |mail )?(?:subscriptions?|settings)', 'email settings', 'update (?:your )?profile',
  'subscription (?:center|centre|settings)', 'notification settings',
  // de
  'einstellungen', 'praferenzen', '(?:abonnement|abo|newsletter) verwalten', 'profil (?:bearbeiten|aktualisieren)',
  // fr
  'gerer (?:mes |vos )?(?:abonnements?|preferences)', 'mettre a jour',
  // es
  'preferencias', 'gestionar (?:la |mis |tus )?suscripci\\w+', 'actualizar (?:tu|su) perfil',
  // it
  'preferenze', 'gestisci (?:le )?(?:iscrizioni|preferenze)',
  // nl
  'voorkeuren', 'instellingen',
  // pt
  'preferencias', 'gerenciar (?:a )?(?:assinatura|inscricao)',
];

const PREFERENCE_URL = ['preference', 'manage', 'profile', 'settings', 'einstellung', 'voorkeur'];

/** Link texts that say nothing by themselves: the words around them decide. */
const GENERIC_TEXT = /^(?:here|click here|this link|hier|klicken sie hier|ici|cliquez ici|aqui|haga clic aqui|qui|clicca qui|klik hier|clique aqui|link)$/;

const words = (list: string[]) => new RegExp(`(?:^|[^a-z0-9])(${list.join('|')})(?![a-z0-9])`);
const UNSUB_TEXT_RE = words(UNSUBSCRIBE_TEXT);
const UNSUB_URL_RE = new RegExp(`(${UNSUBSCRIBE_URL.join('|')})`);
const PREF_TEXT_RE = words(PREFERENCE_TEXT);
const PREF_URL_RE = new RegExp(`(${PREFERENCE_URL.join('|')})`);

/** Lower case, accents removed, hyphens/underscores/punctuation as spaces, spaces collapsed. */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[-_'’.,:;!?()[\]"/]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function urlWords(url: string): string {
  let raw = url;
  try {
    const parsed = new URL(url);
    raw = parsed.protocol === 'mailto:' ? parsed.href : `${parsed.hostname} ${parsed.pathname} ${parsed.search}`;
  } catch {
    // keep the raw text
  }
  try {
    raw = decodeURIComponent(raw);
  } catch {
    // keep it encoded
  }
  return fold(raw.replace(/[/?=&%+]/g, ' '));
}

export interface LinkPurpose {
  kind: 'unsubscribe' | 'preferences';
  /** The words that decided it, e.g. `text "Abmelden"` or `URL "unsub"`. */
  evidence: string;
}

/**
 * What a link is for, from its text first, then the words just before it (for "click
 * here"), then its URL. "Unsubscribe or manage preferences" is an unsubscribe link.
 */
export function linkPurpose(url: string, text: string, before = ''): LinkPurpose | undefined {
  const t = fold(text);
  const unsubText = UNSUB_TEXT_RE.exec(t);
  if (unsubText) return { kind: 'unsubscribe', evidence: `text "${text.trim()}"` };
  if (PREF_TEXT_RE.test(t)) return { kind: 'preferences', evidence: `text "${text.trim()}"` };
  if (t === '' || GENERIC_TEXT.test(t)) {
    const context = fold(before).split(' ').slice(-12).join(' ');
    if (UNSUB_TEXT_RE.test(context) || /no longer (?:wish|want) to receive|keine .*mehr erhalten|ne plus recevoir/.test(context)) {
      return { kind: 'unsubscribe', evidence: `words before the link "…${before.trim().slice(-60)}"` };
    }
    if (PREF_TEXT_RE.test(context)) return { kind: 'preferences', evidence: `words before the link "…${before.trim().slice(-60)}"` };
  }
  const u = urlWords(url);
  const unsubUrl = UNSUB_URL_RE.exec(u);
  if (unsubUrl) return { kind: 'unsubscribe', evidence: `URL "${unsubUrl[1]}"` };
  const prefUrl = PREF_URL_RE.exec(u);
  if (prefUrl && (t === '' || GENERIC_TEXT.test(t))) return { kind: 'preferences', evidence: `URL "${prefUrl[1]}"` };
  return undefined;
}
