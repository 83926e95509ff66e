//! Where each page is published: `/<lang>/<folders>/<slug>/`, or its front
//! matter `url`, which must stay inside the site.

use super::Kind;
use crate::content::Page;
use crate::diagnostics::Diagnostic;
use crate::paths::UrlPath;

pub fn page_url(page: &Page, kind: Kind) -> Result<UrlPath, Diagnostic> {
    if let Some(raw) = &page.front.url {
        return UrlPath::parse_site_path(raw).map_err(|e| {
            Diagnostic::error(&page.source.shown, format!("front matter url {e}"))
                .at(page.key_line("url"), 1)
                .hint("write a path on this site such as /en/guides/setup/")
        });
    }
    let mut segments: Vec<String> = std::iter::once(page.source.lang.clone())
        .chain(page.source.dir_segments().iter().map(|s| s.to_string()))
        .collect();
    if kind == Kind::Article {
        segments.push(page.source.stem().to_string());
    }
    if let Some(slug) = &page.front.slug {
        let bad = !crate::paths::is_one_segment(slug) || slug.contains(['?', '#']);
        if bad {
            return Err(
                Diagnostic::error(&page.source.shown, format!("slug `{slug}` must be one URL segment"))
                    .at(page.key_line("slug"), 1)
                    .hint("use letters, digits and dashes, e.g. `reset-password`"),
            );
        }
        if kind != Kind::Home {
            if let Some(last) = segments.last_mut() {
                *last = slug.clone();
            }
        }
    }
    Ok(UrlPath::from_segments(&segments))
}
