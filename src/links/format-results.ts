import { formatDuration } from '../core/duration.js';
import type { LinkState } from '../model/report.js';
import { xml } from '../core/xml.js';
import type { UnreachableHost } from './host-health.js';
import type { CheckedLink, PageResult } from './results.js';

export interface LinkRun {
  /** The links to print (all of them, or only those not ok when `counts` covers the rest). */
  links: CheckedLink[];
  pages: PageResult[];
  durationMs: number;
  /** Counts of every link checked, when `links` holds only some. */
  counts?: LinkCounts;
  /** Hosts that gave no answer and were not asked again. */
  unreachableHosts?: readonly UnreachableHost[];
  /** False when the check was interrupted. */
  complete?: boolean;
}

/** `dns: example.org — 412 links (getaddrinfo ENOTFOUND example.org)`, one line per host. */
export function formatUnreachableHosts(hosts: readonly UnreachableHost[]): string[] {
  return hosts.map((h) => `${h.reason}: ${h.host} — ${h.links} ${h.links === 1 ? 'link' : 'links'} (${firstLine(h.detail)})`);
}

function firstLine(text: string): string {
  return text.split('\n')[0];
}

export type LinkCounts = Record<LinkState, number> & { total: number };

export function emptyCounts(): LinkCounts {
  return { total: 0, ok: 0, broken: 0, blocked: 0, skipped: 0 };
}

export function countStates(links: readonly CheckedLink[]): LinkCounts {
  const counts = emptyCounts();
  for (const link of links) {
    counts.total++;
    counts[link.state]++;
  }
  return counts;
}

/**
 * Writes `{ "links": [ { url, parent, text, state, reason, status, chain, ms } ], "pages": [...] }`
 * piece by piece, each link as it comes: a crawl's output can be tens of megabytes, and
 * need not be held in memory.
 */
export class JsonLinksWriter {
  private count = 0;
  private buffer = '';
  // Links of one document share their chain, and links of one page their parent: encode those once.
  private readonly chains = new WeakMap<object, string>();
  private readonly parents = new Map<string, string>();

  constructor(private readonly write: (text: string) => void) {
    this.buffer = '{\n  "links": [';
  }

  link(l: CheckedLink): void {
    let chain = this.chains.get(l.chain);
    if (chain === undefined) this.chains.set(l.chain, (chain = JSON.stringify(l.chain)));
    let parent = this.parents.get(l.parent);
    if (parent === undefined) this.parents.set(l.parent, (parent = JSON.stringify(l.parent)));
    const reason = l.reason === undefined ? 'null' : JSON.stringify(l.reason);
    this.buffer += `${this.count++ === 0 ? '' : ','}\n    {"url":${JSON.stringify(l.url)},"parent":${parent},"text":${JSON.stringify(l.text)},"state":"${l.state}","reason":${reason},"status":${l.status ?? 'null'},"chain":${chain},"ms":${l.ms}}`;
    if (this.buffer.length > 64 * 1024) this.flush();
  }

  /**
   * Closes the arrays. `complete: false` marks the output of a check that was interrupted
   * (SIGINT, SIGTERM): valid JSON with what was checked until then.
   */
  end(pages: readonly PageResult[], more: { complete?: boolean; unreachableHosts?: readonly UnreachableHost[] } = {}): void {
    this.buffer += `${this.count ? '\n  ' : ''}],\n  "pages": [`;
    this.buffer += pages.map((p, i) => `${i === 0 ? '' : ','}\n    ${JSON.stringify(p)}`).join('');
    this.buffer += `${pages.length ? '\n  ' : ''}]`;
    if (more.unreachableHosts) this.buffer += `,\n  "unreachableHosts": ${JSON.stringify(more.unreachableHosts)}`;
    this.buffer += `,\n  "complete": ${more.complete ?? true}\n}\n`;
    this.flush();
  }

  private flush(): void {
    this.write(this.buffer);
    this.buffer = '';
  }
}

export function formatJson(run: LinkRun): string {
  let out = '';
  const writer = new JsonLinksWriter((text) => (out += text));
  for (const link of run.links) writer.link(link);
  writer.end(run.pages, { complete: run.complete, unreachableHosts: run.unreachableHosts });
  return out;
}

const MARK: Record<LinkState, string> = { broken: '✗', blocked: '⊘', skipped: '–', ok: '✓' };
/** A host that gave no answer with more links than this is summed up, its links not listed one by one (JSON lists them all). */
const LISTED_PER_HOST = 3;

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}

