import { z } from 'zod';
import { formatDuration } from '../core/duration.js';
import { duration } from './args.js';
import { defineStep } from './define-step.js';

export default defineStep({
  name: 'wait',
  summary: 'Pause for a fixed time (prefer the waiting built into expect… and waitForEmail)',
  args: z.strictObject({ for: duration }),
  shorthand: 'for',
  sideEffects: false,
  example: '- wait: 2s',
  budgetMs: (a) => a.for,
  describe: (a) => `wait ${formatDuration(a.for)}`,
  async run(ctx, a) {
    await ctx.page.waitForTimeout(a.for);
  },
});
