/**
 * The pure pieces of the unsubscribe link walk: what a page says is in the customer's way,
 * when the walk ends, what a customer changes before pressing the button, and the verdict's
 * bookkeeping. Pages are snapshots as readPage returns them; no browser.
 */
import { describe, expect, it } from 'vitest';
import { choiceChanges, emailFieldsToFill } from '../../../src/unsubscribe/flow-customer-moves.js';
import { FlowDeadline, FlowTimeout } from '../../../src/unsubscribe/flow-deadline.js';
import { deadButton, pageObstacles, quoted, tooManyPages, walkEndsAt, type WalkProgress } from '../../../src/unsubscribe/flow-page-findings.js';
import { addFlowProblem, emptyFlowVerdict } from '../../../src/unsubscribe/flow-verdict.js';
import type { FlowCheckbox, FlowField, PageSnapshot } from '../../../src/unsubscribe/link-flow-page.js';

function page(parts: Partial<PageSnapshot> = {}): PageSnapshot {
  return { url: 'http://127.0.0.1/unsubscribe', text: 'Unsubscribe from The Weekly', controls: [{ id: '1', kind: 'submit', text: 'Unsubscribe' }], fields: [], choices: [], hasPassword: false, statements: [], hasCaptchaWidget: false, ...parts };
}
const field = (parts: Partial<FlowField>): FlowField => ({ id: 'f', type: 'text', label: '', required: false, value: '', emailLike: false, ...parts });
const box = (parts: Partial<FlowCheckbox>): FlowCheckbox => ({ id: 'b', label: '', type: 'checkbox', name: '', checked: false, ...parts });
const progress = (parts: Partial<WalkProgress> = {}): WalkProgress => ({ pages: 0, maxPages: 5, actions: 0, lastClickSent: true, ...parts });

describe('walkEndsAt', () => {
  it('ends on a confirmation, with a picture and no finding when the click reached the server', () => {
    expect(walkEndsAt({ verdict: 'confirmed', evidence: 'x' }, progress({ actions: 1 }))).toEqual({ outcome: 'confirmed', screenshot: 'confirmation', finding: undefined });
  });

  it('calls a confirmation after a click that sent nothing a fake one', () => {
    const end = walkEndsAt({ verdict: 'confirmed', evidence: 'x' }, progress({ actions: 1, lastClickSent: false }));
    expect(end?.finding?.code).toBe('UNSUB_FAKE_CONFIRMATION');
  });

  it('does not call a page that confirms on arrival fake', () => {
    expect(walkEndsAt({ verdict: 'confirmed', evidence: 'x' }, progress({ actions: 0, lastClickSent: false }))?.finding).toBeUndefined();
  });

  it('ends on a page that sends the customer to their mailbox, quoting why', () => {
    const end = walkEndsAt({ verdict: 'confirmation-request', evidence: 'the page says "check your inbox"' }, progress());
    expect(end).toMatchObject({ outcome: 'confirm-by-mail', screenshot: 'check-your-mail', finding: { code: 'UNSUB_CONFIRM_ROUND_TRIP' } });
    expect(end?.finding?.message).toContain('(the page says "check your inbox")');
  });

  it('gives up after the last page it may walk, without a picture', () => {
    const end = walkEndsAt({ verdict: 'still-needs-action', evidence: 'x' }, progress({ pages: 2, maxPages: 2 }));
    expect(end).toEqual({ outcome: 'gave-up', finding: { code: 'UNSUB_EXTRA_STEPS', message: 'No confirmation after 2 pages; the walk stopped there.' } });
  });

  it('goes on while the page still asks for something', () => {
    expect(walkEndsAt({ verdict: 'still-needs-action', evidence: 'x' }, progress({ pages: 1 }))).toBeUndefined();
  });
});

describe('pageObstacles', () => {
  it('finds nothing on a plain unsubscribe page', () => {
    expect(pageObstacles(page(), 1)).toEqual({ findings: [], stops: false });
  });

  it('stops at a login wall, by password field or by wording', () => {
    expect(pageObstacles(page({ hasPassword: true }), 1)).toMatchObject({ findings: [{ code: 'UNSUB_LOGIN_REQUIRED' }], stops: true });
    expect(pageObstacles(page({ text: 'Please log in to manage your subscriptions' }), 1).findings[0].message).toContain('(http://127.0.0.1/unsubscribe)');
  });

  it('stops at a CAPTCHA, naming the page', () => {
    expect(pageObstacles(page({ hasCaptchaWidget: true }), 2)).toEqual({
      findings: [{ code: 'UNSUB_EXTRA_STEPS', message: 'Page 2 asks the customer to prove they are human (CAPTCHA) before unsubscribing.' }],
      stops: true,
    });
  });

  it('notes guilt-tripping wording on a button and goes on', () => {
    const result = pageObstacles(page({ controls: [{ id: '1', kind: 'button', text: "No thanks, I don't want to save money" }] }), 1);
    expect(result.stops).toBe(false);
    expect(result.findings).toEqual([{ code: 'UNSUB_CONFIRMSHAMING', message: `Page 1 guilt-trips the customer: "No thanks, I don't want to save money".` }]);
  });

  it('stops at required fields beyond the address, listing them; the address itself and filled fields do not count', () => {
    const fields = [field({ required: true, label: 'Why are you leaving?' }), field({ required: true, type: 'select' }), field({ required: true, emailLike: true }), field({ required: true, value: 'x' })];
    expect(pageObstacles(page({ fields }), 1)).toEqual({
      findings: [{ code: 'UNSUB_EXTRA_STEPS', message: 'Page 1 requires more than the e-mail address: "Why are you leaving?", "select".' }],
      stops: true,
    });
  });

  it('notes boxes ticked in advance to keep the customer and goes on', () => {
    const choices = [box({ label: 'Keep me on the partner offers list', checked: true }), box({ label: 'Send me deals', checked: true }), box({ label: 'Unsubscribe from all', checked: true })];
    const result = pageObstacles(page({ choices }), 1);
    expect(result.stops).toBe(false);
    expect(result.findings).toEqual([{ code: 'UNSUB_EXTRA_STEPS', message: 'Page 1 has 2 choices made in advance to keep the customer subscribed: "Keep me on the partner offers list", "Send me deals".' }]);
  });
});

