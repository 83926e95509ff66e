//! Front matter: any bytes as a markdown file's text, split into YAML or TOML and
//! body and parsed into typed front matter. Must never panic or hang; every
//! refusal is a diagnostic pointing into the file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use portico::content::frontmatter::{split, FrontMatter};
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let path = Path::new("content/en/guides/fuzz.md");
    let Ok(s) = split(text, path) else { return };
    assert!(s.body_line >= 1);
    if let Err(problems) = FrontMatter::parse(s.front, s.format, path) {
        for d in problems.iter() {
            // Positions stay inside the file (line 0 means "whole file").
            assert!(d.line <= text.lines().count() + 2, "{d} beyond the file");
        }
    }
});
