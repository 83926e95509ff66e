// Portico search in the browser: the header search box (an ARIA combobox
// with a listbox of results), the full results page (/<lang>/search/?q=),
// and the API other scripts use: `search` and `suggest`, exported by this
// module and also on `window.PorticoSearch` for theme scripts that are not
// modules.
//
// The index is static files (see the portico-search crate): a manifest,
// shards of the term index (gzipped tinysearch indexes) and one fragment per
// page, under the folder the header form names in `data-index`; the wasm
// runtime (`data-runtime`) tokenizes, ranks and cuts excerpts; this script
// fetches what it asks for. Nothing loads until the search box is used.
// Without JavaScript the header form still leads to the search page, which
// says search needs JavaScript.
import { el, latestOnly } from "./portico.js";
import { caller } from "./search-calls.mjs";

const form = document.querySelector("form.search-box");
const lang = form?.dataset.lang || document.documentElement.lang || "en";
const text = (name) => form?.getAttribute(`data-${name}`) || "";

// ----- the runtime: one wasm instance and one language's index -----
let runtime = null;

async function instantiate(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status} for the search runtime`);
  if (WebAssembly.instantiateStreaming) {
    try {
      return await WebAssembly.instantiateStreaming(response.clone(), {});
    } catch {
      // served without the wasm MIME type: compile from the bytes instead
    }
  }
  return WebAssembly.instantiate(await response.arrayBuffer(), {});
}

async function readManifest(base) {
  const response = await fetch(`${base}manifest.txt`, { cache: "no-cache" });
  if (!response.ok) throw new Error(`HTTP ${response.status} for the search manifest`);
  return response.text();
}

function load() {
  if (runtime) return runtime;
  const base = form?.dataset.index;
  if (!base || !form.dataset.runtime) return Promise.reject(new Error("the page names no search index"));
  runtime = Promise.all([instantiate(form.dataset.runtime), readManifest(base)]).then(([wasm, manifest]) => {
    const build = (/^build (\S+)$/m.exec(manifest) || [])[1] || "";
    const rt = { call: caller(wasm.instance.exports), base, build, shards: {}, fragments: {} };
    rt.call("init", [manifest]);
    return rt;
  });
  runtime.catch(() => (runtime = null));
  return runtime;
}

async function gunzip(buffer) {
  const bytes = new Uint8Array(buffer);
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes; // the host decoded it
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

async function fetchOk(url, what) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${what}`);
  return response;
}

function fetchShard(rt, n) {
  if (!rt.shards[n]) {
    rt.shards[n] = fetchOk(`${rt.base}s/${n}.bin?v=${rt.build}`, `search shard ${n}`)
      .then((r) => r.arrayBuffer())
      .then(gunzip)
      .then((bytes) => {
        rt.call("load_shard", [bytes], [n]);
      });
    rt.shards[n].catch(() => delete rt.shards[n]);
  }
  return rt.shards[n];
}

function fragment(rt, doc) {
  if (!rt.fragments[doc]) {
    rt.fragments[doc] = fetchOk(`${rt.base}f/${doc}.txt?v=${rt.build}`, `search fragment ${doc}`).then((r) => r.text());
  }
  return rt.fragments[doc];
}

// Ranked pages for a query: {rt, query, total, docs: [doc numbers]}.
async function rank(query, options = {}) {
  const rt = await load();
  const missing = rt.call("plan", [query]);
  const needed = missing ? missing.split(",").map(Number) : [];
  await Promise.all(needed.map((n) => fetchShard(rt, n)));
  const input = [query, options.version || "", options.section || "", options.prefer || ""].join("\u001f");
  const found = JSON.parse(rt.call("search", [input], [], [options.limit || 10]));
  return { rt, query, total: found.total, docs: found.docs };
}

// The result objects of some ranked pages: {url, title, version, heading,
// excerpt}; `version` is the docs version's label, empty outside docs.
function describe(ranked, docs) {
  return Promise.all(
    docs.map(async (doc) => {
      const e = JSON.parse(ranked.rt.call("excerpt", [await fragment(ranked.rt, doc), ranked.query]));
      return { url: e.url, title: e.title, version: e.version, heading: e.heading, excerpt: e.html };
    }),
  );
}

