import { z } from 'zod';
import { formatDuration } from '../core/duration.js';
import type { ReceivedMail } from '../mail/received-mail.js';
import type { ReplyClass } from '../unsubscribe/index.js';
import { duration, mailboxName, pattern, relayAddress } from './args.js';
import { defineStep } from './define-step.js';
import type { StepContext } from './step-context.js';
import { FindingsRecorded } from './step-failure.js';
import { answerLeaveConfirmation } from './unsubscribe/confirm-round-trip.js';
import { recordPath, type PathProblem } from './unsubscribe/path-result.js';

const RESUBSCRIBING = new Set<ReplyClass['kind']>(['whitelisted', 'resubscribed', 'subscription-confirmation']);

/** More automated answers in a row than this is auto-responders answering each other. */
const MAX_AUTOMATED_ANSWERS = 4;

/** Leave confirmations answered in one step: a list server that asks more often than this is not answered again. */
const MAX_CONFIRMATIONS_ANSWERED = 2;

/** Unsubscribe paths whose "passed" means the customer asked to leave. */
const OPT_OUT_PATHS = new Set(['one-click', 'mailto', 'link']);

export default defineStep({
  name: 'auditReplies',
  summary:
    'Classify what comes back after the customer wrote (auto-responder, “verify you are human” challenge, a request to confirm leaving, re-subscription, a person); answer challenges and leave confirmations as the customer would',
  args: z.strictObject({
    to: mailboxName.meta({ description: 'The customer’s mailbox' }),
    within: duration.default(10_000).meta({ description: 'How long to collect answers (again as long after answering a request to confirm leaving)' }),
    from: pattern.optional().meta({ description: 'Only answers from this sender' }),
    follow: z.boolean().optional().meta({ description: 'Open the link of a challenge, as a customer who wants to be heard would, and report what it does (default: the journey’s followChallenges, off)' }),
    confirm: z
      .strictObject({
        reply: z.boolean().default(true).meta({ description: 'Reply to a request to confirm leaving (keeping its subject and token), from the customer’s own mailbox' }),
        link: z.boolean().default(true).meta({ description: 'Open the confirm link of a request to confirm leaving' }),
      })
      .default({ reply: true, link: true })
      .meta({ description: 'How to answer a list server’s “confirm that you want to leave” (both on by default; switch them off for a site that is not yours).' }),
    relay: relayAddress.optional(),
  }),
  shorthand: 'to',
  mailboxArgs: ['to'],
  sideEffects: true,
  judges: 'audit',
  budgetMs: (a) => a.within * 2 + 30_000,
  example: '- auditReplies: { to: reader, within: 10s }',
  describe: (a) => `audit the answers that reach ${a.to} within ${formatDuration(a.within)}`,
  async run(ctx, a) {
    const { classifyReply, detectLoop } = await import('../unsubscribe/index.js');
    const customer = ctx.mail.address(a.to);
    // RESUBSCRIBED needs an opt-out first: an unsubscribe path that went through earlier in
    // the journey, a leave confirmation answered here, or a goodbye mail in this thread.
    let optedOut = (ctx.unsubscribeVerdicts?.() ?? []).some((v) => OPT_OUT_PATHS.has(v.path) && v.verdict === 'passed');
    const classes: { mail: ReceivedMail; class: ReplyClass }[] = [];
    const problems: PathProblem[] = [];
    const notes: string[] = [];
    const evidence: string[] = [];
    let answered = 0;
    let confirmedLeaving = false;
    let unansweredRequest = false;

    for (let round = 0; round <= MAX_CONFIRMATIONS_ANSWERED; round++) {
      const mails = await ctx.mail.collect(a.to, { from: a.from }, a.within);
      let answeredThisRound = false;
      for (const mail of mails) {
        const reply = classifyReply(mail);
        classes.push({ mail, class: reply });
        evidence.push(ctx.evidencePath(mail.path));
        const quoted = `“${mail.subject}” from ${mail.from}`;
        if (reply.kind === 'confirmation-request' && reply.confirm) {
          if (answered >= MAX_CONFIRMATIONS_ANSWERED) {
            notes.push(`Another request to confirm leaving came (${quoted}) and was not answered again.`);
            continue;
          }
          const answer = await answerLeaveConfirmation(ctx, mail, reply.confirm, a.confirm, customer, a.relay);
          evidence.push(...answer.evidence);
          notes.push(answer.summary);
          problems.push({
            code: 'UNSUB_CONFIRM_ROUND_TRIP',
            message: `Leaving took a round trip: the list answered with ${quoted}, asking the customer to confirm${reply.confirm.asksForReply ? ' by replying' : ''}${reply.confirm.link ? `${reply.confirm.asksForReply ? ' or' : ''} through a confirm link` : ''}. ${answer.summary}`,
          });
          if (answer.how) {
            answered++;
            answeredThisRound = true;
            optedOut = true;
            confirmedLeaving = true;
          } else unansweredRequest = true;
          continue;
        }
        problems.push(...(await problemsOf(ctx, mail, reply, a.follow ?? ctx.followChallenges, optedOut, notes, a.to)));
        if (reply.kind === 'unsubscribe-confirmation') optedOut = true;
      }
      if (!answeredThisRound) break;
    }

    const loop = detectLoop(classes.filter((c) => c.class.kind !== 'confirmation-request').map((c) => c.class), MAX_AUTOMATED_ANSWERS);
    if (loop) problems.push({ code: 'REPLY_LOOP', message: `Automatic answers kept coming (${classes.length} in ${formatDuration(a.within)}): auto-responders are answering each other.` });
    const kinds = classes.map((c) => c.class.kind).join(', ');
    const hardProblems = problems.filter((p) => p.code !== 'UNSUB_CONFIRM_ROUND_TRIP');
    const errors = recordPath(ctx, 'reply', {
      verdict: classes.length === 0 || (unansweredRequest && !confirmedLeaving && hardProblems.length === 0) ? 'inconclusive' : hardProblems.length ? 'failed' : 'passed',
      summary: [
        classes.length === 0 ? `No answer arrived within ${formatDuration(a.within)}.` : `${classes.length} answer${classes.length === 1 ? '' : 's'} arrived: ${kinds}.`,
        ...notes,
      ].join(' '),
      problems,
      evidence: [...new Set(evidence)],
      rules: ['PRACTICE-REPLY', ...(answered || unansweredRequest ? ['CFR316.5', 'RFC8058-3'] : [])],
    });
    if (errors > 0) throw new FindingsRecorded(`The answers to the customer's email have ${errors} problem${errors === 1 ? '' : 's'}; see the findings.`);
  },
});

