import { z } from 'zod';
import { describeLocator, hasLocator, locatorFields } from './args.js';
import { defineStep } from './define-step.js';
import { locate } from './locate.js';

export default defineStep({
  name: 'press',
  summary: 'Press a key (Enter, Tab, Escape, Control+A, …), in a given element or the page',
  args: z.strictObject({
    key: z.string().min(1).meta({ description: 'Key name as Playwright spells it: Enter, Tab, ArrowDown, Control+A' }),
    ...locatorFields,
  }),
  shorthand: 'key',
  sideEffects: true,
  example: '- press: Enter',
  describe: (a) => `press ${a.key}${hasLocator(a) ? ` in ${describeLocator(a)}` : ''}`,
  async run(ctx, a) {
    if (hasLocator(a)) await locate(ctx.page, a, 'field').press(a.key, { timeout: ctx.timeoutMs });
    else await ctx.page.keyboard.press(a.key);
  },
});
