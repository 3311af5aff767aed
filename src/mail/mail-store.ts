import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { EventEmitter } from 'node:events';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { parseHeaderFields } from './parse.js';
import type { MailSummary } from './received-mail.js';

const MAX_HEADER_BLOCK = 256 * 1024;

export interface Envelope {
  from: string;
  to: string[];
}

/**
 * Raw messages on disk (one .eml each, byte-exact), an index of summaries in memory, and
 * an event per stored message. A message becomes visible only once completely written.
 */
export class MailStore extends EventEmitter<{ stored: [MailSummary] }> {
  private readonly messages: MailSummary[] = [];
  private readonly byId = new Map<string, MailSummary>();
  private seq = 0;

  constructor(readonly dir: string) {
    super();
    mkdirSync(dir, { recursive: true });
  }

  /**
   * Streams a message to disk. Resolves with its summary, or undefined when `rejected()`
   * says so at the end (size exceeded) or the stream failed: nothing is kept then.
   */
  async store(envelope: Envelope, data: Readable, rejected: () => boolean = () => false): Promise<MailSummary | undefined> {
    const id = randomBytes(6).toString('hex');
    const temporary = join(this.dir, `.${id}.partial`);
    const hash = createHash('sha256');
    let size = 0;
    const headerChunks: Buffer[] = [];
    let headerBytes = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        size += chunk.length;
        if (headerBytes < MAX_HEADER_BLOCK) {
          headerChunks.push(chunk);
          headerBytes += chunk.length;
        }
        callback(null, chunk);
      },
    });
    try {
      await pipeline(data, tap, createWriteStream(temporary));
    } catch {
      await unlink(temporary).catch(() => undefined);
      return undefined;
    }
    if (rejected()) {
      await unlink(temporary).catch(() => undefined);
      return undefined;
    }
    const seq = ++this.seq;
    const path = join(this.dir, `${String(seq).padStart(5, '0')}-${id}.eml`);
    await rename(temporary, path);
    const headers = await parseHeaderFields(headerBlock(Buffer.concat(headerChunks))).catch(() => ({ from: '', to: [], subject: '', messageId: undefined }));
    const summary: MailSummary = {
      id,
      seq,
      receivedAt: Date.now(),
      envelopeFrom: envelope.from,
      envelopeTo: envelope.to,
      ...headers,
      size,
      sha256: hash.digest('hex'),
      path,
    };
    this.messages.push(summary);
    this.byId.set(id, summary);
    this.emit('stored', summary);
    return summary;
  }

  get(id: string): MailSummary | undefined {
    return this.byId.get(id);
  }

  list(filter: { to?: string; since?: number } = {}): MailSummary[] {
    return this.messages.filter((m) => isFor(m, filter.to) && (filter.since === undefined || m.receivedAt >= filter.since));
  }

  get count(): number {
    return this.messages.length;
  }
}

export function isFor(message: MailSummary, address: string | undefined): boolean {
  if (!address) return true;
  const wanted = address.toLowerCase();
  return message.envelopeTo.some((a) => a.toLowerCase() === wanted) || message.to.some((a) => a.toLowerCase() === wanted);
}

/** The bytes up to and including the blank line that ends the headers. */
function headerBlock(start: Buffer): Buffer {
  const crlf = start.indexOf('\r\n\r\n');
  const lf = start.indexOf('\n\n');
  const end = crlf !== -1 && (lf === -1 || crlf < lf) ? crlf + 4 : lf !== -1 ? lf + 2 : start.length;
  return start.subarray(0, end);
}
