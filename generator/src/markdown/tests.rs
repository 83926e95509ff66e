use super::*;
use crate::paths::UrlPath;

struct Site;
impl Resolve for Site {
    fn link(&self, dest: &str) -> Reference {
        if dest.starts_with("https://") {
            Reference::External
        } else if let Some(f) = dest.strip_prefix('#') {
            Reference::SamePage { fragment: f.into() }
        } else if dest == "other.md" {
            Reference::Internal {
                url: UrlPath::from_segments(&["en", "other"]),
                fragment: None,
                href: "/en/other/".into(),
            }
        } else {
            Reference::Unresolved {
                reason: "no such file".into(),
            }
        }
    }
    fn image(&self, _dest: &str) -> Reference {
        Reference::Internal {
            url: UrlPath::parse_site_path("/images/a.svg").unwrap(),
            fragment: None,
            href: "/images/a.svg".into(),
        }
    }
}
struct En;
impl Labels for En {
    fn label(&self, key: &str) -> String {
        format!("[{key}]")
    }
}

fn md(body: &str) -> Rendered {
    render(body, 10, 0, &Site, &En)
}

#[test]
fn japanese_headings_get_readable_unique_ids() {
    let r = md("## サポートポータルとは?\n\n### 1. 安全な認証\n\n### ユーザー向け\n\n### ユーザー向け\n");
    let ids: Vec<_> = r.toc.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        ids,
        ["サポートポータルとは", "1-安全な認証", "ユーザー向け", "ユーザー向け-1"]
    );
    assert!(r.html.contains("<h2 id=\"サポートポータルとは\">"), "{}", r.html);
    assert_eq!(r.toc[0].title, "サポートポータルとは?");
}

#[test]
fn explicit_heading_id_wins() {
    let r = md("## Setup steps {#setup}\n");
    assert_eq!(r.toc[0].id, "setup");
    assert_eq!(r.toc[0].title, "Setup steps");
}

#[test]
fn code_is_highlighted_with_classes_and_unknown_languages_stay_plain() {
    let r = md("```rust\nasync fn main() {}\n```\n\n```pbxquery\nfind <x>\n```\n");
    assert!(r.html.contains(
        "<pre class=\"code\" tabindex=\"0\" data-lang=\"rust\"><code class=\"language-rust\"><span class=\"hl-"
    ));
    assert!(r.html.contains("find &lt;x&gt;"));
    assert!(!r.html.contains("style="));
}

#[test]
fn callouts_tables_tasks_footnotes_strikethrough() {
    let r = md("> [!WARNING]\n> Careful.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n- [ ] todo\n\nText[^n] ~~old~~\n\n[^n]: Note.\n");
    assert!(r
        .html
        .contains("<div class=\"callout callout-warning\"><p class=\"callout-title\">[callout_warning]</p>"));
    assert!(r.html.contains("<div class=\"table-scroll\" tabindex=\"0\">\n<table>"));
    assert!(r.html.contains("<th>a</th>"));
    assert!(r.html.contains("task task-done"));
    assert!(r.html.contains("<del>old</del>"));
    assert!(r.ids.contains(&"n".to_string()), "{:?}", r.ids);
}

#[test]
fn links_are_resolved_marked_and_located() {
    let r =
        md("Intro\n\nSee [other](other.md), [docs](https://example.com) and [gone](gone.md).\n\n![A chart](a.svg)\n");
    assert!(r.html.contains("<a href=\"/en/other/\">other</a>"), "{}", r.html);
    assert!(r
        .html
        .contains("<a class=\"external\" rel=\"external noopener\" href=\"https://example.com\">docs</a>"));
    assert!(r.html.contains("<img src=\"/images/a.svg\" alt=\"A chart\""));
    let gone = r.refs.iter().find(|f| f.dest == "gone.md").unwrap();
    assert_eq!((gone.line, gone.col), (12, 56));
    assert!(matches!(gone.reference, Reference::Unresolved { .. }));
    assert_eq!(r.refs.iter().filter(|f| f.kind == RefKind::Image).count(), 1);
    assert_eq!(r.summary, "Intro");
}

#[test]
fn words_count_cjk_as_half_words() {
    assert_eq!(count_words("hello big world"), 3);
    assert_eq!(count_words("サポート"), 2);
}

#[test]
fn raw_html_ids_are_collected() {
    let r = md("<a id=\"legacy\"></a>\n\nText\n");
    assert!(r.ids.contains(&"legacy".to_string()));
}

#[test]
fn blocks_carry_source_markers_and_images_their_alt_text() {
    let body = "Intro line\n\n## Heading\n\n![](a.png) and ![\"\"](b.png) and ![A cat](c.png)\n";
    let r = render(body, 5, 3, &Site, &En);
    assert!(r.html.contains("<!--pl:3:5-->\n<p>Intro line</p>"), "{}", r.html);
    assert!(r.html.contains("<!--pl:3:7-->\n<h2"), "{}", r.html);
    let images: Vec<(&str, &str, bool)> = r
        .refs
        .iter()
        .map(|f| (f.dest.as_str(), f.text.as_str(), f.decorative))
        .collect();
    assert_eq!(
        images,
        vec![("a.png", "", false), ("b.png", "\"\"", true), ("c.png", "A cat", false)]
    );
    assert!(r.html.contains("<img src=\"/images/a.svg\" alt=\"\" />"), "{}", r.html);
    assert!(!r.html.contains("&quot;&quot;"), "{}", r.html);
}

#[test]
fn the_text_under_each_heading_is_kept_for_search() {
    let body = "Intro with `E1042`.\n\n## Void a label {#void}\n\nVoid it\nwithin **30 days**.\n\n```rust\nlet x = pbx::void();\n```\n\n| A | B |\n|---|---|\n| c | d |\n";
    let r = render(body, 1, 0, &Site, &En);
    let sections: Vec<(&str, &str, &str)> = r
        .sections
        .iter()
        .map(|s| (s.anchor.as_str(), s.heading.as_str(), s.text.as_str()))
        .collect();
    assert_eq!(
        sections,
        vec![
            ("", "", "Intro with E1042."),
            (
                "void",
                "Void a label",
                "Void it within 30 days. let x = pbx::void();\nA B c d"
            )
        ]
    );
    let no_intro = render("## Only\n\nText\n", 1, 0, &Site, &En);
    assert_eq!(no_intro.sections.len(), 1);
    assert_eq!(no_intro.sections[0].anchor, "only");
}
