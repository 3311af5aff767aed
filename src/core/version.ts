import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** journey-audit's own version, from its package.json. */
export function toolVersion(): string {
  if (!cached) {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    cached = pkg.version;
  }
  return cached;
}
