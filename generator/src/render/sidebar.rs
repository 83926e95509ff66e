//! The docs sidebar, in three forms, so that no page's size grows with the
//! number of pages in its version (listing the whole tree on every page made
//! output, rendering and the accessibility check grow with pages × pages per
//! version):
//! - each page's own sidebar ([`local`]): the version's top-level entries,
//!   every group on the way to the page with a few neighbours of each step,
//!   the page marked current and its own entries; other groups are closed
//!   disclosures holding only their overview link, and long runs of
//!   neighbours end in a link to the contents page. It works without
//!   JavaScript and stays the same size whatever the version holds;
//! - the whole tree once per version and language ([`tree_json`],
//!   `/sidebar/<lang>/<version>.json`), which the theme's script swaps in
//!   (cached: one download per version, not per page);
//! - the contents page of the version ([`contents_html`]), the whole tree
//!   for readers without JavaScript.

use super::view::SidebarItem;
use super::Renderer;
use crate::graph::NodeId;
use crate::paths::{OutputFile, OutputPath};
use serde::Serialize;

/// The theme template rendering a tree: `items` (nested [`SidebarItem`]s),
/// `lang`, `contents_url` and `tree_url`.
pub const TEMPLATE: &str = "docs_sidebar.html";

/// Entries shown on each side of the way to the current page, per level
/// (the top level gets more: it is the version's table of contents).
const NEIGHBOURS: usize = 5;
const TOP_NEIGHBOURS: usize = 12;

/// Where a version tree's page of contents and its JSON tree are.
pub struct TreeUrls {
    pub contents: String,
    pub tree: String,
}

/// The URLs of the contents page and the JSON tree of the tree under `root`.
pub fn urls(r: &Renderer, root: NodeId) -> TreeUrls {
    let node = r.graph.node(root);
    let lang = &node.page.source.lang;
    let name = node.version.as_deref().unwrap_or("docs");
    TreeUrls {
        contents: r.graph.contents_url(root).to_string(),
        tree: format!("/{}", tree_path(lang, name).as_path().display()),
    }
}

fn tree_path(lang: &str, version: &str) -> OutputPath {
    OutputPath::new(format!("sidebar/{lang}/{version}.json"))
}

/// The partial listing a whole tree on its contents page: `items`.
pub const CONTENTS_TEMPLATE: &str = "docs_contents.html";

/// The sidebar of page `current` in the tree under `root`.
pub fn local(r: &Renderer, root: NodeId, current: NodeId) -> Result<String, tera::Error> {
    let mut path = r.graph.ancestors(current);
    path.push(current);
    let items = pruned(r, root, &path, current, TOP_NEIGHBOURS);
    render(r, root, &items, false)
}

/// The sidebar of the contents page of the tree under `root` (its link to
/// the contents page is the current entry).
pub fn local_contents(r: &Renderer, root: NodeId) -> Result<String, tera::Error> {
    let items = pruned(r, root, &[root], root, TOP_NEIGHBOURS);
    render(r, root, &items, true)
}

/// "All pages: <the tree's title>", the contents page's title and link text.
pub fn all_pages_title(r: &Renderer, root: NodeId) -> String {
    let node = r.graph.node(root);
    let title = node.page.front.title.clone();
    r.i18n
        .format(
            &node.page.source.lang,
            "docs_all_pages",
            None,
            &[("title", title.clone())],
        )
        .unwrap_or(title)
}

fn render(r: &Renderer, root: NodeId, items: &[SidebarItem], on_contents: bool) -> Result<String, tera::Error> {
    let urls = urls(r, root);
    let mut context = tera::Context::new();
    context.insert("items", items);
    context.insert("lang", &r.graph.node(root).page.source.lang);
    context.insert("contents_url", &urls.contents);
    context.insert("contents_title", &all_pages_title(r, root));
    context.insert("on_contents", &on_contents);
    context.insert("tree_url", &urls.tree);
    r.theme.tera.render(TEMPLATE, &context)
}

/// The whole tree under `root` as its contents page lists it.
pub fn contents_html(r: &Renderer, root: NodeId) -> Result<String, tera::Error> {
    let mut context = tera::Context::new();
    context.insert("items", &entries(r, root));
    context.insert("lang", &r.graph.node(root).page.source.lang);
    r.theme.tera.render(CONTENTS_TEMPLATE, &context)
}

/// The entries under `parent` on the page `current`, whose ancestors (and
/// itself) are `path`: entries on the path are open with their children;
/// the others closed, their children left out.
fn pruned(r: &Renderer, parent: NodeId, path: &[NodeId], current: NodeId, around: usize) -> Vec<SidebarItem> {
    let children = &r.graph.node(parent).children;
    let on_path = children.iter().position(|c| path.contains(c));
    // The window: `around` entries on each side of the path (from the start
    // when the path does not go through this level).
    let at = on_path.unwrap_or(0);
    let start = at.saturating_sub(around);
    let end = (at + around + 1).min(children.len());
    let mut items: Vec<SidebarItem> = Vec::with_capacity(end - start + 2);
    if start > 0 {
        items.push(SidebarItem::elided(start));
    }
    for &c in &children[start..end] {
        let node = r.graph.node(c);
        let open = path.contains(&c);
        items.push(SidebarItem {
            title: node.page.front.title.clone(),
            url: node.url.to_string(),
            current: c == current,
            open,
            group: !node.children.is_empty(),
            elided: 0,
            children: if open {
                pruned(r, c, path, current, NEIGHBOURS)
            } else {
                Vec::new()
            },
        });
    }
    if end < children.len() {
        items.push(SidebarItem::elided(children.len() - end));
    }
    items
}

/// One entry of the whole tree, as the JSON file and the contents page
/// have it: title, URL and children (omitted when none).
#[derive(Serialize)]
struct TreeEntry<'a> {
    t: &'a str,
    u: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    c: Vec<TreeEntry<'a>>,
}

fn entries<'a>(r: &Renderer<'a>, parent: NodeId) -> Vec<TreeEntry<'a>> {
    r.graph
        .node(parent)
        .children
        .iter()
        .map(|&c| {
            let node = r.graph.node(c);
            TreeEntry {
                t: &node.page.front.title,
                u: node.url.to_string(),
                c: entries(r, c),
            }
        })
        .collect()
}

/// The whole tree under `root` as the JSON file the theme's script reads.
pub fn tree_json(r: &Renderer, root: NodeId) -> OutputFile {
    let node = r.graph.node(root);
    let name = node.version.as_deref().unwrap_or("docs");
    OutputFile {
        path: tree_path(&node.page.source.lang, name),
        bytes: serde_json::to_vec(&entries(r, root)).unwrap_or_default(),
    }
}
