import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../cli-harness.js';
import { headerNames, rawMail, runListJourney } from '../../support/list-managers/list-journey.js';
import { mlmmjMissing, startMlmmjList, type MlmmjList } from '../../support/list-managers/mlmmj-list.js';

/**
 * Debian's mlmmj, a mail-only list manager nobody here wrote, run for real on loopback:
 * subscribe → confirm by reply → post → unsubscribe by mail → confirm → post again,
 * walked by journey-audit's CLI. The facts asserted here were first checked by hand
 * (docs/tried-against.md, "mlmmj 1.3.0").
 */
const missing = mlmmjMissing();
if (missing) console.warn(`mlmmj tests skipped: ${missing}`);

let sinkPort: number;
let list: MlmmjList;

beforeAll(async () => {
  if (missing) return;
  sinkPort = await freePort();
  list = await startMlmmjList({ sinkPort });
});

afterAll(async () => {
  await list?.close();
});

/** Joins the list by mail and confirms by replying, then an outsider posts. */
function joinAndPost(address: string, subject: string): string {
  const [name, domain] = address.split('@');
  return `  - sendEmail: { from: reader, to: ${name}+subscribe@${domain}, subject: subscribe }
  - waitForEmail: { to: reader, subject: /Confirm subscription to ${name}/, as: confirm, within: 20s }
  - reply: { to: confirm, body: "yes, subscribe me" }
  - waitForEmail: { to: reader, subject: /Welcome to ${name}/, as: welcome, within: 20s }
  - sendEmail: { from: author, to: ${address}, subject: ${subject}, body: Hello list }
  - waitForEmail: { to: reader, subject: ${subject}, as: post, within: 20s }
`;
}

function journey(steps: string): string {
  return `name: mlmmj list\nmailboxes: [reader, author]\nstepTimeout: 25s\nsteps:\n${steps}`;
}

function run(yaml: string) {
  return runListJourney(yaml, { sinkPort, relayPort: list.relayPort });
}

describe.skipIf(missing)('mlmmj 1.3.0 on loopback', () => {
  it('walks subscribe → confirm → post → unsubscribe by mail → confirm → post again: the mail stops', async () => {
    const walk = await run(
      journey(`${joinAndPost(list.address, 'First post')}  - sendEmail: { from: reader, to: demo+unsubscribe@lists.example.test, subject: unsubscribe }
  - waitForEmail: { to: reader, subject: /Confirm unsubscribe from demo/, as: leave, within: 20s }
  - reply: { to: leave, body: "yes, remove me" }
  - waitForEmail: { to: reader, subject: /Goodbye from demo/, within: 20s }
  - sendEmail: { from: author, to: ${list.address}, subject: Second post, body: Anyone still here? }
  - expectNoEmail: { to: reader, subject: Second post, for: 6s, reason: unsubscribed }
`),
    );
    expect(walk.output, walk.output).toContain('1 of 1 journey passed');
    expect(walk.code).toBe(0);
    expect(walk.journey.findings).toEqual([]);
    expect(await list.subscribers()).not.toContain(walk.journey.mailboxes.reader);

    // Facts checked by hand: confirmation by reply to a tokened address, no list headers on posts.
    const confirm = rawMail(walk, /Confirm subscription/);
    expect(confirm).toMatch(/^Reply-To: demo\+confsub-[0-9a-f]+-reader\.[^\s]+@lists\.example\.test$/m);
    expect(confirm).toContain('can usually be done simply by replying to this message');
    const leave = rawMail(walk, /Confirm unsubscribe/);
    expect(leave).toMatch(/^Reply-To: demo\+confunsub-[0-9a-f]+-reader\.[^\s]+@lists\.example\.test$/m);
    for (const raw of [confirm, leave]) {
      expect(headerNames(raw)).not.toContain('auto-submitted');
      expect(headerNames(raw)).not.toContain('precedence');
    }
    const post = headerNames(rawMail(walk, /First post/));
    for (const header of ['list-unsubscribe', 'list-unsubscribe-post', 'list-id', 'list-post', 'precedence', 'auto-submitted']) expect(post).not.toContain(header);
  }, 120_000);

  it('keeps sending when the reader asks to leave but never confirms: UNSUB_NOT_HONOURED', async () => {
    const { code, journey: result } = await run(
      journey(`${joinAndPost(list.address, 'Third post')}  - sendEmail: { from: reader, to: demo+unsubscribe@lists.example.test, subject: unsubscribe }
  - waitForEmail: { to: reader, subject: /Confirm unsubscribe from demo/, within: 20s }
  - sendEmail: { from: author, to: ${list.address}, subject: Fourth post, body: Still subscribed }
  - expectNoEmail: { to: reader, subject: Fourth post, for: 8s, reason: unsubscribed }
`),
    );
    expect(code).toBe(1);
    expect(result.findings.map((f) => f.code)).toEqual(['UNSUB_NOT_HONOURED']);
    expect(await list.subscribers()).toContain(result.mailboxes.reader);
  }, 120_000);
});
