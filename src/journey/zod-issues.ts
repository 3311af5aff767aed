import type { z } from 'zod';
import { didYouMean } from '../core/did-you-mean.js';
import { DiagnosticCode } from '../model/diagnostic.js';

/** A zod issue translated into our words, still to be positioned in the YAML source. */
export interface Problem {
  code: DiagnosticCode;
  message: string;
  path: PropertyKey[];
  /** Point at the key (unknown argument) rather than the value. */
  atKey?: boolean;
  expected?: string;
  suggestion?: string;
}

type AnySchema = z.ZodType & { _zod: { def: Record<string, unknown> } };

/** Keys an object schema accepts at `path`, looking through optional/default/pipe wrappers. */
export function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let node: AnySchema | undefined = unwrap(schema as AnySchema);
  for (const segment of path) {
    const shape = node?._zod.def.shape as Record<string, AnySchema> | undefined;
    node = shape ? unwrap(shape[String(segment)]) : undefined;
  }
  const shape = node?._zod.def.shape as Record<string, unknown> | undefined;
  return shape ? Object.keys(shape) : [];
}

function unwrap(schema: AnySchema | undefined): AnySchema | undefined {
  let node = schema;
  for (let i = 0; node && i < 10; i++) {
    const def = node._zod.def;
    const inner = (def.innerType ?? (def.type === 'pipe' ? def.in : undefined)) as AnySchema | undefined;
    if (!inner) break;
    node = inner;
  }
  return node;
}

function describeValue(value: unknown): string {
  if (value === null) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the text "${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  return `${typeof value} ${String(value)}`;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined), data);
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping (key: value)',
  array: 'a list',
  record: 'a mapping (key: value)',
};

/**
 * @param what how to name the thing validated, e.g. `argument of waitForEmail`.
 */
export function problemsFromZod(error: z.ZodError, schema: z.ZodType, data: unknown, what: { subject: string; of?: string }): Problem[] {
  const problems: Problem[] = [];
  for (const issue of error.issues) {
    const path = issue.path as PropertyKey[];
    const name = path.length ? `"${path.join('.')}"` : what.of ? `the arguments of ${what.of}` : 'it';
    const of = what.of ? ` of ${what.of}` : '';
    switch (issue.code) {
      case 'unrecognized_keys': {
        const allowed = keysAt(schema, path);
        for (const key of issue.keys) {
          problems.push({
            code: DiagnosticCode.unknownArgument,
            message: `unknown ${what.subject} "${key}"${of}`,
            path: [...path, key],
            atKey: true,
            expected: allowed.length ? `one of ${allowed.join(', ')}` : undefined,
            suggestion: didYouMean(key, allowed),
          });
        }
        break;
      }
      case 'invalid_type': {
        const actual = valueAt(data, path);
        const expected = TYPE_WORDS[issue.expected] ?? issue.expected;
        if (actual === undefined) {
          problems.push({ code: DiagnosticCode.missingArgument, message: `missing required ${what.subject} ${name}${of}`, path, expected: `${name}: ${expected}` });
        } else {
          problems.push({ code: DiagnosticCode.wrongArgumentType, message: `${name} should be ${expected}, not ${describeValue(actual)}`, path, expected });
        }
        break;
      }
      case 'invalid_value': {
        const values = issue.values.map(String);
        const actual = valueAt(data, path);
        problems.push({
          code: DiagnosticCode.badValue,
          message: `${name} cannot be ${describeValue(actual)}`,
          path,
          expected: `one of ${values.join(', ')}`,
          suggestion: typeof actual === 'string' ? didYouMean(actual, values) : undefined,
        });
        break;
      }
      case 'invalid_union': {
        const choice = unionChoiceProblem(issue.errors, data, path);
        if (choice) {
          problems.push(choice);
          break;
        }
        // Report a union of types (text or a number) like a single type.
        const actual = valueAt(data, path);
        const typeErrors = issue.errors.map((branch) => branch.find((e) => e.code === 'invalid_type' && e.path.length === 0));
        const types = [...new Set(typeErrors.map((e) => (e?.code === 'invalid_type' ? (TYPE_WORDS[e.expected] ?? e.expected) : '')))];
        if (actual === undefined) {
          problems.push({ code: DiagnosticCode.missingArgument, message: `missing required ${what.subject} ${name}${of}`, path, expected: types.every(Boolean) ? `${name}: ${types.join(' or ')}` : undefined });
        } else if (types.every(Boolean)) {
          problems.push({ code: DiagnosticCode.wrongArgumentType, message: `${name} should be ${types.join(' or ')}, not ${describeValue(actual)}`, path, expected: types.join(' or ') });
        } else {
          problems.push({ code: DiagnosticCode.badValue, message: `${name}: ${issue.message.replace(/^Invalid input: /, '')}`, path });
        }
        break;
      }
      case 'too_small': {
        const empty = issue.origin === 'string' && Number(issue.minimum) === 1;
        problems.push({ code: DiagnosticCode.badValue, message: empty ? `${name} cannot be empty` : `${name}: ${issue.message.replace(/^Too small: /, '')}`, path });
        break;
      }
      case 'custom': {
        const params = (issue.params ?? {}) as { code?: DiagnosticCode; expected?: string };
        problems.push({ code: params.code ?? DiagnosticCode.badValue, message: path.length ? `${name}: ${issue.message}` : issue.message, path, expected: params.expected });
        break;
      }
      default:
        problems.push({ code: DiagnosticCode.badValue, message: `${name}: ${issue.message.replace(/^Invalid input: /, '')}`, path });
    }
  }
  return withoutFollowOns(problems);
}

