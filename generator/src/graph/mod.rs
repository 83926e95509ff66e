//! The site graph: every cross-page fact computed once — URLs, the section
//! tree, ordering, prev/next, translations, docs versions, FAQ categories and
//! redirects. Rendering is then a pure function of (node, graph, theme).
//!
//! Folders are sections: `_index.md` gives a folder its title and text, and a
//! folder without one still gets a generated listing page.

mod faq;
mod section;
mod urls;
pub mod versions;

pub use faq::FaqCategory;
pub use section::{index_key, key_of, Section};

use crate::config::Config;
use crate::content::frontmatter::FrontMatter;
use crate::content::{Asset, Page, SourceFile};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::paths::UrlPath;
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

pub type NodeId = usize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A language's home page (`content/<lang>/_index.md`).
    Home,
    /// A folder's listing page.
    Section,
    /// Any other markdown file.
    Article,
}

#[derive(Debug, Clone)]
pub struct Node {
    pub page: Page,
    pub url: UrlPath,
    pub kind: Kind,
    pub section: Section,
    pub parent: Option<NodeId>,
    /// Sub-sections and articles, in reading order.
    pub children: Vec<NodeId>,
    pub prev: Option<NodeId>,
    pub next: Option<NodeId>,
    /// The same page in other languages.
    pub translations: Vec<NodeId>,
    /// Docs version name, for pages under `docs/<version>/`.
    pub version: Option<String>,
    /// `lastmod`, else the last git commit, else `date`.
    pub updated: Option<NaiveDate>,
}

/// A redirect from an old URL (front matter `aliases`) to a page.
#[derive(Debug, Clone)]
pub struct Redirect {
    pub from: UrlPath,
    pub to: UrlPath,
    /// 301 for moved pages; 302 for `/docs/latest/…`, which moves with releases.
    pub permanent: bool,
}

#[derive(Debug, Default)]
pub struct SiteGraph {
    pub nodes: Vec<Node>,
    pub by_url: HashMap<UrlPath, NodeId>,
    /// `<lang>/<rel>` of each source (`en/guides/setup.md`) → node, for `.md` links.
    pub by_source: HashMap<String, NodeId>,
    pub faq_categories: Vec<FaqCategory>,
    pub redirects: Vec<Redirect>,
    pub assets: Vec<Asset>,
    /// Every URL the site serves: pages, FAQ categories, assets, redirects.
    pub served: HashSet<UrlPath>,
    /// Articles below each node (for "12 articles" in listings), by node id.
    pub article_counts: Vec<usize>,
    /// The same docs page in other versions.
    pub versions: versions::Versions,
}

impl SiteGraph {
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id]
    }

    /// The FAQ categories listing question `id`.
    pub fn categories_of(&self, id: NodeId) -> impl Iterator<Item = &FaqCategory> {
        self.faq_categories.iter().filter(move |c| c.questions.contains(&id))
    }

    /// The home node of a language.
    pub fn home(&self, lang: &str) -> Option<NodeId> {
        self.by_source.get(&index_key(lang, "")).copied()
    }

    /// Parents from the language home down to (not including) `id`.
    pub fn ancestors(&self, id: NodeId) -> Vec<NodeId> {
        let mut chain = Vec::new();
        let mut cur = self.nodes[id].parent;
        while let Some(p) = cur {
            chain.push(p);
            cur = self.nodes[p].parent;
        }
        chain.reverse();
        chain
    }

    /// Whether a URL is served by the site (page, FAQ category, asset, redirect).
    pub fn serves(&self, url: &UrlPath) -> bool {
        self.served.contains(url)
    }

    /// The contents page of the docs tree under `root` (every page of a
    /// version, for readers without JavaScript; see `render/sidebar.rs`).
    pub fn contents_url(&self, root: NodeId) -> UrlPath {
        self.nodes[root].url.join("contents")
    }

    /// The node rooting a docs page's sidebar: its version folder, or `docs/`.
    pub fn docs_root(&self, id: NodeId) -> Option<NodeId> {
        let node = &self.nodes[id];
        if node.section != Section::Docs {
            return None;
        }
        let dir = match &node.version {
            Some(v) => format!("docs/{v}"),
            None => "docs".to_string(),
        };
        self.by_source.get(&index_key(&node.page.source.lang, &dir)).copied()
    }
}

/// Titles for folders without `_index.md`: (language, folder name) → title.
pub type SectionTitles<'a> = &'a dyn Fn(&str, &str) -> Option<String>;

