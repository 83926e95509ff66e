//! The hostile content corpus, part two: input that is odd but legitimate
//! (BOMs, CRLF, NUL bytes, huge or deeply nested pages) or that tries to
//! inject markup through front matter. Each must build, and the output is
//! parsed to check that text stayed text. `common::hostile` fails a case on
//! a panic, a hang or a write outside the output folder.

mod common;

use common::hostile::{assert_no_script_injection, Case};
use common::{attrs, sel, texts};

const G: &str = "content/en/guides";

fn h1(case: &common::hostile::Outcome, page: &str) -> String {
    texts(&case.html(page), "h1").concat()
}

#[test]
fn bom_and_crlf_are_read_as_text() {
    let bom = Case::new("utf8-bom").build();
    assert_eq!(h1(&bom, "en/guides/bom/index.html"), "With BOM");
    let crlf = Case::new("crlf-line-endings").build();
    let doc = crlf.html("en/guides/crlf/index.html");
    assert_eq!(texts(&doc, "h1").concat(), "Windows line endings");
    assert_eq!(attrs(&doc, "meta[name=description]", "content"), ["Saved on Windows"]);
    assert_eq!(texts(&doc, "main h2").first().map(String::as_str), Some("Heading"));
    let config = Case::new("config-bom-crlf").build();
    assert!(texts(&config.html("en/index.html"), "title")
        .concat()
        .contains("My Help Center"));
}

#[test]
fn nul_in_body_is_replaced() {
    let case = Case::new("nul-in-body").build();
    let page = case.read("en/guides/nul/index.html");
    assert!(!page.contains('\0'));
    assert!(
        page.contains("Before\u{fffd}after."),
        "NUL becomes U+FFFD as CommonMark says"
    );
}

#[test]
fn bidi_and_zero_width_characters_stay_text() {
    let case = Case::new("bidi-zero-width-title").build();
    let title = "Invoice \u{202e}gpj.exe\u{202c} \u{200b}zero\u{200d}width";
    assert_eq!(h1(&case, "en/guides/bidi/index.html"), title);
    assert_no_script_injection(&case);
}

#[test]
fn script_in_title_is_escaped_everywhere() {
    let case = Case::new("title-script-injection").build();
    let raw = "</title><script>alert(1)</script>";
    let doc = case.html("en/guides/xss/index.html");
    assert_eq!(texts(&doc, "h1").concat(), raw);
    assert!(texts(&doc, "title").concat().starts_with(raw));
    assert_eq!(attrs(&doc, "meta[property='og:title']", "content"), [raw]);
    for json in texts(&doc, "script[type='application/ld+json']") {
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert!(!json.contains("</"), "JSON-LD must not hold `</`: {json}");
        let _ = v;
    }
    assert_no_script_injection(&case);
}

#[test]
fn attribute_injection_in_description_keywords_and_tags() {
    let case = Case::new("description-attribute-injection").build();
    let doc = case.html("en/guides/xss/index.html");
    assert_eq!(
        attrs(&doc, "meta[name=description]", "content"),
        ["\"><img src=x onerror=alert(1)>"]
    );
    assert!(doc.select(&sel("img[onerror]")).next().is_none());
    assert_no_script_injection(&case);
    let case = Case::new("keywords-tags-injection").build();
    assert!(!case.read("en/guides/xss/index.html").contains("<svg onload"));
    assert_no_script_injection(&case);
}

#[test]
fn markup_in_faq_category_is_escaped() {
    let case = Case::new("faq-category-injection").build();
    let faq = case.read("en/faq/index.html");
    assert!(
        faq.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "category shown as text"
    );
    assert_no_script_injection(&case);
}

#[test]
fn markup_in_code_fence_language_and_heading_id() {
    let case = Case::new("code-fence-language-injection").build();
    let doc = case.html("en/guides/fence/index.html");
    assert_eq!(texts(&doc, "pre").concat().trim(), "code");
    assert_no_script_injection(&case);
    let case = Case::new("heading-attribute-injection").build();
    let doc = case.html("en/guides/heading/index.html");
    assert!(doc.select(&sel("[onmouseover]")).next().is_none());
    assert_no_script_injection(&case);
}

