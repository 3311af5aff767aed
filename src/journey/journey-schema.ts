import { z } from 'zod';
import { duration } from '../steps/args.js';

/** Top-level keys of a journey file. Steps are validated one by one against the registry. */
export const journeyFileSchema = z.strictObject({
  name: z.string().min(1).optional().meta({ description: 'What the customer is trying to do, in their words' }),
  description: z.string().optional(),
  baseURL: z.string().optional().meta({ description: 'Site under test; relative URLs in steps resolve against it' }),
  mailboxes: z
    .array(z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'mailbox names start with a letter and hold letters, digits, _ and -'))
    .default([])
    .meta({ description: 'Names of the customer’s mailboxes; each gets a unique address per run' }),
  tags: z.array(z.string()).default([]),
  inputs: z
    .record(
      z.string(),
      z.strictObject({ description: z.string().optional(), default: z.union([z.string(), z.number(), z.boolean()]).optional() }).nullable(),
    )
    .optional()
    .meta({ description: 'For sub-journeys run with `use:`: the values the caller passes in `with:`' }),
  stepTimeout: duration.optional().meta({ description: 'Default time limit of each step (15s)' }),
  soft: z.boolean().optional().meta({ description: 'Checks (expectText, expectUrl, expectVisible) record a failure and the journey goes on, failing at the end (audits do so anyway unless a step says soft: false)' }),
  followChallenges: z.boolean().optional().meta({ description: 'Open “verify you are human” links a site sends, as a customer who wants to be heard would (changes the subscriber’s state on the site; default false)' }),
  steps: z.array(z.unknown()).min(1, 'a journey needs at least one step'),
});

export type JourneyFile = z.output<typeof journeyFileSchema>;

export const commonStepSchema = z.strictObject({
  name: z.string().min(1).optional().meta({ description: 'Title of the step in reports (default: a description of what it does)' }),
  timeout: duration.optional().meta({ description: 'Time limit of the step (default: the journey’s stepTimeout, 15s)' }),
  optional: z.boolean().optional().meta({ description: 'A failure is reported as a warning and the journey goes on' }),
  soft: z.boolean().optional().meta({ description: 'For steps that judge (checks and audits): true records a failure and goes on, failing the journey at the end; false stops the journey' }),
});

export const useSchema = z.union([
  z.string().min(1),
  z.strictObject({
    file: z.string().min(1),
    with: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
  }),
]);

export const DEFAULT_STEP_TIMEOUT_MS = 15_000;
