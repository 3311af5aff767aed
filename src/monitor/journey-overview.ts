import type { JourneyRow, MonitorStore, RecentRun } from './store.js';

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

type StoredOverview = Omit<JourneyOverview, 'nextRunAt' | 'busy'>;

/**
 * The overviews, kept in memory and brought up to date journey by journey: after a write,
 * only the journeys it touched are read again (one indexed query for the last runs of
 * each), so a run that finishes costs one query, not one per journey. What changes with
 * the clock (next run, running now) is added on each call.
 */
export function journeyOverviews(sources: OverviewSources): () => Promise<JourneyOverview[]> {
  const { store } = sources;
  /** Each journey's overview with the store version it was read at. */
  const kept = new Map<string, { readAt: number; row: StoredOverview }>();
  let list: { version: number; rows: StoredOverview[] } | undefined;
  const read = async () => {
    const version = store.version;
    if (list?.version === version) return list.rows;
    const journeys = await store.journeys();
    const rows = [];
    for (const journey of journeys) {
      const known = kept.get(journey.file);
      if (known && store.journeyVersion(journey.file) <= known.readAt) {
        rows.push(known.row);
        continue;
      }
      const row = overviewOf(journey, await store.recentRunsOf(journey.file, HISTORY_LENGTH), sources);
      kept.set(journey.file, { readAt: version, row });
      rows.push(row);
    }
    // A write that overlapped this read leaves the version changed: the next call looks again.
    if (store.version === version) list = { version, rows };
    return rows;
  };
  return async () => {
    const rows = await read();
    const next = sources.nextRuns();
    return rows.map((row) => ({ ...row, nextRunAt: next.get(row.file), busy: sources.isBusy(row.file) }));
  };
}

function overviewOf(journey: JourneyRow, runs: RecentRun[], sources: OverviewSources): StoredOverview {
  const history = runs.map((r) => ({
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
}

function median(sorted: number[]): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
