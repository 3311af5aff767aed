import type { HttpAnswer } from './http-request.js';

/** Words of challenge pages (Cloudflare, Akamai, PerimeterX, DataDome, Imperva, captchas). */
const CHALLENGE = /just a moment|checking your browser|attention required|challenge-platform|cf-chl|cf_chl|captcha|are you a robot|are you human|verify you are human|access denied|ddos protection|px-captcha|_incapsula_resource|datadome|bot protection|unusual traffic/i;

/** A bot wall: a person with a browser would probably get through, so the link is not reported as broken. */
export function isBotWall(answer: HttpAnswer): boolean {
  if (answer.status === 999) return true;
  if (answer.headers['cf-mitigated']) return true;
  if (answer.status !== 403 && answer.status !== 503 && answer.status !== 429) return false;
  return CHALLENGE.test(answer.body?.slice(0, 20_000) ?? '');
}

/** Titles of challenge interstitials, which some walls serve with 200. */
const CHALLENGE_TITLE = /^\s*(?:just a moment|attention required|checking your browser|verify you are (?:a )?human|are you (?:a robot|human)|please wait while we verify|one more step|access denied|pardon our interruption)\b/i;

/** A page a browser landed on that is a bot wall: by its answer (see isBotWall), or by a challenge title on a 2xx page. */
export function isBotWallPage(answer: Pick<HttpAnswer, 'status' | 'headers' | 'body'>, title: string): boolean {
  if (isBotWall(answer as HttpAnswer)) return true;
  return answer.status >= 200 && answer.status < 300 && CHALLENGE_TITLE.test(title);
}
