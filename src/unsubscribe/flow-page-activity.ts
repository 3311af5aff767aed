/**
 * What a page does after the walker clicks: the requests it sends (and which are still
 * open), whether the main frame navigated, and "Are you sure?" dialogs, which the
 * customer accepts.
 */
import type { Dialog, Frame, Page, Request } from 'playwright';

export interface ActivityListener {
  /** A request sent after a click, as `METHOD url`. */
  requestSent(line: string): void;
  /** A dialog was accepted: one more action of the customer's. */
  dialogAccepted(): void;
}

const isWebRequest = (request: Request) => /^https?:/.test(request.url());

export class PageActivity {
  private watching = false;
  private sent = 0;
  private navigated = false;
  private inflight = 0;

  constructor(
    private readonly page: Page,
    private readonly listener: ActivityListener,
  ) {}

  /** Requests sent since the last click. */
  get sentSinceClick(): number {
    return this.sent;
  }

  /** The main frame went to another document since the last click. */
  get navigatedSinceClick(): boolean {
    return this.navigated;
  }

  /** No web request of the page is still open. */
  get settled(): boolean {
    return this.inflight === 0;
  }

  start(): void {
    this.page.on('request', this.onRequest);
    this.page.on('dialog', this.onDialog);
    this.page.on('requestfinished', this.onDone);
    this.page.on('requestfailed', this.onDone);
    this.page.on('framenavigated', this.onNavigated);
  }

  stop(): void {
    this.page.off('request', this.onRequest);
    this.page.off('dialog', this.onDialog);
    this.page.off('requestfinished', this.onDone);
    this.page.off('requestfailed', this.onDone);
    this.page.off('framenavigated', this.onNavigated);
  }

  /** A click is about to happen: count what it sets off from zero. */
  clickStarts(): void {
    this.sent = 0;
    this.navigated = false;
    this.watching = true;
  }

  private readonly onRequest = (request: Request) => {
    if (!isWebRequest(request)) return;
    this.inflight++;
    if (!this.watching) return;
    this.sent++;
    this.listener.requestSent(`${request.method()} ${request.url()}`);
  };

  private readonly onDone = (request: Request) => {
    if (isWebRequest(request)) this.inflight = Math.max(0, this.inflight - 1);
  };

  private readonly onNavigated = (frame: Frame) => {
    if (frame.parentFrame() === null) this.navigated = true;
  };

  private readonly onDialog = (dialog: Dialog) => {
    this.listener.dialogAccepted();
    dialog.accept().catch(() => undefined);
  };
}
