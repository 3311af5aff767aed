/**
 * The link path of an unsubscribe audit: open the unsubscribe link in the browser and
 * do what a customer does: press the obvious unsubscribe button (filling in only the
 * e-mail address when asked) until the page confirms, counting pages and actions and
 * noting everything that makes leaving harder than it may be (16 CFR 316.5: one page,
 * nothing but the address): login walls, extra required fields, CAPTCHAs, pre-ticked
 * "keep me" boxes, guilt-tripping wording, buttons that do nothing, and confirmations
 * that appear without the server having been told anything.
 *
 * The walk never throws: it ends within `timeoutMs` with what it saw.
 */
import type { Dialog, Page, Request } from 'playwright';
import { maskedScreenshot, type ScreenshotRequest } from '../browser/masked-screenshot.js';
import type { TextPattern } from '../core/pattern.js';
import { findingCode, type FindingCode } from '../model/finding-codes.js';
import { flowElement, readPage, type FlowControl, type PageSnapshot } from './link-flow-page.js';
import { flowWords } from './link-flow-words.js';
import { withDeadline } from '../core/deadline.js';
import { judgePage, obviousAction, type PageJudgement } from './page-verdict.js';

export interface FlowProblem {
  code: FindingCode;
  message: string;
  rule: string;
}

export interface FlowVerdict {
  reachedConfirmation: boolean;
  /** Pages on which the customer had to do something (the confirmation page is not counted). */
  pages: number;
  /** Clicks, fields filled and boxes unticked. */
  actions: number;
  problems: FlowProblem[];
  /** One per page seen, in order; the caller attaches them. */
  screenshots: { name: string; png: Buffer }[];
  /** `METHOD url` of every request the page made after a click. */
  requests: string[];
  /** Why the walk stopped early (timeout, unreachable page), when it did. */
  error?: string;
  /** How the last page was judged, and why. */
  lastPage?: PageJudgement;
  /** The last page sends the customer to their mailbox to confirm. */
  confirmByMail?: boolean;
}

export interface FlowOptions {
  /** The customer's address, typed into an e-mail field when the page asks for it. */
  email: string;
  /** The whole walk ends within this time. */
  timeoutMs: number;
  /** Pages walked before giving up (default 5). */
  maxPages?: number;
  /** What the confirmation says; without it, common wording in several languages counts. */
  confirmation?: TextPattern;
  /** Photographs the page with secret values covered (the journey's own; default: no secrets known). */
  screenshot?: (request: ScreenshotRequest) => Promise<Buffer>;
}

const DEFAULT_MAX_PAGES = 5;
/** How long a click may take to show any effect (a request or a navigation). */
const CLICK_EFFECT_MS = 1_500;
/** How long to wait for the requests a click started to finish. */
const SETTLE_MS = 3_000;

/** Taller pages are photographed one screen high. */
const MAX_FULL_PAGE_HEIGHT = 8_000;

class FlowTimeout extends Error {}

function problem(code: FindingCode, message: string): FlowProblem {
  const rule = findingCode(code).rule ?? '';
  return { code, message, rule };
}

const quote = (text: string) => `"${text.length > 80 ? `${text.slice(0, 77)}…` : text}"`;

