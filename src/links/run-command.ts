import { writeSync } from 'node:fs';
import { keepHeapSmall } from '../core/heap-growth.js';
import { ExitCode } from '../core/exit-codes.js';
import { formatDuration } from '../core/duration.js';
import { emptyCounts, formatJunit, formatText, JsonLinksWriter, type LinkRun } from './format-results.js';
import { LinkChecker } from './link-checker.js';
import type { LinkPolicy } from './policy.js';
import { LinkProgress } from './progress.js';
import { readTarget } from './read-target.js';
import type { CheckedLink } from './results.js';

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
  const checker = new LinkChecker(policy, {
    onResult: (r) => {
      progress.onResult(r);
      counts.total++;
      counts[r.state]++;
      json?.link(r);
    },
  });
  const started = performance.now();
  progress.start(target.kind === 'url' ? target.url : `${target.links.length} links in ${target.file}`);
  let run: LinkRun;
  try {
    if (target.kind === 'url') {
      const crawled = await checker.crawl(target.url, { depth: opts.recurse ? (opts.depth ?? Infinity) : 0, scope: opts.scope, keep });
      run = { ...crawled, durationMs: performance.now() - started, counts };
    } else {
      const links = await checker.check(target.links);
      run = { links: keep ? links.filter(keep) : links, pages: [], durationMs: performance.now() - started, counts };
    }
  } finally {
    progress.stop();
    await checker.close();
  }
  if (json) json.end(run.pages);
  else writeAll(opts.format === 'junit' ? formatJunit(run, opts) : formatText(run, opts));
  if (opts.format !== 'text') {
    process.stderr.write(`${counts.total} links: ${counts.ok} ok, ${counts.broken} broken, ${counts.blocked} blocked, ${counts.skipped} skipped (${formatDuration(run.durationMs)}, ${checker.requests} requests)\n`);
  }
  const startBroken = run.pages.some((p) => p.depth === 0 && p.state === 'broken');
  return counts.broken > 0 || startBroken ? ExitCode.failed : ExitCode.passed;
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
