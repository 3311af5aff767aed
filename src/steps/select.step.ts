import { z } from 'zod';
import { describeLocator, locatorFields, requireOneLocator } from './args.js';
import { defineStep } from './define-step.js';
import { locate } from './locate.js';

export default defineStep({
  name: 'select',
  summary: 'Choose an option of a drop-down list, by the option’s visible text or value',
  args: z
    .strictObject({
      ...locatorFields,
      option: z.union([z.string(), z.number()]).transform(String).meta({ description: 'Visible text or value of the option' }),
    })
    .superRefine(requireOneLocator),
  sideEffects: false,
  example: '- select: { label: Format, option: E-book }',
  describe: (a) => `choose "${a.option}" in ${describeLocator(a)}`,
  async run(ctx, a) {
    const field = locate(ctx.page, a, 'field');
    // Visible text first (what the customer reads), then the option's value.
    await field.selectOption({ label: a.option }, { timeout: ctx.timeoutMs }).catch(() =>
      field.selectOption({ value: a.option }, { timeout: ctx.timeoutMs }),
    );
  },
});
