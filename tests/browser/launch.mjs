// launch.mjs: what every browser script here shares — Debian's Chromium
// started headless with the flags that keep it offline and quiet, and axe-core
// run on the current state of a page.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
export const CHROMIUM = process.env.PORTICO_CHROMIUM || '/usr/bin/chromium';
export const AXE_VERSION = require('axe-core/package.json').version;
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Prints `message` on stderr and exits with code 2 (the Rust side shows it). */
export function fail(name, message) {
  process.stderr.write(`${name}: ${message}\n`);
  process.exit(2);
}

/** Reads the JSON request file named on the command line. */
export function readRequest(name) {
  if (!process.argv[2]) fail(name, `usage: node ${name}.mjs REQUEST.json`);
  try {
    return JSON.parse(readFileSync(process.argv[2], 'utf8'));
  } catch (e) {
    return fail(name, `cannot read request ${process.argv[2]}: ${e.message}`);
  }
}

export async function launch(name) {
  return chromium
    .launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
        '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--no-first-run'],
    })
    .catch((e) => fail(name, `cannot launch ${CHROMIUM}: ${e.message}`));
}

// Flattens axe's node target (selectors, nested for iframes / shadow DOM).
const targetText = (target) =>
  target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : t)).join(' | ');

/** axe violations (rules with any of `tags`) of the page as it is now, or
 * of the part `within` selects (a CSS selector). */
export async function axeViolations(page, tags, within = null) {
  // Evaluated through the DevTools protocol, so the site's CSP (no inline
  // script) doesn't stop it.
  if (!(await page.evaluate(() => Boolean(globalThis.axe)))) await page.evaluate(axeSource);
  const violations = await page.evaluate(
    async ([values, scope]) => {
      const out = await globalThis.axe.run(scope ? { include: [scope] } : document, {
        runOnly: { type: 'tag', values },
        resultTypes: ['violations'],
      });
      return out.violations.map((v) => ({
        id: v.id,
        impact: v.impact ?? null,
        help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target, html: n.html })),
      }));
    },
    [tags, within],
  );
  return violations.map(({ nodes, ...v }) => ({
    ...v,
    targets: nodes.map((n) => targetText(n.target)),
    html: nodes.map((n) => n.html),
  }));
}

/**
 * Serves every response of `context` with the site's deployed CSP (what
 * `_headers` makes Cloudflare send). A request still in flight when the
 * context closes, or when its page navigates on and Playwright disposes its
 * response, is dropped, not an error: nobody is waiting for it.
 */
export async function underCsp(context, csp) {
  let closed = false;
  context.on('close', () => (closed = true));
  await context.route('**/*', async (route) => {
    try {
      const response = await route.fetch();
      await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': csp } });
    } catch (e) {
      if (!closed && !/disposed/.test(String(e?.message))) throw e;
    }
  });
}

/** Pushes every CSP violation `page` reports onto `violations`. */
export function recordCspViolations(page, violations) {
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
}
