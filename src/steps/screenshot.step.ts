import { z } from 'zod';
import { slug } from '../core/ids.js';
import { defineStep } from './define-step.js';

export default defineStep({
  name: 'screenshot',
  summary: 'Save a screenshot of the page as evidence in the report',
  args: z.strictObject({
    name: z.string().optional().meta({ description: 'Label for the screenshot' }),
    fullPage: z.boolean().default(true),
  }),
  shorthand: 'name',
  sideEffects: false,
  example: '- screenshot: order confirmation',
  describe: (a) => `screenshot${a.name ? ` "${a.name}"` : ''}`,
  async run(ctx, a) {
    const image = await ctx.screenshot({ fullPage: a.fullPage, timeout: ctx.timeoutMs });
    await ctx.attach(`${slug(ctx.redact(a.name ?? 'screenshot'))}.png`, image, 'image/png');
  },
});
