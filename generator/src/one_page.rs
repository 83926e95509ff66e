//! One page through every stage of the build, in memory: front matter,
//! graph, markdown, link check, templates and the accessibility check.
//!
//! The build itself does not use this; it exists so the fuzz target
//! (`fuzz/fuzz_targets/page.rs`) and tests can run the whole per-page
//! pipeline on arbitrary bytes without writing a site to disk for each
//! input. The site around the page (configuration, UI strings, theme) is
//! loaded once.

use crate::config::Config;
use crate::content::{self, SourceFile};
use crate::diagnostics::Diagnostics;
use crate::i18n::I18n;
use crate::theme::Theme;
use crate::{a11y, pipeline};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A site's configuration, UI strings and theme, ready to build single pages.
pub struct OnePageSite {
    root: PathBuf,
    config: Config,
    i18n: Arc<I18n>,
    theme: Theme,
}

/// What building one page produced: every problem found (errors included),
/// and the HTML files rendered (the page, its sections, the home pages).
pub struct OnePage {
    pub problems: Diagnostics,
    pub html: Vec<(PathBuf, Vec<u8>)>,
}

impl OnePageSite {
    /// Loads the configuration, UI strings and theme of the site at `root`.
    pub fn load(root: &Path) -> Result<OnePageSite, Diagnostics> {
        let config = Config::load(root)?;
        let (i18n, problems) = I18n::load(root, &config);
        if problems.has_errors() {
            return Err(problems);
        }
        let i18n = Arc::new(i18n);
        let theme = Theme::load(root, &config, i18n.clone())?;
        Ok(OnePageSite {
            root: root.to_path_buf(),
            config,
            i18n,
            theme,
        })
    }

    /// Builds `bytes` as the only page of the site, at `content/<lang>/<rel>`
    /// (`rel` like `guides/setup.md`), through every per-page stage.
    pub fn build(&self, lang: &str, rel: &str, bytes: Vec<u8>) -> OnePage {
        let abs = self.root.join("content").join(lang).join(rel);
        let source = SourceFile {
            shown: PathBuf::from("content").join(lang).join(rel),
            abs,
            lang: lang.to_string(),
            rel: rel.to_string(),
        };
        let mut problems = Diagnostics::new();
        let pages = match content::parse_page(&source, bytes, true) {
            Ok((page, found)) => {
                problems.extend(found);
                page.into_iter().collect()
            }
            Err(found) => {
                problems.extend(found);
                return OnePage {
                    problems,
                    html: Vec::new(),
                };
            }
        };
        let (graph, bodies, found) =
            pipeline::read_pages(&self.config, &self.i18n, pages, Vec::new(), &HashMap::new(), &|_| {});
        problems.extend(found);
        let (files, found) = pipeline::render_all(&self.config, &graph, &bodies, &self.theme, &self.i18n, &Some);
        problems.extend(found);
        let (found, files) = pipeline::check_and_publish(a11y::Mode::Error, &self.config, &graph, &bodies, files);
        problems.extend(found);
        let html = files
            .into_iter()
            .map(|f| (f.path.as_path().to_path_buf(), f.bytes))
            .collect();
        OnePage {
            problems: problems.sorted(),
            html,
        }
    }
}
