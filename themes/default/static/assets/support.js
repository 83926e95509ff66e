// Portico support pages: the ticket form (/<lang>/support/) and the private
// ticket status page (/<lang>/support/status/?id=…#token=…).
//
// Both pages work as plain HTML forms; this script makes them better when it
// runs: the form is sent as JSON with an Idempotency-Key (a retry never makes
// a second ticket), errors appear next to their field, articles that may
// answer the subject are suggested (through the search module's `suggest`),
// and the status page shows the ticket, which needs the secret token that
// only the URL fragment carries. The API's URLs are the forms' actions.
import { el, latestOnly } from "./portico.js";
import { suggest } from "./portico-search.js";

function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => (b + 256).toString(16).slice(1)).join("");
}

function errorText(code) {
  const known = document.getElementById(`error-${code}`);
  return (known || document.getElementById("error-internal")).textContent;
}

// The answer of a JSON API call, whatever its status.
async function answer(response) {
  return { ok: response.ok, status: response.status, body: await response.json() };
}

// ----- the ticket form -----
function ticketForm(form) {
  const status = form.querySelector(".form-status");
  const button = form.querySelector("button[type=submit]");
  const params = new URLSearchParams(location.search);
  const article = params.get("article");
  if (article?.startsWith("/")) form.elements.article.value = article.slice(0, 300);
  form.elements.nonce.value = newKey();

  const describedBy = (input) => (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);

  function clearErrors() {
    for (const p of form.querySelectorAll(".field-error")) {
      p.hidden = true;
      p.textContent = "";
    }
    for (const input of form.querySelectorAll("[aria-invalid]")) {
      input.removeAttribute("aria-invalid");
      const ids = describedBy(input).filter((id) => !id.endsWith("-error"));
      if (ids.length) input.setAttribute("aria-describedby", ids.join(" "));
      else input.removeAttribute("aria-describedby");
    }
    status.textContent = "";
  }

  // Puts the message under its field (or in the status line) and moves focus there.
  function showError(code, field) {
    const text = errorText(code);
    const input = field && form.elements[field];
    const slot = input && document.getElementById(`${input.id}-error`);
    if (!slot) {
      status.textContent = text;
      return;
    }
    slot.textContent = text;
    slot.hidden = false;
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby", [...describedBy(input), slot.id].join(" "));
    input.focus();
  }

  // A refused no-JS post came back as ?error=<code>&field=<name>.
  if (params.get("error")) showError(params.get("error"), params.get("field"));

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors();
    const data = {};
    for (const [name, value] of new FormData(form)) {
      if (name !== "nonce" && name !== "return_to" && value !== "") data[name] = value;
    }
    button.disabled = true;
    status.textContent = form.dataset.sending;
    try {
      const r = await answer(
        await fetch(form.action, {
          method: "POST",
          headers: { "Content-Type": "application/json", "Idempotency-Key": form.elements.nonce.value },
          body: JSON.stringify(data),
        }),
      );
      if (r.ok && r.body.status_url) {
        location.assign(r.body.status_url);
        return;
      }
      const e = r.body?.error || {};
      status.textContent = "";
      showError(e.code || "internal", e.field);
    } catch {
      status.textContent = errorText("internal");
    }
    button.disabled = false;
  });

  deflection(form);
}

// Suggests articles matching the subject while the customer types.
function deflection(form) {
  const box = form.querySelector(".deflection");
  const list = box?.querySelector(".deflection-list");
  const subject = form.elements.subject;
  if (!box || !subject) return;
  let timer = null;
  const ask = latestOnly();
  subject.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const text = subject.value.trim();
      const current = ask();
      if (text.length < 3) {
        box.hidden = true;
        return;
      }
      let results;
      try {
        results = await suggest(text, { limit: 3 });
      } catch {
        box.hidden = true;
        return;
      }
      if (!current()) return;
      list.textContent = "";
      for (const hit of (results || []).slice(0, 3)) {
        const a = el("a");
        a.href = hit.url;
        a.textContent = hit.title;
        if (hit.version) a.append(" ", el("span", "version-tag", hit.version));
        const li = el("li");
        li.append(a);
        list.append(li);
      }
      box.hidden = list.children.length === 0;
    }, 250);
  });
}

// ----- the status page -----
function statusPage(root) {
  // A pasted link to another ticket (or a corrected token) changes only the fragment.
  window.addEventListener("hashchange", () => location.reload());
  const id = new URLSearchParams(location.search).get("id") || "";
  const token = new URLSearchParams(location.hash.slice(1)).get("token") || "";
  const $ = (sel) => root.querySelector(sel);
  $(".status-no-js").hidden = true;
  if (!id || !token) {
    $(".status-missing").hidden = false;
    return;
  }
  const form = $(".reply-form");
  const dates = new Intl.DateTimeFormat(root.dataset.lang, { dateStyle: "medium", timeStyle: "short" });
  const auth = { Authorization: `Bearer ${token}` };
  const url = form.getAttribute("action") + encodeURIComponent(id);
  const label = (name) => root.getAttribute(`data-${name}`) || name;
  const setTime = (node, iso) => {
    node.dateTime = iso;
    node.textContent = dates.format(new Date(iso));
  };

  function render(ticket) {
    $(".ticket-id").textContent = ticket.id;
    $(".ticket-subject").textContent = ticket.subject;
    $(".ticket-state").textContent = label(`status-${ticket.status}`);
    setTime($(".ticket-created"), ticket.created_at);
    setTime($(".ticket-updated"), ticket.updated_at);
    const thread = $(".thread");
    thread.textContent = "";
    for (const m of ticket.messages) {
      const li = el("li", `message message-${m.author}`);
      const who = el("p", "message-meta");
      const when = el("time");
      setTime(when, m.created_at);
      who.append(el("strong", "", label(`author-${m.author}`)), " · ", when);
      const body = el("p", "message-body");
      body.textContent = m.body;
      li.append(who, body);
      thread.append(li);
    }
    $(".ticket").hidden = false;
  }

  $(".status-loading").hidden = false;
  fetch(url, { headers: auth })
    .then((response) => {
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
    })
    .then(render, () => ($(".status-missing").hidden = false))
    .then(() => ($(".status-loading").hidden = true));

  const status = form.querySelector(".form-status");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button");
    button.disabled = true;
    try {
      const r = await answer(
        await fetch(`${url}/comments`, {
          method: "POST",
          headers: { "Content-Type": "application/json", ...auth },
          body: JSON.stringify({ body: form.elements.body.value }),
        }),
      );
      if (!r.ok) throw r;
      render(r.body);
      form.reset();
      status.textContent = label("reply-sent");
    } catch (r) {
      status.textContent = r?.status === 429 ? label("error-rate-limited") : label("error");
    }
    button.disabled = false;
  });
}

const ticketFormEl = document.querySelector("form.ticket-form");
if (ticketFormEl) ticketForm(ticketFormEl);
const statusEl = document.querySelector(".ticket-status");
if (statusEl) statusPage(statusEl);
