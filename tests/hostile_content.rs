//! The hostile content corpus, part one: input a docs writer (or an
//! attacker with commit access to a fork) can get wrong on purpose or by
//! accident, each refused with a clear error at `file:line`. Every build runs
//! through `common::hostile`, which also fails a case on a panic, a hang or
//! a file written outside the output folder. Part two, the inputs that must
//! render safely, is `hostile_render.rs`.

mod common;

use common::hostile::{corpus, Case};

const G: &str = "content/en/guides";

fn error_case(name: &'static str, file: &str, line: usize, needle: &str) {
    Case::new(name).build().error_at(file, line, needle);
}

#[test]
fn every_case_has_a_readme_and_a_test() {
    let tests = [include_str!("hostile_content.rs"), include_str!("hostile_render.rs")].concat();
    let mut names: Vec<String> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 50, "the corpus has only {} cases", names.len());
    for name in &names {
        let readme = std::fs::read_to_string(corpus().join(name).join("README")).unwrap_or_default();
        assert_eq!(
            readme.trim().lines().count(),
            1,
            "{name}/README must say in one line what it checks"
        );
        assert!(
            tests.contains(&format!("\"{name}\"")),
            "case {name} is not exercised by any test"
        );
    }
}

#[test]
fn invalid_utf8_names_the_line() {
    error_case("invalid-utf8", &format!("{G}/latin1.md"), 2, "not valid UTF-8");
}

#[test]
fn unclosed_front_matter() {
    error_case("unclosed-front-matter", &format!("{G}/open.md"), 1, "never closed");
}

#[test]
fn billion_laughs_in_front_matter_is_refused() {
    error_case("fm-billion-laughs", &format!("{G}/lol.md"), 4, "YAML aliases");
}

#[test]
fn billion_laughs_in_config_is_refused() {
    // Every config field is typed, so the first alias fails its type check
    // before anything expands (front matter keeps unknown keys, see above).
    error_case("config-billion-laughs", "portico.yaml", 10, "invalid type: sequence");
}

