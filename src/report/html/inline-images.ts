import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Attachment, Report } from '../../model/report.js';
import { evidenceHref } from './escape.js';

/**
 * Screenshots a single-file report carries inside itself as data: URIs. A budget keeps
 * the file small enough to e-mail (mail systems refuse attachments over 20–25 MB, and an
 * attachment grows by a third on the way); screenshots of failed steps go in first.
 */
export interface InlineImages {
  /** Evidence path → data: URI. */
  uris: ReadonlyMap<string, string>;
  /** Screenshots the report lists. */
  total: number;
  /** Paths left out because of the budget (or unreadable). */
  left: string[];
  budgetBytes: number;
}

/** Bytes of base64 the screenshots of one single-file report may take. */
export const SINGLE_FILE_IMAGE_BUDGET = 8 * 1024 * 1024;

const IMAGE_TYPES = /^image\/(png|jpeg|gif|webp)$/;

export function inlineImages(runDir: string, report: Report, budgetBytes = SINGLE_FILE_IMAGE_BUDGET): InlineImages {
  const failedFirst: Attachment[] = [];
  const others: Attachment[] = [];
  for (const j of report.journeys) {
    for (const s of j.steps) for (const a of s.attachments) (s.status === 'failed' ? failedFirst : others).push(a);
    others.push(...j.attachments);
  }
  const images = [...failedFirst, ...others].filter((a, i, all) => IMAGE_TYPES.test(a.contentType) && all.findIndex((b) => b.path === a.path) === i);
  const uris = new Map<string, string>();
  const left: string[] = [];
  let used = 0;
  for (const a of images) {
    const uri = dataUri(runDir, a, budgetBytes - used);
    if (uri) {
      uris.set(a.path, uri);
      used += uri.length;
    } else left.push(a.path);
  }
  return { uris, total: images.length, left, budgetBytes };
}

function dataUri(runDir: string, a: Attachment, room: number): string | undefined {
  // Only files inside the report folder (the same rule as the page's links).
  if (evidenceHref(a.path) === '#') return undefined;
  const path = join(runDir, a.path);
  try {
    if (Math.ceil(statSync(path).size / 3) * 4 + 40 > room) return undefined;
    return `data:${a.contentType};base64,${readFileSync(path).toString('base64')}`;
  } catch {
    return undefined;
  }
}