/// serde_yaml reads `!!binary` as the plain string: no decoded bytes (here
/// `<script>`) reach the page.
#[test]
fn binary_tag_stays_text() {
    let case = Case::new("fm-yaml-binary-tag").build();
    assert_eq!(h1(&case, "en/guides/binary/index.html"), "PHNjcmlwdD4=");
    assert_no_script_injection(&case);
}

#[test]
fn type_is_a_template_name_not_a_path() {
    let case = Case::new("type-traversal").build();
    assert_eq!(h1(&case, "en/guides/type/index.html"), "Type");
}

#[test]
fn unclosed_code_fence_and_bare_front_matter() {
    let case = Case::new("unclosed-code-fence").build();
    let doc = case.html("en/guides/fence/index.html");
    assert_eq!(texts(&doc, "main pre").concat().trim(), "fn main() {");
    assert!(
        doc.select(&sel("footer")).next().is_some(),
        "the template after the body is intact"
    );
    let case = Case::new("only-front-matter").build();
    assert_eq!(h1(&case, "en/guides/bare/index.html"), "Just front matter");
}

/// Raw HTML is the writer's (as in Hugo with `unsafe: true`); what stops an
/// injected inline script from running is the site's CSP.
#[test]
fn raw_script_is_blocked_by_the_csp() {
    let case = Case::new("raw-html-script").build();
    let headers = case.read("_headers");
    let csp = headers.lines().find(|l| l.contains("Content-Security-Policy")).unwrap();
    let script_src = csp.split(';').find(|d| d.contains("script-src")).unwrap();
    assert!(!script_src.contains("unsafe-inline"), "{csp}");
}

#[test]
fn huge_pages_build() {
    let case = Case::new("huge-line");
    case.write(
        &format!("{G}/line.md"),
        format!("---\ntitle: Line\n---\n{}\n", "word ".repeat(400_000)),
    );
    assert_eq!(h1(&case.build(), "en/guides/line/index.html"), "Line");
    let case = Case::new("huge-title");
    let title = "T".repeat(100_000);
    case.write(&format!("{G}/title.md"), format!("---\ntitle: {title}\n---\nBody.\n"));
    assert_eq!(h1(&case.build(), "en/guides/title/index.html"), title);
}

#[test]
fn ten_megabyte_page_builds() {
    let case = Case::new("ten-mb-page");
    let mut page = String::from("---\ntitle: Ten megabytes\n---\n");
    let para = |n: usize| format!("Some *text* with `code`, then [part one](#part-1) and a [link](#part-{n}).");
    let mut n = 0;
    while page.len() < 10 << 20 {
        n += 1;
        page.push_str(&format!("## Part {n}\n\n{}\n\n", para(n)));
    }
    case.write(&format!("{G}/big.md"), page);
    // "link" is vague link text: one accessibility warning per part, each
    // placed at its own line and column (this took hours while every
    // finding scanned every link of the page).
    let outcome = case.build();
    let vague: Vec<_> = outcome
        .ok()
        .iter()
        .filter(|d| d.message.contains("link-text-vague"))
        .collect();
    assert_eq!(vague.len(), n);
    let last = vague.iter().max_by_key(|d| d.line).unwrap();
    let col = para(n).find("[link]").unwrap() + 1;
    assert_eq!((last.line, last.col), (4 * n + 2, col), "{last}");
}

#[test]
fn many_identical_headings_get_unique_ids() {
    let case = Case::new("many-headings");
    case.write(
        &format!("{G}/heads.md"),
        format!("---\ntitle: Heads\n---\n{}", "## Same\n\nText.\n\n".repeat(20_000)),
    );
    let out = case.build();
    let doc = out.html("en/guides/heads/index.html");
    let ids: Vec<&str> = doc
        .select(&sel("main h2"))
        .filter(|h| h.text().collect::<String>().trim() == "Same")
        .filter_map(|h| h.value().attr("id"))
        .collect();
    let unique: std::collections::HashSet<_> = ids.iter().collect();
    assert_eq!((ids.len(), unique.len()), (20_000, 20_000));
}

