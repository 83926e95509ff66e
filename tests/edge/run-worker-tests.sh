#!/usr/bin/env bash
# Builds the edge Worker to wasm with worker-build, starts it on workerd with
# local D1 (`wrangler dev`), runs the HTTP contract test (edge/tests/worker.rs)
# against it, and stops it. Prints the wasm's gzip size.
#
# Installs what is missing: the wasm32 target, worker-build, and
# wasm-bindgen-cli at the exact wasm-bindgen version of Cargo.lock (it must
# match; worker-build's own download of it does not work offline), plus the
# npm tooling of package-lock.json (wrangler, binaryen's wasm-opt).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
port="${PORTICO_EDGE_WORKER_PORT:-8787}"

rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
command -v worker-build >/dev/null || cargo install worker-build --version 0.8.7 --locked
bindgen_version="$(grep -A1 '^name = "wasm-bindgen"$' "$root/Cargo.lock" | sed -n 's/^version = "\(.*\)"$/\1/p')"
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$bindgen_version" ]; then
    cargo install wasm-bindgen-cli --version "$bindgen_version"
fi

(cd "$here" && npm ci --no-audit --no-fund >/dev/null)
export PATH="$here/node_modules/.bin:$PATH"
export WRANGLER_SEND_METRICS=false
export WASM_BINDGEN_BIN="${WASM_BINDGEN_BIN:-$(command -v wasm-bindgen)}"
export WASM_OPT_BIN="${WASM_OPT_BIN:-$here/node_modules/.bin/wasm-opt}"

cd "$root/edge"
worker-build --release
echo "worker wasm: $(wc -c <build/index_bg.wasm) bytes, $(gzip -9 -c build/index_bg.wasm | wc -c) bytes gzipped"
state="$(mktemp -d)"
wrangler d1 migrations apply portico-edge --local --persist-to "$state" >/dev/null
log="$state/wrangler.log"
setsid wrangler dev --ip 127.0.0.1 --port "$port" --persist-to "$state" \
    --var IP_SALT:test-salt --var AGENT_API_KEY:dev-agent-key --var RATE_WRITES:100000 \
    --var "SITE_ORIGIN:http://127.0.0.1:$port" >"$log" 2>&1 &
pid=$!
trap 'kill -- -$pid 2>/dev/null || true; rm -rf "$state"' EXIT
for _ in $(seq 1 120); do
    grep -q "Ready on" "$log" && break
    kill -0 "$pid" 2>/dev/null || { cat "$log"; exit 1; }
    sleep 1
done
grep -q "Ready on" "$log" || { cat "$log"; exit 1; }
cd "$root"
PORTICO_EDGE_WORKER_URL="http://127.0.0.1:$port" cargo test -p portico-edge --locked --test worker
