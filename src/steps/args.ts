import { z } from 'zod';
import { parseWindow, WINDOW_EXAMPLES, type Window } from '../core/business-days.js';
import { DURATION_EXAMPLES, parseDuration } from '../core/duration.js';
import { readHostPort } from '../core/host-port.js';
import { regexError, toPattern } from '../core/pattern.js';
import { DiagnosticCode } from '../model/diagnostic.js';

/** Shared argument types for step definitions. Each carries its own error code and wording. */

export const duration = z
  .union([z.string(), z.number()]) // a number is milliseconds
  .superRefine((value, ctx) => {
    if (parseDuration(value) === undefined) {
      // Time limits are known when the journey loads: ${{ }} expressions are not read here.
      const expression = String(value).includes('${{');
      ctx.addIssue({
        code: 'custom',
        message: expression ? `a duration is fixed when the journey loads and cannot come from ${value}` : typeof value === 'number' ? `${value} is not a duration` : `"${value}" is not a duration`,
        params: { code: DiagnosticCode.badDuration, expected: `a duration such as ${DURATION_EXAMPLES}` },
      });
    }
  })
  .transform((value) => parseDuration(value) ?? 0)
  .meta({ description: `A duration such as ${DURATION_EXAMPLES}` });

/**
 * An observation window: a duration ("30s", watched within the run) or days ("2 days",
 * "10 business days", watched across runs). A number is milliseconds.
 */
export const window = z
  .union([z.string(), z.number()])
  .superRefine((value, ctx) => {
    if (readWindow(value) === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `${JSON.stringify(value)} is not a window`,
        params: { code: DiagnosticCode.badDuration, expected: `a window such as ${WINDOW_EXAMPLES}` },
      });
    }
  })
  .transform((value) => ({ text: String(value), window: readWindow(value)! }))
  .meta({ description: `A duration such as 30s, or days across runs: ${WINDOW_EXAMPLES}` });

function readWindow(value: string | number): Window | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? { kind: 'ms', ms: value } : undefined;
  return parseWindow(value);
}

/** An SMTP relay as `host:port`, checked when the journey loads. */
export const relayAddress = z
  .string()
  .superRefine((value, ctx) => {
    const reading = value.includes('${{') ? undefined : readHostPort(value);
    if (reading && !reading.ok) {
      ctx.addIssue({ code: 'custom', message: `"${value}" is not host:port: ${reading.problem}`, params: { code: DiagnosticCode.badValue, expected: 'host:port, e.g. smtp.example.test:25' } });
    }
  })
  .meta({ description: 'SMTP relay host:port (default: --smtp-relay)' });

/** Text to match: a case-insensitive substring, or a regular expression written as /…/flags. */
export const pattern = z
  .string()
  .superRefine((value, ctx) => {
    const problem = regexError(value);
    if (problem) {
      ctx.addIssue({
        code: 'custom',
        message: `invalid regular expression ${value}: ${problem}`,
        params: { code: DiagnosticCode.badRegex, expected: 'a valid regular expression such as /confirm/i' },
      });
    }
  })
  .transform(toPattern)
  .meta({ description: 'Text (case-insensitive substring) or /regular expression/flags' });

/**
 * Text that finds an element: kept as written (for titles), checked like `pattern` when
 * the journey loads; `locate` reads `/…/flags` as a regular expression.
 */
const locatorText = z.string().superRefine((value, ctx) => {
  const problem = regexError(value);
  if (problem) ctx.addIssue({ code: 'custom', message: `invalid regular expression ${value}: ${problem}`, params: { code: DiagnosticCode.badRegex, expected: 'a valid regular expression such as /confirm/i' } });
});

/** The name of one of the journey's `mailboxes`. Checked against the list when loading. */
export const mailboxName = z.string().min(1).meta({ description: 'Name of a mailbox declared under `mailboxes:`' });

/** A name under which a step stores what it found, for later `${{ captures.NAME }}`. */
export const captureName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, 'capture names start with a letter and hold letters, digits, _ and -')
  .meta({ description: 'Name to store the result under, for ${{ captures.NAME }}' });

/**
 * How a step finds an element, as a person would: by the text they see, the label of a
 * field, an ARIA role and name, a test id, or (last resort) a CSS selector.
 */
export const locatorFields = {
  text: locatorText.optional().meta({ description: 'Visible text (buttons and links first), or /regular expression/flags' }),
  label: locatorText.optional().meta({ description: 'Label of a form field, or /regular expression/flags' }),
  placeholder: locatorText.optional(),
  role: z.string().optional().meta({ description: 'ARIA role, e.g. button, link, heading' }),
  name: locatorText.optional().meta({ description: 'Accessible name, with role; /regular expression/flags as everywhere' }),
  testId: z.string().optional().meta({ description: 'data-testid attribute' }),
  css: z.string().optional().meta({ description: 'CSS selector' }),
  exact: z.boolean().optional().meta({ description: 'Match text exactly (default: substring, case-insensitive)' }),
  nth: z.number().int().min(0).optional().meta({ description: '0-based index when several elements match' }),
};

export const LOCATOR_KEYS = ['text', 'label', 'placeholder', 'role', 'testId', 'css'] as const;

export type LocatorArgs = { [K in keyof typeof locatorFields]?: z.output<(typeof locatorFields)[K]> };

/** Adds the "say how to find the element, exactly once" rule to an object with locator fields. */
export function requireOneLocator(value: LocatorArgs, ctx: z.RefinementCtx): void {
  const given = LOCATOR_KEYS.filter((key) => value[key] !== undefined);
  if (given.length === 1) return;
  ctx.addIssue({
    code: 'custom',
    message: given.length === 0 ? 'no element given' : `give one way to find the element, not ${given.join(' and ')}`,
    params: { code: given.length === 0 ? DiagnosticCode.missingArgument : DiagnosticCode.badValue, expected: `one of ${LOCATOR_KEYS.join(', ')}` },
  });
}

export function describeLocator(value: LocatorArgs): string {
  if (value.role) return value.name ? `${value.role} "${value.name}"` : `${value.role}`;
  if (value.label) return `field "${value.label}"`;
  if (value.placeholder) return `field with placeholder "${value.placeholder}"`;
  if (value.testId) return `test id "${value.testId}"`;
  if (value.css) return `"${value.css}"`;
  return `"${value.text ?? ''}"`;
}

export function hasLocator(value: LocatorArgs): boolean {
  return LOCATOR_KEYS.some((key) => value[key] !== undefined);
}
