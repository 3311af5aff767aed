import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, request as playwrightRequest, type APIRequestContext, type Browser, type Page } from 'playwright';
import { maskedScreenshot } from '../../../src/browser/masked-screenshot.js';
import { resolveBrowser } from '../../../src/browser/resolve-browser.js';
import { systemClock } from '../../../src/core/clock.js';
import { parseMessage } from '../../../src/mail/parse.js';
import { matchesQuery, type MailQuery, type ReceivedMail } from '../../../src/mail/received-mail.js';
import type { Finding } from '../../../src/model/report.js';
import type { JourneyStep } from '../../../src/model/journey.js';
import { stepRegistry } from '../../../src/steps/registry.js';
import type { CaptureValue, JourneyMail, StepContext } from '../../../src/steps/step-context.js';
import { FindingsRecorded, StepFailure } from '../../../src/steps/step-failure.js';

/**
 * A step's world without the runner: a real Chromium page, a real HTTP site on loopback,
 * an in-memory mailbox of real parsed mails, and the findings and evidence the step leaves.
 * `runStep('expectText', 'Hello')` runs the step the way the runner does (args parsed by its
 * schema, shorthand applied) and returns what a user would see in the report.
 */
export interface StepHarness {
  site: string;
  page: Page;
  /** Serves `body` (HTML unless a content type is given) at `path` of the site. */
  route(path: string, handler: string | ((req: IncomingMessage, res: ServerResponse) => void)): void;
  /** A received mail in `mailbox`, parsed from raw RFC 5322 text by the real parser. */
  deliver(mailbox: string, raw: string, receivedAt?: number): Promise<ReceivedMail>;
  captures: Map<string, CaptureValue>;
  runStep(kind: string, raw: unknown, options?: { timeoutMs?: number }): Promise<StepOutcome>;
  close(): Promise<void>;
}

export interface StepOutcome {
  status: 'passed' | 'failed';
  /** The failure message the report shows for the step. */
  error?: string;
  findings: Pick<Finding, 'code' | 'message' | 'severity'>[];
  attachments: { name: string; contentType: string; body: Buffer }[];
  /** Kinds of the state-changing requests the step says it made on the site. */
  sideEffects: string[];
}

export async function startStepHarness(): Promise<StepHarness> {
  const routes = new Map<string, string | ((req: IncomingMessage, res: ServerResponse) => void)>();
  const server: Server = createServer((req, res) => {
    const handler = routes.get(new URL(req.url ?? '/', 'http://x').pathname);
    if (typeof handler === 'function') return handler(req, res);
    if (handler === undefined) return res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(handler);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const site = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const found = await resolveBrowser();
  const browser: Browser = await chromium.launch({ executablePath: found.executablePath, args: found.args, headless: true });
  const page = await browser.newPage({ baseURL: site });
  const dir = mkdtempSync(join(tmpdir(), 'ja-steps-'));
  const mailboxes = new Map<string, ReceivedMail[]>();
  const read = new Set<string>();
  const captures = new Map<string, CaptureValue>();
  let request: Promise<APIRequestContext> | undefined;
  let seq = 0;

  const mail: JourneyMail = {
    address: (mailbox) => `${mailbox}.test@journey-audit.test`,
    mailboxesOf: (summary) => [...mailboxes.keys()].filter((name) => summary.envelopeTo.includes(mail.address(name))),
    unsubscribedNow: () => undefined,
    async waitFor(mailbox: string, query: MailQuery) {
      const match = (mailboxes.get(mailbox) ?? []).find((m) => !read.has(`${mailbox}/${m.id}`) && matchesQuery(m, query));
      if (match) read.add(`${mailbox}/${match.id}`);
      return match;
    },
    async collect(mailbox: string, query: MailQuery) {
      return (mailboxes.get(mailbox) ?? []).filter((m) => matchesQuery(m, query));
    },
  };

  return {
    site,
    page,
    captures,
    route: (path, handler) => routes.set(path, handler),
    async deliver(mailbox, raw, receivedAt = Date.now()) {
      const id = `m${++seq}`;
      const path = join(dir, `${id}.eml`);
      writeFileSync(path, raw);
      const header = (name: string) => new RegExp(`^${name}: (.*)$`, 'mi').exec(raw)?.[1] ?? '';
      const parsed = await parseMessage({ id, seq, receivedAt, envelopeFrom: header('From'), envelopeTo: [mail.address(mailbox)], from: header('From'), to: [mail.address(mailbox)], subject: header('Subject'), size: raw.length, sha256: '', path });
      mailboxes.set(mailbox, [...(mailboxes.get(mailbox) ?? []), parsed]);
      return parsed;
    },
    async runStep(kind, raw, options = {}) {
      const definition = stepRegistry.get(kind);
      if (!definition) throw new Error(`no step ${kind}`);
      const outcome: StepOutcome = { status: 'passed', findings: [], attachments: [], sideEffects: [] };
      const args = definition.shorthand && (typeof raw !== 'object' || raw === null) ? { [definition.shorthand]: raw } : (raw ?? {});
      const step = { kind, title: kind, args, location: { file: 'test.journey.yaml', line: 1, column: 1 }, timeoutMs: options.timeoutMs ?? 5_000 } as unknown as JourneyStep;
      const context: StepContext = {
        page,
        request: () => (request ??= playwrightRequest.newContext({ baseURL: site })),
        baseURL: site,
        step,
        timeoutMs: options.timeoutMs ?? 5_000,
        startedAt: Date.now(),
        mail,
        captures: { get: (name) => captures.get(name), set: (name, value) => captures.set(name, value) },
        screenshot: (request) => maskedScreenshot(page, [], request),
        addFinding: (input) => outcome.findings.push({ code: input.code, message: input.message, severity: input.severity ?? 'error' }),
        attach: async (name, body, contentType) => {
          outcome.attachments.push({ name, contentType, body: Buffer.from(body) });
          return `evidence/${name}`;
        },
        evidencePath: (absolutePath) => absolutePath,
        redact: (text) => text,
        run: { id: 'test-run', stateDir: join(dir, 'state'), clock: systemClock },
        lastNavigation: async () => undefined,
        recordLinks: () => undefined,
        recordVerdict: () => undefined,
        recordObservation: () => undefined,
        recordSideEffect: (effect) => outcome.sideEffects.push(effect.kind),
        recordMailStopped: () => undefined,
        followChallenges: false,
      };
      try {
        await definition.run(context, definition.args.parse(args));
      } catch (error) {
        outcome.status = 'failed';
        outcome.error = (error as Error).message;
        if (error instanceof StepFailure) outcome.findings.push({ code: error.finding.code, message: error.finding.message, severity: 'error' });
        else if (!(error instanceof FindingsRecorded)) outcome.findings.push({ code: 'STEP_FAILED', message: outcome.error, severity: 'error' });
      }
      return outcome;
    },
    async close() {
      if (request) await (await request).dispose().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
