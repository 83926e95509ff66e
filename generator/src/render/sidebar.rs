//! The docs sidebar, rendered by the theme once per version tree rather than
//! once per page.
//!
//! A version's tree is the same on every page of the version except for the
//! current entry (`aria-current`) and the groups leading to it (`open`).
//! Rendering the whole tree through tera on each page made the sidebar grow
//! with pages × pages per version: most of a 10,000-page build. So
//! `docs_sidebar.html` renders each tree three times, with every entry
//! closed, every entry open and every entry current; where the last two
//! differ from the first locates each entry's `open` and `current` text (an
//! entry's URL is a sentinel in those renders, so each difference can be
//! pinned to its entry). A page's sidebar is then the closed render with its
//! own entries' differences spliced in. Two pages of every tree are also
//! rendered the slow way and compared: a theme whose sidebar the splice
//! cannot reproduce keeps the per-page render, just slower.

use super::view::SidebarItem;
use super::Renderer;
use crate::graph::NodeId;
use std::collections::HashMap;
use std::sync::OnceLock;

/// The theme template rendering one tree: `items` (nested [`SidebarItem`]s) and `lang`.
pub const TEMPLATE: &str = "docs_sidebar.html";

/// Every docs tree's sidebar, prepared for splicing the first time a page of
/// the tree asks; keyed by the tree's root. Without `splice` (live preview
/// re-rendering a page or two) every sidebar is rendered the plain way, which
/// is cheaper for one page than preparing its tree.
#[derive(Default)]
pub struct Sidebars {
    trees: HashMap<NodeId, OnceLock<Option<Tree>>>,
    splice: bool,
}

/// One tree's closed render and, per entry, what it gains when open or current.
struct Tree {
    closed: String,
    open: HashMap<NodeId, Vec<Mark>>,
    current: HashMap<NodeId, Vec<Mark>>,
}

/// Text to insert into the closed render: at a byte position, ordered by
/// `rank` among insertions at the same position.
struct Mark {
    at: usize,
    rank: u8,
    text: String,
}

/// An entry's state on one page.
#[derive(Clone, Copy, PartialEq)]
enum State {
    Closed,
    Open,
    Current,
}

impl Sidebars {
    /// Sidebars that splice: for rendering many pages.
    pub fn spliced(r: &Renderer) -> Sidebars {
        let trees = (0..r.graph.nodes.len())
            .filter_map(|id| r.graph.docs_root(id))
            .map(|root| (root, OnceLock::new()))
            .collect();
        Sidebars { trees, splice: true }
    }

    /// The sidebar of page `current` in the tree under `root`.
    pub fn html(&self, r: &Renderer, root: NodeId, current: NodeId) -> Result<String, tera::Error> {
        let tree = match self.trees.get(&root) {
            Some(cell) if self.splice => cell.get_or_init(|| Tree::prepare(r, root)).as_ref(),
            _ => None,
        };
        match tree {
            Some(tree) => Ok(tree.splice(r, current)),
            None => render(r, root, &|id| state(r, id, current)),
        }
    }
}

impl Tree {
    fn prepare(r: &Renderer, root: NodeId) -> Option<Tree> {
        let mut ids = Vec::new();
        collect(r, root, &mut ids);
        let sentinel = |id: NodeId| format!("\u{E000}{id}\u{E001}");
        let with = |s: State| render_with(r, root, &|_| s, &sentinel).ok();
        let (closed, open, current) = (with(State::Closed)?, with(State::Open)?, with(State::Current)?);
        let spots = sentinels(&closed)?;
        let mut tree = Tree {
            closed: String::new(),
            open: HashMap::new(),
            current: HashMap::new(),
        };
        // An `open` difference belongs to the first entry after it (the group's
        // element opens before its content), a `current` one to the last entry
        // before it (the link's attributes follow its URL). Current entries are
        // open too, so `current` is compared with the all-open render and its
        // positions moved back over the `open` insertions.
        let opened = insertions(&closed, &open)?;
        for (at, text) in &opened {
            let owner = spots.iter().find(|s| s.0 >= *at)?;
            tree.open.entry(owner.2).or_default().push(Mark {
                at: *at,
                rank: 1,
                text: text.clone(),
            });
        }
        for (at, text) in insertions(&open, &current)? {
            let mut back = 0;
            let mut rank = 2;
            for (o, t) in &opened {
                let start = o + back;
                if at <= start {
                    rank = if at == start { 0 } else { 2 };
                    break;
                }
                if at < start + t.len() {
                    return None;
                }
                back += t.len();
            }
            let at = at - back;
            let owner = spots.iter().rev().find(|s| s.1 <= at)?;
            tree.current.entry(owner.2).or_default().push(Mark { at, rank, text });
        }
        if [&tree.open, &tree.current].iter().any(|m| {
            m.values()
                .flatten()
                .any(|k| spots.iter().any(|s| s.0 < k.at && k.at < s.1))
        }) {
            return None;
        }
        // Sentinels become the real (escaped) URLs, moving later positions along.
        let mut out = String::with_capacity(closed.len());
        let mut last = 0;
        let mut shifts = Vec::new();
        for &(start, end, id) in &spots {
            out.push_str(&closed[last..start]);
            out.push_str(&crate::markdown::escape(&r.graph.node(id).url.to_string()));
            last = end;
            shifts.push((end, out.len() as isize - end as isize));
        }
        out.push_str(&closed[last..]);
        let moved = |at: usize| {
            let shift = shifts.iter().rev().find(|s| s.0 <= at).map_or(0, |s| s.1);
            (at as isize + shift) as usize
        };
        for marks in [&mut tree.open, &mut tree.current] {
            for list in marks.values_mut() {
                for mark in list.iter_mut() {
                    mark.at = moved(mark.at);
                }
            }
        }
        tree.closed = out;
        // Check the splice against the theme's own render on a deep leaf and its group.
        let leaf = *ids
            .iter()
            .max_by_key(|&&id| (r.graph.ancestors(id).len(), std::cmp::Reverse(id)))?;
        let checks = [Some(leaf), r.graph.node(leaf).parent.filter(|p| ids.contains(p))];
        for page in checks.into_iter().flatten() {
            let slow = render(r, root, &|id| state(r, id, page)).ok()?;
            if tree.splice(r, page) != slow {
                return None;
            }
        }
        Some(tree)
    }

