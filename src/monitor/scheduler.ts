import { newRunId } from '../core/ids.js';
import { systemClock, type Clock } from '../core/clock.js';
import type { RunExecutor } from './runner-bridge.js';
import { jitterFor, nextSlot, type PlannedJourney } from './schedule.js';
import type { FinishedRun, MonitorStore, RunTrigger, StatusChange } from './store.js';

/** Timers as a dependency, so a test can run a simulated week in a moment. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** A long wait is cut into pieces, so a changed wall clock (suspend, NTP) is noticed within this. */
const MAX_SLEEP_MS = 60_000;

export interface SchedulerOptions {
  planned: readonly PlannedJourney[];
  store: MonitorStore;
  execute: RunExecutor;
  /** Most runs at once, over all journeys. */
  concurrency: number;
  clock?: Clock;
  timers?: Timers;
  /** After each run is recorded: the status change (if any) drives alerts. */
  onFinished?: (run: FinishedRun & { journeyFile: string }, change: StatusChange | undefined) => Promise<void> | void;
  onEvent?: (event: SchedulerEvent) => void;
}

export type SchedulerEvent =
  | { type: 'started'; runId: string; file: string; trigger: RunTrigger; slotAt?: number; at: number }
  | { type: 'finished'; runId: string; file: string; status: FinishedRun['status']; at: number }
  | { type: 'skipped'; file: string; slotAt: number; reason: string }
  | { type: 'failed-to-record'; runId: string; error: string };

interface Entry {
  planned: PlannedJourney;
  slot: number;
  dueAt: number;
}

interface Pending {
  file: string;
  trigger: RunTrigger;
  slotAt?: number;
}

/**
 * Starts each planned journey at its slot (plus its jitter). Never two runs of the same
 * journey at once (a slot that comes while it still runs is skipped, and said so), never
 * more than `concurrency` runs in all (the others wait in order). `runNow` queues one at once.
 */
export class Scheduler {
  private readonly clock: Clock;
  private readonly timers: Timers;
  private entries: Entry[] = [];
  private timer: unknown;
  private readonly queue: Pending[] = [];
  private readonly active = new Map<string, { runId: string; done: Promise<void> }>();
  private readonly abort = new AbortController();
  private stopped = false;

  constructor(private readonly options: SchedulerOptions) {
    this.clock = options.clock ?? systemClock;
    this.timers = options.timers ?? systemTimers;
  }

  /**
   * Plans the next slot of every journey (slots missed while the monitor was down are not
   * caught up), and queues one run of each journey whose schedule says `run-at-start:`.
   */
  start(): void {
    const now = this.clock.now();
    this.entries = this.options.planned.map((planned) => {
      const slot = nextSlot(planned.schedule, now);
      return { planned, slot, dueAt: slot + jitterFor(planned.file, slot, planned.schedule.jitterMs) };
    });
    for (const { file, schedule } of this.options.planned) {
      if (schedule.runAtStart && !this.isBusy(file)) this.queue.push({ file, trigger: 'schedule', slotAt: now });
    }
    this.pump();
    this.arm();
  }

  /** When each journey runs next, for the dashboard and the API. */
  nextRuns(): Map<string, number> {
    const next = new Map<string, number>();
    for (const entry of this.entries) {
      const known = next.get(entry.planned.file);
      if (known === undefined || entry.dueAt < known) next.set(entry.planned.file, entry.dueAt);
    }
    return next;
  }

  isBusy(file: string): boolean {
    return this.active.has(file) || this.queue.some((p) => p.file === file);
  }

  get runningCount(): number {
    return this.active.size;
  }

  /** `run now`: queued unless the journey is running or queued already. */
  runNow(file: string): { queued: boolean; reason?: string } {
    if (this.stopped) return { queued: false, reason: 'the monitor is stopping' };
    if (this.isBusy(file)) return { queued: false, reason: 'this journey is already running or queued' };
    this.queue.push({ file, trigger: 'manual' });
    this.pump();
    return { queued: true };
  }

  /** Stops planning, asks running journeys to stop (they write partial reports), and waits for them. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.queue.length = 0;
    this.abort.abort();
    await Promise.all([...this.active.values()].map((a) => a.done));
  }

  private arm(): void {
    if (this.stopped) return;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    const wake = Math.min(...this.entries.map((e) => e.dueAt));
    if (!Number.isFinite(wake)) return;
    const wait = Math.max(0, Math.min(wake - this.clock.now(), MAX_SLEEP_MS));
    this.timer = this.timers.setTimeout(() => this.onWake(), wait);
  }

  private onWake(): void {
    this.timer = undefined;
    const now = this.clock.now();
    for (const entry of this.entries) {
      if (entry.dueAt > now) continue;
      const { file, schedule } = entry.planned;
      if (this.isBusy(file)) this.options.onEvent?.({ type: 'skipped', file, slotAt: entry.slot, reason: 'the previous run of this journey is still going on' });
      else this.queue.push({ file, trigger: 'schedule', slotAt: entry.slot });
      // The next slot after this one, and after now: a monitor that slept does not fire a backlog.
      let slot = nextSlot(schedule, entry.slot);
      if (slot + jitterFor(file, slot, schedule.jitterMs) <= now) slot = nextSlot(schedule, now);
      entry.slot = slot;
      entry.dueAt = slot + jitterFor(file, slot, schedule.jitterMs);
    }
    this.pump();
    this.arm();
  }

  private pump(): void {
    while (!this.stopped && this.active.size < this.options.concurrency && this.queue.length) {
      const index = this.queue.findIndex((p) => !this.active.has(p.file));
      if (index === -1) return;
      const [pending] = this.queue.splice(index, 1);
      const runId = newRunId(new Date(this.clock.now()));
      const slot = { runId, done: Promise.resolve() };
      this.active.set(pending.file, slot);
      slot.done = this.execute(runId, pending).finally(() => {
        this.active.delete(pending.file);
        this.pump();
      });
    }
  }

  private async execute(runId: string, pending: Pending): Promise<void> {
    const { store } = this.options;
    const startedAt = this.clock.now();
    try {
      await store.startRun({ id: runId, journeyFile: pending.file, trigger: pending.trigger, slotAt: pending.slotAt, startedAt });
      this.options.onEvent?.({ type: 'started', runId, file: pending.file, trigger: pending.trigger, slotAt: pending.slotAt, at: startedAt });
      let result: Omit<FinishedRun, 'id'>;
      try {
        result = await this.options.execute({ runId, file: pending.file, signal: this.abort.signal, onSpawn: (pid) => void store.setRunPid(runId, pid).catch(() => undefined) });
      } catch (error) {
        result = { status: 'error', finishedAt: this.clock.now(), durationMs: this.clock.now() - startedAt, error: `could not run: ${(error as Error).message}`, findings: [], observations: [] };
      }
      const run = { id: runId, ...result };
      const change = await store.finishRun(run);
      this.options.onEvent?.({ type: 'finished', runId, file: pending.file, status: run.status, at: run.finishedAt });
      await this.options.onFinished?.({ ...run, journeyFile: pending.file }, change);
    } catch (error) {
      this.options.onEvent?.({ type: 'failed-to-record', runId, error: (error as Error).message });
    }
  }
}
