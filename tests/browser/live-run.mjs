// live-run.mjs: a writer's view of `portico serve` in headless Chromium, for
// tests/live_browser.rs. Edits the site's files itself and watches the open
// page react through /__portico/live.js.
//
//   node live-run.mjs REQUEST.json
//
// REQUEST.json: { "base": "http://127.0.0.1:PORT", "root": "/abs/site",
//                 "page": "/en/guides/set-up-webhooks/",
//                 "file": "content/en/guides/set-up-webhooks.md" }
// Prints a JSON document of observations on stdout.

import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fail as failWith, launch, readRequest } from './launch.mjs';

const NAME = 'live-run';
const { base, root, page: path, file } = readRequest(NAME);
const source = join(root, file);
const original = readFileSync(source, 'utf8');
const TIMEOUT = 20_000;

const browser = await launch(NAME);
const out = {};
try {
  const page = await browser.newPage();
  page.setDefaultTimeout(TIMEOUT);
  await page.goto(new URL(path, base).href);
  // Give the event stream a moment to connect before the first edit.
  await page.waitForTimeout(500);

  // 1. An edit reloads the page with the new text.
  const marker = 'Written while the browser watched.';
  writeFileSync(source, `${original}\n${marker}\n`);
  await page.waitForFunction((m) => document.body.innerText.includes(m), marker);
  out.edit_shown = true;

  // 2. A broken edit shows the build's message over the last good page.
  writeFileSync(source, original.replace('title: ', 'title: [broken '));
  const overlay = page.locator('#portico-live-error');
  await overlay.waitFor({ state: 'visible' });
  out.overlay_text = await overlay.textContent();
  out.overlay_role = await overlay.getAttribute('role');
  out.page_still_shown = await page.evaluate((m) => document.body.innerText.includes(m), marker);

  // 3. The fix clears it and shows the fixed page.
  writeFileSync(source, original);
  await overlay.waitFor({ state: 'detached' });
  await page.waitForFunction((m) => !document.body.innerText.includes(m), marker);
  out.fixed = true;

  // 4. A stylesheet change swaps the stylesheets in place: no reload.
  await page.evaluate(() => { window.__portico_same_document = true; });
  const css = join(root, 'themes/default/static/assets/portico.css');
  mkdirSync(dirname(css), { recursive: true });
  const shipped = readFileSync(new URL('../../themes/default/static/assets/portico.css', import.meta.url), 'utf8');
  writeFileSync(css, `${shipped}\nbody { outline: 1px solid transparent; }\n`);
  await page.waitForFunction(() => [...document.querySelectorAll('link[rel=stylesheet]')].some((l) => l.href.includes('live=')));
  out.same_document_after_css = await page.evaluate(() => window.__portico_same_document === true);

  process.stdout.write(JSON.stringify(out) + '\n');
} catch (e) {
  writeFileSync(source, original);
  await browser.close().catch(() => {});
  fail(e.stack || String(e));
}
await browser.close();

function fail(message) {
  failWith(NAME, `${message}\nobserved so far: ${JSON.stringify(out)}`);
}
