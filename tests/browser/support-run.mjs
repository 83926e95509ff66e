// support-run.mjs: a customer's way through the support pages of a served
// Portico site with JavaScript on, under the site's own Content-Security-Policy
// (taken from the built _headers file), for tests/support_browser.rs.
//
//   node support-run.mjs REQUEST.json
//
// REQUEST.json: { "base": "http://127.0.0.1:PORT", "agent_key": "…",
//                 "csp": "default-src 'self'; …", "tags": ["wcag2a", …] }
//
// Prints one JSON document of observations on stdout (the Rust test asserts
// on them); exits nonzero with a message on stderr when a step cannot run.

import { axeViolations, fail as failWith, launch, readRequest, recordCspViolations, underCsp } from './launch.mjs';

const NAME = 'support-run';
const fail = (message) => failWith(NAME, message);
const { base, agent_key: agentKey, csp, tags } = readRequest(NAME);
const url = (path) => new URL(path, base).href;
const TIMEOUT = 15_000;

async function agent(method, path, body) {
  const response = await fetch(url(path), {
    method,
    headers: { Authorization: `Bearer ${agentKey}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: await response.json() };
}

const texts = (page, selector) => page.locator(selector).allTextContents();

const browser = await launch(NAME);
const out = { csp_violations: [], axe: {} };
try {
  const context = await browser.newContext();
  // Serve every page with the CSP the deployed site sends.
  await underCsp(context, csp);
  const page = await context.newPage();
  recordCspViolations(page, out.csp_violations);
  page.setDefaultTimeout(TIMEOUT);

  // 1. A refused field comes back next to the field (server-side check: the
  //    browser accepts ana@example as an e-mail address, the edge API doesn't).
  await page.goto(url('/en/support/?article=/en/guides/set-up-webhooks/'));
  await page.getByLabel('Your name').fill('Ana Souza');
  await page.getByLabel('E-mail address').fill('ana@example');
  await page.getByLabel('Subject').fill('Webhook retries stopped');
  await page.getByLabel('How can we help?').fill('Our endpoint was down for an hour.\nNo retries since.');
  await page.getByRole('button', { name: 'Send request' }).click();
  const emailError = page.locator('#ticket-email-error');
  await emailError.waitFor({ state: 'visible' });
  out.email_error = await emailError.textContent();
  out.email_invalid = await page.getByLabel('E-mail address').getAttribute('aria-invalid');
  out.email_describedby = await page.getByLabel('E-mail address').getAttribute('aria-describedby');
  out.email_focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
  out.axe.form_with_error = await axeViolations(page, tags);

  // 2. Fixed, it is sent and the status page shows the ticket.
  await page.getByLabel('E-mail address').fill('ana@example.com');
  await page.getByRole('button', { name: 'Send request' }).click();
  await page.waitForURL(/\/en\/support\/status\/\?id=/);
  await page.locator('.ticket').waitFor({ state: 'visible' });
  out.status_url = page.url();
  out.ticket_id = await page.locator('.ticket-id').textContent();
  out.subject = await page.locator('.ticket-subject').textContent();
  out.state = await page.locator('.ticket-state').textContent();
  out.no_js_hidden = await page.locator('.status-no-js').isHidden();

  // 3. The customer replies.
  await page.getByLabel('Add a reply').fill('It works again, thanks!');
  await page.getByRole('button', { name: 'Send reply' }).click();
  await page.locator('.thread li').nth(1).waitFor();
  out.after_reply = await texts(page, '.thread .message-body');
  out.reply_status = await page.locator('.reply-form .form-status').textContent();

  // 4. An agent solves it with a public reply; the customer sees both.
  out.agent_patch = await agent('PATCH', `/api/tickets/${out.ticket_id}`, { status: 'solved', reply: 'Glad to hear it. Closing.' });
  await page.reload();
  await page.locator('.thread li').nth(2).waitFor();
  out.state_after = await page.locator('.ticket-state').textContent();
  out.authors_after = await texts(page, '.thread .message-meta strong');
  out.axe.status = await axeViolations(page, tags);
  const listed = await agent('GET', '/api/tickets?status=solved');
  out.listed = listed.body.tickets.map((t) => ({ id: t.id, article: t.article, language: t.language }));

  // 5. A link without its token shows the not-found message, not the ticket.
  await page.goto(url(`/en/support/status/?id=${out.ticket_id}#token=wrong`));
  await page.locator('.status-missing').waitFor({ state: 'visible' });
  out.wrong_token_ticket_hidden = await page.locator('.ticket').isHidden();

  // 6. "Was this helpful?" — No, with a comment — thanks in place.
  await page.goto(url('/en/guides/set-up-webhooks/'));
  await page.getByText('Add a comment (optional)').click();
  await page.getByLabel('Your comment').fill('The retry table is unclear.');
  await page.locator('.feedback-form').getByRole('button', { name: 'No' }).click();
  await page.locator('.feedback-thanks').waitFor({ state: 'visible' });
  out.feedback_focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
  out.feedback_form_hidden = await page.locator('.feedback-form').isHidden();
  out.axe.article_after_vote = await axeViolations(page, tags);
  const summary = await agent('GET', '/api/feedback/summary');
  out.feedback = summary.body.articles.find((a) => a.article === 'guides/set-up-webhooks' && a.language === 'en') || null;

  process.stdout.write(JSON.stringify(out) + '\n');
} catch (e) {
  await browser.close().catch(() => {});
  fail(e.stack || String(e));
}
await browser.close();
