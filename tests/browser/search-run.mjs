// search-run.mjs: a reader searching a served Portico site in headless
// Chromium, keyboard only, under the site's own Content-Security-Policy, for
// tests/search_browser.rs.
//
//   node search-run.mjs REQUEST.json
//
// REQUEST.json: { "base": "http://127.0.0.1:PORT", "csp": "…", "tags": [...],
//                 "misses_base"?: "http://127.0.0.1:PORT2" (a site with
//                 search.report_misses on) }
//
// Prints one JSON document of observations on stdout (the Rust test asserts
// on them); exits nonzero with a message on stderr when a step cannot run.

import { axeViolations, fail as failWith, launch, readRequest, recordCspViolations, underCsp } from './launch.mjs';

const NAME = 'search-run';
const fail = (message) => failWith(NAME, message);
const { base, csp, tags, misses_base: missesBase } = readRequest(NAME);
const TIMEOUT = 15_000;

const browser = await launch(NAME);
const out = { csp_violations: [], axe: {} };

/** Tabs from the top of the page until the header search box has focus. */
async function tabToSearch(page) {
  for (let presses = 1; presses <= 12; presses++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement?.id === 'search-input')) return presses;
  }
  return fail(`Tab never reached #search-input on ${page.url()}`);
}

/** Types `query` into the focused box and waits for suggestions naming `title`. */
async function suggestions(page, query, title) {
  await page.keyboard.type(query, { delay: 40 });
  await page.locator('#search-suggestions .search-option-title', { hasText: title }).first().waitFor();
  return page.evaluate(() => ({
    titles: [...document.querySelectorAll('#search-suggestions .search-option-title')].map((e) => e.textContent),
    marks: document.querySelectorAll('#search-suggestions mark').length,
    expanded: document.getElementById('search-input').getAttribute('aria-expanded'),
    role: document.getElementById('search-input').getAttribute('role'),
    status: document.querySelector('form.search-box [role=status]').textContent,
  }));
}

async function activeOption(page) {
  return page.evaluate(() => {
    const input = document.getElementById('search-input');
    const id = input.getAttribute('aria-activedescendant');
    const option = id && document.getElementById(id);
    return option ? { id, selected: option.getAttribute('aria-selected') } : null;
  });
}

async function newPage(context) {
  const page = await context.newPage();
  recordCspViolations(page, out.csp_violations);
  page.setDefaultTimeout(TIMEOUT);
  return page;
}

