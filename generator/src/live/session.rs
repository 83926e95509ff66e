//! A live preview's build: the site kept in memory between edits, so a
//! change rebuilds only what it touches.
//!
//! Three ways, cheapest first:
//! - a body edit that changes nothing readers see of the page elsewhere
//!   (description fallback, heading ids): that node's markdown is rendered
//!   again, and only the pages that show its body (its page, its fallback
//!   copies, FAQ category pages) are re-rendered and re-checked;
//! - a front matter edit or a new page: the graph is rebuilt around the
//!   bodies it already has (a body is rendered again only when its text or
//!   where its links point changed), and only the pages showing something
//!   that changed are rendered again (`affected`);
//! - anything else (a deleted page, a changed URL, templates, UI strings,
//!   config, static files) runs the whole pipeline.
//!
//! Either way a language's search index follows when the writer pauses, and
//! the files are the same bytes a full `portico build` writes (tests/live.rs
//! checks it).

use super::affected;
use crate::diagnostics::Diagnostics;
use crate::graph::{key_of, NodeId};
use crate::markdown::Rendered;
use crate::paths::OutputFile;
use crate::pipeline::{self, SiteState};
use crate::render::{self, Renderer, Selection};
use crate::{content, BuildOptions};
use axum::body::Bytes;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

/// The files a live preview serves, by output path (`en/guides/x/index.html`).
#[derive(Default)]
pub struct SiteFiles {
    pub generated: HashMap<PathBuf, Bytes>,
    /// Published as they are: output path → source file.
    pub copies: HashMap<PathBuf, PathBuf>,
}

/// What one rebuild changed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Update {
    /// Output paths whose bytes changed, appeared or disappeared.
    pub changed: Vec<PathBuf>,
    /// Whether only the fast path ran.
    pub incremental: bool,
}

impl Update {
    /// Only stylesheets changed: pages can swap them without reloading.
    pub fn css_only(&self) -> bool {
        !self.changed.is_empty() && self.changed.iter().all(|p| p.extension().is_some_and(|e| e == "css"))
    }
}

/// The site of one live preview.
pub struct Session {
    opts: BuildOptions,
    site: Option<SiteState>,
    files: Arc<RwLock<SiteFiles>>,
    /// Languages whose search index misses fast-path edits.
    stale_search: BTreeSet<String>,
    /// What the pages of `site` show of each other, kept from the last
    /// graph edit for the next (worked out again after a whole rebuild).
    facts: Option<affected::Snapshot>,
}

impl Session {
    pub fn new(opts: BuildOptions) -> Session {
        Session {
            opts,
            site: None,
            files: Arc::default(),
            stale_search: BTreeSet::new(),
            facts: None,
        }
    }

    /// The files being served, shared with the server.
    pub fn files(&self) -> Arc<RwLock<SiteFiles>> {
        self.files.clone()
    }

    /// Runs the whole pipeline. On errors the previous files stay.
    pub fn rebuild(&mut self) -> Result<Update, Diagnostics> {
        let pipeline::Run { compiled, mut sites } = pipeline::run(&self.opts, &|_| {}, pipeline::Destination::Memory)?;
        let mut next = SiteFiles::default();
        for f in compiled.output.files {
            next.generated
                .insert(f.path.as_path().to_path_buf(), Bytes::from(f.bytes));
        }
        for (src, dest) in compiled.output.copies {
            next.copies.insert(dest.as_path().to_path_buf(), src);
        }
        let changed = {
            let mut files = self.files.write().unwrap_or_else(|e| e.into_inner());
            let changed = diff(&files, &next);
            *files = next;
            changed
        };
        // Brands are served one at a time, so there is one site.
        self.site = (sites.len() == 1).then(|| sites.remove(0));
        self.stale_search.clear();
        self.facts = None;
        Ok(Update {
            changed,
            incremental: false,
        })
    }

    /// Rebuilds after `paths` (absolute) changed on disk: the fast path when
    /// it applies, else the whole pipeline.
    pub fn apply(&mut self, paths: &[PathBuf]) -> Result<Update, Diagnostics> {
        let paths: Vec<PathBuf> = paths
            .iter()
            .map(|p| self.as_source_path(p))
            .filter(|p| !self.is_litter(p))
            .collect();
        if paths.is_empty() {
            return Ok(Update::default());
        }
        let tried = match self.try_fast(&paths) {
            None => self.try_graph(&paths),
            done => done,
        };
        match tried {
            Some(Ok(update)) => Ok(update),
            Some(Err(problems)) => {
                // The kept state may be half-updated: the next change rebuilds all.
                self.site = None;
                Err(problems)
            }
            None => self.rebuild(),
        }
    }

