import { z } from 'zod';
import { defineStep } from './define-step.js';
import { fail } from './step-failure.js';

export default defineStep({
  name: 'goto',
  summary: 'Open a page, as a customer typing its address or following a printed link',
  args: z.strictObject({
    url: z.string().min(1).meta({ description: 'Absolute URL, or a path relative to baseURL' }),
    expectStatus: z.number().int().optional().meta({ description: 'Expected HTTP status (default: any 2xx or 3xx)' }),
  }),
  shorthand: 'url',
  sideEffects: false,
  judgesStatus: true,
  example: '- goto: /newsletter',
  describe: (a) => `open ${a.url}`,
  async run(ctx, a) {
    const response = await ctx.page.goto(a.url, { timeout: ctx.timeoutMs });
    const status = response?.status();
    if (status === undefined) return;
    const ok = a.expectStatus === undefined ? status < 400 : status === a.expectStatus;
    if (!ok) {
      fail('PAGE_BROKEN', `The page ${ctx.page.url()} answered with HTTP ${status}${a.expectStatus ? ` instead of ${a.expectStatus}` : ''}.`, {
        details: { url: ctx.page.url(), status },
      });
    }
  },
});
