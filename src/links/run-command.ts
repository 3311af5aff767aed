import { writeSync } from 'node:fs';
import { keepHeapSmall } from '../core/heap-growth.js';
import { ExitCode } from '../core/exit-codes.js';
import { formatDuration } from '../core/duration.js';
import { emptyCounts, formatJunit, formatText, formatUnreachableHosts, JsonLinksWriter, type LinkRun } from './format-results.js';
import { LinkChecker } from './link-checker.js';
import type { LinkPolicy } from './policy.js';
import { LinkProgress } from './progress.js';
import { readTarget } from './read-target.js';
import type { CheckedLink, PageResult } from './results.js';

export interface LinksCommandOptions {
  target: string;
  recurse: boolean;
  depth?: number;
  scope: 'same-origin' | 'same-path';
  format: 'text' | 'json' | 'junit';
  policyFile?: string;
  /** From flags; they win over the policy file. */
  overrides: Partial<LinkPolicy>;
  base?: string;
  includeSkipped: boolean;
}

/** Hosts that gave no answer listed on stderr beside JSON or JUnit output (the output lists them all). */
const HOSTS_ON_STDERR = 10;

/** The `links` command: read the target, check, print; 1 when something is broken. */
export async function runLinksCommand(opts: LinksCommandOptions): Promise<number> {
  keepHeapSmall();
  // yaml and zod are loaded only for a policy file.
  const policy = { ...(opts.policyFile ? (await import('./load-policy.js')).loadPolicyFile(opts.policyFile) : {}), ...opts.overrides };
  const target = await readTarget(opts.target, { base: opts.base });
  const progress = new LinkProgress();
  const counts = emptyCounts();
  // JSON is written link by link; text keeps only what it lists; JUnit needs every link.
  const json = opts.format === 'json' ? new JsonLinksWriter(writeAll) : undefined;
  const keep = opts.format === 'junit' ? undefined : opts.format === 'json' ? () => false : (r: CheckedLink) => r.state !== 'ok';
  // What an interrupted check can still print: the pages read and the links it would have kept.
  const pagesSoFar: PageResult[] = [];
  const keptSoFar: CheckedLink[] = [];
  const checker = new LinkChecker(policy, {
    onResult: (r) => {
      progress.onResult(r);
      counts.total++;
      counts[r.state]++;
      json?.link(r);
      if (!json && (!keep || keep(r))) keptSoFar.push(r);
    },
    onPage: (page) => pagesSoFar.push(page),
  });
  const started = performance.now();
  progress.start(target.kind === 'url' ? target.url : `${target.links.length} links in ${target.file}`, checker);
  const stopOnSignal = onInterrupt((signal) => {
    progress.stop();
    const partial: LinkRun = { links: keptSoFar, pages: pagesSoFar, durationMs: performance.now() - started, counts, unreachableHosts: checker.unreachableHosts(), complete: false };
    if (json) json.end(partial.pages, { complete: false, unreachableHosts: partial.unreachableHosts });
    else writeAll(opts.format === 'junit' ? formatJunit(partial, opts) : formatText(partial, opts));
    process.stderr.write(`journey-audit links: interrupted (${signal}) after ${counts.total} links; the output holds what was checked until then\n`);
    return signal === 'SIGINT' ? 130 : 143;
  });
  let run: LinkRun;
  try {
    if (target.kind === 'url') {
      const crawled = await checker.crawl(target.url, { depth: opts.recurse ? (opts.depth ?? Infinity) : 0, scope: opts.scope, keep });
      run = { ...crawled, durationMs: performance.now() - started, counts };
    } else {
      const links = await checker.check(target.links);
      run = { links: keep ? links.filter(keep) : links, pages: [], durationMs: performance.now() - started, counts };
    }
    run.unreachableHosts = checker.unreachableHosts();
  } finally {
    stopOnSignal();
    progress.stop();
    await checker.close();
  }
  if (json) json.end(run.pages, { unreachableHosts: run.unreachableHosts });
  else writeAll(opts.format === 'junit' ? formatJunit(run, opts) : formatText(run, opts));
  if (opts.format !== 'text') {
    process.stderr.write(`${counts.total} links: ${counts.ok} ok, ${counts.broken} broken, ${counts.blocked} blocked, ${counts.skipped} skipped (${formatDuration(run.durationMs)}, ${checker.requests} requests)\n`);
    const hosts = formatUnreachableHosts(run.unreachableHosts ?? []);
    for (const line of hosts.slice(0, HOSTS_ON_STDERR)) process.stderr.write(`  ✗ ${line}\n`);
    if (hosts.length > HOSTS_ON_STDERR) process.stderr.write(`  … and ${hosts.length - HOSTS_ON_STDERR} more hosts that gave no answer (unreachableHosts in the output)\n`);
  }
  if (target.kind === 'file' && target.relativeWithoutBase) process.stderr.write(`${relativeLinksNote(target.file, target.relativeWithoutBase)}\n`);
  const startBroken = run.pages.some((p) => p.depth === 0 && p.state === 'broken');
  return counts.broken > 0 || startBroken ? ExitCode.failed : ExitCode.passed;
}

/** Why the relative links of an HTML file were not checked, and how to have them checked. */
export function relativeLinksNote(file: string, relative: { count: number; example: string }): string {
  const links = relative.count === 1 ? '1 relative link was' : `${relative.count} relative links were`;
  return `journey-audit links: ${links} skipped (like “${relative.example}”): ${file} is a file, so they have no address to resolve against. Give the address the file is served at with --base, e.g. journey-audit links ${file} --base https://example.org/docs/`;
}

/**
 * Until the returned function is called, SIGINT and SIGTERM run `finish` (which writes
 * what is known) and end the process with the code it returns.
 */
function onInterrupt(finish: (signal: NodeJS.Signals) => number): () => void {
  let finished = false;
  const handler = (signal: NodeJS.Signals) => {
    if (finished) return;
    finished = true;
    process.exit(finish(signal));
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

/** Large outputs piped to another process must be written fully before the process exits. */
function writeAll(text: string): void {
  const bytes = Buffer.from(text);
  for (let offset = 0; offset < bytes.length; ) {
    try {
      offset += writeSync(1, bytes, offset);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    }
  }
}
