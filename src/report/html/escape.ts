/**
 * Escaping for report.html. Everything in a report may be hostile (mail subjects, link
 * texts, page errors): every value goes through one of these before it meets markup.
 */
export function esc(text: unknown): string {
  return String(text ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** JSON for a `<script type="application/json">` block: cannot close the element or break out. */
export function jsonBlock(id: string, value: unknown): string {
  const json = JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return `<script type="application/json" id="${esc(id)}">${json}</script>`;
}

/**
 * A relative evidence path as an href: no scheme (javascript:, http:) and no escape
 * from the report folder. Anything else becomes `#`.
 */
export function evidenceHref(path: string): string {
  if (!path || /^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith('/') || path.startsWith('\\') || path.split(/[\\/]/).includes('..')) return '#';
  return path.split('/').map(encodeURIComponent).join('/');
}

/** An http(s)/mailto URL that may become a link; anything else (javascript:, data:) is shown as text only. */
export function safeExternalUrl(url: string): string | undefined {
  return /^(https?:|mailto:)/i.test(url.trim()) ? url.trim() : undefined;
}

