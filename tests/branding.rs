//! Brand settings over built sites: the contrast check of the palette,
//! custom domain, footer links, logo text, and several brands from one tree.

mod common;

use common::*;
use std::path::Path;

/// The generated palette stylesheet's value of `--c-<token>` in light mode.
fn light_token(css: &str, token: &str) -> String {
    let light = css.split("@media").next().unwrap();
    let needle = format!("--c-{token}: ");
    let start = light.find(&needle).unwrap_or_else(|| panic!("no {needle} in {css}")) + needle.len();
    light[start..start + 7].to_string()
}

#[test]
fn the_default_palette_passes_and_reaches_the_css() {
    let dir = starter_site();
    let root = dir.path().join("site");
    let built = build_ok(&root, false);
    let css = built.read("assets/brand.css");
    assert_eq!(light_token(&css, "primary"), "#1d4ed8", "the starter's brand primary");
    assert!(css.contains("@media (prefers-color-scheme: dark)"));
    let page = built.html("en/index.html");
    assert!(attrs(&page, "link[rel=stylesheet]", "href").contains(&"/assets/brand.css".to_string()));
}

#[test]
fn grey_text_on_white_fails_with_the_pair_ratio_line_and_a_fix() {
    let dir = starter_site();
    let root = dir.path().join("site");
    let config = std::fs::read_to_string(root.join("portico.yaml")).unwrap();
    let config = config.replace(
        "    primary: \"#1d4ed8\"\n",
        "    primary: \"#1d4ed8\"\n    text: \"#777\"\n",
    );
    write(&root, "portico.yaml", &config);
    let line = config.lines().position(|l| l.contains("#777")).unwrap() + 1;
    let problems = build(&root, false)
        .err()
        .expect("a failing palette must fail the build");
    let d = problems
        .iter()
        .find(|d| d.message.contains("text #777777 on bg #ffffff"))
        .unwrap_or_else(|| panic!("{}", messages(&problems)));
    assert!(d.is_error());
    assert_eq!((d.path.as_path(), d.line), (Path::new("portico.yaml"), line));
    assert!(
        d.message.contains("4.47:1") && d.message.contains("4.5:1"),
        "{}",
        d.message
    );
    let hint = d.hint.as_deref().unwrap();
    let fix = hint.split('#').nth(1).map(|h| format!("#{}", &h[..6])).unwrap();
    let rgb = portico::contrast::Rgb::parse(&fix).unwrap();
    assert!(
        portico::contrast::ratio(rgb, portico::contrast::Rgb(255, 255, 255)) >= 4.5,
        "{hint}"
    );
}

#[test]
fn domain_footer_links_and_word_mark_logo_are_rendered() {
    let dir = starter_site();
    let root = dir.path().join("site");
    let config = std::fs::read_to_string(root.join("portico.yaml")).unwrap().replace(
        "  logo_alt: My Company\n",
        "  logo_alt: My Company logo\n  show_name: false\n  domain: help.example.com\n  font: '\"Inter\", system-ui, sans-serif'\n  footer_links:\n    - label: { en: Status, ja: 稼働状況 }\n      url: https://status.example.com/\n",
    );
    write(&root, "portico.yaml", &config);
    let built = build_ok(&root, false);
    assert_eq!(built.read("CNAME"), "help.example.com\n");
    assert!(built
        .read("assets/brand.css")
        .contains("--font-body: \"Inter\", system-ui, sans-serif;"));
    let en = built.html("en/index.html");
    assert_eq!(attrs(&en, ".brand img", "alt"), vec!["My Company logo"]);
    assert!(texts(&en, ".brand-name").is_empty());
    assert_eq!(texts(&en, ".footer-links a"), vec!["Status"]);
    let ja = built.html("ja/index.html");
    assert_eq!(texts(&ja, ".footer-links a"), vec!["稼働状況"]);
    assert_eq!(
        attrs(&ja, ".footer-links a", "href"),
        vec!["https://status.example.com/"]
    );
}

#[test]
fn two_brands_build_two_sites_that_differ_as_declared() {
    let dir = starter_site();
    let root = dir.path().join("site");
    append(
        &root,
        "portico.yaml",
        "brands:\n  - id: acme\n    base_url: https://help.acme.example\n    brand:\n      name: Acme\n      logo: /images/acme.svg\n      colors:\n        primary: \"#b3261e\"\n  - id: globex\n    base_url: https://support.globex.example\n    title: Globex Support\n    brand:\n      name: Globex\n      logo: /images/globex.svg\n      colors:\n        primary: \"#006a4e\"\n",
    );
    write(
        &root,
        "static/images/acme.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    write(
        &root,
        "static/images/globex.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    write(
        &root,
        "content/en/guides/acme-only.md",
        "---\ntitle: Acme rockets\nbrands: [acme]\n---\nOnly for Acme customers.\n",
    );
    let built = build_ok(&root, false);
    let out = built.out();
    assert!(out.join("acme/en/guides/acme-only/index.html").exists());
    assert!(!out.join("globex/en/guides/acme-only").exists());
    assert!(out.join("globex/en/guides/getting-started/index.html").exists());
    assert!(!out.join("en").exists(), "brands live only in their own folders");

    let acme = built.html("acme/en/guides/getting-started/index.html");
    let globex = built.html("globex/en/guides/getting-started/index.html");
    assert_eq!(attrs(&acme, ".brand img", "src"), vec!["/images/acme.svg"]);
    assert_eq!(attrs(&globex, ".brand img", "src"), vec!["/images/globex.svg"]);
    assert_eq!(
        attrs(&acme, "link[rel=canonical]", "href"),
        vec!["https://help.acme.example/en/guides/getting-started/"]
    );
    assert_eq!(
        attrs(&globex, "link[rel=canonical]", "href"),
        vec!["https://support.globex.example/en/guides/getting-started/"]
    );
    assert!(texts(&globex, "title")[0].ends_with("Globex Support"));
    assert_eq!(light_token(&built.read("acme/assets/brand.css"), "primary"), "#b3261e");
    assert_eq!(
        light_token(&built.read("globex/assets/brand.css"), "primary"),
        "#006a4e"
    );
    assert!(built
        .read("globex/sitemap.xml")
        .contains("https://support.globex.example/en/"));
    assert!(!built.read("globex/sitemap.xml").contains("acme-only"));
}

#[test]
fn an_unknown_brand_in_front_matter_is_an_error_at_its_line() {
    let dir = starter_site();
    let root = dir.path().join("site");
    append(
        &root,
        "portico.yaml",
        "brands:\n  - id: acme\n    base_url: https://help.acme.example\n",
    );
    write(
        &root,
        "content/en/guides/x.md",
        "---\ntitle: X\nbrands: [acmee]\n---\nX\n",
    );
    let problems = build(&root, false).err().expect("must fail");
    let d = problems.iter().find(|d| d.message.contains("acmee")).unwrap();
    assert_eq!((d.path.as_path(), d.line), (Path::new("content/en/guides/x.md"), 3));
    assert!(d.hint.as_deref().unwrap().contains("`acme`"));
}
