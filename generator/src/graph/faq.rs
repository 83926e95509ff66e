//! FAQ categories: every question under `faq/` names its `category`; each
//! category gets a page per language listing its questions with answers.

use super::{Kind, NodeId, SiteGraph};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::slugify;
use crate::paths::UrlPath;
use std::collections::BTreeMap;

#[derive(Debug, Clone)]
pub struct FaqCategory {
    pub lang: String,
    pub name: String,
    pub url: UrlPath,
    /// Questions in reading order.
    pub questions: Vec<NodeId>,
}

pub(super) fn categories(graph: &SiteGraph) -> (Vec<FaqCategory>, Diagnostics) {
    let mut problems = Diagnostics::new();
    // (lang, first appearance order) keeps categories in the order writers weighted them.
    let mut by_key: BTreeMap<(String, String), FaqCategory> = BTreeMap::new();
    let mut order: Vec<(String, String)> = Vec::new();
    let mut questions: Vec<NodeId> = graph
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.section == super::Section::Faq && n.kind == Kind::Article)
        .map(|(i, _)| i)
        .collect();
    questions.sort_by_cached_key(|&i| super::reading_order(&graph.nodes[i]));
    for id in questions {
        let n = &graph.nodes[id];
        let Some(name) = n.page.front.category.as_ref().filter(|c| !c.trim().is_empty()) else {
            problems.push(
                Diagnostic::error(&n.page.source.shown, "FAQ question has no `category`")
                    .at(1, 1)
                    .hint("add `category: …` to the front matter; questions are grouped by it"),
            );
            continue;
        };
        let lang = n.page.source.lang.clone();
        let key = (lang.clone(), name.clone());
        let entry = by_key.entry(key.clone()).or_insert_with(|| {
            order.push(key.clone());
            let url = UrlPath::from_segments(&[lang.as_str(), "faq", "category", &slugify(name)]);
            FaqCategory {
                lang,
                name: name.clone(),
                url,
                questions: Vec::new(),
            }
        });
        entry.questions.push(id);
    }
    let categories = order.into_iter().filter_map(|k| by_key.remove(&k)).collect();
    (categories, problems)
}
