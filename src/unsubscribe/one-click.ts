import { randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AuditProblem } from './header-audit.js';

/**
 * The one-click unsubscribe POST exactly as RFC 8058 §3.2 describes the mailbox
 * provider's request: a fresh connection, no cookies, no Authorization, no redirect
 * following, the body `List-Unsubscribe=One-Click`. The whole exchange is kept as
 * evidence; every way it can go wrong ends as a verdict within `timeoutMs`.
 */
export type OneClickEncoding = 'form' | 'multipart';

export type OneClickOutcome = 'ok' | 'redirect' | 'http-error' | 'timeout' | 'connection-error' | 'oversized' | 'invalid-url';

export interface OneClickExchange {
  url: string;
  encoding: OneClickEncoding;
  startedAt: string;
  ms: number;
  request: { method: 'POST'; target: string; headers: [string, string][]; body: string };
  response?: {
    status: number;
    statusText: string;
    headers: [string, string][];
    /** The body as text, at most `evidenceChars` characters. */
    body: string;
    /** Bytes read (reading stops at maxBodyBytes). */
    bodyBytes: number;
    /** The body was longer than what we kept or read. */
    truncated: boolean;
  };
  outcome: OneClickOutcome;
  /** What went wrong on the wire, for connection errors and timeouts. */
  error?: string;
  verdict: 'passed' | 'failed';
  /** Empty when passed; one finding when failed. */
  problems: AuditProblem[];
}

export interface OneClickOptions {
  encoding?: OneClickEncoding;
  timeoutMs: number;
  /** Stop reading the answer after this many bytes (default 1 MiB); a longer answer is a failure. */
  maxBodyBytes?: number;
  /** Characters of the answer kept as evidence (default 16 000). */
  evidenceChars?: number;
}

const DEFAULT_MAX_BODY = 1024 * 1024;
const DEFAULT_EVIDENCE = 16_000;
const USER_AGENT = 'journey-audit (RFC 8058 one-click check)';

function requestBody(encoding: OneClickEncoding): { contentType: string; body: string } {
  if (encoding === 'form') return { contentType: 'application/x-www-form-urlencoded', body: 'List-Unsubscribe=One-Click' };
  const boundary = `----journey-audit-${randomBytes(8).toString('hex')}`;
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    body: `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`,
  };
}

export async function postOneClick(url: string, opts: OneClickOptions): Promise<OneClickExchange> {
  const encoding = opts.encoding ?? 'form';
  const maxBody = opts.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const evidenceChars = opts.evidenceChars ?? DEFAULT_EVIDENCE;
  const started = Date.now();
  const { contentType, body } = requestBody(encoding);

  let target: URL | undefined;
  try {
    target = new URL(url);
  } catch {
    // handled below
  }
  const base = { url, encoding, startedAt: new Date(started).toISOString() };
  if (!target || (target.protocol !== 'https:' && target.protocol !== 'http:')) {
    return finish({
      ...base,
      ms: 0,
      request: { method: 'POST', target: url, headers: [], body },
      outcome: 'invalid-url',
      error: `${url} is not an http(s) URL`,
    });
  }
  // The URL alone must identify the recipient: credentials in it are never sent.
  const path = `${target.pathname}${target.search}`;
  const headers: [string, string][] = [
    ['Host', target.host],
    ['User-Agent', USER_AGENT],
    ['Content-Type', contentType],
    ['Content-Length', String(Buffer.byteLength(body))],
    ['Accept', '*/*'],
    ['Connection', 'close'],
  ];
  const request = { method: 'POST' as const, target: path, headers, body };

  return new Promise<OneClickExchange>((resolve) => {
    let settled = false;
    let response: OneClickExchange['response'];
    const chunks: Buffer[] = [];
    let kept = 0;
    const done = (outcome: OneClickOutcome, error?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (response) {
        const text = Buffer.concat(chunks).toString('utf8');
        response.body = text.slice(0, evidenceChars);
        response.truncated = response.truncated || text.length > evidenceChars;
      }
      req.destroy();
      resolve(finish({ ...base, ms: Date.now() - started, request, ...(response ? { response } : {}), outcome, ...(error ? { error } : {}) }));
    };
    const client = target.protocol === 'https:' ? https : http;
    const req = client.request(
      {
        protocol: target.protocol,
        hostname: target.hostname.replace(/^\[|\]$/g, ''),
        port: target.port || undefined,
        method: 'POST',
        path,
        headers: Object.fromEntries(headers),
        agent: false, // a fresh connection: no pooled sockets, no shared state
        // Certificates are checked: a broken certificate is a failure a provider would meet too.
      },
      (res) => {
        response = {
          status: res.statusCode ?? 0,
          statusText: res.statusMessage ?? '',
          headers: rawPairs(res.rawHeaders),
          body: '',
          bodyBytes: 0,
          truncated: false,
        };
        const status = response.status;
        res.on('data', (chunk: Buffer) => {
          if (settled || !response) return;
          response.bodyBytes += chunk.length;
          if (kept < evidenceChars * 4) {
            chunks.push(chunk);
            kept += chunk.length;
          } else response.truncated = true;
          if (response.bodyBytes > maxBody) {
            response.truncated = true;
            done('oversized', `the answer exceeded ${maxBody} bytes; reading stopped`);
          }
        });
        res.on('end', () => done(status >= 200 && status < 300 ? 'ok' : status >= 300 && status < 400 ? 'redirect' : 'http-error'));
        res.on('error', (error) => done('connection-error', error.message));
        res.on('aborted', () => done('connection-error', 'the server closed the connection mid-answer'));
      },
    );
    const timer = setTimeout(() => done('timeout', `no complete answer within ${opts.timeoutMs} ms`), opts.timeoutMs);
    req.on('error', (error: NodeJS.ErrnoException) => done('connection-error', error.code ? `${error.code}: ${error.message}` : error.message));
    req.end(body);
  });
}

