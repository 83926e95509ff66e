//! Which pages an edit re-renders when it changed more than a body (a
//! title, a weight, front matter, a new page): the graph is rebuilt, each
//! node's facts are compared with the ones before the edit, and only the
//! pages that show a changed fact are selected.
//!
//! The rules mirror what the renderer reads of other pages:
//! - what listings, sidebars and breadcrumbs show of a page ([`Facts::shown`]:
//!   title, URL, description, date, version, weight, "featured", whether it
//!   has children) is on its parent's listing, its neighbours' prev/next,
//!   its descendants' breadcrumbs, its language's home page (featured and
//!   recent articles), the FAQ pages listing its category, and the docs
//!   sidebars that show it;
//! - its article count is on its parent's listing only (breadcrumbs, the
//!   site's navigation and prev/next name pages without counts, see
//!   `render::pages::crumb`);
//! - where it stands ([`Facts::place`]: parent, children, neighbours,
//!   translations, other versions, FAQ category) is on its own page, and for
//!   docs on the sidebars of the pages below it.
//!
//! Changes these rules do not cover — a URL, the site's navigation,
//! redirects, the set of FAQ categories — return `None`: the whole pipeline
//! runs. `tests/live.rs` checks every kind of edit against a full build.

use crate::graph::{key_of, Kind, NodeId, Section, SiteGraph};
use crate::markdown::Rendered;
use crate::paths::UrlPath;
use crate::render::Selection;
use rayon::prelude::*;
use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{Hash, Hasher};

/// A node's facts that other pages show, by kind of reader.
struct Facts {
    shown: u64,
    count: usize,
    place: u64,
    parent: Option<String>,
    prev: Option<String>,
    next: Option<String>,
}

/// The site's facts before an edit, by source key (`en/guides/x.md`), so
/// that they can be compared with the graph rebuilt after it (node ids shift
/// when a page is added).
pub(crate) struct Snapshot {
    facts: HashMap<String, Facts>,
    urls: HashMap<String, UrlPath>,
    nav: u64,
    redirects: HashSet<(UrlPath, UrlPath, bool)>,
    categories: Vec<(UrlPath, Vec<String>)>,
    fallbacks: BTreeMap<(String, String), UrlPath>,
}

/// Each node's source key and FAQ category, worked out once per graph.
struct Keys {
    of: Vec<String>,
    category: Vec<Option<usize>>,
}

impl Keys {
    fn new(graph: &SiteGraph) -> Keys {
        let mut category = vec![None; graph.nodes.len()];
        for (i, c) in graph.faq_categories.iter().enumerate() {
            for &q in &c.questions {
                category[q].get_or_insert(i);
            }
        }
        Keys {
            of: graph.nodes.iter().map(|n| key_of(&n.page.source)).collect(),
            category,
        }
    }
}

fn hash(value: impl Hash) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

impl Snapshot {
    /// The facts of `graph` as built, with its fallback copies
    /// (`Renderer::fallbacks`).
    pub fn take(graph: &SiteGraph, bodies: &[Rendered], fallbacks: &BTreeMap<(NodeId, String), UrlPath>) -> Snapshot {
        let keys = Keys::new(graph);
        let facts = all_facts(graph, bodies, &keys);
        Snapshot::of(graph, &keys, facts, fallbacks)
    }

    fn of(
        graph: &SiteGraph,
        keys: &Keys,
        facts: Vec<Facts>,
        fallbacks: &BTreeMap<(NodeId, String), UrlPath>,
    ) -> Snapshot {
        Snapshot {
            urls: (0..graph.nodes.len())
                .map(|id| (keys.of[id].clone(), graph.node(id).url.clone()))
                .collect(),
            facts: keys.of.iter().cloned().zip(facts).collect(),
            nav: nav(graph),
            redirects: redirects(graph),
            categories: categories(graph, keys),
            fallbacks: fallbacks
                .iter()
                .map(|((id, lang), url)| ((keys.of[*id].clone(), lang.clone()), url.clone()))
                .collect(),
        }
    }

    /// Whether the site had the page of source key `key`.
    pub fn knows(&self, key: &str) -> bool {
        self.facts.contains_key(key)
    }
}

fn all_facts(graph: &SiteGraph, bodies: &[Rendered], keys: &Keys) -> Vec<Facts> {
    (0..graph.nodes.len())
        .into_par_iter()
        .map(|id| facts(graph, bodies, keys, id))
        .collect()
}

