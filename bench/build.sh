#!/usr/bin/env bash
# Portico against Hugo on the same generated help center: builds the release
# `portico` once, generates 1,000 and 10,000 pages (English, and English plus
# Japanese) with bench/gen-corpus.py, then builds each corpus with Portico and
# Hugo alternately, RUNS times each, and prints the median wall time, CPU time
# (user+sys) and peak RSS of each, their Portico/Hugo ratios, and Portico's
# stages (median of the `--timings` output of the same runs).
#
# Not a test: nothing here passes or fails on a number. Alternating the two
# tools in one run keeps the ratios fair on a noisy or shared machine.
#
#   bench/build.sh
#
# Environment (all optional):
#   RUNS=5            runs per tool for corpora under 10,000 pages
#   RUNS_10K=3        runs per tool for corpora of 10,000 pages or more
#   SIZES="1000 10000"    total markdown pages per corpus (split across languages)
#   LANGSETS="en en,ja"   language sets
#   SEED=1            corpus seed
#   PER_VERSION=2000  also build each corpus large enough for it with every
#                     docs version holding this many pages (corpus names end
#                     in -2000pv; the default shape splits docs across versions
#                     and has ~1,300 pages in the latest); PER_VERSION= skips it
#   NICE=0            niceness for every timed build (10 on a shared box)
#   WORK=bench/.work  corpora and raw results (gitignored)
#   OUT=/dev/shm/portico-bench   where both tools write their sites (a RAM
#                     disk when /dev/shm exists; see BENCHMARKS.md for why;
#                     OUT=bench/.work/out measures on disk)
#   PORTICO_BIN=…     use this binary instead of building one
#   CARGO_TARGET_DIR  where cargo puts the release build (default target/)
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-5}
RUNS_10K=${RUNS_10K:-3}
SIZES=${SIZES:-"1000 10000"}
LANGSETS=${LANGSETS:-"en en,ja"}
SEED=${SEED:-1}
PER_VERSION=${PER_VERSION-2000}
NICE=${NICE:-0}
WORK=${WORK:-bench/.work}
if [ -z "${OUT:-}" ]; then
  OUT=bench/.work/out
  [ -d /dev/shm ] && [ -w /dev/shm ] && OUT=/dev/shm/portico-bench
fi

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
need_pkg() { # need_pkg COMMAND PACKAGE: install a Debian package when COMMAND is missing
  if ! command -v "$1" >/dev/null 2>&1 && [ ! -x "$1" ]; then
    echo "installing $2 (Debian package)…" >&2
    as_root apt-get install -y "$2" >/dev/null 2>&1 || { as_root apt-get update >/dev/null && as_root apt-get install -y "$2" >/dev/null; }
  fi
}
need_pkg hugo hugo
need_pkg /usr/bin/time time
command -v python3 >/dev/null || { echo "bench/build.sh: python3 is needed for bench/gen-corpus.py" >&2; exit 1; }

if [ -n "${PORTICO_BIN:-}" ]; then
  bin=$PORTICO_BIN
  rev="prebuilt $bin"
else
  echo "building portico (release)…" >&2
  cargo build --release --locked -q -p portico
  bin="${CARGO_TARGET_DIR:-target}/release/portico"
  rev="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  git diff --quiet HEAD -- generator themes i18n 2>/dev/null || rev="$rev + uncommitted changes"
fi
bin=$(realpath "$bin")

mkdir -p "$WORK" "$OUT"
WORK=$(realpath "$WORK")
OUT=$(realpath "$OUT")
raw="$WORK/results.tsv"
printf 'corpus\ttool\trun\twall_ms\tcpu_ms\trss_kib\n' >"$raw"
stages="$WORK/stages.tsv"
printf 'corpus\trun\tstage\tms\tcpu_ms\n' >"$stages"

