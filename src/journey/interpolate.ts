import { EXPRESSION } from './expressions.js';

/** Values that `${{ … }}` expressions resolve against while a journey runs. */
export interface InterpolationScope {
  env: Record<string, string | undefined>;
  secrets: Record<string, string | undefined>;
  mailbox: Record<string, string>;
  captures: (name: string, field?: string) => string | undefined;
  sink: { host: string; port: string; url: string } | undefined;
  run: { id: string };
}

export class MissingValueError extends Error {}

/** Own values only: `env.constructor` is not Object's constructor. */
function own(record: Record<string, string | undefined>, key: string): string | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Replaces every expression in every string of a JSON-like value. */
export function interpolate<T>(value: T, scope: InterpolationScope): T {
  const resolveOne = (expression: string): string => {
    const [namespace, name, field] = expression.split('.');
    let result: string | undefined;
    switch (namespace) {
      case 'env': result = own(scope.env, name); break;
      case 'secrets': result = own(scope.secrets, name); break;
      case 'mailbox': result = own(scope.mailbox, name); break;
      case 'captures': result = scope.captures(name, field); break;
      case 'sink': result = scope.sink?.[name as 'host' | 'port' | 'url']; break;
      case 'run': result = name === 'id' ? scope.run.id : undefined; break;
    }
    if (result === undefined) {
      const where = namespace === 'env' || namespace === 'secrets' ? ` (set the environment variable ${name}, or pass --env-file)` : '';
      throw new MissingValueError(`\${{ ${expression} }} has no value${where}`);
    }
    return result;
  };
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return v.includes('${{') ? v.replace(EXPRESSION, (_, expression: string) => resolveOne(expression.trim())) : v;
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}
