/**
 * The words the unsubscribe-flow walker reads pages by, in the languages customers
 * meet most (en, de, fr, es, it, nl, pt). Every pattern runs on folded text (see
 * `fold`: lower case, no accents, punctuation as spaces), so "Don't" is "don t".
 */
import { fold } from './unsubscribe-words.js';

const anyOf = (list: readonly string[]) => new RegExp(`(?:^|[^a-z0-9])(?:${list.join('|')})(?![a-z0-9])`);

/** A button or link that unsubscribes. */
const UNSUBSCRIBE_ACTION = anyOf([
  'unsubscribe(?: me)?', 'opt ?out', 'remove me', 'stop (?:receiving|sending|all|these|my)(?: \\w+)?(?: e ?mails?)?', 'leave (?:the|this) list',
  'abmelden', 'abbestellen', 'austragen', 'desinscri\\w*', 'desabonn\\w*', 'dar(?:se|me|te)? de baja', 'darme de baja',
  'cancelar (?:la |a )?(?:suscripcion|inscricao|assinatura)', 'disiscri\\w*', '(?:annulla|cancella) (?:l )?iscrizione', 'cancellami',
  'afmelden', 'uitschrijven', 'schrijf (?:me|mij) uit', 'descadastr\\w*', 'sair da lista',
]);

/** A button that confirms what the page asks (used when no button says "unsubscribe"). */
const CONFIRM_ACTION = anyOf(['confirm', 'yes', 'submit', 'bestatigen', 'ja', 'confirmer', 'oui', 'confirmar', 'si', 'conferma', 'bevestigen', 'continue', 'weiter', 'continuer', 'continuar', 'continua', 'doorgaan']);

/** Buttons that keep the reader subscribed or leave the flow: never the obvious unsubscribe action. */
const STAY_ACTION = anyOf([
  'keep me', 'stay', 'remain', 'keep (?:my )?subscription', 'don t unsubscribe', 'do not unsubscribe', 'never ?mind', 'cancel', 'go back', 'back',
  'log ?in', 'sign ?in', 'resubscribe', 'subscribe again', 'manage (?:my |your )?preferences', 'update (?:my |your )?preferences',
  'abbrechen', 'zuruck', 'angemeldet bleiben', 'annuler', 'rester abonne', 'cancelar$', 'volver', 'annulla$', 'indietro', 'annuleren', 'terug', 'voltar',
]);

/** The page says the unsubscribe is done. */
const CONFIRMATION = anyOf([
  'you (?:have|ve) been (?:successfully )?(?:unsubscribed|removed)', '(?:successfully|now) unsubscribed', 'unsubscribe (?:was )?successful',
  'you (?:will|ll) (?:no longer|not) (?:receive|get|hear)', 'you won t (?:receive|get|hear)', 'removed from (?:our|the|this|all) (?:\\w+ )?(?:mailing )?lists?',
  'unsubscription (?:is )?(?:confirmed|complete)', 'you(?: are| re) (?:now )?unsubscribed', 'will no longer receive (?:any )?(?:more )?(?:e ?mails?|messages|newsletters?|communications?)', 'your unsubscribe request (?:has been|was) (?:received|processed)',
  '(?:erfolgreich )?abgemeldet', 'sie (?:erhalten|bekommen) (?:ab sofort )?keine', 'abmeldung (?:war )?erfolgreich',
  '(?:vous avez ete|vous etes) (?:bien )?(?:desinscrit|desabonne)e?s?', 'vous ne recevrez plus', 'desinscription (?:est )?(?:confirmee|reussie|prise en compte)',
  '(?:te has|se ha|has sido) dad[oa] de baja', 'ya no recibiras', 'baja (?:confirmada|realizada)', 'cancelacion (?:confirmada|completada)',
  'sei stat[oa] (?:cancellat[oa]|disiscritt[oa])', 'non riceverai piu', 'disiscrizione (?:avvenuta|completata|confermata)', 'cancellazione (?:avvenuta|completata|confermata)',
  '(?:je bent|u bent) (?:succesvol )?(?:uitgeschreven|afgemeld)', '(?:je|u) ontvangt geen', 'uitschrijving (?:is )?(?:gelukt|voltooid|bevestigd)',
  '(?:voce foi|foi) descadastrad[oa]', 'nao recebera mais', 'inscricao (?:foi )?cancelada', 'subscricao (?:foi )?cancelada',
]);

