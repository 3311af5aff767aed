import { describe, expect, it } from 'vitest';
import { headerNames, headerValue, rawMail, runListJourney } from '../../support/list-managers/list-journey.js';
import { sympaListForFile, sympaMissing } from '../../support/list-managers/sympa-list.js';

/**
 * Debian's Sympa 6.2, a list manager nobody here wrote, run for real on loopback (mail and
 * web): subscribe → confirm by the emailed link → post → unsubscribe (by mail, then by the
 * web page the List-Unsubscribe header names) → post again, walked by journey-audit's CLI.
 * The facts asserted were first checked by hand (docs/tried-against.md, "Sympa 6.2.70").
 * The list is the discussion_list template with `subscribe auth_notify` (confirmation needed)
 * and `send public` (an outsider may post), its unsubscribe scenario left as the template has it.
 */
const missing = sympaMissing();
if (missing) console.warn(`Sympa tests skipped: ${missing}`);

const sympa = sympaListForFile(missing);

/** Joins by mail, confirms by the emailed link and its Confirm button; an outsider then posts. */
const JOIN_AND_POST = (subject: string) => `  - sendEmail: { from: reader, to: sympa@lists.example.test, subject: subscribe demo }
  - waitForEmail: { to: reader, subject: /subscribing to demo/, as: confirm, within: 40s }
  - openLink: { in: confirm, url: /wws/auth/ }
  - click: Confirm
  - waitForEmail: { to: reader, subject: Welcome to list demo, within: 40s }
  - sendEmail: { from: author, to: demo@lists.example.test, subject: ${subject}, body: Hello list }
  - waitForEmail: { to: reader, subject: ${subject}, as: post, within: 40s }
`;

function journey(steps: string): string {
  return `name: Sympa list\nbaseURL: \${{ env.SYMPA_URL }}\nmailboxes: [reader, author]\nstepTimeout: 45s\nsteps:\n${steps}`;
}

function run(yaml: string) {
  return runListJourney(yaml, { sinkPort: sympa.sinkPort, relayPort: sympa.list.relayPort, env: { SYMPA_URL: new URL(sympa.list.webUrl).origin } });
}

describe.skipIf(missing)('Sympa 6.2.70 on loopback', () => {
  it('walks subscribe → confirm by link → post → unsubscribe by mail (SIG) → post again: the mail stops at once', async () => {
    const walk = await run(
      journey(`${JOIN_AND_POST('First post')}  - sendEmail: { from: reader, to: sympa@lists.example.test, subject: SIG demo }
  - waitForEmail: { to: reader, subject: Unsubscribed from demo, within: 40s }
  - sendEmail: { from: author, to: demo@lists.example.test, subject: Second post, body: Anyone still here? }
  - expectNoEmail: { to: reader, subject: Second post, for: 8s, reason: unsubscribed }
`),
    );
    expect(walk.output, walk.output).toContain('1 of 1 journey passed');
    expect(walk.code).toBe(0);
    expect(walk.journey.findings).toEqual([]);
    expect(await sympa.list.subscribers()).not.toContain(walk.journey.mailboxes.reader);

    // Facts checked by hand: the post's list headers (RFC 2369 web and mailto, no RFC 8058 one-click).
    const post = rawMail(walk, /First post/);
    expect(headerValue(post, 'List-Unsubscribe')).toBe(`<${sympa.list.webUrl}/signoff/demo>, <mailto:sympa@lists.example.test?subject=SIG%20demo>`);
    expect(headerNames(post)).not.toContain('list-unsubscribe-post');
    expect(headerValue(post, 'List-Id')).toBe('<demo.lists.example.test>');
    expect(headerNames(post).filter((h) => h === 'precedence')).toHaveLength(2); // "list" and "bulk"
    // The confirmation request is a link to a page with a Confirm button, sent as Auto-Submitted: auto-replied.
    const confirm = rawMail(walk, /subscribing to demo/);
    expect(headerValue(confirm, 'Auto-Submitted')).toBe('auto-replied');
    expect(confirm).toMatch(/please hit the following link:\s+http:\/\/127\.0\.0\.1:\d+\/wws\/auth\/[0-9a-f]+\/subscribe\?email=/);
    expect(headerValue(rawMail(walk, /Unsubscribed from demo/), 'Auto-Submitted')).toBe('auto-generated');
  }, 180_000);

  it('walks unsubscribe by the web page of List-Unsubscribe: form → "really?" → mail with link → Confirm; the mail stops', async () => {
    const walk = await run(
      journey(`${JOIN_AND_POST('Third post')}  - goto: /wws/signoff/demo
  - fill: { label: Your e-mail address, value: "\${{ mailbox.reader.address }}" }
  - click: I unsubscribe from list demo
  - expectText: Do you really want to unsubscribe from list demo?
  - click: Confirm
  - expectText: Your request has been forwarded to the user
  - waitForEmail: { to: reader, subject: /unsubscribing from demo/, as: leave, within: 40s }
  - openLink: { in: leave, url: /signoff/ }
  - expectText: Do you really want this action to be taken?
  - click: Confirm
  - waitForEmail: { to: reader, subject: Unsubscribed from demo, within: 40s }
  - sendEmail: { from: author, to: demo@lists.example.test, subject: Fourth post, body: Anyone still here? }
  - expectNoEmail: { to: reader, subject: Fourth post, for: 8s, reason: unsubscribed }
`),
    );
    expect(walk.output, walk.output).toContain('1 of 1 journey passed');
    expect(walk.code).toBe(0);
    expect(await sympa.list.subscribers()).not.toContain(walk.journey.mailboxes.reader);
    expect(headerValue(rawMail(walk, /unsubscribing from demo/), 'Auto-Submitted')).toBe('auto-replied');
  }, 180_000);
});
