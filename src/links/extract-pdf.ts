import { clipText, resolveUrl, type FoundLink } from './found-link.js';
import { extractTextLinks } from './extract-text.js';
import { withDeadline } from '../core/deadline.js';

export interface PdfLimits {
  /** Larger files are refused unread. */
  maxBytes: number;
  /** Reading stops with an error after this long. */
  timeoutMs: number;
  /** Pages after this many are not read. */
  maxPages: number;
}

export const DEFAULT_PDF_LIMITS: PdfLimits = { maxBytes: 50 * 1024 * 1024, timeoutMs: 20_000, maxPages: 2_000 };

/** A document that could not be read for links (not a PDF, damaged, too large, too slow). */
export class LinkExtractionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LinkExtractionError';
  }
}

/**
 * Links of a PDF as a reader meets them: link annotations (what a click opens) and URLs
 * printed in the text (what a reader of the paper copy types), with their page.
 * Throws LinkExtractionError, within the time limit, for anything it cannot read.
 */
export async function extractPdfLinks(bytes: Uint8Array, parent: string, limits: Partial<PdfLimits> = {}): Promise<FoundLink[]> {
  const { maxBytes, timeoutMs, maxPages } = { ...DEFAULT_PDF_LIMITS, ...limits };
  if (bytes.byteLength > maxBytes) throw new LinkExtractionError(`PDF is ${(bytes.byteLength / 1024 / 1024).toFixed(1)} MB; at most ${maxBytes / 1024 / 1024} MB are read`);
  if (!looksLikePdf(bytes)) throw new LinkExtractionError('not a PDF (no %PDF- header)');

  const pdfjs = await import('unpdf/pdfjs');
  // pdf.js takes ownership of (and may detach) the buffer it is given: hand it a copy.
  const task = pdfjs.getDocument({ data: new Uint8Array(bytes), disableFontFace: true, useSystemFonts: false, stopAtErrors: false, verbosity: 0 });
  try {
    return await withDeadline(readLinks(task, parent, maxPages), timeoutMs, () => new LinkExtractionError(`PDF not read within ${Math.round(timeoutMs / 1000)}s`));
  } catch (error) {
    if (error instanceof LinkExtractionError) throw error;
    throw new LinkExtractionError(`damaged PDF: ${(error as Error)?.message ?? String(error)}`);
  } finally {
    await task.destroy().catch(() => undefined);
  }
}

type LoadingTask = ReturnType<(typeof import('unpdf/pdfjs'))['getDocument']>;

async function readLinks(task: LoadingTask, parent: string, maxPages: number): Promise<FoundLink[]> {
  const doc = await task.promise;
  const links: FoundLink[] = [];
  const pages = Math.min(doc.numPages, maxPages);
  for (let number = 1; number <= pages; number++) {
    const page = await doc.getPage(number);
    const where = `PDF page ${number}`;
    const text = await pageText(page);
    const annotated = new Set<string>();
    for (const annotation of await page.getAnnotations()) {
      const target = annotation.subtype === 'Link' ? (annotation.url ?? annotation.unsafeUrl) : undefined;
      if (typeof target !== 'string' || !target) continue;
      const url = resolveUrl(target, undefined);
      annotated.add(url);
      links.push({ url, text: clipText(annotationText(annotation, text) ?? ''), parent, where, tag: 'pdf link' });
    }
    for (const link of extractTextLinks(text, parent)) {
      // A printed URL that is also the target of a link annotation on the page is the same promise.
      if (annotated.has(link.url)) continue;
      links.push({ ...link, where, tag: 'pdf text' });
    }
    page.cleanup();
  }
  return links;
}

async function pageText(page: { getTextContent(): Promise<{ items: unknown[] }> }): Promise<string> {
  const content = await page.getTextContent();
  let text = '';
  for (const item of content.items as { str?: string; hasEOL?: boolean }[]) {
    if (typeof item.str !== 'string') continue;
    text += item.str + (item.hasEOL ? '\n' : '');
  }
  return text;
}

/** The printed text under a link annotation is not positioned cheaply; a printed URL equal to the target is. */
function annotationText(annotation: { url?: string; unsafeUrl?: string }, text: string): string | undefined {
  const target = annotation.url ?? annotation.unsafeUrl;
  return target && text.includes(target) ? target : undefined;
}

function looksLikePdf(bytes: Uint8Array): boolean {
  // The header may follow up to 1 KB of junk (PDF readers accept it).
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1024)).toString('latin1');
  return head.includes('%PDF-');
}
