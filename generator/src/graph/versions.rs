//! Versioned docs: which page of another version is "the same page", the
//! `/<lang>/docs/latest/…` redirects, and the canonical (latest) equivalent
//! of older pages.
//!
//! A docs page's identities are its path inside its version folder
//! (`cli/install`) plus the paths its front matter says it `moved_from`, and
//! docs paths named by its `aliases`. Two pages of different versions (same
//! language) are the same page when their identities meet; a page without
//! an equivalent maps to that version's docs home, never to a 404.

use super::{NodeId, Redirect, SiteGraph};
use crate::config::Config;
use crate::paths::UrlPath;
use std::collections::{BTreeMap, HashMap};

/// Where the version switcher of one page leads, per version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionTarget {
    pub version: String,
    pub node: NodeId,
    /// `node` is the same page; false when it is the version's docs home.
    pub exact: bool,
}

/// Version switcher targets of every docs page, by node.
#[derive(Debug, Default)]
pub struct Versions {
    pub targets: HashMap<NodeId, Vec<VersionTarget>>,
}

impl Versions {
    pub fn targets(&self, id: NodeId) -> &[VersionTarget] {
        self.targets.get(&id).map_or(&[], Vec::as_slice)
    }

    /// The same page in the latest version, if there is one (not the home fallback).
    pub fn latest_equivalent(&self, config: &Config, id: NodeId) -> Option<NodeId> {
        let latest = config.latest_version()?;
        self.targets(id)
            .iter()
            .find(|t| t.version == latest.name && t.exact)
            .map(|t| t.node)
    }
}

/// The page search engines should index for `id`: the same page in the
/// latest version when `id` is an older version's and one exists, else `id`.
pub fn canonical(config: &Config, graph: &SiteGraph, id: NodeId) -> NodeId {
    let node = graph.node(id);
    let is_latest = node.version.as_deref() == config.latest_version().map(|v| v.name.as_str());
    match &node.version {
        Some(_) if !is_latest => graph.versions.latest_equivalent(config, id).unwrap_or(id),
        _ => id,
    }
}

/// Pages of an `unreleased` version: built, but kept from search engines.
pub fn is_unreleased(config: &Config, graph: &SiteGraph, id: NodeId) -> bool {
    graph
        .node(id)
        .version
        .as_ref()
        .and_then(|v| config.docs.versions.iter().find(|d| &d.name == v))
        .is_some_and(|v| v.unreleased)
}

/// `cli/install.md` → `cli/install`; `api/_index.md` → `api`; `_index.md` → ``.
fn page_key(rel_in_version: &str) -> String {
    let s = rel_in_version.trim_end_matches(".md");
    let s = s
        .strip_suffix("_index")
        .or_else(|| s.strip_suffix("index"))
        .unwrap_or(s);
    s.trim_matches('/').to_string()
}

/// The identities of a docs page of `version` in `lang`.
fn identities(graph: &SiteGraph, id: NodeId, lang: &str, version: &str) -> Vec<String> {
    let page = &graph.node(id).page;
    let rel = page.source.rel.strip_prefix(&format!("docs/{version}/")).unwrap_or("");
    let mut ids = vec![page_key(rel)];
    ids.extend(
        page.front
            .moved_from
            .iter()
            .map(|m| page_key(m.trim_start_matches('/'))),
    );
    // Aliases that were docs URLs of some version also name the page.
    for alias in &page.front.aliases {
        let segs: Vec<&str> = alias.trim_matches('/').split('/').collect();
        if segs.len() >= 3 && segs[0] == lang && segs[1] == "docs" {
            ids.push(segs[3..].join("/"));
        }
    }
    ids.sort();
    ids.dedup();
    ids
}

/// A page and its identities.
type Identified = (NodeId, Vec<String>);

/// Each identity → the position and node of the first page that has it.
type FirstWith<'a> = HashMap<&'a str, (usize, NodeId)>;

