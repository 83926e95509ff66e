//! Builds the browser's search runtime (`search/wasm`, for
//! wasm32-unknown-unknown) so that `portico` can embed it with
//! `include_bytes!`: a docs writer's CI runs only `portico build` and needs
//! no Rust toolchain. The nested cargo gets its own target folder under
//! OUT_DIR, so it never waits on the lock of the build that runs it.

use std::env;
use std::path::PathBuf;
use std::process::Command;

const TARGET: &str = "wasm32-unknown-unknown";
const PROFILE: &str = "wasm-search";

fn main() {
    let manifest_dir = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let root = manifest_dir
        .parent()
        .expect("generator/ lives in the workspace")
        .to_path_buf();
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    for path in [
        "search/src",
        "search/Cargo.toml",
        "search/wasm/src",
        "search/wasm/Cargo.toml",
        "Cargo.toml",
    ] {
        println!("cargo:rerun-if-changed={}", root.join(path).display());
    }
    let target_dir = out.join("search-wasm");
    let cargo = env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(&root)
        .args(["build", "--offline", "--locked", "-p", "portico-search-wasm"])
        .args(["--target", TARGET, "--profile", PROFILE])
        .env("CARGO_TARGET_DIR", &target_dir)
        // Flags and wrappers meant for the host build (clippy, RUSTFLAGS) stay out.
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("RUSTFLAGS")
        .env_remove("RUSTC_WORKSPACE_WRAPPER")
        .env_remove("RUSTC_WRAPPER")
        .status();
    match status {
        Ok(s) if s.success() => {}
        Ok(s) => panic!(
            "building the search runtime (search/wasm for {TARGET}) failed with {s}; \
             if the target is missing: rustup target add {TARGET}"
        ),
        Err(e) => panic!("cannot run cargo to build the search runtime: {e}"),
    }
    let built = target_dir.join(TARGET).join(PROFILE).join("portico_search_wasm.wasm");
    std::fs::copy(&built, out.join("portico_search.wasm"))
        .unwrap_or_else(|e| panic!("cannot copy {}: {e}", built.display()));
}
