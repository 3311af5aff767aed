import { existsSync, realpathSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InvalidInputError } from '../core/errors.js';
import { REPORT_FILES } from './write-report.js';

const PRINT_TIMEOUT_MS = 120_000;

/**
 * report.pdf for auditors: report.html printed by Chromium, each journey on a new page,
 * every mail preview and collapsed section opened first. By default it goes next to the
 * run folder (reports/<run>.pdf), so the folder still matches its evidence manifest.
 * Returns the PDF's path.
 */
export async function printReportPdf(runDir: string, output?: string): Promise<string> {
  const html = join(runDir, REPORT_FILES.html);
  if (!existsSync(html)) throw new InvalidInputError(`report pdf: ${runDir} has no ${REPORT_FILES.html}`, 'give the folder of a run, e.g. reports/latest');
  const real = realpathSync(runDir);
  const target = output ?? join(dirname(real), `${basename(real)}.pdf`);
  const { resolveBrowser } = await import('../browser/resolve-browser.js');
  const { chromium } = await import('playwright');
  const resolved = await resolveBrowser();
  const browser = await chromium.launch({ executablePath: resolved.executablePath, args: resolved.args, timeout: 30_000 });
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(PRINT_TIMEOUT_MS);
    await page.goto(pathToFileURL(html).href, { waitUntil: 'load' });
    await page.evaluate(() => {
      for (const d of Array.from(document.querySelectorAll('details'))) d.open = true;
      for (const b of Array.from(document.querySelectorAll<HTMLButtonElement>('button.show-mail'))) b.click();
    });
    await page.emulateMedia({ media: 'print' });
    await page.pdf({ path: target, format: 'A4', printBackground: true, margin: { top: '12mm', bottom: '12mm', left: '10mm', right: '10mm' }, displayHeaderFooter: true, headerTemplate: '<span></span>', footerTemplate: '<div style="font-size:8px;width:100%;text-align:center"><span class="pageNumber"></span> / <span class="totalPages"></span></div>' });
    return target;
  } finally {
    await browser.close();
  }
}
