// Checks the answer key against the running site before the checkers run: each injected
// link really answers the way the key says (the time- and state-dependent ones, the 30 s
// stall, the 1.5 s page and the 429, are left to the checkers; .invalid needs DNS).
const SKIP = new Set(['timeout-30s', 'trap-slow-1.5s', 'trap-429', 'invalid-host']);

/** Returns a list of problems (empty when the key holds). */
export async function verifyKey(key, origin) {
  const problems = [];
  for (const entry of key) {
    if (SKIP.has(entry.kind)) continue;
    const url = new URL(entry.url, origin);
    const hops = [];
    let response;
    let current = url.href;
    for (let i = 0; i < 6; i++) {
      response = await fetch(current, { redirect: 'manual', signal: AbortSignal.timeout(5_000) });
      hops.push(response.status);
      if (response.status < 300 || response.status >= 400) break;
      current = new URL(response.headers.get('location'), current).href;
    }
    const body = await response.text();
    const fragment = url.hash ? decodeURIComponent(url.hash.slice(1)) : '';
    const ok = {
      'deleted-page': () => hops.at(-1) === 404,
      'typo-link': () => hops.at(-1) === 404,
      'missing-image': () => hops.at(-1) === 404,
      'fragment-same-page': () => hops.at(-1) === 200 && !body.includes(`id="${fragment}"`),
      'fragment-cross-page': () => hops.at(-1) === 200 && !body.includes(`id="${fragment}"`),
      'soft-404-page': () => hops.join() === '200' && /not found|nicht gefunden|introuvable|no encontrada/i.test(body),
      'soft-404-home': () => ['302,200', '301,200'].includes(hops.join()) && ['/', '/index.html'].includes(new URL(current).pathname),
      'redirect-loop': () => hops.length === 6 && hops.every((s) => s === 302),
      'chain-to-404': () => hops.join() === '301,301,301,404',
      'server-error': () => hops.join() === '500',
      'trap-chain-3': () => hops.length === 4 && hops.slice(0, 3).every((s) => s >= 300 && s < 400) && hops[3] === 200,
      'trap-bot-wall': () => hops.join() === '403',
    }[entry.kind];
    if (ok && !ok()) problems.push(`${entry.id} ${url.href}: ${hops.join(' → ')}`);
  }
  return problems;
}
