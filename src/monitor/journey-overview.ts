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

export async function journeyOverviews(sources: OverviewSources): Promise<JourneyOverview[]> {
  const [journeys, recent] = await Promise.all([sources.store.journeys(), sources.store.recentRuns(HISTORY_LENGTH)]);
  const next = sources.nextRuns();
  return journeys.map((journey: JourneyRow) => {
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
      nextRunAt: next.get(journey.file),
      busy: sources.isBusy(journey.file),
      history,
      flakiness: finished.length ? finished.filter((r) => r.status === 'flaky').length / finished.length : 0,
      medianDurationMs: durations.length ? median(durations) : undefined,
    };
  });
}

function median(sorted: number[]): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
