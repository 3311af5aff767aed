import { createHash } from 'node:crypto';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Transform } from 'node:stream';
import { Client, request, type Agent, type Dispatcher } from 'undici';
import { droppedBeforeAnswer, failureReason, type FailureReason } from './failure-reason.js';

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  contentType: string;
  /** Decoded text of an HTML body (GET only), at most maxBodyBytes of it, unless it went to `HttpOptions.reader`. */
  body?: string;
  /** The HTML body went to the reader. */
  read?: boolean;
  /** The body was longer than what was read. */
  truncated: boolean;
  /** The body expanded to over maxBodyBytes at fifty times its size on the wire, or more. */
  bomb: boolean;
  /** SHA-1 of the decoded bytes read (HTML bodies only). */
  bodyHash?: string;
}

export type HttpOutcome = { ok: true; answer: HttpAnswer } | { ok: false; reason: FailureReason; message: string };

export interface HttpOptions {
  method: 'HEAD' | 'GET';
  agent: Agent;
  /** Until the answer's headers arrive. */
  timeoutMs: number;
  /** For reading the body, once the headers arrived (at least timeoutMs). */
  bodyTimeoutMs?: number;
  maxBodyBytes: number;
  userAgent: string;
  /** Where an HTML body of this status goes, as it arrives (instead of `body`): a page is never held whole. */
  reader?: (status: number) => TextSink | undefined;
}

export interface TextSink {
  write(text: string): void;
}

/** Bodies worth reading: HTML (links, anchors, soft-404 words). Everything else is dropped unread. */
export function isHtml(contentType: string): boolean {
  return /^\s*(text\/html|application\/xhtml\+xml)\b/i.test(contentType);
}

/**
 * One HTTP request, no redirect following; never throws. A kept-alive connection the
 * server closes just as the request goes out fails before any answer: such a request
 * (GET and HEAD change nothing) is sent once more, on a connection of its own.
 */
export async function httpRequest(url: string, opts: HttpOptions): Promise<HttpOutcome> {
  const deadline = new Deadline(opts.timeoutMs);
  try {
    const first = await attempt(url, opts, opts.agent, deadline);
    if (first.ok || !first.dropped || deadline.signal.aborted) return first;
    const fresh = new Client(new URL(url).origin);
    try {
      return await attempt(url, opts, fresh, deadline);
    } finally {
      fresh.destroy().catch(() => undefined);
    }
  } finally {
    deadline.clear();
  }
}

/**
 * The request's time limit: `timeoutMs` until the answer's headers arrive; then the body
 * gets `bodyTimeoutMs` of its own (the connection's idle timeout still ends a body that
 * stops coming). A big page read on a busy machine is read whole, not cut at the request timeout.
 */
class Deadline {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout;
  readonly signal = this.controller.signal;

  constructor(ms: number) {
    this.timer = this.arm(ms);
  }

  bodyStarted(ms: number): void {
    clearTimeout(this.timer);
    this.timer = this.arm(ms);
  }

  clear(): void {
    clearTimeout(this.timer);
  }

  private arm(ms: number): NodeJS.Timeout {
    const timer = setTimeout(() => this.controller.abort(new DOMException(`no answer within ${ms} ms`, 'TimeoutError')), ms);
    timer.unref();
    return timer;
  }
}

async function attempt(url: string, opts: HttpOptions, dispatcher: Dispatcher, deadline: Deadline): Promise<HttpOutcome & { dropped?: boolean }> {
  try {
    const response = await request(url, {
      method: opts.method,
      dispatcher,
      signal: deadline.signal,
      headers: { 'user-agent': opts.userAgent, accept: 'text/html,application/xhtml+xml,*/*;q=0.8', 'accept-encoding': 'gzip, deflate, br' },
    });
    deadline.bodyStarted(Math.max(opts.timeoutMs, opts.bodyTimeoutMs ?? 0));
    const headers = flatten(response.headers);
    const contentType = headers['content-type'] ?? '';
    const answer: HttpAnswer = { status: response.statusCode, headers, contentType, truncated: false, bomb: false };
    // Destroying a body we stop reading reports an abort error; it is expected.
    response.body.on('error', () => undefined);
    if (opts.method === 'GET' && isHtml(contentType)) {
      Object.assign(answer, await readBody(response.body, headers['content-encoding'], contentType, opts.maxBodyBytes, opts.reader?.(response.statusCode)));
    } else {
      response.body.destroy();
    }
    return { ok: true, answer };
  } catch (error) {
    return { ok: false, reason: failureReason(error), message: error instanceof Error ? error.message : String(error), dropped: droppedBeforeAnswer(error) };
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

/**
 * Reads at most `max` decoded bytes, into `sink` or else into `body`; stops early on the
 * wire limit, a decoding error or a timeout, keeping what was read.
 */
async function readBody(source: NodeJS.ReadableStream & { destroy(): void }, encoding: string | undefined, contentType: string, max: number, sink?: TextSink): Promise<Pick<HttpAnswer, 'body' | 'read' | 'truncated' | 'bomb' | 'bodyHash'>> {
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
  const text = textDecoder(contentType);
  const pieces: string[] = [];
  const hash = createHash('sha1');
  const take = (chunk: Buffer, last = false) => {
    hash.update(chunk);
    const piece = text.decode(chunk, { stream: !last });
    if (!piece) return;
    if (sink) sink.write(piece);
    else pieces.push(piece);
  };
  let size = 0;
  let truncated = false;
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      const room = max - size;
      if (chunk.length > room) {
        take(chunk.subarray(0, room));
        size = max;
        truncated = true;
        break;
      }
      take(chunk);
      size += chunk.length;
    }
    if (wire > max) truncated = true;
  } catch {
    truncated = true; // cut off, damaged or timed out: judge by what arrived
  } finally {
    source.destroy();
    decode?.destroy();
  }
  take(Buffer.alloc(0), true);
  const bomb = truncated && decode !== undefined && wire * 50 <= size;
  const bodyHash = hash.digest('hex');
  return sink ? { read: true, truncated, bomb, bodyHash } : { body: pieces.join(''), truncated, bomb, bodyHash };
}

function textDecoder(contentType: string): TextDecoder {
  const charset = /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType)?.[1];
  try {
    return new TextDecoder(charset ?? 'utf-8');
  } catch {
    return new TextDecoder('utf-8');
  }
}
