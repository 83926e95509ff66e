use super::*;
use crate::content::SourceFile;

fn config() -> Config {
    Config::parse(
        "title: Help\nbase_url: https://h.example\ndefault_language: en\nlanguages:\n  - {code: en, name: English}\n  - {code: ja, name: 日本語}\ndocs:\n  versions:\n    - {name: v2, label: '2.x', latest: true}\n",
        std::path::Path::new("portico.yaml"),
    )
    .unwrap()
}

fn page(lang: &str, rel: &str, yaml: &str) -> Page {
    let front = FrontMatter::parse(
        yaml,
        crate::content::frontmatter::Format::Yaml,
        std::path::Path::new(rel),
    )
    .unwrap();
    Page {
        source: SourceFile {
            abs: PathBuf::from(format!("/site/content/{lang}/{rel}")),
            shown: PathBuf::from(format!("content/{lang}/{rel}")),
            lang: lang.into(),
            rel: rel.into(),
        },
        front,
        front_text: yaml.into(),
        front_format: crate::content::frontmatter::Format::Yaml,
        body: String::new(),
        body_line: 1,
    }
}

fn build_pages(pages: Vec<Page>) -> (SiteGraph, Diagnostics) {
    let titles = |lang: &str, dir: &str| (lang == "ja" && dir == "faq").then(|| "よくある質問".to_string());
    build(&config(), pages, Vec::new(), &HashMap::new(), &titles)
}

fn url_of<'g>(g: &'g SiteGraph, source: &str) -> &'g str {
    g.node(g.by_source[source]).url.as_str()
}

#[test]
fn urls_follow_folders_slugs_and_explicit_url() {
    let (g, problems) = build_pages(vec![
        page("en", "guides/setup.md", "title: Setup\n"),
        page("en", "guides/old.md", "title: Old\nslug: renamed\n"),
        page("en", "docs/v2/intro.md", "title: Intro\n"),
        page(
            "ja",
            "glossary/support-portal.md",
            "title: サポートポータル\nurl: \"/ja/glossary/Support-Portal/\"\n",
        ),
    ]);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(url_of(&g, "en/guides/setup.md"), "/en/guides/setup/");
    assert_eq!(
        url_of(&g, "en/guides/renamed.md".replace("renamed", "old").as_str()),
        "/en/guides/renamed/"
    );
    assert_eq!(
        url_of(&g, "ja/glossary/support-portal.md"),
        "/ja/glossary/Support-Portal/"
    );
    // Generated listing pages exist for every folder and language home.
    assert_eq!(url_of(&g, "en/guides/_index.md"), "/en/guides/");
    assert_eq!(url_of(&g, "ja/_index.md"), "/ja/");
    assert_eq!(g.node(g.by_source["en/guides/_index.md"]).page.front.title, "Guides");
}

#[test]
fn duplicate_urls_and_escaping_urls_are_errors() {
    let (_, problems) = build_pages(vec![
        page("en", "guides/a.md", "title: A\nslug: same\n"),
        page("en", "guides/b.md", "title: B\nslug: same\n"),
        page("en", "guides/c.md", "title: C\nurl: /../../etc/\n"),
    ]);
    let msgs: Vec<String> = problems.iter().map(|d| d.to_string()).collect();
    assert!(
        msgs.iter()
            .any(|m| m.contains("content/en/guides/b.md:3:1") && m.contains("already used by content/en/guides/a.md")),
        "{msgs:?}"
    );
    assert!(
        msgs.iter()
            .any(|m| m.contains("content/en/guides/c.md:3:1") && m.contains("..")),
        "{msgs:?}"
    );
}

#[test]
fn ordering_prev_next_and_translations() {
    let (g, _) = build_pages(vec![
        page("en", "guides/b.md", "title: B\nweight: 2\n"),
        page("en", "guides/a.md", "title: A\nweight: 1\n"),
        page("en", "guides/z.md", "title: Unweighted\n"),
        page("ja", "guides/a.md", "title: エー\n"),
        page("ja", "faq/q.md", "title: 質問\ncategory: 一般\n"),
        page("en", "glossary/x.md", "title: X\ntranslationKey: term\n"),
        page("ja", "glossary/y.md", "title: Y\ntranslationKey: term\n"),
    ]);
    let a = g.by_source["en/guides/a.md"];
    let b = g.by_source["en/guides/b.md"];
    let z = g.by_source["en/guides/z.md"];
    assert_eq!(g.node(g.node(a).parent.unwrap()).children, vec![a, b, z]);
    assert_eq!((g.node(b).prev, g.node(b).next), (Some(a), Some(z)));
    assert_eq!(g.node(a).translations, vec![g.by_source["ja/guides/a.md"]]);
    assert_eq!(g.node(g.by_source["ja/faq/_index.md"]).page.front.title, "よくある質問");
    assert_eq!(
        g.node(g.by_source["en/glossary/x.md"]).translations,
        vec![g.by_source["ja/glossary/y.md"]]
    );
}

#[test]
fn docs_versions_faq_categories_and_aliases() {
    let (g, problems) = build_pages(vec![
        page("en", "docs/v2/api/keys.md", "title: Keys\n"),
        page("en", "docs/v9/x.md", "title: X\n"),
        page("en", "faq/a.md", "title: Q1?\ncategory: Billing\n"),
        page("en", "faq/b.md", "title: Q2?\ncategory: Billing\n"),
        page("en", "faq/c.md", "title: Q3?\n"),
        page("en", "guides/new.md", "title: New\naliases: [/en/guides/old/]\n"),
    ]);
    let keys = g.by_source["en/docs/v2/api/keys.md"];
    assert_eq!(g.node(keys).version.as_deref(), Some("v2"));
    // The version's book starts at its first group; the version home has no prev.
    let api = g.by_source["en/docs/v2/api/_index.md"];
    assert_eq!((g.node(api).prev, g.node(api).next), (None, Some(keys)));
    assert_eq!(g.docs_root(keys), Some(g.by_source["en/docs/v2/_index.md"]));
    let msgs: Vec<String> = problems.iter().map(|d| d.to_string()).collect();
    assert!(
        msgs.iter()
            .any(|m| m.contains("`docs/v9/` is not a declared docs version")),
        "{msgs:?}"
    );
    assert!(
        msgs.iter()
            .any(|m| m.contains("content/en/faq/c.md") && m.contains("no `category`")),
        "{msgs:?}"
    );
    assert_eq!(g.faq_categories.len(), 1);
    assert_eq!(g.node(g.by_source["en/faq/_index.md"]).page.front.title, "Faq");
    assert_eq!(g.faq_categories[0].url.as_str(), "/en/faq/category/billing/");
    assert_eq!(g.faq_categories[0].questions.len(), 2);
    assert_eq!(g.redirects[0].from.as_str(), "/en/guides/old/");
    assert!(g.serves(&g.redirects[0].from));
}
