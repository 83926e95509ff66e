//! Rendering: markdown bodies first (in parallel), then every output page
//! through its template (in parallel). Both are pure functions of the graph.

mod docs;
mod faq;
mod pages;
mod sidebar;
pub(crate) mod support;
pub mod view;

use crate::config::{Config, MissingTranslation, TextDirection};
use crate::graph::{NodeId, SiteGraph};
use crate::i18n::{I18n, LangLabels};
use crate::markdown::{self, Rendered};
use crate::paths::UrlPath;
use crate::theme::Theme;
use chrono::NaiveDate;
use rayon::prelude::*;
use std::collections::BTreeMap;
use view::{BrandView, DateView, LanguageView, SiteView};

pub use pages::{render_pages, render_selected, Selection};

/// Renders every node's markdown body; index `i` belongs to node `i`.
pub fn markdown_all(graph: &SiteGraph, i18n: &I18n) -> Vec<Rendered> {
    (0..graph.nodes.len())
        .into_par_iter()
        .map(|id| markdown_one(graph, i18n, id))
        .collect()
}

/// Renders one node's markdown body, with the source markers the
/// accessibility check reads.
pub fn markdown_one(graph: &SiteGraph, i18n: &I18n, id: NodeId) -> Rendered {
    let node = graph.node(id);
    let resolver = crate::links::PageResolver::new(graph, id);
    let labels = LangLabels {
        i18n,
        lang: &node.page.source.lang,
    };
    let mut rendered = markdown::render(&node.page.body, node.page.body_line, id, &resolver, &labels);
    // Every body stays in memory until the build ends; a string grown by
    // pushing holds up to twice its length.
    rendered.html.shrink_to_fit();
    for s in &mut rendered.sections {
        s.text.shrink_to_fit();
    }
    rendered
}

/// Everything a render needs, borrowed once.
pub struct Renderer<'a> {
    pub config: &'a Config,
    pub graph: &'a SiteGraph,
    pub bodies: &'a [Rendered],
    pub theme: &'a Theme,
    pub i18n: &'a I18n,
    pub site: SiteView,
    /// With `missing_translation: fallback`: (default-language page, language
    /// lacking it) → the URL of its fallback copy.
    pub fallbacks: BTreeMap<(NodeId, String), UrlPath>,
}

impl<'a> Renderer<'a> {
    pub fn new(
        config: &'a Config,
        graph: &'a SiteGraph,
        bodies: &'a [Rendered],
        theme: &'a Theme,
        i18n: &'a I18n,
    ) -> Self {
        let site = SiteView {
            title: config.title.clone(),
            description: config.description.clone(),
            base_url: config.base_url.trim_end_matches('/').to_string(),
            default_language: config.default_language.clone(),
            languages: config
                .languages
                .iter()
                .map(|l| LanguageView {
                    code: l.code.clone(),
                    name: l.name.clone(),
                    dir: dir_attr(l.direction()),
                    home: format!("/{}/", l.code),
                })
                .collect(),
            brand: BrandView {
                name: if config.brand.name.is_empty() {
                    config.title.clone()
                } else {
                    config.brand.name.clone()
                },
                logo: config.brand.logo.clone(),
                show_name: config.brand.show_name.unwrap_or(true),
                logo_alt: config
                    .brand
                    .logo_alt
                    .clone()
                    .unwrap_or_else(|| config.brand.name.clone()),
                favicon: config.brand.favicon.clone(),
            },
            stylesheets: vec![
                "/assets/portico.css".into(),
                "/assets/highlight.css".into(),
                "/assets/brand.css".into(),
            ],
            search_misses: config.search.report_misses,
        };
        Renderer {
            fallbacks: fallbacks(config, graph),
            config,
            graph,
            bodies,
            theme,
            i18n,
            site,
        }
    }

    pub fn date(&self, lang: &str, date: Option<NaiveDate>) -> Option<DateView> {
        let date = date?;
        let configured = self.config.language(lang).and_then(|l| l.date_format.as_deref());
        let format = configured
            .or_else(|| self.i18n.get(lang, "date_format"))
            .unwrap_or("%Y-%m-%d");
        // An invalid pattern (from i18n files, which are not validated like
        // portico.yaml) would make `to_string` panic; show the ISO date then.
        let format = if crate::config::valid_date_format(format) {
            format
        } else {
            "%Y-%m-%d"
        };
        Some(DateView {
            iso: date.format("%Y-%m-%d").to_string(),
            display: date.format(format).to_string(),
        })
    }

    pub fn direction(&self, lang: &str) -> &'static str {
        self.config.language(lang).map_or("ltr", |l| dir_attr(l.direction()))
    }

    pub fn body(&self, id: NodeId) -> &Rendered {
        &self.bodies[id]
    }
}

/// Where each untranslated default-language page gets a copy, when so
/// configured: its URL with the language prefix swapped (`/en/x/` → `/ja/x/`),
/// unless that URL is taken.
pub(crate) fn fallbacks(config: &Config, graph: &SiteGraph) -> BTreeMap<(NodeId, String), UrlPath> {
    let mut out = BTreeMap::new();
    if config.missing_translation != MissingTranslation::Fallback {
        return out;
    }
    let default = &config.default_language;
    for (id, node) in graph.nodes.iter().enumerate() {
        if &node.page.source.lang != default || node.page.source.is_generated() {
            continue;
        }
        for l in config.languages.iter().filter(|l| &l.code != default) {
            let translated = node
                .translations
                .iter()
                .any(|&t| graph.node(t).page.source.lang == l.code);
            if translated {
                continue;
            }
            let mut segments: Vec<&str> = node.url.segments().collect();
            if segments.first() == Some(&default.as_str()) {
                segments.remove(0);
            }
            segments.insert(0, &l.code);
            let url = UrlPath::from_segments(&segments);
            if !graph.serves(&url) {
                out.insert((id, l.code.clone()), url);
            }
        }
    }
    out
}

fn dir_attr(d: TextDirection) -> &'static str {
    match d {
        TextDirection::Ltr => "ltr",
        TextDirection::Rtl => "rtl",
    }
}

/// JSON for a `<script type="application/ld+json">` block: `</` is escaped so
/// text in the data cannot close the script element.
pub fn json_ld(value: &serde_json::Value) -> String {
    value.to_string().replace("</", "<\\/")
}
