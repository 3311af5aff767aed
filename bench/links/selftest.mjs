// Checks the benchmark's own parts, without the checkers: the plan is deterministic, the site
// answers as the key says and sends nothing off the machine, and the scoring counts what it
// should.   node --test bench/links/selftest.mjs
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ensureCorpus } from './corpus.mjs';
import { KINDS, planBreakage } from './inject.mjs';
import { scanCorpus } from './scan.mjs';
import { pristineBreakage, score } from './score.mjs';
import { startSite } from './server.mjs';
import { verifyKey } from './verify-key.mjs';

let corpus;
let scan;
let plan;
let site;
before(async () => {
  corpus = ensureCorpus();
  scan = scanCorpus(corpus.root);
  plan = planBreakage(scan, { seed: 11, perKind: 2 });
  site = await startSite({ root: corpus.root, scan, plan });
});
after(() => site?.close());

test('the corpus is big enough: hundreds of pages, 100k+ links', () => {
  assert.ok(scan.pages.size >= 300, `${scan.pages.size} pages`);
  assert.ok([...scan.pages.values()].reduce((n, p) => n + p.links.length, 0) >= 100_000);
});

test('the same seed gives the same plan, another seed another one', () => {
  const again = planBreakage(scan, { seed: 11, perKind: 2 });
  assert.deepEqual(again.key, plan.key);
  assert.notDeepEqual(planBreakage(scan, { seed: 12, perKind: 2 }).key, plan.key);
});

test('every kind and trap is injected, on distinct pages', () => {
  for (const kind of Object.keys(KINDS)) assert.equal(plan.key.filter((e) => e.kind === kind).length, 2, kind);
  const parents = plan.key.filter((e) => e.kind !== 'deleted-page').map((e) => e.parent);
  assert.equal(new Set(parents).size, parents.length);
});

test('the site answers as the key says, and no served link leaves the machine', async () => {
  assert.deepEqual(await verifyKey(plan.key, site.origin), []);
  assert.deepEqual(site.prepare(), []);
});

test('the 429 trap answers 429 with Retry-After, then 200 once the wait is over', async () => {
  const url = `${site.origin}/busy/1`;
  const first = await fetch(url);
  assert.equal(first.status, 429);
  assert.equal(first.headers.get('retry-after'), '2');
  await new Promise((resolve) => setTimeout(resolve, 2_100));
  assert.equal((await fetch(url)).status, 200);
  site.reset();
});

test('the scoring: a perfect report finds everything; broken traps and extra broken links are false alarms', () => {
  const pristine = pristineBreakage(scan, site.origin);
  const url = (e) => new URL(e.url, site.origin).href;
  const perfect = plan.key.map((e) => ({ url: url(e), parent: `${site.origin}/${e.parent}`, state: e.expect }));
  const good = score({ links: perfect, key: plan.key, origin: site.origin, pristine });
  assert.equal(good.found, good.injected);
  assert.equal(good.kindsFullyFound, good.kinds);
  assert.equal(good.trapFalseAlarms, 0);
  assert.deepEqual(good.falseAlarmsElsewhere, []);

  const alarmed = perfect.map((l, i) => (plan.key[i].trap ? { ...l, state: 'broken' } : l));
  alarmed.push({ url: `${site.origin}/library/os.html#os.getcwd`, parent: `${site.origin}/index.html`, state: 'broken' });
  const bad = score({ links: alarmed, key: plan.key, origin: site.origin, pristine });
  assert.equal(bad.trapFalseAlarms, bad.trapsInjected);
  assert.deepEqual(bad.falseAlarmsElsewhere.map((f) => f.url), [`${site.origin}/library/os.html`]);

  const none = score({ links: [], key: plan.key, origin: site.origin, pristine });
  assert.equal(none.found, 0);
});
