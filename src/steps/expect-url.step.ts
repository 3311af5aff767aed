import { z } from 'zod';
import { formatDuration } from '../core/duration.js';
import { pattern } from './args.js';
import { defineStep } from './define-step.js';
import { fail } from './step-failure.js';

export default defineStep({
  name: 'expectUrl',
  summary: 'Check the address of the current page (substring or /regex/)',
  args: z.strictObject({ url: pattern }),
  shorthand: 'url',
  sideEffects: false,
  judges: 'assertion',
  example: '- expectUrl: /\\/orders\\/\\d+/',
  describe: (a) => `expect address ${a.url}`,
  async run(ctx, a) {
    try {
      await ctx.page.waitForURL((url) => a.url.test(url.href), { timeout: ctx.timeoutMs, waitUntil: 'commit' });
    } catch {
      fail('URL_MISMATCH', `The customer was on ${ctx.page.url()}, not on ${a.url}, after ${formatDuration(ctx.timeoutMs)}.`);
    }
  },
});
