import { z } from 'zod';
import { describeLocator, locatorFields, requireOneLocator } from './args.js';
import { defineStep } from './define-step.js';
import { locate } from './locate.js';

export default defineStep({
  name: 'fill',
  summary: 'Type a value into a form field, found by its label (or placeholder, role, test id, CSS)',
  args: z
    .strictObject({
      ...locatorFields,
      value: z.union([z.string(), z.number()]).transform(String).meta({ description: 'What to type; use ${{ secrets.X }} for passwords' }),
    })
    .superRefine(requireOneLocator),
  sideEffects: false,
  example: '- fill: { label: Email, value: "${{ mailbox.reader.address }}" }',
  describe: (a) => `fill ${describeLocator(a)}`,
  async run(ctx, a) {
    await locate(ctx.page, a, 'field').fill(a.value, { timeout: ctx.timeoutMs });
  },
});
