import { createHmac, randomBytes } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, resolve, sep } from 'node:path';
import { sameSecret } from '../mail/smtp-sink.js';
import { renderDashboard } from './dashboard.js';
import { PageResponder } from './page-response.js';
import type { JourneyOverview } from './journey-overview.js';
import type { MonitorMetrics } from './metrics.js';
import type { MonitorStore, RunRow } from './store.js';
import type { HostPort } from '../core/host-port.js';

/**
 * The monitor's web side (docs/monitor.md is the reference of its API, version 1):
 *   GET  /                           dashboard (HTML)
 *   POST /journeys/:id/run           "Run now" button (form with a CSRF token)
 *   GET  /reports/<run>/…            the runs' own report folders (report.html and evidence)
 *   GET  /runs/:id                   a run's stable address: redirects to its report.html
 *   GET  /health                     { ok } (no auth: for load balancers and probes)
 *   GET  /metrics                    Prometheus text format
 *   GET  /api/v1/journeys[/:id]      journeys with status, history, flakiness, next run
 *   POST /api/v1/journeys/:id/run    run now (Content-Type: application/json)
 *   GET  /api/v1/runs?journey=&status=&limit=&before=
 *   GET  /api/v1/runs/:id            one run with its findings
 *   GET  /api/v1/findings?journey=&code=&run=&limit=
 *   GET  /api/v1/observations?status=open
 *   GET  /api/v1/alerts?limit=
 * With a token set, every request but /health needs `Authorization: Bearer <token>` or
 * HTTP Basic with the token as password (what a browser prompts for).
 */
export interface MonitorHttpContext {
  store: MonitorStore;
  metrics: MonitorMetrics;
  runsDir: string;
  token?: string;
  overviews: () => Promise<JourneyOverview[]>;
  fileOfId: (id: string) => string | undefined;
  idOfFile: (file: string) => string;
  nameOfFile: (file: string) => string;
  reportPathOf: (reportDir: string | null) => string | undefined;
  runNow: (file: string) => { queued: boolean; reason?: string };
  health: () => Record<string, unknown>;
  now: () => number;
}

export const MONITOR_API_PREFIX = '/api/v1';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.png': 'image/png',
  '.jpeg': 'image/jpeg',
  '.jpg': 'image/jpeg',
  '.webm': 'video/webm',
  '.zip': 'application/zip',
  '.eml': 'text/plain; charset=utf-8',
  '.pdf': 'application/pdf',
  '.txt': 'text/plain; charset=utf-8',
  '.log': 'text/plain; charset=utf-8',
};

export class MonitorHttpServer {
  private readonly server: Server;
  /** CSRF tokens are an HMAC of the form's action with a secret of this process. */
  private readonly csrfSecret = randomBytes(32);

  constructor(private readonly ctx: MonitorHttpContext) {
    this.server = createServer((req, res) => {
      this.route(req, res).catch((error: Error) => {
        if (!res.headersSent) sendJson(res, 500, { error: error.message });
        else res.destroy();
      });
    });
    this.server.keepAliveTimeout = 5000;
  }

  listen(port: number, host: string): Promise<HostPort & { url: string }> {
    return new Promise((resolvePromise, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        const address = this.server.address() as AddressInfo;
        const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
        resolvePromise({ host: address.address, port: address.port, url: `http://${shown}:${address.port}` });
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolvePromise) => {
      this.server.close(() => resolvePromise());
      this.server.closeAllConnections();
    });
  }

  csrfFor(action: string): string {
    return createHmac('sha256', this.csrfSecret).update(action).digest('base64url');
  }

  private authorized(req: IncomingMessage): boolean {
    const token = this.ctx.token;
    if (!token) return true;
    const header = req.headers.authorization ?? '';
    if (header.startsWith('Bearer ')) return sameSecret(header.slice(7).trim(), token);
    if (header.startsWith('Basic ')) {
      const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
      return sameSecret(decoded.slice(decoded.indexOf(':') + 1), token);
    }
    return false;
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://monitor');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'same-origin');
    if (path === '/health') return sendJson(res, 200, { ok: true, ...this.ctx.health() });
    if (!this.authorized(req)) {
      res.setHeader('www-authenticate', 'Basic realm="journey-audit monitor", charset="UTF-8"');
      return sendJson(res, 401, { error: 'authentication required: Authorization: Bearer <token>, or the token as the password' });
    }
    if (path === '/' && method === 'GET') return this.dashboard(req, res, url);
    const runForm = /^\/journeys\/([^/]+)\/run$/.exec(path);
    if (runForm) return method === 'POST' ? this.runFromForm(req, res, decodeURIComponent(runForm[1])) : notAllowed(res, 'POST');
    if (path.startsWith('/reports/') && method === 'GET') return this.report(res, path.slice('/reports/'.length));
    const runPage = /^\/runs\/([^/]+)$/.exec(path);
    if (runPage && method === 'GET') return this.runReport(res, decodeURIComponent(runPage[1]));
    if (path === '/metrics' && method === 'GET') {
      res.writeHead(200, { 'content-type': this.ctx.metrics.registry.contentType });
      res.end(await this.ctx.metrics.registry.metrics());
      return;
    }
    if (path.startsWith(`${MONITOR_API_PREFIX}/`)) return this.api(req, res, url, path.slice(MONITOR_API_PREFIX.length), method);
    return sendJson(res, 404, { error: 'not found' });
  }

