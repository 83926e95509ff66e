#!/usr/bin/env bash
# What the accessibility checker adds to a build: builds a site (default: the
# example help center) with `--a11y off` and `--a11y error`, alternating, RUNS
# times each (default 15), and prints the median wall time of each and the
# ratio. Same machine, same run, so the ratio holds on a noisy shared box.
#
#   bench/a11y-overhead.sh [SITE_DIR] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
site="${1:-.}"
runs="${2:-15}"
cargo build --release --locked -q -p portico
bin=target/release/portico
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

ms() { # ms MODE -> "wall_ms cpu_ms" of one build
  local start end cpu
  start=$(date +%s%N)
  /usr/bin/time -o "$out/time" -f "%U %S" "$bin" -r "$site" build --a11y "$1" -o "$out/site" >/dev/null 2>&1
  cpu=$(tail -1 "$out/time")
  end=$(date +%s%N)
  echo "$(((end - start) / 1000000)) $(echo "$cpu" | awk '{printf "%d", ($1 + $2) * 1000}')"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

"$bin" -r "$site" build -o "$out/site" >/dev/null 2>&1 # warm the file cache
off=() on=()
for _ in $(seq "$runs"); do
  off+=("$(ms off)")
  on+=("$(ms error)")
done
m_off=$(printf '%s\n' "${off[@]}" | cut -d' ' -f1 | median)
m_on=$(printf '%s\n' "${on[@]}" | cut -d' ' -f1 | median)
c_off=$(printf '%s\n' "${off[@]}" | cut -d' ' -f2 | median)
c_on=$(printf '%s\n' "${on[@]}" | cut -d' ' -f2 | median)
pages=$(find "$out/site" -name '*.html' | wc -l)
echo "site: $site ($pages HTML files), $runs runs each, release build"
echo "median wall time, a11y off:   ${m_off} ms"
echo "median wall time, a11y error: ${m_on} ms"
echo "median CPU time (user+sys), off: ${c_off} ms, error: ${c_on} ms"
awk -v a="$m_on" -v b="$m_off" 'BEGIN { printf "checker overhead, wall: %+.1f%% (ratio %.3f)\n", (a-b)/b*100, a/b }'
awk -v a="$c_on" -v b="$c_off" 'BEGIN { printf "checker overhead, CPU:  %+.1f%% (ratio %.3f)\n", (a-b)/b*100, a/b }'
