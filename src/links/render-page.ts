import type { Browser } from 'playwright';
import { Slots } from './request-limiter.js';

/** What a reader sees once scripts have run. */
export interface RenderedLook {
  finalUrl: string;
  status: number;
  title: string;
  headings: string[];
  text: string;
}

/** Pages rendered at once: each holds a Chromium tab. */
const RENDER_SLOTS = 2;

/**
 * Opens pages in headless Chromium (launched on first use, one per checker) to read what
 * scripts draw: a "not found" page an HTML shell does not show.
 */
export class PageRenderer {
  private browser?: Promise<Browser>;
  private readonly slots = new Slots(RENDER_SLOTS);

  constructor(private readonly timeoutMs: number) {}

  /** undefined when the page cannot be rendered in time (the HTTP verdict then stands). */
  async look(url: string): Promise<RenderedLook | undefined> {
    await this.slots.acquire();
    try {
      const browser = await (this.browser ??= launch());
      const context = await browser.newContext({ serviceWorkers: 'block', acceptDownloads: false });
      try {
        const page = await context.newPage();
        const response = await page.goto(url, { timeout: this.timeoutMs, waitUntil: 'load' });
        // Give client-side routers a moment to draw their "not found" view.
        await page.waitForLoadState('networkidle', { timeout: Math.min(2_000, this.timeoutMs) }).catch(() => undefined);
        const content = await page.evaluate(() => ({
          title: document.title,
          headings: [...document.querySelectorAll('h1, h2')].map((h) => (h as HTMLElement).innerText.trim()).slice(0, 8),
          text: ((document.querySelector('main') as HTMLElement | null) ?? document.body)?.innerText.slice(0, 20_000) ?? '',
        }));
        return { finalUrl: page.url(), status: response?.status() ?? 200, ...content };
      } finally {
        await context.close().catch(() => undefined);
      }
    } catch {
      return undefined;
    } finally {
      this.slots.release();
    }
  }

  async close(): Promise<void> {
    const browser = this.browser;
    this.browser = undefined;
    if (browser) await (await browser.catch(() => undefined))?.close().catch(() => undefined);
  }
}

async function launch(): Promise<Browser> {
  const [{ chromium }, { resolveBrowser }] = await Promise.all([import('playwright'), import('../browser/resolve-browser.js')]);
  const resolved = await resolveBrowser();
  return chromium.launch({ executablePath: resolved.executablePath, args: resolved.args });
}