/// Builds the graph from parsed pages. Problems (duplicate URLs, FAQ without
/// category, undeclared docs versions) are returned alongside.
pub fn build(
    config: &Config,
    pages: Vec<Page>,
    assets: Vec<Asset>,
    git_dates: &HashMap<PathBuf, NaiveDate>,
    section_titles: SectionTitles,
) -> (SiteGraph, Diagnostics) {
    let mut problems = Diagnostics::new();
    let mut graph = SiteGraph {
        assets,
        ..Default::default()
    };
    let pages = with_section_pages(config, pages, section_titles);
    // URLs folded to lower case: two that differ only in case collide on
    // case-insensitive file systems (tests/fixtures/hostile/case-colliding-*).
    let mut lowercase: HashMap<String, NodeId> = HashMap::new();

    for page in pages {
        let kind = match (page.source.is_index(), page.source.dir_segments().is_empty()) {
            (true, true) => Kind::Home,
            (true, false) => Kind::Section,
            (false, _) => Kind::Article,
        };
        let url = match urls::page_url(&page, kind) {
            Ok(url) => url,
            Err(d) => {
                problems.push(d);
                continue;
            }
        };
        let section = Section::of(&page.source.dir_segments());
        let version = docs_version(config, &page, &mut problems);
        let updated = page
            .front
            .lastmod
            .or_else(|| git_dates.get(&page.source.shown).copied())
            .or(page.front.date);
        let id = graph.nodes.len();
        if let Some(&other) = graph.by_url.get(&url) {
            let first = &graph.nodes[other].page.source.shown;
            problems.push(
                Diagnostic::error(
                    &page.source.shown,
                    format!("URL {url} is already used by {}", first.display()),
                )
                .at(page.key_line(if page.front.url.is_some() { "url" } else { "slug" }), 1)
                .hint("give one of them a different `slug` or `url`"),
            );
            continue;
        }
        let folded = url.as_str().to_lowercase();
        if let Some(&other) = lowercase.get(&folded) {
            let first: &Node = &graph.nodes[other];
            problems.push(
                Diagnostic::error(
                    &page.source.shown,
                    format!(
                        "URL {url} and {} of {} differ only in case",
                        first.url,
                        first.page.source.shown.display()
                    ),
                )
                .at(page.key_line(if page.front.url.is_some() { "url" } else { "slug" }), 1)
                .hint("they would be one folder on macOS and Windows disks and most hosts; rename one"),
            );
            continue;
        }
        lowercase.insert(folded, id);
        graph.by_url.insert(url.clone(), id);
        graph.by_source.insert(key_of(&page.source), id);
        graph.nodes.push(Node {
            page,
            url,
            kind,
            section,
            parent: None,
            children: Vec::new(),
            prev: None,
            next: None,
            translations: Vec::new(),
            version,
            updated,
        });
    }
    link_tree(&mut graph);
    link_prev_next(&mut graph);
    link_translations(&mut graph);
    problems.extend(collect_redirects(&mut graph));
    graph.versions = versions::link(config, &graph);
    let latest = versions::latest_redirects(config, &graph);
    graph.redirects.extend(latest);
    let (categories, faq_problems) = faq::categories(&graph);
    graph.faq_categories = categories;
    problems.extend(faq_problems);
    problems.extend(empty_declarations(config, &graph));
    // Only section pages can root a sidebar; asking every article (each
    // lookup formats a key) was 7% of the graph's build at 10,000 pages.
    let docs_roots: Vec<NodeId> = (0..graph.nodes.len())
        .filter(|&id| graph.nodes[id].kind != Kind::Article && graph.docs_root(id) == Some(id))
        .collect();
    graph.served = (graph.by_url.keys().cloned())
        .chain(graph.assets.iter().map(|a| a.url.clone()))
        .chain(graph.faq_categories.iter().map(|c| c.url.clone()))
        .chain(graph.redirects.iter().map(|r| r.from.clone()))
        .chain(docs_roots.iter().map(|&root| graph.contents_url(root)))
        .collect();
    graph.article_counts = (0..graph.nodes.len()).map(|id| count_articles(&graph, id)).collect();
    (graph, problems)
}

fn count_articles(graph: &SiteGraph, id: NodeId) -> usize {
    let child_count = |&c: &NodeId| {
        if graph.nodes[c].kind == Kind::Article {
            1
        } else {
            count_articles(graph, c)
        }
    };
    graph.nodes[id].children.iter().map(child_count).sum()
}

