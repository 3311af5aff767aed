import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { DiagnosticCode } from '../model/diagnostic.js';
import type { FoundLink } from '../links/index.js';
import type { LinkResult } from '../model/report.js';
import { captureName, pattern } from './args.js';
import { defineStep } from './define-step.js';
import { mailLabel } from './judged-link.js';
import { groupLinkProblems, linkFindingCode, linkProblemMessage } from './link-findings.js';
import type { StepContext } from './step-context.js';
import { fail, FindingsRecorded } from './step-failure.js';

const CRAWL_BUDGET_MS = 120_000;
const CHECK_BUDGET_MS = 30_000;
/** Places listed in a finding's details (the count covers them all; links.json has every link). */
const MAX_PLACES_IN_DETAILS = 200;

const args = z
  .strictObject({
    in: captureName.optional().meta({ description: 'Check the links of this received email (remembered by waitForEmail `as:`)' }),
    download: z.string().optional().meta({ description: 'Click the link or button with this text, and check the links of the file it downloads (PDF, HTML, text)' }),
    url: z.string().optional().meta({ description: 'Fetch this document (PDF, HTML, text) and check its links' }),
    crawl: z.string().optional().meta({ description: 'Start address of a crawl: check every link of every page reached' }),
    depth: z.number().int().min(0).max(10).default(1).meta({ description: 'With crawl: how many clicks deep to follow pages' }),
    scope: z.enum(['same-origin', 'same-path']).default('same-origin').meta({ description: 'With crawl: which pages are followed (links to elsewhere are checked, not followed)' }),
    only: pattern.optional().meta({ description: 'Check only links whose address or text matches' }),
    exclude: z.array(pattern).default([]).meta({ description: 'Links whose address matches any of these are skipped' }),
    failOn: z.array(z.enum(['broken', 'blocked'])).default(['broken']).meta({ description: 'Link states that fail the step (default: broken)' }),
  })
  .refine((a) => [a.in, a.download, a.url, a.crawl].filter((v) => v !== undefined).length <= 1, {
    message: 'check one thing per step: give at most one of in, download, url, crawl',
    params: { code: DiagnosticCode.badValue, expected: 'one of in:, download:, url:, crawl: (or none for the current page)' },
  });

type Args = z.output<typeof args>;

export default defineStep({
  name: 'checkLinks',
  summary: 'Check every link of the current page, a received email, a downloaded PDF, or a crawl — soft 404s included, unsubscribe links never opened',
  args,
  captureArgs: ['in'],
  sideEffects: false,
  judges: 'audit',
  example: '- checkLinks: { download: Download the e-book }',
  budgetMs: (a) => (a.crawl ? CRAWL_BUDGET_MS : CHECK_BUDGET_MS),
  describe: (a) =>
    a.in ? `check the links in the email "${a.in}"` : a.download ? `check the links in the file behind "${a.download}"` : a.url ? `check the links in ${a.url}` : a.crawl ? `check the links of ${a.crawl} and the pages it leads to` : 'check the links on the page',
  async run(ctx, a) {
    const links = await import('../links/index.js');
    const checker = new links.LinkChecker({ exclude: a.exclude.map((p) => p.source), requestTimeoutMs: Math.min(10_000, ctx.timeoutMs) });
    let results: LinkResult[];
    let source: string;
    let unreachableHosts: { host: string; reason: string }[] = [];
    try {
      if (a.crawl) {
        source = `the site from ${a.crawl}`;
        const start = new URL(a.crawl, ctx.page.url().startsWith('http') ? ctx.page.url() : ctx.baseURL).href;
        const crawled = await checker.crawl(start, { depth: a.depth, scope: a.scope });
        const titles = new Map(crawled.pages.map((p) => [p.url, p.title]));
        results = crawled.links.filter((l) => matchesOnly(a, l)).map((l) => withTitle(l, titles.get(l.parent)));
      } else {
        const gathered = await gather(ctx, a, links);
        source = gathered.source;
        const found = gathered.links.filter((l) => matchesOnly(a, l)).map((l) => ({ ...l, parent: gathered.parent ?? l.parent }));
        results = (await checker.check(found)).map((l) => withTitle(l, gathered.title));
      }
      unreachableHosts = checker.unreachableHosts();
    } finally {
      await checker.close();
    }
    ctx.recordLinks(results);
    const evidence = [await ctx.attach('links.json', JSON.stringify(results, null, 2), 'application/json')];
    let failing = 0;
    // One finding per address and reason, listing every place that links to it.
    for (const problem of groupLinkProblems(results, unreachableHosts)) {
      const { link, occurrences } = problem;
      const code = linkFindingCode(link)!;
      const fails = a.failOn.includes(link.state as 'broken' | 'blocked');
      if (fails) failing++;
      const details = { url: problem.host && problem.host.addresses > 1 ? undefined : link.url, host: problem.host?.name, addresses: problem.host?.addresses, example: problem.host ? link.url : undefined, state: link.state, reason: link.reason, status: link.status, chain: link.chain, occurrences: occurrences.length, foundIn: occurrences.slice(0, MAX_PLACES_IN_DETAILS) };
      ctx.addFinding({ code, message: linkProblemMessage(problem, source), evidence, details, severity: fails ? undefined : 'info' });
    }
    if (failing > 0) {
      const total = new Set(results.map((l) => l.url)).size;
      throw new FindingsRecorded(`${failing} of ${total} addresses linked from ${source} are ${a.failOn.join(' or ')}.`);
    }
  },
});

