import type { FindingCode } from '../model/finding-codes.js';
import type { LinkResult } from '../model/report.js';

/** Which finding a link that is not ok becomes, by the reason the checker gave. */
export function linkFindingCode(link: LinkResult): FindingCode | undefined {
  if (link.state === 'blocked') return 'LINK_BLOCKED';
  if (link.state !== 'broken') return undefined;
  switch (link.reason) {
    case 'soft-404':
      return 'LINK_SOFT_404';
    case 'timeout':
      return 'LINK_TIMEOUT';
    case 'dns':
    case 'tls':
    case 'connection':
      return 'LINK_UNREACHABLE';
    case 'loop':
    case 'too-many-redirects':
      return 'LINK_REDIRECT_LOOP';
    case 'fragment-missing':
      return 'LINK_FRAGMENT_MISSING';
    default:
      return 'LINK_BROKEN';
  }
}

const WHY: Record<string, (link: LinkResult) => string> = {
  status: (l) => (l.status === 404 || l.status === 410 ? `a page that does not exist (HTTP ${l.status})` : `an error (HTTP ${l.status})`),
  'soft-404': () => 'a "not found" page that pretends to work',
  timeout: () => 'a server that never answers',
  dns: () => 'a domain that does not exist',
  tls: () => 'a site with a broken certificate',
  connection: () => 'a server that refuses the connection',
  loop: () => 'redirects that go round in circles',
  'too-many-redirects': () => 'a chain of redirects that never ends',
  'fragment-missing': () => 'a page without the section it names',
};

/** One plain sentence: where the customer meets the link, and what they get. */
export function linkFindingMessage(link: LinkResult, source: string): string {
  const label = link.text ? `“${link.text}”` : link.url;
  const where = link.where ? ` (${link.where})` : '';
  if (link.state === 'blocked') return `The link ${label} in ${source}${where} is behind a bot wall and could not be checked; a person may reach it: ${link.url}`;
  const why = (link.reason && WHY[link.reason]?.(link)) ?? `a broken page (${link.reason ?? 'unknown reason'})`;
  return `The link ${label} in ${source}${where} leads to ${why}: ${link.url}`;
}

/** Where one link to an address was found. */
export interface LinkOccurrence {
  /** The page URL, mail or file, in words a person recognises. */
  parent: string;
  /** The page's title, when known. */
  title?: string;
  where?: string;
  text: string;
}

/** One address that is not ok, with every place that links to it (one finding, however many links). */
export interface LinkProblem {
  link: LinkResult;
  occurrences: LinkOccurrence[];
  /** Set when the problem is a whole host that gave no answer: its links, to this many addresses. */
  host?: { name: string; addresses: number };
}

/**
 * The links that become findings, one per address and reason: a broken address linked
 * from 50 pages is one problem found in 50 places, not 50 problems.
 */
export function groupLinkProblems(links: readonly LinkResult[], unreachableHosts: readonly { host: string; reason: string }[] = []): LinkProblem[] {
  // A host written off for the run (dns, refused, timeouts) is one problem too, whatever the number of addresses on it.
  const deadHosts = new Map(unreachableHosts.map((h) => [h.host, h.reason]));
  const groups = new Map<string, LinkProblem>();
  const addresses = new Map<LinkProblem, Set<string>>();
  for (const link of links) {
    if (!linkFindingCode(link)) continue;
    const host = deadHosts.size && link.state === 'broken' ? hostOf(link.url) : '';
    const onDeadHost = host !== '' && deadHosts.get(host) === link.reason;
    const key = onDeadHost ? `host\u0000${link.reason}\u0000${host}` : `${link.state}\u0000${link.reason ?? ''}\u0000${link.status ?? ''}\u0000${link.url}`;
    const occurrence: LinkOccurrence = { parent: link.parent, title: link.parentTitle, where: link.where, text: link.text };
    let group = groups.get(key);
    if (group) group.occurrences.push(occurrence);
    else groups.set(key, (group = { link, occurrences: [occurrence] }));
    if (onDeadHost) {
      const seen = addresses.get(group) ?? new Set<string>();
      seen.add(link.url);
      addresses.set(group, seen);
      group.host = { name: host, addresses: seen.size };
    }
  }
  return [...groups.values()];
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}

/** `Title — https://…/page (line 12)`, `the email “Welcome” (text/html part, line 3)`, `guide.pdf (PDF page 2)`. */
export function describeOccurrence(o: Pick<LinkOccurrence, 'parent' | 'title' | 'where'>): string {
  const page = o.title && o.title !== o.parent ? `${o.title} — ${o.parent}` : o.parent;
  return o.where ? `${page} (${o.where})` : page;
}

const PLACES_IN_MESSAGE = 3;

/** The finding's sentence for an address found in one or many places. */
export function linkProblemMessage(problem: LinkProblem, source: string): string {
  const { link, occurrences, host } = problem;
  if (host && host.addresses > 1) {
    const pages = new Set(occurrences.map((o) => o.parent)).size;
    const shown = occurrences.slice(0, PLACES_IN_MESSAGE).map(describeOccurrence).join('; ');
    const more = occurrences.length > PLACES_IN_MESSAGE ? `; and ${occurrences.length - PLACES_IN_MESSAGE} more` : '';
    return `${link.reason}: ${host.name} — ${occurrences.length} links to ${host.addresses} addresses lead to ${(link.reason && WHY[link.reason]?.(link)) ?? 'a host that gives no answer'} (asked until that was clear, then not again), on ${pages} ${pages === 1 ? 'page' : 'pages'} of ${source}: ${shown}${more}`;
  }
  if (occurrences.length === 1) {
    const [only] = occurrences;
    return linkFindingMessage({ ...link, where: undefined }, describeOccurrence(only));
  }
  const label = link.text ? `“${link.text}”` : link.url;
  const pages = new Set(occurrences.map((o) => o.parent)).size;
  const why = link.state === 'blocked' ? 'is behind a bot wall and could not be checked; a person may reach it' : `leads to ${(link.reason && WHY[link.reason]?.(link)) ?? `a broken page (${link.reason ?? 'unknown reason'})`}`;
  const shown = occurrences.slice(0, PLACES_IN_MESSAGE).map(describeOccurrence).join('; ');
  const more = occurrences.length > PLACES_IN_MESSAGE ? `; and ${occurrences.length - PLACES_IN_MESSAGE} more` : '';
  return `The link ${label} ${why}: ${link.url} — ${occurrences.length} links on ${pages} ${pages === 1 ? 'page' : 'pages'} of ${source}: ${shown}${more}`;
}
