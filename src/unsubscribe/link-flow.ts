/**
 * The link path of an unsubscribe audit: open the unsubscribe link in the browser and
 * do what a customer does: press the obvious unsubscribe button (filling in only the
 * e-mail address when asked) until the page confirms, counting pages and actions and
 * noting everything that makes leaving harder than it may be (16 CFR 316.5: one page,
 * nothing but the address): login walls, extra required fields, CAPTCHAs, pre-ticked
 * "keep me" boxes, guilt-tripping wording, buttons that do nothing, and confirmations
 * that appear without the server having been told anything.
 *
 * This file drives the browser; what a page means and what to do on it are decided by
 * pure functions (page-verdict, flow-page-findings, flow-customer-moves).
 *
 * The walk never throws: it ends within `timeoutMs` with what it saw.
 */
import type { Page } from 'playwright';
import { maskedScreenshot, type ScreenshotRequest } from '../browser/masked-screenshot.js';
import type { TextPattern } from '../core/pattern.js';
import { FlowDeadline, FlowTimeout } from './flow-deadline.js';
import { choiceChanges, emailFieldsToFill } from './flow-customer-moves.js';
import { PageActivity } from './flow-page-activity.js';
import { deadButton, pageObstacles, quoted, tooManyPages, walkEndsAt, type PageFinding, type WalkEnd } from './flow-page-findings.js';
import { addFlowProblem, emptyFlowVerdict, type FlowVerdict } from './flow-verdict.js';
import { flowElement, readPage, type FlowControl, type PageSnapshot } from './link-flow-page.js';
import { judgePage, obviousAction } from './page-verdict.js';

export type { FlowProblem, FlowVerdict } from './flow-verdict.js';

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

export async function walkUnsubscribeFlow(page: Page, startUrl: string, opts: FlowOptions): Promise<FlowVerdict> {
  return new FlowWalker(page, opts).walk(startUrl);
}

/** One walk: its deadline, what the page does after each click, and the verdict it fills in. */
class FlowWalker {
  private readonly deadline: FlowDeadline;
  private readonly verdict = emptyFlowVerdict();
  private readonly activity: PageActivity;
  private readonly photograph: (request: ScreenshotRequest) => Promise<Buffer>;
  private readonly maxPages: number;
  private shots = 0;

  constructor(
    private readonly page: Page,
    private readonly opts: FlowOptions,
  ) {
    this.deadline = new FlowDeadline(opts.timeoutMs);
    this.maxPages = opts.maxPages ?? DEFAULT_MAX_PAGES;
    this.photograph = opts.screenshot ?? ((request) => maskedScreenshot(page, [], request));
    this.activity = new PageActivity(page, {
      requestSent: (line) => this.verdict.requests.push(line),
      dialogAccepted: () => this.verdict.actions++,
    });
  }

  async walk(startUrl: string): Promise<FlowVerdict> {
    this.activity.start();
    try {
      await this.deadline.bound(this.page.goto(startUrl, { timeout: this.deadline.left(), waitUntil: 'load' }), `opening ${startUrl}`);
      const pagesActedOn = await this.walkPages();
      const tooMany = tooManyPages(pagesActedOn, this.verdict.actions);
      if (tooMany) this.report(tooMany);
    } catch (err) {
      this.verdict.error = err instanceof Error ? err.message.split('\n')[0] : String(err);
      await this.screenshot('stopped');
    } finally {
      this.activity.stop();
    }
    return this.verdict;
  }

  /** Page after page until one ends the walk; returns on how many pages the customer pressed something. */
  private async walkPages(): Promise<number> {
    let lastClickSent = true;
    let pagesActedOn = 0;
    let snapshot = await this.read();
    for (;;) {
      const judged = judgePage(snapshot, { acted: pagesActedOn > 0, confirmation: this.opts.confirmation });
      this.verdict.lastPage = judged;
      const end = walkEndsAt(judged, { pages: this.verdict.pages, maxPages: this.maxPages, actions: this.verdict.actions, lastClickSent });
      if (end) {
        await this.finish(end);
        return pagesActedOn;
      }
      this.verdict.pages++;
      await this.screenshot(`page-${this.verdict.pages}`);
      const action = await this.prepareToLeave(snapshot);
      if (!action) return pagesActedOn;

      pagesActedOn++;
      const textBefore = snapshot.text;
      await this.press(action);
      lastClickSent = this.activity.sentSinceClick > 0;
      snapshot = await this.read();
      if (!lastClickSent && !this.activity.navigatedSinceClick && snapshot.text === textBefore) {
        this.report(deadButton(action, this.verdict.pages));
        await this.screenshot('dead-button');
        return pagesActedOn;
      }
    }
  }

