import { valuesOf, type HeaderLine } from './header-lines.js';

/**
 * Which headers each DKIM-Signature says it signs (the h= tag, RFC 6376 §3.5). This
 * reads the signature's claim; verifying the cryptography needs the sender's DNS
 * (mailauth does that for real domains).
 */
export interface DkimSignatureSummary {
  domain?: string;
  selector?: string;
  /** Lowercased field names from h=, in order (repeats kept: over-signing). */
  signedHeaders: string[];
}

/** Tag list: "v=1; a=rsa-sha256; h=From : To" → { v: '1', a: 'rsa-sha256', h: 'From : To' }. */
export function parseTagList(value: string): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const part of value.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    const name = part.slice(0, eq).replace(/\s+/g, '').toLowerCase();
    if (name && !(name in tags)) tags[name] = part.slice(eq + 1).trim();
  }
  return tags;
}

export function dkimSignatures(lines: readonly HeaderLine[]): DkimSignatureSummary[] {
  return valuesOf(lines, 'dkim-signature').map((value) => {
    const tags = parseTagList(value);
    const signedHeaders = (tags.h ?? '')
      .split(':')
      .map((name) => name.replace(/\s+/g, '').toLowerCase())
      .filter(Boolean);
    return { domain: tags.d?.replace(/\s+/g, ''), selector: tags.s?.replace(/\s+/g, ''), signedHeaders };
  });
}

/** True when one signature covers every named header. */
export function signatureCovers(signature: DkimSignatureSummary, names: readonly string[]): boolean {
  return names.every((name) => signature.signedHeaders.includes(name.toLowerCase()));
}
