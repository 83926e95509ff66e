//! The pages and page parts that talk to the edge API: the ticket form at
//! `/<lang>/support/`, the private status page at `/<lang>/support/status/`
//! (the edge API's `status_url`) and the data of the "Was this helpful?"
//! widget. Their forms post to `/api/*` on the site's own origin.

use super::view::{CategoryView, FeedbackView, SupportView, TranslationView};
use super::Renderer;
use crate::graph::{Kind, Node};
use crate::paths::UrlPath;

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

pub fn form_url(lang: &str) -> UrlPath {
    UrlPath::from_segments(&[lang, "support"])
}

pub fn status_url(lang: &str) -> UrlPath {
    UrlPath::from_segments(&[lang, "support", "status"])
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

/// Percent-encodes a query value (RFC 3986 unreserved characters and `/` stay).
fn query_value(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn query_values_keep_paths_readable_and_encode_the_rest() {
        assert_eq!(super::query_value("/en/guides/x/"), "/en/guides/x/");
        assert_eq!(super::query_value("/ja/よ?&#"), "/ja/%E3%82%88%3F%26%23");
    }
}
