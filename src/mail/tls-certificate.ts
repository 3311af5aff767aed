import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CannotRunError } from '../core/errors.js';

export interface TlsCredentials {
  key: Buffer;
  cert: Buffer;
}

/**
 * A throwaway self-signed certificate for the sink's STARTTLS and implicit TLS. Node can
 * make key pairs but not X.509 certificates, so this runs `openssl` (exit 3 without it).
 */
export function selfSignedCertificate(hostnames: string[]): TlsCredentials {
  const dir = mkdtempSync(join(tmpdir(), 'ja-sink-tls-'));
  try {
    const names = [...new Set(['localhost', ...hostnames])];
    const san = names.map((name) => (/^[\d.]+$|:/.test(name) ? `IP:${name}` : `DNS:${name}`)).join(',');
    const result = spawnSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '30', '-subj', '/CN=journey-audit sink', '-addext', `subjectAltName=${san}`, '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
      { stdio: ['ignore', 'ignore', 'pipe'], timeout: 20_000 },
    );
    if (result.error || result.status !== 0) {
      const reason = result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT' ? 'openssl is not installed' : `openssl failed: ${result.stderr?.toString().trim().split('\n')[0] ?? result.error?.message}`;
      throw new CannotRunError(`--tls-self-signed: ${reason} (node cannot create X.509 certificates by itself)`, 'install openssl, or give a certificate with --tls-cert and --tls-key');
    }
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
