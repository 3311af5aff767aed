import { rename } from 'node:fs/promises';
import { onList, type ExpectNoEmailArgs } from './expect-no-email-args.js';
import { observationKey } from './observation-key.js';
import type { StepContext } from './step-context.js';
import { FindingsRecorded } from './step-failure.js';
import { recordPath } from './unsubscribe/path-result.js';

/**
 * `expectNoEmail` over days: the observation's state is saved in the state folder, each
 * run watches the mailbox for a while and adds what it saw, and the verdict comes when a
 * mail breaks the promise or the window closes. A run that finds the observation open
 * resumes the journey at this step (see runner/observation-resume.ts).
 */
export async function observeAcrossRuns(ctx: StepContext, a: ExpectNoEmailArgs): Promise<void> {
  const store = await import('../unsubscribe/index.js');
  const clock = ctx.run.clock;
  const key = observationKey(ctx.step, a.observe);
  const file = store.observationFile(ctx.run.stateDir, key);
  const saved = await store.loadObservation(file);
  if (saved && saved.status !== 'open') {
    // The last observation has its verdict: keep it beside, and start a new one.
    await rename(file, file.replace(/\.observation\.json$/, `.${saved.status}-${saved.closesAt.replace(/[:.]/g, '-')}.observation.json`));
  }
  const filters = Object.fromEntries(
    Object.entries({ subject: a.subject?.source, from: a.from?.source, listId: a.listId?.source }).filter((e): e is [string, string] => e[1] !== undefined),
  );
  const observation = await store.openObservation(
    ctx.run.stateDir,
    key,
    { address: ctx.mail.address(a.to), filters, window: a.for.text, grace: a.grace?.text, calendar: a.calendar, runId: ctx.run.id },
    clock,
  );
  // The clock may be shifted (JOURNEY_AUDIT_NOW); the sink stamps mail with real time.
  const shift = clock.now() - Date.now();
  const since = Date.parse(observation.record.startedAt) - shift;
  const mails = onList(await ctx.mail.collect(a.to, { subject: a.subject, from: a.from, since }, a.watch), a.listId);
  const record = await store.recordMails(
    observation,
    mails.map((m) => ({ receivedAt: m.receivedAt + shift, from: m.from, subject: m.subject, sha256: m.sha256, path: ctx.evidencePath(m.path) })),
    clock,
  );
  ctx.recordObservation(record);
  const verdict = store.observationVerdict(record, clock);
  const evidence = [await ctx.attach('observation.json', JSON.stringify(record, null, 2), 'application/json'), ...mails.map((m) => ctx.evidencePath(m.path))];
  const errors = recordPath(ctx, 'observation', {
    verdict: verdict.status === 'open' ? 'inconclusive' : verdict.status,
    summary: verdict.summary,
    problems: a.reason === 'unsubscribed' ? verdict.problems : verdict.problems.map((p) => ({ ...p, code: 'MAIL_UNEXPECTED' as const })),
    evidence,
    rules: [store.observationRule(record)],
  });
  if (errors > 0) throw new FindingsRecorded(verdict.summary);
}
