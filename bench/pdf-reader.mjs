// pdfjs-dist (what journey-audit used to read links in PDFs) vs unpdf (pdf.js bundled for
// servers, no dependencies): installed size, start-up, time to read the link annotations
// and text of the same PDFs, and whether both find the same links. Issue 13 asks whether
// something lighter than pdfjs-dist reads link annotations as well.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BENCH_DIR, PEERS_DIR, ROOT, ensureBuilt, ensurePeers, fmtMs, fmtRatio, median, runTimed, table, writeBenchResult } from './lib/common.mjs';

const REPS = Number(process.env.BENCH_N ?? 5);
ensureBuilt();
if (!ensurePeers(['unpdf', 'pdfjs-dist'])) process.exit(0);

const work = mkdtempSync(join(tmpdir(), 'ja-bench-pdf-'));
try {
  const { simplePdf } = await import(pathToFileURL(join(ROOT, 'dist/demo/simple-pdf.js')).href);
  const ebook = join(work, 'ebook.pdf');
  writeFileSync(ebook, simplePdf('Workbook', Array.from({ length: 40 }, (_, i) => ({ text: `Chapter ${i + 1} test: https://book.example/test/${i + 1}`, link: `https://book.example/test/${i + 1}` }))));
  // Real documents where the machine has them (Debian ships a few manuals as PDF).
  const files = [ebook, '/usr/share/doc/libtasn1-doc/libtasn1.pdf', '/usr/share/doc/shared-mime-info/shared-mime-info-spec.pdf'].filter(existsSync);

  const sizeMb = (dir) => Number(execFileSync('du', ['-sk', dir], { encoding: 'utf8' }).split('\t')[0]) / 1024;
  const sizes = { 'pdfjs-dist': sizeMb(join(PEERS_DIR, 'node_modules/pdfjs-dist')), unpdf: sizeMb(join(PEERS_DIR, 'node_modules/unpdf')) };
  const rows = [];
  const ratios = [];
  let sameLinks = true;
  for (const file of files) {
    const sides = {};
    // Taking turns: pdfjs-dist, unpdf, unpdf, pdfjs-dist.
    for (const reader of ['pdfjs-dist', 'unpdf', 'unpdf', 'pdfjs-dist']) {
      const run = await runTimed(process.execPath, [join(BENCH_DIR, 'lib/pdf-read-worker.mjs'), reader, file, String(REPS)], { timeoutMs: 300_000 });
      const out = JSON.parse(run.lines.filter((l) => l.stream === 'stdout').map((l) => l.text).join('\n'));
      const side = (sides[reader] ??= { importMs: [], readMs: [], links: out.links });
      side.importMs.push(out.importMs);
      side.readMs.push(...out.readMs);
    }
    const same = JSON.stringify(sides['pdfjs-dist'].links) === JSON.stringify(sides.unpdf.links);
    sameLinks &&= same;
    const ratio = median(sides.unpdf.readMs) / median(sides['pdfjs-dist'].readMs);
    ratios.push(ratio);
    rows.push([file.startsWith(work) ? 'generated e-book (40 link annotations)' : file.split('/').pop(), sides['pdfjs-dist'].links.length, same ? 'yes' : 'NO', fmtMs(median(sides['pdfjs-dist'].readMs)), fmtMs(median(sides.unpdf.readMs)), fmtRatio(ratio), fmtMs(median(sides['pdfjs-dist'].importMs)), fmtMs(median(sides.unpdf.importMs))]);
  }
  const text = [
    table(['document', 'links', 'same links', 'read: pdfjs-dist', 'read: unpdf', 'unpdf / pdfjs-dist', 'load: pdfjs-dist', 'load: unpdf'], rows),
    '',
    `installed: pdfjs-dist ${sizes['pdfjs-dist'].toFixed(1)} MB, unpdf ${sizes.unpdf.toFixed(1)} MB (${fmtRatio(sizes.unpdf / sizes['pdfjs-dist'])})`,
  ].join('\n');
  console.log(text);
  writeBenchResult({ name: 'pdf-reader', title: 'PDF links: pdfjs-dist vs unpdf', n: REPS, text, sizes, ratios, sameLinks, goal: 'same links, lighter install', goalMet: sameLinks && sizes.unpdf < sizes['pdfjs-dist'] });
} finally {
  rmSync(work, { recursive: true, force: true });
}
