import type { JourneyRow, MonitorStore } from './store.js';

/** What the dashboard and `/api/v1/journeys` say about each journey, from one pass over the store. */
export interface JourneyOverview {
  id: string;
  name: string;
  file: string;
  status: string;
  since?: number;
  lastRunId?: string;
  nextRunAt?: number;
  busy: boolean;
  /** Newest first. */
  history: { id: string; status: string; startedAt: number; durationMs?: number; reportPath?: string }[];
  /** Share of flaky runs among the finished runs in `history` (0–1). */
  flakiness: number;
  medianDurationMs?: number;
}

export const HISTORY_LENGTH = 20;

export interface OverviewSources {
  store: MonitorStore;
  idOf: (file: string) => string;
  reportPathOf: (reportDir: string | null) => string | undefined;
  nextRuns: () => Map<string, number>;
  isBusy: (file: string) => boolean;
}

/**
 * The overviews, read from the store only when it changed since the last call (the store's
 * write counter); what changes with the clock (next run, running now) is added each time.
 */
export function journeyOverviews(sources: OverviewSources): () => Promise<JourneyOverview[]> {
  let cached: { version: number; rows: Omit<JourneyOverview, 'nextRunAt' | 'busy'>[] } | undefined;
  const read = async () => {
    const version = sources.store.version;
    if (cached?.version === version) return cached.rows;
    const [journeys, recent] = await Promise.all([sources.store.journeys(), sources.store.recentRuns(HISTORY_LENGTH)]);
    const rows = journeys.map((journey: JourneyRow) => {
      const history = (recent.get(journey.file) ?? []).map((r) => ({
        id: r.id,
        status: r.status,
        startedAt: Number(r.started_at),
        durationMs: r.duration_ms === null ? undefined : Number(r.duration_ms),
        reportPath: sources.reportPathOf(r.report_dir),
      }));
      const finished = history.filter((r) => r.status === 'passed' || r.status === 'failed' || r.status === 'flaky');
      const durations = finished.flatMap((r) => (r.durationMs === undefined ? [] : [r.durationMs])).sort((a, b) => a - b);
      return {
        id: sources.idOf(journey.file),
        name: journey.name,
        file: journey.file,
        status: journey.status,
        since: journey.status_since === null ? undefined : Number(journey.status_since),
        lastRunId: journey.last_run_id ?? undefined,
        history,
        flakiness: finished.length ? finished.filter((r) => r.status === 'flaky').length / finished.length : 0,
        medianDurationMs: durations.length ? median(durations) : undefined,
      };
    });
    if (sources.store.version === version) cached = { version, rows };
    return rows;
  };
  return async () => {
    const rows = await read();
    const next = sources.nextRuns();
    return rows.map((row) => ({ ...row, nextRunAt: next.get(row.file), busy: sources.isBusy(row.file) }));
  };
}

function median(sorted: number[]): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
