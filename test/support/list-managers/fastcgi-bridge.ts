import { appendFileSync, createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fastcgiRequest } from './fastcgi-client.js';

const TYPES: Record<string, string> = { '.css': 'text/css', '.js': 'text/javascript', '.png': 'image/png', '.gif': 'image/gif', '.svg': 'image/svg+xml', '.woff': 'font/woff', '.woff2': 'font/woff2', '.ttf': 'font/ttf', '.ico': 'image/x-icon' };

export interface FastCgiBridgeOptions {
  /** Unix socket of the FastCGI responder (started by the caller) and the URL path it answers under (SCRIPT_NAME), e.g. /wws. */
  socketPath: string;
  scriptName: string;
  /** URL prefix → folder of static files served as they are (style sheets, icons). */
  staticDirs: Record<string, string>;
  /** File the responder's stderr records are appended to (its log, for the reader of a failing test). */
  errorLog: string;
}

/**
 * A minimal web server in front of a FastCGI responder (wwsympa.fcgi), on a loopback port:
 * each request's CGI variables (RFC 3875) and body go to the responder over its Unix socket,
 * its CGI response comes back as HTTP. Listens first, so the caller knows the port before
 * writing the responder's configuration; `handle()` starts answering.
 */
export class FastCgiBridge {
  private readonly server: Server;
  private options?: FastCgiBridgeOptions;

  private constructor() {
    this.server = createServer((req, res) => {
      this.answer(req, res).catch((error: Error) => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`bridge error: ${error.message}`);
      });
    });
  }

  static async listen(): Promise<FastCgiBridge> {
    const bridge = new FastCgiBridge();
    await new Promise<void>((resolve) => bridge.server.listen(0, '127.0.0.1', resolve));
    return bridge;
  }

  get port(): number {
    return (this.server.address() as { port: number }).port;
  }

  handle(options: FastCgiBridgeOptions): void {
    this.options = options;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const options = this.options;
    if (!options) throw new Error('not configured yet');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${this.port}`);
    for (const [prefix, dir] of Object.entries(options.staticDirs)) {
      if (url.pathname.startsWith(`${prefix}/`)) return serveStatic(dir, decodeURIComponent(url.pathname.slice(prefix.length)), res);
    }
    if (url.pathname !== options.scriptName && !url.pathname.startsWith(`${options.scriptName}/`)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const body = await readBody(req);
    const headerEnv: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (name === 'content-type' || name === 'content-length' || value === undefined) continue;
      headerEnv[`HTTP_${name.toUpperCase().replace(/-/g, '_')}`] = Array.isArray(value) ? value.join(', ') : value;
    }
    const params: Record<string, string> = {
      ...headerEnv,
      GATEWAY_INTERFACE: 'CGI/1.1',
      SERVER_SOFTWARE: 'journey-audit-test-bridge',
      SERVER_PROTOCOL: `HTTP/${req.httpVersion}`,
      SERVER_NAME: '127.0.0.1',
      SERVER_PORT: String(this.port),
      REMOTE_ADDR: '127.0.0.1',
      REQUEST_METHOD: req.method ?? 'GET',
      REQUEST_URI: req.url ?? '/',
      SCRIPT_NAME: options.scriptName,
      PATH_INFO: decodeURIComponent(url.pathname.slice(options.scriptName.length)),
      QUERY_STRING: url.search.slice(1),
      ...(body.length ? { CONTENT_LENGTH: String(body.length), CONTENT_TYPE: req.headers['content-type'] ?? '' } : {}),
    };
    await waitForSocket(options.socketPath);
    const output = await fastcgiRequest(options.socketPath, params, body);
    appendFileSync(options.errorLog, `--- ${params.REQUEST_METHOD} ${params.REQUEST_URI}\n${output.stderr}`);
    writeCgiResponse(output.stdout, res);
  }
}

/** The responder creates its socket once it has loaded (seconds on a busy machine). */
async function waitForSocket(path: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(path)) {
    if (Date.now() > deadline) throw new Error(`the FastCGI responder did not open ${path} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** A CGI response: header lines (Status:, Location:, others passed on), a blank line, the body. */
function writeCgiResponse(output: Buffer, res: ServerResponse): void {
  const text = output.toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  if (end < 0) {
    res.writeHead(502, { 'content-type': 'text/plain' }).end('the CGI program sent no headers');
    return;
  }
  const separator = text.slice(end).startsWith('\r\n\r\n') ? 4 : text.slice(end).startsWith('\r\n') || text.slice(end).startsWith('\n\r\n') ? 3 : 2;
  let status = 200;
  let hasLocation = false;
  const headers: [string, string][] = [];
  for (const line of text.slice(0, end).split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10) || 200;
    else {
      if (name.toLowerCase() === 'location') hasLocation = true;
      headers.push([name, value]);
    }
  }
  if (hasLocation && status === 200) status = 302;
  res.statusCode = status;
  for (const [name, value] of headers) res.appendHeader(name, value);
  res.end(output.subarray(end + separator));
}

function serveStatic(dir: string, path: string, res: ServerResponse): void {
  const file = normalize(join(dir, path));
  if (!file.startsWith(dir + sep) || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
  createReadStream(file).pipe(res);
}
