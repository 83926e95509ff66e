//! Languages and translations over built sites: `lang`/`dir` on every page,
//! reciprocal hreflang alternates, the language switcher, missing-translation
//! fallbacks in both modes, and the translation report of `portico check`.

mod common;

use common::*;
use portico::BuildOptions;
use scraper::Html;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::OnceLock;

fn site() -> &'static Built {
    static SITE: OnceLock<Built> = OnceLock::new();
    SITE.get_or_init(|| build_ok(&example_root(), false))
}

const BASE: &str = "https://help.parcelbox.example";

fn is_noindex(doc: &Html) -> bool {
    attrs(doc, "meta[name=robots]", "content")
        .iter()
        .any(|c| c.contains("noindex"))
}

/// (code, href) of the language switcher's entries.
fn switcher(doc: &Html) -> BTreeMap<String, String> {
    doc.select(&sel(".language-switcher a"))
        .map(|a| {
            (
                a.value().attr("hreflang").unwrap().to_string(),
                a.value().attr("href").unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn every_page_declares_its_language_and_direction() {
    for rel in site().html_files() {
        let doc = site().html(&rel);
        let html = doc.select(&sel("html")).next().unwrap();
        let lang = html.value().attr("lang").unwrap_or_default();
        let folder = rel.split('/').next().unwrap();
        if folder == "ja" || folder == "en" {
            assert_eq!(lang, folder, "{rel}");
        }
        assert_eq!(html.value().attr("dir"), Some("ltr"), "{rel}");
        // Content shown in another language than the page's says so.
        for el in doc.select(&sel(".page-content[lang]")) {
            assert_ne!(el.value().attr("lang"), Some(lang), "{rel}: redundant lang");
        }
    }
}

#[test]
fn hreflang_alternates_are_reciprocal_and_exist() {
    let mut links: BTreeMap<String, BTreeSet<(String, String)>> = BTreeMap::new();
    for rel in site().html_files() {
        let doc = site().html(&rel);
        if is_noindex(&doc) {
            continue;
        }
        // Keyed by the page's own URL (older docs versions name another page canonical).
        let own = format!("{BASE}/{}", rel.trim_end_matches("index.html"));
        for alt in doc.select(&sel("link[rel=alternate][hreflang]:not([hreflang=x-default])")) {
            let href = alt.value().attr("href").unwrap().to_string();
            let path = href.strip_prefix(BASE).expect("absolute alternate");
            let target = site().html(&file_of(path));
            let target_lang = attrs(&target, "html", "lang").remove(0);
            assert_eq!(
                alt.value().attr("hreflang"),
                Some(target_lang.as_str()),
                "{rel} → {href}"
            );
            links
                .entry(own.clone())
                .or_default()
                .insert((alt.value().attr("hreflang").unwrap().to_string(), href));
        }
    }
    let mut pairs = 0;
    for (page, alternates) in &links {
        for (_, other) in alternates.iter().filter(|(_, h)| h != page) {
            let back = links.get(other).unwrap_or_else(|| panic!("{other} has no alternates"));
            assert!(
                back.iter().any(|(_, h)| h == page),
                "{other} does not point back to {page}"
            );
            pairs += 1;
        }
    }
    assert!(pairs > 40, "only {pairs} alternate pairs");
    // x-default names the default-language page of the group.
    let ja = site().html("ja/guides/set-up-webhooks/index.html");
    assert_eq!(
        attrs(&ja, "link[hreflang=x-default]", "href"),
        vec![format!("{BASE}/en/guides/set-up-webhooks/")]
    );
}

#[test]
fn the_switcher_lands_on_the_translated_article() {
    let en = site().html("en/guides/set-up-webhooks/index.html");
    let ja_url = &switcher(&en)["ja"];
    assert_eq!(ja_url, "/ja/guides/set-up-webhooks/");
    let ja = site().html(&file_of(ja_url));
    assert_eq!(attrs(&ja, "html", "lang"), vec!["ja"]);
    assert_eq!(switcher(&ja)["en"], "/en/guides/set-up-webhooks/");
    // The sample glossary article is linked by translationKey across different paths.
    let glossary = site().html("ja/glossary/Support-Portal/index.html");
    let en_url = &switcher(&glossary)["en"];
    let en_doc = site().html(&file_of(en_url));
    assert_eq!(switcher(&en_doc)["ja"], "/ja/glossary/Support-Portal/");
}

#[test]
fn an_untranslated_page_falls_back_to_a_marked_copy() {
    // portico.yaml: missing_translation: fallback
    let en = site().html("en/faq/international-customs/index.html");
    let copy_url = &switcher(&en)["ja"];
    assert_eq!(copy_url, "/ja/faq/international-customs/");
    let copy = site().html(&file_of(copy_url));
    assert_eq!(attrs(&copy, "html", "lang"), vec!["ja"]);
    assert_eq!(attrs(&copy, ".page-content", "lang"), vec!["en"]);
    assert!(is_noindex(&copy));
    assert_eq!(
        attrs(&copy, "link[rel=canonical]", "href"),
        vec![format!("{BASE}/en/faq/international-customs/")]
    );
    let notice = texts(&copy, ".fallback-notice");
    assert!(
        notice[0].contains("日本語") && notice[0].contains("English"),
        "{notice:?}"
    );
    assert_eq!(
        attrs(&copy, ".fallback-notice a", "href"),
        vec!["/en/faq/international-customs/"]
    );
    assert!(!site().read("sitemap.xml").contains("/ja/faq/international-customs/"));
}

#[test]
fn with_home_mode_the_switcher_goes_to_the_language_home_with_a_notice() {
    let dir = starter_site();
    let root = dir.path().join("site");
    write(
        &root,
        "content/en/guides/only-english.md",
        "---\ntitle: Only in English\n---\nText.\n",
    );
    let built = build_ok(&root, false);
    let doc = built.html("en/guides/only-english/index.html");
    assert_eq!(switcher(&doc)["ja"], "/ja/");
    let label = doc.select(&sel(".language-switcher a[hreflang=ja]")).next().unwrap();
    let text: String = label.text().collect();
    assert!(text.contains("not translated"), "{text}");
    assert!(!Path::new(&built.out().join("ja/guides/only-english")).exists());
}

fn report(root: &Path) -> portico::i18n::translations::TranslationReport {
    let opts = BuildOptions {
        root: root.to_path_buf(),
        ..BuildOptions::default()
    };
    portico::compile(&opts, &|_| {})
        .unwrap_or_else(|d| panic!("{}", messages(&d)))
        .translations
}

#[test]
fn the_report_names_exactly_the_untranslated_and_stale_pages() {
    let r = report(&example_root());
    let missing: Vec<(String, String)> = r
        .missing
        .iter()
        .map(|m| (m.language.clone(), m.source.display().to_string()))
        .collect();
    assert_eq!(
        missing,
        vec![("ja".into(), "content/en/faq/international-customs.md".into())]
    );
    let stale: Vec<(String, String)> = r
        .stale
        .iter()
        .map(|s| (s.page.display().to_string(), s.source.display().to_string()))
        .collect();
    assert_eq!(
        stale,
        vec![(
            "content/ja/guides/set-up-webhooks.md".into(),
            "content/en/guides/set-up-webhooks.md".into()
        )]
    );

    // The same rules on a site the test breaks itself.
    let dir = starter_site();
    let root = dir.path().join("site");
    write(
        &root,
        "content/ja/faq/ja-only.md",
        "---\ntitle: 日本だけ\ncategory: アカウント\n---\nX\n",
    );
    write(
        &root,
        "content/en/guides/new.md",
        "---\ntitle: New\nlastmod: 2026-05-01\n---\nX\n",
    );
    write(
        &root,
        "content/en/docs/v1/installation.md",
        "---\ntitle: Installation\nlastmod: 2026-06-02\n---\nX\n",
    );
    write(
        &root,
        "content/ja/docs/v1/installation.md",
        "---\ntitle: インストール\nlastmod: 2026-06-01\n---\nX\n",
    );
    let r = report(&root);
    let missing: BTreeSet<(String, String)> = r
        .missing
        .iter()
        .map(|m| (m.language.clone(), m.source.display().to_string()))
        .collect();
    assert_eq!(
        missing,
        BTreeSet::from([
            ("en".into(), "content/ja/faq/ja-only.md".into()),
            ("ja".into(), "content/en/guides/new.md".into()),
        ])
    );
    assert_eq!(r.stale.len(), 1);
    assert_eq!(r.stale[0].page, Path::new("content/ja/docs/v1/installation.md"));
    assert_eq!(
        (r.stale[0].updated.as_str(), r.stale[0].source_updated.as_str()),
        ("2026-06-01", "2026-06-02")
    );
}

#[test]
fn an_unknown_ui_string_fails_the_build_naming_the_template() {
    let dir = starter_site();
    let root = dir.path().join("site");
    append(&root, "portico.yaml", "theme: mine\n");
    write(
        &root,
        "themes/mine/templates/404.html",
        "{% extends \"base.html\" %}{% block main %}<h1>{{ t(key=\"no_such_key\", lang=lang) }}</h1>{% endblock main %}",
    );
    let problems = build(&root, false).err().expect("build must fail");
    let text = messages(&problems);
    assert!(text.contains("404.html") && text.contains("no_such_key"), "{text}");
}

#[test]
fn plural_forms_and_locale_dates_reach_the_pages() {
    let home = site().html("en/index.html");
    let counts = texts(&home, ".card-count");
    assert!(
        counts.iter().all(|c| c.ends_with(" articles") || c == "1 article"),
        "{counts:?}"
    );
    let ja_home = site().html("ja/index.html");
    assert!(texts(&ja_home, ".card-count").iter().all(|c| c.ends_with("件の記事")));
    let ja = site().html("ja/guides/set-up-webhooks/index.html");
    let date = texts(&ja, ".article-meta time");
    assert!(date[0].contains('年') && date[0].ends_with('日'), "{date:?}");
}

#[test]
fn a_right_to_left_language_gets_dir_rtl() {
    let dir = starter_site();
    let root = dir.path().join("site");
    let config = std::fs::read_to_string(root.join("portico.yaml")).unwrap();
    let config = config.replace(
        "    name: 日本語\n",
        "    name: 日本語\n  - code: ar\n    name: العربية\n",
    );
    write(&root, "portico.yaml", &config);
    write(
        &root,
        "content/ar/guides/getting-started.md",
        "---\ntitle: البدء\n---\nمرحبا.\n",
    );
    let built = build_ok(&root, false);
    for rel in ["ar/index.html", "ar/guides/getting-started/index.html"] {
        let doc = built.html(rel);
        assert_eq!(attrs(&doc, "html", "dir"), vec!["rtl"], "{rel}");
        assert_eq!(attrs(&doc, "html", "lang"), vec!["ar"], "{rel}");
    }
    let en = built.html("en/guides/getting-started/index.html");
    assert_eq!(switcher(&en)["ar"], "/ar/guides/getting-started/");
    assert_eq!(attrs(&en, "html", "dir"), vec!["ltr"]);
}
