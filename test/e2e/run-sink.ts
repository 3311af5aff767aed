import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { join } from 'node:path';

/**
 * Sites under test must know where to send mail before a run starts, but each run's sink
 * listens on a port of its own choosing (port 0): no fixed port that a run which timed
 * out could still hold. This stable address (also port 0, held by the test file) forwards
 * each SMTP connection to the sink of the run going on in the project named by `use()`,
 * found in that run's plan.
 */
export interface RunSinkForwarder {
  host: string;
  port: number;
  /** The project whose run receives the mail from now on. */
  use(project: string, output?: string): void;
  close(): Promise<void>;
}

const PLAN_WAIT_MS = 60_000;

export async function startRunSinkForwarder(): Promise<RunSinkForwarder> {
  let current: { project: string; output: string } | undefined;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    sockets.add(client);
    client.once('close', () => sockets.delete(client));
    client.pause();
    const target = current;
    void (target ? runSinkPort(target.project, target.output, PLAN_WAIT_MS) : Promise.resolve(undefined)).then((port) => {
      if (!port || client.destroyed) return void client.destroy();
      const upstream = connect(port, '127.0.0.1');
      sockets.add(upstream);
      upstream.once('close', () => (sockets.delete(upstream), client.destroy()));
      client.once('close', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
      upstream.pipe(client);
      client.pipe(upstream);
      client.resume();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    host: '127.0.0.1',
    port: (server.address() as { port: number }).port,
    use: (project, output = 'reports') => (current = { project, output }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The SMTP port of the run going on in `project` (from its plan), once its sink listens. */
export async function runSinkPort(project: string, output = 'reports', waitMs = PLAN_WAIT_MS): Promise<number | undefined> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const port = planPort(join(project, output));
    if (port || Date.now() > deadline) return port;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function planPort(outputDir: string): number | undefined {
  if (!existsSync(outputDir)) return undefined;
  for (const run of readdirSync(outputDir)) {
    try {
      const plan = JSON.parse(readFileSync(join(outputDir, run, '.plan.json'), 'utf8')) as { sink?: { smtpPort?: number } };
      if (plan.sink?.smtpPort) return plan.sink.smtpPort;
    } catch {
      // not this folder, or no run going on
    }
  }
  return undefined;
}
