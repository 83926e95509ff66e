//! One page through the whole per-page pipeline: any bytes as
//! `content/en/guides/fuzz.md` of the starter site are parsed, linked,
//! rendered to HTML, link-checked, put through the templates and the
//! accessibility check (`portico::one_page`). Must never panic, hang or
//! allocate without bound; every problem is a diagnostic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use portico::one_page::OnePageSite;
use std::sync::OnceLock;

static SITE: OnceLock<(tempfile::TempDir, OnePageSite)> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let (_, site) = SITE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        portico::scaffold::new_site(&root).unwrap();
        let site = OnePageSite::load(&root).unwrap_or_else(|e| panic!("{e:?}"));
        (dir, site)
    });
    let page = site.build("en", "guides/fuzz.md", data.to_vec());
    for d in page.problems.iter() {
        assert!(!d.message.is_empty(), "a diagnostic without a message: {d}");
    }
});