function withTitle(link: LinkResult, title: string | undefined): LinkResult {
  return title && title !== link.parent ? { ...link, parentTitle: title } : link;
}

function matchesOnly(a: Args, link: { url: string; text: string }): boolean {
  return !a.only || a.only.test(link.url) || a.only.test(link.text);
}

type LinksModule = typeof import('../links/index.js');

/** The links to check, the words for where they are, and the label of their parent in the report (not an internal id). */
async function gather(ctx: StepContext, a: Args, links: LinksModule): Promise<{ links: FoundLink[]; source: string; parent?: string; title?: string }> {
  if (a.in) {
    const mail = ctx.captures.get(a.in);
    if (!mail || typeof mail === 'string') fail('STEP_FAILED', `"${a.in}" is not an email remembered by an earlier waitForEmail step.`);
    return { links: links.extractMailLinks(mail), source: mailLabel(mail.subject), parent: mailLabel(mail.subject) };
  }
  if (a.download) {
    const [download] = await Promise.all([
      ctx.page.waitForEvent('download', { timeout: ctx.timeoutMs }),
      ctx.page.getByText(a.download).first().click({ timeout: ctx.timeoutMs }),
    ]);
    const name = download.suggestedFilename();
    const path = await download.path();
    const bytes = await readFile(path);
    const evidence = await ctx.attach(safeName(name), bytes, contentTypeOf(name));
    return { links: await linksOfDocument(links, bytes, name, evidence, download.url()), source: `the downloaded file ${name}`, parent: name };
  }
  if (a.url) {
    const response = await (await ctx.request()).get(a.url, { timeout: ctx.timeoutMs });
    if (!response.ok()) fail('LINK_BROKEN', `The document ${a.url} itself cannot be downloaded (HTTP ${response.status()}).`, { details: { url: a.url, status: response.status() } });
    const bytes = await response.body();
    const name = new URL(response.url()).pathname.split('/').pop() || 'document';
    const evidence = await ctx.attach(safeName(name), bytes, response.headers()['content-type'] ?? contentTypeOf(name));
    return { links: await linksOfDocument(links, bytes, name, evidence, response.url(), response.headers()['content-type']), source: `the document ${name}`, parent: name };
  }
  const url = ctx.page.url();
  return { links: links.extractHtmlLinks(await ctx.page.content(), { baseUrl: url, parent: url }), source: `the page ${url}`, title: (await ctx.page.title().catch(() => '')) || undefined };
}

async function linksOfDocument(links: LinksModule, bytes: Buffer, name: string, parent: string, url: string, contentType = ''): Promise<FoundLink[]> {
  if (/pdf/i.test(contentType) || /\.pdf$/i.test(name) || bytes.subarray(0, 5).toString('latin1') === '%PDF-') {
    return links.extractPdfLinks(new Uint8Array(bytes), parent);
  }
  const text = bytes.toString('utf8');
  if (/html/i.test(contentType) || /\.html?$/i.test(name)) return links.extractHtmlLinks(text, { baseUrl: url, parent });
  return links.extractTextLinks(text, parent);
}

function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80) || 'download';
}

function contentTypeOf(name: string): string {
  if (/\.pdf$/i.test(name)) return 'application/pdf';
  if (/\.html?$/i.test(name)) return 'text/html';
  return 'text/plain';
}