  private readonly pages = new PageResponder();

  private async dashboard(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const began = performance.now();
    const now = this.ctx.now();
    const journeys = await this.ctx.overviews();
    const { observations, findingsByDay, alerts } = await this.sideData(now);
    const html = renderDashboard({
      journeys,
      observations,
      findingsByDay,
      alerts,
      csrf: this.csrfFor('run-now'),
      now,
      notice: url.searchParams.get('notice') ?? undefined,
      idOfFile: this.ctx.idOfFile,
      nameOfFile: this.ctx.nameOfFile,
    });
    // no-cache: the browser keeps the page but asks each time (a 304 when it has not changed).
    this.pages.send(req, res, html, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'private, no-cache',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    }, began);
  }

  private side?: { version: number; hour: number; data: Promise<Pick<Parameters<typeof renderDashboard>[0], 'observations' | 'findingsByDay' | 'alerts'>> };

  /** Observations, findings per day and alerts: read again when the store changed (or the hour did). */
  private sideData(now: number) {
    const version = this.ctx.store.version;
    const hour = Math.floor(now / 3_600_000);
    if (this.side?.version !== version || this.side.hour !== hour) {
      const data = Promise.all([this.ctx.store.observations('open'), this.ctx.store.findingsByDay(now - 14 * 86_400_000), this.ctx.store.alerts(20)]).then(([observations, findingsByDay, alerts]) => ({ observations, findingsByDay, alerts }));
      const entry = { version, hour, data };
      this.side = entry;
      // A write that overlapped the read leaves the version changed: the next request reads again.
      void data.then(() => {
        if (this.ctx.store.version !== version && this.side === entry) this.side = undefined;
      }, () => {
        if (this.side === entry) this.side = undefined;
      });
    }
    return this.side!.data;
  }

  private async runFromForm(req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
    const body = new URLSearchParams(await readBody(req, 4096));
    const origin = req.headers.origin;
    const sameOrigin = origin === undefined || origin === `http://${req.headers.host}` || origin === `https://${req.headers.host}`;
    const given = body.get('csrf') ?? '';
    if (!sameOrigin || !sameSecret(given, this.csrfFor('run-now'))) return sendJson(res, 403, { error: 'this form is out of date or came from another site: reload the dashboard and press the button again' });
    const file = this.ctx.fileOfId(id);
    if (!file) return sendJson(res, 404, { error: `no journey ${id}` });
    const result = this.ctx.runNow(file);
    const notice = result.queued ? `${this.ctx.nameOfFile(file)}: run started.` : `${this.ctx.nameOfFile(file)}: not started, ${result.reason}.`;
    res.writeHead(303, { location: `/?notice=${encodeURIComponent(notice)}` });
    res.end();
  }

  /** A run's stable address: its report.html, or what is known about it when it has none. */
  private async runReport(res: ServerResponse, id: string): Promise<void> {
    const run = await this.ctx.store.run(id);
    if (!run) return sendJson(res, 404, { error: 'no such run' });
    const report = this.ctx.reportPathOf(run.report_dir);
    if (report) {
      res.writeHead(303, { location: report });
      res.end();
      return;
    }
    return sendJson(res, 200, this.runJson(run));
  }

  private report(res: ServerResponse, relative: string): void {
    const decoded = decodeURIComponent(relative);
    const root = resolve(this.ctx.runsDir);
    const file = resolve(root, decoded);
    if (decoded.includes('\0') || !file.startsWith(root + sep)) return sendJson(res, 404, { error: 'not found' });
    let size: number;
    try {
      const stat = statSync(file);
      if (!stat.isFile()) return sendJson(res, 404, { error: 'not found' });
      size = stat.size;
    } catch {
      return sendJson(res, 404, { error: 'not found' });
    }
    res.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream', 'content-length': size, 'cache-control': 'private, max-age=60' });
    createReadStream(file).pipe(res);
  }

  private async api(req: IncomingMessage, res: ServerResponse, url: URL, route: string, method: string): Promise<void> {
    const q = url.searchParams;
    const journeyFilter = () => {
      const id = q.get('journey');
      if (id === null) return { ok: true as const, file: undefined };
      const file = this.ctx.fileOfId(id);
      return file ? { ok: true as const, file } : { ok: false as const };
    };
    const limit = Math.min(Math.max(Number(q.get('limit') ?? 50) || 50, 1), 1000);
    if (route === '/health') return sendJson(res, 200, { ok: true, api: 'v1', ...this.ctx.health() });
    if (route === '/journeys' && method === 'GET') return sendJson(res, 200, { journeys: (await this.ctx.overviews()).map((j) => this.journeyJson(j)) });
    const journeyMatch = /^\/journeys\/([^/]+)(\/run)?$/.exec(route);
    if (journeyMatch) {
      const file = this.ctx.fileOfId(decodeURIComponent(journeyMatch[1]));
      if (!file) return sendJson(res, 404, { error: 'no such journey' });
      if (journeyMatch[2]) {
        if (method !== 'POST') return notAllowed(res, 'POST');
        // A cross-site form cannot send JSON without a CORS preflight, which this server never grants.
        if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return sendJson(res, 415, { error: 'send Content-Type: application/json' });
        await readBody(req, 4096);
        const result = this.ctx.runNow(file);
        return sendJson(res, result.queued ? 202 : 409, result);
      }
      if (method !== 'GET') return notAllowed(res, 'GET');
      const found = (await this.ctx.overviews()).find((j) => j.file === file);
      return found ? sendJson(res, 200, this.journeyJson(found)) : sendJson(res, 404, { error: 'no such journey' });
    }
    if (method !== 'GET') return notAllowed(res, 'GET');
    if (route === '/runs') {
      const journey = journeyFilter();
      if (!journey.ok) return sendJson(res, 404, { error: 'no such journey' });
      const before = q.get('before') === null ? undefined : Date.parse(q.get('before')!);
      const runs = await this.ctx.store.runs({ journeyFile: journey.file, status: q.get('status') ?? undefined, limit, before: Number.isFinite(before) ? before : undefined });
      return sendJson(res, 200, { runs: runs.map((r) => this.runJson(r)) });
    }
    const runMatch = /^\/runs\/([^/]+)$/.exec(route);
    if (runMatch) {
      const run = await this.ctx.store.run(decodeURIComponent(runMatch[1]));
      if (!run) return sendJson(res, 404, { error: 'no such run' });
      const findings = await this.ctx.store.findings({ runId: run.id, limit: 1000 });
      return sendJson(res, 200, { ...this.runJson(run), findings: findings.map((f) => ({ code: f.code, severity: f.severity, message: f.message, rule: f.rule ?? undefined })) });
    }
    if (route === '/findings') {
      const journey = journeyFilter();
      if (!journey.ok) return sendJson(res, 404, { error: 'no such journey' });
      const findings = await this.ctx.store.findings({ journeyFile: journey.file, code: q.get('code') ?? undefined, runId: q.get('run') ?? undefined, limit });
      return sendJson(res, 200, {
        findings: findings.map((f) => ({ run: f.run_id, journey: this.ctx.idOfFile(f.journey_file), code: f.code, severity: f.severity, message: f.message, rule: f.rule ?? undefined, foundAt: iso(f.found_at) })),
      });
    }
    if (route === '/observations') {
      const observations = await this.ctx.store.observations(q.get('status') ?? undefined);
      return sendJson(res, 200, {
        observations: observations.map((o) => ({ id: o.id, journey: this.ctx.idOfFile(o.journey_file), address: o.address, window: o.window, startedAt: iso(o.started_at), closesAt: iso(o.closes_at), status: o.status, mailsSeen: o.mails_seen, runs: o.runs })),
      });
    }
    if (route === '/alerts') {
      const alerts = await this.ctx.store.alerts(limit);
      return sendJson(res, 200, { alerts: alerts.map((a) => ({ journey: this.ctx.idOfFile(a.journey_file), run: a.run_id, event: a.event, channel: a.channel, target: a.target, attempts: a.attempts, outcome: a.outcome, detail: a.detail ?? undefined, at: iso(a.at) })) });
    }
    return sendJson(res, 404, { error: 'no such endpoint' });
  }

  private journeyJson(j: JourneyOverview): Record<string, unknown> {
    return {
      id: j.id,
      name: j.name,
      status: j.status,
      since: j.since === undefined ? undefined : iso(j.since),
      nextRunAt: j.nextRunAt === undefined ? undefined : iso(j.nextRunAt),
      running: j.busy,
      flakiness: j.flakiness,
      medianDurationMs: j.medianDurationMs,
      history: j.history.map((r) => ({ id: r.id, status: r.status, startedAt: iso(r.startedAt), durationMs: r.durationMs, report: r.reportPath })),
    };
  }

  private runJson(r: RunRow): Record<string, unknown> {
    return {
      id: r.id,
      journey: this.ctx.idOfFile(r.journey_file),
      trigger: r.trigger,
      slotAt: r.slot_at === null ? undefined : iso(r.slot_at),
      startedAt: iso(r.started_at),
      finishedAt: r.finished_at === null ? undefined : iso(r.finished_at),
      status: r.status,
      durationMs: r.duration_ms === null ? undefined : Number(r.duration_ms),
      summary: r.summary ? (JSON.parse(r.summary) as unknown) : undefined,
      error: r.error ?? undefined,
      report: this.ctx.reportPathOf(r.report_dir),
    };
  }
}

function iso(ms: number | bigint): string {
  return new Date(Number(ms)).toISOString();
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

function notAllowed(res: ServerResponse, allow: string): void {
  res.setHeader('allow', allow);
  sendJson(res, 405, { error: `method not allowed; use ${allow}` });
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > limit) {
        reject(new Error('request body too large'));
        req.destroy();
      }
    });
    req.on('end', () => resolvePromise(body));
    req.on('error', reject);
  });
}