median() { sort -n | awk '{a[NR]=$1} END {if (NR == 0) print "nan"; else print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# timed CORPUS TOOL RUN CMD…: runs CMD once, appends wall/CPU/RSS to $raw.
timed() {
  local corpus=$1 tool=$2 run=$3 start end
  shift 3
  start=$(date +%s%N)
  if ! nice -n "$NICE" /usr/bin/time -o "$WORK/time" -f "%U %S %M" "$@" >"$WORK/stdout" 2>"$WORK/stderr"; then
    echo "bench/build.sh: $tool failed on $corpus:" >&2
    tail -40 "$WORK/stderr" >&2
    exit 1
  fi
  end=$(date +%s%N)
  awk -v c="$corpus" -v t="$tool" -v r="$run" -v w=$(((end - start) / 1000000)) \
    'END {printf "%s\t%s\t%s\t%d\t%d\t%d\n", c, t, r, w, ($1 + $2) * 1000, $3}' "$WORK/time" >>"$raw"
}

portico_run() { # portico_run CORPUS RUN
  rm -rf "$OUT/portico"
  timed "$1" portico "$2" "$bin" --root "$WORK/corpus/$1/portico" build --timings --out "$OUT/portico"
  # `--timings` prints "stage  ms  CPU ms" rows, then "total", then the "Built …" line.
  awk -v c="$1" -v r="$2" '
    /^stage +ms +CPU ms$/ {on = 1; next}
    on && /^total / {on = 0}
    on {cpu = $NF; ms = $(NF-1); $NF = ""; $(NF-1) = ""; sub(/ +$/, "");
        printf "%s\t%s\t%s\t%s\t%s\n", c, r, $0, ms, cpu}' "$WORK/stderr" >>"$stages"
  grep '^Built' "$WORK/stderr" >"$WORK/corpus/$1/portico-built.txt" || true
}

hugo_run() { # hugo_run CORPUS RUN
  rm -rf "$OUT/hugo"
  timed "$1" hugo "$2" hugo --source "$WORK/corpus/$1/hugo" --destination "$OUT/hugo" --quiet
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
corpora=()
# shapes SIZE LANGS: the docs shapes a corpus is built in ("" is the default;
# N is N pages per docs version, when 3 versions of N fit with room to spare).
shapes() {
  echo default
  local nlangs
  nlangs=$(echo "$2" | tr ',' '\n' | wc -l)
  if [ -n "$PER_VERSION" ] && [ $(($1 / nlangs)) -ge $((3 * PER_VERSION + 200)) ]; then echo "$PER_VERSION"; fi
}
for size in $SIZES; do
  for langs in $LANGSETS; do
    for shape in $(shapes "$size" "$langs"); do
      corpus="${size}-${langs/,/+}"
      shape_args=()
      if [ "$shape" != default ]; then
        corpus="$corpus-${shape}pv"
        shape_args=(--pages-per-version "$shape")
      fi
      corpora+=("$corpus")
      python3 bench/gen-corpus.py --pages "$size" --langs "$langs" --seed "$SEED" "${shape_args[@]}" \
        --portico-out "$WORK/corpus/$corpus/portico" --hugo-out "$WORK/corpus/$corpus/hugo" >"$WORK/corpus-$corpus.txt"
      runs=$RUNS
      [ "$size" -ge 10000 ] && runs=$RUNS_10K
      echo "$corpus: $(cat "$WORK/corpus-$corpus.txt")" >&2
      # One untimed build of each warms the file cache.
      portico_run "$corpus" warm
      hugo_run "$corpus" warm
      files_p=$(find "$OUT/portico" -type f | wc -l) mib_p=$(du -sm "$OUT/portico" | cut -f1)
      files_h=$(find "$OUT/hugo" -type f | wc -l) mib_h=$(du -sm "$OUT/hugo" | cut -f1)
      printf '%s\t%s\t%s\t%s\t%s\n' "$corpus" "$files_p" "$mib_p" "$files_h" "$mib_h" >"$WORK/corpus/$corpus/outputs.tsv"
      for run in $(seq "$runs"); do
        echo "  run $run/$runs" >&2
        if [ $((run % 2)) = 1 ]; then portico_run "$corpus" "$run"; hugo_run "$corpus" "$run"
        else hugo_run "$corpus" "$run"; portico_run "$corpus" "$run"; fi
      done
    done
  done
done

med() { # med CORPUS TOOL COLUMN
  awk -F'\t' -v c="$1" -v t="$2" -v k="$3" '$1 == c && $2 == t && $3 != "warm" {print $k}' "$raw" | median
}

echo
echo "Portico: $rev; $("$bin" --version)"
echo "Hugo: $(hugo version | cut -d' ' -f1-2)"
echo "Machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) RAM, $(uname -sr)"
echo "Load average (1/5/15 min) before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "Runs: $RUNS per tool ($RUNS_10K at 10,000 pages and more), alternating, medians; NICE=$NICE; seed $SEED"
echo "Output: $OUT ($(df --output=fstype "$OUT" 2>/dev/null | tail -1))"
echo
echo "| corpus | wall Portico | wall Hugo | ratio | CPU Portico | CPU Hugo | ratio | peak RSS Portico | peak RSS Hugo | ratio | output Portico / Hugo |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
for c in "${corpora[@]}"; do
  wp=$(med "$c" portico 4) wh=$(med "$c" hugo 4)
  cp=$(med "$c" portico 5) ch=$(med "$c" hugo 5)
  rp=$(med "$c" portico 6) rh=$(med "$c" hugo 6)
  read -r _ fp mp fh mh <"$WORK/corpus/$c/outputs.tsv"
  awk -v c="$c" -v wp="$wp" -v wh="$wh" -v cp="$cp" -v ch="$ch" -v rp="$rp" -v rh="$rh" \
    -v fp="$fp" -v mp="$mp" -v fh="$fh" -v mh="$mh" 'BEGIN {
    printf "| %s | %.2f s | %.2f s | %.2f | %.2f s | %.2f s | %.2f | %.0f MiB | %.0f MiB | %.2f | %d files, %d MiB / %d files, %d MiB |\n",
      c, wp/1000, wh/1000, wp/wh, cp/1000, ch/1000, cp/ch, rp/1024, rh/1024, rp/rh, fp, mp, fh, mh }'
done

echo
echo "Portico stages (\`portico build --timings\`, median wall ms / CPU ms of the timed runs):"
echo
header="| stage |" sep="| --- |"
for c in "${corpora[@]}"; do header="$header $c |" sep="$sep ---: |"; done
echo "$header"
echo "$sep"
awk -F'\t' 'NR > 1 && !seen[$3]++ {print $3}' "$stages" | while IFS= read -r stage; do
  row="| $stage |"
  for c in "${corpora[@]}"; do
    m=$(awk -F'\t' -v c="$c" -v s="$stage" '$1 == c && $3 == s && $2 != "warm" {print $4}' "$stages" | median)
    u=$(awk -F'\t' -v c="$c" -v s="$stage" '$1 == c && $3 == s && $2 != "warm" {print $5}' "$stages" | median)
    row="$row $m / $u |"
  done
  echo "$row"
done
echo
echo "Raw numbers: $raw and $stages"
