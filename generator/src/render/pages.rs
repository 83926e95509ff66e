//! Builds the [`View`] of each output page and renders it: pages from
//! markdown, FAQ categories, per-language search pages, redirects for aliases,
//! the 404 page and the language chooser at `/`.

use super::faq::{category_summary, category_view, faq_category_of};
use super::view::*;
use super::{json_ld, Renderer};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::graph::{FaqCategory, Kind, Node, NodeId, Redirect, Section};
use crate::paths::OutputFile;
use crate::paths::UrlPath;
use rayon::prelude::*;
use serde_json::json;
use std::collections::HashSet;

/// One page to render.
enum Job<'g> {
    Node(NodeId),
    /// A default-language page copied under a language that lacks it.
    Fallback(NodeId, &'g str, &'g UrlPath),
    Category(&'g FaqCategory),
    Search(&'g str),
    /// The ticket form and the ticket status page of a language.
    Support(&'g str),
    SupportStatus(&'g str),
    Redirect(&'g Redirect),
    /// A docs tree's contents page and its JSON tree (see `sidebar.rs`).
    Contents(NodeId),
    Tree(NodeId),
    NotFound,
    LanguageChooser,
}

/// Renders every page; each goes through `keep`, which returns the files to
/// hold in memory (`build` writes them as they come instead). Template
/// failures are collected.
pub fn render_pages(
    r: &Renderer,
    keep: &(dyn Fn(OutputFile) -> Option<OutputFile> + Sync),
) -> (Vec<OutputFile>, Diagnostics) {
    render_jobs(r, &all_jobs(r), keep)
}

/// The pages live preview renders again after an edit (`live::affected`
/// decides which).
#[derive(Debug, Default)]
pub struct Selection {
    /// Pages of these nodes, with their fallback copies.
    pub nodes: HashSet<NodeId>,
    /// Docs roots whose contents page and JSON tree are rendered again.
    pub trees: HashSet<NodeId>,
    /// FAQ category pages, by URL.
    pub categories: HashSet<UrlPath>,
    /// Redirect pages, by the URL they redirect from.
    pub redirects: HashSet<UrlPath>,
}

/// Renders only the pages of `selection`.
pub fn render_selected(r: &Renderer, selection: &Selection) -> (Vec<OutputFile>, Diagnostics) {
    let wanted = |job: &Job| match job {
        Job::Node(id) | Job::Fallback(id, _, _) => selection.nodes.contains(id),
        Job::Contents(root) | Job::Tree(root) => selection.trees.contains(root),
        Job::Category(c) => selection.categories.contains(&c.url),
        Job::Redirect(redirect) => selection.redirects.contains(&redirect.from),
        _ => false,
    };
    let jobs: Vec<Job> = all_jobs(r).into_iter().filter(wanted).collect();
    render_jobs(r, &jobs, &Some)
}

/// Every output page of the site.
fn all_jobs<'g>(r: &'g Renderer) -> Vec<Job<'g>> {
    let g = r.graph;
    let mut jobs: Vec<Job> = (0..g.nodes.len()).map(Job::Node).collect();
    jobs.extend(
        r.fallbacks
            .iter()
            .map(|((id, lang), url)| Job::Fallback(*id, lang.as_str(), url)),
    );
    jobs.extend(g.faq_categories.iter().map(Job::Category));
    jobs.extend(r.config.languages.iter().map(|l| Job::Search(l.code.as_str())));
    if r.config.support.enabled {
        for l in &r.config.languages {
            jobs.push(Job::Support(l.code.as_str()));
            jobs.push(Job::SupportStatus(l.code.as_str()));
        }
    }
    jobs.extend(g.redirects.iter().map(Job::Redirect));
    for root in (0..g.nodes.len()).filter(|&id| g.docs_root(id) == Some(id)) {
        jobs.push(Job::Contents(root));
        jobs.push(Job::Tree(root));
    }
    jobs.push(Job::NotFound);
    jobs.push(Job::LanguageChooser);
    jobs
}

fn render_jobs(
    r: &Renderer,
    jobs: &[Job],
    keep: &(dyn Fn(OutputFile) -> Option<OutputFile> + Sync),
) -> (Vec<OutputFile>, Diagnostics) {
    let results: Vec<Result<Option<OutputFile>, Diagnostic>> =
        jobs.par_iter().map(|job| render_job(r, job).map(keep)).collect();
    let mut files = Vec::new();
    let mut problems = Diagnostics::new();
    for result in results {
        match result {
            Ok(f) => files.extend(f),
            Err(d) => problems.push(d),
        }
    }
    (files, problems)
}

fn render_job(r: &Renderer, job: &Job) -> Result<OutputFile, Diagnostic> {
    let (template, mut view, url, source) = match job {
        Job::Tree(root) => return Ok(super::sidebar::tree_json(r, *root)),
        Job::Contents(root) => {
            let source = r.graph.node(*root).page.source.shown.clone();
            let (view, url) = contents_view(r, *root).map_err(|e| template_error(&source, "docs_contents.html", &e))?;
            ("docs.html".into(), view, url, source)
        }
        Job::Node(id) => {
            let node = r.graph.node(*id);
            (
                template_for(r, node),
                node_view(r, *id),
                node.url.clone(),
                node.page.source.shown.clone(),
            )
        }
        Job::Fallback(id, lang, url) => {
            let node = r.graph.node(*id);
            (
                template_for(r, node),
                fallback_view(r, *id, lang, url),
                (*url).clone(),
                node.page.source.shown.clone(),
            )
        }
        Job::Category(c) => (
            "faq_category.html".to_string(),
            category_view(r, c),
            c.url.clone(),
            "content".into(),
        ),
        Job::Search(lang) => {
            let url = UrlPath::from_segments(&[lang, "search"]);
            let mut view = generated_view(r, lang, &url, "search", "search_title");
            view.noindex = true; // result pages are for people, not crawlers
            view.search = Some(search_filters(r, lang));
            ("search.html".into(), view, url, "content".into())
        }
        Job::Support(lang) => {
            let url = super::support::form_url(lang);
            let mut view = generated_view(r, lang, &url, "support", "support_title");
            view.translations = super::support::form_translations(r, lang);
            view.error_codes = super::support::error_codes();
            ("support.html".into(), view, url, "themes".into())
        }
        Job::SupportStatus(lang) => {
            let url = super::support::status_url(lang);
            let mut view = generated_view(r, lang, &url, "support_status", "status_title");
            view.noindex = true; // private per ticket; nothing to index
            ("support_status.html".into(), view, url, "themes".into())
        }
        Job::Redirect(redirect) => {
            // A page, or a page the site makes around them (a contents page).
            let target = r.graph.by_url.get(&redirect.to).map(|&id| r.graph.node(id));
            let lang = match target {
                Some(t) => t.page.source.lang.clone(),
                None => (redirect.to.segments().next())
                    .unwrap_or(&r.config.default_language)
                    .to_string(),
            };
            let mut view = generated_view(r, &lang, &redirect.from, "redirect", "redirect_title");
            view.redirect_to = Some(redirect.to.to_string());
            view.canonical = r.config.permalink(&redirect.to);
            view.noindex = true;
            (
                "redirect.html".into(),
                view,
                redirect.from.clone(),
                target.map_or_else(|| "content".into(), |t| t.page.source.shown.clone()),
            )
        }
        Job::NotFound => {
            let url = UrlPath::parse_site_path("/404.html").unwrap_or_else(|_| UrlPath::from_segments(&["404"]));
            let mut view = generated_view(r, &r.config.default_language, &url, "not_found", "not_found_title");
            view.noindex = true;
            ("404.html".into(), view, url, "themes".into())
        }
        Job::LanguageChooser => {
            let url = UrlPath::from_segments::<&str>(&[]);
            let view = generated_view(
                r,
                &r.config.default_language,
                &url,
                "language_chooser",
                "choose_language",
            );
            ("language_chooser.html".into(), view, url, "themes".into())
        }
    };
    if let Job::Node(id) | Job::Fallback(id, _, _) = job {
        if let Some(root) = r.graph.docs_root(*id) {
            view.sidebar_html = super::sidebar::local(r, root, *id)
                .map_err(|e| template_error(&source, super::sidebar::TEMPLATE, &e))?;
        }
    }
    let context = tera::Context::from_serialize(&view).map_err(|e| Diagnostic::error(&source, e.to_string()))?;
    let html = r
        .theme
        .tera
        .render(&template, &context)
        .map_err(|e| template_error(&source, &template, &e))?;
    Ok(OutputFile {
        path: url.output_path(),
        bytes: html.into_bytes(),
    })
}

fn template_error(source: &std::path::Path, template: &str, e: &tera::Error) -> Diagnostic {
    Diagnostic::error(
        source,
        format!("template {template} failed: {}", crate::theme::error_chain(e)),
    )
    .hint("see the template named above; the page's front matter may lack a field it uses")
}

/// `type: x` picks `x.html` if the theme has it; else the section decides.
fn template_for(r: &Renderer, node: &Node) -> String {
    if let Some(t) = &node.page.front.page_type {
        let name = format!("{t}.html");
        if r.theme.has_template(&name) {
            return name;
        }
    }
    match (node.kind, &node.section) {
        (Kind::Home, _) => "home.html",
        (Kind::Section, Section::Faq) if node.page.source.dir_segments().len() == 1 => "faq_index.html",
        (_, Section::Docs) => "docs.html",
        (Kind::Article, Section::Faq) => "faq_question.html",
        (Kind::Section, _) => "section.html",
        (Kind::Article, _) => "article.html",
    }
    .to_string()
}

pub(super) fn link(r: &Renderer, id: NodeId, current: Option<NodeId>) -> LinkView {
    let n = r.graph.node(id);
    let description = n
        .page
        .front
        .description
        .clone()
        .unwrap_or_else(|| r.body(id).summary.clone());
    let count = r.graph.article_counts[id];
    LinkView {
        title: n.page.front.title.clone(),
        url: n.url.to_string(),
        description,
        updated: r.date(&n.page.source.lang, n.updated),
        current: Some(id) == current,
        count,
        version: None,
    }
}

/// A link that names a page and nothing more (breadcrumbs, the site's
/// navigation, prev/next): title and URL. Kept this narrow on purpose: these
/// links are on many pages, and live preview re-renders a page only when
/// what it shows of another page changed (`live::affected`).
pub(super) fn crumb(r: &Renderer, id: NodeId, current: Option<NodeId>) -> LinkView {
    let n = r.graph.node(id);
    LinkView {
        title: n.page.front.title.clone(),
        url: n.url.to_string(),
        current: Some(id) == current,
        ..LinkView::default()
    }
}

/// A link in a listing on page `on`: with the docs version's label when the
/// linked page is of another version than `on` (a listing on the home page,
/// or the docs home listing each version).
pub(super) fn listed(r: &Renderer, id: NodeId, on: NodeId) -> LinkView {
    let version = &r.graph.node(id).version;
    let label = match version {
        Some(v) if version != &r.graph.node(on).version => r.config.docs.versions.iter().find(|d| &d.name == v),
        _ => None,
    };
    LinkView {
        version: label.map(|d| d.label.clone()),
        ..link(r, id, None)
    }
}

/// The view shared by all pages of a language; specific pages fill in more.
pub(super) fn base_view<'a>(r: &'a Renderer, lang: &str, url: &UrlPath) -> View<'a> {
    let home = r.graph.home(lang);
    let nav = home
        .map(|h| {
            r.graph
                .node(h)
                .children
                .iter()
                .filter(|&&c| r.graph.node(c).kind == Kind::Section)
                .map(|&c| {
                    let mut l = crumb(r, c, None);
                    l.current = url.as_str().starts_with(&l.url);
                    l
                })
                .collect()
        })
        .unwrap_or_default();
    let footer_links = r
        .config
        .brand
        .footer_links
        .iter()
        .map(|f| LinkView {
            title: f.label.get(lang, &r.config.default_language),
            url: f.url.clone(),
            ..LinkView::default()
        })
        .collect();
    View {
        site: &r.site,
        lang: lang.to_string(),
        dir: r.direction(lang),
        ui_lang: lang.to_string(),
        ui_dir: r.direction(lang),
        fallback: None,
        footer_links,
        page: PageView {
            url: url.to_string(),
            permalink: r.config.permalink(url),
            ..PageView::default()
        },
        canonical: r.config.permalink(url),
        noindex: false,
        search_url: format!("/{lang}/search/"),
        search_index: format!("/{}/", crate::search::index_dir(lang)),
        search_runtime: format!("/{}", crate::search::RUNTIME_PATH),
        support: super::support::support_view(r, lang),
        nav,
        breadcrumbs: Vec::new(),
        translations: translations(r, lang, &[]),
        alternates: Vec::new(),
        children: Vec::new(),
        sidebar_html: String::new(),
        versions: Vec::new(),
        latest_version_url: None,
        prev: None,
        next: None,
        faq_categories: Vec::new(),
        questions: Vec::new(),
        popular: Vec::new(),
        recent: Vec::new(),
        json_ld: Vec::new(),
        redirect_to: None,
        search: None,
        error_codes: Vec::new(),
    }
}

