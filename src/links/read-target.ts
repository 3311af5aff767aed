import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { errorMessage, InvalidInputError } from '../core/errors.js';
import { extractHtmlLinks } from './extract-html.js';
import { extractMailLinks } from './extract-mail.js';
import { extractPdfLinks, LinkExtractionError } from './extract-pdf.js';
import { extractTextLinks } from './extract-text.js';
import type { FoundLink } from './found-link.js';

/** What the `links` command was pointed at: an address to fetch, or the links of a file. */
export type LinkTarget =
  | { kind: 'url'; url: string }
  /** `relativeWithoutBase`: an HTML file's relative links, which resolve to nothing checkable without `--base`. */
  | { kind: 'file'; file: string; links: FoundLink[]; relativeWithoutBase?: { count: number; example: string } };

const MAX_FILE_BYTES = 100 * 1024 * 1024;

/** Reads a URL or a file (.html, .eml, .pdf, .txt, .md; others by their first bytes). Bad input is an InvalidInputError. */
export async function readTarget(target: string, opts: { base?: string } = {}): Promise<LinkTarget> {
  if (/^[a-z][a-z\d+.-]*:\/\//i.test(target)) {
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      throw new InvalidInputError(`${target}: not a valid URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidInputError(`${target}: only http and https addresses can be checked`);
    return { kind: 'url', url: url.href };
  }
  let bytes: Buffer;
  try {
    const size = statSync(target).size;
    if (size > MAX_FILE_BYTES) throw new InvalidInputError(`${target}: file is ${Math.round(size / 1024 / 1024)} MB; at most ${MAX_FILE_BYTES / 1024 / 1024} MB are read`);
    bytes = readFileSync(target);
  } catch (error) {
    if (error instanceof InvalidInputError) throw error;
    const looksLikeHost = /^[\w-]+(\.[\w-]+)+(\/|$)/.test(target) && !/\.(html?|xhtml|eml|pdf|txt|md|markdown)$/i.test(target);
    const hint = looksLikeHost ? `Did you mean https://${target} ?` : undefined;
    throw new InvalidInputError(`${target}: cannot read file (${(error as NodeJS.ErrnoException).code ?? errorMessage(error)})`, hint);
  }
  const links = await linksOfFile(target, bytes, opts.base);
  return { kind: 'file', file: target, links, relativeWithoutBase: opts.base ? undefined : relativeLinks(target, links) };
}

/** Links of a file resolved against the file itself (file: URLs): they are relative links that needed a base. */
function relativeLinks(file: string, links: readonly FoundLink[]): { count: number; example: string } | undefined {
  const own = pathToFileURL(file).href;
  const folder = own.replace(/[^/]*$/, '');
  const relative = links.filter((l) => l.url.startsWith('file:') && !l.url.startsWith(`${own}#`) && l.url !== own);
  if (!relative.length) return undefined;
  const first = relative[0].url;
  return { count: relative.length, example: first.startsWith(folder) ? first.slice(folder.length) : new URL(first).pathname };
}

async function linksOfFile(file: string, bytes: Buffer, base: string | undefined): Promise<FoundLink[]> {
  const kind = kindOf(file, bytes);
  if (kind === 'pdf') {
    try {
      return await extractPdfLinks(new Uint8Array(bytes), file);
    } catch (error) {
      if (error instanceof LinkExtractionError) throw new InvalidInputError(`${file}: ${error.message}`);
      throw error;
    }
  }
  if (kind === 'eml') {
    const { parseMessage } = await import('../mail/parse.js');
    const id = basename(file);
    const mail = await parseMessage({ id, seq: 1, receivedAt: Date.now(), envelopeFrom: '', envelopeTo: [], from: '', to: [], subject: '', size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), path: file });
    return extractMailLinks(mail).map((link) => ({ ...link, parent: file }));
  }
  const text = bytes.toString('utf8');
  if (kind === 'html') return extractHtmlLinks(text, { baseUrl: base ?? pathToFileURL(file).href, parent: file });
  return extractTextLinks(text, file);
}

function kindOf(file: string, bytes: Buffer): 'pdf' | 'eml' | 'html' | 'text' {
  const ext = extname(file).toLowerCase();
  if (ext === '.pdf') return 'pdf';
  if (ext === '.eml') return 'eml';
  if (ext === '.html' || ext === '.htm' || ext === '.xhtml') return 'html';
  if (ext === '.txt' || ext === '.md' || ext === '.markdown') return 'text';
  const head = bytes.subarray(0, 2048).toString('latin1');
  if (head.includes('%PDF-')) return 'pdf';
  if (/^\s*(<!doctype html|<html|<head|<body)/i.test(head)) return 'html';
  if (/^(Received|Return-Path|From|Date|Message-ID|MIME-Version|Subject|To|Delivered-To):/im.test(head.split(/\r?\n\r?\n/)[0]) && /^[\w-]+:/.test(head)) return 'eml';
  return 'text';
}
