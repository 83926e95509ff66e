//! The harness of the hostile content corpus (`tests/fixtures/hostile/`).
//!
//! Each case is a folder holding a one-line `README` (what it checks) and the
//! files it lays over a fresh `portico new` starter site; cases too big or
//! too odd to commit (10 MB pages, symlinks, case-colliding names) are
//! written by the test before the build. Every build runs in its own thread
//! under `catch_unwind` with a deadline, so a panic or a hang fails the case
//! instead of the whole run, and every build is checked for writes outside
//! its output folder: the whole temporary tree (site and the folders around
//! the output) must be byte-for-byte what it was before the build.

use super::{messages, walk};
use portico::diagnostics::{Diagnostic, Diagnostics};
use portico::BuildOptions;
use scraper::Html;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A build of one hostile case may take this long (the 10 MB page included,
/// in a debug build on a busy machine) before it counts as a hang.
const DEADLINE: Duration = Duration::from_secs(240);

/// The corpus folder.
pub fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile")
}

/// One case, laid over a starter site in a temporary folder.
pub struct Case {
    pub name: &'static str,
    pub tmp: tempfile::TempDir,
}

impl Case {
    /// The starter site with the case's files laid over it.
    pub fn new(name: &'static str) -> Case {
        let dir = corpus().join(name);
        assert!(
            dir.join("README").is_file(),
            "tests/fixtures/hostile/{name}/README is missing"
        );
        let tmp = tempfile::tempdir().unwrap();
        portico::scaffold::new_site(&tmp.path().join("site")).unwrap();
        for file in walk(&dir) {
            let rel = file.strip_prefix(&dir).unwrap();
            if rel == Path::new("README") {
                continue;
            }
            let dest = tmp.path().join("site").join(rel);
            std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
            std::fs::copy(&file, &dest).unwrap();
        }
        Case { name, tmp }
    }

    pub fn root(&self) -> PathBuf {
        self.tmp.path().join("site")
    }

    /// Deep enough that `../../..` from inside it still lands in `tmp`,
    /// where the snapshot would see it.
    pub fn out(&self) -> PathBuf {
        self.tmp.path().join("w/x/y/z/public")
    }

    /// Writes a file of the site (for cases generated at test time).
    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        let p = self.root().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }

    /// Builds the case: no panic, no hang, nothing written but the output.
    /// The outcome keeps the case's folder alive.
    pub fn build(self) -> Outcome {
        let before = snapshot(self.tmp.path());
        let opts = BuildOptions {
            root: self.root(),
            ..BuildOptions::default()
        };
        let out = self.out();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let result = std::panic::catch_unwind(|| portico::build(&opts, &out, &|_| {}).map(|c| c.warnings));
            let _ = tx.send(result);
        });
        let result = match rx.recv_timeout(DEADLINE) {
            Ok(Ok(r)) => r,
            Ok(Err(panic)) => {
                let text = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                panic!("case {}: the build panicked: {text}", self.name)
            }
            Err(_) => panic!("case {}: the build did not finish within {DEADLINE:?}", self.name),
        };
        let after = snapshot(self.tmp.path());
        let out_rel = self.out().strip_prefix(self.tmp.path()).unwrap().to_path_buf();
        let strays: Vec<_> = after
            .iter()
            .filter(|(p, _)| !p.starts_with(&out_rel))
            // The folders leading to the output may be created (for staging).
            .filter(|(p, v)| !(out_rel.starts_with(p) && v.as_slice() == b"<dir>"))
            .filter(|(p, v)| before.get(*p) != Some(*v))
            .map(|(p, _)| p.display().to_string())
            .chain(
                before
                    .keys()
                    .filter(|p| !after.contains_key(*p))
                    .map(|p| format!("{} (removed)", p.display())),
            )
            .collect();
        assert!(
            strays.is_empty(),
            "case {}: files changed outside the output folder: {strays:?}",
            self.name
        );
        if result.is_err() {
            assert!(!self.out().exists(), "case {}: a failed build wrote output", self.name);
        }
        Outcome {
            name: self.name,
            out: self.out(),
            result,
            _case: self,
        }
    }
}

