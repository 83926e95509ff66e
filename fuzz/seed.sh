#!/bin/sh
# Fills fuzz/corpus/<target>/ with seeds taken from the repository: the
# example content and test fixtures (pages, front matter, portico.yaml),
# the labelled search queries, and the request bodies of the edge tests.
# The corpora are generated, not committed (see .gitignore); run this once
# before `cargo +nightly fuzz run <target>`.
set -eu
cd "$(dirname "$0")/.."
python3 - <<'PY'
import glob, hashlib, json, os, re

def put(target, data):
    if isinstance(data, str):
        data = data.encode()
    d = f"fuzz/corpus/{target}"
    os.makedirs(d, exist_ok=True)
    with open(f"{d}/seed-{hashlib.sha1(data).hexdigest()[:16]}", "wb") as f:
        f.write(data)

pages = sorted(glob.glob("content/**/*.md", recursive=True)) + sorted(
    glob.glob("tests/fixtures/**/*.md", recursive=True))
for p in pages:
    data = open(p, "rb").read()
    if len(data) <= 16384:
        put("front_matter", data)
        put("page", data)

for p in ["portico.yaml"] + sorted(glob.glob("tests/fixtures/**/portico.yaml", recursive=True)):
    put("config", open(p, "rb").read())

for q in json.load(open("tests/search-queries.json"))["queries"]:
    put("search_query", q["query"])
for q in ["E0382", "2.4.1", "Iterator::next", "追跡番号", "ひらがな", "\"exact phrase\"", "-not +must", "la", ""]:
    put("search_query", q)

# Edge bodies: the form and JSON bodies the edge tests send. The first byte
# picks the route (see fuzz_targets/edge_body.rs): route * 2, +1 for a form.
src = "".join(open(p).read() for p in sorted(glob.glob("edge/tests/*.rs")))
def route(fields):
    if "password" in fields:
        return [6, 7]
    if "role" in fields or "active" in fields:
        return [8, 9]
    if "scope" in fields:
        return [10]
    if "email" in fields or "subject" in fields:
        return [0]
    if "helpful" in fields or "article" in fields:
        return [4]
    if "query" in fields:
        return [5]
    if "status" in fields or "reply" in fields:
        return [2, 3]
    return [1, 3, 13]
for body in set(re.findall(r'"([a-z_]+=[^"\s]*)"', src)):
    fields = {kv.split("=")[0] for kv in body.split("&")}
    for r in route(fields):
        put("edge_body", bytes([r * 2 + 1]) + body.encode())
for lit in set(re.findall(r'json!\((\{[^;]*?\})\)', src)):
    text = re.sub(r':\s*([a-z_][a-z_0-9.()&]*)\s*([,}])',
                  lambda m: m.group(0) if m.group(1) in ("true", "false", "null") else f': "x"{m.group(2)}', lit)
    try:
        value = json.loads(text)
    except ValueError:
        continue
    if isinstance(value, dict):
        for r in route(set(value)):
            put("edge_body", bytes([r * 2]) + json.dumps(value).encode())
PY
for t in front_matter config page search_query edge_body; do
  echo "$t: $(ls fuzz/corpus/$t | wc -l) seeds"
done
