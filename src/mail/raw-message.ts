import { createReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { MailSummary } from './received-mail.js';

/** The raw bytes of a stored message, whether it has a file of its own or sits in a segment. */
export async function readRaw(message: Pick<MailSummary, 'path' | 'offset' | 'size'>): Promise<Buffer> {
  if (message.offset === undefined) return readFile(message.path);
  const bytes = Buffer.alloc(message.size);
  const file = await open(message.path, 'r');
  try {
    let read = 0;
    while (read < message.size) {
      const { bytesRead } = await file.read(bytes, read, message.size - read, message.offset + read);
      if (bytesRead === 0) throw new Error(`segment ${message.path} ends before the message does`);
      read += bytesRead;
    }
  } finally {
    await file.close();
  }
  return bytes;
}

/** The raw bytes as a stream (for the HTTP API). */
export function rawStream(message: Pick<MailSummary, 'path' | 'offset' | 'size'>): Readable {
  if (message.offset === undefined) return createReadStream(message.path);
  if (message.size === 0) return Readable.from([]);
  return createReadStream(message.path, { start: message.offset, end: message.offset + message.size - 1 });
}
