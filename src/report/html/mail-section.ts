import type { MailRecord } from '../../model/report.js';
import { mailId, type HtmlContext } from './context.js';
import { esc, evidenceHref, jsonBlock, safeExternalUrl } from './escape.js';

/**
 * Received mail, rendered safely: headers and links as text, the body only on request in
 * a sandboxed iframe (no scripts, no forms, no navigation), remote images blocked until
 * the reader asks for them. The body travels as JSON data, never as markup.
 */
export function mailList(mails: MailRecord[], context: HtmlContext, idPrefix: string): string {
  return mails.map((m, i) => mailItem(m, context, mailId(idPrefix, i))).join('\n');
}

function mailItem(m: MailRecord, context: HtmlContext, id: string): string {
  const content = context.mails.get(m.path);
  const raw = `<a href="${esc(evidenceHref(m.path))}" download>Download the raw email (.eml)</a>`;
  const links = content?.links.length
    ? `<details><summary>Links in this email (${content.links.length})</summary><ul>${content.links
        .map((l) => {
          const url = safeExternalUrl(l.href);
          const target = url ? `<a href="${esc(url)}" rel="noopener noreferrer">${esc(l.href)}</a>` : `<code>${esc(l.href)}</code> <span class="notice">(not a web address; not clickable)</span>`;
          return `<li>${esc(l.text || '(no text)')} → ${target}</li>`;
        })
        .join('')}</ul></details>`
    : '';
  const headers = content ? `<details><summary>Headers (${content.headers.length})</summary><pre>${esc(content.headers.map((h) => h.line).join('\n'))}</pre></details>` : '';
  const preview = content
    ? `${jsonBlock(`${id}-body`, { html: content.html ?? null, text: content.text })}
<div class="mail-actions"><button type="button" class="show-mail" data-mail="${id}" aria-expanded="false" aria-controls="${id}-frame-box">Show the email</button>
<button type="button" class="show-remote" data-mail="${id}" hidden>Show remote content</button>
<span class="notice" id="${id}-notice" hidden>Remote images are blocked (they would tell the sender the mail was opened).</span></div>
<div id="${id}-frame-box"></div>${content.truncated ? '<p class="notice">The email is long; the preview shows its beginning. The raw email is complete.</p>' : ''}`
    : '<p class="meta">The raw email could not be read for a preview.</p>';
  return `<article class="mail" id="${id}" aria-labelledby="${id}-subject">
<h4 id="${id}-subject">${esc(m.subject || '(no subject)')}</h4>
<p class="meta">From ${esc(m.from)} · to ${esc(m.to.join(', '))} · received ${esc(m.receivedAt)} · ${m.size} bytes · ${raw}</p>
${headers}${links}${preview}</article>`;
}
