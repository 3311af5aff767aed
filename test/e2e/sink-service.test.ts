import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SinkClient } from '../../src/mail/sink-client.js';
import { BIN, latestReport, runCli, tempProject } from './cli-harness.js';
import { trackChild } from '../support/child-processes.js';
import { budget } from '../support/time-budget.js';

/**
 * `journey-audit sink` as its own process, and `journey-audit run --sink` using it
 * instead of starting a sink: a tiny loopback site mails a sign-up link to the journey's
 * mailbox through the shared sink; the journey waits for it and opens the link.
 */
const TOKEN = 'e2e-sink-token-0123456789';
let sink: ChildProcess;
let output = '';
let api: string;
let smtpPort: number;
let site: Server;
let siteUrl: string;

function startSinkProcess(args: string[], env: NodeJS.ProcessEnv = {}): { child: ChildProcess; exit: Promise<{ code: number | null; output: string }> } {
  // Lives as long as the test (or, started in beforeAll, the file) that started it; never
  // on a clock of its own, which a slow machine would outrun.
  const child = trackChild(spawn(process.execPath, [BIN, 'sink', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }));
  let text = '';
  child.stdout!.on('data', (d) => (text += d));
  child.stderr!.on('data', (d) => (text += d));
  const exit = new Promise<{ code: number | null; output: string }>((resolve) => child.on('close', (code) => resolve({ code, output: text })));
  Object.defineProperty(child, 'text', { get: () => text });
  return { child, exit };
}

async function until<T>(read: () => T | undefined, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

let sinkExit: Promise<{ code: number | null; output: string }>;

beforeAll(async () => {
  const started = startSinkProcess(['--smtp-port', '0', '--http-port', '0', '--domain', 'shared.test'], { JOURNEY_AUDIT_SINK_TOKEN: TOKEN });
  sink = started.child;
  sinkExit = started.exit;
  sink.stdout!.on('data', (d) => (output += d));
  await until(() => (/HTTP API\s+(http:\/\/\S+?)\/api\/v1\//.test(output) ? true : undefined), budget(20_000));
  api = /HTTP API\s+(http:\/\/\S+?)\/api\/v1\//.exec(output)![1];
  smtpPort = Number(/SMTP\s+127\.0\.0\.1:(\d+)/.exec(output)![1]);

  // The site under test: a sign-up form that mails a confirmation link.
  site = createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/signup') {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', async () => {
        const email = new URLSearchParams(body).get('email') ?? '';
        await nodemailer
          .createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true })
          .sendMail({ from: 'hello@site.test', to: email, subject: 'Please confirm', html: `<p><a href="${siteUrl}/confirmed">Confirm my address</a></p>` });
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<h1>Check your inbox</h1>');
      });
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(req.url === '/confirmed' ? '<h1>Address confirmed</h1>' : '<form method="post" action="/signup"><label>Email <input name="email"></label><button>Sign up</button></form>');
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  siteUrl = `http://127.0.0.1:${(site.address() as { port: number }).port}`;
});

afterAll(async () => {
  site?.close();
  if (sink && sink.exitCode === null) sink.kill('SIGKILL');
});

const JOURNEY = `name: Sign-up through a shared sink
baseURL: \${{ env.SITE_URL }}
mailboxes: [customer]
steps:
  - goto: /
  - fill: { label: Email, value: "\${{ mailbox.customer.address }}" }
  - click: Sign up
  - expectText: Check your inbox
  - waitForEmail: { to: customer, subject: /confirm/i, as: confirm }
  - openLink: { in: confirm, text: Confirm my address }
  - expectText: Address confirmed
`;

describe('journey-audit sink (service) and run --sink', () => {
  it('prints its endpoints and refuses API calls without the token', async () => {
    expect(output).toMatch(/SMTP\s+127\.0\.0\.1:\d+/);
    expect(output).toContain('token required');
    expect(output).not.toContain(TOKEN);
    expect((await fetch(`${api}/api/v1/health`)).status).toBe(401);
  });

  it('runs a mail journey against the running sink instead of starting one', async () => {
    const project = tempProject({ 'journeys/signup.journey.yaml': JOURNEY });
    const result = await runCli(['run', '--sink', api, '--workers', '1'], { cwd: project, env: { SITE_URL: siteUrl, JOURNEY_AUDIT_SINK_TOKEN: TOKEN } });
    expect(result.stdout + result.stderr).toContain('1 of 1 journey passed');
    expect(result.code).toBe(0);
    expect(result.stdout + result.stderr).toContain(`mail sink on 127.0.0.1:${smtpPort}`);
    const [journey] = latestReport(project).journeys;
    expect(journey.status).toBe('passed');
    expect(journey.mails.map((m) => m.subject)).toEqual(['Please confirm']);
    // The shared sink keeps its files: the run folder holds a copy of the raw mail.
    const copy = join(project, 'reports', 'latest', journey.mails[0].path);
    expect(existsSync(copy)).toBe(true);
    const address = Object.values(journey.mailboxes)[0];
    expect(address).toMatch(/@shared\.test$/);
    const [stored] = await new SinkClient(api, { token: TOKEN }).list({ to: address });
    expect(readFileSync(copy).equals(await new SinkClient(api, { token: TOKEN }).raw(stored.id))).toBe(true);
  });

  it('fails with exit 2 and a hint when run --sink has the wrong token, and 3 when no sink answers', async () => {
    const project = tempProject({ 'journeys/signup.journey.yaml': JOURNEY });
    const wrong = await runCli(['run', '--sink', api, '--sink-token', 'not-the-right-token-123'], { cwd: project, env: { SITE_URL: siteUrl } });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/wants a token/);
    const none = await runCli(['run', '--sink', 'http://127.0.0.1:9'], { cwd: project, env: { SITE_URL: siteUrl } });
    expect(none.code).toBe(3);
    expect(none.stderr).toMatch(/no journey-audit sink answers/);
  });

  it('refuses to listen beyond loopback without a token: exit 2 with a clear message', async () => {
    const { exit } = startSinkProcess(['--host', '0.0.0.0', '--smtp-port', '0', '--http-port', '0'], { JOURNEY_AUDIT_SINK_TOKEN: '' });
    const { code, output: text } = await exit;
    expect(code).toBe(2);
    expect(text).toMatch(/refusing to listen on 0\.0\.0\.0 without a token/);
    expect(text).toMatch(/JOURNEY_AUDIT_SINK_TOKEN/);
  });

  it('explains bad flags with exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['--max-size', '10XB'], /--max-size 10XB: expected a size/],
      [['--retention', 'soon'], /--retention soon: expected a duration/],
      [['--tls-cert', 'cert.pem'], /--tls-cert and --tls-key go together/],
      [['--smtps-port', '0'], /--smtps-port needs a certificate/],
      [['--smtp-port', '70000'], /--smtp-port 70000: not a port number/],
    ];
    for (const [args, message] of cases) {
      const { code, output: text } = await startSinkProcess([...args, '--http-port', '0', ...(args.includes('--smtp-port') ? [] : ['--smtp-port', '0'])]).exit;
      expect(code, args.join(' ')).toBe(2);
      expect(text).toMatch(message);
    }
  });

  it('shuts down cleanly on SIGTERM (exit 0, temporary store removed)', async () => {
    const store = /store\s+(\S+)/.exec(output)![1];
    expect(existsSync(store)).toBe(true);
    sink.kill('SIGTERM');
    const { code, output: text } = await sinkExit;
    expect(code).toBe(0);
    expect(text).toContain('SIGTERM: stopping');
    expect(existsSync(store)).toBe(false);
  });
});
