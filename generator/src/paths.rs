//! Distinct types for the three kinds of path Portico juggles, so a URL is never
//! written where a file path belongs:
//! - [`UrlPath`]: a site-absolute URL path (`/en/guides/setup/`),
//! - [`OutputPath`]: a file inside the output folder (`en/guides/setup/index.html`),
//! - source files stay `std::path::PathBuf`s relative to the site root.

use std::fmt;
use std::path::PathBuf;

/// A URL path on the site, always starting with `/`. Pretty URLs end with `/`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct UrlPath(String);

impl UrlPath {
    /// Builds a URL path from segments: `["en", "guides"]` → `/en/guides/`.
    pub fn from_segments<S: AsRef<str>>(segments: &[S]) -> Self {
        let mut s = String::from("/");
        for seg in segments {
            let seg = seg.as_ref().trim_matches('/');
            if !seg.is_empty() {
                s.push_str(seg);
                s.push('/');
            }
        }
        UrlPath(s)
    }

    /// Normalizes a writer-supplied URL (front matter `url`, `aliases`): adds the
    /// leading slash, a trailing slash for pretty URLs, folds `//`, and refuses
    /// `.` / `..` segments so nothing escapes the output folder.
    pub fn parse_site_path(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        if raw.contains("://") || raw.starts_with("//") {
            return Err(format!("`{raw}` is not a path on this site"));
        }
        let (path, _) = raw.split_once(['?', '#']).unwrap_or((raw, ""));
        let mut segments = Vec::new();
        for seg in path.split('/') {
            match seg {
                "" => {}
                "." | ".." => return Err(format!("`{raw}` may not contain `.` or `..` segments")),
                s if s.contains('\\') || s.chars().any(char::is_control) => {
                    return Err(format!("`{raw}` contains a backslash or control character"))
                }
                // A server decodes `%2e%2e` and `%2f` before resolving the
                // path, so they are dot segments and slashes in disguise.
                s if !is_one_segment(s) => {
                    return Err(format!("`{raw}` may not contain percent-encoded dots or slashes"))
                }
                s => segments.push(s),
            }
        }
        let is_file = segments.last().is_some_and(|s| s.contains('.')) && !path.ends_with('/');
        let mut url = Self::from_segments(&segments);
        if is_file {
            url.0.pop();
        }
        Ok(url)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Joins a child segment: `/en/` + `faq` → `/en/faq/`.
    pub fn join(&self, segment: &str) -> UrlPath {
        UrlPath(format!("{}{}/", self.0, segment.trim_matches('/')))
    }

    /// The file that serves this URL: `/en/x/` → `en/x/index.html`, `/a.xml` → `a.xml`.
    pub fn output_path(&self) -> OutputPath {
        let trimmed = self.0.trim_start_matches('/');
        if trimmed.is_empty() || trimmed.ends_with('/') {
            OutputPath(PathBuf::from(format!("{trimmed}index.html")))
        } else {
            OutputPath(PathBuf::from(trimmed))
        }
    }

    /// Segments without slashes.
    pub fn segments(&self) -> impl Iterator<Item = &str> {
        self.0.split('/').filter(|s| !s.is_empty())
    }

    /// Resolves a relative reference the way a browser would from this page.
    pub fn resolve(&self, reference: &str) -> Result<UrlPath, String> {
        if reference.starts_with('/') {
            return resolve_dots(reference);
        }
        let base = match self.0.rfind('/') {
            Some(i) => &self.0[..=i],
            None => "/",
        };
        resolve_dots(&format!("{base}{reference}"))
    }
}

/// Whether `segment`, once percent-decoded as a server would, is still one
/// ordinary path segment: not `.` or `..`, no `/`, `\\` or control character.
pub fn is_one_segment(segment: &str) -> bool {
    let decoded = percent_encoding::percent_decode_str(segment).decode_utf8_lossy();
    !decoded.is_empty()
        && decoded != "."
        && decoded != ".."
        && !decoded.contains(['/', '\\'])
        && !decoded.chars().any(char::is_control)
}

fn resolve_dots(path: &str) -> Result<UrlPath, String> {
    let mut out: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if out.pop().is_none() {
                    return Err(format!("`{path}` climbs above the site root"));
                }
            }
            s => out.push(s),
        }
    }
    let trailing = path.ends_with('/') || path.ends_with("/.") || path.ends_with("/..");
    let mut url = UrlPath::from_segments(&out);
    if !trailing && !out.is_empty() {
        url.0.pop();
    }
    Ok(url)
}

