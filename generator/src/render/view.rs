//! What templates see: plain serializable structs, computed from the graph.
//! Templates never reach into the graph themselves; everything a page shows
//! is here, so a theme author can read this file as the template API.

use crate::markdown::TocEntry;
use serde::Serialize;
use std::collections::BTreeMap;

/// Site-wide facts, the same on every page.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: String,
    pub base_url: String,
    pub default_language: String,
    pub languages: Vec<LanguageView>,
    pub brand: BrandView,
    /// Stylesheets every page links, in order.
    pub stylesheets: Vec<String>,
    /// Searches that find nothing are reported to `/api/search-misses`
    /// (config `search.report_misses`).
    pub search_misses: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct LanguageView {
    pub code: String,
    pub name: String,
    pub dir: &'static str,
    pub home: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct BrandView {
    pub name: String,
    pub logo: Option<String>,
    /// The name is shown next to the logo (so the logo's alt text is empty).
    pub show_name: bool,
    pub logo_alt: String,
    pub favicon: Option<String>,
}

/// A link to another page, with what lists show about it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LinkView {
    pub title: String,
    pub url: String,
    pub description: String,
    pub updated: Option<DateView>,
    /// This is the page being rendered (for `aria-current`).
    pub current: bool,
    /// Number of articles below, for section listings.
    pub count: usize,
    /// The docs version's label, in listings where pages of several
    /// versions can meet (the same title would otherwise stand twice).
    pub version: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    /// `2026-03-14`, for `<time datetime>`.
    pub iso: String,
    /// Formatted for the page's language.
    pub display: String,
}

/// The page being rendered.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PageView {
    pub title: String,
    pub description: String,
    pub url: String,
    pub permalink: String,
    /// `home`, `section`, `article`, or `faq_category`, `search`, `not_found` for generated pages.
    pub kind: String,
    pub section: String,
    pub page_type: Option<String>,
    /// The rendered markdown body (trusted HTML).
    pub content: String,
    /// Headings of levels 2 and 3, for the table of contents.
    pub toc: Vec<TocEntry>,
    pub updated: Option<DateView>,
    pub reading_minutes: usize,
    pub tags: Vec<String>,
    pub keywords: Vec<String>,
    pub category: Option<LinkView>,
    pub version: Option<VersionView>,
    /// "Was this helpful?" on this page: what a vote is recorded against.
    pub feedback: Option<FeedbackView>,
    /// Front matter fields Portico does not know.
    pub extra: BTreeMap<String, serde_json::Value>,
}

#[derive(Debug, Clone, Serialize)]
pub struct VersionView {
    pub name: String,
    pub label: String,
    pub latest: bool,
    pub archived: bool,
    pub unreleased: bool,
}