/// The search page's filters: released docs versions and the language's sections.
fn search_filters(r: &Renderer, lang: &str) -> SearchFiltersView {
    let versions = r.config.docs.versions.iter().filter(|v| !v.unreleased);
    let sections = r
        .graph
        .home(lang)
        .map(|h| r.graph.node(h).children.clone())
        .unwrap_or_default();
    SearchFiltersView {
        versions: versions
            .map(|v| FilterOption {
                value: v.name.clone(),
                label: v.label.clone(),
            })
            .collect(),
        sections: sections
            .into_iter()
            .map(|c| r.graph.node(c))
            .filter(|n| n.kind == Kind::Section)
            .map(|n| FilterOption {
                value: n.section.as_str().to_string(),
                label: n.page.front.title.clone(),
            })
            .collect(),
    }
}

/// A docs tree's contents page: the root's docs page (switcher, banner,
/// breadcrumbs, sidebar) holding the whole tree instead of the root's text.
/// Not for search engines: the pages it lists are.
fn contents_view<'a>(r: &'a Renderer, root: NodeId) -> Result<(View<'a>, UrlPath), tera::Error> {
    let urls = super::sidebar::urls(r, root);
    let url = UrlPath::parse_site_path(&urls.contents).map_err(tera::Error::msg)?;
    let mut view = node_view(r, root);
    let title = super::sidebar::all_pages_title(r, root);
    view.page.kind = "docs_contents".into();
    view.page.content = super::sidebar::contents_html(r, root)?;
    view.page.title = title.clone();
    view.page.description = String::new();
    view.page.toc = Vec::new();
    view.page.feedback = None;
    view.page.url = url.to_string();
    view.page.permalink = r.config.permalink(&url);
    view.canonical = view.page.permalink.clone();
    view.noindex = true;
    view.alternates = Vec::new();
    view.json_ld = Vec::new();
    view.children = Vec::new();
    view.prev = None;
    view.next = None;
    view.breadcrumbs.iter_mut().for_each(|c| c.current = false);
    view.breadcrumbs.push(LinkView {
        title,
        url: url.to_string(),
        current: true,
        ..LinkView::default()
    });
    view.json_ld.push(json_ld(&breadcrumb_json(r, &view.breadcrumbs)));
    // The switcher leads to the other versions' contents pages.
    for v in &mut view.versions {
        v.url = format!("{}contents/", v.url);
    }
    view.sidebar_html = super::sidebar::local_contents(r, root)?;
    Ok((view, url))
}

