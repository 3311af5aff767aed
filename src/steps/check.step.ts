import { z } from 'zod';
import { describeLocator, locatorFields, requireOneLocator } from './args.js';
import { defineStep } from './define-step.js';
import { locate } from './locate.js';

export default defineStep({
  name: 'check',
  summary: 'Tick (or untick) a checkbox or choose a radio button, found by its label',
  args: z
    .strictObject({
      ...locatorFields,
      checked: z.boolean().default(true).meta({ description: 'false to untick' }),
    })
    .superRefine(requireOneLocator),
  shorthand: 'text',
  sideEffects: false,
  example: '- check: I accept the terms',
  describe: (a) => `${a.checked ? 'tick' : 'untick'} ${describeLocator(a)}`,
  async run(ctx, a) {
    await locate(ctx.page, a, 'field').setChecked(a.checked, { timeout: ctx.timeoutMs });
  },
});
