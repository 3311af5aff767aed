import { z } from 'zod';
import { formatDuration } from '../core/duration.js';
import type { ReceivedMail } from '../mail/received-mail.js';
import type { ReplyClass } from '../unsubscribe/index.js';
import { duration, mailboxName, pattern } from './args.js';
import { defineStep } from './define-step.js';
import type { StepContext } from './step-context.js';
import { FindingsRecorded } from './step-failure.js';
import { recordPath, type PathProblem } from './unsubscribe/path-result.js';

const RESUBSCRIBING = new Set<ReplyClass['kind']>(['whitelisted', 'resubscribed', 'subscription-confirmation']);

/** More automated answers in a row than this is auto-responders answering each other. */
const MAX_AUTOMATED_ANSWERS = 4;

export default defineStep({
  name: 'auditReplies',
  summary: 'Classify what comes back after the customer wrote (auto-responder, “verify you are human” challenge, re-subscription, a person) and follow challenges as the customer would',
  args: z.strictObject({
    to: mailboxName.meta({ description: 'The customer’s mailbox' }),
    within: duration.default(10_000).meta({ description: 'How long to collect answers' }),
    from: pattern.optional().meta({ description: 'Only answers from this sender' }),
    follow: z.boolean().default(true).meta({ description: 'Open the link of a challenge, as a customer who wants to be heard would, and report what it does' }),
  }),
  shorthand: 'to',
  mailboxArgs: ['to'],
  sideEffects: true,
  budgetMs: (a) => a.within,
  example: '- auditReplies: { to: reader, within: 10s }',
  describe: (a) => `audit the answers that reach ${a.to} within ${formatDuration(a.within)}`,
  async run(ctx, a) {
    const { classifyReply, detectLoop } = await import('../unsubscribe/index.js');
    const mails = await ctx.mail.collect(a.to, { from: a.from }, a.within);
    const classes = mails.map((mail) => ({ mail, class: classifyReply(mail) }));
    const problems: PathProblem[] = [];
    for (const { mail, class: reply } of classes) problems.push(...(await problemsOf(ctx, mail, reply, a.follow)));
    const loop = detectLoop(classes.map((c) => c.class), MAX_AUTOMATED_ANSWERS);
    if (loop) problems.push({ code: 'REPLY_LOOP', message: `Automatic answers kept coming (${classes.length} in ${formatDuration(a.within)}): auto-responders are answering each other.` });
    const evidence = mails.map((m) => ctx.evidencePath(m.path));
    const kinds = classes.map((c) => c.class.kind).join(', ');
    const errors = recordPath(ctx, 'reply', {
      verdict: mails.length === 0 ? 'inconclusive' : problems.length ? 'failed' : 'passed',
      summary: mails.length === 0 ? `No answer arrived within ${formatDuration(a.within)}.` : `${mails.length} answer${mails.length === 1 ? '' : 's'} arrived: ${kinds}.`,
      problems,
      evidence,
      rules: ['PRACTICE-REPLY'],
    });
    if (errors > 0) throw new FindingsRecorded(`The answers to the customer's email have ${errors} problem${errors === 1 ? '' : 's'}; see the findings.`);
  },
});

async function problemsOf(ctx: StepContext, mail: ReceivedMail, reply: ReplyClass, follow: boolean): Promise<PathProblem[]> {
  const quoted = `“${mail.subject}” from ${mail.from}`;
  switch (reply.kind) {
    case 'auto-reply':
      return [{ code: 'REPLY_AUTO_RESPONDER', message: `The customer's email was answered by an auto-responder (${quoted}), not by a person or a working opt-out.` }];
    case 'challenge': {
      const problems: PathProblem[] = [{ code: 'REPLY_CHALLENGE', message: `The customer's email met a challenge (${quoted}) asking them to prove they are human before being heard.` }];
      if (follow && reply.link) problems.push(...(await followChallenge(ctx, reply.link)));
      return problems;
    }
    case 'whitelisted':
    case 'resubscribed':
    case 'subscription-confirmation': {
      const { provingSentence } = await import('../unsubscribe/index.js');
      const quote = provingSentence(mail, [reply.kind, ...reply.signals.filter((kind) => RESUBSCRIBING.has(kind))]);
      const says = quote ? `: “${quote}”` : ', which says they are on the list again';
      return [{ code: 'RESUBSCRIBED', message: `After opting out, the customer received ${quoted}${says}.`, details: quote ? { quote } : undefined }];
    }
    default:
      return [];
  }
}

/** What a customer gets when they do what the challenge asks. */
async function followChallenge(ctx: StepContext, link: string): Promise<PathProblem[]> {
  const { classifyReply, provingSentence } = await import('../unsubscribe/index.js');
  try {
    await ctx.page.goto(link, { timeout: Math.min(ctx.timeoutMs, 15_000) });
  } catch {
    return [];
  }
  const text = await ctx.page.locator('body').innerText({ timeout: 5_000 }).catch(() => '');
  const page = classifyReply({ headerLines: [], subject: await ctx.page.title(), from: '', text });
  await ctx.attach('challenge-page.png', await ctx.page.screenshot({ fullPage: true, timeout: 5_000 }), 'image/png');
  // The page may thank the customer for "verifying" too: any sign of being back on the list counts.
  if (page.signals.some((kind) => RESUBSCRIBING.has(kind))) {
    const quote = provingSentence({ subject: '', text }, page.signals.filter((kind) => RESUBSCRIBING.has(kind))) ?? page.evidence[0] ?? text.slice(0, 80);
    return [{ code: 'RESUBSCRIBED', message: `Answering the challenge put the customer back on the list: the page says “${quote}”.`, details: { quote } }];
  }
  return [];
}