fn facts(graph: &SiteGraph, bodies: &[Rendered], keys: &Keys, id: NodeId) -> Facts {
    let node = graph.node(id);
    let front = &node.page.front;
    let description = front.description.as_deref().unwrap_or(&bodies[id].summary);
    let shown = hash((
        &front.title,
        node.url.as_str(),
        description,
        node.updated,
        &node.version,
        node.kind as u8,
        front.weight,
        front.extra.get("featured").map(|v| v.to_string()),
        node.children.is_empty(),
    ));
    let key = |i: NodeId| keys.of[i].as_str();
    let list = |ids: &[NodeId]| ids.iter().map(|&i| key(i)).collect::<Vec<_>>();
    let targets: Vec<(&str, &str, bool)> = (graph.versions.targets(id).iter())
        .map(|t| (key(t.node), t.version.as_str(), t.exact))
        .collect();
    let category = keys.category[id].map(|c| &graph.faq_categories[c]);
    let place = hash((
        node.parent.map(key),
        list(&node.children),
        node.prev.map(key),
        node.next.map(key),
        list(&node.translations),
        targets,
        category.map(|c| c.url.as_str()),
    ));
    let owned = |i: Option<NodeId>| i.map(|i| keys.of[i].clone());
    Facts {
        shown,
        count: graph.article_counts[id],
        place,
        parent: owned(node.parent),
        prev: owned(node.prev),
        next: owned(node.next),
    }
}

/// What every page's navigation shows: each language's top-level sections.
fn nav(graph: &SiteGraph) -> u64 {
    let sections: Vec<(&str, &str)> = (graph.nodes.iter())
        .filter(|n| n.kind == Kind::Home)
        .flat_map(|home| home.children.iter().map(|&c| graph.node(c)))
        .filter(|n| n.kind == Kind::Section)
        .map(|n| (n.page.front.title.as_str(), n.url.as_str()))
        .collect();
    hash(sections)
}

fn redirects(graph: &SiteGraph) -> HashSet<(UrlPath, UrlPath, bool)> {
    (graph.redirects.iter())
        .map(|r| (r.from.clone(), r.to.clone(), r.permanent))
        .collect()
}

fn categories(graph: &SiteGraph, keys: &Keys) -> Vec<(UrlPath, Vec<String>)> {
    (graph.faq_categories.iter())
        .map(|c| (c.url.clone(), c.questions.iter().map(|&q| keys.of[q].clone()).collect()))
        .collect()
}

/// What to render again, and which outputs are gone.
pub(crate) struct Plan {
    pub selection: Selection,
    /// URLs of fallback copies and redirects the site no longer has.
    pub removed: Vec<UrlPath>,
}

