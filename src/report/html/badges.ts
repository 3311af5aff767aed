import type { JourneyResult } from '../../model/report.js';
import { passedWithWarnings } from '../summary.js';
import { esc } from './escape.js';

/** Status words with a symbol, so status never rests on colour alone. */
const LABELS: Record<string, string> = {
  passed: '✓ Passed',
  failed: '✗ Failed',
  flaky: '~ Flaky',
  skipped: '– Skipped',
  'passed-with-warnings': '✓ Passed with warnings',
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

/** A journey's badge: its outcome, and "with warnings" when it passed holding some. */
export function journeyBadge(j: Pick<JourneyResult, 'status' | 'findings'>): string {
  return badge(passedWithWarnings(j) ? 'passed-with-warnings' : j.status);
}

export function badge(status: string): string {
  return `<span class="badge s-${esc(status)}">${esc(LABELS[status] ?? status)}</span>`;
}
