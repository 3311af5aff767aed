// The corpus: Debian's python3.11-doc package (the CPython 3.11 documentation, built by
// Sphinx: ~530 pages, ~176,000 href/src attributes), fetched with `apt-get download` and
// unpacked with `dpkg-deb -x` into bench/links/.corpus (git-ignored, cached). Nobody on the
// team wrote it, and the copy on disk is never changed: breakage is injected by the server.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const CORPUS_PACKAGE = process.env.BENCH_LINKS_PACKAGE ?? 'python3.11-doc';
const CORPUS_DIR = new URL('./.corpus/', import.meta.url).pathname;
/** Where Debian puts the HTML of each known package, inside the unpacked tree. */
const HTML_IN_PACKAGE = { 'python3.11-doc': 'usr/share/doc/python3.11/html', 'python3-doc': 'usr/share/doc/python3/html' };

/** Downloads and unpacks the package once; returns { root, package, version }. */
export function ensureCorpus() {
  const dir = join(CORPUS_DIR, CORPUS_PACKAGE);
  const manifest = join(dir, 'corpus.json');
  if (existsSync(manifest)) return { ...JSON.parse(readFileSync(manifest, 'utf8')), root: join(dir, 'html') };
  mkdirSync(CORPUS_DIR, { recursive: true });
  const work = mkdtempSync(join(CORPUS_DIR, 'download-'));
  try {
    const run = (cmd, args, timeout = 300_000) => spawnSync(cmd, args, { cwd: work, encoding: 'utf8', timeout, stdio: ['ignore', 'pipe', 'pipe'] });
    console.log(`links: fetching the corpus: apt-get download ${CORPUS_PACKAGE}`);
    let got = run('apt-get', ['download', CORPUS_PACKAGE]);
    if (got.status !== 0) {
      console.log('links: apt-get download failed; running apt-get update once and trying again');
      run('apt-get', ['update'], 300_000);
      got = run('apt-get', ['download', CORPUS_PACKAGE]);
    }
    const deb = readdirSync(work).find((f) => f.endsWith('.deb'));
    if (got.status !== 0 || !deb) throw new Error(`apt-get download ${CORPUS_PACKAGE} failed: ${got.stderr?.trim() || got.error?.message}`);
    const version = deb.split('_')[1]?.replace(/%3a/gi, ':');
    const unpacked = join(work, 'x');
    const x = run('dpkg-deb', ['-x', deb, unpacked]);
    if (x.status !== 0) throw new Error(`dpkg-deb -x ${deb} failed: ${x.stderr}`);
    const html = join(unpacked, HTML_IN_PACKAGE[CORPUS_PACKAGE] ?? `usr/share/doc/${CORPUS_PACKAGE.replace(/-doc$/, '')}/html`);
    if (!existsSync(join(html, 'index.html'))) throw new Error(`no index.html in ${html}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    renameSync(html, join(dir, 'html'));
    const info = { package: CORPUS_PACKAGE, version, deb };
    writeFileSync(manifest, JSON.stringify(info, null, 2));
    return { ...info, root: join(dir, 'html') };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