/// Adds a generated `_index.md` for every folder that has pages but no index,
/// so every section, and every language, has a listing page.
fn with_section_pages(config: &Config, mut pages: Vec<Page>, section_titles: SectionTitles) -> Vec<Page> {
    let mut have: HashSet<(String, String)> = HashSet::new();
    let mut need: BTreeMap<(String, String), PathBuf> = BTreeMap::new();
    for lang in &config.languages {
        need.insert(
            (lang.code.clone(), String::new()),
            PathBuf::from(format!("content/{}/_index.md", lang.code)),
        );
    }
    for p in &pages {
        let dirs = p.source.dir_segments();
        if p.source.is_index() {
            have.insert((p.source.lang.clone(), dirs.join("/")));
        }
        for n in 0..=dirs.len() {
            let dir = dirs[..n].join("/");
            let shown = PathBuf::from(format!("content/{}", index_key(&p.source.lang, &dir)));
            need.entry((p.source.lang.clone(), dir)).or_insert(shown);
        }
    }
    for ((lang, dir), shown) in need {
        if have.contains(&(lang.clone(), dir.clone())) {
            continue;
        }
        let rel = section::index_rel(&dir);
        let title = match dir.rsplit('/').next() {
            Some("") | None => config.title.clone(),
            Some(last) => section_titles(&lang, last).unwrap_or_else(|| title_case(last)),
        };
        pages.push(Page {
            source: SourceFile {
                abs: PathBuf::new(),
                shown,
                lang,
                rel,
            },
            front: FrontMatter {
                title,
                ..FrontMatter::default()
            },
            front_text: String::new(),
            front_format: Default::default(),
            body: String::new(),
            body_line: 1,
        });
    }
    pages.sort_by(|a, b| (&a.source.lang, &a.source.rel).cmp(&(&b.source.lang, &b.source.rel)));
    pages
}

/// Declared languages and docs versions without a page of their own
/// (writers declare a language before translating anything, a version
/// before writing it): they build, a language with an empty search index and
/// only generated or fallback pages, and the writer is told at the line.
fn empty_declarations(config: &Config, graph: &SiteGraph) -> Diagnostics {
    let mut out = Diagnostics::new();
    let written = |n: &&Node| !n.page.source.is_generated();
    let at_line = |d: Diagnostic, needle: &str| match config.line_of(needle) {
        0 => d,
        line => d.at(line, 1),
    };
    for version in &config.docs.versions {
        if !graph
            .nodes
            .iter()
            .filter(written)
            .any(|n| n.version.as_ref() == Some(&version.name))
        {
            let d = Diagnostic::warning(
                crate::config::CONFIG_FILE,
                format!("docs version `{}` has no pages in any language", version.name),
            )
            .hint(format!(
                "add pages under content/<lang>/docs/{}/ (or remove the version)",
                version.name
            ));
            out.push(at_line(d, &format!("name: {}", version.name)));
        }
    }
    for lang in &config.languages {
        if graph
            .nodes
            .iter()
            .filter(written)
            .any(|n| n.page.source.lang == lang.code)
        {
            continue;
        }
        let d = Diagnostic::warning(
            crate::config::CONFIG_FILE,
            format!(
                "language `{}` has no pages: content/{}/ holds no markdown, so its search finds nothing",
                lang.code, lang.code
            ),
        )
        .hint(format!(
            "add pages under content/{}/ (or remove the language from `languages`)",
            lang.code
        ));
        out.push(at_line(d, &format!("code: {}", lang.code)));
    }
    out
}

/// `getting-started` → `Getting started`, for folders without `_index.md`.
fn title_case(dir: &str) -> String {
    let words = dir.replace(['-', '_'], " ");
    let mut chars = words.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn docs_version(config: &Config, page: &Page, problems: &mut Diagnostics) -> Option<String> {
    let dirs = page.source.dir_segments();
    if Section::of(&dirs) != Section::Docs || config.docs.versions.is_empty() {
        return None;
    }
    let name = dirs.get(1)?;
    if config.docs.versions.iter().any(|v| v.name == *name) {
        return Some(name.to_string());
    }
    let names: Vec<String> = config.docs.versions.iter().map(|v| v.name.clone()).collect();
    let hint = match crate::yaml::nearest(name, &names) {
        Some(n) => format!("did you mean `docs/{n}/`? Or declare `{name}` under docs.versions in portico.yaml"),
        None => format!("declare `{name}` under docs.versions in portico.yaml"),
    };
    problems.push(
        Diagnostic::error(
            &page.source.shown,
            format!("`docs/{name}/` is not a declared docs version"),
        )
        .hint(hint),
    );
    None
}

/// Parent/child links from folder structure; children sorted for reading.
fn link_tree(graph: &mut SiteGraph) {
    let index_of: HashMap<(String, String), NodeId> = graph
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.kind != Kind::Article)
        .map(|(i, n)| ((n.page.source.lang.clone(), n.page.source.dir_segments().join("/")), i))
        .collect();
    for id in 0..graph.nodes.len() {
        let n = &graph.nodes[id];
        let mut dirs = n.page.source.dir_segments();
        if n.kind != Kind::Article && dirs.pop().is_none() {
            continue; // home
        }
        let parent = index_of.get(&(n.page.source.lang.clone(), dirs.join("/"))).copied();
        graph.nodes[id].parent = parent;
        if let Some(p) = parent {
            graph.nodes[p].children.push(id);
        }
    }
    for id in 0..graph.nodes.len() {
        let mut children = std::mem::take(&mut graph.nodes[id].children);
        children.sort_by_cached_key(|c| reading_order(&graph.nodes[*c]));
        graph.nodes[id].children = children;
    }
}

