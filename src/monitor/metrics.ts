import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** `/metrics` in Prometheus text format: runs, durations, statuses, alert deliveries, the process itself. */
export class MonitorMetrics {
  readonly registry = new Registry();
  readonly runs: Counter<'status'>;
  readonly runDuration: Histogram<'status'>;
  readonly alerts: Counter<'channel' | 'outcome'>;
  readonly journeyStatus: Gauge<'journey' | 'status'>;
  readonly running: Gauge;

  constructor(sample: { statuses: () => Promise<{ name: string; status: string }[]>; running: () => number }) {
    collectDefaultMetrics({ register: this.registry, prefix: 'journey_audit_monitor_' });
    this.runs = new Counter({ name: 'journey_audit_monitor_runs_total', help: 'Runs finished since the monitor started, by outcome', labelNames: ['status'], registers: [this.registry] });
    this.runDuration = new Histogram({
      name: 'journey_audit_monitor_run_duration_seconds',
      help: 'How long runs took',
      labelNames: ['status'],
      buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800],
      registers: [this.registry],
    });
    this.alerts = new Counter({ name: 'journey_audit_monitor_alert_deliveries_total', help: 'Alert deliveries by channel and outcome', labelNames: ['channel', 'outcome'], registers: [this.registry] });
    this.journeyStatus = new Gauge({
      name: 'journey_audit_monitor_journey_status',
      help: '1 for the current status of each journey',
      labelNames: ['journey', 'status'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const j of await sample.statuses()) this.set({ journey: j.name, status: j.status }, 1);
      },
    });
    this.running = new Gauge({
      name: 'journey_audit_monitor_running_runs',
      help: 'Runs going on now',
      registers: [this.registry],
      collect() {
        this.set(sample.running());
      },
    });
  }
}
