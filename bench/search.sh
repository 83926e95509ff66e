#!/usr/bin/env bash
# Portico's search against Pagefind on the same generated help center:
# builds the release `portico` once, generates 1,000- and 10,000-page
# corpora (English, and English plus Japanese) with bench/gen-corpus.py,
# builds each RUNS times with --timings (index time = the "indexing search"
# stage, against the whole build), runs Pagefind (bench/package-lock.json
# pins it) on the very HTML Portico wrote, then bench/search-bench.mjs
# measures the bytes each engine fetches before its first result (in
# headless Chromium) and the query latency of Portico's wasm runtime under
# Node (median and p95 over 1,000 queries), and prints the ratios.
#
# Not a test: nothing here passes or fails on a number.
#
#   bench/search.sh
#
# Environment (all optional):
#   SIZES="1000 10000"    total markdown pages per corpus
#   LANGSETS="en en,ja"   language sets; en,ja corpora are searched in Japanese
#   RUNS=3                builds per corpus (medians)
#   SEED=1                corpus seed
#   WORK=bench/.work/search   corpora and results (gitignored)
#   OUT=/dev/shm/portico-search-bench   built sites (a RAM disk when /dev/shm
#                         exists, as in bench/build.sh; OUT=… to measure on disk)
#   PORTICO_BIN=…         use this binary instead of building one
#   CARGO_TARGET_DIR      where cargo puts the release build (default target/)
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"1000 10000"}
LANGSETS=${LANGSETS:-"en en,ja"}
RUNS=${RUNS:-3}
SEED=${SEED:-1}
WORK=${WORK:-bench/.work/search}
if [ -z "${OUT:-}" ]; then
  OUT=$WORK/out
  [ -d /dev/shm ] && [ -w /dev/shm ] && OUT=/dev/shm/portico-search-bench
fi

command -v node >/dev/null || { echo "bench/search.sh: node (20+) is needed" >&2; exit 1; }
command -v python3 >/dev/null || { echo "bench/search.sh: python3 is needed for bench/gen-corpus.py" >&2; exit 1; }
[ -x /usr/bin/chromium ] || [ -n "${PORTICO_CHROMIUM:-}" ] || { echo "bench/search.sh: Chromium is needed (apt-get install chromium)" >&2; exit 1; }
[ -d bench/node_modules/pagefind ] || npm ci --prefix bench --no-audit --no-fund >&2
[ -d tests/browser/node_modules/playwright-core ] || npm ci --prefix tests/browser --no-audit --no-fund >&2

if [ -n "${PORTICO_BIN:-}" ]; then
  bin=$PORTICO_BIN
else
  echo "building portico (release)…" >&2
  cargo build --release --locked -q -p portico
  bin="${CARGO_TARGET_DIR:-target}/release/portico"
fi
bin=$(realpath "$bin")
mkdir -p "$WORK"
WORK=$(realpath "$WORK")
mkdir -p "$OUT"
OUT=$(realpath "$OUT")
pagefind=$(realpath bench/node_modules/.bin/pagefind)

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
rows=()
for size in $SIZES; do
  for langs in $LANGSETS; do
    corpus="${size}-${langs/,/+}"
    lang=en
    [ "$langs" = "en,ja" ] && lang=ja
    echo "$corpus: generating…" >&2
    python3 bench/gen-corpus.py --pages "$size" --langs "$langs" --seed "$SEED" --portico-out "$WORK/corpus/$corpus" >&2
    out="$OUT/$corpus"
    : >"$WORK/$corpus.timings"
    for run in $(seq 0 "$RUNS"); do # run 0 warms the file cache and is not counted
      echo "  portico build $run/$RUNS" >&2
      rm -rf "$out"
      "$bin" --root "$WORK/corpus/$corpus" build --timings --out "$out" 2>"$WORK/stderr" >/dev/null
      [ "$run" = 0 ] && continue
      # rows are "stage  ms  CPU ms": the wall time is the next-to-last field
      awk '/^indexing search/ {i = $(NF-1)} /^total/ {t = $(NF-1)} END {print i, t}' "$WORK/stderr" >>"$WORK/$corpus.timings"
    done
    index_ms=$(cut -d' ' -f1 "$WORK/$corpus.timings" | median)
    total_ms=$(cut -d' ' -f2 "$WORK/$corpus.timings" | median)
    echo "  pagefind" >&2
    start=$(date +%s%N)
    "$pagefind" --site "$out" >"$WORK/pagefind.log" 2>&1
    pagefind_ms=$((($(date +%s%N) - start) / 1000000))
    echo "  measuring bytes and latency" >&2
    node bench/search-bench.mjs "$out" "$lang" >"$WORK/$corpus.json"
    rows+=("$(node -e '
      const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
      const [c, lang, idx, tot, pf] = process.argv.slice(2);
      const kb = (b) => (b / 1024).toFixed(1) + " KB";
      const b = r.first_result_bytes;
      console.log(`| ${c} (${lang}) | ${tot} ms | ${idx} ms | ${(100 * idx / tot).toFixed(1)}% | ${pf} ms | ` +
        `${kb(b.portico)} | ${kb(b.pagefind)} | ${(b.portico / b.pagefind).toFixed(2)} | ` +
        `${(r.latency_ms.median * 1000).toFixed(0)} µs | ${(r.latency_ms.p95 * 1000).toFixed(0)} µs |`);
    ' "$WORK/$corpus.json" "$corpus" "$lang" "$index_ms" "$total_ms" "$pagefind_ms")")
  done
done

# The runtime as the last site built carries it (not a stale copy elsewhere).
wasm="$OUT/$corpus/assets/portico-search.wasm"
echo
echo "Portico: $(git rev-parse --short HEAD 2>/dev/null || echo unknown); Pagefind $(node -p 'require("./bench/node_modules/pagefind/package.json").version')"
echo "Machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg); $RUNS builds per corpus (medians); seed $SEED"
echo "Runtime: portico-search.wasm $(stat -c %s "$wasm") bytes, $(gzip -9c "$wasm" | wc -c) gzipped"
echo
echo "| corpus | build (median) | index | index share | Pagefind index | first result: Portico | Pagefind | ratio | query median | query p95 |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
printf '%s\n' "${rows[@]}"
echo
echo "First result: gzip bytes of every file the browser fetched until the first result's title and excerpt"
echo "(median of 5 queries; per-query files in $WORK/<corpus>.json). Query: one search call of the wasm runtime"
echo "in Node with its shards loaded, over the query list, 1,000 runs."
