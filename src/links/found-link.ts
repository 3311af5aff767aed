/** A link as found in a page, mail, PDF or text file, before it is checked. */
export interface FoundLink {
  /** Absolute URL as found (the raw text when it cannot be resolved), #fragment kept. */
  url: string;
  /** The link's visible text (or alt text), trimmed. */
  text: string;
  /** Page URL, file path or `mail:<id>` where the link was found. */
  parent: string;
  /** Where inside the parent: `line 12`, `PDF page 3`, `text/html part`, `line 4 (srcset)`. */
  where?: string;
  /** The element it came from: `a`, `img`, `script`, … */
  tag?: string;
  /** Listed for information (form actions), never fetched. */
  info?: boolean;
  /** From a List-Unsubscribe header: never fetched by a link check. */
  unsubscribe?: boolean;
}

/** Longest link text kept (visible text of a huge anchor is cut). */
export const MAX_LINK_TEXT = 200;

export function clipText(text: string): string {
  const collapsed = text.replace(/\s+/g, ' ').trim();
  return collapsed.length > MAX_LINK_TEXT ? `${collapsed.slice(0, MAX_LINK_TEXT - 1)}…` : collapsed;
}

/**
 * Resolves `href` against `base` the way a browser does (surrounding whitespace dropped,
 * tabs and newlines removed); returns the raw text when it cannot be resolved, so the
 * checker can report it as `invalid-url`.
 */
export function resolveUrl(href: string, base: string | undefined): string {
  const cleaned = href.trim().replace(/[\t\n\r]/g, '');
  try {
    return new URL(cleaned, base || undefined).href;
  } catch {
    return cleaned;
  }
}

/** 1-based line numbers of character offsets in a text given piece by piece (`write`). */
export function lineCounter(): { write(text: string): void; lineOf(offset: number): number } {
  const starts: number[] = [0];
  let length = 0;
  return {
    write(text) {
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(length + i + 1);
      length += text.length;
    },
    lineOf(offset) {
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid] <= offset) lo = mid;
        else hi = mid - 1;
      }
      return lo + 1;
    },
  };
}
