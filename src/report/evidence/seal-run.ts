import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { toolVersion } from '../../core/version.js';
import { buildManifest, hashFileSync, MANIFEST_PATH, SIGNATURE_PATH, serializeManifest, type EvidenceManifest, type RunMetadata } from './manifest.js';
import { loadPrivateKey, signManifest } from './signing.js';

export interface SealOptions {
  runDir: string;
  runId: string;
  startedAt: string;
  finishedAt?: string;
  /** Absolute paths of the journey files (and sub-journey files) the run read. */
  journeyFiles: string[];
  options: Record<string, unknown>;
  /** PEM file of an Ed25519 private key: also writes manifest.sig. */
  signKey?: string;
  shards?: string[];
  /** Journey file hashes taken from elsewhere (a merge takes its shards'). */
  inheritedJourneyFiles?: { path: string; sha256: string }[];
}

/** Writes evidence/manifest.json (and manifest.sig when a key is given) for a finished run folder. */
export async function sealRun(options: SealOptions): Promise<EvidenceManifest> {
  const key = options.signKey ? loadPrivateKey(options.signKey) : undefined; // a bad key fails before any hashing
  const run: RunMetadata = {
    runId: options.runId,
    tool: { name: 'journey-audit', version: toolVersion() },
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    browser: await browserVersion(),
    startedAt: options.startedAt,
    finishedAt: options.finishedAt ?? new Date().toISOString(),
    journeyFiles: uniqueFiles([
      ...(options.inheritedJourneyFiles ?? []),
      ...[...new Set(options.journeyFiles)].filter((f) => existsSync(f)).map((f) => ({ path: relative(process.cwd(), f) || f, sha256: hashFileSync(f) })),
    ]),
    options: options.options,
    shards: options.shards,
  };
  const manifest = await buildManifest(options.runDir, run);
  const text = serializeManifest(manifest);
  writeAtomic(join(options.runDir, MANIFEST_PATH), text);
  if (key) writeAtomic(join(options.runDir, SIGNATURE_PATH), signManifest(text, key));
  return manifest;
}

function uniqueFiles(files: { path: string; sha256: string }[]): { path: string; sha256: string }[] {
  const seen = new Map<string, { path: string; sha256: string }>();
  for (const f of files) seen.set(`${f.path}\0${f.sha256}`, f);
  return [...seen.values()].sort((a, b) => a.path.localeCompare(b.path));
}

function writeAtomic(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

let cachedBrowser: Promise<RunMetadata['browser']> | undefined;

/** The browser journeys ran in, as `chromium --version` says (best effort, bounded). */
function browserVersion(): Promise<RunMetadata['browser']> {
  cachedBrowser ??= (async () => {
    try {
      const { resolveBrowser } = await import('../../browser/resolve-browser.js');
      const resolved = await resolveBrowser();
      const executablePath = resolved.executablePath ?? (await import('playwright')).chromium.executablePath();
      const { stdout } = await promisify(execFile)(executablePath, ['--version'], { timeout: 5_000 });
      return { executablePath, version: stdout.trim().split('\n')[0].replace(/\s+built on.*$/, '') };
    } catch {
      return undefined;
    }
  })();
  return cachedBrowser;
}
