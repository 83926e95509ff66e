//! Links between pages: resolving what writers write, and checking that every
//! internal link, `#anchor` and image points at something the site serves.
//!
//! Writers may link to another article's markdown file by relative path
//! (`../faq/billing.md#refunds`, rewritten to its URL) or to a URL on the site
//! (`/en/guides/setup/`). Every failure names the markdown line.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::graph::{NodeId, SiteGraph};
use crate::markdown::{RefKind, Reference, Rendered, Resolve};
use crate::paths::UrlPath;
use std::collections::{HashMap, HashSet};

/// Resolves destinations written in one page.
pub struct PageResolver<'g> {
    graph: &'g SiteGraph,
    node: NodeId,
}

impl<'g> PageResolver<'g> {
    pub fn new(graph: &'g SiteGraph, node: NodeId) -> Self {
        PageResolver { graph, node }
    }

    /// `content/<lang>/<dir>/` of the page, as a URL-like path for resolving
    /// relative file references (`../img/a.png`, `other.md`).
    fn source_dir(&self) -> UrlPath {
        let src = &self.graph.node(self.node).page.source;
        let mut segs = vec![src.lang.as_str()];
        segs.extend(src.dir_segments());
        UrlPath::from_segments(&segs)
    }
}

/// `https:`, `mailto:` … — a scheme per RFC 3986 before the first `/`.
fn scheme(dest: &str) -> Option<&str> {
    let (scheme, _) = dest.split_once(':')?;
    let valid = scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    valid.then_some(scheme)
}

fn split_fragment(dest: &str) -> (&str, Option<String>) {
    match dest.split_once('#') {
        Some((path, frag)) => (path, Some(percent_decode(frag))),
        None => (dest, None),
    }
}

/// Writers and browsers may percent-encode non-ASCII anchors (`#%E3%82%B5`);
/// an escape that is not UTF-8 leaves the text as written.
fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .map_or_else(|_| s.to_string(), |d| d.into_owned())
}

impl Resolve for PageResolver<'_> {
    fn link(&self, dest: &str) -> Reference {
        let dest = dest.trim();
        if dest.is_empty() {
            return Reference::Unresolved {
                reason: "the link has no destination".into(),
            };
        }
        if let Some(fragment) = dest.strip_prefix('#') {
            return Reference::SamePage {
                fragment: percent_decode(fragment),
            };
        }
        if dest.starts_with("//") {
            return Reference::External;
        }
        match scheme(dest) {
            Some("http" | "https") => return Reference::External,
            // Script in a link would be blocked by the site's CSP anyway; say so.
            Some(s)
                if ["javascript", "vbscript", "data"]
                    .iter()
                    .any(|x| s.eq_ignore_ascii_case(x)) =>
            {
                return Reference::Unresolved {
                    reason: format!(
                        "`{s}:` links run code or open inline documents, which the site's \
                         Content-Security-Policy blocks"
                    ),
                }
            }
            Some(_) => return Reference::Other,
            None => {}
        }
        let (path, fragment) = split_fragment(dest);
        let path = path.split('?').next().unwrap_or(path);
        if path.ends_with(".md") {
            return self.markdown_file(path, fragment);
        }
        let page_url = &self.graph.node(self.node).url;
        match page_url.resolve(path) {
            Ok(mut url) => {
                // `/en/guides/setup` is served by `/en/guides/setup/`.
                if !self.graph.serves(&url) && !url.as_str().ends_with('/') {
                    let with_slash = UrlPath::parse_site_path(&format!("{url}/")).unwrap_or(url.clone());
                    if self.graph.serves(&with_slash) {
                        url = with_slash;
                    }
                }
                Reference::Internal {
                    url,
                    fragment,
                    href: dest.to_string(),
                }
            }
            Err(reason) => Reference::Unresolved { reason },
        }
    }

    fn image(&self, dest: &str) -> Reference {
        let dest = dest.trim();
        if dest.starts_with("//") || matches!(scheme(dest), Some("http" | "https")) {
            return Reference::External;
        }
        if scheme(dest).is_some() {
            return Reference::Other; // data: URIs
        }
        let path = dest.split(['?', '#']).next().unwrap_or(dest);
        let resolved = if path.starts_with('/') {
            UrlPath::parse_site_path(path)
        } else {
            self.source_dir().resolve(path)
        };
        match resolved {
            Ok(url) => Reference::Internal {
                href: url.to_string(),
                url,
                fragment: None,
            },
            Err(reason) => Reference::Unresolved { reason },
        }
    }
}

