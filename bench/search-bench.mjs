// search-bench.mjs: measures Portico's search against Pagefind on one built
// site (bench/search.sh runs it; `pagefind --site SITE` must have run).
//
//   node bench/search-bench.mjs SITE_DIR LANG
//
// - Bytes before the first result: for each query, a fresh headless Chromium
//   context opens an empty page of the site, then asks each engine for its
//   first result (Portico: PorticoSearch.search(q, {limit: 1}); Pagefind:
//   search(q) and results[0].data()). The local server logs every file
//   requested; each counts at its gzip size (files already gzipped, like
//   Pagefind's index and Portico's shards, at their size).
// - Query latency of the wasm runtime under Node: the same wasm module, its
//   shards loaded, 1,000 searches over the query list; median and p95.
//
// Queries come from the site itself: words of page titles (English) or the
// first CJK characters of titles (Japanese), plus half-typed prefixes.
// Prints one JSON document.

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { searchRuntime } from '../search/wasm/calls.mjs';

const require = createRequire(new URL('../tests/browser/package.json', import.meta.url));
const { chromium } = require('playwright-core');
const [site, lang] = [path.resolve(process.argv[2]), process.argv[3] || 'en'];
const CHROMIUM = process.env.PORTICO_CHROMIUM || '/usr/bin/chromium';
const BYTES_QUERIES = 5;

// ----- queries, from fragment titles -----
const fragDir = path.join(site, 'search', lang, 'f');
const docs = fs.readdirSync(fragDir).length;
const titles = [];
for (let i = 0; i < docs && titles.length < 40; i += Math.max(1, Math.floor(docs / 40))) {
  titles.push(fs.readFileSync(path.join(fragDir, `${i}.txt`), 'utf8').split('\u001f')[1]);
}
const queries = [];
for (const t of titles) {
  if (lang === 'ja') {
    const cjk = t.match(/[\u3040-\u30ff\u3400-\u9fff]{4,}/);
    if (cjk) queries.push(cjk[0].slice(0, 4));
  } else {
    const words = t.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length >= 4);
    if (words.length >= 2) queries.push(`${words[0]} ${words[1]}`);
    if (words.length >= 1) queries.push(words[words.length - 1].slice(0, 4));
  }
}
if (!queries.length) throw new Error(`no queries from ${fragDir}`);

// ----- a static server that logs what is fetched -----
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8', '.css': 'text/css', '.json': 'application/json' };
let log = [];
const server = http.createServer((req, res) => {
  let p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  if (p.endsWith('/')) p += 'index.html';
  const file = path.join(site, p);
  if (!file.startsWith(site) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    res.writeHead(404);
    res.end();
    return;
  }
  log.push(file);
  res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
  fs.createReadStream(file).pipe(res);
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const base = `http://127.0.0.1:${server.address().port}`;
const blank = path.join(site, '__search-bench.html');
fs.writeFileSync(blank, `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>bench</title></head><body></body></html>`);

const wire = (file) => {
  const bytes = fs.readFileSync(file);
  return bytes[0] === 0x1f && bytes[1] === 0x8b ? bytes.length : zlib.gzipSync(bytes, { level: 9 }).length;
};

const engines = {
  portico: async (q) => {
    await new Promise((ok, err) => {
      const s = document.createElement('script');
      s.src = '/assets/portico-search.js';
      s.onload = ok;
      s.onerror = err;
      document.head.appendChild(s);
    });
    const r = await window.PorticoSearch.search(q, { limit: 1 });
    return r.results.length ? r.results[0].url : null;
  },
  pagefind: async (q) => {
    const pf = await import('/pagefind/pagefind.js');
    const s = await pf.search(q);
    const d = s.results.length ? await s.results[0].data() : null;
    return d ? d.url : null;
  },
};

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const bytes = { portico: [], pagefind: [] };
try {
  for (const q of queries.slice(0, BYTES_QUERIES)) {
    for (const [name, fn] of Object.entries(engines)) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${base}/__search-bench.html`);
      log = [];
      const first = await page.evaluate(fn, q);
      const files = [...new Set(log)];
      const total = files.reduce((sum, f) => sum + wire(f), 0);
      bytes[name].push({ query: q, first, bytes: total, files: files.map((f) => path.relative(site, f)) });
      await context.close();
    }
  }
} finally {
  await browser.close();
  server.close();
  fs.rmSync(blank);
}

// ----- latency of the wasm runtime under Node -----
const call = await searchRuntime(fs.readFileSync(path.join(site, 'assets/portico-search.wasm')));
call('init', [fs.readFileSync(path.join(site, 'search', lang, 'manifest.txt'), 'utf8')]);
let decodeMs = 0;
for (const q of queries) {
  const missing = call('plan', [q]);
  for (const n of missing ? missing.split(',') : []) {
    const raw = zlib.gunzipSync(fs.readFileSync(path.join(site, 'search', lang, 's', `${n}.bin`)));
    const t = performance.now();
    call('load_shard', [raw], [Number(n)]);
    decodeMs += performance.now() - t;
  }
}
const search = (q) => call('search', [`${q}\u001f\u001f`], [], [10]);
for (let i = 0; i < 100; i++) search(queries[i % queries.length]);
const times = [];
for (let i = 0; i < 1000; i++) {
  const t = performance.now();
  search(queries[i % queries.length]);
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
const median = (xs) => xs[Math.floor(xs.length / 2)];
process.stdout.write(JSON.stringify({
  lang,
  docs,
  queries,
  bytes,
  first_result_bytes: { portico: median(bytes.portico.map((b) => b.bytes).sort((a, b) => a - b)),
    pagefind: median(bytes.pagefind.map((b) => b.bytes).sort((a, b) => a - b)) },
  latency_ms: { median: median(times), p95: times[Math.floor(times.length * 0.95)], runs: times.length },
  shard_decode_ms: decodeMs,
}, null, 1));