/** Ranked results with excerpts. `excerpt` is HTML: escaped text with <mark>ed matches. */
export async function search(query, options) {
  const ranked = await rank(query, options);
  return { query, total: ranked.total, results: await describe(ranked, ranked.docs) };
}

/** A few results for a question being typed (the ticket form's suggestions). */
export async function suggest(query, options = {}) {
  return (await search(query, { limit: options.limit || 5, prefer: options.prefer })).results;
}

window.PorticoSearch = { search, suggest };

// ----- shared by the box and the page -----
function countText(n, query) {
  if (n === 0) return text("no-results").replace("{query}", query);
  const pattern = text(`results-${new Intl.PluralRules(lang).select(n)}`) || text("results-other");
  return pattern.replace("{n}", new Intl.NumberFormat(lang).format(n));
}

const reported = new Set();
function reportMiss(query) {
  const url = form?.dataset.searchMisses;
  const key = query.toLowerCase();
  if (!url || reported.has(key)) return;
  reported.add(key);
  fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ query, language: lang }),
    keepalive: true,
  }).catch(() => {});
}

// A result's title, with its docs version's label (results of several
// versions would otherwise look alike).
function titled(node, result) {
  node.textContent = result.title;
  if (result.version) node.append(" ", el("span", "version-tag", result.version));
  return node;
}

// ----- the header box: an ARIA combobox -----
function combobox(input) {
  const list = el("ul", "search-suggestions");
  list.id = "search-suggestions";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", text("suggestions-label"));
  list.hidden = true;
  const status = el("p", "visually-hidden");
  status.setAttribute("role", "status");
  form.append(list, status);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);

  let results = [];
  let active = -1;
  let timer = null;
  let missTimer = null;
  const ask = latestOnly();

  function open(yes) {
    list.hidden = !yes;
    input.setAttribute("aria-expanded", yes ? "true" : "false");
    if (!yes) select(-1);
  }
  function select(i) {
    active = i;
    [...list.children].forEach((li, j) => li.setAttribute("aria-selected", j === i ? "true" : "false"));
    if (i >= 0) {
      input.setAttribute("aria-activedescendant", list.children[i].id);
      list.children[i].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }
  function show(found) {
    results = found.results;
    list.textContent = "";
    results.forEach((r, i) => {
      const li = el("li", "search-option");
      li.id = `search-option-${i}`;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.append(titled(el("span", "search-option-title"), r));
      if (r.heading) li.append(el("span", "search-option-heading", r.heading));
      const excerpt = el("span", "search-option-excerpt");
      excerpt.innerHTML = r.excerpt;
      li.append(excerpt);
      li.addEventListener("mousedown", (e) => e.preventDefault());
      li.addEventListener("click", () => (location.href = r.url));
      list.append(li);
    });
    status.textContent = countText(found.total, found.query);
    open(results.length > 0);
    clearTimeout(missTimer);
    if (found.total === 0) missTimer = setTimeout(() => reportMiss(found.query), 1500);
  }
  function update() {
    const query = input.value.trim();
    const current = ask();
    if (!query) {
      results = [];
      status.textContent = "";
      open(false);
      return;
    }
    const prefer = form.elements.prefer?.checked ? form.elements.prefer.value : "";
    search(query, { limit: 6, prefer }).then(
      (found) => current() && show(found),
      () => {
        if (!current()) return;
        status.textContent = text("error");
        open(false);
      },
    );
  }

  input.addEventListener("focus", () => load().catch(() => {}));
  form.elements.prefer?.addEventListener("change", update);
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(update, 80);
  });
  input.addEventListener("keydown", (e) => {
    const n = results.length;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (!n) return;
      e.preventDefault();
      if (list.hidden) open(true);
      const step = e.key === "ArrowDown" ? 1 : -1;
      select(active < 0 ? (step > 0 ? 0 : n - 1) : (active + step + n) % n);
    } else if (e.key === "Enter" && active >= 0 && !list.hidden) {
      e.preventDefault();
      location.href = results[active].url;
    } else if (e.key === "Escape") {
      if (!list.hidden) {
        e.preventDefault();
        open(false);
      } else if (input.value) {
        e.preventDefault();
        input.value = "";
        update();
      }
    }
  });
  input.addEventListener("blur", () => open(false));
}

