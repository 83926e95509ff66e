#!/usr/bin/env bash
# Runs a command while the deployable help center runs locally on workerd:
# the repository's wrangler.toml (the example site built into public/ as
# static assets, the edge API Worker built to wasm by worker-build, local D1)
# under `wrangler dev`, with PORTICO_EDGE_WORKER_URL pointing at it.
#
#   tests/edge/with-worker.sh                      # the Worker contract test
#   tests/edge/with-worker.sh cargo test --workspace   # what scripts/test does
#
# Installs what is missing: the wasm32 target, worker-build, and
# wasm-bindgen-cli at the exact wasm-bindgen version of Cargo.lock (it must
# match; worker-build's own download of it does not work offline), plus the
# npm tooling of package-lock.json (wrangler, binaryen's wasm-opt). Prints the
# Worker's wasm size, raw and gzipped.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
port="${PORTICO_EDGE_WORKER_PORT:-8787}"
hook_port=$((port + 1)) # edge/tests/worker.rs listens there as the helpdesk
say() { echo "with-worker: $*" >&2; }

# Installs a cargo tool at an exact version: with the lock file it was
# published with, and, when one of the tool's own dependencies is no longer
# in the registry (that lock file is not ours to keep), without it.
install_tool() {
    local crate="$1" version="$2"
    say "cargo install $crate --version $version --locked"
    if ! cargo install "$crate" --version "$version" --locked; then
        say "$crate $version does not install with its own lock file; installing it without --locked"
        cargo install "$crate" --version "$version"
    fi
}

rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
worker_build_version=0.8.7
if [ "$(worker-build --version 2>/dev/null | awk '{print $2}')" != "$worker_build_version" ]; then
    install_tool worker-build "$worker_build_version"
fi
bindgen_version="$(grep -A1 '^name = "wasm-bindgen"$' "$root/Cargo.lock" | sed -n 's/^version = "\(.*\)"$/\1/p')"
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$bindgen_version" ]; then
    install_tool wasm-bindgen-cli "$bindgen_version"
fi

(cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
(cd "$root/tests/oidc" && npm ci --no-audit --no-fund --loglevel=error)
export PATH="$here/node_modules/.bin:$PATH"
export WRANGLER_SEND_METRICS=false
export WASM_BINDGEN_BIN="${WASM_BINDGEN_BIN:-$(command -v wasm-bindgen)}"
export WASM_OPT_BIN="${WASM_OPT_BIN:-$here/node_modules/.bin/wasm-opt}"

cd "$root"
say "building the example site into public/"
cargo run --locked -q -- build >/dev/null
state="$(mktemp -d)"
wrangler d1 migrations apply portico-edge --local --persist-to "$state" >/dev/null
log="$state/wrangler.log"
# The OpenID Connect provider the Worker's SSO test signs in with
# (tests/oidc/provider.mjs), on a free port; it prints its issuer first.
oidc_log="$state/oidc.log"
setsid node "$root/tests/oidc/provider.mjs" "http://127.0.0.1:$port/api/agent/sso/callback" >"$oidc_log" 2>&1 </dev/null &
oidc_pid=$!
for _ in $(seq 1 100); do
    grep -q '^issuer ' "$oidc_log" && break
    sleep 0.1
done
oidc_issuer="$(sed -n 's/^issuer //p' "$oidc_log" | head -n1)"
[ -n "$oidc_issuer" ] || { cat "$oidc_log"; kill -- -"$oidc_pid" 2>/dev/null; exit 1; }
# wrangler runs the [build] command (worker-build) first; --var values stand
# in for the secrets of a deployment.
setsid wrangler dev --ip 127.0.0.1 --port "$port" --persist-to "$state" \
    --var IP_SALT:test-salt --var AGENT_API_KEY:dev-agent-key --var RATE_WRITES:100000 \
    --var "SITE_ORIGIN:http://127.0.0.1:$port" \
    --var "WEBHOOK_URL:http://127.0.0.1:$hook_port/hook" \
    --var "SSO_ISSUER:$oidc_issuer" --var SSO_CLIENT_ID:portico --var PORTICO_EDGE_OIDC_SECRET:secret \
    --var SSO_ALLOWED_DOMAINS:example.com --var SSO_ROLE_CLAIM:roles --var SSO_ADMIN_VALUES:portico-admin \
    >"$log" 2>&1 </dev/null &
pid=$!
trap 'kill -- -$pid 2>/dev/null || true; kill -- -$oidc_pid 2>/dev/null || true; rm -rf "$state"' EXIT
# The first run compiles the Worker for wasm32 (minutes on a cold machine).
for _ in $(seq 1 900); do
    grep -q "Ready on" "$log" && break
    kill -0 "$pid" 2>/dev/null || { cat "$log"; exit 1; }
    sleep 1
done
grep -q "Ready on" "$log" || { cat "$log"; exit 1; }
say "wrangler dev ready on http://127.0.0.1:$port"
wasm=edge/build/index_bg.wasm
say "worker wasm: $(wc -c <"$wasm") bytes, $(gzip -9 -c "$wasm" | wc -c) bytes gzipped"

export PORTICO_EDGE_WORKER_URL="http://127.0.0.1:$port"
export PORTICO_EDGE_WORKER_ASSETS=1
export PORTICO_EDGE_WORKER_HOOK_PORT="$hook_port"
export PORTICO_EDGE_WORKER_OIDC_ISSUER="$oidc_issuer"
if [ $# -eq 0 ]; then
    set -- cargo test -p portico-edge --locked --test worker
fi
# On failure, what workerd logged is the evidence (requests, exceptions).
"$@" || { status=$?; say "the command failed ($status); the end of wrangler's log:"; tail -n 60 "$log" >&2; exit "$status"; }
