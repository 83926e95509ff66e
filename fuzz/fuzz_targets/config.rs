//! `portico.yaml`: any text parsed and validated as a site configuration.
//! Must never panic or hang (YAML bombs included); errors name a line.
#![no_main]

use libfuzzer_sys::fuzz_target;
use portico::config::Config;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Err(problems) = Config::parse(text, Path::new("portico.yaml")) {
        for d in problems.iter() {
            assert!(d.line <= text.lines().count() + 1, "{d} beyond the file");
        }
    }
});
