/**
 * A copy of `text` that does not keep a larger string alive. V8 makes a substring of 13
 * characters or more a view into its parent: an id or link text taken from a page (which
 * the HTML parser hands out as such views) would keep the whole page source in memory for
 * as long as the id is kept. Shorter strings are copies already.
 */
export function ownCopy(text: string): string {
  return text.length < 13 ? text : Buffer.from(text, 'utf8').toString('utf8');
}
