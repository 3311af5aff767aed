import type { z } from 'zod';
import type { StepContext } from './step-context.js';

/**
 * One step kind. The registry derives the journey schema, the JSON Schema, the docs page
 * and the did-you-mean list from these definitions.
 */
export interface StepDefinition<Args extends z.ZodType = z.ZodType> {
  name: string;
  /** One line for the docs and editor hover. */
  summary: string;
  args: Args;
  /** Argument that a plain scalar stands for: `- click: Subscribe` is `{ text: Subscribe }`. */
  shorthand?: string;
  /** Steps with side effects (sending, buying) are never retried on their own. */
  sideEffects: boolean;
  /**
   * The step judges a promise rather than drives the journey, so the journey can go on
   * after it fails (like Playwright's expect.soft) and fail at the end. `audit` steps go on
   * unless told `soft: false`; `assertion` steps only with `soft: true` (on the step or the
   * journey). Steps without it drive: later steps depend on them, and a failure stops the journey.
   */
  judges?: 'audit' | 'assertion';
  /** The step judges the HTTP status of the page it opens itself (`expectStatus`). */
  judgesStatus?: boolean;
  /** Argument names that hold mailbox names, checked against `mailboxes:` when loading. */
  mailboxArgs?: string[];
  /** Argument names that read a capture made by an earlier step. */
  captureArgs?: string[];
  /** Argument name under which the step stores a capture. */
  definesCapture?: string;
  /**
   * For a step that watches over days: the mailbox and observation name a later run resumes at
   * this step, when its (uninterpolated) arguments make it watch across runs.
   */
  resumesAcrossRuns?(rawArgs: unknown): { mailbox: string; observe?: string } | undefined;
  /** Time the step needs by its nature (a wait window), added to its timeout. */
  budgetMs?(args: z.output<Args>): number;
  /** A YAML example for the docs. */
  example: string;
  describe(args: z.output<Args>): string;
  run(ctx: StepContext, args: z.output<Args>): Promise<void>;
}

export function defineStep<Args extends z.ZodType>(definition: StepDefinition<Args>): StepDefinition<Args> {
  return definition;
}
