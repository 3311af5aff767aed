import { relative } from 'node:path';
import type { InlineImages } from './inline-images.js';
import type { MailContents } from './mail-content.js';

/** What every section needs besides the report. */
export interface HtmlContext {
  /** Journey file paths are shown relative to this folder. */
  cwd: string;
  mails: MailContents;
  /** Element id of each mail's preview, by MailRecord.path (findings link their evidence there). */
  mailAnchors: ReadonlyMap<string, string>;
  /** Set for the single-file report: screenshots carried inside the page. */
  images?: InlineImages;
}

export function displayFile(context: HtmlContext, file: string): string {
  if (!file) return '';
  const rel = relative(context.cwd, file);
  return rel && !rel.startsWith('..') ? rel : file;
}

export function journeyId(index: number): string {
  return `journey-${index + 1}`;
}

/** Id of a mail's article: `<owner>-mail-<n>`, owner being a journey id or `stray`. */
export function mailId(owner: string, index: number): string {
  return `${owner}-mail-${index + 1}`;
}
