use super::*;

const GOOD_HEAD: &str = "<!DOCTYPE html><html lang=\"en\"><head><title>T</title></head>";

fn page(body: &str) -> String {
    format!("{GOOD_HEAD}<body><a href=\"#main\">Skip</a><main id=\"main\"><h1>Title</h1>{body}</main></body></html>")
}

fn rules_of(html: &str) -> Vec<&'static str> {
    let mut r: Vec<&str> = check_page(html).into_iter().map(|f| f.rule).collect();
    r.sort();
    r.dedup();
    r
}

#[test]
fn a_clean_page_has_no_findings() {
    let html = page(
        "<h2>A</h2><p><a href=\"/x/\">Shipping rates</a></p><img src=\"a.png\" alt=\"\"><table><tr><th>H</th></tr></table>\
         <label for=\"q\">Search</label><input id=\"q\"><button>Go</button><iframe src=\"v\" title=\"Video\"></iframe>",
    );
    assert_eq!(rules_of(&html), Vec::<&str>::new());
}

#[test]
fn page_level_rules_fire() {
    let html = "<html><head></head><body><main></main><main></main></body></html>";
    assert_eq!(
        rules_of(html),
        vec![
            "bypass",
            "document-title",
            "html-has-lang",
            "landmark-one-main",
            "page-has-heading-one"
        ]
    );
    let html = "<html lang=\"english\"><head><title>T</title></head><body><a href=\"#nope\">Skip</a><main><h1>T</h1></main></body></html>";
    assert_eq!(rules_of(html), vec!["html-lang-valid", "skip-link"]);
}

#[test]
fn content_rules_fire_and_carry_their_source_marker() {
    let body = "<!--pl:4:10--><h3>Skipped</h3><!--pl:4:12--><p><img src=\"x.png\"> <a href=\"/y/\">click here</a> <a href=\"/z/\"></a></p>\
                <!--pl:4:14--><table><tr><td>a</td></tr></table><p lang=\"english\">x</p><iframe src=\"v\"></iframe><video src=\"v.mp4\"></video>\
                <input name=\"email\"><select name=\"s\"></select><button></button><h2 id=\"d\"></h2><p id=\"d\">x</p><!--pl:end--><h1>Second</h1>";
    let findings = check_page(&page(body));
    let find = |rule: &str| {
        findings
            .iter()
            .find(|f| f.rule == rule)
            .unwrap_or_else(|| panic!("no {rule}: {findings:?}"))
    };
    assert_eq!(find("heading-order").source, Some((4, 10)));
    assert_eq!(find("image-alt").source, Some((4, 12)));
    assert_eq!(find("image-alt").dest.as_deref(), Some("x.png"));
    assert_eq!(find("link-text-vague").dest.as_deref(), Some("/y/"));
    assert_eq!(find("link-name").dest.as_deref(), Some("/z/"));
    for rule in [
        "td-has-header",
        "valid-lang",
        "frame-title",
        "video-caption",
        "label",
        "select-name",
        "button-name",
        "empty-heading",
        "duplicate-id",
    ] {
        assert_eq!(find(rule).source, Some((4, 14)), "{rule}");
    }
    // After the end marker, findings belong to the theme again.
    assert_eq!(find("page-has-heading-one").source, None);
}

#[test]
fn japanese_vague_link_text_is_caught_and_names_are_computed() {
    let html = page("<p><a href=\"/a/\">こちら</a> <a href=\"/b/\" aria-label=\"料金表\">こちら</a> <a href=\"/c/\"><img src=\"i.png\" alt=\"Home\"></a></p>");
    let vague: Vec<_> = check_page(&html)
        .into_iter()
        .filter(|f| f.rule == "link-text-vague")
        .collect();
    assert_eq!(vague.len(), 1);
    assert_eq!(vague[0].dest.as_deref(), Some("/a/"));
}

#[test]
fn language_tags_are_checked_for_shape() {
    assert!(valid_lang("en") && valid_lang("pt-BR") && valid_lang("zh-Hant-TW") && valid_lang("ja"));
    assert!(!valid_lang("english") && !valid_lang("") && !valid_lang("e") && !valid_lang("en_US"));
}

#[test]
fn code_block_bodies_are_skipped_but_the_rest_is_kept() {
    let html = "<p>a</p><pre class=\"code\" tabindex=\"0\"><code><span>x</span><img src=y></code></pre><p>b</p>";
    assert_eq!(
        without_code_bodies(html),
        "<p>a</p><pre class=\"code\" tabindex=\"0\"></pre><p>b</p>"
    );
    let page_html =
        "<html lang=\"en\"><head><meta charset=\"utf-8\"><title>T</title><link rel=x></head><body></body></html>";
    assert_eq!(
        without_code_bodies(page_html),
        "<html lang=\"en\"><head><title>T</title></head><body></body></html>"
    );
    assert!(rules_of(&page(html)).is_empty());
}