/// Computes switcher targets for every versioned docs page.
pub fn link(config: &Config, graph: &SiteGraph) -> Versions {
    let mut out = Versions::default();
    if config.docs.versions.len() < 2 {
        return out;
    }
    // (lang, version) → [(node, identities)] and the version's home.
    let mut pages: BTreeMap<(String, String), Vec<Identified>> = BTreeMap::new();
    let mut homes: HashMap<(String, String), NodeId> = HashMap::new();
    for (id, node) in graph.nodes.iter().enumerate() {
        let Some(version) = &node.version else { continue };
        let lang = node.page.source.lang.clone();
        if graph.docs_root(id) == Some(id) {
            homes.insert((lang.clone(), version.clone()), id);
        }
        let ids = identities(graph, id, &lang, version);
        pages.entry((lang, version.clone())).or_default().push((id, ids));
    }
    // Each identity of a (lang, version) → the first page (in order) that has
    // it: looking a page up in another version is then a few hash look-ups,
    // not a scan of that version (which made this pages × pages per version).
    let by_identity: HashMap<&(String, String), FirstWith> = pages
        .iter()
        .map(|(key, list)| {
            let mut first: HashMap<&str, (usize, NodeId)> = HashMap::new();
            for (at, (node, ids)) in list.iter().enumerate() {
                for i in ids {
                    first.entry(i.as_str()).or_insert((at, *node));
                }
            }
            (key, first)
        })
        .collect();
    for ((lang, version), list) in &pages {
        for (id, ids) in list {
            let mut targets = Vec::new();
            for other in config.docs.versions.iter().filter(|v| &v.name != version) {
                let key = (lang.clone(), other.name.clone());
                let same = by_identity.get(&key).and_then(|first| {
                    (ids.iter().filter_map(|i| first.get(i.as_str())))
                        .min()
                        .map(|&(_, n)| n)
                });
                let target = match (same, homes.get(&key)) {
                    (Some(n), _) => VersionTarget {
                        version: other.name.clone(),
                        node: n,
                        exact: true,
                    },
                    (None, Some(&home)) => VersionTarget {
                        version: other.name.clone(),
                        node: home,
                        exact: false,
                    },
                    (None, None) => continue, // the version has no docs in this language
                };
                targets.push(target);
            }
            out.targets.insert(*id, targets);
        }
    }
    out
}

/// `/<lang>/docs/latest/<path>/` for every page of the latest version: a
/// temporary redirect, since "latest" moves with each release.
pub fn latest_redirects(config: &Config, graph: &SiteGraph) -> Vec<Redirect> {
    let Some(latest) = config.latest_version() else {
        return Vec::new();
    };
    let in_latest = |id: &usize| graph.nodes[*id].version.as_deref() == Some(latest.name.as_str());
    let pages = (0..graph.nodes.len())
        .filter(in_latest)
        .map(|id| graph.nodes[id].url.clone());
    // The version's contents page moves with it too.
    let roots = (0..graph.nodes.len()).filter(|&id| in_latest(&id) && graph.docs_root(id) == Some(id));
    let contents = roots.map(|root| graph.contents_url(root));
    pages
        .chain(contents)
        .filter_map(|to| {
            let segs: Vec<&str> = to.segments().collect();
            let at = segs.iter().position(|s| *s == latest.name)?;
            let mut from: Vec<&str> = segs.clone();
            from[at] = "latest";
            let from = UrlPath::from_segments(&from);
            (!graph.by_url.contains_key(&from)).then(|| Redirect {
                from,
                to: to.clone(),
                permanent: false,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::page_key;

    #[test]
    fn page_keys_drop_the_extension_and_index() {
        assert_eq!(page_key("cli/install.md"), "cli/install");
        assert_eq!(page_key("api/_index.md"), "api");
        assert_eq!(page_key("_index.md"), "");
        assert_eq!(page_key("cli/install"), "cli/install");
    }
}
