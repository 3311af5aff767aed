import { randomBytes } from 'node:crypto';

/** A run id that sorts by time and reads well in a folder name: 2026-11-23T14-05-09-k3x9. */
export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().slice(0, 19).replace(/:/g, '-');
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}

export function shortId(bytes = 4): string {
  return randomBytes(bytes).toString('hex');
}

export function slug(text: string, max = 40): string {
  const s = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return s.slice(0, max).replace(/-+$/, '') || 'journey';
}
