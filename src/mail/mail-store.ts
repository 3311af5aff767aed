import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { open, opendir, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { EventEmitter } from 'node:events';
import type { Readable } from 'node:stream';
import { matchesFilter, type MailFilter } from './mail-filter.js';
import { MessageScanner } from './message-scanner.js';
import { readHeaderFields } from './header-fields.js';
import { SegmentLog } from './segment-log.js';
import type { MailSummary } from './received-mail.js';

export { isFor } from './mail-filter.js';

export interface Envelope {
  from: string;
  to: string[];
}

export interface MailStoreOptions {
  /** Messages older than this are deleted (index and file) by a periodic sweep. */
  retentionMs?: number;
  /** The index never holds more: the oldest message goes when a new one would exceed it. */
  maxMessages?: number;
  /**
   * Append messages up to 256 KB to segment files of this size instead of one file each
   * (a sink service: much cheaper per message). Their summaries then carry `offset`; their
   * `path` is the segment's. Larger messages always get a file of their own.
   */
  segmentBytes?: number;
  /**
   * The index is kept elsewhere (the monitor's store) and handed to `restore()` at start,
   * so the folder is not scanned then (a stat per file costs seconds for 100,000 messages).
   * Files no restored summary names (a half-written message, or one written but not yet
   * indexed when the process died: never acknowledged) are found afterwards, in the
   * background, by `sweepUnindexed()`.
   */
  restoresIndex?: boolean;
}

export const DEFAULT_MAX_MESSAGES = 100_000;
const SWEEP_MAX_INTERVAL_MS = 60_000;
/** Messages up to this size are written in one call; larger ones stream to a temporary file. */
const SPILL_BYTES = 256 * 1024;

/** 12 hex digits: a random per-process prefix and a counter (cheaper than random bytes per message). */
let ID_PREFIX = randomBytes(3).toString('hex');
let idCounter = 0;
function newMessageId(): string {
  idCounter = (idCounter + 1) % 0x1000000;
  return `${ID_PREFIX}${idCounter.toString(16).padStart(6, '0')}`;
}

/**
 * Raw messages on disk, byte-exact (one .eml each, or appended to segment files), an index
 * of summaries in memory (bounded by count and retention), and an event per stored
 * message. A message becomes visible only once completely written.
 */
export class MailStore extends EventEmitter<{ stored: [MailSummary]; deleted: [string[]] }> {
  /** In arrival order (a Map keeps insertion order and deletes in O(1)). */
  private readonly byId = new Map<string, MailSummary>();
  private seq = 0;
  private readonly sweeper?: NodeJS.Timeout;
  private readonly segments?: SegmentLog;
  /** Files of an earlier process in the same folder, removed by the sweep once expired. */
  private leftovers: Leftover[];
  private closed = false;
  readonly maxMessages: number;

  constructor(
    readonly dir: string,
    readonly options: MailStoreOptions = {},
  ) {
    super();
    this.setMaxListeners(0); // one per SSE stream and waiting request
    this.maxMessages = options.maxMessages ?? DEFAULT_MAX_MESSAGES;
    mkdirSync(dir, { recursive: true });
    this.leftovers = options.restoresIndex ? [] : removeLeftovers(dir, options.retentionMs);
    if (options.segmentBytes) this.segments = new SegmentLog(dir, options.segmentBytes);
    if (options.retentionMs !== undefined) {
      const interval = Math.max(1000, Math.min(SWEEP_MAX_INTERVAL_MS, options.retentionMs / 10));
      this.sweeper = setInterval(() => void this.expire(), interval);
      this.sweeper.unref();
    }
  }

  /**
   * Streams a message to disk. Resolves with its summary, or undefined when `rejected()`
   * says so (size exceeded: the rest is read and dropped) or the stream failed (the
   * client went away): nothing is kept then. A message up to SPILL_BYTES is held in memory
   * and written with one call; a larger one goes to a temporary file renamed at the end.
   */
  async store(envelope: Envelope, data: Readable, rejected: () => boolean = () => false): Promise<MailSummary | undefined> {
    const id = newMessageId();
    const temporary = join(this.dir, `.${id}.partial`);
    const hash = createHash('sha256');
    const scanner = new MessageScanner();
    let size = 0;
    let buffered: Buffer[] | undefined = [];
    let bufferedBytes = 0;
    let file: FileHandle | undefined;
    const discard = async () => {
      buffered = undefined;
      await file?.close().catch(() => undefined);
      file = undefined;
      await unlink(temporary).catch(() => undefined);
    };
    try {
      for await (const chunk of data as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (rejected()) {
          if (buffered || file) await discard(); // read on, keep nothing
          continue;
        }
        hash.update(chunk);
        scanner.write(chunk);
        if (buffered) {
          buffered.push(chunk);
          bufferedBytes += chunk.length;
          if (bufferedBytes > SPILL_BYTES) {
            file = await open(temporary, 'wx');
            await file.writev(buffered);
            buffered = undefined;
          }
        } else if (file) {
          await file.write(chunk);
        }
      }
      if (rejected()) {
        await discard();
        return undefined;
      }
      scanner.end();
      const seq = ++this.seq;
      let path = join(this.dir, `${String(seq).padStart(5, '0')}-${id}.eml`);
      let offset: number | undefined;
      if (buffered && this.segments) {
        ({ path, offset } = this.segments.append(buffered, bufferedBytes));
      } else if (buffered) {
        // One synchronous write: for a file this small it costs a fraction of the CPU of the
        // thread-pool round trips of an asynchronous one (measured in bench/sink), and the
        // event loop waits well under a millisecond on a local disk.
        writeFileSync(path, buffered.length === 1 ? buffered[0] : Buffer.concat(buffered, bufferedBytes));
      } else if (file) {
        await file.close();
        file = undefined;
        await rename(temporary, path);
      }
      const headers = readHeaderFields(scanner.headerBlock);
      const summary: MailSummary = {
        id,
        seq,
        receivedAt: Date.now(),
        envelopeFrom: envelope.from,
        envelopeTo: envelope.to,
        ...headers,
        size,
        sha256: hash.digest('hex'),
        flags: scanner.flags,
        path,
        ...(offset !== undefined ? { offset } : {}),
      };
      this.byId.set(id, summary);
      if (this.byId.size > this.maxMessages) this.deleteMany([this.byId.values().next().value!]);
      this.emit('stored', summary);
      return summary;
    } catch {
      await discard();
      return undefined;
    }
  }

  /**
   * Messages indexed by an earlier process (a persistent index, see src/monitor): served
   * again and expired like new ones. Call before any message arrives, oldest first.
   */
  restore(summaries: readonly MailSummary[]): void {
    let prefixTaken = false;
    for (const summary of summaries) {
      this.byId.set(summary.id, summary);
      if (summary.seq > this.seq) this.seq = summary.seq;
      if (!prefixTaken && summary.id.startsWith(ID_PREFIX)) prefixTaken = true;
    }
    // An earlier process drew the same prefix (1 in 16 million): its ids would come again.
    while (prefixTaken) {
      ID_PREFIX = randomBytes(3).toString('hex');
      prefixTaken = summaries.some((summary) => summary.id.startsWith(ID_PREFIX));
    }
    if (this.leftovers.length) {
      const restored = new Set(summaries.map((s) => s.path));
      this.leftovers = this.leftovers.filter((leftover) => !restored.has(leftover.path));
    }
  }

  /**
   * For a store that `restoresIndex`: goes through the folder once, after `restore()`, while
   * the store already serves. Files of an earlier process that no summary names are treated
   * as a scan at construction would (half-written ones removed, the others removed once
   * older than the retention); a file name carries its message's id, so only those few are
   * looked at closer. Files of this process are left alone (one may be on its way into
   * place). Resolves with how many files were found so.
   */
  async sweepUnindexed(): Promise<number> {
    const cutoff = this.options.retentionMs === undefined ? undefined : Date.now() - this.options.retentionMs;
    let segmentPaths: Set<string> | undefined;
    let found = 0;
    const mine = ID_PREFIX;
    try {
      for await (const entry of await opendir(this.dir, { bufferSize: 256 })) {
        if (this.closed) break;
        const name = entry.name;
        const path = join(this.dir, name);
        const kind = leftoverKind(name);
        if (kind === 'half-written') {
          if (name.startsWith(`.${mine}`)) continue;
          found++;
          await unlink(path).catch(() => undefined);
          continue;
        }
        if (kind === undefined) continue;
        if (name.endsWith('.eml')) {
          const id = name.slice(name.indexOf('-') + 1, -'.eml'.length);
          if (this.byId.has(id) || id.startsWith(mine)) continue;
        } else {
          segmentPaths ??= new Set([...this.byId.values()].flatMap((m) => (m.offset === undefined ? [] : [m.path])));
          if (segmentPaths.has(path)) continue;
        }
        found++;
        if (cutoff === undefined) continue;
        const modifiedAt = await stat(path).then((s) => s.mtimeMs, () => undefined);
        if (modifiedAt === undefined) continue;
        if (modifiedAt < cutoff) await unlink(path).catch(() => undefined);
        else this.leftovers.push({ path, modifiedAt });
      }
    } catch {
      // the folder went away (the store was closed and removed)
    }
    return found;
  }

  get(id: string): MailSummary | undefined {
    return this.byId.get(id);
  }

  list(filter: MailFilter = {}): MailSummary[] {
    const found: MailSummary[] = [];
    for (const message of this.byId.values()) if (matchesFilter(message, filter)) found.push(message);
    return found;
  }

  countWhere(filter: MailFilter = {}): number {
    let n = 0;
    for (const message of this.byId.values()) if (matchesFilter(message, filter)) n++;
    return n;
  }

  get count(): number {
    return this.byId.size;
  }

  /** The first stored message matching, or the next one to arrive; undefined at the timeout or on abort. */
  waitFor(filter: MailFilter, timeoutMs: number, signal?: AbortSignal): Promise<MailSummary | undefined> {
    for (const message of this.byId.values()) if (matchesFilter(message, filter)) return Promise.resolve(message);
    return new Promise((resolve) => {
      const finish = (message: MailSummary | undefined) => {
        clearTimeout(timer);
        this.off('stored', onStored);
        signal?.removeEventListener('abort', onAbort);
        resolve(message);
      };
      const onStored = (message: MailSummary) => {
        if (matchesFilter(message, filter)) finish(message);
      };
      const onAbort = () => finish(undefined);
      const timer = setTimeout(() => finish(undefined), timeoutMs);
      this.on('stored', onStored);
      signal?.addEventListener('abort', onAbort);
    });
  }

  /** Deletes one message (index and file); false when there is none with that id. */
  delete(id: string): boolean {
    const message = this.byId.get(id);
    if (!message) return false;
    this.deleteMany([message]);
    return true;
  }

  /** Deletes every message matching (all of them for an empty filter); returns how many. */
  deleteWhere(filter: MailFilter = {}): number {
    const doomed = this.list(filter);
    this.deleteMany(doomed);
    return doomed.length;
  }

  /** Deletes messages older than the retention (the sweep calls this). */
  expire(now = Date.now()): number {
    if (this.options.retentionMs === undefined) return 0;
    const cutoff = now - this.options.retentionMs;
    if (this.leftovers.length) {
      for (const leftover of this.leftovers) if (leftover.modifiedAt < cutoff) unlink(leftover.path).catch(() => undefined);
      this.leftovers = this.leftovers.filter((leftover) => leftover.modifiedAt >= cutoff);
    }
    const doomed: MailSummary[] = [];
    for (const message of this.byId.values()) {
      if (message.receivedAt >= cutoff) break; // arrival order: the rest is newer
      doomed.push(message);
    }
    this.deleteMany(doomed);
    return doomed.length;
  }

  close(): void {
    this.closed = true;
    if (this.sweeper) clearInterval(this.sweeper);
    this.segments?.close();
  }

  private deleteMany(messages: MailSummary[]): void {
    if (messages.length && this.listenerCount('deleted')) this.emit('deleted', messages.map((m) => m.id));
    for (const message of messages) {
      this.byId.delete(message.id);
      if (message.offset !== undefined) this.segments?.release(message.path);
      else unlink(message.path).catch(() => undefined);
    }
  }
}

/**
 * A store folder used before: half-written messages of a process that died are removed,
 * and so are messages older than the retention. The index of the previous process is gone,
 * so its younger files are not served again; they are returned to be removed once they
 * are older than the retention.
 */
/** What a file in the mail folder is: a message never finished (`.partial`), a message (`.eml`) or a segment (`.raw`) of them, or not ours. */
function leftoverKind(name: string): 'half-written' | 'message' | undefined {
  if (name.endsWith('.partial')) return 'half-written';
  return name.endsWith('.eml') || name.endsWith('.raw') ? 'message' : undefined;
}

function removeLeftovers(dir: string, retentionMs: number | undefined): Leftover[] {
  const cutoff = retentionMs === undefined ? undefined : Date.now() - retentionMs;
  const kept: Leftover[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    try {
      const kind = leftoverKind(name);
      if (kind === 'half-written') {
        unlinkSync(path);
      } else if (cutoff !== undefined && kind === 'message') {
        const modifiedAt = statSync(path).mtimeMs;
        if (modifiedAt < cutoff) unlinkSync(path);
        else kept.push({ path, modifiedAt });
      }
    } catch {
      // gone already, or not ours to remove
    }
  }
  return kept;
}

interface Leftover {
  path: string;
  modifiedAt: number;
}