/// The edge API's pages of the current language (`support:` in portico.yaml).
#[derive(Debug, Clone, Serialize)]
pub struct SupportView {
    /// The ticket form page.
    pub url: String,
    /// The private ticket status page (the token travels in its fragment).
    pub status_url: String,
    pub categories: Vec<CategoryView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CategoryView {
    pub id: String,
    pub label: String,
}

/// What a "Was this helpful?" vote is recorded against: the page's path in
/// its language folder without `.md` (shared by its translations; docs
/// without their version folder) and the docs version.
#[derive(Debug, Clone, Serialize)]
pub struct FeedbackView {
    pub article: String,
    pub version: String,
    /// The ticket form with this page as the ticket's `article`, when
    /// support pages are published.
    pub contact_url: Option<String>,
}

/// One entry of the docs version switcher.
#[derive(Debug, Clone, Serialize)]
pub struct VersionLinkView {
    pub version: VersionView,
    /// The same page in that version, or (when `exact` is false) its docs home.
    pub url: String,
    pub exact: bool,
    pub current: bool,
}

/// One entry of the language switcher.
#[derive(Debug, Clone, Serialize)]
pub struct TranslationView {
    pub code: String,
    pub name: String,
    pub url: String,
    pub current: bool,
    /// No translation exists; `url` is that language's home, or the fallback copy.
    pub missing: bool,
    /// `url` is a copy of this page under that language's prefix.
    pub fallback: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct AlternateView {
    /// A language code, or `x-default`.
    pub hreflang: String,
    pub href: String,
}

/// On a fallback copy: the page is shown in another language than the UI.
#[derive(Debug, Clone, Serialize)]
pub struct FallbackView {
    /// Name of the language the reader asked for (the UI's).
    pub language: String,
    /// Name of the language the page is shown in.
    pub original: String,
    pub original_url: String,
}

/// A docs sidebar entry.
#[derive(Debug, Clone, Serialize)]
pub struct SidebarItem {
    pub title: String,
    pub url: String,
    pub current: bool,
    /// The current page is below this entry (its group starts expanded).
    pub open: bool,
    /// The entry has pages under it (shown or not).
    pub group: bool,
    /// More than zero: not an entry but this many entries left out here
    /// (the contents page lists them).
    pub elided: usize,
    pub children: Vec<SidebarItem>,
}

impl SidebarItem {
    /// The marker for `count` entries left out.
    pub fn elided(count: usize) -> SidebarItem {
        SidebarItem {
            title: String::new(),
            url: String::new(),
            current: false,
            open: false,
            group: false,
            elided: count,
            children: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct FaqCategoryView {
    pub name: String,
    pub url: String,
    pub questions: Vec<LinkView>,
}

/// A question with its answer, for a FAQ category page.
#[derive(Debug, Clone, Serialize)]
pub struct QuestionView {
    pub title: String,
    pub id: String,
    pub url: String,
    pub content: String,
}

/// Everything one template render receives.
#[derive(Debug, Clone, Serialize)]
pub struct View<'a> {
    pub site: &'a SiteView,
    /// Language of the page's content (and of every UI string inside `main`).
    pub lang: String,
    pub dir: &'static str,
    /// Language of the header, footer and `<html>`: the same as `lang`
    /// except on fallback copies.
    pub ui_lang: String,
    pub ui_dir: &'static str,
    pub fallback: Option<FallbackView>,
    pub footer_links: Vec<LinkView>,
    pub page: PageView,
    pub canonical: String,
    pub noindex: bool,
    pub search_url: String,
    /// The folder of the UI language's search index and the search runtime,
    /// handed to the search script (`data-index`, `data-runtime`).
    pub search_index: String,
    pub search_runtime: String,
    /// Ticket form and status page; `None` when `support.enabled` is off.
    pub support: Option<SupportView>,
    pub nav: Vec<LinkView>,
    pub breadcrumbs: Vec<LinkView>,
    pub translations: Vec<TranslationView>,
    /// `<link rel="alternate" hreflang>` targets: the page's existing
    /// translations and itself (empty when it has none), then `x-default`.
    pub alternates: Vec<AlternateView>,
    pub children: Vec<LinkView>,
    /// Docs pages: their version's tree, rendered by `docs_sidebar.html`
    /// with this page marked current and its groups open.
    pub sidebar_html: String,
    /// Docs pages: the version switcher, in the order of `docs.versions`.
    pub versions: Vec<VersionLinkView>,
    /// Docs pages of other versions: this page (or the docs home) in the latest version.
    pub latest_version_url: Option<String>,
    pub prev: Option<LinkView>,
    pub next: Option<LinkView>,
    /// FAQ pages: the categories of the language; their `questions` are
    /// listed on section pages only (not on every question's page).
    pub faq_categories: Vec<FaqCategoryView>,
    pub questions: Vec<QuestionView>,
    pub popular: Vec<LinkView>,
    pub recent: Vec<LinkView>,
    /// Pre-serialized JSON-LD blocks, safe to embed in `<script>`.
    pub json_ld: Vec<String>,
    /// For redirect pages: where to go.
    pub redirect_to: Option<String>,
    /// The search page's filters.
    pub search: Option<SearchFiltersView>,
    /// The ticket form: every error code the edge API answers with, each
    /// shown with its `support_error_<code>` UI string.
    pub error_codes: Vec<&'static str>,
}

/// What the search page can filter by: docs versions and top-level sections.
#[derive(Debug, Clone, Serialize)]
pub struct SearchFiltersView {
    pub versions: Vec<FilterOption>,
    pub sections: Vec<FilterOption>,
}

/// One choice of a filter: the value the index knows and what readers see.
#[derive(Debug, Clone, Serialize)]
pub struct FilterOption {
    pub value: String,
    pub label: String,
}
