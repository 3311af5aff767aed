import { join } from 'node:path';
import { Sink, type SinkEndpoint } from '../mail/sink.js';
import type { MonitorStore } from './store.js';

export interface PersistentSinkOptions {
  dataDir: string;
  store: MonitorStore;
  host?: string;
  smtpPort?: number;
  apiPort?: number;
  retentionMs: number;
  maxMessages?: number;
  /** The folder sweep for unindexed files starts this long after the sink serves, not to compete with the first requests (default 5 s). */
  sweepDelayMs?: number;
}

const SWEEP_DELAY_MS = 5000;

/**
 * The monitor's own sink: raw .eml files under `<data-dir>/mail`, its index in the store.
 * A restart serves every message again, so an observation over days keeps seeing mail that
 * arrived while no run was active (the weekend campaign after a Friday unsubscribe).
 * One file per message (no segment files): a file is written before it is indexed, and
 * indexed (one SQLite commit) before anyone is told about it.
 */
export async function startPersistentSink(
  options: PersistentSinkOptions,
): Promise<{ sink: Sink; endpoint: SinkEndpoint; restored: number; unindexedSwept: Promise<number> }> {
  const sink = new Sink({
    dir: join(options.dataDir, 'mail'),
    host: options.host ?? '127.0.0.1',
    smtpPort: options.smtpPort ?? 0,
    apiPort: options.apiPort ?? 0,
    retentionMs: options.retentionMs,
    maxMessages: options.maxMessages,
    preloadParser: false,
    restoresIndex: true,
  });
  // Files are written before they are indexed, so every indexed message has its file (one
  // removed by hand answers 404 for its raw content): the folder is not read before serving
  // (a stat per file costs seconds for 100,000 messages). Files no row names (half-written,
  // or written but not indexed when the process died, so never acknowledged) are swept
  // once the sink serves.
  const restored = options.store.loadMessages();
  sink.store.restore(restored);
  // Listeners run in the order added: this one first, so the row exists before any SSE client hears of it.
  sink.store.prependListener('stored', (summary) => options.store.insertMessage(summary));
  sink.store.on('deleted', (ids) => options.store.deleteMessages(ids));
  sink.store.expire();
  const endpoint = await sink.start();
  const unindexedSwept = new Promise<void>((resolve) => setTimeout(resolve, options.sweepDelayMs ?? SWEEP_DELAY_MS).unref()).then(() => sink.store.sweepUnindexed());
  return { sink, endpoint, restored: restored.length, unindexedSwept };
}