/// The pages of `graph` (rebuilt after an edit) whose output may differ
/// from before: `own` are the nodes whose own page changed (edited, or a
/// body rendered again). Returns the graph's facts too, to compare the next
/// edit with. `None` when the edit needs the whole pipeline.
pub(crate) fn plan(
    before: &Snapshot,
    graph: &SiteGraph,
    bodies: &[Rendered],
    fallbacks: &BTreeMap<(NodeId, String), UrlPath>,
    own: &HashSet<NodeId>,
) -> Option<(Plan, Snapshot)> {
    let index = Keys::new(graph);
    let keys = &index.of;
    let kept = keys.iter().filter(|k| before.facts.contains_key(*k)).count();
    let moved = keys
        .iter()
        .enumerate()
        .any(|(id, k)| before.urls.get(k).is_some_and(|u| *u != graph.node(id).url));
    if kept != before.facts.len() || moved {
        return None; // a page left, or a URL changed: links and outputs move
    }
    if nav(graph) != before.nav {
        return None;
    }
    let now_categories = categories(graph, &index);
    let sorted = |c: &[(UrlPath, Vec<String>)]| {
        let mut urls: Vec<UrlPath> = c.iter().map(|(u, _)| u.clone()).collect();
        urls.sort();
        urls
    };
    if sorted(&now_categories) != sorted(&before.categories) {
        return None; // a category page came or went
    }
    let id_of = |k: &String| graph.by_source.get(k).copied();
    let mut s = Selection::default();
    for &id in own {
        s.nodes.insert(id);
    }
    let now_facts = all_facts(graph, bodies, &index);
    for (id, (k, now)) in keys.iter().zip(&now_facts).enumerate() {
        let then = before.facts.get(k);
        let node = graph.node(id);
        let (shown, place) = match then {
            None => (true, true),
            Some(f) => (f.shown != now.shown, f.place != now.place),
        };
        if then.map(|f| f.count) != Some(now.count) || shown {
            s.nodes.extend(node.parent);
            s.nodes.extend(then.and_then(|f| f.parent.as_ref()).and_then(id_of));
        }
        if shown {
            shown_elsewhere(graph, id, &mut s);
            let old_neighbours = then.into_iter().flat_map(|f| [&f.prev, &f.next]).flatten();
            s.nodes.extend(old_neighbours.filter_map(id_of));
        }
        if place || then.is_none() {
            s.nodes.insert(id);
            if graph.docs_root(id).is_some() {
                s.nodes.extend(subtree(graph, id));
                s.trees.extend(trees_holding(graph, id));
            }
        }
    }
    let then_categories: HashMap<&UrlPath, &Vec<String>> = before.categories.iter().map(|(u, q)| (u, q)).collect();
    let reordered = now_categories
        .iter()
        .map(|(u, _)| u)
        .ne(before.categories.iter().map(|(u, _)| u));
    for (url, questions) in &now_categories {
        let before_questions = then_categories.get(url).copied().cloned().unwrap_or_default();
        let Some(c) = graph.faq_categories.iter().find(|c| &c.url == url) else {
            continue;
        };
        if reordered {
            // Every FAQ page names every category of its language.
            s.categories.insert(url.clone());
            s.nodes.extend((0..graph.nodes.len()).filter(|&i| {
                let n = graph.node(i);
                n.section == Section::Faq && n.page.source.lang == c.lang
            }));
        } else if *questions != before_questions {
            s.categories.insert(url.clone());
            s.nodes
                .extend(questions.iter().chain(&before_questions).filter_map(id_of));
            s.nodes.extend(faq_listings(graph, &c.lang));
        }
    }
    for &id in own {
        s.categories.extend(graph.categories_of(id).map(|c| c.url.clone()));
    }
    // A docs root's contents page is its page with the whole tree.
    let roots: Vec<NodeId> = s
        .nodes
        .iter()
        .filter(|&&id| graph.docs_root(id) == Some(id))
        .copied()
        .collect();
    s.trees.extend(roots);
    let now_fallbacks: HashSet<(String, String)> = fallbacks
        .keys()
        .map(|(id, lang)| (keys[*id].clone(), lang.clone()))
        .collect();
    let mut removed: Vec<UrlPath> = (before.fallbacks.iter())
        .filter(|(k, _)| !now_fallbacks.contains(*k))
        .map(|(_, url)| url.clone())
        .collect();
    // New docs pages of the latest version get `/docs/latest/…` redirects.
    let now_redirects = redirects(graph);
    s.redirects = (now_redirects.difference(&before.redirects))
        .map(|(from, _, _)| from.clone())
        .collect();
    let kept: HashSet<&UrlPath> = now_redirects.iter().map(|(from, _, _)| from).collect();
    removed.extend(
        (before.redirects.iter())
            .map(|(from, _, _)| from)
            .filter(|from| !kept.contains(from))
            .cloned(),
    );
    let after = Snapshot::of(graph, &index, now_facts, fallbacks);
    Some((Plan { selection: s, removed }, after))
}

/// Selects the pages other than its own that show what listings show of `id`.
fn shown_elsewhere(graph: &SiteGraph, id: NodeId, s: &mut Selection) {
    let node = graph.node(id);
    s.nodes.extend(node.prev);
    s.nodes.extend(node.next);
    s.nodes.extend(subtree(graph, id)); // breadcrumbs
    if node.kind == Kind::Article {
        s.nodes.extend(graph.home(&node.page.source.lang)); // featured, recent
    }
    if node.section == Section::Faq {
        s.nodes.extend(faq_listings(graph, &node.page.source.lang));
        s.categories.extend(graph.categories_of(id).map(|c| c.url.clone()));
    }
    if let Some(root) = graph.docs_root(id) {
        // Sidebars show a page on every page below its parent; the root's
        // title names the contents link on all of them.
        let top = if id == root { Some(root) } else { node.parent };
        s.nodes.extend(top.into_iter().flat_map(|t| subtree(graph, t)));
        s.trees.extend(trees_holding(graph, id));
    }
}

/// The docs trees (contents pages, JSON trees) listing `id`: its version's,
/// and `docs/`'s, which holds every version.
fn trees_holding(graph: &SiteGraph, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
    (graph.ancestors(id).into_iter().chain([id])).filter(|&a| graph.docs_root(a) == Some(a))
}

/// FAQ pages that list every category's questions (all but the questions).
fn faq_listings<'g>(graph: &'g SiteGraph, lang: &'g str) -> impl Iterator<Item = NodeId> + 'g {
    (0..graph.nodes.len()).filter(move |&i| {
        let n = graph.node(i);
        n.section == Section::Faq && n.kind != Kind::Article && n.page.source.lang == lang
    })
}

/// `id` and every node below it.
fn subtree(graph: &SiteGraph, id: NodeId) -> Vec<NodeId> {
    let mut out = vec![id];
    let mut at = 0;
    while at < out.len() {
        out.extend(graph.node(out[at]).children.iter().copied());
        at += 1;
    }
    out
}
