/**
 * Runs the bundled demo sites until interrupted:
 *   node dist/demo/serve.js --smtp-port 2525 [--smtp-host 127.0.0.1]
 */
import { parseArgs } from 'node:util';
import { startDemoSites } from './demo-sites.js';

const USAGE = 'usage: node dist/demo/serve.js --smtp-port <port> [--smtp-host <host>]';

function parsePort(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  const port = Number(value);
  return port >= 1 && port <= 65535 ? port : undefined;
}

async function main(): Promise<void> {
  let values: { 'smtp-port'?: string; 'smtp-host'?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        'smtp-port': { type: 'string' },
        'smtp-host': { type: 'string', default: '127.0.0.1' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = parsePort(values['smtp-port']);
  if (port === undefined) {
    console.error(`--smtp-port must be a port number between 1 and 65535\n${USAGE}`);
    process.exitCode = 2;
    return;
  }

  const demo = await startDemoSites({ smtp: { host: values['smtp-host'] ?? '127.0.0.1', port } });
  for (const [key, url] of Object.entries(demo.env)) console.log(`${key}=${url}`);
  console.log('Demo sites are running. Press Ctrl+C to stop.');

  const stop = (signal: NodeJS.Signals) => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    console.log(`Received ${signal}, stopping demo sites…`);
    demo.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
