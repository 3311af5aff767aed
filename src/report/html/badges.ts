import { esc } from './escape.js';

/** Status words with a symbol, so status never rests on colour alone. */
const LABELS: Record<string, string> = {
  passed: '✓ Passed',
  failed: '✗ Failed',
  flaky: '~ Flaky',
  skipped: '– Skipped',
  'not-run': '○ Not run',
  ok: '✓ OK',
  broken: '✗ Broken',
  blocked: '■ Blocked',
  'not-offered': '– Not offered',
  inconclusive: '? Inconclusive',
  open: '… Open',
  error: '✗ Error',
  warning: '! Warning',
  info: 'i Info',
};

export function badge(status: string): string {
  return `<span class="badge s-${esc(status)}">${esc(LABELS[status] ?? status)}</span>`;
}
