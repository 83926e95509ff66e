//! `a11y.ignore`: which entries (in portico.yaml or a page's front matter)
//! cover a finding, and whether each entry names a rule that exists.

use super::catalog;
use crate::config::{self, Config};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::graph::SiteGraph;
use std::path::Path;

/// The reason of the first `ignore` that covers `rule` on `url`: in the
/// config (by page pattern), the page's front matter, or the front matter of
/// the file the content came from.
pub(super) fn ignored_by(
    config: &Config,
    graph: &SiteGraph,
    url: &str,
    source: Option<usize>,
    rule: &str,
) -> Option<String> {
    let from_config = config
        .a11y
        .ignore
        .iter()
        .find(|i| i.rule == rule && (i.pages.is_empty() || i.pages.iter().any(|p| matches_pattern(p, url))));
    if let Some(i) = from_config {
        return Some(i.reason.clone());
    }
    let page_node = crate::paths::UrlPath::parse_site_path(url)
        .ok()
        .and_then(|u| graph.by_url.get(&u).copied());
    [page_node, source]
        .into_iter()
        .flatten()
        .flat_map(|n| graph.node(n).page.front.a11y.ignore.iter())
        .find(|i| i.rule == rule)
        .map(|i| i.reason.clone())
}

/// `*` matches any run of characters; everything else literally.
fn matches_pattern(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == text;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !text.starts_with(first) || !text[first.len()..].ends_with(last) {
        return false;
    }
    let mut rest = &text[first.len()..text.len() - last.len()];
    for part in &parts[1..parts.len() - 1] {
        match rest.find(part) {
            Some(i) => rest = &rest[i + part.len()..],
            None => return false,
        }
    }
    true
}

/// Entries naming no rule the checker has, in portico.yaml or front matter,
/// at the line naming it.
pub fn check_ignores(config: &Config, graph: &SiteGraph) -> Diagnostics {
    let in_config = config.a11y.ignore.iter().map(|i| {
        let shown = Path::new(config::CONFIG_FILE);
        (&i.rule, shown, config.line_of(&i.rule))
    });
    let in_pages = graph.nodes.iter().map(|n| &n.page).flat_map(|page| {
        let shown = page.source.shown.as_path();
        page.front
            .a11y
            .ignore
            .iter()
            .map(move |i| (&i.rule, shown, page.line_of(&i.rule)))
    });
    let ids: Vec<String> = catalog::RULES.iter().map(|r| r.id.to_string()).collect();
    let mut out = Diagnostics::new();
    for (rule, shown, line) in in_config.chain(in_pages) {
        if catalog::find(rule).is_some() {
            continue;
        }
        let mut d = Diagnostic::error(shown, format!("a11y.ignore: unknown rule `{rule}`")).at(line, 1);
        if let Some(near) = crate::yaml::nearest(rule, &ids) {
            d = d.hint(format!("did you mean `{near}`?"));
        }
        out.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_patterns_match_with_stars() {
        assert!(matches_pattern("/en/legacy/*", "/en/legacy/old-page/"));
        assert!(matches_pattern("*/faq/*", "/ja/faq/x/"));
        assert!(!matches_pattern("/en/legacy/*", "/en/guides/x/"));
        assert!(matches_pattern("/en/", "/en/"));
    }
}
