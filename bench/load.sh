#!/usr/bin/env bash
# Load and crash benchmark of the edge API's native server (issue 10):
# builds the release `portico-edge-dev` and the `load` example of
# portico-edge (edge/examples/load/), then
#
#  1. load: sends RATE requests/s for DURATION s, open-loop, on loopback —
#     ticket submissions with an Idempotency-Key (25 %), resubmissions with
#     the same key (2.5 %), status reads with each ticket's own token
#     (52.5 %) and feedback votes (20 %) — and prints throughput, p50/p99/max
#     latency (from each request's due time) and errors per kind;
#  2. crash: the same load, SIGKILL of the server after CRASH_AFTER s,
#     restart on the same database, then checks that every ticket answered
#     201 is present and intact (status read with its token), that resending
#     answered and in-flight Idempotency-Keys gives no second ticket, and
#     that no subject is held by two tickets in the database.
#
# Ends with `N lost, M duplicated`; exits non-zero unless both are 0 and
# nothing was corrupted. Not a test: no figure passes or fails.
#
#   bench/load.sh [extra arguments for the load client]
#
# Environment (all optional):
#   RATE=2000  DURATION=30  CRASH_AFTER=5  CONNECTIONS=32
#   SYNCHRONOUS=full      the server's commit durability: full (fsync per
#                         group commit, the default) or normal (survives a
#                         SIGKILL, not a machine crash)
#   CARGO_TARGET_DIR      where cargo puts the release build (default target/)
set -euo pipefail
cd "$(dirname "$0")/.."

RATE=${RATE:-2000}
DURATION=${DURATION:-30}
CRASH_AFTER=${CRASH_AFTER:-5}
CONNECTIONS=${CONNECTIONS:-32}
SYNCHRONOUS=${SYNCHRONOUS:-full}
target=${CARGO_TARGET_DIR:-target}

cargo build --release --locked -p portico-edge --bin portico-edge-dev --example load >&2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
"$target/release/examples/load" \
  --server "$target/release/portico-edge-dev" \
  --db "$work/edge.sqlite" \
  --rate "$RATE" --duration "$DURATION" --crash-after "$CRASH_AFTER" \
  --connections "$CONNECTIONS" --synchronous "$SYNCHRONOUS" "$@"