/// A page without markdown (search, 404, chooser): title from the UI strings.
fn generated_view<'a>(r: &'a Renderer, lang: &str, url: &UrlPath, kind: &str, title_key: &str) -> View<'a> {
    let mut view = base_view(r, lang, url);
    view.page.kind = kind.to_string();
    view.page.title = r.i18n.get(lang, title_key).unwrap_or(title_key).to_string();
    view.nav.iter_mut().for_each(|l| l.current = false);
    view
}

/// Language switcher entries: the translation where it exists, else its
/// fallback copy (when configured), else that language's home.
pub(super) fn translations(r: &Renderer, lang: &str, existing: &[NodeId]) -> Vec<TranslationView> {
    let default_page = existing
        .iter()
        .copied()
        .find(|&t| r.graph.node(t).page.source.lang == r.config.default_language);
    r.config
        .languages
        .iter()
        .map(|l| {
            let found = existing.iter().find(|&&t| r.graph.node(t).page.source.lang == l.code);
            let fallback = default_page.and_then(|d| r.fallbacks.get(&(d, l.code.clone())));
            let url = match (found, fallback) {
                (Some(&t), _) => r.graph.node(t).url.to_string(),
                (None, Some(copy)) => copy.to_string(),
                (None, None) => format!("/{}/", l.code),
            };
            TranslationView {
                code: l.code.clone(),
                name: l.name.clone(),
                url,
                current: l.code == lang,
                missing: found.is_none() && l.code != lang,
                fallback: found.is_none() && fallback.is_some(),
            }
        })
        .collect()
}

