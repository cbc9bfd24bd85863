// Drives the gateway's dashboard in Debian's headless Chromium against a running local cluster; run by
// load-tests/dashboard-check.sh, which starts the cluster and passes where it is. Prints one line per step and a
// last line "dashboard check: PASS|FAIL ..."; exits 1 on the first step that fails. Screenshots go to SHOTS.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

const env = (name) => {
  if (!process.env[name]) throw new Error(`${name} is not set`);
  return process.env[name];
};
const UI_URL = env('UI_URL');
const TOKEN = env('TOKEN');
const CLUSTER = env('CLUSTER');
const SHOTS = env('SHOTS');
const NODES = Number(env('NODES'));
const INSTANCES = Number(env('INSTANCES'));
const VICTIM = env('VICTIM');
const VICTIM_ADDRESS = env('VICTIM_ADDRESS');
const PUBLIC_URL = env('PUBLIC_URL');
const GONE_WITHIN_MS = 3_000;
const READS_PER_SECOND = 20;

const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync'];

const say = (line) => console.log(`dashboard-check: ${line}`);
const started = Date.now();
const consoleErrors = [];
mkdirSync(SHOTS, { recursive: true });

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_FLAGS });
// A light, bounded stream of public catalog reads through the gateway while the page is open, so that the chart
// and the rates show traffic moving off the killed instance and back.
let reads = 0;
const traffic = setInterval(() => {
  reads += 1;
  fetch(`${PUBLIC_URL}/api/products/SKU-000${1 + (reads % 9)}`).then((r) => r.arrayBuffer()).catch(() => {});
}, 1000 / READS_PER_SECOND);
let failed = null;
let page = null;
try {
  page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
  page.on('console', (message) => { if (message.type() === 'error') consoleErrors.push(message.text()); });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  const shot = async (name) => {
    await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
    say(`  screenshot ${SHOTS}/${name}.png`);
  };
  const victimRow = `[data-testid=instance][data-address="${VICTIM_ADDRESS}"]`;
  // Half the catalog reads sent in the last second counted at the inventory instances: the chart has something to show.
  const trafficShown = () => page.waitForFunction((least) => [...document.querySelectorAll('[data-testid=instance]')]
    .filter((row) => row.dataset.service === 'inventory-service')
    .reduce((sum, row) => sum + Number(row.dataset.rps), 0) >= least, READS_PER_SECOND / 2, { timeout: 15_000 });

  say(`1. open ${UI_URL}: every node and every instance shown, the stream live`);
  await page.goto(UI_URL);
  await page.locator('[data-testid=stream]', { hasText: 'live' }).waitFor({ timeout: 10_000 });
  await page.waitForFunction(([nodes, instances]) =>
    document.querySelectorAll('[data-testid=member]').length === nodes
      && document.querySelectorAll('[data-testid=instance][data-state=ready]').length === instances,
  [NODES, INSTANCES], { timeout: 20_000 });
  await page.locator('[data-testid=database][data-state=up]').waitFor({ timeout: 10_000 });
  say(`  the database: ${await page.locator('[data-testid=database]').textContent()}`);
  await trafficShown();
  say('  the catalog reads show on the page');
  await shot('01-cluster');

  say(`2. ${CLUSTER} kill ${VICTIM}: its instance (${VICTIM_ADDRESS}) gone or ejected within ${GONE_WITHIN_MS} ms`);
  const killedAt = Date.now();
  execFileSync(CLUSTER, ['kill', VICTIM], { stdio: 'ignore' });
  await page.waitForFunction((selector) => {
    const row = document.querySelector(selector);
    return !row || row.dataset.state === 'ejected';
  }, victimRow, { timeout: GONE_WITHIN_MS + 2_000 });
  const goneMs = Date.now() - killedAt;
  await page.locator('[data-testid=event]', { hasText: VICTIM_ADDRESS }).first().waitFor({ timeout: 2_000 });
  say(`  gone from the page after ${goneMs} ms; the timeline has an event for it`);
  if (goneMs > GONE_WITHIN_MS) throw new Error(`the instance stayed on the page for ${goneMs} ms`);
  await shot('02-killed');

  say(`3. ${CLUSTER} restart ${VICTIM}: back and ready`);
  execFileSync(CLUSTER, ['restart', VICTIM], { stdio: 'ignore' });
  const restartedAt = Date.now();
  await page.locator(`${victimRow}[data-state=ready]`).waitFor({ timeout: 30_000 });
  say(`  ready on the page ${Date.now() - restartedAt} ms after restart returned`);
  // Traffic moves back onto it only as its latency average decays (power-of-two-choices over EWMA: a restarted JVM's
  // first, cold answers are slow), so the screenshot waits for traffic on the page, not on this instance.
  await trafficShown();
  await shot('03-back');

  say('4. an order placed from the form: 201, and the stock view changes');
  await page.fill('#token', TOKEN);
  await page.waitForFunction(() => document.querySelectorAll('#sku option').length > 0, null, { timeout: 10_000 });
  await page.click('#refresh-stock');
  const stockRow = page.locator('[data-testid=stock]');
  await stockRow.waitFor({ timeout: 10_000 });
  const before = Number(await stockRow.getAttribute('data-available'));
  await page.fill('#qty', '2');
  await page.click('#place');
  await page.waitForFunction(() => document.querySelector('[data-testid=order-result]').dataset.status,
    null, { timeout: 15_000 });
  const status = await page.locator('[data-testid=order-result]').getAttribute('data-status');
  const result = await page.locator('[data-testid=order-result]').textContent();
  if (status !== '201') throw new Error(`the order answered ${result}`);
  await page.waitForFunction((expected) => Number(document.querySelector('[data-testid=stock]')?.dataset.available)
    === expected, before - 2, { timeout: 10_000 });
  say(`  ${result}; available ${before} → ${before - 2}`);
  await shot('04-order');

  if (consoleErrors.length > 0) throw new Error(`console errors: ${consoleErrors.join(' | ')}`);
  say('5. no console error on the page');
} catch (error) {
  failed = error;
  if (page) {
    // What the page showed when the step failed: the members, the instances and their states.
    const seen = await page.evaluate(() => ({
      members: [...document.querySelectorAll('[data-testid=member]')].map((row) => row.textContent),
      instances: [...document.querySelectorAll('[data-testid=instance]')]
        .map((row) => `${row.dataset.address}=${row.dataset.state}`),
    })).catch(() => ({}));
    say(`  the page showed ${JSON.stringify(seen)}`);
    await page.screenshot({ path: `${SHOTS}/failed.png`, fullPage: true }).catch(() => {});
  }
} finally {
  clearInterval(traffic);
  await browser.close();
}
const seconds = ((Date.now() - started) / 1000).toFixed(1);
if (failed) {
  console.log(`dashboard check: FAIL after ${seconds} s: ${failed.message}`);
  process.exit(1);
}
console.log(`dashboard check: PASS in ${seconds} s, ${reads} catalog reads sent meanwhile (screenshots in ${SHOTS})`);
