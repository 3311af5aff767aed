import { readFileSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { maskedScreenshot } from '../../../src/browser/masked-screenshot.js';
import { resolveBrowser } from '../../../src/browser/resolve-browser.js';
import { countColour, SECRET_COLOUR } from './colour-pixels.js';

/**
 * Secrets never in pixels: each page draws the secret, in one way, in a colour nothing
 * else on the page uses. Unmasked, the colour is there (the test can fail); masked, not
 * one pixel of it survives.
 */
const SECRET = 'Zq7-Secret-Value-93';
const STYLE = `<style>body{font:bold 56px sans-serif;color:#222} .s, input, textarea{color:${SECRET_COLOUR.css};font:bold 56px sans-serif;width:1100px}
input::placeholder{color:${SECRET_COLOUR.css};opacity:1}</style>`;
const PAGES: Record<string, string> = {
  '/text': `<p>Your password: <span class="s">${SECRET}</span></p>`,
  '/whole-element': `<div class="s">${SECRET}</div>`,
  '/split': `<p class="s">${SECRET.slice(0, 4)}<span>${SECRET.slice(4, 10)}</span><b>${SECRET.slice(10)}</b></p>`,
  '/split-lines': `<div class="s"><div>${SECRET.slice(0, 9)}</div><div>${SECRET.slice(9)}</div></div>`,
  '/value-attribute': `<input value="${SECRET}">`,
  '/placeholder': `<input placeholder="${SECRET}">`,
  '/textarea': `<textarea rows="2">${SECRET}</textarea>`,
  '/typed': `<label>Name <input id="typed"></label>`,
  '/echoed': `<input id="typed" oninput="document.getElementById('echo').textContent = this.value"><p class="s" id="echo"></p>`,
  '/shadow': `<div id="host"></div><script>document.getElementById('host').attachShadow({ mode: 'open' }).innerHTML = '<style>p{color:${SECRET_COLOUR.css};font:bold 56px sans-serif}</style><p>${SECRET}</p>'</script>`,
  '/iframe': `<iframe style="width:1200px;height:300px;border:0" srcdoc="<p style='color:${SECRET_COLOUR.css};font:bold 56px sans-serif'>${SECRET}</p>"></iframe>`,
  '/tall': `<div style="height:3000px"></div><p class="s">${SECRET}</p>`,
};

let browser: Browser;
let server: Server;
let base: string;
let page: Page;

beforeAll(async () => {
  const found = await resolveBrowser();
  browser = await chromium.launch({ executablePath: found.executablePath, args: found.args });
  server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html><head>${STYLE}</head><body>${PAGES[req.url ?? ''] ?? ''}</body></html>`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  await browser?.close();
  server?.close();
});

beforeEach(async () => {
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
});
afterEach(async () => {
  await page?.close();
});

async function open(path: string): Promise<void> {
  await page.goto(base + path);
  if (path === '/typed' || path === '/echoed') await page.locator('#typed').fill(SECRET);
  if (path === '/iframe') await page.frameLocator('iframe').locator('p').waitFor();
}

describe('maskedScreenshot', () => {
  for (const path of Object.keys(PAGES)) {
    it(`leaves no pixel of a secret shown as ${path.slice(1)}`, async () => {
      await open(path);
      const unmasked = await maskedScreenshot(page, [], { fullPage: true });
      expect(countColour(unmasked), 'the page really draws the secret').toBeGreaterThan(200);
      const masked = await maskedScreenshot(page, [SECRET], { fullPage: true });
      expect(countColour(masked)).toBe(0);
    }, 60_000);
  }

  it('leaves the rest of the page visible and the page unchanged', async () => {
    await page.goto(base + '/text');
    const masked = await maskedScreenshot(page, [SECRET]);
    expect(countColour(masked, { r: 0x22, g: 0x22, b: 0x22 }, 4)).toBeGreaterThan(200); // "Your password:"
    expect(await page.locator('[data-journey-audit-secret]').count()).toBe(0);
  }, 60_000);

  it('is the only place the tool photographs a page', () => {
    const calls: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (/\.ts$/.test(entry.name) && /\b(page|frame|locator|element)\s*\)?\s*\.screenshot\(/i.test(readFileSync(path, 'utf8'))) calls.push(path);
      }
    };
    walk('src');
    expect(calls).toEqual([join('src', 'browser', 'masked-screenshot.ts')]);
  });
});