impl PageResolver<'_> {
    /// `other.md` relative to this file, or `/en/guides/a.md` from `content/`.
    fn markdown_file(&self, path: &str, fragment: Option<String>) -> Reference {
        let lang = &self.graph.node(self.node).page.source.lang;
        let resolved = if path.starts_with('/') {
            UrlPath::parse_site_path(path)
        } else {
            self.source_dir().resolve(path)
        };
        let key = match resolved {
            Ok(u) => u.as_str().trim_start_matches('/').to_string(),
            Err(reason) => return Reference::Unresolved { reason },
        };
        match self.graph.by_source.get(&key) {
            Some(&target) => {
                let url = self.graph.node(target).url.clone();
                let href = match &fragment {
                    Some(f) => format!("{url}#{f}"),
                    None => url.to_string(),
                };
                Reference::Internal { url, fragment, href }
            }
            None => Reference::Unresolved {
                reason: format!(
                    "content/{key} does not exist{}",
                    if key.starts_with(&format!("{lang}/")) {
                        " (or is a draft)"
                    } else {
                        ""
                    }
                ),
            },
        }
    }
}

/// Checks every link and image of every page; all problems are returned.
pub fn check(graph: &SiteGraph, bodies: &[Rendered]) -> Diagnostics {
    check_nodes(graph, bodies, &(0..bodies.len()).collect::<Vec<_>>())
}

/// Whether every link and image of `body` (rendered for node `id` of an
/// earlier graph) resolves the same in `graph`: then the body is still right.
pub fn resolve_the_same(graph: &SiteGraph, id: NodeId, body: &Rendered) -> bool {
    let resolver = PageResolver::new(graph, id);
    body.refs.iter().all(|found| {
        let now = match found.kind {
            RefKind::Link => resolver.link(&found.dest),
            RefKind::Image => resolver.image(&found.dest),
        };
        now == found.reference
    })
}

/// [`check`] for the links and images of the bodies of `ids` only.
pub fn check_nodes(graph: &SiteGraph, bodies: &[Rendered], ids: &[usize]) -> Diagnostics {
    let mut problems = Diagnostics::new();
    // Each page's ids as a set, built once: a page with 100,000 anchors and
    // as many links to them made the check quadratic (tests/fixtures/hostile/ten-mb-page).
    let mut id_sets: HashMap<usize, HashSet<&str>> = HashMap::new();
    let mut has_id = |node: usize, fragment: &str| {
        id_sets
            .entry(node)
            .or_insert_with(|| bodies[node].ids.iter().map(String::as_str).collect())
            .contains(fragment)
    };
    for &id in ids {
        let body = &bodies[id];
        let node = graph.node(id);
        for found in &body.refs {
            let what = match found.kind {
                RefKind::Link => "link",
                RefKind::Image => "image",
            };
            let at = |msg: String| Diagnostic::error(&node.page.source.shown, msg).at(found.line, found.col);
            match &found.reference {
                Reference::External | Reference::Other => {}
                Reference::Unresolved { reason } => {
                    problems.push(at(format!("broken {what} `{}`: {reason}", found.dest)))
                }
                Reference::SamePage { fragment } => {
                    if !has_id(id, fragment) {
                        problems.push(
                            at(format!(
                                "broken link `{}`: no heading with id `{fragment}` on this page",
                                found.dest
                            ))
                            .hint(anchor_hint(fragment, &body.ids)),
                        );
                    }
                }
                Reference::Internal { url, fragment, .. } => {
                    if !graph.serves(url) {
                        let msg = match found.kind {
                            RefKind::Image => {
                                format!("image `{}` not found: nothing is published at {url}", found.dest)
                            }
                            RefKind::Link => {
                                format!("broken link `{}`: no page at {url}", found.dest)
                            }
                        };
                        let hint = match found.kind {
                            RefKind::Image => {
                                "put the file in static/ (for /images/…) or beside the markdown file".to_string()
                            }
                            RefKind::Link => nearest_url(graph, url)
                                .map(|u| format!("did you mean {u}?"))
                                .unwrap_or_else(|| "link to the page's .md file, e.g. ../guides/setup.md".into()),
                        };
                        problems.push(at(msg).hint(hint));
                        continue;
                    }
                    if let (Some(fragment), Some(&target)) = (fragment, graph.by_url.get(url)) {
                        let ids = &bodies[target].ids;
                        if !has_id(target, fragment) {
                            problems.push(
                                at(format!(
                                    "broken link `{}`: {url} has no heading with id `{fragment}`",
                                    found.dest
                                ))
                                .hint(anchor_hint(fragment, ids)),
                            );
                        }
                    }
                }
            }
        }
    }
    problems
}

fn anchor_hint(fragment: &str, ids: &[String]) -> String {
    match crate::yaml::nearest(fragment, ids) {
        Some(n) => format!("did you mean `#{n}`?"),
        None if ids.is_empty() => "the target page has no headings".into(),
        None => format!(
            "ids on that page: {}",
            ids.iter().take(8).cloned().collect::<Vec<_>>().join(", ")
        ),
    }
}

fn nearest_url(graph: &SiteGraph, url: &UrlPath) -> Option<String> {
    let candidates: Vec<String> = graph.by_url.keys().map(|u| u.to_string()).collect();
    crate::yaml::nearest(url.as_str(), &candidates).map(str::to_string)
}