export async function walkUnsubscribeFlow(page: Page, startUrl: string, opts: FlowOptions): Promise<FlowVerdict> {
  const deadline = Date.now() + opts.timeoutMs;
  const left = () => Math.max(1, deadline - Date.now());
  const maxPages = opts.maxPages ?? DEFAULT_MAX_PAGES;

  const verdict: FlowVerdict = { reachedConfirmation: false, pages: 0, actions: 0, problems: [], screenshots: [], requests: [] };
  const report = (code: FindingCode, message: string) => {
    if (!verdict.problems.some((p) => p.code === code && p.message === message)) verdict.problems.push(problem(code, message));
  };

  // What happens after each click.
  let watching = false;
  let sentSinceClick = 0;
  let navigatedSinceClick = false;
  let inflight = 0;
  const onRequest = (request: Request) => {
    if (!/^https?:/.test(request.url())) return;
    inflight++;
    if (!watching) return;
    sentSinceClick++;
    verdict.requests.push(`${request.method()} ${request.url()}`);
  };
  const onDone = (request: Request) => {
    if (/^https?:/.test(request.url())) inflight = Math.max(0, inflight - 1);
  };
  const onNavigated = (frame: { parentFrame(): unknown }) => {
    if (frame.parentFrame() === null) navigatedSinceClick = true;
  };

  /** Races `work` against the walk's deadline. */
  const bounded = <T>(work: Promise<T>, what: string): Promise<T> =>
    withDeadline(work, left(), () => new FlowTimeout(`the unsubscribe flow did not finish within ${opts.timeoutMs} ms (${what})`));
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, left())));
  const waitUntil = async (condition: () => boolean, ms: number) => {
    const until = Math.min(Date.now() + ms, deadline);
    while (!condition() && Date.now() < until) await pause(25);
  };

  let shot = 0;
  const photograph = opts.screenshot ?? ((request: ScreenshotRequest) => maskedScreenshot(page, [], request));
  const screenshot = async (label: string) => {
    try {
      // Whole pages, unless one is so tall that laying it out again would take seconds.
      const height = await bounded(page.evaluate(() => document.documentElement.scrollHeight), 'screenshot');
      const png = await bounded(photograph({ fullPage: height <= MAX_FULL_PAGE_HEIGHT, timeout: Math.min(5_000, left()) }), 'screenshot');
      verdict.screenshots.push({ name: `unsubscribe-${String(++shot).padStart(2, '0')}-${label}.png`, png });
    } catch {
      // A page that cannot be photographed is still walked.
    }
  };

  /** Clicks and waits for what the click sets off: a request, a navigation, or nothing. */
  const press = async (control: FlowControl) => {
    sentSinceClick = 0;
    navigatedSinceClick = false;
    watching = true;
    const element = flowElement(page, control.id);
    // A new tab would leave the walker behind: keep the flow in this one.
    await bounded(
      element.evaluate((el) => {
        el.removeAttribute('target');
        el.removeAttribute('formtarget');
        el.closest('form')?.removeAttribute('target');
      }),
      'click',
    );
    await bounded(element.click({ timeout: Math.min(10_000, left()) }), `clicking ${quote(control.text)}`);
    verdict.actions++;
    await waitUntil(() => sentSinceClick > 0 || navigatedSinceClick, CLICK_EFFECT_MS);
    if (navigatedSinceClick) await bounded(page.waitForLoadState('load', { timeout: left() }), 'loading the next page');
    await waitUntil(() => inflight === 0, SETTLE_MS);
    if (navigatedSinceClick) await bounded(page.waitForLoadState('load', { timeout: left() }), 'loading the next page');
  };

  /** Reads the page, waiting out a navigation that is still under way. */
  const read = async (): Promise<PageSnapshot> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await bounded(readPage(page), 'reading the page');
      } catch (err) {
        if (err instanceof FlowTimeout || attempt === 3) throw err;
        await bounded(page.waitForLoadState('load', { timeout: left() }), 'loading the next page');
      }
    }
  };

  // "Are you sure?" dialogs: the customer says yes, and that is one more action.
  const onDialog = (dialog: Dialog) => {
    verdict.actions++;
    dialog.accept().catch(() => undefined);
  };

  page.on('request', onRequest);
  page.on('dialog', onDialog);
  page.on('requestfinished', onDone);
  page.on('requestfailed', onDone);
  page.on('framenavigated', onNavigated);
  try {
    await bounded(page.goto(startUrl, { timeout: left(), waitUntil: 'load' }), `opening ${startUrl}`);
    /** Whether the last click reached the server at all. */
    let lastClickSent = true;
    let pagesActedOn = 0;
    let snapshot = await read();

    for (;;) {
      const judged = judgePage(snapshot, { acted: pagesActedOn > 0, confirmation: opts.confirmation });
      verdict.lastPage = judged;
      if (judged.verdict === 'confirmed') {
        verdict.reachedConfirmation = true;
        await screenshot('confirmation');
        if (verdict.actions > 0 && !lastClickSent) {
          report('UNSUB_FAKE_CONFIRMATION', 'The page said the unsubscribe was done, but clicking sent nothing to the server: nothing was recorded.');
        }
        break;
      }
      if (judged.verdict === 'confirmation-request') {
        verdict.confirmByMail = true;
        await screenshot('check-your-mail');
        report('UNSUB_CONFIRM_ROUND_TRIP', `The page sends the customer to their mailbox to confirm (${judged.evidence}): leaving takes a round trip by mail.`);
        break;
      }
      if (verdict.pages >= maxPages) {
        report('UNSUB_EXTRA_STEPS', `No confirmation after ${maxPages} pages; the walk stopped there.`);
        break;
      }
      verdict.pages++;
      await screenshot(`page-${verdict.pages}`);

      if (snapshot.hasPassword || flowWords.isLoginWall(snapshot.text)) {
        report('UNSUB_LOGIN_REQUIRED', `The unsubscribe link leads to a login page (${snapshot.url}): customers without a password cannot leave.`);
        break;
      }
      if (snapshot.hasCaptchaWidget || flowWords.isHumanCheck(snapshot.text)) {
        report('UNSUB_EXTRA_STEPS', `Page ${verdict.pages} asks the customer to prove they are human (CAPTCHA) before unsubscribing.`);
        break;
      }
      const shaming = flowWords.confirmshaming([snapshot.text, ...snapshot.controls.map((c) => c.text)].join('\n'));
      if (shaming) report('UNSUB_CONFIRMSHAMING', `Page ${verdict.pages} guilt-trips the customer: ${quote(shaming)}.`);

      const extraFields = snapshot.fields.filter((f) => f.required && !f.emailLike && f.value === '');
      if (extraFields.length > 0) {
        const names = extraFields.map((f) => quote(f.label || f.type)).join(', ');
        report('UNSUB_EXTRA_STEPS', `Page ${verdict.pages} requires more than the e-mail address: ${names}.`);
        break;
      }

      const keepMe = snapshot.choices.filter((box) => box.checked && flowWords.isKeepMe(box.label));
      if (keepMe.length > 0) {
        report('UNSUB_EXTRA_STEPS', `Page ${verdict.pages} has ${keepMe.length === 1 ? 'a choice' : `${keepMe.length} choices`} made in advance to keep the customer subscribed: ${keepMe.map((b) => quote(b.label)).join(', ')}.`);
        for (const box of keepMe) {
          // A customer unticks the box, or picks the other answer of a radio group.
          const other = box.type === 'radio' ? snapshot.choices.find((c) => c.type === 'radio' && c.name === box.name && !c.checked && !flowWords.isKeepMe(c.label)) : undefined;
          if (box.type === 'radio' && !other) continue;
          const target = flowElement(page, other?.id ?? box.id);
          const options = { timeout: Math.min(5_000, left()), force: true };
          await bounded(other ? target.check(options) : target.uncheck(options), `changing ${quote(box.label)}`);
          verdict.actions++;
        }
      }

      for (const field of snapshot.fields.filter((f) => f.emailLike && f.value.trim().toLowerCase() !== opts.email.toLowerCase())) {
        await bounded(flowElement(page, field.id).fill(opts.email, { timeout: Math.min(5_000, left()) }), 'filling in the e-mail address');
        verdict.actions++;
      }

      const action = obviousAction(snapshot.controls);
      if (!action) break;
      pagesActedOn++;
      const textBefore = snapshot.text;
      await press(action);
      lastClickSent = sentSinceClick > 0;
      snapshot = await read();
      if (!lastClickSent && !navigatedSinceClick && snapshot.text === textBefore) {
        report('UNSUB_DEAD_BUTTON', `Clicking ${quote(action.text)} on page ${verdict.pages} did nothing: no request was sent and the page did not change.`);
        await screenshot('dead-button');
        break;
      }
    }

    if (pagesActedOn > 1) {
      report('UNSUB_EXTRA_STEPS', `Unsubscribing took ${pagesActedOn} pages and ${verdict.actions} actions; one page is the most it may take.`);
    }
  } catch (err) {
    verdict.error = err instanceof Error ? err.message.split('\n')[0] : String(err);
    await screenshot('stopped');
  } finally {
    page.off('request', onRequest);
    page.off('dialog', onDialog);
    page.off('requestfinished', onDone);
    page.off('requestfailed', onDone);
    page.off('framenavigated', onNavigated);
  }
  return verdict;
}