/// hreflang alternates of a group of translations, with `x-default` at the
/// default language's page.
fn alternates(r: &Renderer, group: &[NodeId]) -> Vec<AlternateView> {
    if group.len() < 2 {
        return Vec::new();
    }
    let mut out: Vec<AlternateView> = group
        .iter()
        .map(|&t| {
            let n = r.graph.node(t);
            AlternateView {
                hreflang: n.page.source.lang.clone(),
                href: r.config.permalink(&n.url),
            }
        })
        .collect();
    out.sort_by(|a, b| a.hreflang.cmp(&b.hreflang));
    if let Some(default) = out.iter().find(|a| a.hreflang == r.config.default_language) {
        out.push(AlternateView {
            hreflang: "x-default".into(),
            href: default.href.clone(),
        });
    }
    out
}

/// A default-language page under `ui_lang`'s prefix: the content keeps its
/// language, the header and footer speak `ui_lang`, a notice says why, and
/// search engines are sent to the original.
fn fallback_view<'a>(r: &'a Renderer, id: NodeId, ui_lang: &str, url: &UrlPath) -> View<'a> {
    let node = r.graph.node(id);
    let mut view = node_view(r, id);
    let chrome = base_view(r, ui_lang, url);
    view.ui_lang = chrome.ui_lang;
    view.ui_dir = chrome.ui_dir;
    view.nav = chrome.nav;
    view.search_url = chrome.search_url;
    view.search_index = chrome.search_index;
    view.support = chrome.support;
    view.footer_links = chrome.footer_links;
    view.page.url = url.to_string();
    view.page.permalink = r.config.permalink(url);
    view.noindex = true;
    for t in view.translations.iter_mut() {
        t.current = t.code == ui_lang;
    }
    let name = |code: &str| r.config.language(code).map_or(code.to_string(), |l| l.name.clone());
    view.fallback = Some(FallbackView {
        language: name(ui_lang),
        original: name(&node.page.source.lang),
        original_url: node.url.to_string(),
    });
    if let Some(last) = view.breadcrumbs.last_mut() {
        last.url = url.to_string();
    }
    view.json_ld.clear();
    view.alternates.clear();
    view
}

