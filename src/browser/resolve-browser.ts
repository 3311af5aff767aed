import { existsSync } from 'node:fs';
import { CannotRunError } from '../core/errors.js';

export const BROWSER_ENV = 'JOURNEY_AUDIT_BROWSER';

export interface ResolvedBrowser {
  /** undefined = Playwright's own managed Chromium. */
  executablePath?: string;
  source: 'env' | 'playwright' | 'system';
  args: string[];
}

const SYSTEM_BROWSERS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
];

/** Flags that keep a headless browser quiet on closed networks and in containers. */
function launchArgs(): string[] {
  const args = ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
  // Chromium refuses its sandbox as root (containers, CI images).
  if (process.platform === 'linux' && process.getuid?.() === 0) args.push('--no-sandbox');
  return args;
}

/**
 * The one place that decides which browser runs journeys:
 * JOURNEY_AUDIT_BROWSER → Playwright-managed Chromium → a system Chromium/Chrome.
 */
export async function findBrowser(env: NodeJS.ProcessEnv = process.env): Promise<ResolvedBrowser | undefined> {
  const args = launchArgs();
  const fromEnv = browserFromEnv(env);
  if (fromEnv) return { executablePath: fromEnv, source: 'env', args };
  if (await managedChromiumInstalled()) return { source: 'playwright', args };
  const system = systemBrowser();
  return system ? { executablePath: system, source: 'system', args } : undefined;
}

/**
 * Whether some browser will be found, without loading Playwright (half a second) when
 * the answer is already known: the CLI asks this before every run.
 */
export async function browserAvailable(env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  return Boolean(browserFromEnv(env) || systemBrowser() || (await managedChromiumInstalled()));
}

function browserFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  const path = env[BROWSER_ENV];
  if (path && !existsSync(path)) {
    throw new CannotRunError(`${BROWSER_ENV} points at ${path}, which does not exist`, 'set it to the path of a Chromium or Chrome executable, or unset it');
  }
  return path || undefined;
}

function systemBrowser(): string | undefined {
  return SYSTEM_BROWSERS.find((path) => existsSync(path));
}

async function managedChromiumInstalled(): Promise<boolean> {
  try {
    const { chromium } = await import('playwright');
    return existsSync(chromium.executablePath());
  } catch {
    return false;
  }
}

export const NO_BROWSER_HINT = [
  'journey-audit needs Chromium or Chrome. Any one of these works:',
  '  npm run setup-browser            (tries Playwright’s download, then apt-get on Debian/Ubuntu as root)',
  '  npx playwright install chromium  (needs internet access)',
  '  apt-get install -y chromium      (Debian/Ubuntu)',
  `  ${BROWSER_ENV}=/path/to/chrome    (use a browser you already have)`,
].join('\n');

export async function resolveBrowser(env: NodeJS.ProcessEnv = process.env): Promise<ResolvedBrowser> {
  const found = await findBrowser(env);
  if (!found) throw new CannotRunError('no browser found', NO_BROWSER_HINT);
  return found;
}

export async function ensureBrowserAvailable(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (!(await browserAvailable(env))) throw new CannotRunError('no browser found', NO_BROWSER_HINT);
}