async function problemsOf(ctx: StepContext, mail: ReceivedMail, reply: ReplyClass, follow: boolean, optedOut: boolean, notes: string[], mailbox: string): Promise<PathProblem[]> {
  const quoted = `“${mail.subject}” from ${mail.from}`;
  switch (reply.kind) {
    case 'auto-reply':
      return [{ code: 'REPLY_AUTO_RESPONDER', message: `The customer's email was answered by an auto-responder (${quoted}), not by a person or a working opt-out.` }];
    case 'challenge': {
      const problems: PathProblem[] = [{ code: 'REPLY_CHALLENGE', message: `The customer's email met a challenge (${quoted}) asking them to prove they are human before being heard.` }];
      if (follow && reply.link) problems.push(...(await followChallenge(ctx, reply.link, optedOut, mailbox)));
      else if (reply.link) problems[0].message += ' Its link was not followed: following it changes the subscriber’s state on the site, so a journey opts in with followChallenges: true.';
      return problems;
    }
    case 'whitelisted':
    case 'resubscribed':
    case 'subscription-confirmation': {
      if (!optedOut) {
        notes.push(`${quoted} says the customer is on the list, but they had not opted out before, so it re-subscribes no one.`);
        return [];
      }
      const { provingSentence } = await import('../unsubscribe/index.js');
      const quote = provingSentence(mail, [reply.kind, ...reply.signals.filter((kind) => RESUBSCRIBING.has(kind))]);
      const says = quote ? `: “${quote}”` : ', which says they are on the list again';
      return [{ code: 'RESUBSCRIBED', message: `After opting out, the customer received ${quoted}${says}.`, details: quote ? { quote } : undefined }];
    }
    case 'unsubscribe-confirmation':
      if (reply.marketing?.length) {
        return [{ code: 'UNSUB_GOODBYE_MARKETING', message: `The confirmation of the unsubscribe (${quoted}) sells: ${reply.marketing.join('; ')}.` }];
      }
      return [];
    default:
      return [];
  }
}

/** What a customer gets when they do what the challenge asks. */
async function followChallenge(ctx: StepContext, link: string, optedOut: boolean, mailbox: string): Promise<PathProblem[]> {
  const { classifyReply, provingSentence } = await import('../unsubscribe/index.js');
  ctx.recordSideEffect({ kind: 'challenge-followed', method: 'GET', target: link, mailbox, address: ctx.mail.address(mailbox) });
  try {
    await ctx.page.goto(link, { timeout: Math.min(ctx.timeoutMs, 15_000) });
  } catch {
    return [];
  }
  const text = await ctx.page.locator('body').innerText({ timeout: 5_000 }).catch(() => '');
  const page = classifyReply({ headerLines: [], subject: await ctx.page.title(), from: '', text });
  await ctx.attach('challenge-page.png', await ctx.screenshot({ fullPage: true, timeout: 5_000 }), 'image/png');
  // The page may thank the customer for "verifying" too: any sign of being back on the list counts.
  if (optedOut && page.signals.some((kind) => RESUBSCRIBING.has(kind))) {
    const quote = provingSentence({ subject: '', text }, page.signals.filter((kind) => RESUBSCRIBING.has(kind))) ?? page.evidence[0] ?? text.slice(0, 80);
    return [{ code: 'RESUBSCRIBED', message: `Answering the challenge put the customer back on the list: the page says “${quote}”.`, details: { quote } }];
  }
  return [];
}
