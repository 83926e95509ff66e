//! The pages and page parts that talk to the edge API: the ticket form at
//! `/<lang>/support/`, the private status page at `/<lang>/support/status/`
//! (both paths from `portico_edge::urls`, where the edge API sends
//! customers) and the data of the "Was this helpful?" widget. Their forms
//! post to `/api/*` on the site's own origin.

use super::view::{CategoryView, FeedbackView, SupportView, TranslationView};
use super::Renderer;
use crate::graph::{Kind, Node};
use crate::paths::UrlPath;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// The support links of `lang`'s pages, if support pages are published.
pub fn support_view(r: &Renderer, lang: &str) -> Option<SupportView> {
    let support = &r.config.support;
    support.enabled.then(|| SupportView {
        url: form_url(lang).to_string(),
        status_url: status_url(lang).to_string(),
        categories: support
            .categories
            .iter()
            .map(|c| CategoryView {
                id: c.id.clone(),
                label: c.label.get(lang, &r.config.default_language),
            })
            .collect(),
    })
}

/// The language switcher of a ticket form: every language has one.
pub fn form_translations(r: &Renderer, lang: &str) -> Vec<TranslationView> {
    r.config
        .languages
        .iter()
        .map(|l| TranslationView {
            code: l.code.clone(),
            name: l.name.clone(),
            url: form_url(&l.code).to_string(),
            current: l.code == lang,
            missing: false,
            fallback: false,
        })
        .collect()
}

/// The ticket form of `lang`, where the edge API sends refused forms back.
pub fn form_url(lang: &str) -> UrlPath {
    edge_path(&portico_edge::urls::support_page(lang))
}

/// The status page of `lang`, where the edge API's ticket links point.
pub fn status_url(lang: &str) -> UrlPath {
    edge_path(&portico_edge::urls::status_page(lang))
}

/// A path from `portico_edge::urls` as a [`UrlPath`]. Those are
/// `/<lang>/…/` and language codes are single segments (the config refuses
/// others), so it parses; were it not to, it is kept as one segment rather
/// than panicking.
fn edge_path(path: &str) -> UrlPath {
    UrlPath::parse_site_path(path).unwrap_or_else(|_| UrlPath::from_segments(&[path]))
}

/// The edge API's error codes (`portico_edge::ErrorCode::ALL`), which the
/// ticket form has a message for each of: without JavaScript a refused post
/// comes back to `?error=<code>#error-<code>`, and the script looks the
/// message up by the same id.
pub fn error_codes() -> Vec<&'static str> {
    portico_edge::ErrorCode::ALL.iter().map(|c| c.as_str()).collect()
}

/// What a vote on `node` is recorded against, for articles (guides, docs
/// pages, FAQ questions) when feedback is on. Translations share the key, so
/// the summary can compare languages; docs versions are told apart by
/// `version`.
pub fn feedback_for(r: &Renderer, node: &Node) -> Option<FeedbackView> {
    if !r.config.support.feedback || node.kind != Kind::Article {
        return None;
    }
    let rel = node.page.source.rel.trim_end_matches(".md");
    let article = match &node.version {
        Some(v) => rel
            .strip_prefix(&format!("docs/{v}/"))
            .map_or_else(|| rel.to_string(), |rest| format!("docs/{rest}")),
        None => rel.to_string(),
    };
    let contact_url = r.config.support.enabled.then(|| {
        let form = form_url(&node.page.source.lang);
        format!("{form}?article={}", query_value(node.url.as_str()))
    });
    Some(FeedbackView {
        article,
        version: node.version.clone().unwrap_or_default(),
        contact_url,
    })
}

/// What a query value keeps unencoded: RFC 3986's unreserved characters,
/// and `/` so paths stay readable.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

/// Percent-encodes a query value (RFC 3986 unreserved characters and `/` stay).
fn query_value(s: &str) -> String {
    utf8_percent_encode(s, QUERY_VALUE).to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn pages_are_where_the_edge_api_sends_customers() {
        assert_eq!(super::form_url("ja").as_str(), "/ja/support/");
        assert_eq!(super::status_url("pt-BR").as_str(), "/pt-BR/support/status/");
    }

    #[test]
    fn query_values_keep_paths_readable_and_encode_the_rest() {
        assert_eq!(super::query_value("/en/guides/x/"), "/en/guides/x/");
        assert_eq!(super::query_value("/ja/よ?&#"), "/ja/%E3%82%88%3F%26%23");
    }
}
