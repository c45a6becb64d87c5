// Browser test of Argmap's research playground, offline:
//
//   node web/playground/e2e.mjs http://127.0.0.1:8080/
//
// Drives headless Chromium (Debian's /usr/bin/chromium, or $CHROMIUM) with
// playwright-core against a running argmap whose database holds the seed map
// (cmd/argmap's TestPlaygroundInBrowser starts one). Every request to a host
// other than this machine is blocked and fails the test. The page must load,
// introspect the schema, and show real seed data for the example tabs, run
// with the run button right after each tab switch. Exits non-zero on any
// failure; prints "N passed, N failed" and the path of a screenshot.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from './chromium.mjs';

const base = URL.canParse(process.argv[2] ?? '') ? new URL(process.argv[2]) : null;
if (!base || !/^https?:$/.test(base.protocol)) {
  console.error('usage: node e2e.mjs <base URL of argmap, e.g. http://127.0.0.1:8080/>');
  process.exit(2);
}
const shots = mkdtempSync(join(tmpdir(), 'argmap-playground-e2e-'));
const loopback = new Set(['127.0.0.1', 'localhost', '[::1]']);
const timeout = 20_000;

const t0 = Date.now();
const results = [];
const blocked = [];
const problems = [];

// check runs one step; a failed step is reported and the rest still run.
async function check(name, fn) {
  try {
    await fn();
    results.push(true);
    console.log(`ok    ${name} (${((Date.now() - t0) / 1000).toFixed(1)}s)`);
  } catch (e) {
    results.push(false);
    const msg = String(e?.message ?? e).replace(/\x1b\[[0-9;]*m/g, ''); // no terminal colours
    console.log(`FAIL  ${name}: ${msg.split('\n').slice(0, 6).join('\n      ')}`);
  }
}

function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}
const show = (v, n = 400) => String(JSON.stringify(v)).slice(0, n);

const browser = await launchChromium();

