//! FAQ categories: the page of each category (every answer on one page,
//! with FAQPage JSON-LD) and the category lists FAQ pages show.

use super::pages::{base_view, breadcrumb_json, crumb, link, translations};
use super::view::*;
use super::{json_ld, Renderer};
use crate::graph::{FaqCategory, NodeId};
use crate::markdown::slugify;
use serde_json::json;

pub(super) fn faq_category_of<'a>(r: &Renderer<'a>, id: NodeId) -> Option<&'a FaqCategory> {
    r.graph.categories_of(id).next()
}

pub(super) fn category_summary(r: &Renderer, c: &FaqCategory, current: NodeId, listed: bool) -> FaqCategoryView {
    let questions = if listed { &c.questions[..] } else { &[] };
    FaqCategoryView {
        name: c.name.clone(),
        url: c.url.to_string(),
        questions: questions.iter().map(|&q| link(r, q, Some(current))).collect(),
    }
}

/// A FAQ category page: every answer of the category, with its ids prefixed
/// so that two answers may share a heading.
pub(super) fn category_view<'a>(r: &'a Renderer, c: &FaqCategory) -> View<'a> {
    let mut view = base_view(r, &c.lang, &c.url);
    view.page.kind = "faq_category".into();
    view.page.section = "faq".into();
    view.page.title = c.name.clone();
    let faq_root = r.graph.by_source.get(&crate::graph::index_key(&c.lang, "faq")).copied();
    view.breadcrumbs = faq_root
        .map(|f| {
            r.graph
                .ancestors(f)
                .into_iter()
                .chain([f])
                .map(|a| crumb(r, a, None))
                .collect()
        })
        .unwrap_or_default();
    view.breadcrumbs.push(LinkView {
        title: c.name.clone(),
        url: c.url.to_string(),
        current: true,
        ..LinkView::default()
    });
    // Other categories of the same language, to switch between them.
    let others: Vec<&FaqCategory> = r.graph.faq_categories.iter().filter(|o| o.lang == c.lang).collect();
    view.translations = translations(r, &c.lang, &[]);
    view.faq_categories = others
        .iter()
        .map(|o| FaqCategoryView {
            name: o.name.clone(),
            url: o.url.to_string(),
            questions: Vec::new(),
        })
        .collect();
    view.questions = c
        .questions
        .iter()
        .map(|&q| {
            let n = r.graph.node(q);
            let id = slugify(&n.page.front.title);
            let body = r.body(q);
            QuestionView {
                content: crate::markdown::prefix_ids(&body.html, &body.ids, &id),
                title: n.page.front.title.clone(),
                id,
                url: n.url.to_string(),
            }
        })
        .collect();
    let entities: Vec<serde_json::Value> = view
        .questions
        .iter()
        .map(
            |q| json!({"@type": "Question", "name": q.title, "acceptedAnswer": {"@type": "Answer", "text": q.content}}),
        )
        .collect();
    view.json_ld.push(json_ld(
        &json!({"@context": "https://schema.org", "@type": "FAQPage", "mainEntity": entities}),
    ));
    view.json_ld.push(json_ld(&breadcrumb_json(r, &view.breadcrumbs)));
    view
}
