#!/usr/bin/env node
/**
 * Prints (and writes to bench/verdicts/confusion.md) the confusion table of the
 * unsubscribe verdict corpus (test/corpus/unsubscribe): mails through mailparser and the
 * reply classifier, pages rendered by Chromium on loopback and judged from their DOM.
 * Exit code 1 when any verdict is wrong.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const run = spawnSync('npx', ['vitest', 'run', 'test/unit/unsubscribe/corpus.test.ts', '--reporter=dot'], {
  cwd: root,
  env: { ...process.env, WRITE_CONFUSION: '1' },
  stdio: 'inherit',
});
process.exit(run.status ?? 1);