    fn splice(&self, r: &Renderer, current: NodeId) -> String {
        let mut marks: Vec<&Mark> = self.current.get(&current).into_iter().flatten().collect();
        let mut up = Some(current);
        while let Some(id) = up {
            marks.extend(self.open.get(&id).into_iter().flatten());
            up = r.graph.node(id).parent;
        }
        marks.sort_by_key(|m| (m.at, m.rank));
        let extra: usize = marks.iter().map(|m| m.text.len()).sum();
        let mut out = String::with_capacity(self.closed.len() + extra);
        let mut last = 0;
        for m in marks {
            out.push_str(&self.closed[last..m.at]);
            out.push_str(&m.text);
            last = m.at;
        }
        out.push_str(&self.closed[last..]);
        out
    }
}

/// An entry's state when `current` is the page shown.
fn state(r: &Renderer, id: NodeId, current: NodeId) -> State {
    if id == current {
        return State::Current;
    }
    let mut up = r.graph.node(current).parent;
    while let Some(p) = up {
        if p == id {
            return State::Open;
        }
        up = r.graph.node(p).parent;
    }
    State::Closed
}

fn render(r: &Renderer, root: NodeId, state: &dyn Fn(NodeId) -> State) -> Result<String, tera::Error> {
    render_with(r, root, state, &|id| r.graph.node(id).url.to_string())
}

fn render_with(
    r: &Renderer,
    root: NodeId,
    state: &dyn Fn(NodeId) -> State,
    url: &dyn Fn(NodeId) -> String,
) -> Result<String, tera::Error> {
    let mut context = tera::Context::new();
    context.insert("items", &items(r, root, state, url));
    context.insert("lang", &r.graph.node(root).page.source.lang);
    r.theme.tera.render(TEMPLATE, &context)
}

fn items(
    r: &Renderer,
    parent: NodeId,
    state: &dyn Fn(NodeId) -> State,
    url: &dyn Fn(NodeId) -> String,
) -> Vec<SidebarItem> {
    r.graph
        .node(parent)
        .children
        .iter()
        .map(|&c| {
            let s = state(c);
            SidebarItem {
                title: r.graph.node(c).page.front.title.clone(),
                url: url(c),
                current: s == State::Current,
                open: s != State::Closed,
                children: items(r, c, state, url),
            }
        })
        .collect()
}

fn collect(r: &Renderer, parent: NodeId, out: &mut Vec<NodeId>) {
    for &c in &r.graph.node(parent).children {
        out.push(c);
        collect(r, c, out);
    }
}

/// Every sentinel in `html`: (start, end, entry), in order; `None` if a
/// sentinel is malformed (the theme altered the URL).
fn sentinels(html: &str) -> Option<Vec<(usize, usize, NodeId)>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(start) = html[from..].find('\u{E000}').map(|i| i + from) {
        let len = html[start..].find('\u{E001}')?;
        let id = html[start + '\u{E000}'.len_utf8()..start + len].parse().ok()?;
        let end = start + len + '\u{E001}'.len_utf8();
        out.push((start, end, id));
        from = end;
    }
    Some(out)
}

/// `b` as `a` with text inserted: (position in `a`, text) for each
/// insertion, or `None` if `b` is not that.
fn insertions(a: &str, b: &str) -> Option<Vec<(usize, String)>> {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    loop {
        while i < x.len() && j < y.len() && x[i] == y[j] {
            i += 1;
            j += 1;
        }
        if i == x.len() {
            if j < y.len() {
                out.push((i, b.get(j..)?.to_string()));
            }
            return Some(out);
        }
        // The shortest insertion after which the texts agree again.
        let probe = &x[i..(i + 32).min(x.len())];
        let k = (1..=(y.len() - j).min(512)).find(|&k| y[j + k..].starts_with(probe))?;
        if !a.is_char_boundary(i) {
            return None;
        }
        out.push((i, b.get(j..j + k)?.to_string()));
        j += k;
    }
}

#[cfg(test)]
mod tests {
    use super::insertions;

    #[test]
    fn insertions_are_found_where_the_texts_part() {
        let a = r#"<details><summary>A</summary><a href="x">A</a></details>"#;
        let b = r#"<details open><summary>A</summary><a href="x" aria-current="page">A</a></details>"#;
        assert_eq!(
            insertions(a, b).unwrap(),
            vec![(8, " open".to_string()), (40, r#" aria-current="page""#.to_string())]
        );
        assert_eq!(insertions("abc", "abcd").unwrap(), vec![(3, "d".to_string())]);
        assert_eq!(insertions("abc", "ab"), None, "a removal is not an insertion");
    }
}
