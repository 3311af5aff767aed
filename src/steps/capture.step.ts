import { z } from 'zod';
import { captureName, describeLocator, locatorFields, requireOneLocator } from './args.js';
import { defineStep } from './define-step.js';
import { locate } from './locate.js';
import { fail } from './step-failure.js';

export default defineStep({
  name: 'capture',
  summary: 'Remember a text or attribute of the page (an order number, a link) as ${{ captures.NAME }}',
  args: z
    .strictObject({
      ...locatorFields,
      as: captureName,
      attribute: z.string().optional().meta({ description: 'Read this attribute (e.g. href) instead of the text' }),
      match: z.string().optional().meta({ description: 'Regular expression; the first group (or whole match) is kept' }),
    })
    .superRefine(requireOneLocator),
  definesCapture: 'as',
  sideEffects: false,
  example: '- capture: { css: .order-number, as: order }',
  describe: (a) => `remember ${describeLocator(a)} as ${a.as}`,
  async run(ctx, a) {
    const element = locate(ctx.page, a);
    const raw = a.attribute
      ? await element.getAttribute(a.attribute, { timeout: ctx.timeoutMs })
      : await element.innerText({ timeout: ctx.timeoutMs });
    let value = (raw ?? '').trim();
    if (a.match) {
      const found = new RegExp(a.match).exec(value);
      if (!found) fail('TEXT_NOT_FOUND', `The text of ${describeLocator(a)} did not match ${a.match}.`);
      value = found[1] ?? found[0];
    }
    ctx.captures.set(a.as, value);
  },
});