#[test]
fn deep_nesting_does_not_overflow_the_stack() {
    for (name, body) in [
        ("deep-list", "- ".repeat(10_000) + "leaf\n"),
        ("deep-blockquote", ">".repeat(10_000) + " leaf\n"),
        (
            "deep-html",
            "<div>".repeat(10_000) + "leaf" + &"</div>".repeat(10_000) + "\n",
        ),
    ] {
        let case = Case::new(name);
        case.write(&format!("{G}/deep.md"), format!("---\ntitle: Deep\n---\n{body}"));
        let out = case.build();
        assert!(out.read("en/guides/deep/index.html").contains("leaf"), "{name}");
    }
}

#[test]
fn many_links_are_checked() {
    let case = Case::new("many-links");
    case.write(
        &format!("{G}/links.md"),
        format!(
            "---\ntitle: Links\n---\n{}",
            "[start](getting-started.md) ".repeat(20_000)
        ),
    );
    let out = case.build();
    let hrefs = attrs(
        &out.html("en/guides/links/index.html"),
        "main p a[href='/en/guides/getting-started/']",
        "href",
    );
    assert_eq!(hrefs.len(), 20_000);
}

#[test]
fn footnotes_and_references_that_cite_themselves() {
    let case = Case::new("footnote-self-reference").build();
    assert_eq!(h1(&case, "en/guides/foot/index.html"), "Foot");
    let case = Case::new("link-reference-definitions-many").build();
    let doc = case.html("en/guides/refs/index.html");
    let links: Vec<(String, String)> = doc
        .select(&sel("main p a"))
        .map(|a| {
            (
                a.text().collect::<String>(),
                a.value().attr("href").unwrap_or("").to_string(),
            )
        })
        .filter(|(t, _)| t.len() == 1)
        .collect();
    let want = [
        ("a", "/en/faq/reset-password/"),
        ("b", "/en/guides/getting-started/#create-an-account"),
        ("c", "/en/guides/getting-started/"),
    ];
    let want: Vec<(String, String)> = want.iter().map(|(t, h)| (t.to_string(), h.to_string())).collect();
    assert_eq!(links, want);
}

#[cfg(unix)]
#[test]
fn symlinks_are_not_followed() {
    let case = Case::new("symlink-loop");
    std::os::unix::fs::symlink("..", case.root().join(format!("{G}/loop"))).unwrap();
    let out = case.build();
    let warned = out
        .ok()
        .iter()
        .any(|d| d.path.ends_with("loop") && d.message.contains("symbolic link"));
    assert!(warned, "{}", common::messages(out.ok()));
    let case = Case::new("symlink-outside");
    let secret = case.tmp.path().join("secret.md");
    std::fs::write(&secret, "---\ntitle: Top secret\n---\nhunter2\n").unwrap();
    std::os::unix::fs::symlink(&secret, case.root().join(format!("{G}/secret.md"))).unwrap();
    let out = case.build();
    assert!(!out.out.join("en/guides/secret").exists());
    for (rel, doc) in out.pages() {
        assert!(!doc.html().contains("hunter2"), "{rel} published the linked file");
    }
}

#[cfg(unix)]
#[test]
fn markup_in_a_file_name() {
    let case = Case::new("filename-markup");
    case.write(
        &format!("{G}/\"><img src=x onerror=alert(1)>.md"),
        "---\ntitle: Name\n---\nBody.\n",
    );
    let outcome = case.build();
    match &outcome.result {
        Ok(_) => assert_no_script_injection(&outcome),
        Err(_) => {
            outcome.error_at(&format!("{G}/\"><img src=x onerror=alert(1)>.md"), 0, "file name");
        }
    }
}