// ----- the results page -----
const PAGE = 10;

function resultsPage(page) {
  const app = page.querySelector(".search-app");
  const pageForm = app.querySelector("form");
  const status = app.querySelector(".search-status");
  const list = app.querySelector(".search-results");
  const more = app.querySelector(".search-more");
  page.querySelector(".search-no-js").hidden = true;
  app.hidden = false;
  const params = new URLSearchParams(location.search);
  for (const name of ["q", "version", "section"]) {
    if (pageForm.elements[name]) pageForm.elements[name].value = params.get(name) || "";
  }
  // Come from a docs page: its version first, as the header box had it.
  const prefer = params.get("prefer");
  if (prefer && !pageForm.elements.prefer) {
    const option = pageForm.elements.version?.querySelector(`option[value='${CSS.escape(prefer)}']`);
    if (option) {
      const scope = el("label", "search-scope");
      const box = el("input");
      box.type = "checkbox";
      box.name = "prefer";
      box.value = prefer;
      box.checked = true;
      scope.append(box, ` ${text("version-first").replace("{version}", option.textContent)}`);
      pageForm.insertBefore(scope, pageForm.querySelector("button"));
    }
  }
  let ranked = null;
  let shown = 0;
  const ask = latestOnly();
  let current = ask();

  function render(results) {
    for (const r of results) {
      const li = el("li", "search-result");
      const h2 = el("h2");
      const a = titled(el("a"), r);
      a.href = r.url;
      h2.append(a);
      li.append(h2);
      if (r.heading) li.append(el("p", "search-result-heading", r.heading));
      const p = el("p", "search-result-excerpt");
      p.innerHTML = r.excerpt;
      li.append(p);
      list.append(li);
    }
  }
  function showMore() {
    const docs = ranked.docs.slice(shown, shown + PAGE);
    const mine = current;
    shown += docs.length;
    more.hidden = shown >= ranked.docs.length;
    // A newer query (a filter changed meanwhile) must not get this one's results appended.
    return describe(ranked, docs).then((results) => mine() && render(results));
  }
  function run() {
    const q = pageForm.elements.q.value.trim();
    const options = { limit: 100 };
    const query = new URLSearchParams();
    if (q) query.set("q", q);
    for (const name of ["version", "section"]) {
      const field = pageForm.elements[name];
      if (field?.value) {
        options[name] = field.value;
        query.set(name, field.value);
      }
    }
    const preferred = pageForm.elements.prefer;
    if (preferred?.checked) {
      options.prefer = preferred.value;
      query.set("prefer", preferred.value);
    }
    history.replaceState(null, "", `?${query}`);
    list.textContent = "";
    more.hidden = true;
    status.textContent = "";
    if (!q) return;
    const mine = (current = ask());
    rank(q, options)
      .then((r) => {
        if (!mine()) return;
        ranked = r;
        shown = 0;
        status.textContent = countText(r.total, q);
        if (r.total === 0 && !options.version && !options.section) reportMiss(q);
        return showMore();
      })
      .catch(() => {
        if (mine()) status.textContent = text("error");
      });
  }
  pageForm.addEventListener("submit", (e) => {
    e.preventDefault();
    run();
  });
  for (const s of pageForm.querySelectorAll("select, input[type=checkbox]")) s.addEventListener("change", run);
  more.addEventListener("click", showMore);
  run();
}

const input = form?.querySelector("input[type=search]");
if (input && window.WebAssembly) combobox(input);
const page = document.querySelector(".search-page");
if (page?.querySelector(".search-app") && window.WebAssembly) resultsPage(page);
