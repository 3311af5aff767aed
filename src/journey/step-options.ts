/**
 * The step options every step takes beside its own arguments (`name`, `timeout`,
 * `optional`, `soft`; `COMMON_STEP_KEYS`), written beside the step or inside its mapping,
 * and what they resolve to. Pure: the loader reports the problems.
 */
import type { z } from 'zod';
import { didYouMean } from '../core/did-you-mean.js';
import { DiagnosticCode } from '../model/diagnostic.js';
import type { StepDefinition } from '../steps/define-step.js';
import { COMMON_STEP_KEYS } from '../steps/registry.js';
import type { commonStepSchema } from './journey-schema.js';
import type { Problem } from './zod-issues.js';

export type StepOptions = z.output<typeof commonStepSchema>;

const STEP_OPTIONS: ReadonlySet<string> = new Set(COMMON_STEP_KEYS);
const isStepOption = (key: string) => STEP_OPTIONS.has(key);
/** The argument names of each step's schema, read once. */
const argumentNames = new WeakMap<object, string[]>();

/** The step options written beside the step (`- click: X` and `name: …` in the same item). */
export function optionsBeside(step: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(step).filter(([k]) => isStepOption(k)));
}

/** The step options written inside a step's mapping, where the step has no argument of that name. */
export function optionsInside(schema: unknown, args: Record<string, unknown>): Record<string, unknown> {
  // A schema with a default (`expectNotSoft404`) wraps the object that has the keys.
  const inner = schema && typeof schema === 'object' && !('shape' in schema) && 'unwrap' in schema ? (schema as { unwrap(): unknown }).unwrap() : schema;
  if (!inner || typeof inner !== 'object' || !('shape' in inner)) return {};
  let own = argumentNames.get(inner);
  if (!own) argumentNames.set(inner, (own = Object.keys((inner as { shape: object }).shape)));
  return Object.fromEntries(Object.entries(args).filter(([k]) => isStepOption(k) && !own.includes(k)));
}

/** An unknown argument may be a misspelt step option (`timout:`): say so. */
export function withStepOptionSuggestion(problem: Problem): Problem {
  if (problem.code !== DiagnosticCode.unknownArgument || problem.path.length !== 1 || problem.suggestion) return problem;
  const suggestion = didYouMean(String(problem.path[0]), COMMON_STEP_KEYS);
  return suggestion ? { ...problem, suggestion, expected: `${problem.expected ? `${problem.expected}, or ` : ''}a step option: ${COMMON_STEP_KEYS.join(', ')}` } : problem;
}

/**
 * Whether a failure of the step lets the journey go on: audits do unless told `soft: false`,
 * assertions only when told `soft: true` (on the step, or by the journey's `soft:`), steps
 * that drive the journey never.
 */
export function isSoftStep(judges: StepDefinition['judges'], asked: boolean | undefined, journeySoft: boolean): boolean {
  if (judges === 'audit') return asked !== false;
  if (judges === 'assertion') return asked ?? journeySoft;
  return false;
}