fn node_view<'a>(r: &'a Renderer, id: NodeId) -> View<'a> {
    let g = r.graph;
    let node = g.node(id);
    let lang = node.page.source.lang.as_str();
    let body = r.body(id);
    let mut view = base_view(r, lang, &node.url);
    let mut with_self = node.translations.clone();
    with_self.push(id);
    view.translations = translations(r, lang, &with_self);
    view.alternates = alternates(r, &with_self);
    view.page = PageView {
        title: node.page.front.title.clone(),
        description: node
            .page
            .front
            .description
            .clone()
            .unwrap_or_else(|| body.summary.clone()),
        url: node.url.to_string(),
        permalink: r.config.permalink(&node.url),
        kind: serde_json::to_value(node.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default(),
        section: node.section.as_str().to_string(),
        page_type: node.page.front.page_type.clone(),
        content: body.html.clone(),
        toc: body
            .toc
            .iter()
            .filter(|t| t.level == 2 || t.level == 3)
            .cloned()
            .collect(),
        updated: r.date(lang, node.updated),
        reading_minutes: body.words.div_ceil(230).max(1),
        tags: node.page.front.tags.clone(),
        keywords: node.page.front.keywords.clone(),
        category: faq_category_of(r, id).map(|c| LinkView {
            title: c.name.clone(),
            url: c.url.to_string(),
            ..LinkView::default()
        }),
        version: node
            .version
            .as_ref()
            .and_then(|v| r.config.docs.versions.iter().find(|d| &d.name == v))
            .map(super::docs::version_view),
        feedback: super::support::feedback_for(r, node),
        extra: node.page.front.extra.clone(),
    };
    if node.kind != Kind::Home {
        view.breadcrumbs = g.ancestors(id).into_iter().map(|a| crumb(r, a, None)).collect();
        view.breadcrumbs.push(crumb(r, id, Some(id)));
        view.json_ld.push(json_ld(&breadcrumb_json(r, &view.breadcrumbs)));
    }
    view.children = node.children.iter().map(|&c| listed(r, c, id)).collect();
    view.prev = node.prev.map(|p| crumb(r, p, None));
    view.next = node.next.map(|n| crumb(r, n, None));
    super::docs::fill_versions(r, id, &mut view);
    if node.section == Section::Faq {
        // Listing every question on every question page would grow with
        // questions² (most of a large FAQ's build); questions get the topics only.
        let listed = node.kind != Kind::Article;
        view.faq_categories = g
            .faq_categories
            .iter()
            .filter(|c| c.lang == lang)
            .map(|c| category_summary(r, c, id, listed))
            .collect();
    }
    if node.kind == Kind::Home {
        fill_home(r, id, &mut view);
    }
    view
}

