import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { errorMessage } from '../core/errors.js';
import { findBrowser, NO_BROWSER_HINT } from './resolve-browser.js';

const INSTALL_TIMEOUT_MS = 10 * 60_000;

/**
 * Makes sure a browser is there: run by `npm install` and `npm run setup-browser`.
 * Tries Playwright's own download first, then Debian's chromium package as root.
 * Every attempt prints what it does; none can hang past its time limit.
 */
export async function setupBrowser(options: { ifMissing: boolean }): Promise<number> {
  const log = (line: string) => console.log(`journey-audit: ${line}`);
  const found = await safeFind();
  if (found && options.ifMissing) {
    log(`browser ready (${found.source}${found.executablePath ? `: ${found.executablePath}` : ''})`);
    return 0;
  }
  if (process.env.JOURNEY_AUDIT_SKIP_BROWSER_SETUP) {
    log('JOURNEY_AUDIT_SKIP_BROWSER_SETUP is set; not installing a browser');
    return 0;
  }

  log('installing Chromium with Playwright (npx playwright install chromium)…');
  const cli = join(dirname(createRequire(import.meta.url).resolve('playwright/package.json')), 'cli.js');
  if ((await run(process.execPath, [cli, 'install', 'chromium'], 5 * 60_000)) === 0 && (await safeFind())) return done(log);

  if (process.platform === 'linux' && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    log('Playwright could not download Chromium; installing Debian/Ubuntu’s chromium package with apt-get…');
    await run('apt-get', ['update', '-qq'], INSTALL_TIMEOUT_MS);
    if ((await run('apt-get', ['install', '-y', '-qq', 'chromium'], INSTALL_TIMEOUT_MS, { DEBIAN_FRONTEND: 'noninteractive' })) === 0 && (await safeFind())) return done(log);
  }

  console.error(`journey-audit: could not install a browser.\n${NO_BROWSER_HINT}`);
  // Not fatal for `npm install`: the tool explains the same at run time (exit code 3).
  return options.ifMissing ? 0 : 3;
}

async function done(log: (line: string) => void): Promise<number> {
  const found = await safeFind();
  log(`browser ready (${found?.source}${found?.executablePath ? `: ${found.executablePath}` : ''})`);
  return 0;
}

function safeFind() {
  return findBrowser().catch(() => undefined);
}

function run(command: string, args: string[], timeoutMs: number, env: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env } });
    const timer = setTimeout(() => {
      console.error(`journey-audit: ${command} took longer than ${timeoutMs / 60_000} minutes; stopping it`);
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      console.error(`journey-audit: ${command}: ${errorMessage(error)}`);
      clearTimeout(timer);
      resolve(127);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code ?? 1);
    });
  });
}