function rawPairs(raw: string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) pairs.push([raw[i], raw[i + 1]]);
  return pairs;
}

function finish(x: Omit<OneClickExchange, 'verdict' | 'problems'>): OneClickExchange {
  const status = x.response?.status;
  const location = x.response?.headers.find(([k]) => k.toLowerCase() === 'location')?.[1];
  let problem: AuditProblem | undefined;
  switch (x.outcome) {
    case 'ok':
      break;
    case 'redirect':
      problem = {
        code: 'UNSUB_ONE_CLICK_REDIRECT',
        message: `The one-click unsubscribe answered ${status}${location ? ` with a redirect to ${location}` : ''}; mailbox providers do not follow redirects, so the unsubscribe may never happen.`,
        rule: 'RFC8058-3',
      };
      break;
    case 'http-error':
      problem = {
        code: 'UNSUB_ONE_CLICK_FAILED',
        message: `The one-click unsubscribe answered ${status} ${x.response?.statusText ?? ''}`.trimEnd() + (status === 401 || status === 403 ? ': it wants a login or a cookie, which a mailbox provider never sends.' : '.'),
        rule: 'RFC8058-2',
      };
      break;
    case 'timeout':
      problem = { code: 'UNSUB_ONE_CLICK_FAILED', message: `The one-click unsubscribe did not answer in time (${x.error}).`, rule: 'RFC8058-2' };
      break;
    case 'oversized':
      problem = { code: 'UNSUB_ONE_CLICK_FAILED', message: `The one-click unsubscribe answered with a body that never ends or is far too large (${x.error}).`, rule: 'RFC8058-2' };
      break;
    case 'connection-error':
      problem = { code: 'UNSUB_ONE_CLICK_FAILED', message: `The one-click unsubscribe could not be reached (${x.error}).`, rule: 'RFC8058-2' };
      break;
    case 'invalid-url':
      problem = { code: 'UNSUB_ONE_CLICK_FAILED', message: `The one-click address cannot be used (${x.error}).`, rule: 'RFC8058-2' };
      break;
  }
  return { ...x, verdict: problem ? 'failed' : 'passed', problems: problem ? [problem] : [] };
}

/** The exchange as readable text for the evidence file. */
export function formatExchange(x: OneClickExchange): string {
  const lines = [
    `# One-click unsubscribe (RFC 8058), ${x.encoding === 'form' ? 'application/x-www-form-urlencoded' : 'multipart/form-data'}`,
    `# ${x.startedAt}, ${x.ms} ms, outcome: ${x.outcome}, verdict: ${x.verdict}`,
    ...(x.error ? [`# ${x.error}`] : []),
    ...x.problems.map((p) => `# ${p.code} (${p.rule}): ${p.message}`),
    '',
    `> POST ${x.request.target} HTTP/1.1`,
    ...x.request.headers.map(([k, v]) => `> ${k}: ${v}`),
    '>',
    ...x.request.body.split('\r\n').map((l) => `> ${l}`),
    '',
  ];
  if (!x.response) lines.push('< (no answer)');
  else {
    lines.push(`< HTTP ${x.response.status} ${x.response.statusText}`);
    lines.push(...x.response.headers.map(([k, v]) => `< ${k}: ${v}`));
    lines.push('<');
    lines.push(...x.response.body.split(/\r?\n/).map((l) => `< ${l}`));
    if (x.response.truncated) lines.push(`< … (${x.response.bodyBytes} bytes read in all; the rest is not shown)`);
  }
  return `${lines.join('\n')}\n`;
}