describe('choiceChanges', () => {
  it('unticks a "keep me" checkbox and leaves unticked ones alone', () => {
    const choices = [box({ id: 'a', label: 'Keep me posted', checked: true }), box({ id: 'b', label: 'Send me offers', checked: false })];
    expect(choiceChanges(page({ choices }))).toEqual([{ id: 'a', check: false, label: 'Keep me posted' }]);
  });

  it('picks the other answer of a radio group', () => {
    const choices = [box({ id: 'stay', type: 'radio', name: 'choice', label: 'Keep me subscribed', checked: true }), box({ id: 'go', type: 'radio', name: 'choice', label: 'Unsubscribe me' })];
    expect(choiceChanges(page({ choices }))).toEqual([{ id: 'go', check: true, label: 'Keep me subscribed' }]);
  });

  it('leaves a radio group with no other answer as it is', () => {
    const choices = [box({ id: 'stay', type: 'radio', name: 'choice', label: 'Keep me subscribed', checked: true }), box({ id: 'elsewhere', type: 'radio', name: 'other', label: 'Unsubscribe me' })];
    expect(choiceChanges(page({ choices }))).toEqual([]);
  });
});

describe('emailFieldsToFill', () => {
  it('fills e-mail fields that do not hold the address yet (case and spaces aside)', () => {
    const fields = [field({ id: 'empty', emailLike: true }), field({ id: 'same', emailLike: true, value: ' Reader@Example.test ' }), field({ id: 'other', emailLike: true, value: 'someone@else.test' }), field({ id: 'name' })];
    expect(emailFieldsToFill(page({ fields }), 'reader@example.test').map((f) => f.id)).toEqual(['empty', 'other']);
  });
});

describe('findings after a click and at the end', () => {
  it('names a dead button and its page', () => {
    expect(deadButton({ id: '1', kind: 'button', text: 'Unsubscribe' }, 3)).toEqual({ code: 'UNSUB_DEAD_BUTTON', message: 'Clicking "Unsubscribe" on page 3 did nothing: no request was sent and the page did not change.' });
  });

  it('counts more than one page acted on as extra steps', () => {
    expect(tooManyPages(1, 4)).toBeUndefined();
    expect(tooManyPages(2, 3)?.message).toBe('Unsubscribing took 2 pages and 3 actions; one page is the most it may take.');
  });

  it('quotes long page text at 80 characters', () => {
    expect(quoted('a'.repeat(80))).toBe(`"${'a'.repeat(80)}"`);
    expect(quoted('a'.repeat(81))).toBe(`"${'a'.repeat(77)}…"`);
  });
});

describe('the flow verdict', () => {
  it('records each problem once, with its rule', () => {
    const verdict = emptyFlowVerdict();
    addFlowProblem(verdict, 'UNSUB_DEAD_BUTTON', 'nothing happened');
    addFlowProblem(verdict, 'UNSUB_DEAD_BUTTON', 'nothing happened');
    addFlowProblem(verdict, 'UNSUB_DEAD_BUTTON', 'nothing happened again');
    expect(verdict.problems.map((p) => p.message)).toEqual(['nothing happened', 'nothing happened again']);
    expect(verdict.problems[0].rule).not.toBe('');
  });
});

describe('FlowDeadline', () => {
  it('rejects work that outlives the walk with FlowTimeout, naming the work', async () => {
    const deadline = new FlowDeadline(50);
    const never = new Promise<never>(() => undefined);
    await expect(deadline.bound(never, 'reading the page')).rejects.toThrow(new FlowTimeout('the unsubscribe flow did not finish within 50 ms (reading the page)'));
    expect(deadline.left()).toBe(1);
  });

  it('waits until the condition holds, or no longer than asked', async () => {
    const deadline = new FlowDeadline(10_000);
    let ready = false;
    setTimeout(() => (ready = true), 30);
    const started = Date.now();
    await deadline.waitUntil(() => ready, 5_000);
    expect(Date.now() - started).toBeLessThan(2_000);
    const again = Date.now();
    await deadline.waitUntil(() => false, 60);
    expect(Date.now() - again).toBeGreaterThanOrEqual(50);
  });
});
