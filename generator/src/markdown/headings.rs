//! Heading ids, the table of contents, and prefixing ids when several bodies
//! share one page (FAQ category pages).
//!
//! Ids are readable in every script: letters and digits of any language are
//! kept (so Japanese headings keep their Japanese), whitespace becomes `-`,
//! punctuation is dropped, and repeats get `-1`, `-2` like GitHub.

use std::collections::HashMap;

/// One heading of the page, in document order.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// Turns heading text into an id: `Rate limits & retries` → `rate-limits-retries`.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '_' || c == '-' {
            out.extend(c.to_lowercase());
        } else if c.is_whitespace() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed = out.trim_matches('-');
    if trimmed.is_empty() {
        "section".to_string()
    } else {
        trimmed.to_string()
    }
}

/// Hands out unique ids within one page.
#[derive(Default)]
pub struct HeadingIds {
    seen: HashMap<String, usize>,
}

impl HeadingIds {
    /// The id for a heading: the explicit `{#id}` if given, else its slug,
    /// made unique by a numeric suffix.
    pub fn assign(&mut self, explicit: Option<&str>, text: &str) -> String {
        let base = explicit.map(str::to_string).unwrap_or_else(|| slugify(text));
        let n = self.seen.entry(base.clone()).or_insert(0);
        let id = if *n == 0 { base.clone() } else { format!("{base}-{n}") };
        *n += 1;
        if id != base {
            self.seen.insert(id.clone(), 1);
        }
        id
    }
}

/// `html` with each of its element `ids` (and same-page links to them)
/// prefixed by `prefix-`, so several bodies can share one page — a FAQ
/// category page shows every answer, and two answers may both have a
/// "Details" heading. One pass, so an id is never prefixed twice.
pub fn prefix_ids(html: &str, ids: &[String], prefix: &str) -> String {
    let wanted: std::collections::HashSet<String> = ids.iter().map(|id| escaped_attr(id)).collect();
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    while let Some(at) = [" id=\"", " href=\"#"]
        .iter()
        .filter_map(|needle| rest.find(needle).map(|i| (i, needle.len())))
        .min()
    {
        let (start, len) = at;
        let value_start = start + len;
        out.push_str(&rest[..value_start]);
        rest = &rest[value_start..];
        let end = rest.find('"').unwrap_or(rest.len());
        if wanted.contains(&rest[..end]) {
            out.push_str(prefix);
            out.push('-');
        }
        out.push_str(&rest[..end]);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// An id as it appears inside a double-quoted attribute of rendered HTML.
fn escaped_attr(id: &str) -> String {
    let mut s = String::new();
    let _ = pulldown_cmark_escape::escape_html(&mut s, id);
    s
}

#[cfg(test)]
mod prefix_tests {
    #[test]
    fn ids_and_links_to_them_are_prefixed_and_nothing_else() {
        let html =
            r##"<h2 id="details">Details</h2><p><a href="#details">up</a> <a href="/x/#details">other page</a></p>"##;
        let out = super::prefix_ids(html, &["details".into()], "reset-password");
        assert_eq!(
            out,
            r##"<h2 id="reset-password-details">Details</h2><p><a href="#reset-password-details">up</a> <a href="/x/#details">other page</a></p>"##
        );
        let twice = super::prefix_ids(
            r#"<h2 id="x">a</h2><h2 id="q-x">b</h2>"#,
            &["x".into(), "q-x".into()],
            "q",
        );
        assert_eq!(twice, r#"<h2 id="q-x">a</h2><h2 id="q-q-x">b</h2>"#);
    }
}
