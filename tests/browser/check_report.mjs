#!/usr/bin/env node
// Opens drift report pages in Debian's Chromium and checks what a reader
// would see, offline:
//
//   node check_report.mjs [--screenshots DIR] [--index INDEX]... REPORT...
//
// A page is a file, or an http:// URL on 127.0.0.1 (a report UI served by
// nginx). For every page, loaded in a fresh browser context:
//  * no request other than the page itself (any other is recorded, aborted
//    and fails the check), no console error, no page error;
//  * no <script> element and no on* event attribute in the document (the
//    pages use no JavaScript; one would mean escaping failed);
//  * the verdict banner (#verdict) is visible.
// For a report page, also: the columns table (#columns-table) is visible and
// at least one <svg> is rendered with a non-zero size. For an index page:
// the reports table (#reports-table) is visible, or the page says there are
// no reports yet.
//
// With --screenshots, a full-page PNG of each page is saved in DIR (named
// after the page's file, `index` for a directory URL), for a test's
// artifacts.
//
// Prints `ok   PAGE` or `FAIL PAGE: why` per page; exits 1 if any failed,
// 2 on bad usage or when the browser cannot start.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
// Late requests (lazy resources, timers) would show up within this time.
const SETTLE_MS = 300;

function usage(message) {
  console.error(`check_report: ${message}\n` +
    'usage: node check_report.mjs [--screenshots DIR] [--index INDEX]... REPORT...');
  process.exit(2);
}

// A page argument: its URL, and the name it is printed and saved under.
function pageOf(arg, kind) {
  if (/^https?:/.test(arg)) {
    const url = new URL(arg);
    if (url.protocol !== 'http:' || !['127.0.0.1', 'localhost'].includes(url.hostname)) {
      usage(`only http:// pages on 127.0.0.1 are checked: ${arg}`);
    }
    const base = path.posix.basename(url.pathname);
    return { name: arg, url: url.href, offline: false, shot: base === '' ? 'index' : base, kind };
  }
  const file = path.resolve(arg);
  if (!fs.existsSync(file)) usage(`no such file: ${file}`);
  return { name: file, url: pathToFileURL(file).href, offline: true, shot: path.basename(file), kind };
}

const pages = [];
let screenshots = null;
for (let i = 2; i < process.argv.length; i++) {
  const arg = process.argv[i];
  if (arg === '--index' || arg === '--screenshots') {
    if (i + 1 >= process.argv.length) usage(`${arg} needs an argument`);
    if (arg === '--index') pages.push(pageOf(process.argv[++i], 'index'));
    else screenshots = path.resolve(process.argv[++i]);
  } else if (arg.startsWith('--')) {
    usage(`unknown option ${arg}`);
  } else {
    pages.push(pageOf(arg, 'report'));
  }
}
if (pages.length === 0) usage('no page given');
if (screenshots !== null) fs.mkdirSync(screenshots, { recursive: true });

let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch (e) {
  console.error(`check_report: cannot load playwright-core (${e.message.split('\n')[0]}).\n` +
    'Install it with tests/browser/install-playwright');
  process.exit(2);
}
if (!fs.existsSync(CHROMIUM)) {
  console.error(`check_report: ${CHROMIUM} is missing; install Debian's chromium with scripts/install-deps test`);
  process.exit(2);
}

let browser;
try {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 60_000 });
} catch (e) {
  console.error(`check_report: cannot start ${CHROMIUM}: ${e.message.split('\n')[0]}`);
  process.exit(2);
}

// Returns the problems found on one page (empty when it passes).
async function checkPage({ url, offline, shot, kind }) {
  const problems = [];
  const requested = new Set();  // URLs other than the page's
  const context = await browser.newContext({ offline, javaScriptEnabled: true });
  try {
    // Anything but the page itself is recorded and never reaches a network.
    await context.route('**/*', (route) => {
      if (route.request().url() === url) return route.continue();
      requested.add(route.request().url());
      return route.abort();
    });
    const page = await context.newPage();
    page.on('request', (request) => {
      if (request.url() !== url) requested.add(request.url());
    });
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));

    const response = await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
    if (response !== null && !response.ok()) problems.push(`loading the page failed: ${response.status()}`);
    await page.waitForTimeout(SETTLE_MS);
    for (const other of requested) problems.push(`requested ${other}`);

    const scripted = await page.evaluate(() => {
      const found = [];
      if (document.scripts.length > 0) found.push(`${document.scripts.length} <script> element(s)`);
      for (const element of document.querySelectorAll('*')) {
        for (const attribute of element.attributes) {
          if (attribute.name.toLowerCase().startsWith('on')) found.push(`<${element.localName} ${attribute.name}>`);
        }
      }
      return found;
    });
    for (const what of scripted) problems.push(`script in the page: ${what}`);

    if (!(await page.locator('#verdict').isVisible())) problems.push('the verdict banner (#verdict) is not visible');
    if (kind === 'report') {
      if (!(await page.locator('#columns-table').isVisible())) {
        problems.push('the columns table (#columns-table) is not visible');
      }
      const sizes = await page.locator('svg').evaluateAll((svgs) =>
        svgs.map((svg) => { const box = svg.getBoundingClientRect(); return [box.width, box.height]; }));
      if (!sizes.some(([width, height]) => width > 0 && height > 0)) {
        problems.push(`no <svg> rendered with a non-zero size (${sizes.length} in the page)`);
      }
    } else {
      const table = await page.locator('#reports-table').isVisible();
      const empty = (await page.locator('#verdict').textContent() ?? '').includes('No reports yet');
      if (!table && !empty) problems.push('the reports table (#reports-table) is not visible');
    }
    if (screenshots !== null) {
      await page.screenshot({ path: path.join(screenshots, `${shot.replace(/\.html$/, '')}.png`), fullPage: true });
    }
  } finally {
    await context.close();
  }
  return problems;
}

let failed = 0;
try {
  for (const page of pages) {
    let problems;
    try {
      problems = await checkPage(page);
    } catch (e) {
      problems = [`could not check the page: ${e.message.split('\n')[0]}`];
    }
    if (problems.length === 0) {
      console.log(`ok   ${page.name}`);
    } else {
      failed++;
      console.log(`FAIL ${page.name}: ${problems.join('; ')}`);
    }
  }
} finally {
  await browser.close();
}
console.log(`${pages.length - failed} of ${pages.length} pages passed`);
process.exit(failed === 0 ? 0 : 1);
