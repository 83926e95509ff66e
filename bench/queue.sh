#!/usr/bin/env bash
# Queue benchmark of the agents' workspace (issue 19): builds the release
# `portico-edge-dev`, lets it create its database, fills it with TICKETS
# tickets (1–4 public messages each, 8 categories, 5 languages, 6 agents,
# a year of dates) straight into SQLite — the triggers of
# edge/migrations/0005_queue.sql index them as the API's writes would — and
# then times `GET /api/tickets` over HTTP on loopback for each kind of queue
# query an agent makes, printing p50/p95/max per kind. Not a test: no figure
# passes or fails.
#
#   bench/queue.sh            TICKETS=100000 RUNS=200 by default
#
# Environment: TICKETS, RUNS, CARGO_TARGET_DIR (default target/).
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-target}
cargo build --release --locked -p portico-edge --bin portico-edge-dev >&2
exec python3 bench/queue.py --server "$target/release/portico-edge-dev" \
  --tickets "${TICKETS:-100000}" --runs "${RUNS:-200}"
