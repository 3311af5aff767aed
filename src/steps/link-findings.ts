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