    /// Whether fast-path edits are not in the search index yet.
    pub fn search_is_stale(&self) -> bool {
        !self.stale_search.is_empty()
    }

    /// Rebuilds the search index of the languages fast-path edits touched:
    /// it costs a whole language's index, so the watcher runs it when the
    /// writer pauses rather than before the page reloads.
    pub fn catch_up_search(&mut self) -> Result<Update, Diagnostics> {
        let Some(site) = &self.site else {
            return Ok(Update::default());
        };
        let mut changed = Vec::new();
        for lang in std::mem::take(&mut self.stale_search) {
            let index = crate::search::index_language(&site.config, &site.graph, &site.bodies, &lang)
                .map_err(|d| Diagnostics::from_iter([d]))?;
            let dir = PathBuf::from(crate::search::index_dir(&lang));
            let fresh: HashMap<PathBuf, Bytes> = index
                .into_iter()
                .map(|f| (f.path.as_path().to_path_buf(), Bytes::from(f.bytes)))
                .collect();
            let mut shared = self.files.write().unwrap_or_else(|e| e.into_inner());
            shared.generated.retain(|path, _| {
                let gone = path.starts_with(&dir) && !fresh.contains_key(path);
                if gone {
                    changed.push(path.clone());
                }
                !gone
            });
            for (path, bytes) in fresh {
                replace(&mut shared, path, bytes, &mut changed);
            }
        }
        changed.sort();
        Ok(Update {
            changed,
            incremental: true,
        })
    }

    /// A watcher's (canonical) path in the form the sources use: the site
    /// root as given, joined with the path inside it.
    fn as_source_path(&self, path: &Path) -> PathBuf {
        let root = self.opts.root.canonicalize().unwrap_or_else(|_| self.opts.root.clone());
        match path.strip_prefix(&root) {
            Ok(rel) => self.opts.root.join(rel),
            Err(_) => path.to_path_buf(),
        }
    }

    /// A file under `content/` that is gone and was never a page or asset:
    /// an editor's temporary file from an atomic save (written, then renamed
    /// over the page).
    fn is_litter(&self, path: &Path) -> bool {
        let Some(site) = &self.site else { return false };
        path.starts_with(self.opts.root.join("content"))
            && !path.exists()
            && !site.graph.nodes.iter().any(|n| n.page.source.abs == path)
            && !site.graph.assets.iter().any(|a| a.abs == path)
    }

    /// `None` when the change needs the whole pipeline.
    fn try_fast(&mut self, paths: &[PathBuf]) -> Option<Result<Update, Diagnostics>> {
        let site = self.site.as_mut()?;
        let mut edited = Vec::new();
        for path in paths {
            if !path.is_file() {
                return None; // deleted, or a folder: lists and links change
            }
            let id = site.graph.nodes.iter().position(|n| n.page.source.abs == *path)?;
            edited.push(id);
        }
        edited.sort_unstable();
        edited.dedup();
        let mut problems = Diagnostics::new();
        let mut staged: Vec<(NodeId, String, Rendered)> = Vec::new();
        for &id in &edited {
            let source = site.graph.node(id).page.source.clone();
            let (pages, found) = content::load(std::slice::from_ref(&source), self.opts.drafts);
            if found.has_errors() {
                return Some(Err(found));
            }
            problems.extend(found);
            let page = pages.into_iter().next()?;
            let node = site.graph.node(id);
            if page.front_text != node.page.front_text || page.body_line != node.page.body_line {
                return None;
            }
            // The new text is in the graph only while its body renders: a
            // change that goes the other ways leaves the graph as it was.
            let before = std::mem::replace(&mut site.graph.nodes[id].page.body, page.body);
            let body = render::markdown_one(&site.graph, &site.i18n, id);
            let text = std::mem::replace(&mut site.graph.nodes[id].page.body, before);
            let old = &site.bodies[id];
            if node_description_changes(&site.graph, id, old, &body) || body.ids != old.ids {
                return None;
            }
            staged.push((id, text, body));
        }
        for (id, text, body) in staged {
            site.graph.nodes[id].page.body = text;
            site.bodies[id] = body;
        }
        Some(self.render_fast(&edited, problems))
    }