  private async finish(end: WalkEnd): Promise<void> {
    if (end.outcome === 'confirmed') this.verdict.reachedConfirmation = true;
    if (end.outcome === 'confirm-by-mail') this.verdict.confirmByMail = true;
    if (end.screenshot) await this.screenshot(end.screenshot);
    if (end.finding) this.report(end.finding);
  }

  /**
   * Notes what stands in the way on this page, then does what a customer does before
   * pressing anything: unticks "keep me" boxes, types the address. Returns the control to
   * press, or nothing when the customer cannot (or need not) go on.
   */
  private async prepareToLeave(snapshot: PageSnapshot): Promise<FlowControl | undefined> {
    const { findings, stops } = pageObstacles(snapshot, this.verdict.pages);
    for (const finding of findings) this.report(finding);
    if (stops) return undefined;

    for (const change of choiceChanges(snapshot)) {
      const target = flowElement(this.page, change.id);
      const options = { timeout: Math.min(5_000, this.deadline.left()), force: true };
      await this.deadline.bound(change.check ? target.check(options) : target.uncheck(options), `changing ${quoted(change.label)}`);
      this.verdict.actions++;
    }
    for (const field of emailFieldsToFill(snapshot, this.opts.email)) {
      await this.deadline.bound(flowElement(this.page, field.id).fill(this.opts.email, { timeout: Math.min(5_000, this.deadline.left()) }), 'filling in the e-mail address');
      this.verdict.actions++;
    }
    return obviousAction(snapshot.controls);
  }

  /** Clicks and waits for what the click sets off: a request, a navigation, or nothing. */
  private async press(control: FlowControl): Promise<void> {
    this.activity.clickStarts();
    const element = flowElement(this.page, control.id);
    // A new tab would leave the walker behind: keep the flow in this one.
    await this.deadline.bound(
      element.evaluate((el) => {
        el.removeAttribute('target');
        el.removeAttribute('formtarget');
        el.closest('form')?.removeAttribute('target');
      }),
      'click',
    );
    await this.deadline.bound(element.click({ timeout: Math.min(10_000, this.deadline.left()) }), `clicking ${quoted(control.text)}`);
    this.verdict.actions++;
    await this.deadline.waitUntil(() => this.activity.sentSinceClick > 0 || this.activity.navigatedSinceClick, CLICK_EFFECT_MS);
    if (this.activity.navigatedSinceClick) await this.nextPageLoaded();
    await this.deadline.waitUntil(() => this.activity.settled, SETTLE_MS);
    if (this.activity.navigatedSinceClick) await this.nextPageLoaded();
  }

  /** Reads the page, waiting out a navigation that is still under way. */
  private async read(): Promise<PageSnapshot> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.deadline.bound(readPage(this.page), 'reading the page');
      } catch (err) {
        if (err instanceof FlowTimeout || attempt === 3) throw err;
        await this.nextPageLoaded();
      }
    }
  }

  private nextPageLoaded(): Promise<void> {
    return this.deadline.bound(this.page.waitForLoadState('load', { timeout: this.deadline.left() }), 'loading the next page');
  }

  /** Adds a picture of the page to the verdict; a page that cannot be photographed is still walked. */
  private async screenshot(label: string): Promise<void> {
    try {
      // Whole pages, unless one is so tall that laying it out again would take seconds.
      const height = await this.deadline.bound(this.page.evaluate(() => document.documentElement.scrollHeight), 'screenshot');
      const png = await this.deadline.bound(this.photograph({ fullPage: height <= MAX_FULL_PAGE_HEIGHT, timeout: Math.min(5_000, this.deadline.left()) }), 'screenshot');
      this.verdict.screenshots.push({ name: `unsubscribe-${String(++this.shots).padStart(2, '0')}-${label}.png`, png });
    } catch {
      // Walk on without the picture.
    }
  }

  private report(finding: PageFinding): void {
    addFlowProblem(this.verdict, finding.code, finding.message);
  }
}
