//! Builds the example help center in `content/` and checks the real output:
//! parsed HTML, JSON-LD, sitemap and redirects.

mod common;

use common::{attrs, build_ok, example_root, percent_encode, sel, texts, Built};
use std::collections::BTreeSet;
use std::sync::OnceLock;

fn site() -> &'static Built {
    static SITE: OnceLock<Built> = OnceLock::new();
    SITE.get_or_init(|| build_ok(&example_root(), false))
}

/// Pages that stand outside the content tree (no breadcrumbs expected).
fn is_generated(rel: &str) -> bool {
    let doc = site().html(rel);
    let kind = attrs(&doc, "body", "class").join(" ");
    let fallback_copy = doc.select(&sel(".fallback-notice")).next().is_some();
    rel == "index.html"
        || rel == "404.html"
        || rel.ends_with("/search/index.html")
        || rel.contains("/support/")
        || kind == "kind-redirect"
        || fallback_copy
}

#[test]
fn every_page_has_title_lang_one_h1_and_skip_link_target() {
    let files = site().html_files();
    assert!(files.len() > 60, "expected the whole example site, got {}", files.len());
    for rel in files {
        let doc = site().html(&rel);
        let title = texts(&doc, "head > title");
        assert_eq!(title.len(), 1, "{rel}");
        assert!(!title[0].is_empty(), "{rel}: empty title");
        let lang = attrs(&doc, "html", "lang");
        let expected = match rel.split('/').next() {
            Some("ja") => "ja",
            _ => "en",
        };
        assert_eq!(lang, vec![expected.to_string()], "{rel}");
        assert_eq!(doc.select(&sel("h1")).count(), 1, "{rel}: exactly one h1");
        assert_eq!(doc.select(&sel("main#main")).count(), 1, "{rel}: main landmark");
        assert_eq!(attrs(&doc, "a.skip-link", "href"), vec!["#main".to_string()], "{rel}");
    }
}

#[test]
fn ids_are_unique_and_toc_anchors_exist() {
    for rel in site().html_files() {
        let doc = site().html(&rel);
        let ids: Vec<String> = attrs(&doc, "[id]", "id");
        let unique: BTreeSet<&String> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "{rel}: duplicate ids");
        for href in attrs(&doc, "nav.toc a", "href") {
            let id = href.strip_prefix('#').expect("toc links are fragments");
            assert!(ids.iter().any(|i| i == id), "{rel}: TOC anchor {href} has no target");
        }
    }
}

#[test]
fn content_pages_have_breadcrumbs_ending_at_themselves() {
    let mut checked = 0;
    for rel in site().html_files() {
        let home = rel == "en/index.html" || rel == "ja/index.html";
        if home || is_generated(&rel) {
            continue;
        }
        let doc = site().html(&rel);
        let crumbs = attrs(&doc, "nav.breadcrumbs li a", "href");
        assert!(crumbs.len() >= 2, "{rel}: breadcrumbs {crumbs:?}");
        let lang = rel.split('/').next().unwrap();
        assert_eq!(
            crumbs[0],
            format!("/{lang}/"),
            "{rel}: breadcrumbs start at the language home"
        );
        let current = attrs(&doc, "nav.breadcrumbs a[aria-current=page]", "href");
        assert_eq!(current.len(), 1, "{rel}");
        assert_eq!(
            format!("{}index.html", current[0].trim_start_matches('/')),
            rel,
            "{rel}: last crumb is the page"
        );
        let ld: Vec<serde_json::Value> = doc
            .select(&sel("script[type='application/ld+json']"))
            .map(|s| serde_json::from_str(&s.text().collect::<String>()).expect("valid JSON-LD"))
            .collect();
        assert!(
            ld.iter().any(|v| v["@type"] == "BreadcrumbList"),
            "{rel}: BreadcrumbList JSON-LD"
        );
        checked += 1;
    }
    assert!(checked > 40, "checked {checked}");
}

#[test]
fn code_blocks_are_highlighted_with_classes() {
    let mut langs = BTreeSet::new();
    for rel in site().html_files() {
        let doc = site().html(&rel);
        for pre in doc.select(&sel("pre.code[data-lang]")) {
            let lang = pre.value().attr("data-lang").unwrap().to_string();
            let spans = pre.select(&sel("span[class^='hl-']")).count();
            if [
                "rust",
                "typescript",
                "toml",
                "dockerfile",
                "python",
                "bash",
                "json",
                "yaml",
            ]
            .contains(&lang.as_str())
            {
                assert!(spans > 0, "{rel}: {lang} block has no highlight classes");
                langs.insert(lang);
            }
            assert!(pre.value().attr("style").is_none(), "{rel}: inline colours");
        }
    }
    assert!(langs.len() >= 5, "expected code in several languages, got {langs:?}");
    let css = site().read("assets/highlight.css");
    assert!(css.contains(".hl-") && css.contains("prefers-color-scheme: dark"));
}