    /// Re-renders, checks and publishes the pages showing the bodies of
    /// `edited` nodes.
    fn render_fast(&mut self, edited: &[NodeId], mut problems: Diagnostics) -> Result<Update, Diagnostics> {
        let site = self.site.as_ref().expect("the fast path runs on a built site");
        let selection = Selection {
            nodes: edited.iter().copied().collect(),
            categories: (edited.iter())
                .flat_map(|&id| site.graph.categories_of(id))
                .map(|c| c.url.clone())
                .collect(),
            ..Selection::default()
        };
        problems.extend(crate::links::check_nodes(&site.graph, &site.bodies, edited));
        self.publish_selected(&selection, Vec::new(), Vec::new(), &[], problems)
    }

    /// `None` when the change is not front matter edits and new pages (see
    /// `affected` for the rest that needs the whole pipeline).
    fn try_graph(&mut self, paths: &[PathBuf]) -> Option<Result<Update, Diagnostics>> {
        let site = self.site.as_ref()?;
        if !site.config.brands.is_empty() {
            return None; // pages are picked per brand
        }
        let mut sources = Vec::new();
        for path in paths {
            if !path.is_file() {
                return None;
            }
            match site.graph.nodes.iter().find(|n| n.page.source.abs == *path) {
                Some(node) => sources.push(node.page.source.clone()),
                None => sources.push(content::page_source(&self.opts.root, &site.config, path)?),
            }
        }
        let (pages, found) = content::load(&sources, self.opts.drafts);
        if found.has_errors() {
            return Some(Err(found));
        }
        if pages.len() != sources.len() {
            return None; // a page became a draft: it leaves the site
        }
        let mut site = self.site.take()?;
        let before = self.facts.take().unwrap_or_else(|| {
            let fallbacks = render::fallbacks(&site.config, &site.graph);
            affected::Snapshot::take(&site.graph, &site.bodies, &fallbacks)
        });
        let mut edited: HashMap<String, content::Page> = (pages.into_iter()).map(|p| (key_of(&p.source), p)).collect();
        let edited_keys: HashSet<String> = edited.keys().cloned().collect();
        // Only a new page can make a link elsewhere resolve differently (a
        // changed URL takes the whole pipeline).
        let new_pages = edited_keys.iter().any(|k| !before.knows(k));
        let mut old_ids: HashMap<String, Vec<String>> = HashMap::new();
        let mut kept: HashMap<String, (NodeId, Rendered)> = HashMap::with_capacity(site.bodies.len());
        let mut all_pages = Vec::with_capacity(site.bodies.len() + edited.len());
        let old = std::mem::take(&mut site.graph);
        for (id, (node, body)) in old.nodes.into_iter().zip(std::mem::take(&mut site.bodies)).enumerate() {
            let key = key_of(&node.page.source);
            match edited.remove(&key) {
                Some(page) => {
                    if page.body == node.page.body && page.body_line == node.page.body_line {
                        kept.insert(key, (id, body));
                    } else {
                        old_ids.insert(key, body.ids);
                    }
                    all_pages.push(page);
                }
                None => {
                    kept.insert(key, (id, body));
                    // Folders without `_index.md` get theirs made again.
                    if !node.page.source.is_generated() {
                        all_pages.push(node.page);
                    }
                }
            }
        }
        all_pages.extend(edited.into_values());
        let (graph, bodies, fresh, problems) = pipeline::reread_pages(
            &site.config,
            &site.i18n,
            all_pages,
            old.assets,
            &site.dates,
            kept,
            new_pages,
        );
        if problems.has_errors() {
            return Some(Err(problems.sorted()));
        }
        let key_of = |id: NodeId| key_of(&graph.node(id).page.source);
        // Links elsewhere to a page's headings were checked against its ids.
        if fresh
            .iter()
            .any(|&id| old_ids.get(&key_of(id)).is_some_and(|ids| *ids != bodies[id].ids))
        {
            return None;
        }
        let mut own: HashSet<NodeId> = fresh.iter().copied().collect();
        own.extend((0..graph.nodes.len()).filter(|&id| edited_keys.contains(&key_of(id))));
        let fallbacks = render::fallbacks(&site.config, &graph);
        let (plan, after) = affected::plan(&before, &graph, &bodies, &fallbacks, &own)?;
        {
            // A new page where a file is served already: the whole build says whose.
            let files = self.files.read().unwrap_or_else(|e| e.into_inner());
            let taken = |id: NodeId| {
                let path = graph.node(id).url.output_path().as_path().to_path_buf();
                files.generated.contains_key(&path) || files.copies.contains_key(&path)
            };
            if (0..graph.nodes.len()).any(|id| !before.knows(&key_of(id)) && taken(id)) {
                return None;
            }
        }
        let langs: Vec<String> = own.iter().map(|&id| graph.node(id).page.source.lang.clone()).collect();
        site.graph = graph;
        site.bodies = bodies;
        self.site = Some(site);
        self.facts = Some(after);
        let site = self.site.as_ref()?;
        let removed: Vec<PathBuf> = (plan.removed.iter())
            .map(|u| u.output_path().as_path().to_path_buf())
            .collect();
        // The sitemap and redirects files list every page.
        let site_files = crate::site_files::all(&site.config, &site.graph);
        Some(self.publish_selected(&plan.selection, site_files, removed, &langs, problems))
    }