try {
  // A fresh context: empty localStorage, so the example tabs are the tabs.
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 }, serviceWorkers: 'block' });
  await ctx.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (loopback.has(u.hostname) || u.protocol === 'data:' || u.protocol === 'blob:') return route.continue();
    blocked.push(u.href);
    return route.abort('blockedbyclient');
  });
  const page = await ctx.newPage();
  page.setDefaultTimeout(timeout);
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
  page.on('requestfailed', (r) => {
    if (!blocked.includes(r.url())) problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`);
  });
  page.on('response', (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`));

  // The result pane's whole text (CodeMirror draws only the visible lines).
  const result = () =>
    page.evaluate(() => document.querySelector('.result-window .CodeMirror')?.CodeMirror?.getValue() ?? '');

  // run clicks the run button and waits for the result pane to hold a
  // response of the named operation (the pane keeps the last tab's result
  // until then), and returns it parsed.
  async function run(operation, isDone) {
    const responded = page.waitForResponse((r) => r.url().endsWith('/graphql') &&
      r.request().method() === 'POST' && (r.request().postData() ?? '').includes(`query ${operation}`));
    responded.catch(() => {}); // awaited below, unless the click fails
    await page.locator('.graphiql-execute-button').click();
    const res = await responded;
    assert(res.status() === 200, `POST /graphql answered ${res.status()}`);
    let body;
    const deadline = Date.now() + timeout;
    for (;;) {
      try {
        body = JSON.parse(await result());
        if (isDone(body)) break;
      } catch { /* not complete yet */ }
      if (Date.now() > deadline) {
        throw new Error(`the result pane did not show the expected ${operation} data; it shows:\n${(await result()).slice(0, 600)}`);
      }
      await page.waitForTimeout(100);
    }
    assert(!body.errors, `${operation} answered errors: ${show(body.errors, 400)}`);
    return body.data;
  }

  let loaded = false; // the UI checks fail at once when the page did not load
  let schemaDescription; // as the page's introspection got it
  const needPage = () => assert(loaded, 'skipped: the playground did not load');

  async function openTab(index, operation) {
    await page.locator('.graphiql-tab').nth(index).click();
    await page.locator('.graphiql-query-editor .CodeMirror').filter({ hasText: `query ${operation}` }).waitFor();
  }

  await check('page loads with its title and introspects the schema', async () => {
    const introspection = page.waitForResponse((r) => r.url().endsWith('/graphql') &&
      /IntrospectionQuery/.test(r.request().postData() ?? ''));
    introspection.catch(() => {}); // awaited below, unless a check before fails
    const res = await page.goto(base.href, { waitUntil: 'load' });
    assert(res?.ok(), `GET ${base.href}: ${res?.status()}`);
    assert((await page.title()) === 'Argmap — research playground', `title is ${JSON.stringify(await page.title())}`);
    const body = await (await introspection).json();
    assert(body.data?.__schema?.queryType?.name === 'Query', `introspection answered ${show(body, 300)}`);
    schemaDescription = body.data.__schema.description;
    await page.locator('.graphiql-query-editor .CodeMirror').filter({ hasText: 'query HtsAndTheCoalition' }).waitFor();
    loaded = true;
  });

  await check('the example tabs are there', async () => {
    needPage();
    const titles = (await page.locator('.graphiql-tab').allTextContents()).map((s) => s.trim());
    const want = ['HtsAndTheCoalition', 'WhatAttacksTheThesis', 'PathsFromSdfToMuhajirun', 'SearchHts'];
    assert(want.every((w, i) => titles[i]?.includes(w)), `tabs are ${show(titles)}, want ${show(want)}`);
  });

  await check('the docs panel opens on Argmap\'s overview (ids, limits, error codes)', async () => {
    needPage();
    // The page asks introspection for the schema's description
    // (schemaDescription), which the docs panel shows at its root.
    assert(schemaDescription?.startsWith('Argmap\'s research API'),
      `the page's introspection got no schema description: ${show(schemaDescription, 120)}`);
    const button = page.locator('.graphiql-sidebar button[aria-label*="Documentation Explorer"]');
    await button.click();
    const docs = page.locator('.graphiql-doc-explorer');
    await docs.filter({ hasText: 'Finding ids' }).waitFor();
    const text = await docs.textContent();
    const want = ['Argmap\'s research API', 'lowercase slugs', 'complexity 100000', 'depth 12', 'BAD_USER_INPUT', 'NOT_FOUND', 'requestId'];
    const missing = want.filter((w) => !text.includes(w));
    assert(missing.length === 0, `the docs root lacks ${show(missing)}; it shows: ${text.slice(0, 300)}`);
    assert(!text.includes('A GraphQL schema provides a root type'), 'the docs root shows GraphiQL\'s generic text');
    await page.screenshot({ path: join(shots, 'docs.png') });
    await button.click(); // closed again: the tabs below need the room
    await docs.waitFor({ state: 'detached' });
  });

  await check('tab 1 (HtsAndTheCoalition): HTS, its relations and the coalition claims', async () => {
    needPage();
    const data = await run('HtsAndTheCoalition', (b) => b.errors || b.data?.actor !== undefined);
    assert(data.actor?.name === 'Hay’at Tahrir al-Sham', `actor.name is ${show(data.actor?.name)}`);
    const leads = data.actor.relations.find((r) => r.type === 'LEADS' && r.direction === 'OUT');
    assert(leads?.other?.name === 'Syrian transitional government', `no relation "HTS LEADS Syrian transitional government": ${show(data.actor.relations, 300)}`);
    assert(leads.evidence.some((c) => c.text.startsWith('HTS remains very much intact')), 'the LEADS relation lacks its evidence');
    const ids = data.coalitionClaims.nodes.map((c) => c.id);
    assert(ids.includes('syria-anti-isis-gamble/coalition-at-odds'), `coalition claims are ${show(ids)}`);
    // The pane shows it (not only the network).
    assert((await page.locator('.result-window').textContent()).includes('"name": "Hay’at Tahrir al-Sham"'), 'the result pane does not show HTS\'s name');
    await page.screenshot({ path: join(shots, 'playground.png') });
  });

  await check('tab 2 (WhatAttacksTheThesis), run at once after the switch: the rebuttal of the thesis', async () => {
    needPage();
    await openTab(1, 'WhatAttacksTheThesis');
    const data = await run('WhatAttacksTheThesis', (b) => b.errors || b.data?.claim !== undefined);
    assert(data.claim?.text.startsWith('Syria’s gamble of joining the anti-ISIS coalition'), `claim.text is ${show(data.claim?.text)}`);
    const attacker = 'The new justifying narrative and the SDF’s absorption into the national army';
    assert(data.claim.attackedBy.some((c) => c.text.startsWith(attacker)), `attackedBy is ${show(data.claim.attackedBy)}`);
    assert(data.claim.links.some((l) => l.kind === 'REBUT' && l.from.text.startsWith(attacker)), `links are ${show(data.claim.links)}`);
    assert(data.argumentTree?.nodes?.[0]?.depth === 0 && data.argumentTree.nodes.some((n) => n.depth === 2), 'the argument tree is not two levels deep');
  });

  await check('tab 3 (PathsFromSdfToMuhajirun): a path from the SDF to the muhajirun', async () => {
    needPage();
    await openTab(2, 'PathsFromSdfToMuhajirun');
    const data = await run('PathsFromSdfToMuhajirun', (b) => b.errors || b.data?.paths !== undefined);
    const p = data.paths[0];
    assert(p && p.steps.length === p.length, `paths are ${show(data.paths, 300)}`);
    assert(p.steps[0].from.name === 'Syrian Democratic Forces' && p.steps.at(-1).to.name === 'Muhajirun (foreign fighter groups)',
      `the first path runs from ${p.steps[0].from.name} to ${p.steps.at(-1).to.name}`);
  });

  await check('tab 4 (SearchHts): the search finds HTS', async () => {
    needPage();
    await openTab(3, 'SearchHts');
    const data = await run('SearchHts', (b) => b.errors || b.data?.search !== undefined);
    assert(data.search.some((h) => h.kind === 'ACTOR' && h.actor?.id === 'hts'), `hits are ${show(data.search, 300)}`);
  });

  await check('no request left this machine', async () => {
    assert(blocked.length === 0, `blocked:\n${blocked.join('\n')}`);
  });
  await check('no page errors, console errors or failed requests', async () => {
    assert(problems.length === 0, problems.join('\n'));
  });

  if (results.includes(false)) await page.screenshot({ path: join(shots, 'failure.png') }).catch(() => {});
} finally {
  await browser.close();
}

const failed = results.filter((ok) => !ok).length;
console.log(`screenshots in ${shots}`);
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
