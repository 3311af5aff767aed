import { z } from 'zod';
import { formatDuration } from '../core/duration.js';
import { pattern } from './args.js';
import { defineStep } from './define-step.js';
import { expectVisibleOrFail } from './wait-until.js';

export default defineStep({
  name: 'expectText',
  summary: 'Check that the page shows a text (substring, case-insensitive, or /regex/)',
  args: z.strictObject({ text: pattern }),
  shorthand: 'text',
  sideEffects: false,
  judges: 'assertion',
  example: "- expectText: You're subscribed",
  describe: (a) => `expect text ${a.text}`,
  async run(ctx, a) {
    await expectVisibleOrFail(
      ctx.page.getByText(a.text.playwright).first(),
      ctx.timeoutMs,
      'TEXT_NOT_FOUND',
      `The page ${ctx.page.url()} did not show the text ${a.text} within ${formatDuration(ctx.timeoutMs)}.`,
    );
  },
});
