// sidebar-run.mjs: the docs sidebar of a served Portico site in headless
// Chromium, with JavaScript on (the version's whole tree swapped in) and off
// (the page's own, shorter sidebar), under the site's own CSP, for
// tests/docs_sidebar_browser.rs.
//
//   node sidebar-run.mjs REQUEST.json
//
// REQUEST.json: { "base": "http://127.0.0.1:PORT", "csp": "…", "tags": [...],
//                 "page": "/en/docs/v3/…/" }
//
// Prints one JSON document of observations on stdout.

import { axeViolations, fail as failWith, launch, readRequest, recordCspViolations, underCsp } from './launch.mjs';

const NAME = 'sidebar-run';
const fail = (message) => failWith(NAME, message);
const { base, csp, tags, page: path } = readRequest(NAME);

const browser = await launch(NAME);
const out = { csp_violations: [] };

async function open(javaScriptEnabled) {
  const context = await browser.newContext({ javaScriptEnabled });
  await underCsp(context, csp);
  const page = await context.newPage();
  recordCspViolations(page, out.csp_violations);
  await page.goto(new URL(path, base).href);
  return page;
}

/** What the sidebar shows: links, the current one, open groups, "more" links. */
const observe = (page) =>
  page.evaluate(() => {
    const nav = document.querySelector('.docs-sidebar');
    return {
      whole: nav.querySelector('.sidebar-tree').hasAttribute('data-whole'),
      links: [...nav.querySelectorAll('.sidebar-tree a')].map((a) => a.pathname),
      current: [...nav.querySelectorAll('a[aria-current=page]')].map((a) => a.pathname),
      open: [...nav.querySelectorAll('details[open] > summary')].map((s) => s.textContent),
      closed: nav.querySelectorAll('details:not([open])').length,
      more: nav.querySelectorAll('.sidebar-more').length,
      contents_link_hidden: nav.querySelector('.sidebar-contents').hidden,
    };
  });

try {
  // JavaScript off: the page's own sidebar.
  const plain = await open(false);
  out.without_js = await observe(plain);
  await plain.context().close();

  // JavaScript on: the whole tree, swapped in.
  const page = await open(true);
  await page.waitForSelector('.sidebar-tree[data-whole]', { timeout: 10_000 });
  out.with_js = await observe(page);
  out.tree = await page.evaluate(async (url) => (await fetch(url)).json(), await page.getAttribute('.sidebar-tree', 'data-tree'));

  // Keyboard: Tab to the first closed group's summary, Enter opens it.
  const target = await page.evaluate(() => document.querySelector('.docs-sidebar details:not([open]) > summary')?.textContent || '');
  out.keyboard_target = target;
  if (target) {
    let reached = false;
    for (let i = 0; i < 80 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate((t) => document.activeElement?.tagName === 'SUMMARY' && document.activeElement.textContent === t, target);
    }
    out.keyboard_reached = reached;
    await page.keyboard.press('Enter');
    out.keyboard_opened = await page.evaluate(
      (t) => [...document.querySelectorAll('.docs-sidebar summary')].find((s) => s.textContent === t).parentElement.open,
      target,
    );
  }
  out.axe = await axeViolations(page, tags, '.docs-sidebar');
} catch (e) {
  await browser.close();
  fail(e.stack || String(e));
}
await browser.close();
process.stdout.write(JSON.stringify(out));
