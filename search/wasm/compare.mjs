// Runs two builds of the search runtime side by side over one built site and
// fails unless every answer is the same: the labelled queries, each with no
// filter and with each docs version, their excerpts, and a few edge cases.
// scripts/search-runtime check uses it when the toolchain differs from the one
// that built the committed module (so the bytes may differ, the answers not).
//
//   node compare.mjs committed.wasm fresh.wasm SITE_DIR search-queries.json
import { readFileSync, existsSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { join } from "node:path";
import { searchRuntime } from "./calls.mjs";

const [committedPath, freshPath, site, queriesPath] = process.argv.slice(2);
if (!queriesPath) {
  console.error("usage: node compare.mjs committed.wasm fresh.wasm SITE_DIR search-queries.json");
  process.exit(2);
}
// Each answer as text; an error answer as `error: MESSAGE`, so the two
// runtimes' errors are compared too.
async function runtime(path) {
  const call = await searchRuntime(readFileSync(path));
  return (...args) => {
    try {
      return call(...args);
    } catch (e) {
      return `error: ${e.message}`;
    }
  };
}

// Every answer one runtime gives for a language, as lines of text.
async function answers(path, lang, queries, versions) {
  const call = await runtime(path);
  const base = join(site, "search", lang);
  const out = [`init ${call("init", [readFileSync(join(base, "manifest.txt"), "utf8")])}`];
  for (const query of queries) {
    const plan = call("plan", [query]);
    out.push(`plan ${query} ${plan}`);
    for (const n of plan ? plan.split(",") : []) {
      out.push(`load ${n} ${call("load_shard", [gunzipSync(readFileSync(join(base, "s", `${n}.bin`)))], [Number(n)])}`);
    }
    for (const version of ["", ...versions]) {
      const found = call("search", [[query, version, ""].join("\u001f")], [], [10]);
      out.push(`search ${query} [${version}] ${found}`);
      if (found.startsWith("error")) continue;
      for (const doc of JSON.parse(found).docs) {
        const fragment = readFileSync(join(base, "f", `${doc}.txt`), "utf8");
        out.push(`excerpt ${doc} ${call("excerpt", [fragment, query])}`);
      }
    }
  }
  return out;
}

const labelled = JSON.parse(readFileSync(queriesPath, "utf8")).queries;
const extra = ["", " ", "a", "E", "zzzzqqq", "v2 webhook", "\u{1f}", "返", "配送 追跡"];
let compared = 0;
let differing = 0;
for (const lang of [...new Set(labelled.map((q) => q.lang))]) {
  if (!existsSync(join(site, "search", lang, "manifest.txt"))) continue;
  const queries = [...labelled.filter((q) => q.lang === lang).map((q) => q.query), ...extra];
  const manifest = readFileSync(join(site, "search", lang, "manifest.txt"), "utf8");
  const versions = [...manifest.matchAll(/^version (\S+)/gm)].map((m) => m[1]);
  const [a, b] = [await answers(committedPath, lang, queries, versions), await answers(freshPath, lang, queries, versions)];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    compared++;
    if (a[i] !== b[i]) {
      differing++;
      if (differing <= 5) console.error(`${lang}: committed: ${a[i]}\n${lang}: fresh:     ${b[i]}`);
    }
  }
}
if (compared === 0) {
  console.error("compare: no language of the query set has an index in " + site);
  process.exit(1);
}
console.error(`compare: ${compared} answers, ${differing} differing`);
process.exit(differing === 0 ? 0 : 1);
