/**
 * The verdict corpus (test/corpus/unsubscribe): unsubscribe pages, preference centres,
 * confirmation pages and the mails that come back, in seven languages, written after the
 * wording of the templates list managers and ESPs publish (each case names its source).
 * Mails are parsed by mailparser as the sink does; pages are served on loopback and read
 * from the DOM Chromium renders. Every verdict must be right, and nothing harmless may be
 * called a problem. The confusion table is printed (and written to bench/verdicts/ when
 * WRITE_CONFUSION=1, see bench/verdicts/confusion.mjs).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { chromium, type Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveBrowser } from '../../../src/browser/resolve-browser.js';
import { readPage } from '../../../src/unsubscribe/link-flow-page.js';
import { judgePage } from '../../../src/unsubscribe/page-verdict.js';
import { classifyReply, type ReplyClass } from '../../../src/unsubscribe/reply-classifier.js';

interface CorpusCase {
  id: string;
  file: string;
  type: 'mail' | 'page';
  lang: string;
  expected: string;
  source: string;
  /** A page reached after the customer pressed an unsubscribe or confirm button. */
  acted?: boolean;
}

const ROOT = join(import.meta.dirname, '../../corpus/unsubscribe');
const cases = JSON.parse(readFileSync(join(ROOT, 'index.json'), 'utf8')) as CorpusCase[];

/** Verdicts that tell the customer something is wrong: calling a harmless case one of these is a false alarm. */
const PROBLEMS = new Set(['auto-responder', 'challenge', 'resubscribed', 'goodbye-marketing', 'still-needs-action', 'login-wall', 'error', 'unclear']);

/** The corpus label of a classified mail. */
function mailLabel(reply: ReplyClass): string {
  switch (reply.kind) {
    case 'auto-reply':
      return 'auto-responder';
    case 'whitelisted':
    case 'resubscribed':
      return 'resubscribed';
    case 'subscription-confirmation':
      return 'subscribed';
    case 'unsubscribe-confirmation':
      return reply.marketing?.length ? 'goodbye-marketing' : 'confirmed';
    default:
      return reply.kind;
  }
}

async function classifyMail(file: string): Promise<{ label: string; reply: ReplyClass }> {
  const parsed = await simpleParser(readFileSync(join(ROOT, file)));
  const reply = classifyReply({
    headerLines: parsed.headerLines.map((h) => ({ key: h.key, line: h.line })),
    subject: parsed.subject ?? '',
    from: parsed.from?.value[0]?.address ?? '',
    text: parsed.text ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : undefined,
  });
  return { label: mailLabel(reply), reply };
}

let browser: Browser;
let server: Server;
let origin: string;
const results: { case: CorpusCase; got: string; evidence: string }[] = [];

beforeAll(async () => {
  const found = await resolveBrowser();
  browser = await chromium.launch({ executablePath: found.executablePath, args: found.args });
  server = createServer((req, res) => {
    const page = cases.find((c) => c.type === 'page' && `/${c.file}` === req.url);
    if (!page) return void res.writeHead(404).end('not found');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(readFileSync(join(ROOT, page.file)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  if (results.length === cases.length) report();
});

function report(): void {
  const labels = [...new Set(cases.map((c) => c.expected).concat(results.map((r) => r.got)))].sort();
  const count = (expected: string, got: string) => results.filter((r) => r.case.expected === expected && r.got === got).length;
  const lines = [
    `| expected \\ got | ${labels.join(' | ')} |`,
    `|---|${labels.map(() => '---:').join('|')}|`,
    ...labels.filter((e) => cases.some((c) => c.expected === e)).map((e) => `| ${e} | ${labels.map((g) => String(count(e, g) || '·')).join(' | ')} |`),
  ];
  const right = results.filter((r) => r.got === r.case.expected).length;
  const falseAlarms = results.filter((r) => r.got !== r.case.expected && PROBLEMS.has(r.got)).length;
  const languages = [...new Set(cases.map((c) => c.lang))].sort();
  const summary = `${cases.length} cases (${cases.filter((c) => c.type === 'mail').length} mails, ${cases.filter((c) => c.type === 'page').length} pages; ${languages.join(', ')}): right ${right}/${results.length} (${((100 * right) / results.length).toFixed(1)} %), false alarms ${falseAlarms}`;
  const wrong = results.filter((r) => r.got !== r.case.expected).map((r) => `- ${r.case.id}: expected ${r.case.expected}, got ${r.got} (${r.evidence})`);
  const table = [summary, '', ...lines, ...(wrong.length ? ['', ...wrong] : [])].join('\n');
  console.log(`\nUnsubscribe verdict corpus\n${table}\n`);
  if (process.env.WRITE_CONFUSION === '1') writeFileSync(join(import.meta.dirname, '../../../bench/verdicts/confusion.md'), `# Unsubscribe verdict corpus: confusion table\n\n${table}\n`);
}

describe('verdict corpus', () => {
  it('has at least 40 cases in at least 5 languages, each with its source', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    expect(new Set(cases.map((c) => c.lang)).size).toBeGreaterThanOrEqual(5);
    for (const c of cases) expect(c.source.length, c.id).toBeGreaterThan(20);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
  });

  describe.each(cases.filter((c) => c.type === 'mail').map((c) => [c.id, c] as const))('mail %s', (_id, c) => {
    it(`is ${c.expected}`, async () => {
      const { label, reply } = await classifyMail(c.file);
      results.push({ case: c, got: label, evidence: reply.evidence.join('; ') || 'no sign' });
      expect(label, `${c.id}: ${reply.evidence.join('; ')}`).toBe(c.expected);
      if (label === 'confirmation-request') expect(reply.confirm?.asksForReply || reply.confirm?.link !== undefined, 'a way to confirm').toBe(true);
    });
  });

  describe.each(cases.filter((c) => c.type === 'page').map((c) => [c.id, c] as const))('page %s', (_id, c) => {
    it(`is ${c.expected}`, async () => {
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        await page.goto(`${origin}/${c.file}`);
        const judged = judgePage(await readPage(page), { acted: c.acted === true });
        results.push({ case: c, got: judged.verdict, evidence: judged.evidence });
        expect(judged.verdict, `${c.id}: ${judged.evidence}`).toBe(c.expected);
      } finally {
        await context.close();
      }
    }, 30_000);
  });
});
