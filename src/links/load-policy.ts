import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { DURATION_EXAMPLES, parseDuration } from '../core/duration.js';
import { errorMessage, InvalidInputError } from '../core/errors.js';
import { regexError } from '../core/pattern.js';
import { nodeAt, spanOf } from '../core/yaml-nodes.js';
import type { LinkPolicy } from './policy.js';

const duration = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const ms = parseDuration(value);
  if (ms === undefined) ctx.addIssue({ code: 'custom', message: `expected a duration like ${DURATION_EXAMPLES}` });
  return ms ?? 0;
});
const count = z.number().int().min(1);
const pattern = z.string().min(1).superRefine((value, ctx) => {
  const problem = regexError(value);
  if (problem) ctx.addIssue({ code: 'custom', message: `invalid regular expression: ${problem}` });
});
const status = z.union([z.number().int().min(100).max(999), z.string().regex(/^\s*(\dxx|\d{3})\s*$/i, 'expected a status like 404 or a class like 4xx')]);

const policyFile = z.strictObject({
  brokenStatuses: z.array(status).optional(),
  exclude: z.array(pattern).optional(),
  include: z.array(pattern).optional(),
  requestTimeoutMs: duration.optional(),
  connectTimeoutMs: duration.optional(),
  linkTimeoutMs: duration.optional(),
  maxRedirects: z.number().int().min(0).max(100).optional(),
  concurrency: count.optional(),
  perHostConcurrency: count.optional(),
  perHostRatePerSecond: z.number().min(0).optional(),
  retryAfterMaxMs: duration.optional(),
  maxRetries: z.number().int().min(0).max(10).optional(),
  maxBodyBytes: z.number().int().min(1024).optional(),
  soft404: z.boolean().optional(),
  soft404Probe: z.boolean().optional(),
  render: z.boolean().optional(),
  checkFragments: z.boolean().optional(),
  userAgent: z.string().min(1).optional(),
});

/**
 * Reads a link policy from a YAML or JSON file. Every problem is reported as
 * `file:line:column: message`, all at once, as an InvalidInputError (exit 2).
 */
export function loadPolicyFile(file: string): Partial<LinkPolicy> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InvalidInputError(`--policy ${file}: cannot read file: ${errorMessage(error)}`);
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const { line, col } = lines.linePos(e.pos[0]);
    throw new InvalidInputError(`${file}:${line}:${col}: YAML syntax: ${e.message.split('\n')[0]}`);
  }
  const data: unknown = doc.toJS({ maxAliasCount: 50 }) ?? {};
  const parsed = policyFile.safeParse(data);
  if (parsed.success) return parsed.data as Partial<LinkPolicy>;
  const messages = parsed.error.issues.map((issue) => {
    const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]] : issue.path;
    const { line, column } = spanOf(nodeAt(doc.contents, path as PropertyKey[], { key: issue.code === 'unrecognized_keys' }), lines, text);
    const what = issue.code === 'unrecognized_keys' ? `unknown setting "${issue.keys.join('", "')}" (known: ${Object.keys(policyFile.shape).join(', ')})` : `"${path.join('.')}": ${issue.message}`;
    return `${file}:${line}:${column}: ${what}`;
  });
  throw new InvalidInputError(`invalid link policy\n${messages.join('\n')}`);
}