/**
 * A statement that something was received, done or saved, in any wording: one signal among
 * several (the form is gone, it is a heading or a status message) that a page confirms.
 */
const ACKNOWLEDGEMENT = anyOf([
  'received', 'processed', 'success(?:ful(?:ly)?)?', 'done', 'complete[d]?', 'confirmed', 'updated', 'saved', 'thank(?:s| you)', 'all set', 'got it', 'taken care of', 'sorry to see you go', 'unsubscribed', 'removed', 'opted out',
  'erhalten', 'eingegangen', 'bearbeitet', 'gespeichert', 'erledigt', 'erfolgreich', 'danke', 'abgemeldet', 'ausgetragen', 'bestatigt',
  'recue?s?', 'traitee?s?', 'enregistree?s?', 'prise? en compte', 'merci', 'desinscrite?s?', 'desabonnee?s?', 'confirmee?s?', 'c est fait',
  'recibid[oa]s?', 'procesad[oa]s?', 'guardad[oa]s?', 'gracias', 'dad[oa] de baja', 'confirmad[oa]', 'listo',
  'ricevut[oa]', 'elaborat[oa]', 'salvat[oa]', 'grazie', 'disiscritt[oa]', 'cancellat[oa]', 'confermat[oa]', 'fatto',
  'ontvangen', 'verwerkt', 'opgeslagen', 'bedankt', 'uitgeschreven', 'afgemeld', 'bevestigd', 'gelukt',
  'recebid[oa]', 'processad[oa]', 'salv[oa]s?', 'obrigad[oa]', 'descadastrad[oa]', 'cancelad[oa]', 'confirmad[oa]',
]);

/** The page sends the customer to their mailbox to confirm (a round trip by mail). */
const CHECK_YOUR_MAIL = anyOf([
  'check your (?:inbox|email|e mail|mailbox)', '(?:we (?:have|ve) )?sent (?:you )?an? (?:confirmation )?(?:email|e mail|message) (?:to (?:\\S+ ){1,3})?(?:to|with a link to) confirm',
  'click the link in (?:the|that) (?:email|e mail|message) to (?:confirm|complete)',
  'prufen sie ihr (?:postfach|e mail postfach)', 'wir haben ihnen eine (?:e mail|bestatigungs ?e ?mail) (?:gesendet|geschickt)', 'bestatigungslink',
  'consultez votre (?:boite|messagerie)', 'un (?:e mail|courriel|email) de confirmation (?:vous )?a ete envoye',
  'revisa tu (?:bandeja|correo)', 'te hemos enviado un (?:correo|email|e mail)',
  'controlla la tua (?:casella|email|posta)', 'ti abbiamo inviato un(?:a)? (?:email|e mail)',
  'controleer je (?:inbox|mailbox|e ?mail)', 'we hebben je een (?:e ?mail|bevestigingsmail) gestuurd',
  'verifique (?:a sua|sua) caixa', 'enviamos um (?:e ?mail|email)',
]);

/** The page reports a failure, not a confirmation. */
const FAILURE = anyOf([
  'error', 'not found', 'invalid', 'expired', 'something went wrong', 'try again', 'failed', 'could not', 'unable to', 'forbidden',
  'fehler', 'ungultig', 'abgelaufen', 'nicht gefunden', 'erreur', 'invalide', 'expire', 'introuvable', 'no valido', 'caducad[oa]', 'no encontrad[oa]',
  'errore', 'non valido', 'scadut[oa]', 'fout', 'ongeldig', 'verlopen', 'erro', 'invalido', 'expirad[oa]',
]);

