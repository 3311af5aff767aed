// Starts the peer spec's mail sink (journey-audit's Sink, so mail handling is equal on
// both sides) on BENCH_SMTP_PORT and hands its HTTP API to the workers by environment.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Sink } from '../../dist/mail/sink.js';

export default async function globalSetup() {
  const dir = mkdtempSync(join(tmpdir(), 'ja-bench-peer-mail-'));
  const sink = new Sink({ dir, smtpPort: Number(process.env.BENCH_SMTP_PORT ?? 0) });
  const endpoint = await sink.start();
  process.env.BENCH_SINK_API = endpoint.api;
  process.env.BENCH_MAIL_DOMAIN = endpoint.domain;
  return async () => {
    const stopping = performance.now();
    await sink.stop();
    // An idle pooled SMTP connection from a site holds the stop for the SMTP server's
    // close timeout; printed so the benchmark can show it (journey-audit pays it too).
    console.log(`[bench] peer sink stopped in ${(performance.now() - stopping).toFixed(0)} ms`);
    rmSync(dir, { recursive: true, force: true });
  };
}
