// support-hostile-run.mjs: a ticket whose subject, messages, agent replies and
// customer reply are XSS payloads, shown on the private status page in
// Chromium under the site's own Content-Security-Policy, for
// tests/support_hostile_browser.rs.
//
//   node support-hostile-run.mjs REQUEST.json
//
// REQUEST.json: { "base": "http://127.0.0.1:PORT", "agent_key": "…",
//                 "csp": "default-src 'self'; …", "payloads": ["<script>…", …] }
//
// Prints one JSON document of observations on stdout: the text the page shows,
// how many elements the payloads managed to create, whether any of their code
// ran (`window.__xss`, dialogs) and the CSP violations seen.

import { fail as failWith, launch, readRequest, recordCspViolations, underCsp } from './launch.mjs';

const NAME = 'support-hostile-run';
const fail = (message) => failWith(NAME, message);
const { base, agent_key: agentKey, csp, payloads } = readRequest(NAME);
const url = (path) => new URL(path, base).href;

async function api(method, path, body, auth) {
  const response = await fetch(url(path), {
    method,
    headers: { 'Content-Type': 'application/json', ...(auth ? { Authorization: `Bearer ${auth}` } : {}) },
    body: JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok) fail(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

const browser = await launch(NAME);
const out = { csp_violations: [], dialogs: [] };
try {
  const ticket = await api('POST', '/api/tickets', {
    name: payloads[0], email: 'xss@example.com', subject: payloads[0], body: payloads.join('\n'), language: 'en',
  });
  for (const payload of payloads) {
    await api('PATCH', `/api/tickets/${ticket.id}`, { reply: payload }, agentKey);
  }

  const context = await browser.newContext();
  await underCsp(context, csp);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  recordCspViolations(page, out.csp_violations);
  page.on('dialog', async (d) => {
    out.dialogs.push(d.message());
    await d.dismiss();
  });

  await page.goto(url(ticket.status_url));
  await page.locator('.thread li').nth(payloads.length).waitFor();
  // The customer replies with the last payload through the page's own form.
  await page.getByLabel('Add a reply').fill(payloads[payloads.length - 1]);
  await page.getByRole('button', { name: 'Send reply' }).click();
  await page.locator('.thread li').nth(payloads.length + 1).waitFor();
  await page.waitForTimeout(300); // let any injected handler (onerror, onload) fire

  out.subject = await page.locator('.ticket-subject').textContent();
  out.bodies = await page.locator('.thread .message-body').allTextContents();
  // Message bodies and the subject are text only: any child element in them
  // was made from a payload.
  out.injected = await page.evaluate(() =>
    document.querySelectorAll('.thread .message-body *, .ticket-subject *, .ticket-id *').length);
  out.xss = await page.evaluate(() => window.__xss || null);
  out.title = await page.title();
  process.stdout.write(JSON.stringify(out) + '\n');
} catch (e) {
  await browser.close().catch(() => {});
  fail(e.stack || String(e));
}
await browser.close();