/**
 * A misspelt key also leaves the key it was meant to be missing (`txt:` for `text:`):
 * report the spelling, with its did-you-mean, and not the missing key as well.
 */
function withoutFollowOns(problems: Problem[]): Problem[] {
  const typos = problems.filter((p) => p.code === DiagnosticCode.unknownArgument && p.suggestion);
  const same = (a: readonly PropertyKey[], b: readonly PropertyKey[]) => a.length === b.length && a.every((x, i) => String(x) === String(b[i]));
  const causedByTypo = (p: Problem) =>
    typos.some((typo) => {
      const parent = typo.path.slice(0, -1);
      if (same(p.path, [...parent, typo.suggestion!])) return true;
      // A rule about the whole mapping ("give text or url") that names the misspelt key.
      return same(p.path, parent) && (p.expected ?? '').split(/[^A-Za-z0-9_]+/).includes(typo.suggestion!);
    });
  return problems.filter((p) => p.code !== DiagnosticCode.missingArgument || !causedByTypo(p));
}

/**
 * A union of a choice and a list of choices (`via: all` or `via: [one-click, mailto]`) with
 * a value that is none of them: say which value, and list the allowed ones.
 */
function unionChoiceProblem(branches: z.core.$ZodIssue[][], data: unknown, path: PropertyKey[]): Problem | undefined {
  const actual = valueAt(data, path);
  const issues = branches.flat().filter((e): e is z.core.$ZodIssueInvalidValue => e.code === 'invalid_value' && (Array.isArray(actual) ? e.path.length > 0 : e.path.length === 0));
  if (!issues.length) return undefined;
  const values = [...new Set(issues.flatMap((e) => e.values.map(String)))];
  const at = [...path, ...issues[0].path];
  const bad = valueAt(data, at);
  const listAllowed = !Array.isArray(actual) && branches.flat().some((e) => e.code === 'invalid_type' && e.expected === 'array' && e.path.length === 0);
  const name = `"${at.map(String).join('.')}"`;
  return {
    code: DiagnosticCode.badValue,
    message: `${name} cannot be ${describeValue(bad)}`,
    path: at,
    expected: `one of ${values.join(', ')}${listAllowed ? ' (or a list of them)' : ''}`,
    suggestion: typeof bad === 'string' ? didYouMean(bad, values) : undefined,
  };
}
