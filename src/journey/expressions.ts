import { didYouMean } from '../core/did-you-mean.js';

/**
 * `${{ namespace.name }}` expressions inside journey strings. The grammar is small on
 * purpose: no operators, no function calls.
 */
export const EXPRESSION = /\$\{\{\s*([^}]*?)\s*\}\}/g;

export const NAMESPACES = ['env', 'secrets', 'mailbox', 'captures', 'inputs', 'sink', 'run'] as const;
export type Namespace = (typeof NAMESPACES)[number];

export interface Expression {
  namespace: Namespace;
  /** The segments after the namespace: `mailbox.reader.address` → ['reader', 'address']. */
  path: string[];
  text: string;
  /** Offset of `${{` in the string. */
  index: number;
}

export interface ExpressionProblem {
  message: string;
  expected?: string;
  suggestion?: string;
  index: number;
  text: string;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const SINK_FIELDS = ['host', 'port', 'url'];
const RUN_FIELDS = ['id'];

export function parseExpressions(value: string): { expressions: Expression[]; problems: ExpressionProblem[] } {
  const expressions: Expression[] = [];
  const problems: ExpressionProblem[] = [];
  // Most strings hold no expression at all: nothing to look for.
  if (!value.includes('${{')) return { expressions, problems };
  for (const match of value.matchAll(EXPRESSION)) {
    const text = match[0];
    const index = match.index ?? 0;
    const [head, ...path] = match[1].split('.');
    if (!(NAMESPACES as readonly string[]).includes(head)) {
      problems.push({ message: `unknown expression namespace "${head}" in ${text}`, expected: NAMESPACES.map((n) => `${n}.…`).join(', '), suggestion: didYouMean(head, NAMESPACES), index, text });
      continue;
    }
    const namespace = head as Namespace;
    const shapeProblem = checkShape(namespace, path);
    if (shapeProblem) problems.push({ ...shapeProblem, index, text });
    else expressions.push({ namespace, path, text, index });
  }
  const unclosed = unclosedIndex(value);
  if (unclosed !== -1) problems.push({ message: 'unclosed ${{ expression', expected: '${{ namespace.name }}', index: unclosed, text: '${{' });
  return { expressions, problems };
}

/** Offset of the first `${{` that no `}}` closes, or -1. */
function unclosedIndex(value: string): number {
  let from = 0;
  for (const match of value.matchAll(EXPRESSION)) {
    const before = value.slice(from, match.index).indexOf('${{');
    if (before !== -1) return from + before;
    from = (match.index ?? 0) + match[0].length;
  }
  return value.indexOf('${{', from);
}

function checkShape(namespace: Namespace, path: string[]): Omit<ExpressionProblem, 'index' | 'text'> | undefined {
  if (path.length === 0 || !path.every((p) => NAME.test(p))) {
    return { message: `${namespace} needs a name, as in \${{ ${namespace}.NAME }}`, expected: `${namespace}.NAME` };
  }
  switch (namespace) {
    case 'mailbox':
      return path.length === 2 && path[1] === 'address' ? undefined : { message: `use \${{ mailbox.${path[0]}.address }}`, expected: 'mailbox.NAME.address', suggestion: path.length === 2 ? didYouMean(path[1], ['address']) : undefined };
    case 'sink':
      return path.length === 1 && SINK_FIELDS.includes(path[0]) ? undefined : { message: `unknown sink field "${path.join('.')}"`, expected: SINK_FIELDS.map((f) => `sink.${f}`).join(', '), suggestion: didYouMean(path[0], SINK_FIELDS) };
    case 'run':
      return path.length === 1 && RUN_FIELDS.includes(path[0]) ? undefined : { message: `unknown run field "${path.join('.')}"`, expected: 'run.id' };
    case 'captures':
      return path.length <= 2 ? undefined : { message: 'captures take one field at most, as in ${{ captures.mail.subject }}', expected: 'captures.NAME or captures.NAME.FIELD' };
    default:
      return path.length === 1 ? undefined : { message: `${namespace} takes one name, as in \${{ ${namespace}.NAME }}`, expected: `${namespace}.NAME` };
  }
}

/** Every string inside a JSON-like value, with the path to it. */
export function* stringsIn(value: unknown, path: PropertyKey[] = []): Generator<{ value: string; path: PropertyKey[] }> {
  if (typeof value === 'string') yield { value, path };
  else if (Array.isArray(value)) for (let i = 0; i < value.length; i++) yield* stringsIn(value[i], [...path, i]);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) yield* stringsIn(v, [...path, k]);
}
