import { createHash } from 'node:crypto';
import { createReadStream, lstatSync, readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The evidence manifest: every file of a run folder with its SHA-256 and size, plus how
 * the run was made. `journey-audit report verify` checks a folder against it.
 */
export const MANIFEST_VERSION = 1;
export const MANIFEST_PATH = 'evidence/manifest.json';
export const SIGNATURE_PATH = 'evidence/manifest.sig';

export type EvidenceKind = 'report' | 'mail' | 'http' | 'screenshot' | 'trace' | 'other';

export interface ManifestFile {
  /** Relative to the run folder, with forward slashes. */
  path: string;
  sha256: string;
  size: number;
  kind: EvidenceKind;
}

export interface RunMetadata {
  runId: string;
  tool: { name: 'journey-audit'; version: string };
  node: string;
  platform: string;
  browser?: { executablePath?: string; version?: string };
  startedAt: string;
  finishedAt: string;
  /** The journey files that ran (sub-journeys included), with their SHA-256. */
  journeyFiles: { path: string; sha256: string }[];
  /** Command-line options that shaped the run (never env values). */
  options: Record<string, unknown>;
  /** For merged reports: the shards' run ids, in order. */
  shards?: string[];
}

export interface EvidenceManifest {
  manifestVersion: typeof MANIFEST_VERSION;
  createdAt: string;
  run: RunMetadata;
  files: ManifestFile[];
}

/** Files that are not evidence: the manifest and its signature, hidden files, half-written files. */
export function isManifested(path: string): boolean {
  if (path === MANIFEST_PATH || path === SIGNATURE_PATH) return false;
  return !path.split('/').some((part) => part.startsWith('.')) && !path.endsWith('.tmp');
}

/** Every regular file under `dir` (symlinks are not followed), relative, sorted. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const entry of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) out.push(path);
    }
  };
  walk('');
  return out.filter(isManifested).sort();
}

export async function hashFile(path: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}

export function hashFileSync(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

export function evidenceKind(path: string): EvidenceKind {
  const lower = path.toLowerCase();
  if (/^(report\.(json|html|pdf)|summary\.md|junit\.xml)$/.test(lower)) return 'report';
  if (lower.endsWith('.eml')) return 'mail';
  if (/\.(png|jpe?g|webp)$/.test(lower)) return 'screenshot';
  if (lower.endsWith('trace.zip') || lower.endsWith('.zip')) return 'trace';
  const name = lower.slice(lower.lastIndexOf('/') + 1);
  if (/(http|exchange)[^/]*\.(json|txt)$/.test(name) || lower.includes('/http/')) return 'http';
  return 'other';
}

/** Hashes every file of the run folder. */
export async function buildManifest(runDir: string, run: RunMetadata): Promise<EvidenceManifest> {
  const files: ManifestFile[] = [];
  for (const path of listFiles(runDir)) {
    const { sha256, size } = await hashFile(join(runDir, path));
    files.push({ path, sha256, size, kind: evidenceKind(path) });
  }
  return { manifestVersion: MANIFEST_VERSION, createdAt: new Date().toISOString(), run, files };
}

/** The manifest's exact bytes as written (the signature covers these bytes). */
export function serializeManifest(manifest: EvidenceManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

export function readManifestText(runDir: string): string | undefined {
  const path = join(runDir, MANIFEST_PATH);
  return existsSync(path) && lstatSync(path).isFile() ? readFileSync(path, 'utf8') : undefined;
}