/** A login wall's words (the password field is the other sign). */
const LOGIN = anyOf([
  '(?:log|sign) ?in to (?:manage|change|update|unsubscribe|edit|access|continue)', 'please (?:log|sign) ?in', 'you must be (?:logged|signed) in',
  'melden sie sich an', 'bitte (?:einloggen|anmelden)', 'connectez vous', 'inicia sesion para', 'accedi per', 'log in om', 'faca login para',
]);

/** CAPTCHAs and "verify you are human" steps. */
const HUMAN_CHECK = anyOf([
  '(?:complete|solve|enter) the captcha', 'type the characters (?:you see|in the image)', 'i m not a robot', 'i am not a robot', 'verify (?:that )?you (?:are|re) (?:a )?(?:real )?human', 'prove (?:that )?you (?:are|re) (?:a )?human',
  'ich bin kein roboter', 'je ne suis pas un robot', 'no soy un robot', 'non sono un robot', 'ik ben geen robot', 'nao sou um robo',
]);

/** A ticked box that keeps or signs the reader up for something. */
const KEEP_ME = anyOf([
  'keep me', 'stay', 'remain', 'continue (?:to )?(?:receive|receiving|get)', 'send me', 'i (?:want|d like|would like) to (?:receive|get|keep)', 'subscribe me', 'sign me up', 'keep (?:sending|receiving)',
  'weiterhin', 'behalten', 'continuer a recevoir', 'seguir recibiendo', 'continuare a ricevere', 'blijf', 'continuar a receber', 'partner offers?', 'offers?', 'deals?', 'newsletter',
]);

/** Guilt-tripping wording on the way out ("No, I don't want to keep learning"). */
const CONFIRMSHAMING = anyOf([
  'no (?:thanks )?i (?:don t|do not) (?:want|like|need|care)', 'i (?:don t|do not) want to (?:keep|stay|learn|save|grow|improve|be|get|know|hear|miss)',
  'i (?:don t|do not) (?:like|care about|need) (?:saving|deals|discounts|money|learning|success)', 'i (?:d|would) rather (?:not|pay|miss|stay|be)',
  'i prefer (?:to )?(?:stay|remain|pay|miss|not)', 'i (?:m|am) (?:ok|fine|happy) (?:with )?(?:missing|paying|being)', 'i (?:hate|don t care about) (?:saving|learning|deals)',
  'nein danke ich (?:will|mochte) (?:nicht|kein)', 'non merci je (?:ne veux|prefere) pas', 'no gracias (?:no )?(?:quiero|prefiero)', 'no grazie (?:non )?(?:voglio|preferisco)',
]);

const test = (re: RegExp, text: string) => re.test(fold(text));

export const flowWords = {
  isUnsubscribeAction: (text: string) => test(UNSUBSCRIBE_ACTION, text) && !test(STAY_ACTION, text),
  isConfirmAction: (text: string) => test(CONFIRM_ACTION, text) && !test(STAY_ACTION, text),
  isConfirmation: (text: string) => test(CONFIRMATION, text),
  isLoginWall: (text: string) => test(LOGIN, text),
  isAcknowledgement: (text: string) => test(ACKNOWLEDGEMENT, text),
  isCheckYourMail: (text: string) => test(CHECK_YOUR_MAIL, text),
  isFailure: (text: string) => test(FAILURE, text),
  isHumanCheck: (text: string) => test(HUMAN_CHECK, text),
  isKeepMe: (label: string) => test(KEEP_ME, label) && !test(UNSUBSCRIBE_ACTION, label),
  /** The first guilt-tripping phrase in `text`, as written on the page. */
  confirmshaming(text: string): string | undefined {
    for (const line of text.split(/\n+/)) {
      if (test(CONFIRMSHAMING, line)) return line.trim().slice(0, 160);
    }
    return undefined;
  },
};