#[test]
fn faq_category_pages_carry_faqpage_json_ld_with_every_question() {
    for lang in ["en", "ja"] {
        let index = site().html(&format!("{lang}/faq/index.html"));
        let categories = attrs(&index, ".faq-category h2 a", "href");
        assert_eq!(categories.len(), 2, "{lang}: two FAQ categories");
        let mut total = 0;
        for (i, url) in categories.iter().enumerate() {
            let listed: Vec<String> = index
                .select(&sel(".faq-category"))
                .nth(i)
                .unwrap()
                .select(&sel("li a"))
                .map(|a| a.text().collect::<String>())
                .collect();
            let page = site().html(&format!("{}index.html", url.trim_start_matches('/')));
            let ld: serde_json::Value = page
                .select(&sel("script[type='application/ld+json']"))
                .map(|s| serde_json::from_str::<serde_json::Value>(&s.text().collect::<String>()).unwrap())
                .find(|v| v["@type"] == "FAQPage")
                .expect("FAQPage JSON-LD");
            let names: Vec<String> = ld["mainEntity"]
                .as_array()
                .unwrap()
                .iter()
                .map(|q| q["name"].as_str().unwrap().to_string())
                .collect();
            assert_eq!(names, listed, "{url}: JSON-LD questions match the category's questions");
            for q in ld["mainEntity"].as_array().unwrap() {
                assert_eq!(q["@type"], "Question");
                assert!(!q["acceptedAnswer"]["text"].as_str().unwrap().is_empty());
            }
            total += names.len();
        }
        let sources = std::fs::read_dir(example_root().join(format!("content/{lang}/faq")))
            .unwrap()
            .filter(|e| e.as_ref().unwrap().file_name() != "_index.md")
            .count();
        assert_eq!(total, sources, "{lang}: every FAQ file appears in exactly one category");
        assert!(total >= 8);
    }
}

#[test]
fn drafts_are_excluded_unless_asked_for() {
    let draft = "en/guides/returns-portal-beta/index.html";
    assert!(!site().out().join(draft).exists());
    assert!(!site().read("sitemap.xml").contains("returns-portal-beta"));
    let with_drafts = build_ok(&example_root(), true);
    assert!(with_drafts.out().join(draft).exists());
}

#[test]
fn aliases_redirect_with_rules_and_html_fallback() {
    let rules = site().read("_redirects");
    let rule = rules
        .lines()
        .find(|l| l.starts_with("/en/guides/old-webhooks-guide/ "))
        .expect("alias rule");
    let target = rule.split_whitespace().nth(1).unwrap();
    assert!(rule.ends_with(" 301"));
    assert!(site()
        .out()
        .join(format!("{}index.html", target.trim_start_matches('/')))
        .exists());
    let fallback = site().html("en/guides/old-webhooks-guide/index.html");
    let refresh = attrs(&fallback, "meta[http-equiv=refresh]", "content");
    assert_eq!(refresh, vec![format!("0; url={target}")]);
    assert_eq!(
        attrs(&fallback, "meta[name=robots]", "content"),
        vec!["noindex".to_string()]
    );
}

#[test]
fn sitemap_lists_every_indexable_page_and_nothing_else() {
    let sitemap = scraper::Html::parse_document(&site().read("sitemap.xml"));
    let base = "https://help.parcelbox.example";
    let locs: BTreeSet<String> = sitemap.select(&sel("loc")).map(|l| l.text().collect()).collect();
    let mut expected = BTreeSet::new();
    for rel in site().html_files() {
        let doc = site().html(&rel);
        if !attrs(&doc, "meta[name=robots]", "content").is_empty() || rel == "404.html" {
            continue;
        }
        let url = format!("/{}", rel.trim_end_matches("index.html"));
        // Pages that name another page canonical (older docs versions) are left out.
        let canonical = attrs(&doc, "link[rel=canonical]", "href");
        if canonical != vec![format!("{base}{url}")] {
            continue;
        }
        expected.insert(format!("{base}{}", percent_encode(&url)));
    }
    assert_eq!(locs, expected);
}

#[test]
fn the_japanese_sample_builds_as_it_is() {
    let doc = site().html("ja/glossary/Support-Portal/index.html");
    assert_eq!(texts(&doc, "h1"), vec!["サポートポータル".to_string()]);
    let h2_ids = attrs(&doc, ".prose h2", "id");
    assert!(h2_ids.contains(&"サポートポータルとは".to_string()), "{h2_ids:?}");
    assert!(
        h2_ids.contains(&"実装サポートポータルの構築と統合".to_string()),
        "{h2_ids:?}"
    );
    assert!(
        doc.select(&sel(".prose table th")).count() >= 2,
        "table with header cells"
    );
    assert!(doc.select(&sel(".prose table tbody tr")).count() >= 6);
    let alternates = attrs(&doc, "link[rel=alternate][hreflang=en]", "href");
    assert_eq!(
        alternates,
        vec!["https://help.parcelbox.example/en/glossary/support-portal/".to_string()]
    );
}

#[test]
fn security_headers_and_robots_are_written() {
    let headers = site().read("_headers");
    assert!(headers.contains("Content-Security-Policy: default-src 'self'; script-src 'self'"));
    assert!(!headers.contains("unsafe-inline"));
    assert!(site()
        .read("robots.txt")
        .contains("Sitemap: https://help.parcelbox.example/sitemap.xml"));
    for rel in site().html_files() {
        let doc = site().html(&rel);
        // Scripts are files of the site (the CSP allows nothing else); the
        // only inline ones are JSON-LD data, which browsers never run.
        for s in doc.select(&sel("script")) {
            let v = s.value();
            match v.attr("src") {
                Some(src) => {
                    assert!(src.starts_with("/assets/"), "{rel}: script {src} is not the site's own");
                    assert_eq!(s.inner_html().trim(), "", "{rel}: a script with src has no body");
                }
                None => assert_eq!(v.attr("type"), Some("application/ld+json"), "{rel}: no inline scripts"),
            }
        }
        assert!(
            doc.select(&sel("[style]")).next().is_none(),
            "{rel}: no inline styles (CSP)"
        );
    }
}