try {
  const context = await browser.newContext();
  // Every response carries the CSP the deployed site sends.
  await underCsp(context, csp);
  const page = await newPage(context);

  // 1. English: Tab to the box, type, arrow to the first suggestion, Enter.
  await page.goto(new URL('/en/faq/', base).href);
  out.tabs = await tabToSearch(page);
  out.en = await suggestions(page, 'void label', 'Can I void a label');
  out.axe.suggestions_open = await axeViolations(page, tags);
  await page.keyboard.press('ArrowDown');
  out.en.active = await activeOption(page);
  await Promise.all([page.waitForURL('**/en/faq/void-label/**'), page.keyboard.press('Enter')]);
  out.en.landed = new URL(page.url()).pathname;

  // 2. Japanese, from the Japanese home page.
  await page.goto(new URL('/ja/', base).href);
  await tabToSearch(page);
  out.ja = await suggestions(page, '返金', 'ラベルを無効化して返金');
  await page.keyboard.press('ArrowDown');
  await Promise.all([page.waitForURL('**/ja/faq/void-label/**'), page.keyboard.press('Enter')]);
  out.ja.landed = new URL(page.url()).pathname;

  // 3. Escape closes the list; Enter without a choice opens the results page.
  await page.goto(new URL('/en/', base).href);
  await tabToSearch(page);
  await suggestions(page, 'webhooks', 'Webhooks');
  await page.keyboard.press('Escape');
  out.after_escape = await page.evaluate(() => ({
    hidden: document.getElementById('search-suggestions').hidden,
    expanded: document.getElementById('search-input').getAttribute('aria-expanded'),
    value: document.getElementById('search-input').value,
  }));
  await Promise.all([page.waitForURL('**/en/search/?q=webhooks'), page.keyboard.press('Enter')]);

  // 4. The results page, then filtered to one docs version.
  await page.locator('.search-results li').first().waitFor();
  const results = () =>
    page.evaluate(() => ({
      urls: [...document.querySelectorAll('.search-results h2 a')].map((a) => new URL(a.href).pathname),
      status: document.querySelector('.search-status').textContent,
      no_js_hidden: document.querySelector('.search-no-js').hidden,
      query: document.getElementById('search-page-input').value,
    }));
  out.results = await results();
  out.axe.results_page = await axeViolations(page, tags);
  await page.selectOption('#search-version', 'v2');
  // `every` holds for an empty list too, and the list is empty while it re-renders.
  await page.waitForFunction(() => {
    const links = [...document.querySelectorAll('.search-results h2 a')];
    return links.length > 0 && links.every((a) => a.pathname.startsWith('/en/docs/v2/'));
  });
  out.filtered = await results();
  out.filtered.location = page.url();

  // 5. The JavaScript API the ticket form uses.
  out.suggest = await page.evaluate(() => window.PorticoSearch.suggest('rate limits', { limit: 3 }));

  // 6. On a v2 docs page: the box says it searches 2.x first, the v2 page
  // leads with its label and stands for the same page in 3.x and 1.x.
  await page.goto(new URL('/en/docs/v2/api/errors/', base).href);
  const docs = {};
  docs.scope = await page.evaluate(() => {
    const box = document.querySelector('form.search-box input[name=prefer]');
    return box && { checked: box.checked, value: box.value, label: box.closest('label').textContent.trim() };
  });
  docs.axe_page = await axeViolations(page, tags);
  await tabToSearch(page);
  const options = () =>
    page.evaluate(() =>
      [...document.querySelectorAll('#search-suggestions .search-option-title')].map((e) => ({
        title: e.firstChild.textContent,
        version: e.querySelector('.version-tag')?.textContent || '',
      })),
    );
  await suggestions(page, 'Errors', 'Errors');
  docs.preferred = await options();
  // The open list covers the article below it while the reader types; the
  // page itself was checked above, so here the box and its list are.
  docs.axe = await axeViolations(page, tags, 'form.search-box');
  await page.keyboard.press('ArrowDown');
  await Promise.all([page.waitForURL('**/en/docs/v2/api/errors/**'), page.keyboard.press('Enter')]);
  docs.landed = new URL(page.url()).pathname;
  // Unticked, the latest version stands for the page again.
  await page.locator('form.search-box input[name=prefer]').uncheck();
  await page.locator('#search-input').fill('Errors');
  await page.waitForFunction(() => document.querySelector('#search-suggestions .version-tag')?.textContent === '3.x');
  docs.unticked = await options();
  // Ticked again, Enter without a choice: the results page keeps 2.x first, visibly.
  await page.locator('form.search-box input[name=prefer]').check();
  await page.locator('#search-input').fill('Errors');
  await page.locator('#search-suggestions .version-tag', { hasText: '2.x' }).first().waitFor();
  await page.locator('#search-input').focus();
  await Promise.all([page.waitForURL('**/en/search/?**'), page.keyboard.press('Enter')]);
  await page.locator('.search-results li').first().waitFor();
  docs.results = await page.evaluate(() => ({
    location: location.search,
    scope: (() => {
      const box = document.querySelector('.search-form input[name=prefer]');
      return box && { checked: box.checked, label: box.closest('label').textContent.trim() };
    })(),
    first: new URL(document.querySelector('.search-results h2 a').href).pathname,
    first_version: document.querySelector('.search-results h2 a .version-tag')?.textContent || '',
    errors_pages: [...document.querySelectorAll('.search-results h2 a')].filter((a) => a.pathname.endsWith('/api/errors/')).length,
  }));
  docs.axe_results = await axeViolations(page, tags);
  out.docs = docs;

  // 7. With search.report_misses on, a search that finds nothing is reported.
  if (missesBase) {
    const misses = [];
    await context.route('**/api/search-misses', async (route) => {
      misses.push({ method: route.request().method(), body: route.request().postDataJSON() });
      await route.fulfill({ status: 204 });
    });
    const other = await newPage(context);
    await other.goto(new URL('/en/', missesBase).href);
    await tabToSearch(other);
    await other.keyboard.type('zzqxv', { delay: 40 });
    await other.waitForFunction(() => /zzqxv/.test(document.querySelector('form.search-box [role=status]').textContent));
    const deadline = Date.now() + 5000;
    while (!misses.length && Date.now() < deadline) await other.waitForTimeout(100);
    out.misses = misses;
    out.no_results_status = await other.evaluate(() => document.querySelector('form.search-box [role=status]').textContent);
  }
} catch (e) {
  await browser.close();
  fail(e.stack || String(e));
}
await browser.close();
process.stdout.write(JSON.stringify(out));
