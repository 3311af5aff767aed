// One side of bench/pdf-reader.mjs: loads a PDF reader (pdfjs-dist, which the product used before, or
// unpdf's bundled pdf.js) and reads link annotations and page text of a file, `reps` times.
// Prints {importMs, readMs[], links[]} as JSON.
import { readFileSync } from 'node:fs';
import { importPeerFile } from './common.mjs';

const [reader, file, reps] = process.argv.slice(2);
const started = performance.now();
const getDocument =
  reader === 'pdfjs-dist'
    ? (await importPeerFile('pdfjs-dist/legacy/build/pdf.mjs')).getDocument
    : (await (await importPeerFile('unpdf/dist/index.mjs')).getResolvedPDFJS()).getDocument;
const importMs = performance.now() - started;
const bytes = readFileSync(file);
const readMs = [];
let links = [];
for (let i = 0; i < Number(reps); i++) {
  const t = performance.now();
  const task = getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 });
  const doc = await task.promise;
  links = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    for (const a of await page.getAnnotations()) if (a.subtype === 'Link' && (a.url ?? a.unsafeUrl)) links.push(`${n} ${a.url ?? a.unsafeUrl}`);
    await page.getTextContent();
    page.cleanup();
  }
  await task.destroy();
  readMs.push(performance.now() - t);
}
console.log(JSON.stringify({ importMs, readMs, links }));
