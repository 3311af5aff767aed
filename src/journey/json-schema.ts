import { z } from 'zod';
import { COMMON_STEP_KEYS, stepRegistry, USE_KEY } from '../steps/registry.js';
import { commonStepSchema, journeyFileSchema, useSchema } from './journey-schema.js';

/** JSON Schema for journey files, derived from the step registry, for editor completion. */
export function journeyJsonSchema(): Record<string, unknown> {
  const common = commonStepSchema.shape;
  const stepSchemas = [...stepRegistry.values()].map((step) => {
    // name, timeout and optional may also be written inside the step's own mapping.
    const own = 'shape' in step.args ? Object.keys((step.args as z.ZodObject).shape) : undefined;
    const mapping = own ? (step.args as z.ZodObject).extend(Object.fromEntries(Object.entries(common).filter(([k]) => !own.includes(k)))) : step.args;
    const args = step.shorthand ? z.union([z.string(), z.number(), mapping]) : mapping;
    return z.strictObject({ [step.name]: args.meta({ description: step.summary }), ...common }).meta({ title: step.name, description: step.summary });
  });
  stepSchemas.push(z.strictObject({ [USE_KEY]: useSchema.meta({ description: 'Run the steps of a sub-journey file, with inputs' }), ...common }).meta({ title: USE_KEY }));
  const journey = journeyFileSchema.extend({ steps: z.array(z.union(stepSchemas as unknown as [z.ZodType, z.ZodType, ...z.ZodType[]])) });
  const schema = z.toJSONSchema(journey, { io: 'input', unrepresentable: 'any', target: 'draft-7' }) as Record<string, unknown>;
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://journey-audit.dev/schema/journey.schema.json',
    title: 'journey-audit journey',
    description: `A customer journey. Every step may also take ${COMMON_STEP_KEYS.join(', ')}.`,
    ...schema,
  };
}
