//! The rule catalogue: every rule's id, severity, what it checks and what
//! the writer can do about a finding, in one table. The README lists these;
//! `a11y.ignore` entries must name one of them.

use crate::diagnostics::Severity;

/// One accessibility rule. Ids are axe-core's where a rule corresponds.
pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    /// What the rule checks, for the README and `--help`-like listings.
    pub checks: &'static str,
    /// What to do about a finding; rules without one point at axe's docs.
    pub hint: Option<&'static str>,
}

const fn rule(id: &'static str, severity: Severity, checks: &'static str, hint: Option<&'static str>) -> Rule {
    Rule {
        id,
        severity,
        checks,
        hint,
    }
}

pub const RULES: &[Rule] = &[
    rule("document-title", Severity::Error, "the page has a non-empty <title>", None),
    rule("html-has-lang", Severity::Error, "<html> has a lang attribute", None),
    rule("html-lang-valid", Severity::Error, "<html lang> is a well-formed language tag", Some("use a language tag such as en, ja or pt-BR")),
    rule("valid-lang", Severity::Error, "lang on passages inside the page is well-formed", Some("use a language tag such as en, ja or pt-BR")),
    rule("landmark-one-main", Severity::Error, "the page has exactly one <main>", None),
    rule("bypass", Severity::Error, "a skip link to the main content comes first", None),
    rule("skip-link", Severity::Error, "the skip link's target exists", None),
    rule("page-has-heading-one", Severity::Error, "the page has exactly one <h1>", Some("the page title is the only h1; start content headings at ##")),
    rule("heading-order", Severity::Error, "heading levels do not skip (h2 → h4)", Some("use the next heading level down (## after #, ### after ##)")),
    rule("empty-heading", Severity::Error, "headings have text", Some("give the heading text or remove it")),
    rule("duplicate-id", Severity::Error, "id values are unique", Some("give each heading or element a unique id ({#id} on headings)")),
    rule("image-alt", Severity::Error, "images have alt text, or are marked decorative", Some("describe the image in the brackets: ![A label printer on a desk](…); for a purely decorative image write ![\"\"](…)")),
    rule("link-name", Severity::Error, "links have text a screen reader can announce", Some("give the link text, e.g. [Shipping rates](…)")),
    rule("link-text-vague", Severity::Warning, "link text says where it goes (not \"click here\")", Some("name the destination in the link text, e.g. \"see the shipping rates\" rather than \"click here\"")),
    rule("label", Severity::Error, "form fields have a label", Some("add a <label for=\"…\"> or aria-label to the field")),
    rule("select-name", Severity::Error, "select boxes have a label", Some("add a <label for=\"…\"> or aria-label to the field")),
    rule("button-name", Severity::Error, "buttons have text", Some("give the button text or aria-label")),
    rule("td-has-header", Severity::Error, "data tables have header cells", Some("give the table a header row (the line above |---|)")),
    rule("frame-title", Severity::Error, "iframes have a title", Some("add title=\"…\" to the iframe describing its content")),
    rule("video-caption", Severity::Error, "videos have a captions track", Some("add <track kind=\"captions\" src=\"….vtt\" srclang=\"…\"> inside the video")),
    rule("color-contrast", Severity::Error, "theme text/background pairs meet WCAG AA contrast", None),
];

/// The rule with this id.
pub fn find(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

/// How a finding of rule `id` counts (an unknown id counts as an error).
pub fn severity(id: &str) -> Severity {
    find(id).map_or(Severity::Error, |r| r.severity)
}

/// What to do about a finding of rule `id`.
pub fn hint(id: &str) -> &'static str {
    find(id)
        .and_then(|r| r.hint)
        .unwrap_or("see https://dequeuniversity.com/rules/axe/ for this rule")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_every_reported_rule_is_listed() {
        let mut ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), RULES.len(), "a rule is listed twice");
        // Every id the checker reports (`report("…"` / `report_at("…"` in
        // rules.rs, plus the checks made elsewhere) is in the table.
        let source = include_str!("rules.rs");
        let after = |call: &'static str| source.split(call).skip(1);
        let reported = after("report(\"")
            .chain(after("report_at(\""))
            .filter_map(|rest| rest.split('"').next());
        let mut checked = 0;
        for id in reported {
            assert!(find(id).is_some(), "rules.rs reports `{id}`, which RULES does not list");
            checked += 1;
        }
        assert!(checked > 10, "found only {checked} report calls in rules.rs");
    }
}
