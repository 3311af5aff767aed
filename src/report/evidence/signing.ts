import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { InvalidInputError } from '../../core/errors.js';

/**
 * Ed25519 signatures over the manifest's bytes (node:crypto). The signature file holds
 * base64 text; the user keeps the private key, auditors get the public key.
 */
export function loadPrivateKey(file: string): KeyObject {
  const key = readKey(file, 'private', (pem) => createPrivateKey(pem));
  if (key.asymmetricKeyType !== 'ed25519') throw new InvalidInputError(`${file}: not an Ed25519 private key (it is ${key.asymmetricKeyType})`, KEY_HINT);
  return key;
}

export function loadPublicKey(file: string): KeyObject {
  const key = readKey(file, 'public', (pem) => createPublicKey(pem));
  if (key.asymmetricKeyType !== 'ed25519') throw new InvalidInputError(`${file}: not an Ed25519 public key (it is ${key.asymmetricKeyType})`, KEY_HINT);
  return key;
}

export function signManifest(manifestText: string, key: KeyObject): string {
  return `${sign(null, Buffer.from(manifestText, 'utf8'), key).toString('base64')}\n`;
}

export function signatureValid(manifestText: string, signature: string, key: KeyObject): boolean {
  try {
    return verify(null, Buffer.from(manifestText, 'utf8'), key, Buffer.from(signature.trim(), 'base64'));
  } catch {
    return false;
  }
}

/** Who signed, in words a person can compare: `SHA256:` and the base64 hash of the public key (as ssh-keygen -l shows keys). */
export function keyFingerprint(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return `SHA256:${createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('base64').replace(/=+$/, '')}`;
}

const KEY_HINT = 'make a key pair with: openssl genpkey -algorithm ed25519 -out key.pem && openssl pkey -in key.pem -pubout -out key.pub.pem';

function readKey(file: string, kind: 'private' | 'public', parse: (pem: string) => KeyObject): KeyObject {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch {
    throw new InvalidInputError(`${file}: cannot read the key file`, KEY_HINT);
  }
  try {
    return parse(pem);
  } catch {
    throw new InvalidInputError(`${file}: not a PEM ${kind} key`, KEY_HINT);
  }
}
