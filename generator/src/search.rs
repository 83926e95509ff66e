//! The site's search index: which pages are searchable, what of them is
//! indexed, and where the index files go. The index itself (tokenizer,
//! shards, fragments) is the `portico-search` crate's; the browser side is
//! `portico-search.js` in the default theme.
//!
//! Searchable: every article and section page of a language, in that
//! language's index (`/search/<lang>/`), docs pages with their version.
//! Left out: language home pages (they only list other pages), redirects and
//! aliases, fallback copies of untranslated pages (the original is in its own
//! language's index, and the copy would only repeat it), and unreleased docs
//! versions (previews that are `noindex` for search engines too). Drafts are
//! searchable only in builds with `--drafts`, like everything else about them.

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::graph::{versions, Kind, NodeId, SiteGraph};
use crate::markdown::Rendered;
use crate::paths::OutputFile;
use crate::paths::OutputPath;
use portico_search::build::{build, Document};
use portico_search::manifest::{Version, VersionRank};
use rayon::prelude::*;

/// The wasm search runtime (`search/wasm`), committed built so that building
/// `portico` needs no wasm32 target; `scripts/search-runtime check` proves it
/// is what its source builds.
pub const RUNTIME_WASM: &[u8] = include_bytes!("../../search/wasm/dist/portico_search.wasm");

/// Where the runtime is published.
pub const RUNTIME_PATH: &str = "assets/portico-search.wasm";

/// Where a language's index is in the site: `search/<lang>`.
pub fn index_dir(lang: &str) -> String {
    format!("search/{lang}")
}

/// Every index file of the site, plus the runtime.
pub fn index_files(config: &Config, graph: &SiteGraph, bodies: &[Rendered]) -> Result<Vec<OutputFile>, Diagnostic> {
    let per_language: Vec<Result<Vec<OutputFile>, Diagnostic>> = config
        .languages
        .par_iter()
        .map(|lang| index_language(config, graph, bodies, &lang.code))
        .collect();
    let mut out = vec![OutputFile {
        path: OutputPath::new(RUNTIME_PATH),
        bytes: RUNTIME_WASM.to_vec(),
    }];
    for files in per_language {
        out.extend(files?);
    }
    Ok(out)
}

/// The index files of one language, under `search/<lang>/` (live preview
/// rebuilds only the language of an edited page).
pub fn index_language(
    config: &Config,
    graph: &SiteGraph,
    bodies: &[Rendered],
    lang: &str,
) -> Result<Vec<OutputFile>, Diagnostic> {
    let versions: Vec<Version> = config
        .docs
        .versions
        .iter()
        .filter(|v| !v.unreleased)
        .map(|v| Version {
            name: v.name.clone(),
            rank: if v.latest {
                VersionRank::Latest
            } else if v.archived {
                VersionRank::Archived
            } else {
                VersionRank::Older
            },
        })
        .collect();
    let docs = documents(config, graph, bodies, lang);
    let files = build(docs, &versions).map_err(|e| {
        Diagnostic::error(crate::config::CONFIG_FILE, format!("{e} (language {lang})"))
            .hint("this is a limit of the search index; please report it if your site needs more")
    })?;
    Ok(files
        .into_iter()
        .map(|f| OutputFile {
            path: OutputPath::new(format!("{}/{}", index_dir(lang), f.path)),
            bytes: f.bytes,
        })
        .collect())
}

/// What the same docs page in every version shares: the URL of its page in
/// the first declared version that has it (the order readers see them in).
fn family(config: &Config, graph: &SiteGraph, id: NodeId) -> String {
    let order = |version: &str| config.docs.versions.iter().position(|v| v.name == version);
    let own = graph.node(id).version.as_deref().and_then(order);
    let head = graph
        .versions
        .targets(id)
        .iter()
        .filter(|t| t.exact)
        .filter_map(|t| Some((order(&t.version)?, t.node)))
        .filter(|&(at, _)| own.is_none_or(|own| at < own))
        .min()
        .map_or(id, |(_, node)| node);
    graph.node(head).url.to_string()
}

/// The searchable pages of one language.
fn documents<'a>(config: &Config, graph: &SiteGraph, bodies: &'a [Rendered], lang: &str) -> Vec<Document<'a>> {
    (0..graph.nodes.len())
        .into_par_iter()
        .filter(|&id| {
            let node = graph.node(id);
            node.page.source.lang == lang && node.kind != Kind::Home && !versions::is_unreleased(config, graph, id)
        })
        .map(|id| {
            let node = graph.node(id);
            let front = &node.page.front;
            let version = node
                .version
                .as_ref()
                .and_then(|v| config.docs.versions.iter().find(|d| &d.name == v));
            Document {
                url: node.url.to_string(),
                title: front.title.clone(),
                description: front.description.clone().unwrap_or_default(),
                keywords: front.keywords.iter().chain(&front.tags).cloned().collect(),
                section: node.section.as_str().to_string(),
                version: node.version.clone(),
                version_label: version.map(|v| v.label.clone()).unwrap_or_default(),
                family: node.version.as_ref().map(|_| family(config, graph, id)),
                sections: std::borrow::Cow::Borrowed(&bodies[id].sections),
            }
        })
        .collect()
}