#[test]
fn deeply_nested_front_matter_is_refused() {
    let case = Case::new("fm-deep-nesting");
    let deep = format!(
        "---\ntitle: Deep\nx: {}{}\n---\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    case.write(&format!("{G}/deep.md"), deep);
    case.build()
        .error_at(&format!("{G}/deep.md"), 3, "nested more than 64 levels");
}

#[test]
fn deeply_nested_toml_front_matter_is_refused() {
    let case = Case::new("fm-toml-deep-nesting");
    let arrays = format!(
        "+++\ntitle = \"Deep\"\nx = {}{}\n+++\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    case.write(&format!("{G}/deep.md"), arrays);
    let tables = format!(
        "+++\ntitle = \"Deep\"\n\ny = {}1{}\n+++\n",
        "{ a = ".repeat(100_000),
        " }".repeat(100_000)
    );
    case.write(&format!("{G}/tables.md"), tables);
    let outcome = case.build();
    outcome.error_at(&format!("{G}/deep.md"), 3, "TOML front matter");
    outcome.error_at(&format!("{G}/tables.md"), 4, "TOML front matter");
}

#[test]
fn toml_front_matter_mistakes_point_at_their_lines() {
    error_case("fm-toml-unclosed", &format!("{G}/open.md"), 1, "`+++` is never closed");
    error_case(
        "fm-toml-wrong-type",
        &format!("{G}/weight.md"),
        3,
        "`weight`: invalid type",
    );
    error_case("fm-toml-duplicate-key", &format!("{G}/twice.md"), 3, "duplicate key");
}

#[test]
fn deeply_nested_config_is_refused() {
    let case = Case::new("config-deep-nesting");
    let mut config = std::fs::read_to_string(case.root().join("portico.yaml")).unwrap();
    config.push_str(&format!("extra: {}{}\n", "{a: ".repeat(100_000), "}".repeat(100_000)));
    let line = config.lines().count();
    case.write("portico.yaml", config);
    case.build()
        .error_at("portico.yaml", line, "nested more than 64 levels");
}

#[test]
fn wrong_types_in_front_matter_point_at_the_key() {
    error_case("fm-title-wrong-type", &format!("{G}/list-title.md"), 3, "invalid type");
    error_case("fm-tags-wrong-type", &format!("{G}/tags.md"), 4, "invalid type");
    error_case("fm-weight-wrong-type", &format!("{G}/weight.md"), 3, "invalid type");
    error_case("fm-draft-wrong-type", &format!("{G}/draft.md"), 3, "invalid type");
    error_case("fm-not-a-mapping", &format!("{G}/list.md"), 2, "invalid type");
}

#[test]
fn duplicate_key_and_raw_nul_in_front_matter() {
    error_case(
        "fm-duplicate-key",
        &format!("{G}/twice.md"),
        4,
        "duplicate field `title`",
    );
    error_case("fm-nul-in-yaml", &format!("{G}/nul-yaml.md"), 3, "control characters");
}

#[test]
fn dates_that_do_not_exist() {
    error_case("date-does-not-exist", &format!("{G}/feb30.md"), 3, "not a date");
    error_case("date-year-overflow", &format!("{G}/far.md"), 3, "not a date");
}

#[test]
fn empty_files_have_no_title() {
    error_case("empty-file", &format!("{G}/empty.md"), 1, "no `title`");
    error_case("only-dashes", &format!("{G}/dashes.md"), 1, "no `title`");
}

#[test]
fn url_traversal_in_every_spelling_is_refused() {
    let file = format!("{G}/evil.md");
    error_case("url-traversal", &file, 3, "front matter url");
    error_case("url-backslash-traversal", &file, 4, "front matter url");
    error_case("url-absolute-host", &file, 3, "not a path on this site");
    error_case("url-protocol-relative", &file, 3, "not a path on this site");
    error_case("url-percent-encoded", &file, 3, "front matter url");
    error_case("url-windows-drive", &file, 3, "front matter url");
    error_case("url-nul", &file, 3, "control character");
}

#[test]
fn slug_traversal_and_control_characters_are_refused() {
    let file = format!("{G}/evil.md");
    error_case("slug-traversal", &file, 3, "must be one URL segment");
    error_case("slug-dotdot", &file, 3, "must be one URL segment");
    let encoded = Case::new("slug-percent-encoded").build();
    encoded.error_at(&file, 3, "must be one URL segment");
    encoded.error_at(&format!("{G}/evil2.md"), 3, "must be one URL segment");
    let control = Case::new("slug-control-chars").build();
    control.error_at(&file, 3, "must be one URL segment");
    control.error_at(&format!("{G}/evil2.md"), 3, "must be one URL segment");
}

#[test]
fn alias_traversal_is_refused() {
    let file = format!("{G}/evil.md");
    error_case("alias-traversal", &file, 3, "alias");
    error_case("alias-absolute-host", &file, 3, "not a path on this site");
    error_case("alias-percent-encoded", &file, 3, "alias");
}

#[test]
fn pages_and_aliases_cannot_overwrite_generated_files() {
    let file = format!("{G}/evil.md");
    error_case("alias-over-generated-file", &file, 3, "robots.txt");
    error_case("url-over-generated-file", &file, 3, "sitemap.xml");
}

#[test]
fn duplicate_urls_name_both_files() {
    let d = Case::new("duplicate-url-slug")
        .build()
        .error_at(&format!("{G}/setup.md"), 3, "already used by")
        .clone();
    assert!(d.message.contains("getting-started.md"), "{d}");
    let d = Case::new("duplicate-url-url")
        .build()
        .error_at(&format!("{G}/b.md"), 3, "already used by")
        .clone();
    assert!(d.message.contains(&format!("{G}/a.md")), "{d}");
}

/// On macOS and Windows the two files are one; on Linux they would become
/// two output folders that collide as soon as the site is copied to such a
/// disk or served from a case-insensitive host.
#[test]
fn case_colliding_names_are_an_error() {
    let case = Case::new("case-colliding-names");
    case.write(&format!("{G}/Getting-Started.md"), "---\ntitle: Shouting\n---\nBody.\n");
    let d = case
        .build()
        .error_at(&format!("{G}/getting-started.md"), 1, "differ only in case")
        .clone();
    assert!(d.message.contains("Getting-Started"), "{d}");
    let d = Case::new("case-colliding-slug")
        .build()
        .error_at(&format!("{G}/other.md"), 3, "differ only in case")
        .clone();
    assert!(d.message.contains("getting-started"), "{d}");
}

#[test]
fn unknown_language_and_docs_version() {
    error_case(
        "unknown-language",
        "content/xx/guides/a.md",
        0,
        "not a language declared",
    );
    error_case("unknown-docs-version", "content/en/docs/v9/page.md", 0, "v9");
}

#[test]
fn links_outside_the_site_and_script_urls() {
    let out = Case::new("link-outside-site").build();
    out.error_at(&format!("{G}/out.md"), 4, "broken link");
    out.error_at(&format!("{G}/out.md"), 6, "image");
    let js = Case::new("link-javascript").build();
    js.error_at(&format!("{G}/js.md"), 4, "javascript:");
    js.error_at(&format!("{G}/js.md"), 6, "data:");
}

#[test]
fn broken_configs_name_file_and_line() {
    error_case("config-invalid-utf8", "portico.yaml", 1, "not valid UTF-8");
    error_case("config-empty", "portico.yaml", 1, "missing field `title`");
    error_case("config-wrong-types", "portico.yaml", 4, "invalid type");
    error_case("config-bad-date-format", "portico.yaml", 7, "date_format");
    error_case("config-version-traversal", "portico.yaml", 14, "../../x");
    error_case("config-theme-traversal", "portico.yaml", 14, "theme");
    error_case("config-base-url-javascript", "portico.yaml", 2, "base_url");
    error_case("config-language-code-traversal", "portico.yaml", 7, "../x");
}