/** Broken and blocked links (and skipped ones on request) grouped by the page, mail or file they were found in. */
export function formatText(run: LinkRun, opts: { includeSkipped?: boolean } = {}): string {
  const shown = new Set<LinkState>(['broken', 'blocked', ...(opts.includeSkipped ? (['skipped'] as const) : [])]);
  // Links to a host written off with many links are summed up under the host, not listed one by one.
  const collapsed = new Map((run.unreachableHosts ?? []).filter((h) => h.links > LISTED_PER_HOST).map((h) => [h.host, { reason: h.reason, parents: new Set<string>() }]));
  const byParent = new Map<string, CheckedLink[]>();
  for (const link of run.links) {
    if (!shown.has(link.state)) continue;
    const host = collapsed.size && link.state === 'broken' ? collapsed.get(hostOf(link.url)) : undefined;
    if (host && host.reason === link.reason) {
      host.parents.add(link.parent);
      continue;
    }
    const list = byParent.get(link.parent) ?? [];
    list.push(link);
    byParent.set(link.parent, list);
  }
  const out: string[] = [];
  for (const page of run.pages) {
    if (page.state === 'broken' && page.depth === 0) out.push(`✗ ${page.url} itself: ${page.reason ?? 'broken'}${page.status ? ` (HTTP ${page.status})` : ''}`, '');
  }
  for (const [parent, links] of byParent) {
    out.push(parent);
    for (const link of links) {
      const status = link.status !== undefined ? ` HTTP ${link.status}` : '';
      const text = link.text ? ` “${link.text}”` : '';
      const where = link.where ? ` (${link.where})` : '';
      out.push(`  ${MARK[link.state]} ${link.state} ${link.reason ?? ''}${status}  ${link.url}${text}${where}`);
      if (link.detail) out.push(`      ${link.detail}`);
      if (link.chain.length > 1) out.push(`      ${link.chain.map((hop) => `${hop.url} [${hop.status}]`).join(' → ')}`);
    }
    out.push('');
  }
  if (run.unreachableHosts?.length) {
    out.push('Hosts that gave no answer (asked once, the other links to them got the same reason):');
    for (const [i, line] of formatUnreachableHosts(run.unreachableHosts).entries()) {
      const parents = [...(collapsed.get(run.unreachableHosts[i].host)?.parents ?? [])];
      const on = parents.length ? ` on ${parents.length} ${parents.length === 1 ? 'page' : 'pages'}, e.g. ${parents.slice(0, 2).join(', ')}` : '';
      out.push(`  ✗ ${line}${on}`);
    }
    out.push('');
  }
  if (run.complete === false) out.push('Interrupted: the counts below cover the links checked until then.');
  const c = run.counts ?? countStates(run.links);
  const pages = run.pages.length > 1 ? ` on ${run.pages.length} pages` : '';
  // One broken address is one problem, however many links lead to it.
  const brokenAddresses = new Set(run.links.filter((l) => l.state === 'broken').map((l) => l.url)).size;
  const addresses = brokenAddresses > 0 && brokenAddresses < c.broken ? ` (${brokenAddresses} ${brokenAddresses === 1 ? 'address' : 'addresses'})` : '';
  out.push(`${c.total} links${pages}: ${c.ok} ok, ${c.broken} broken${addresses}, ${c.blocked} blocked, ${c.skipped} skipped (${formatDuration(run.durationMs)})`);
  return `${out.join('\n')}\n`;
}

/** A test suite per parent, a test case per link; broken links fail, blocked and skipped ones are skipped. */
export function formatJunit(run: LinkRun, opts: { includeSkipped?: boolean } = {}): string {
  const c = countStates(run.links);
  const byParent = new Map<string, CheckedLink[]>();
  for (const link of run.links) {
    if (link.state === 'skipped' && !opts.includeSkipped) continue;
    byParent.set(link.parent, [...(byParent.get(link.parent) ?? []), link]);
  }
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="journey-audit links" tests="${c.total}" failures="${c.broken}" time="${(run.durationMs / 1000).toFixed(3)}">`];
  for (const [parent, links] of byParent) {
    const failures = links.filter((l) => l.state === 'broken').length;
    out.push(`  <testsuite name="${xml(parent)}" tests="${links.length}" failures="${failures}">`);
    for (const link of links) {
      out.push(`    <testcase name="${xml(link.url)}" classname="${xml(parent)}" time="${(link.ms / 1000).toFixed(3)}">`);
      const why = `${link.reason ?? link.state}${link.status !== undefined ? ` (HTTP ${link.status})` : ''}${link.detail ? `: ${link.detail}` : ''}`;
      if (link.state === 'broken') out.push(`      <failure message="${xml(why)}" type="${xml(link.reason ?? 'broken')}">${xml(link.chain.map((h) => `${h.url} [${h.status}]`).join('\n'))}</failure>`);
      else if (link.state !== 'ok') out.push(`      <skipped message="${xml(`${link.state}: ${why}`)}"/>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>', '');
  return out.join('\n');
}
