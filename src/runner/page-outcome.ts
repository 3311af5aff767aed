import type { Page } from 'playwright';
import { isBotWallPage } from '../links/bot-wall.js';
import type { FindingInput } from '../steps/step-failure.js';
import type { DocumentVisit } from './navigation-tracker.js';

/** What the pages a step opened say, whatever the step itself concluded. */
export interface PageOutcome {
  /** A bot wall stood between the customer and the page: the step could not verify anything. */
  botWall?: FindingInput;
  /** Documents answered with 4xx/5xx (each a finding of its own). */
  httpErrors: FindingInput[];
}

/** Statuses a bot wall answers with; only their bodies are read. */
const WALL_STATUSES = new Set([403, 429, 503, 999]);
const BODY_LIMIT = 20_000;

/**
 * Judges the documents a step opened: a bot wall makes the step inconclusive; a 4xx/5xx
 * page is PAGE_HTTP_ERROR unless the step judges its own page's status (`judgesStatus`).
 */
export async function judgeVisits(page: Page, visits: DocumentVisit[], judgesStatus: boolean): Promise<PageOutcome> {
  const outcome: PageOutcome = { httpErrors: [] };
  for (const [index, visit] of visits.entries()) {
    const headers = visit.response.headers();
    const suspicious = WALL_STATUSES.has(visit.status) || headers['cf-mitigated'] !== undefined;
    const isLast = index === visits.length - 1;
    const body = suspicious ? await visit.response.text().then((t) => t.slice(0, BODY_LIMIT), () => '') : undefined;
    const title = isLast && visit.status < 300 && page.url() === visit.url ? await page.title().catch(() => '') : '';
    if (isBotWallPage({ status: visit.status, headers, body }, title)) {
      outcome.botWall = botWallFinding(visit, headers, body ?? title);
      return outcome;
    }
    if (visit.status >= 400 && !judgesStatus) outcome.httpErrors.push(httpErrorFinding(visit));
  }
  return outcome;
}

function botWallFinding(visit: DocumentVisit, headers: Record<string, string>, text: string): FindingInput {
  const userAgent = visit.response.request().headers()['user-agent'];
  const sign = headers['cf-mitigated'] ? `cf-mitigated: ${headers['cf-mitigated']}` : (/just a moment|verify you are (?:a )?human|checking your browser|captcha|are you a robot|attention required/i.exec(text)?.[0] ?? 'a challenge page');
  return {
    code: 'PAGE_BOT_WALL',
    message:
      `Could not verify: a bot wall answered ${visit.url} (HTTP ${visit.status}, ${sign}) instead of the page, so the rest of the journey could not be checked. ` +
      'This is not a broken promise: allow-list the audit in the site’s bot protection (its IP address and user agent), or walk this part of the journey by hand.',
    details: { url: visit.url, status: visit.status, sign, userAgent },
  };
}

function httpErrorFinding(visit: DocumentVisit): FindingInput {
  const statusText = visit.response.statusText();
  const meaning = visit.status === 404 || visit.status === 410 ? 'a page that does not exist' : visit.status >= 500 ? 'a server error' : 'an error';
  return {
    code: 'PAGE_HTTP_ERROR',
    message: `The customer landed on ${meaning}: ${visit.url} answered HTTP ${visit.status}${statusText ? ` ${statusText}` : ''}.`,
    details: { url: visit.url, status: visit.status },
  };
}
