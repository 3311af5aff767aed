import { fileURLToPath } from 'node:url';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ExitCode } from '../core/exit-codes.js';
import { DEMO_EXPECTATIONS, endedAsMeant } from '../demo/demo-expectations.js';
import { startDemoSites, type DemoSites } from '../demo/demo-sites.js';
import { REPORT_FILES } from '../report/write-report.js';
import { loadOrExplain } from './load-or-explain.js';
import { runJourneys } from './run-journeys.js';

const BUNDLED_JOURNEYS = fileURLToPath(new URL('../../journeys', import.meta.url));

/** monitor.yaml for `journey-audit monitor --demo`: the bundled journeys on a short schedule. */
export const DEMO_MONITOR_CONFIG = join(BUNDLED_JOURNEYS, 'demo.monitor.yaml');

/** The demo sites, their mail sent to the given sink; says where they are. */
export async function startDemoSitesFor(sink: { smtpHost: string; smtpPort: number }): Promise<DemoSites> {
  const demo = await startDemoSites({ smtp: { host: sink.smtpHost, port: sink.smtpPort } });
  console.log(`journey-audit: demo sites: ${demo.sites.map((s) => `${s.name} (${s.variant}) ${s.url}`).join(', ')}`);
  return demo;
}

/**
 * `journey-audit demo`: the bundled sites (good and broken variants), the sink and the
 * example journeys. Exits 0 when every journey ends the way it is meant to.
 */
export async function runDemo(output: string): Promise<number> {
  const { journeys } = loadOrExplain([BUNDLED_JOURNEYS]);
  const outcome = await runJourneys({
    load: () => journeys,
    env: {},
    output,
    // The demo's journeys mostly wait on mail and pages: one per core keeps the machine busy.
    workers: '100%',
    // Each demo run starts its multi-day observations afresh.
    stateDir: mkdtempSync(join(tmpdir(), 'journey-audit-demo-state-')),
    beforeRun: startDemoSitesFor,
  });

  console.log('\nDemo: each journey against what it is meant to show');
  let asMeant = true;
  for (const journey of outcome.report?.journeys ?? []) {
    const expected = DEMO_EXPECTATIONS[journey.name];
    const ok = endedAsMeant(journey, expected);
    asMeant &&= ok;
    const found = [...new Set(journey.findings.map((f) => f.code))].join(', ');
    console.log(`  ${ok ? '✓' : '✗'} ${journey.name}: ${journey.status}${found ? ` (${found})` : ''}${expected ? ` — ${expected.story}` : ' — not a bundled journey'}`);
  }
  const where = relative(process.cwd(), join(outcome.runDir, REPORT_FILES.html));
  console.log(asMeant ? `\nDemo passed: every journey reached the outcome it demonstrates.` : `\nDemo FAILED: some journeys did not end as they should.`);
  console.log(`Open the report: ${where}  (also reports/latest/${REPORT_FILES.html})`);
  return asMeant ? ExitCode.passed : ExitCode.failed;
}
