import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { KeyObject } from 'node:crypto';
import { hashFile, listFiles, MANIFEST_PATH, MANIFEST_VERSION, readManifestText, SIGNATURE_PATH, type EvidenceManifest } from './manifest.js';
import { keyFingerprint, signatureValid } from './signing.js';

export interface VerifyResult {
  ok: boolean;
  /** Problems with the manifest itself (absent, unreadable, unknown version). */
  problems: string[];
  missing: string[];
  extra: string[];
  changed: { path: string; reason: string }[];
  checked: number;
  signature: 'valid' | 'invalid' | 'absent' | 'not-checked';
  /** Whether the folder has a signature file at all. */
  signed?: boolean;
  /** Fingerprint of the public key the signature was checked with. */
  keyFingerprint?: string;
}

/**
 * Checks a run folder against its manifest: every listed file present with the same
 * size and SHA-256, no unlisted files, and (given a public key) a valid signature.
 */
export async function verifyRunFolder(dir: string, publicKey?: KeyObject): Promise<VerifyResult> {
  const result: VerifyResult = { ok: false, problems: [], missing: [], extra: [], changed: [], checked: 0, signature: 'not-checked' };
  const text = readManifestText(dir);
  if (text === undefined) {
    result.problems.push(`${MANIFEST_PATH} is missing: this folder has no evidence manifest`);
    return result;
  }
  let manifest: EvidenceManifest;
  try {
    manifest = JSON.parse(text) as EvidenceManifest;
    if (manifest.manifestVersion !== MANIFEST_VERSION || !Array.isArray(manifest.files)) throw new Error('shape');
  } catch {
    result.problems.push(`${MANIFEST_PATH} is not a journey-audit manifest (version ${MANIFEST_VERSION})`);
    return result;
  }
  const listed = new Set<string>();
  for (const file of manifest.files) {
    listed.add(file.path);
    const path = join(dir, file.path);
    if (file.path.split('/').includes('..') || !existsSync(path) || !statSync(path).isFile()) {
      result.missing.push(file.path);
      continue;
    }
    const actual = await hashFile(path);
    result.checked++;
    if (actual.size !== file.size) result.changed.push({ path: file.path, reason: `size ${actual.size} bytes, manifest says ${file.size}` });
    else if (actual.sha256 !== file.sha256) result.changed.push({ path: file.path, reason: 'content differs (SHA-256 mismatch)' });
  }
  result.extra = listFiles(dir).filter((path) => !listed.has(path));
  const sigPath = join(dir, SIGNATURE_PATH);
  result.signed = existsSync(sigPath);
  if (publicKey) {
    result.keyFingerprint = keyFingerprint(publicKey);
    if (!existsSync(sigPath)) result.signature = 'absent';
    else result.signature = signatureValid(text, readFileSync(sigPath, 'utf8'), publicKey) ? 'valid' : 'invalid';
  }
  result.ok = !result.problems.length && !result.missing.length && !result.extra.length && !result.changed.length && (publicKey ? result.signature === 'valid' : true);
  return result;
}

/** The verdict as lines a person reads. */
export function describeVerification(dir: string, result: VerifyResult): string[] {
  const lines = [...result.problems];
  for (const path of result.missing) lines.push(`missing: ${path}`);
  for (const c of result.changed) lines.push(`changed: ${c.path} (${c.reason})`);
  for (const path of result.extra) lines.push(`extra (not in the manifest): ${path}`);
  if (result.signature === 'invalid') lines.push(`signature: INVALID — ${SIGNATURE_PATH} does not match the manifest and this public key`);
  if (result.signature === 'absent') lines.push(`signature: missing — ${SIGNATURE_PATH} not found`);
  if (result.signature === 'valid') lines.push(`signature: valid (Ed25519, key ${result.keyFingerprint})`);
  if (!result.ok) lines.push(`NOT verified: ${dir} does not match its manifest`);
  else if (result.signature === 'valid') lines.push(`verified: ${dir} (${result.checked} files) unchanged since it was written, signed by the holder of key ${result.keyFingerprint}`);
  else if (result.signed) lines.push(`verified: ${dir} (${result.checked} files) unchanged since it was written (signed, but the signature was not checked: give --public-key to learn who signed)`);
  else lines.push(`verified: ${dir} (${result.checked} files) unchanged since it was written (unsigned: this does not prove who wrote it)`);
  return lines;
}
