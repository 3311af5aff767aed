/**
 * Shared plumbing for the bundled demo sites: an HTTP server with a tiny
 * router, auto-escaping HTML templates and a page layout, form parsing with
 * a body size cap, and a pooled SMTP mailer.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { HostPort } from '../core/host-port.js';

export interface DemoSite {
  name: string;
  variant: string;
  url: string;
  /** The site's inbound SMTP server (its mail exchanger), when it receives mail. */
  smtp?: HostPort;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------
// HTML

/** A fragment of markup that is already safe to embed as-is. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type HtmlValue = SafeHtml | string | number | false | null | undefined | readonly HtmlValue[];

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function renderValue(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(renderValue).join('');
  if (value === false || value === null || value === undefined) return '';
  return escapeHtml(String(value));
}

/** Template tag: every interpolated value is escaped unless it is SafeHtml. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0];
  values.forEach((value, i) => {
    out += renderValue(value) + strings[i + 1];
  });
  return new SafeHtml(out);
}

const STYLE = `
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2933;background:#f7f5f0}
header{background:#27374d;color:#fff;padding:.75rem 1.5rem;font-weight:600}
header a{color:inherit;text-decoration:none}
main{max-width:42rem;margin:2rem auto;padding:0 1.5rem}
a{color:#1d4ed8}
form{display:grid;gap:.5rem;max-width:26rem}
label{font-weight:500}
input[type=text],input[type=email],select{font:inherit;padding:.4rem .5rem;border:1px solid #9aa5b1;border-radius:4px}
.check{display:flex;gap:.5rem;align-items:center;margin:.5rem 0}
.check label{font-weight:400}
fieldset{border:1px solid #cbd2d9;border-radius:4px;margin:0 0 .5rem}
legend{font-weight:600}
button{font:inherit;justify-self:start;margin-top:.5rem;padding:.5rem 1.25rem;border:0;border-radius:4px;background:#27374d;color:#fff;cursor:pointer}
.error{border-left:4px solid #b91c1c;background:#fdecec;padding:.5rem 1rem;margin-bottom:1rem}
.note{color:#52606d}
`;

/** Wraps page content in a complete, self-contained HTML document. */
export function layout(opts: { brand: string; title: string; body: SafeHtml }): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${opts.title} · ${opts.brand}</title>
<link rel="icon" href="data:,">
<style>${new SafeHtml(STYLE)}</style>
</head>
<body>
<header><a href="/">${opts.brand}</a></header>
<main>
${opts.body}
</main>
</body>
</html>
`.value;
}

/** The error notice shown above a form that failed validation. */
export function errorList(errors: readonly string[]): SafeHtml {
  if (errors.length === 0) return html``;
  return html`<div class="error" role="alert"><p>Please check the form:</p><ul>${errors.map((e) => html`<li>${e}</li>`)}</ul></div>`;
}

// ---------------------------------------------------------------------------
// Replies and errors

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export function htmlReply(status: number, document: string): Reply {
  return { status, headers: { 'content-type': 'text/html; charset=utf-8' }, body: document };
}

export function textReply(status: number, text: string): Reply {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: text };
}

export function jsonReply(status: number, data: unknown): Reply {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(data) };
}

export function redirect(location: string): Reply {
  return { status: 303, headers: { location } };
}

/** Thrown by handlers to answer with an error page whose heading is `message`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'HttpError';
  }
}

// ---------------------------------------------------------------------------
// Request bodies and input

export const MAX_BODY_BYTES = 64 * 1024;

/** Reads the request body as UTF-8; more than MAX_BODY_BYTES is a 413. */
export function readBody(req: IncomingMessage): Promise<string> {
  const tooLarge = () => new HttpError(413, 'That request is too large');
  if (Number(req.headers['content-length']) > MAX_BODY_BYTES) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) {
        chunks.push(chunk);
        return;
      }
      // Stop buffering; the rest of the body is discarded.
      req.off('data', onData);
      req.resume();
      reject(tooLarge());
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Reads an application/x-www-form-urlencoded body. */
export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new URLSearchParams(await readBody(req));
}

/** Same grammar browsers use for <input type="email">. */
const EMAIL_PATTERN =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

export function isEmail(value: string): boolean {
  return value.length <= 254 && EMAIL_PATTERN.test(value);
}

/** An unguessable URL-safe token. */
export function randomToken(bytes = 16): string {
  return randomBytes(bytes).toString('hex');
}

// ---------------------------------------------------------------------------
// Mail

export interface Mailer {
  /** Resolves once the SMTP server has accepted the message. */
  send(message: SendMailOptions): Promise<void>;
  close(): void;
}

export function createMailer(smtp: HostPort): Mailer {
  const transport = nodemailer.createTransport({
    pool: true,
    host: smtp.host,
    port: smtp.port,
    secure: false,
    ignoreTLS: true,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    async send(message) {
      try {
        await transport.sendMail(message);
      } catch (err) {
        console.error(`[demo] sending mail via ${smtp.host}:${smtp.port} failed:`, err);
        throw new HttpError(502, 'We could not send the email right now', { cause: err });
      }
    },
    close() {
      transport.close();
    },
  };
}

// ---------------------------------------------------------------------------
// Server and routing

export interface SiteRequest {
  raw: IncomingMessage;
  url: URL;
  /** The site's own base URL, without trailing slash. */
  origin: string;
  /** Capture groups when the route path is a RegExp. */
  params: string[];
}

export interface Route {
  method: 'GET' | 'POST';
  /** An exact pathname, or a pattern matched against the whole pathname. */
  path: string | RegExp;
  handle(req: SiteRequest): Reply | Promise<Reply>;
}

export interface SiteSpec {
  name: string;
  variant: string;
  /** Shown in the page header and on error pages. */
  brand: string;
  port?: number;
  routes: readonly Route[];
  /** Releases the site's own resources (e.g. its mailer) after the server stops. */
  onClose?(): void | Promise<void>;
}

function matchPath(path: string | RegExp, pathname: string): string[] | undefined {
  if (typeof path === 'string') return path === pathname ? [] : undefined;
  const m = new RegExp(`^(?:${path.source})$`).exec(pathname);
  return m ? m.slice(1) : undefined;
}

function errorPage(brand: string, status: number, message: string): Reply {
  return htmlReply(status, layout({ brand, title: message, body: html`<h1>${message}</h1>` }));
}

async function dispatch(spec: SiteSpec, req: IncomingMessage, origin: string): Promise<Reply> {
  // Concatenate rather than resolve, so a path like "//host/x" stays a path.
  const url = URL.canParse(origin + req.url) ? new URL(origin + req.url) : undefined;
  if (!url) throw new HttpError(400, 'Bad request');
  const method = req.method === 'HEAD' ? 'GET' : req.method;
  const candidates = spec.routes.flatMap((route) => {
    const params = matchPath(route.path, url.pathname);
    return params ? [{ route, params }] : [];
  });
  if (candidates.length === 0) throw new HttpError(404, 'Page not found');
  const hit = candidates.find((c) => c.route.method === method);
  if (!hit) {
    const allow = [...new Set(candidates.map((c) => c.route.method))].join(', ');
    const reply = errorPage(spec.brand, 405, 'Method not allowed');
    return { ...reply, headers: { ...reply.headers, allow } };
  }
  return hit.route.handle({ raw: req, url, origin, params: hit.params });
}

function send(res: ServerResponse, reply: Reply): void {
  const body = reply.body ?? '';
  res.writeHead(reply.status, {
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...reply.headers,
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** Starts an HTTP server for `spec` on 127.0.0.1 (port 0 picks a free port). */
export async function startSite(spec: SiteSpec): Promise<DemoSite> {
  let origin = '';
  const server = createServer((req, res) => {
    dispatch(spec, req, origin)
      .catch((err: unknown): Reply => {
        if (err instanceof HttpError) {
          const reply = errorPage(spec.brand, err.status, err.message);
          // The client may still be uploading an oversized body; don't keep the socket.
          return err.status === 413 ? { ...reply, headers: { ...reply.headers, connection: 'close' } } : reply;
        }
        console.error(`[demo:${spec.name}] ${req.method} ${req.url} failed:`, err);
        return errorPage(spec.brand, 500, 'Something went wrong');
      })
      .then((reply) => send(res, reply))
      .catch((err: unknown) => {
        console.error(`[demo:${spec.name}] could not write response:`, err);
        res.destroy();
      });
  });

  // Keep idle connections open longer than a journey waits between two requests: a client
  // that reuses one the server is just closing gets "socket hang up" (ECONNRESET), and an
  // `http` step (a POST) is never retried. Node's default of 5 s lost that race on a busy machine.
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(spec.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  let closing: Promise<void> | undefined;
  return {
    name: spec.name,
    variant: spec.variant,
    url: origin,
    close() {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await stopped;
        await spec.onClose?.();
      })();
      return closing;
    },
  };
}
