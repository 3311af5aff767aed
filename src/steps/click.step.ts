import { z } from 'zod';
import { describeLocator, locatorFields, requireOneLocator } from './args.js';
import { defineStep } from './define-step.js';
import { locateAction } from './locate.js';

export default defineStep({
  name: 'click',
  summary: 'Click a button, link or other element, found by its text, label, role, test id or CSS',
  args: z.strictObject({ ...locatorFields }).superRefine(requireOneLocator),
  shorthand: 'text',
  sideEffects: true,
  example: '- click: Subscribe',
  describe: (a) => `click ${describeLocator(a)}`,
  async run(ctx, a) {
    await (await locateAction(ctx.page, a, ctx.timeoutMs)).click({ timeout: ctx.timeoutMs });
  },
});