/// Weighted pages first by weight (Hugo: weight 0 means unweighted), then by title.
fn reading_order(n: &Node) -> (bool, i64, String, String) {
    (
        n.page.front.weight == 0,
        n.page.front.weight,
        n.page.front.title.to_lowercase(),
        n.url.to_string(),
    )
}

/// Docs read as one book per version (depth-first through the sidebar);
/// other sections link articles that share a folder.
fn link_prev_next(graph: &mut SiteGraph) {
    let mut sequences: Vec<Vec<NodeId>> = Vec::new();
    // With versions, each version is its own book; `docs/` itself is not one.
    let versioned = graph.nodes.iter().any(|n| n.version.is_some());
    for id in 0..graph.nodes.len() {
        let n = &graph.nodes[id];
        let is_docs_root =
            n.section == Section::Docs && graph.docs_root(id) == Some(id) && (n.version.is_some() || !versioned);
        if is_docs_root {
            let mut seq = Vec::new();
            depth_first(graph, id, &mut seq);
            sequences.push(seq);
        } else if n.kind != Kind::Article && matches!(n.section, Section::Home | Section::Named(_)) {
            sequences.push(
                n.children
                    .iter()
                    .copied()
                    .filter(|c| graph.nodes[*c].kind == Kind::Article)
                    .collect(),
            );
        }
    }
    for seq in sequences {
        for pair in seq.windows(2) {
            graph.nodes[pair[0]].next = Some(pair[1]);
            graph.nodes[pair[1]].prev = Some(pair[0]);
        }
    }
}

fn depth_first(graph: &SiteGraph, id: NodeId, out: &mut Vec<NodeId>) {
    for &c in &graph.nodes[id].children {
        out.push(c);
        depth_first(graph, c, out);
    }
}

/// Same `translationKey`, else same path inside the language folder.
fn link_translations(graph: &mut SiteGraph) {
    let mut groups: HashMap<String, Vec<NodeId>> = HashMap::new();
    for (id, n) in graph.nodes.iter().enumerate() {
        let key = match &n.page.front.translation_key {
            Some(k) => format!("key:{k}"),
            None => format!("path:{}", n.page.source.rel.replace("/index.md", "/_index.md")),
        };
        groups.entry(key).or_default().push(id);
    }
    for ids in groups.values() {
        for &id in ids {
            let lang = graph.nodes[id].page.source.lang.clone();
            graph.nodes[id].translations = ids
                .iter()
                .copied()
                .filter(|o| graph.nodes[*o].page.source.lang != lang)
                .collect();
        }
    }
}

fn collect_redirects(graph: &mut SiteGraph) -> Diagnostics {
    let mut problems = Diagnostics::new();
    let mut seen: HashMap<UrlPath, NodeId> = HashMap::new();
    for (id, n) in graph.nodes.iter().enumerate() {
        for alias in &n.page.front.aliases {
            let line = n.page.key_line("aliases");
            let from = match UrlPath::parse_site_path(alias) {
                Ok(u) => u,
                Err(e) => {
                    problems.push(Diagnostic::error(&n.page.source.shown, format!("alias {e}")).at(line, 1));
                    continue;
                }
            };
            if let Some(&owner) = graph.by_url.get(&from) {
                let other = &graph.nodes[owner].page.source.shown;
                problems.push(
                    Diagnostic::error(
                        &n.page.source.shown,
                        format!("alias {from} is the URL of {}", other.display()),
                    )
                    .at(line, 1)
                    .hint("an alias must be an old URL that no page uses any more"),
                );
            } else if let Some(&first) = seen.get(&from) {
                let other = &graph.nodes[first].page.source.shown;
                problems.push(
                    Diagnostic::error(
                        &n.page.source.shown,
                        format!("alias {from} is also an alias of {}", other.display()),
                    )
                    .at(line, 1),
                );
            } else {
                seen.insert(from.clone(), id);
                graph.redirects.push(Redirect {
                    from,
                    to: n.url.clone(),
                    permanent: true,
                });
            }
        }
    }
    graph.redirects.sort_by(|a, b| a.from.cmp(&b.from));
    problems
}

#[cfg(test)]
mod tests;