/// What a build of a case did.
pub struct Outcome {
    pub name: &'static str,
    pub out: PathBuf,
    pub result: Result<Diagnostics, Diagnostics>,
    _case: Case,
}

impl Outcome {
    /// The build failed with an error at exactly `file:line` whose message
    /// holds `needle`.
    pub fn error_at(&self, file: &str, line: usize, needle: &str) -> &Diagnostic {
        let problems = match &self.result {
            Ok(_) => panic!(
                "case {}: the build succeeded; expected an error at {file}:{line}",
                self.name
            ),
            Err(p) => p,
        };
        problems
            .iter()
            .find(|d| d.is_error() && d.path == Path::new(file) && d.line == line && d.message.contains(needle))
            .unwrap_or_else(|| {
                panic!(
                    "case {}: no error at {file}:{line} containing {needle:?}; got:\n{}",
                    self.name,
                    messages(problems)
                )
            })
    }

    /// The build succeeded; returns its warnings.
    pub fn ok(&self) -> &Diagnostics {
        match &self.result {
            Ok(w) => w,
            Err(p) => panic!("case {}: the build failed:\n{}", self.name, messages(p)),
        }
    }

    pub fn read(&self, rel: &str) -> String {
        self.ok();
        let p = self.out.join(rel);
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("case {}: cannot read {rel}: {e}", self.name))
    }

    pub fn html(&self, rel: &str) -> Html {
        Html::parse_document(&self.read(rel))
    }

    /// Every HTML page written, with its path relative to the output.
    pub fn pages(&self) -> Vec<(String, Html)> {
        self.ok();
        walk(&self.out)
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "html"))
            .map(|p| {
                let rel = p.strip_prefix(&self.out).unwrap().display().to_string();
                (rel, Html::parse_document(&std::fs::read_to_string(&p).unwrap()))
            })
            .collect()
    }
}

/// Every file and symlink under `dir` (not following links), with its
/// content or link target, keyed by path relative to `dir`.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for e in entries.flatten() {
            let p = e.path();
            let rel = p.strip_prefix(dir).unwrap().to_path_buf();
            let meta = std::fs::symlink_metadata(&p).unwrap();
            if meta.file_type().is_symlink() {
                let target = std::fs::read_link(&p).unwrap();
                out.insert(rel, target.as_os_str().as_encoded_bytes().to_vec());
            } else if meta.is_dir() {
                out.insert(rel, b"<dir>".to_vec());
                stack.push(p);
            } else {
                out.insert(rel, std::fs::read(&p).unwrap_or_default());
            }
        }
    }
    out
}

/// Fails if any page has an element or attribute that runs script: a
/// `<script>` other than JSON-LD or the theme's own files, an `on*`
/// attribute, or a `javascript:` URL.
pub fn assert_no_script_injection(outcome: &Outcome) {
    for (rel, doc) in outcome.pages() {
        for el in doc.select(&super::sel("*")) {
            let v = el.value();
            if v.name() == "script" {
                let own = v.attr("src").is_some_and(|s| s.starts_with("/assets/"))
                    || v.attr("type") == Some("application/ld+json");
                assert!(
                    own,
                    "case {}: {rel} has an injected <script>: {}",
                    outcome.name,
                    el.html()
                );
            }
            for (name, value) in v.attrs() {
                assert!(
                    !name.starts_with("on"),
                    "case {}: {rel} has an injected {name}= on <{}>",
                    outcome.name,
                    v.name()
                );
                assert!(
                    !value.trim_start().to_ascii_lowercase().starts_with("javascript:"),
                    "case {}: {rel} has a javascript: URL in {name}",
                    outcome.name
                );
            }
        }
    }
}