impl fmt::Display for UrlPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A file inside the output folder, relative to it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OutputPath(PathBuf);

impl OutputPath {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        OutputPath(path.into())
    }

    pub fn as_path(&self) -> &std::path::Path {
        &self.0
    }

    /// The URL that serves this file (`en/x/index.html` → `/en/x/`).
    pub fn url(&self) -> UrlPath {
        let s = self.0.to_string_lossy().replace('\\', "/");
        match s.strip_suffix("index.html") {
            Some(dir) => UrlPath(format!("/{dir}")),
            None => UrlPath(format!("/{s}")),
        }
    }
}

/// One rendered output file. Pages still carry their source markers (see
/// [`crate::source_map`]) until they are published.
pub struct OutputFile {
    pub path: OutputPath,
    pub bytes: Vec<u8>,
}

impl OutputFile {
    /// The bytes readers get: a page without its source markers. Every way
    /// out of the build (written, served, returned) goes through here.
    pub fn published(&self) -> std::borrow::Cow<'_, [u8]> {
        if self.path.as_path().extension().is_some_and(|e| e == "html") {
            crate::source_map::strip(&self.bytes).into()
        } else {
            self.bytes.as_slice().into()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_paths_are_normalized_and_confined() {
        assert_eq!(
            UrlPath::parse_site_path("/ja/glossary/Support-Portal/")
                .unwrap()
                .as_str(),
            "/ja/glossary/Support-Portal/"
        );
        assert_eq!(UrlPath::parse_site_path("en//old").unwrap().as_str(), "/en/old/");
        assert_eq!(UrlPath::parse_site_path("/feed.xml").unwrap().as_str(), "/feed.xml");
        assert!(UrlPath::parse_site_path("/../../etc/passwd").is_err());
        assert!(UrlPath::parse_site_path("https://evil.example/").is_err());
        // Encoded dot segments and slashes (tests/fixtures/hostile/url-percent-encoded).
        assert!(UrlPath::parse_site_path("/%2e%2e/%2E%2e/etc/").is_err());
        assert!(UrlPath::parse_site_path("/en/a%2Fb/").is_err());
        assert!(UrlPath::parse_site_path("/en/a%5c..%5cb/").is_err());
        assert!(UrlPath::parse_site_path("/en/%00/").is_err());
        assert_eq!(
            UrlPath::parse_site_path("/en/50%25-off/").unwrap().as_str(),
            "/en/50%25-off/"
        );
        assert!(is_one_segment("caf%C3%A9") && is_one_segment("%zz"));
    }

    #[test]
    fn output_paths_map_both_ways() {
        let u = UrlPath::from_segments(&["en", "guides"]);
        assert_eq!(u.output_path().as_path(), std::path::Path::new("en/guides/index.html"));
        assert_eq!(u.output_path().url(), u);
        assert_eq!(
            UrlPath::from_segments::<&str>(&[]).output_path().as_path(),
            std::path::Path::new("index.html")
        );
    }

    #[test]
    fn relative_references_resolve_like_a_browser() {
        let page = UrlPath::from_segments(&["en", "guides", "setup"]);
        assert_eq!(page.resolve("../faq/").unwrap().as_str(), "/en/guides/faq/");
        assert_eq!(page.resolve("../../faq/").unwrap().as_str(), "/en/faq/");
        assert_eq!(page.resolve("/images/a.svg").unwrap().as_str(), "/images/a.svg");
        assert!(page.resolve("../../../../x").is_err());
    }
}
