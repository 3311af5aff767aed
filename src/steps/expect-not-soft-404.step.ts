import { z } from 'zod';
import { defineStep } from './define-step.js';
import { judgedLink } from './judged-link.js';
import { fail } from './step-failure.js';

export default defineStep({
  name: 'expectNotSoft404',
  summary: 'Check that the page the journey just opened is real content, not a "not found" page served as OK or a redirect to the home page',
  args: z
    .strictObject({
      probe: z.boolean().default(true).meta({ description: 'Also compare the page with what the site answers for an address that cannot exist' }),
    })
    .default({ probe: true }),
  sideEffects: false,
  judges: 'audit',
  example: '- expectNotSoft404',
  describe: () => 'expect a real page, not a soft 404',
  async run(ctx, a) {
    const { detectSoft404, probeFingerprint } = await import('../links/index.js');
    const page = ctx.page;
    const navigation = await ctx.lastNavigation();
    const finalUrl = page.url();
    const content = await page.evaluate(() => ({
      title: document.title,
      headings: [...document.querySelectorAll('h1, h2')].map((h) => (h as HTMLElement).innerText.trim()).slice(0, 10),
      text: (document.querySelector('main') as HTMLElement | null ?? document.body)?.innerText.slice(0, 20_000) ?? '',
    }));
    // A site under a path (baseURL https://example.com/shop/) is probed under that path, and its base is its home page.
    const siteBase = ctx.baseURL;
    const probe = a.probe && /^https?:/.test(finalUrl) ? await probeFingerprint(navigation?.requestedUrl ?? finalUrl, { timeoutMs: Math.min(10_000, ctx.timeoutMs), siteBase }) : undefined;
    const verdict = detectSoft404(
      {
        url: navigation?.requestedUrl ?? finalUrl,
        finalUrl,
        status: navigation?.status ?? 200,
        chain: navigation?.chain ?? [{ url: finalUrl, status: 200 }],
        siteBase,
        ...content,
      },
      probe,
    );
    const requested = navigation?.requestedUrl ?? finalUrl;
    const place = { parent: 'the page the journey opened', text: content.title };
    ctx.recordLinks([judgedLink(requested, place, { state: verdict.soft404 ? 'broken' : 'ok', reason: verdict.soft404 ? 'soft-404' : undefined, navigation })]);
    if (!verdict.soft404) return;
    const evidence = [await ctx.attach('soft-404.png', await ctx.screenshot({ fullPage: true, timeout: 5_000 }), 'image/png')];
    fail('LINK_SOFT_404', `The page ${navigation?.requestedUrl ?? finalUrl} answers as if it worked, but it is a "not found" page (${verdict.why}).`, {
      evidence,
      details: { url: navigation?.requestedUrl ?? finalUrl, finalUrl, why: verdict.why, chain: navigation?.chain },
    });
  },
});
