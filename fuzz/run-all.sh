#!/bin/sh
# Runs the given fuzz targets one after another, each for $SECONDS_EACH
# seconds (default 600), niced, and keeps libFuzzer's log per target in
# fuzz/logs/ (gitignored) for the figures in README.md.
set -u
cd "$(dirname "$0")"
mkdir -p logs
for t in "$@"; do
  CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/work/target-fuzz} nice -n 10 cargo +nightly fuzz run "$t" -- \
    -max_total_time="${SECONDS_EACH:-600}" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
    > "logs/$t.log" 2>&1
  echo "$t exit $?" >> logs/summary.txt
done
