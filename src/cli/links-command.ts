import { Option, type Command } from 'commander';
import { DURATION_EXAMPLES, parseDuration } from '../core/duration.js';
import { InvalidInputError } from '../core/errors.js';

/** `journey-audit links <url|file>`: check the links of a page, site, HTML file, mail, PDF or text file. */
export function registerLinksCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('links')
    .description('Check the links of a page (or a site with --recurse), an HTML file, a mail (.eml), a PDF, or a text/Markdown file')
    .argument('<target>', 'http(s) URL, or a .html, .eml, .pdf, .txt or .md file')
    .option('-r, --recurse', 'also check the links of the pages it leads to, on the same site')
    .option('--depth <n>', 'with --recurse: clicks away from the start page (default: no limit)')
    .addOption(new Option('--scope <scope>', 'with --recurse: which pages are read').choices(['same-origin', 'same-path']).default('same-origin'))
    .addOption(new Option('--format <format>', 'output on stdout').choices(['text', 'json', 'junit']).default('text'))
    .option('--concurrency <n>', 'requests in flight, in all and per host')
    .option('--timeout <duration>', `time for each request (${DURATION_EXAMPLES})`)
    .option('--policy <file>', 'link policy (YAML or JSON): broken statuses, excluded URLs, limits; see docs/links.md')
    .option('--base <url>', 'for an HTML file: the address its relative links resolve against')
    .option('--include-skipped', 'also list skipped links (unsubscribe-like, excluded, not http)')
    .option('--browser', 'render pages drawn by scripts in Chromium, to catch "not found" pages an HTML shell hides')
    .addHelpText('after', '\nExit codes: 0 no broken link · 1 a link is broken · 2 invalid input (missing file, bad URL, bad flag, bad policy)')
    .action(async (target: string, opts) => {
      const overrides: Record<string, number | boolean> = {};
      if (opts.browser) overrides.render = true;
      if (opts.timeout !== undefined) overrides.requestTimeoutMs = positive(parseDuration(opts.timeout), `--timeout ${opts.timeout}: expected a duration like ${DURATION_EXAMPLES}`);
      if (opts.concurrency !== undefined) {
        const n = positive(wholeNumber(opts.concurrency), `--concurrency ${opts.concurrency}: expected a whole number of at least 1`);
        overrides.concurrency = n;
        overrides.perHostConcurrency = n;
      }
      const depth = opts.depth === undefined ? undefined : wholeNumber(opts.depth);
      if (opts.depth !== undefined && depth === undefined) throw new InvalidInputError(`--depth ${opts.depth}: expected a whole number (0 = the start page only)`);
      if (opts.base !== undefined && !URL.canParse(opts.base)) throw new InvalidInputError(`--base ${opts.base}: not a URL`);
      // Loaded on demand: other commands stay fast without undici, htmlparser2 and pdf.js.
      const { runLinksCommand } = await import('../links/run-command.js');
      setExitCode(
        await runLinksCommand({ target, recurse: Boolean(opts.recurse) || depth !== undefined, depth, scope: opts.scope, format: opts.format, policyFile: opts.policy, overrides, base: opts.base, includeSkipped: Boolean(opts.includeSkipped) }),
      );
    });
}

function wholeNumber(value: string): number | undefined {
  return /^\d+$/.test(value.trim()) ? Number(value) : undefined;
}

function positive(value: number | undefined, message: string): number {
  if (value === undefined || value <= 0) throw new InvalidInputError(message);
  return value;
}
