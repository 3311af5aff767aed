/**
 * Words of the mail that comes back after an unsubscribe request: list servers that ask
 * the customer to confirm leaving (Mailman, Sympa, mlmmj, LISTSERV, Majordomo, ESPs with
 * double opt-out), and goodbye mails that sell. Patterns run on folded text (see `fold`:
 * lower case, no accents, punctuation as spaces), in en, de, fr, es, it, nl, pt.
 */

/** "To confirm you want to leave, reply to this message / click the link." */
export const LEAVE_CONFIRMATION_REQUEST = [
  // Mailman 2/3
  'confirmation is needed to leave',
  'before (?:gnu )?mailman can unsubscribe you',
  'we have received an unsubscription request',
  'unsubscription (?:request )?confirmation',
  'email address unsubscription confirmation',
  'confirm (?:your |this )?(?:unsubscription|unsubscribe|unsubscribing|removal|opt ?out|signoff)(?: request)?',
  // mlmmj
  'to confirm you want the address (?:\\S+ ){0,6}removed',
  'to confirm (?:that )?you want to (?:be removed|unsubscribe|leave|stop receiving)',
  // Sympa, LISTSERV, Majordomo
  '(?:asked|requested) to (?:unsubscribe|remove|sign ?off) (?:your (?:e ?mail )?address|you)(?: \\S+){0,6} (?:from|of)',
  'requested that your (?:e ?mail )?address (?:\\S+ ){0,6}be removed from',
  'command (?:signoff|unsubscribe|unsub|leave|delete)(?: \\S+){0,3} requires confirmation',
  'to (?:confirm|validate|complete) (?:this|your) (?:unsubscription|unsubscribe|signoff|removal|request to (?:leave|unsubscribe))',
  'unsubscribe (?:request )?(?:is )?(?:pending|awaiting) (?:your )?confirmation',
  'click (?:the )?(?:link|button) below to (?:confirm|complete) (?:your )?(?:unsubscription|unsubscribe|removal)',
  // de
  '(?:um )?(?:ihre|deine|die) abmeldung (?:zu )?(?:bestatigen|abzuschliessen)',
  'abmeldung (?:bitte )?bestatigen',
  'bestatigen sie (?:bitte )?(?:ihre|die) abmeldung',
  'bestatige (?:bitte )?deine abmeldung',
  // fr
  'pour confirmer (?:votre )?(?:desabonnement|desinscription)',
  'confirme[zr]? (?:votre )?(?:desabonnement|desinscription)',
  'demande de (?:desabonnement|desinscription) (?:a|en attente de) confirm',
  // es
  'para confirmar (?:tu |su |la )?(?:baja|cancelacion|desuscripcion)',
  'confirma(?:r)? (?:tu |su |la )?(?:baja|cancelacion de (?:la |tu |su )?suscripcion|desuscripcion)',
  // it
  'per confermare (?:la |la tua )?(?:cancellazione|disiscrizione)',
  'conferma(?:re)? (?:la |la tua )?(?:cancellazione|disiscrizione)',
  // nl
  'bevestig (?:je|uw) (?:uitschrijving|afmelding)',
  'om (?:je|uw) (?:uitschrijving|afmelding) te bevestigen',
  // pt
  'para confirmar (?:o |o seu |a sua )?(?:cancelamento|descadastramento|descadastro)',
  'confirm(?:e|ar) (?:o |o seu |a sua )?(?:cancelamento da (?:inscricao|assinatura)|descadastramento|descadastro)',
];

/** The request wants a reply: a reply (mlmmj, Mailman) or a command line to send back. */
export const REPLY_TO_CONFIRM = [
  'repl(?:y|ying) to this (?:message|mail|e ?mail)',
  'send a reply to',
  'simply reply',
  'hit(?:ting)? the reply button',
  'keeping the subject',
  'reply to the present message',
  'send the following commands? to',
  'antworten sie (?:einfach )?auf diese',
  'repondez (?:simplement )?a ce (?:message|courriel|mail)',
  'responde (?:a )?este (?:mensaje|correo)',
  'rispondi(?:re)? a questo (?:messaggio|e ?mail)',
  'beantwoord dit bericht',
  'responda a (?:esta|este) (?:mensagem|e ?mail)',
];

/** Offers and sales talk in a mail that should only say goodbye. */
export const MARKETING = [
  '\\d+ ?% (?:off|discount|rabatt|de (?:reduction|descuento|desconto)|di sconto|korting)',
  '(?:discount|coupon|promo(?:tion(?:al)?)?|voucher) code',
  'use (?:the )?code',
  'special offer', 'exclusive (?:offer|deal|discount)', 'limited time', 'shop now', 'buy now', 'free shipping', 'our (?:latest|best) (?:deals|offers|products)',
  'gutschein(?:code)?', 'rabattcode', 'jetzt (?:kaufen|einkaufen|shoppen)', 'sonderangebot',
  'code promo', 'offre (?:speciale|exclusive)', 'profitez de',
  'codigo (?:de )?descuento', 'oferta (?:especial|exclusiva)', 'compra ahora',
  'codice sconto', 'offerta (?:speciale|esclusiva)', 'acquista ora',
  'kortingscode', 'aanbieding', 'koop nu',
  'cupom', 'codigo promocional', 'oferta exclusiva', 'compre agora',
];

/** A link that puts the reader back on the list with one click. */
export const RESUBSCRIBE_LINK = [
  're ?subscribe', 'subscribe (?:me )?again', 'undo', 'changed your mind', 'by (?:mistake|accident)', 'opt (?:me )?back in',
  'erneut (?:anmelden|abonnieren)', 'wieder anmelden', 'ruckgangig',
  'se reabonner', 'reabonnez', 'se reinscrire', 'annuler (?:le|mon) desabonnement',
  'volver a suscribirme', 'suscribirme de nuevo', 'deshacer',
  'iscriviti di nuovo', 'reiscriviti', 'annulla',
  'opnieuw aanmelden', 'ongedaan maken',
  'inscrever(?:-me)? novamente', 'desfazer',
];
