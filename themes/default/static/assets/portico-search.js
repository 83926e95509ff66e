// Portico search in the browser: the header search box (an ARIA combobox
// with a listbox of results), the full results page (/<lang>/search/?q=),
// and window.PorticoSearch for other scripts (the ticket form suggests
// articles with it).
//
// The index is static files under /search/<lang>/ (see the portico-search
// crate): a manifest, shards of the term index (gzipped tinysearch indexes)
// and one fragment per page. The wasm runtime (/assets/portico-search.wasm)
// tokenizes, ranks and cuts excerpts; this script fetches what it asks for.
// Nothing loads until the search box is used. Without JavaScript the header
// form still leads to the search page, which says search needs JavaScript.
(function () {
  "use strict";

  var form = document.querySelector("form.search-box");
  var lang = (form && form.getAttribute("data-lang")) || document.documentElement.lang || "en";
  var text = function (name) { return (form && form.getAttribute("data-" + name)) || ""; };

  // ----- the runtime: one wasm instance and one language's index -----
  var runtime = null;

  function load() {
    if (runtime) return runtime;
    var base = "/search/" + lang + "/";
    var wasm = fetch("/assets/portico-search.wasm").then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status + " for the search runtime");
      return WebAssembly.instantiateStreaming
        ? WebAssembly.instantiateStreaming(r.clone(), {}).catch(function () {
            return r.arrayBuffer().then(function (b) { return WebAssembly.instantiate(b, {}); });
          })
        : r.arrayBuffer().then(function (b) { return WebAssembly.instantiate(b, {}); });
    });
    var manifest = fetch(base + "manifest.txt", { cache: "no-cache" }).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status + " for the search manifest");
      return r.text();
    });
    runtime = Promise.all([wasm, manifest]).then(function (both) {
      var ex = both[0].instance.exports;
      var build = (/^build (\S+)$/m.exec(both[1]) || [])[1] || "";
      var rt = { ex: ex, base: base, build: build, shards: {}, fragments: {} };
      call(rt, "init", [both[1]]);
      return rt;
    });
    runtime.catch(function () { runtime = null; });
    return runtime;
  }

  var encoder = new TextEncoder();
  var decoder = new TextDecoder();

  // Calls a runtime export: inputs are copied into memory the callee owns;
  // the answer is read from its output buffer (negative length: an error).
  function call(rt, name, inputs, before, after) {
    var ex = rt.ex;
    var args = (before || []).slice();
    inputs.forEach(function (input) {
      var bytes = typeof input === "string" ? encoder.encode(input) : input;
      var ptr = ex.alloc(bytes.length);
      new Uint8Array(ex.memory.buffer, ptr, bytes.length).set(bytes);
      args.push(ptr, bytes.length);
    });
    var n = ex[name].apply(null, args.concat(after || []));
    var out = decoder.decode(new Uint8Array(ex.memory.buffer, ex.output_ptr(), Math.abs(n)));
    if (n < 0) throw new Error(out);
    return out;
  }

  function gunzip(buffer) {
    var bytes = new Uint8Array(buffer);
    if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return Promise.resolve(bytes); // the host decoded it
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).arrayBuffer().then(function (b) { return new Uint8Array(b); });
  }

  function fetchShard(rt, n) {
    if (!rt.shards[n]) {
      rt.shards[n] = fetch(rt.base + "s/" + n + ".bin?v=" + rt.build)
        .then(function (r) {
          if (!r.ok) throw new Error("HTTP " + r.status + " for search shard " + n);
          return r.arrayBuffer();
        })
        .then(gunzip)
        .then(function (bytes) { call(rt, "load_shard", [bytes], [n]); });
      rt.shards[n].catch(function () { delete rt.shards[n]; });
    }
    return rt.shards[n];
  }

  function fragment(rt, doc) {
    if (!rt.fragments[doc]) {
      rt.fragments[doc] = fetch(rt.base + "f/" + doc + ".txt?v=" + rt.build).then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status + " for search fragment " + doc);
        return r.text();
      });
    }
    return rt.fragments[doc];
  }

  // Ranked pages for a query: {query, total, pages: [doc numbers]}.
  function rank(query, options) {
    options = options || {};
    return load().then(function (rt) {
      var missing = call(rt, "plan", [query]);
      var needed = missing ? missing.split(",").map(Number) : [];
      return Promise.all(needed.map(function (n) { return fetchShard(rt, n); })).then(function () {
        var input = [query, options.version || "", options.section || "", options.prefer || ""].join("\u001f");
        var found = JSON.parse(call(rt, "search", [input], [], [options.limit || 10]));
        return { rt: rt, query: query, total: found.total, docs: found.docs };
      });
    });
  }

  // The result objects of some ranked pages: {url, title, version, heading,
  // excerpt}; `version` is the docs version's label, empty outside docs.
  function describe(ranked, docs) {
    return Promise.all(docs.map(function (doc) {
      return fragment(ranked.rt, doc).then(function (frag) {
        var e = JSON.parse(call(ranked.rt, "excerpt", [frag, ranked.query]));
        return { url: e.url, title: e.title, version: e.version, heading: e.heading, excerpt: e.html };
      });
    }));
  }

  // The public API. `excerpt` is HTML: escaped text with <mark>ed matches.
  window.PorticoSearch = {
    search: function (query, options) {
      return rank(query, options).then(function (ranked) {
        return describe(ranked, ranked.docs).then(function (results) {
          return { query: query, total: ranked.total, results: results };
        });
      });
    },
    suggest: function (query, options) {
      options = options || {};
      var asked = { limit: options.limit || 5, prefer: options.prefer };
      return window.PorticoSearch.search(query, asked).then(function (r) { return r.results; });
    },
  };

  // ----- shared by the box and the page -----
  function countText(n, query) {
    if (n === 0) return text("no-results").replace("{query}", query);
    var form = new Intl.PluralRules(lang).select(n);
    var pattern = text("results-" + form) || text("results-other");
    return pattern.replace("{n}", new Intl.NumberFormat(lang).format(n));
  }

  var reported = {};
  function reportMiss(query) {
    var url = form && form.getAttribute("data-search-misses");
    var key = query.toLowerCase();
    if (!url || reported[key]) return;
    reported[key] = true;
    fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ query: query, language: lang }),
      keepalive: true,
    }).catch(function () {});
  }

  function el(tag, className, content) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (content) node.textContent = content;
    return node;
  }

  // A result's title, with its docs version's label (results of several
  // versions would otherwise look alike).
  function titled(node, result) {
    node.textContent = result.title;
    if (result.version) {
      node.appendChild(document.createTextNode(" "));
      node.appendChild(el("span", "version-tag", result.version));
    }
    return node;
  }

  // ----- the header box: an ARIA combobox -----
  function combobox(input) {
    var list = el("ul", "search-suggestions");
    list.id = "search-suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", text("suggestions-label"));
    list.hidden = true;
    var status = el("p", "visually-hidden");
    status.setAttribute("role", "status");
    form.appendChild(list);
    form.appendChild(status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    var results = [];
    var active = -1;
    var asked = 0;
    var timer = null;
    var missTimer = null;

    function open(yes) {
      list.hidden = !yes;
      input.setAttribute("aria-expanded", yes ? "true" : "false");
      if (!yes) select(-1);
    }
    function select(i) {
      active = i;
      Array.prototype.forEach.call(list.children, function (li, j) {
        li.setAttribute("aria-selected", j === i ? "true" : "false");
      });
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
      results.forEach(function (r, i) {
        var li = el("li", "search-option");
        li.id = "search-option-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.appendChild(titled(el("span", "search-option-title"), r));
        if (r.heading) li.appendChild(el("span", "search-option-heading", r.heading));
        var excerpt = el("span", "search-option-excerpt");
        excerpt.innerHTML = r.excerpt;
        li.appendChild(excerpt);
        li.addEventListener("mousedown", function (e) { e.preventDefault(); });
        li.addEventListener("click", function () { location.href = r.url; });
        list.appendChild(li);
      });
      status.textContent = countText(found.total, found.query);
      open(results.length > 0);
      clearTimeout(missTimer);
      if (found.total === 0) missTimer = setTimeout(function () { reportMiss(found.query); }, 1500);
    }
    function update() {
      var query = input.value.trim();
      var mine = ++asked;
      if (!query) {
        results = [];
        status.textContent = "";
        open(false);
        return;
      }
      var prefer = form.elements.prefer && form.elements.prefer.checked ? form.elements.prefer.value : "";
      window.PorticoSearch.search(query, { limit: 6, prefer: prefer }).then(function (found) {
        if (mine === asked) show(found);
      }, function () {
        if (mine === asked) {
          status.textContent = text("error");
          open(false);
        }
      });
    }

    input.addEventListener("focus", function () { load(); });
    if (form.elements.prefer) form.elements.prefer.addEventListener("change", update);
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(update, 80);
    });
    input.addEventListener("keydown", function (e) {
      var n = results.length;
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        if (!n) return;
        e.preventDefault();
        if (list.hidden) open(true);
        var step = e.key === "ArrowDown" ? 1 : -1;
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
    input.addEventListener("blur", function () { open(false); });
  }

  // ----- the results page -----
  var PAGE = 10;

  function resultsPage(page) {
    var app = page.querySelector(".search-app");
    var pageForm = app.querySelector("form");
    var status = app.querySelector(".search-status");
    var list = app.querySelector(".search-results");
    var more = app.querySelector(".search-more");
    page.querySelector(".search-no-js").hidden = true;
    app.hidden = false;
    var params = new URLSearchParams(location.search);
    ["q", "version", "section"].forEach(function (name) {
      if (pageForm.elements[name]) pageForm.elements[name].value = params.get(name) || "";
    });
    // Come from a docs page: its version first, as the header box had it.
    var prefer = params.get("prefer");
    if (prefer && !pageForm.elements.prefer) {
      var option = pageForm.elements.version && pageForm.elements.version.querySelector("option[value='" + CSS.escape(prefer) + "']");
      if (option) {
        var scope = el("label", "search-scope");
        var box = el("input");
        box.type = "checkbox";
        box.name = "prefer";
        box.value = prefer;
        box.checked = true;
        scope.appendChild(box);
        scope.appendChild(document.createTextNode(" " + text("version-first").replace("{version}", option.textContent)));
        pageForm.insertBefore(scope, pageForm.querySelector("button"));
      }
    }
    var ranked = null;
    var shown = 0;
    var asked = 0;

    function render(results) {
      results.forEach(function (r) {
        var li = el("li", "search-result");
        var h2 = el("h2");
        var a = titled(el("a"), r);
        a.href = r.url;
        h2.appendChild(a);
        li.appendChild(h2);
        if (r.heading) li.appendChild(el("p", "search-result-heading", r.heading));
        var p = el("p", "search-result-excerpt");
        p.innerHTML = r.excerpt;
        li.appendChild(p);
        list.appendChild(li);
      });
    }
    function showMore() {
      var docs = ranked.docs.slice(shown, shown + PAGE);
      var mine = asked;
      shown += docs.length;
      more.hidden = shown >= ranked.docs.length;
      // A newer query (a filter changed meanwhile) must not get this one's results appended.
      return describe(ranked, docs).then(function (results) {
        if (mine === asked) render(results);
      });
    }
    function run() {
      var q = pageForm.elements.q.value.trim();
      var options = { limit: 100 };
      var query = new URLSearchParams();
      if (q) query.set("q", q);
      ["version", "section"].forEach(function (name) {
        var field = pageForm.elements[name];
        if (field && field.value) {
          options[name] = field.value;
          query.set(name, field.value);
        }
      });
      var preferred = pageForm.elements.prefer;
      if (preferred && preferred.checked) {
        options.prefer = preferred.value;
        query.set("prefer", preferred.value);
      }
      history.replaceState(null, "", "?" + query.toString());
      list.textContent = "";
      more.hidden = true;
      status.textContent = "";
      if (!q) return;
      var mine = ++asked;
      rank(q, options).then(function (r) {
        if (mine !== asked) return;
        ranked = r;
        shown = 0;
        status.textContent = countText(r.total, q);
        if (r.total === 0 && !options.version && !options.section) reportMiss(q);
        return showMore();
      }).catch(function () {
        if (mine === asked) status.textContent = text("error");
      });
    }
    pageForm.addEventListener("submit", function (e) {
      e.preventDefault();
      run();
    });
    Array.prototype.forEach.call(pageForm.querySelectorAll("select, input[type=checkbox]"), function (s) {
      s.addEventListener("change", run);
    });
    more.addEventListener("click", showMore);
    run();
  }

  var input = form && form.querySelector("input[type=search]");
  if (input && window.WebAssembly) combobox(input);
  var page = document.querySelector(".search-page");
  if (page && page.querySelector(".search-app") && window.WebAssembly) resultsPage(page);
})();
