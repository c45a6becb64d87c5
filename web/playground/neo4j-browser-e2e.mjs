// Browser test of the Neo4j Browser that scripts/neo4j.sh serves, offline:
//
//   NEO4J_USER=neo4j NEO4J_PASSWORD=... node web/playground/neo4j-browser-e2e.mjs \
//     http://127.0.0.1:7474/browser/ bolt://127.0.0.1:7687
//
// Drives headless Chromium (Debian's /usr/bin/chromium, or $CHROMIUM) with
// playwright-core: the Browser must load, log in over Bolt, run a query, and
// on the way attempt no request to a host other than this machine (the
// stock Browser fetches web fonts, and with product analytics allowed loads
// error reporting, analytics and a feedback widget) and show no
// usage-collection banner. Requests off this machine are blocked (nothing
// leaves) and fail the test. cmd/argmap's TestNeo4jBrowserOffline runs it
// against the test Neo4j. Exits non-zero on any failure; prints
// "N passed, N failed" and the path of a screenshot.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from './chromium.mjs';

const [browserArg, boltArg] = process.argv.slice(2);
const page0 = URL.canParse(browserArg ?? '') ? new URL(browserArg) : null;
const bolt = URL.canParse(boltArg ?? '') ? new URL(boltArg) : null;
const user = process.env.NEO4J_USER || 'neo4j';
const password = process.env.NEO4J_PASSWORD ?? '';
if (!page0 || !/^https?:$/.test(page0.protocol) || !bolt || bolt.protocol !== 'bolt:' || !password) {
  console.error('usage: NEO4J_USER=neo4j NEO4J_PASSWORD=... node neo4j-browser-e2e.mjs <Browser URL> <bolt URL>');
  console.error('  e.g. http://127.0.0.1:7474/browser/ bolt://127.0.0.1:7687');
  process.exit(2);
}
const shots = mkdtempSync(join(tmpdir(), 'argmap-neo4j-browser-e2e-'));
const loopback = new Set(['127.0.0.1', 'localhost', '[::1]']);
const local = (u) => loopback.has(u.hostname) || ['data:', 'blob:', 'about:'].includes(u.protocol);
const timeout = 30_000;
// The Browser's consent banner, shown while the server lets the user decide
// on product analytics (client.allow_telemetry not false).
const bannerText = 'we collect information on product usage';

const t0 = Date.now();
const results = [];
const outside = []; // every request (HTTP or WebSocket) to another host, blocked
const refused = []; // loads the page tried that the server's Content-Security-Policy refused

// check runs one step; a failed step is reported and the rest still run.
async function check(name, fn) {
  try {
    await fn();
    results.push(true);
    console.log(`ok    ${name} (${((Date.now() - t0) / 1000).toFixed(1)}s)`);
  } catch (e) {
    results.push(false);
    const msg = String(e?.message ?? e).replace(/\x1b\[[0-9;]*m/g, ''); // no terminal colours
    console.log(`FAIL  ${name}: ${msg.split('\n').slice(0, 8).join('\n      ')}`);
  }
}

function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

const browser = await launchChromium();

try {
  // A fresh context (empty profile and localStorage): what a first visit sees.
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 }, serviceWorkers: 'block' });
  await ctx.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (local(u)) return route.continue();
    outside.push(u.href);
    return route.abort('blockedbyclient');
  });
  const page = await ctx.newPage();
  page.setDefaultTimeout(timeout);
  // WebSockets (Bolt) are not routed: record where they go.
  page.on('websocket', (ws) => {
    const u = new URL(ws.url());
    if (!local(u)) outside.push(u.href);
  });
  page.on('console', (m) => {
    const text = m.text();
    if (/Content Security Policy/i.test(text)) refused.push(text.slice(0, 200));
  });

  let loaded = false; // the later checks fail at once when the page did not load
  const needPage = () => assert(loaded, 'skipped: the Browser did not load');
  let connected = false;

  await check('the Browser loads and offers to connect', async () => {
    const res = await page.goto(page0.href, { waitUntil: 'load' });
    assert(res?.ok(), `GET ${page0.href}: ${res?.status()}`);
    await page.getByTestId('username').waitFor();
    loaded = true;
  });

  await check(`logs in as ${user} at ${bolt.href.replace(/\/$/, '')}`, async () => {
    needPage();
    await page.getByTestId('boltaddress').fill(bolt.href.replace(/\/$/, ''));
    await page.getByTestId('username').fill(user);
    await page.getByTestId('password').fill(password);
    await page.getByTestId('connect').click();
    // Connected: the frame says so and names the user.
    await page.getByText(`You are connected as user`).first().waitFor();
    connected = true;
  });

  await check('runs a query and shows its result', async () => {
    assert(connected, 'skipped: not connected');
    const probe = `argmap-${Date.now()}`;
    await page.getByTestId('activeEditor').click();
    await page.keyboard.type(`RETURN '${probe}' AS probe`);
    await page.getByTestId('editor-Run').click();
    await page.getByTestId('frameContents').filter({ hasText: probe }).first().waitFor();
  });

  // Give the deferred loaders (analytics, feedback widget) time to fire, as
  // they would for a user who stays on the page.
  await page.waitForTimeout(3000);
  await page.screenshot({ path: join(shots, 'neo4j-browser.png') }).catch(() => {});

  await check('no usage-collection banner', async () => {
    needPage();
    const n = await page.getByText(bannerText).count();
    assert(n === 0, `the page shows "…${bannerText}…"`);
  });

  await check('no request left this machine', async () => {
    const hosts = [...new Set(outside.map((u) => new URL(u).host))].sort();
    assert(outside.length === 0, `${outside.length} request(s) to ${hosts.join(', ')} (blocked):\n${[...new Set(outside)].slice(0, 12).join('\n')}`);
  });

  if (refused.length) {
    console.log(`info  ${refused.length} load(s) refused by the Content-Security-Policy (never sent):`);
    for (const r of [...new Set(refused)].slice(0, 6)) console.log(`      ${r}`);
  }
  if (results.includes(false)) await page.screenshot({ path: join(shots, 'failure.png') }).catch(() => {});
} finally {
  await browser.close();
}

const failed = results.filter((ok) => !ok).length;
console.log(`screenshots in ${shots}`);
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
