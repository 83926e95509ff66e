//! ARCHITECTURE.md stays true: every path it names exists, and every crate
//! and top-level module of the generator, edge and search crates is named in
//! it (as `name`), so a module added or removed without a word there fails.

use std::path::Path;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The backticked spans of the document.
fn spans(text: &str) -> Vec<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

/// The modules directly under `dir`: `x.rs` and `x/` (not `lib.rs`,
/// `main.rs`, `tests.rs`).
fn modules(dir: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(repo().join(dir))
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .map(|e| e.unwrap().path())
        .filter_map(|p| {
            let name = p.file_stem()?.to_str()?.to_string();
            let module = p.is_dir() || p.extension().is_some_and(|e| e == "rs");
            (module && !["lib", "main", "tests"].contains(&name.as_str())).then_some(name)
        })
        .collect();
    names.sort();
    names
}

#[test]
fn every_path_architecture_md_names_exists() {
    let text = std::fs::read_to_string(repo().join("ARCHITECTURE.md")).unwrap();
    let paths: Vec<&str> = spans(&text)
        .into_iter()
        .filter(|s| s.contains('/') && !s.contains(' ') && !s.contains('<'))
        .collect();
    assert!(paths.len() > 10, "ARCHITECTURE.md names paths: {paths:?}");
    let missing: Vec<&&str> = paths.iter().filter(|p| !repo().join(p).exists()).collect();
    assert!(
        missing.is_empty(),
        "ARCHITECTURE.md names paths that are gone: {missing:?}"
    );
}

#[test]
fn every_crate_and_module_is_on_the_map() {
    let text = std::fs::read_to_string(repo().join("ARCHITECTURE.md")).unwrap();
    let named: Vec<&str> = spans(&text);
    for krate in ["generator/", "edge/", "search/", "search/wasm/"] {
        assert!(
            named.contains(&krate),
            "ARCHITECTURE.md does not name the crate `{krate}`"
        );
    }
    // A module is on the map when its name is, or a path through it
    // (`edge/src/bin/…`) is.
    let on_map = |dir: &str, module: &str| {
        let through = format!("{dir}/{module}");
        named.contains(&module) || named.iter().any(|n| n.starts_with(&through))
    };
    let unnamed: Vec<String> = ["generator/src", "edge/src", "search/src"]
        .iter()
        .flat_map(|dir| modules(dir).into_iter().map(move |m| (dir, m)))
        .filter(|(dir, m)| !on_map(dir, m))
        .map(|(dir, m)| format!("{dir}/{m}"))
        .collect();
    assert!(unnamed.is_empty(), "modules ARCHITECTURE.md does not name: {unnamed:?}");
}
