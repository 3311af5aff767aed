import { z } from 'zod';
import { formatDuration } from '../core/duration.js';
import { describeLocator, locatorFields, requireOneLocator } from './args.js';
import { defineStep } from './define-step.js';
import { locate } from './locate.js';
import { expectVisibleOrFail } from './wait-until.js';

export default defineStep({
  name: 'expectVisible',
  summary: 'Check that an element (button, link, field, …) is visible on the page',
  args: z.strictObject({ ...locatorFields }).superRefine(requireOneLocator),
  shorthand: 'text',
  sideEffects: false,
  judges: 'assertion',
  example: '- expectVisible: { role: button, name: Place order }',
  describe: (a) => `expect ${describeLocator(a)} visible`,
  async run(ctx, a) {
    await expectVisibleOrFail(
      locate(ctx.page, a),
      ctx.timeoutMs,
      'ELEMENT_NOT_FOUND',
      `The page ${ctx.page.url()} did not show ${describeLocator(a)} within ${formatDuration(ctx.timeoutMs)}.`,
    );
  },
});
