import type { SideEffect } from '../../model/report.js';
import { SIDE_EFFECT_WORDS } from '../side-effect-words.js';
import { esc } from './escape.js';

/** Everything the audit did that may change the customer's state on the audited site. */
export function sideEffectsTable(effects: SideEffect[]): string {
  const rows = effects.map(
    (e) =>
      `<tr><td>${esc(e.at)}</td><td>${esc(SIDE_EFFECT_WORDS[e.kind] ?? e.kind)}</td><td><code>${esc([e.method, e.target].filter(Boolean).join(' '))}</code></td><td>${esc(e.address ?? '')}${e.mailbox ? ` <span class="meta">(${esc(e.mailbox)})</span>` : ''}</td><td>${esc(e.step ?? '')}</td></tr>`,
  );
  return `<div class="table-wrap"><table class="side-effects"><caption class="visually-hidden">What the audit did on the site's behalf</caption><thead><tr><th scope="col">When</th><th scope="col">What</th><th scope="col">Target</th><th scope="col">As</th><th scope="col">Step</th></tr></thead><tbody>${rows.join('\n')}</tbody></table></div>`;
}