/// Featured articles (front matter `featured: true`) and the most recently updated ones.
fn fill_home(r: &Renderer, home: NodeId, view: &mut View) {
    let lang = &r.graph.node(home).page.source.lang;
    let mut articles: Vec<NodeId> = (0..r.graph.nodes.len())
        .filter(|&i| {
            let n = r.graph.node(i);
            &n.page.source.lang == lang && n.kind == Kind::Article
        })
        .collect();
    let mut featured: Vec<NodeId> = articles
        .iter()
        .copied()
        .filter(|&i| r.graph.node(i).page.front.extra.get("featured") == Some(&json!(true)))
        .collect();
    featured.sort_by_key(|&i| {
        (
            r.graph.node(i).page.front.weight,
            r.graph.node(i).page.front.title.clone(),
        )
    });
    view.popular = featured.into_iter().take(6).map(|i| listed(r, i, home)).collect();
    // Newest first; a page changed in several docs versions lists the most
    // current version first (versions are declared latest first).
    let version_order = |i: NodeId| {
        let v = r.graph.node(i).version.as_ref();
        v.and_then(|v| r.config.docs.versions.iter().position(|d| &d.name == v))
    };
    articles.sort_by(|&a, &b| {
        (
            r.graph.node(b).updated,
            &r.graph.node(a).page.front.title,
            version_order(a),
        )
            .cmp(&(
                r.graph.node(a).updated,
                &r.graph.node(b).page.front.title,
                version_order(b),
            ))
    });
    view.recent = articles.into_iter().take(5).map(|i| listed(r, i, home)).collect();
}

pub(super) fn breadcrumb_json(r: &Renderer, crumbs: &[LinkView]) -> serde_json::Value {
    let items: Vec<serde_json::Value> = crumbs
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let url = UrlPath::parse_site_path(&c.url)
                .map(|u| r.config.permalink(&u))
                .unwrap_or_default();
            json!({"@type": "ListItem", "position": i + 1, "name": c.title, "item": url})
        })
        .collect();
    json!({"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": items})
}
