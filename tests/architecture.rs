//! ARCHITECTURE.md stays true: every path it names exists, and every crate
//! and top-level module of the generator, edge and search crates is named in
//! it (as `name`), so a module added or removed without a word there fails.
//! Also the invariant the map relies on: no import circle between the
//! top-level modules of a crate.

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
    // Every workspace member, as Cargo.toml lists them.
    let manifest = std::fs::read_to_string(repo().join("Cargo.toml")).unwrap();
    let members = manifest
        .lines()
        .find_map(|l| l.strip_prefix("members = "))
        .expect("Cargo.toml lists the workspace members on one line");
    let crates: Vec<String> = members.split('"').skip(1).step_by(2).map(|m| format!("{m}/")).collect();
    assert!(crates.len() >= 4, "workspace members: {crates:?}");
    for krate in &crates {
        assert!(
            named.contains(&krate.as_str()),
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

/// The top-level modules each top-level module of `dir` names as
/// `crate::x` (comments aside).
fn uses(dir: &str) -> std::collections::BTreeMap<String, std::collections::BTreeSet<String>> {
    let names = modules(dir);
    let mut uses = std::collections::BTreeMap::new();
    for entry in walkdir(&repo().join(dir)) {
        let rel = entry.strip_prefix(repo().join(dir)).unwrap();
        let top = rel.components().next().unwrap().as_os_str().to_string_lossy();
        let top = top.trim_end_matches(".rs").to_string();
        if !names.contains(&top) {
            continue;
        }
        let text = std::fs::read_to_string(&entry).unwrap();
        let code = text.lines().filter(|l| !l.trim_start().starts_with("//"));
        let set: &mut std::collections::BTreeSet<String> = uses.entry(top.clone()).or_default();
        for line in code {
            // `crate::x…` and `crate::{x, y::z}`.
            for rest in line.split("crate::").skip(1) {
                let list = rest
                    .strip_prefix('{')
                    .map_or(rest, |r| r.split('}').next().unwrap_or(""));
                for item in list.split(',') {
                    let name: String = item
                        .trim()
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if names.contains(&name) && name != top {
                        set.insert(name);
                    }
                }
            }
        }
    }
    uses
}

fn walkdir(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walkdir(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

/// A module that reaches itself through others, as the path it takes.
fn circle(uses: &std::collections::BTreeMap<String, std::collections::BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        at: &str,
        uses: &std::collections::BTreeMap<String, std::collections::BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut std::collections::BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == at) {
            let mut found = path[i..].to_vec();
            found.push(at.to_string());
            return Some(found);
        }
        if done.contains(at) {
            return None;
        }
        path.push(at.to_string());
        for next in uses.get(at).into_iter().flatten() {
            if let Some(found) = visit(next, uses, path, done) {
                return Some(found);
            }
        }
        path.pop();
        done.insert(at.to_string());
        None
    }
    let mut done = std::collections::BTreeSet::new();
    uses.keys().find_map(|m| visit(m, uses, &mut Vec::new(), &mut done))
}

#[test]
fn no_import_circle_between_top_level_modules() {
    for dir in ["generator/src", "edge/src", "search/src"] {
        let uses = uses(dir);
        let edges: usize = uses.values().map(|u| u.len()).sum();
        assert!(edges > 5, "{dir}: the scan finds only {edges} imports: {uses:?}");
        if let Some(found) = circle(&uses) {
            panic!("{dir}: import circle {}", found.join(" → "));
        }
    }
}
