import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Transform } from 'node:stream';
import { request, type Agent } from 'undici';
import { failureReason, type FailureReason } from './failure-reason.js';

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  contentType: string;
  /** Decoded text of an HTML body (GET only), at most maxBodyBytes of it. */
  body?: string;
  /** The body was longer than what was read. */
  truncated: boolean;
  /** The body expanded to over maxBodyBytes at fifty times its size on the wire, or more. */
  bomb: boolean;
}

export type HttpOutcome = { ok: true; answer: HttpAnswer } | { ok: false; reason: FailureReason; message: string };

export interface HttpOptions {
  method: 'HEAD' | 'GET';
  agent: Agent;
  timeoutMs: number;
  maxBodyBytes: number;
  userAgent: string;
}

/** Bodies worth reading: HTML (links, anchors, soft-404 words). Everything else is dropped unread. */
export function isHtml(contentType: string): boolean {
  return /^\s*(text\/html|application\/xhtml\+xml)\b/i.test(contentType);
}

/** One HTTP request, no redirect following; never throws. */
export async function httpRequest(url: string, opts: HttpOptions): Promise<HttpOutcome> {
  const signal = AbortSignal.timeout(opts.timeoutMs);
  try {
    const response = await request(url, {
      method: opts.method,
      dispatcher: opts.agent,
      signal,
      headers: { 'user-agent': opts.userAgent, accept: 'text/html,application/xhtml+xml,*/*;q=0.8', 'accept-encoding': 'gzip, deflate, br' },
    });
    const headers = flatten(response.headers);
    const contentType = headers['content-type'] ?? '';
    const answer: HttpAnswer = { status: response.statusCode, headers, contentType, truncated: false, bomb: false };
    // Destroying a body we stop reading reports an abort error; it is expected.
    response.body.on('error', () => undefined);
    if (opts.method === 'GET' && isHtml(contentType)) {
      Object.assign(answer, await readBody(response.body, headers['content-encoding'], contentType, opts.maxBodyBytes));
    } else {
      response.body.destroy();
    }
    return { ok: true, answer };
  } catch (error) {
    return { ok: false, reason: failureReason(error), message: error instanceof Error ? error.message : String(error) };
  }
}

function flatten(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) if (value !== undefined) flat[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  return flat;
}

function decompressor(encoding: string | undefined): Transform | undefined | null {
  switch ((encoding ?? '').trim().toLowerCase()) {
    case '':
    case 'identity':
      return undefined;
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'deflate':
      return createInflate();
    case 'br':
      return createBrotliDecompress();
    default:
      return null; // an encoding we cannot read
  }
}

/** Reads at most `max` decoded bytes; stops early on the wire limit, a decoding error or a timeout, keeping what was read. */
async function readBody(source: NodeJS.ReadableStream & { destroy(): void }, encoding: string | undefined, contentType: string, max: number): Promise<Pick<HttpAnswer, 'body' | 'truncated' | 'bomb'>> {
  const decode = decompressor(encoding);
  if (decode === null) {
    source.destroy();
    return { truncated: true, bomb: false };
  }
  let wire = 0;
  source.on('data', (chunk: Buffer) => {
    wire += chunk.length;
    if (wire > max) source.destroy();
  });
  const input = decode ? source.pipe(decode) : source;
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      const room = max - size;
      if (chunk.length > room) {
        chunks.push(chunk.subarray(0, room));
        size = max;
        truncated = true;
        break;
      }
      chunks.push(chunk);
      size += chunk.length;
    }
    if (wire > max) truncated = true;
  } catch {
    truncated = true; // cut off, damaged or timed out: judge by what arrived
  } finally {
    source.destroy();
    decode?.destroy();
  }
  const bomb = truncated && decode !== undefined && wire * 50 <= size;
  return { body: decodeText(Buffer.concat(chunks), contentType), truncated, bomb };
}

function decodeText(bytes: Buffer, contentType: string): string {
  const charset = /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType)?.[1];
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}
