import { shortId } from '../core/ids.js';
import { errorMessage } from '../core/errors.js';
import { FINDING_CODES } from '../model/finding-codes.js';
import type { AlertConfig, AlertEvent } from './config.js';
import type { JourneyStatus, MonitorStore, StatusChange } from './store.js';
import type { HostPort } from '../core/host-port.js';

/**
 * Alerts go on a change of state only: a journey that starts failing, that recovers, or
 * that turns flaky. A journey that fails every morning is reported once, not every morning.
 */
export function alertEventFor(change: StatusChange | undefined): AlertEvent | undefined {
  if (!change) return undefined;
  const bad = (s: JourneyStatus) => s === 'failed' || s === 'error';
  if (bad(change.to) && !bad(change.from)) return 'failed';
  if (change.to === 'passed' && (bad(change.from) || change.from === 'flaky')) return 'recovered';
  if (change.to === 'flaky') return 'flaky';
  return undefined;
}

export interface AlertContext {
  event: AlertEvent;
  journey: { name: string; file: string };
  runId: string;
  status: string;
  previous: string;
  findings: { code: string; message: string }[];
  /** Link to the run in the dashboard (absolute when monitor.yaml has url:). */
  runUrl: string;
  reportUrl?: string;
  error?: string;
}

const EVENT_WORDS: Record<AlertEvent, { icon: string; verb: string }> = {
  failed: { icon: '🔴', verb: 'is failing' },
  recovered: { icon: '🟢', verb: 'works again' },
  flaky: { icon: '🟠', verb: 'is flaky (passed only on retry)' },
};

/** A finding in words: the catalogue's title, then what this run found. */
function findingInWords(f: { code: string; message: string }): string {
  const title = (FINDING_CODES as Record<string, { title: string } | undefined>)[f.code]?.title;
  return title && title !== f.message ? `${title}: ${f.message}` : f.message;
}

/** Slack's and Teams' incoming webhooks read `text`; the rest is for other receivers. */
export function webhookPayload(ctx: AlertContext): Record<string, unknown> {
  const { icon, verb } = EVENT_WORDS[ctx.event];
  const findingLines = ctx.findings.slice(0, 5).map((f) => `• ${findingInWords(f)}`);
  if (ctx.findings.length > 5) findingLines.push(`• … and ${ctx.findings.length - 5} more`);
  const text = [`${icon} ${ctx.journey.name} ${verb}.`, ...(ctx.error && ctx.event !== 'recovered' && !ctx.findings.length ? [ctx.error] : []), ...(ctx.event === 'recovered' ? [] : findingLines), `Run: ${ctx.runUrl}`].join('\n');
  return {
    text,
    event: ctx.event,
    journey: ctx.journey,
    status: ctx.status,
    previous: ctx.previous,
    run: { id: ctx.runId, url: ctx.runUrl, report: ctx.reportUrl },
    findings: ctx.findings.map((f) => ({ code: f.code, title: findingInWords(f) })),
  };
}

export function emailText(ctx: AlertContext): { subject: string; text: string } {
  const { verb } = EVENT_WORDS[ctx.event];
  const lines = [`${ctx.journey.name} ${verb} (was ${ctx.previous}, now ${ctx.status}).`, ''];
  if (ctx.event !== 'recovered') {
    if (ctx.findings.length) lines.push('What the customer ran into:', ...ctx.findings.map((f) => `- ${findingInWords(f)}`), '');
    else if (ctx.error) lines.push(ctx.error, '');
  }
  lines.push(`The run: ${ctx.runUrl}`);
  if (ctx.reportUrl) lines.push(`Its report: ${ctx.reportUrl}`);
  lines.push('', '-- journey-audit monitor');
  return { subject: `[journey-audit] ${ctx.journey.name} ${verb}`, text: lines.join('\n') };
}

export interface DeliveryOptions {
  /** Tries in all (default 5). */
  attempts?: number;
  /** First wait between tries; doubles each time (default 2 s). */
  backoffMs?: number;
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  relay?: HostPort;
  from: string;
}

export interface DeliveryResult {
  outcome: 'delivered' | 'failed';
  attempts: number;
  detail: string;
}

const sleepReal = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** POSTs the JSON payload; retries network errors, 408, 429 and 5xx with exponential backoff. */
export async function deliverWebhook(url: string, payload: unknown, options: Omit<DeliveryOptions, 'from' | 'relay'> = {}): Promise<DeliveryResult> {
  const attempts = options.attempts ?? 5;
  const sleep = options.sleep ?? sleepReal;
  let detail = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'journey-audit-monitor' },
        body: JSON.stringify(payload),
        redirect: 'error',
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      await response.arrayBuffer().catch(() => undefined);
      detail = `HTTP ${response.status}`;
      if (response.ok) return { outcome: 'delivered', attempts: attempt, detail };
      const retryable = response.status === 408 || response.status === 429 || response.status >= 500;
      if (!retryable) return { outcome: 'failed', attempts: attempt, detail };
    } catch (error) {
      // The message of a failed fetch can hold the URL (a secret for Slack): keep the cause's code only.
      const cause = (error as { cause?: { code?: string } }).cause;
      detail = cause?.code ?? (error as Error).name ?? 'network error';
    }
    if (attempt < attempts) await sleep((options.backoffMs ?? 2000) * 2 ** (attempt - 1));
  }
  return { outcome: 'failed', attempts, detail };
}

export async function deliverEmail(to: string, ctx: AlertContext, options: DeliveryOptions): Promise<DeliveryResult> {
  if (!options.relay) return { outcome: 'failed', attempts: 0, detail: 'no relay: configured' };
  const { sendMailAs } = await import('../unsubscribe/send-mail.js');
  const attempts = options.attempts ?? 5;
  const sleep = options.sleep ?? sleepReal;
  const { subject, text } = emailText(ctx);
  let detail = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const sent = await sendMailAs({ relay: options.relay, from: options.from, to, subject, text, timeoutMs: options.timeoutMs });
      return { outcome: 'delivered', attempts: attempt, detail: sent.response.slice(0, 200) };
    } catch (error) {
      detail = errorMessage(error).slice(0, 200);
    }
    if (attempt < attempts) await sleep((options.backoffMs ?? 2000) * 2 ** (attempt - 1));
  }
  return { outcome: 'failed', attempts, detail };
}

/** Sends every configured alert that listens for this event, and records each delivery. */
export async function sendAlerts(alerts: readonly AlertConfig[], ctx: AlertContext, store: MonitorStore, options: DeliveryOptions, now: () => number = Date.now): Promise<DeliveryResult[]> {
  const chosen = alerts.filter((a) => a.on.includes(ctx.event));
  return Promise.all(
    chosen.map(async (alert) => {
      const result = alert.kind === 'webhook' ? await deliverWebhook(alert.target, webhookPayload(ctx), options) : await deliverEmail(alert.target, ctx, options);
      await store.recordAlert({ id: shortId(8), journey_file: ctx.journey.file, run_id: ctx.runId, event: ctx.event, channel: alert.kind, target: alert.label, attempts: result.attempts, outcome: result.outcome, detail: result.detail, at: now() });
      return result;
    }),
  );
}