    /// Renders, checks and publishes the pages of `selection` (and `more`
    /// files made elsewhere), removes the outputs of `removed`, and marks the
    /// search index of `langs` and of the rendered pages as behind.
    fn publish_selected(
        &mut self,
        selection: &Selection,
        more: Vec<OutputFile>,
        removed: Vec<PathBuf>,
        langs: &[String],
        mut problems: Diagnostics,
    ) -> Result<Update, Diagnostics> {
        let site = self.site.as_ref().expect("pages are published from a built site");
        let renderer = Renderer::new(&site.config, &site.graph, &site.bodies, &site.theme, &site.i18n);
        let (mut files, found) = render::render_selected(&renderer, selection);
        problems.extend(found);
        drop(renderer);
        files.extend(more);
        let (found, files) =
            pipeline::check_and_publish(self.opts.a11y, &site.config, &site.graph, &site.bodies, files);
        problems.extend(found);
        if problems.has_errors() {
            return Err(problems.sorted());
        }
        // The search index follows when the writer pauses (`catch_up_search`).
        self.stale_search.extend(langs.iter().cloned());
        self.stale_search.extend(
            selection
                .nodes
                .iter()
                .map(|&id| site.graph.node(id).page.source.lang.clone()),
        );
        let mut shared = self.files.write().unwrap_or_else(|e| e.into_inner());
        let mut changed = Vec::new();
        for path in removed {
            if shared.generated.remove(&path).is_some() {
                changed.push(path);
            }
        }
        for f in files {
            let bytes = Bytes::from(f.bytes);
            replace(&mut shared, f.path.as_path().to_path_buf(), bytes, &mut changed);
        }
        changed.sort();
        Ok(Update {
            changed,
            incremental: true,
        })
    }
}

/// Serves `bytes` at `path`, noting it in `changed` if they differ.
fn replace(files: &mut SiteFiles, path: PathBuf, bytes: Bytes, changed: &mut Vec<PathBuf>) {
    if files.generated.get(&path) != Some(&bytes) {
        changed.push(path.clone());
        files.generated.insert(path, bytes);
    }
}

/// Whether lists elsewhere show a different description of `id` now: they
/// fall back to the first paragraph when front matter has no description.
fn node_description_changes(
    graph: &crate::graph::SiteGraph,
    id: NodeId,
    old: &crate::markdown::Rendered,
    new: &crate::markdown::Rendered,
) -> bool {
    graph.node(id).page.front.description.is_none() && old.summary != new.summary
}

/// Output paths that differ between two sets of files, sorted.
fn diff(old: &SiteFiles, new: &SiteFiles) -> Vec<PathBuf> {
    let mut changed: Vec<PathBuf> = new
        .generated
        .iter()
        .filter(|(p, b)| old.generated.get(*p) != Some(b))
        .map(|(p, _)| p.clone())
        .chain(
            old.generated
                .keys()
                .filter(|p| !new.generated.contains_key(*p))
                .cloned(),
        )
        .chain(
            new.copies
                .iter()
                .filter(|(p, src)| old.copies.get(*p) != Some(src))
                .map(|(p, _)| p.clone()),
        )
        .chain(old.copies.keys().filter(|p| !new.copies.contains_key(*p)).cloned())
        .collect();
    changed.sort();
    changed.dedup();
    changed
}

/// The output path a URL path is served from, if the site has it:
/// `/en/x/` → `en/x/index.html`.
pub fn output_path_of(url: &str) -> PathBuf {
    let rel = url.trim_start_matches('/');
    if rel.is_empty() || rel.ends_with('/') {
        Path::new(rel).join("index.html")
    } else {
        PathBuf::from(rel)
    }
}
