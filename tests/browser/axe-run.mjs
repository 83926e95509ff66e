// axe-run.mjs: runs axe-core over pages of a served Portico site in headless
// Chromium, for the Rust browser tests (tests/common/browser.rs calls it).
//
//   node axe-run.mjs REQUEST.json
//
// REQUEST.json: { "base": "http://127.0.0.1:PORT", "paths": ["/en/", ...],
//                 "schemes": ["light", "dark"], "tags": ["wcag2a", ...] }
//
// Prints one JSON document on stdout:
//   { "axe_version": "4.x", "results": [ { "path", "scheme", "violations":
//     [ { "id", "impact", "help", "targets": [...], "html": [...] } ],
//     "error"?: "navigation failed / HTTP 404 / ..." } ] }
// A page that cannot be loaded is reported with "error" (and no violations).
// Exit code 0 when it ran; nonzero (message on stderr) when the browser, the
// request or axe itself failed. Uses the Debian /usr/bin/chromium: browsers
// downloaded by npm packages are not used (see scripts/test).

import { AXE_VERSION, axeViolations, fail as failWith, launch, readRequest } from './launch.mjs';

const CONCURRENCY = 3; // pages at a time within one color scheme
const TIMEOUT_MS = 30_000;
const fail = (message) => failWith('axe-run', message);

const { base, paths, schemes = ['light'], tags } = readRequest('axe-run');
if (typeof base !== 'string' || !Array.isArray(paths) || !Array.isArray(tags)) {
  fail('request needs "base" (string), "paths" and "tags" (arrays)');
}

async function auditPage(page, path, scheme) {
  const result = { path, scheme, violations: [] };
  let response;
  try {
    response = await page.goto(new URL(path, base).href, { waitUntil: 'load', timeout: TIMEOUT_MS });
  } catch (e) {
    return { ...result, error: `navigation failed: ${e.message.split('\n')[0]}` };
  }
  if (!response) return { ...result, error: 'navigation failed: no response' };
  if (response.status() >= 400) return { ...result, error: `HTTP ${response.status()}` };
  result.violations = await axeViolations(page, tags);
  return result;
}

async function auditScheme(browser, scheme) {
  const context = await browser.newContext({ colorScheme: scheme, bypassCSP: true });
  const results = new Array(paths.length);
  let next = 0;
  const worker = async () => {
    const page = await context.newPage();
    while (next < paths.length) {
      const i = next++;
      results[i] = await auditPage(page, paths[i], scheme);
    }
    await page.close();
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, paths.length) }, worker));
  await context.close();
  return results;
}

const browser = await launch('axe-run');
try {
  const results = [];
  for (const scheme of schemes) results.push(...(await auditScheme(browser, scheme)));
  process.stdout.write(JSON.stringify({ axe_version: AXE_VERSION, results }) + '\n');
} catch (e) {
  await browser.close().catch(() => {});
  fail(e.stack || String(e));
}
await browser.close();
