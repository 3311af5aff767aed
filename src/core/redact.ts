export const MASK = '••••••';

/**
 * Replaces every occurrence of the registered secret values. Used on every string that
 * leaves the process: step titles, errors, report files, console lines.
 */
export class Redactor {
  private readonly secrets = new Set<string>();

  add(value: string | undefined): void {
    // Values this short would mask ordinary text everywhere; we still never print them ourselves.
    if (value && value.length >= 3) this.secrets.add(value);
  }

  redact(text: string): string {
    let result = text;
    for (const secret of this.secrets) {
      result = result.split(secret).join(MASK);
      const encoded = encodeURIComponent(secret);
      if (encoded !== secret) result = result.split(encoded).join(MASK);
    }
    return result;
  }

  /** Deep copy of a JSON-like value with every string (keys included) redacted. */
  redactDeep<T>(value: T): T {
    if (this.secrets.size === 0) return value;
    const walk = (v: unknown): unknown => {
      if (typeof v === 'string') return this.redact(v);
      if (Array.isArray(v)) return v.map(walk);
      if (v && typeof v === 'object') {
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [this.redact(k), walk(x)]));
      }
      return v;
    };
    return walk(value) as T;
  }
}
