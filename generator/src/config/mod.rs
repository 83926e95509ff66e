//! `portico.yaml`: the site's settings, parsed once and passed by reference.
//!
//! Unknown keys and wrong types are errors with file, line and the nearest valid
//! key; checks serde cannot express (one `latest` docs version, a default
//! language that is declared, colours that parse) follow with their line too.

use crate::diagnostics::{Diagnostic, Diagnostics};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

mod a11y;
mod brand;
mod support;
pub use a11y::{Ignore, Settings as A11ySettings};
pub use brand::{Brand, BrandSite, Colors, FooterLink, Localized};
pub use support::{Sso, Support};

pub const CONFIG_FILE: &str = "portico.yaml";

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Site title, shown in the header and in `<title>`.
    pub title: String,
    /// One sentence for the home page and search engines.
    #[serde(default)]
    pub description: String,
    /// Absolute URL the site is served from, e.g. `https://help.example.com`.
    pub base_url: String,
    /// Language of `/` and of fallbacks; must be one of `languages`.
    pub default_language: String,
    pub languages: Vec<Language>,
    #[serde(default)]
    pub brand: Brand,
    /// Several branded sites from one content tree, each into `<out>/<id>/`.
    #[serde(default)]
    pub brands: Vec<BrandSite>,
    /// Where the language switcher goes when a page has no translation.
    #[serde(default)]
    pub missing_translation: MissingTranslation,
    #[serde(default)]
    pub docs: Docs,
    /// Accessibility checker settings (rules to silence, with reasons).
    #[serde(default)]
    pub a11y: A11ySettings,
    #[serde(default)]
    pub search: Search,
    /// Ticket form, status page and article feedback (the edge API's pages).
    #[serde(default)]
    pub support: Support,
    /// Folder name under `themes/`; the embedded default theme fills any gap.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// The text it was parsed from, so later stages can name the line of a
    /// setting without reading the file again.
    #[serde(skip)]
    pub source: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Language {
    /// BCP 47 code used in URLs and `<html lang>`: `en`, `ja`, `pt-BR`.
    pub code: String,
    /// The language's own name, for the language switcher: `日本語`.
    pub name: String,
    /// Text direction; defaults to rtl for Arabic, Hebrew, Persian and Urdu.
    #[serde(default)]
    pub dir: Option<TextDirection>,
    /// strftime pattern for dates, e.g. `%d.%m.%Y`; defaults to the UI string `date_format`.
    #[serde(default)]
    pub date_format: Option<String>,
}

/// What readers get when a page is not translated into their language.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum MissingTranslation {
    /// The switcher leads to that language's home, and says so.
    #[default]
    Home,
    /// A copy of the default-language page is published under the other
    /// language's URL prefix, with a notice (noindex, canonical to the original).
    Fallback,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum TextDirection {
    Ltr,
    Rtl,
}

impl Language {
    pub fn direction(&self) -> TextDirection {
        self.dir.unwrap_or_else(|| {
            let primary = self.code.split('-').next().unwrap_or_default();
            if matches!(primary, "ar" | "he" | "fa" | "ur") {
                TextDirection::Rtl
            } else {
                TextDirection::Ltr
            }
        })
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Docs {
    /// Declared versions; folders `content/<lang>/docs/<name>/` hold their pages.
    #[serde(default)]
    pub versions: Vec<DocsVersion>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DocsVersion {
    /// Folder and URL segment: `v2`.
    pub name: String,
    /// What readers see: `2.x`.
    pub label: String,
    /// The version readers get by default and at `/docs/latest/`.
    #[serde(default)]
    pub latest: bool,
    /// No longer maintained: pages carry a banner pointing to the latest.
    #[serde(default)]
    pub archived: bool,
    /// Not released yet: built for preview, but `noindex` and out of the sitemap.
    #[serde(default)]
    pub unreleased: bool,
}

/// Client-side search settings.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Search {
    /// Report searches that found nothing to the edge API
    /// (`POST /api/search-misses`), for the "what people did not find" report.
    #[serde(default)]
    pub report_misses: bool,
}

fn default_theme() -> String {
    "default".into()
}

impl Config {
    /// Reads and validates `portico.yaml` in `root`.
    pub fn load(root: &Path) -> Result<Config, Diagnostics> {
        let path = root.join(CONFIG_FILE);
        let shown = PathBuf::from(CONFIG_FILE);
        let bytes = std::fs::read(&path).map_err(|e| {
            Diagnostics::from_iter([
                Diagnostic::error(&shown, format!("cannot read the site configuration: {e}")).hint(format!(
                    "run portico in a folder holding {CONFIG_FILE}, or create one with `portico new DIR`"
                )),
            ])
        })?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
            Diagnostics::from_iter([Diagnostic::error(&shown, "file is not valid UTF-8")
                .at(line, 1)
                .hint("save the file as UTF-8")])
        })?;
        Self::parse(text.strip_prefix('\u{feff}').unwrap_or(&text), &shown)
    }

    pub fn parse(text: &str, shown: &Path) -> Result<Config, Diagnostics> {
        crate::yaml::check_depth(shown, text, 1).map_err(|d| Diagnostics::from_iter([d]))?;
        let mut config: Config = serde_yaml::from_str(text)
            .map_err(|e| Diagnostics::from_iter([crate::yaml::diagnostic_in(shown, &e, 1, text)]))?;
        config.source = text.to_string();
        let problems = config.validate(text, shown);
        if problems.has_errors() {
            Err(problems)
        } else {
            Ok(config)
        }
    }

    fn validate(&self, text: &str, shown: &Path) -> Diagnostics {
        let mut out = Diagnostics::new();
        let err = |key: &str, msg: String| Diagnostic::error(shown, msg).at(key_line(text, key), 1);
        if self.languages.is_empty() {
            out.push(err("languages", "`languages` must list at least one language".into()));
        }
        let codes: Vec<String> = self.languages.iter().map(|l| l.code.clone()).collect();
        if !codes.contains(&self.default_language) {
            let mut d = err(
                "default_language",
                format!("default_language `{}` is not in `languages`", self.default_language),
            );
            if let Some(n) = crate::yaml::nearest(&self.default_language, &codes) {
                d = d.hint(format!("did you mean `{n}`?"));
            }
            out.push(d);
        }
        for l in &self.languages {
            let ok = !l.code.is_empty() && l.code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
            if !ok {
                out.push(err(
                    &l.code,
                    format!(
                        "language code `{}` must be a BCP 47 tag such as `en` or `pt-BR`",
                        l.code
                    ),
                ));
            }
        }
        if !(self.base_url.starts_with("http://") || self.base_url.starts_with("https://")) {
            out.push(err(
                "base_url",
                format!("base_url `{}` must be an absolute http(s) URL", self.base_url),
            ));
        }
        for v in self
            .docs
            .versions
            .iter()
            .filter(|v| v.latest && (v.archived || v.unreleased))
        {
            out.push(err(
                &v.name,
                format!(
                    "docs version `{}` cannot be latest and also archived or unreleased",
                    v.name
                ),
            ));
        }
        for l in &self.languages {
            if let Some(f) = l.date_format.as_deref().filter(|f| !valid_date_format(f)) {
                out.push(
                    err(f, format!("date_format `{f}` is not a valid strftime pattern"))
                        .hint("use fields such as %Y, %m, %-d, %B; see the chrono strftime documentation"),
                );
            }
        }
        if !crate::paths::is_one_segment(&self.theme) || self.theme.contains(['?', '#']) {
            out.push(
                err(
                    "theme",
                    format!("theme `{}` must be a folder name under themes/", self.theme),
                )
                .hint("write the name of a folder in themes/, e.g. `theme: acme`"),
            );
        }
        for v in &self.docs.versions {
            if !crate::paths::is_one_segment(&v.name) || v.name.contains(['?', '#']) {
                out.push(err(
                    &v.name,
                    format!(
                        "docs version name `{}` must be one URL segment (a folder name like v2)",
                        v.name
                    ),
                ));
            }
            if v.name == "latest" {
                out.push(err(
                    "name: latest",
                    "`latest` is reserved for /docs/latest/ URLs; name versions like v3".into(),
                ));
            }
        }
        let latest = self.docs.versions.iter().filter(|v| v.latest).count();
        if !self.docs.versions.is_empty() && latest != 1 {
            out.push(err(
                "versions",
                format!("exactly one docs version must be `latest: true` (found {latest})"),
            ));
        }
        out.extend(self.brand.validate(text, shown));
        out.extend(self.support.validate(text, shown));
        for i in self.a11y.without_reason() {
            out.push(err(&i.rule, format!("a11y.ignore of `{}` needs a reason", i.rule)));
        }
        let mut ids = std::collections::HashSet::new();
        for site in &self.brands {
            out.extend(site.validate(text, shown));
            if !ids.insert(site.id.as_str()) {
                out.push(err(&site.id, format!("brand id `{}` is declared twice", site.id)));
            }
        }
        out
    }

    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }

    /// The absolute URL of a site path, for canonical links and the sitemap.
    pub fn permalink(&self, url: &crate::paths::UrlPath) -> String {
        format!("{}{}", self.base_url.trim_end_matches('/'), url)
    }

    pub fn latest_version(&self) -> Option<&DocsVersion> {
        self.docs.versions.iter().find(|v| v.latest)
    }

    /// The site as brand `site` sees it: its base URL, title and brand laid
    /// over the shared settings, with `brands` cleared.
    pub fn for_brand(&self, site: &BrandSite) -> Config {
        let mut config = self.clone();
        config.brands.clear();
        config.base_url = site.base_url.clone();
        if let Some(title) = &site.title {
            config.title = title.clone();
        }
        config.brand = self.brand.overlaid(&site.brand);
        config
    }
}

/// Whether a strftime pattern can format a date: formatting with an unknown
/// field (`%Q`) or a time field (`%H`, a page date has no time) fails, and
/// `to_string` would panic on it at render time.
pub fn valid_date_format(format: &str) -> bool {
    use std::fmt::Write;
    let sample = chrono::NaiveDate::from_ymd_opt(2025, 12, 19).unwrap_or_default();
    write!(String::new(), "{}", sample.format(format)).is_ok()
}

impl Config {
    /// The 1-based line of `portico.yaml` holding `needle`, or 0.
    pub fn line_of(&self, needle: &str) -> usize {
        key_line(&self.source, needle)
    }
}

/// The line of `portico.yaml`'s `text` on which `needle` first appears as a
/// key or value, or 0 (a diagnostic without a line).
pub fn key_line(text: &str, needle: &str) -> usize {
    crate::yaml::line_holding(text, needle, 1).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = "title: Help\nbase_url: https://help.example.com\ndefault_language: en\nlanguages:\n  - code: en\n    name: English\n";

    #[test]
    fn minimal_config_parses_with_defaults() {
        let c = Config::parse(MINIMAL, Path::new("portico.yaml")).unwrap();
        assert_eq!(c.theme, "default");
        assert_eq!(c.language("en").unwrap().direction(), TextDirection::Ltr);
    }

    #[test]
    fn unknown_nested_key_is_reported_with_line_and_suggestion() {
        let text = format!("{MINIMAL}brand:\n  name: X\n  colours:\n    primary: '#000000'\n");
        let errs = Config::parse(&text, Path::new("portico.yaml")).unwrap_err();
        let d = errs.iter().next().unwrap();
        assert_eq!(d.line, 9, "{d}");
        assert!(d.to_string().contains("unknown key `colours`"), "{d}");
        assert!(d.hint.as_deref().unwrap().contains("did you mean `colors`?"), "{d}");
    }

    #[test]
    fn wrong_type_names_the_line() {
        let text = MINIMAL.replace("name: English", "name: [English");
        let errs = Config::parse(&text, Path::new("portico.yaml")).unwrap_err();
        assert!(errs.iter().next().unwrap().line >= 6);
    }

    #[test]
    fn semantic_checks_point_at_their_key() {
        let text = MINIMAL.replace("default_language: en", "default_language: eng");
        let errs = Config::parse(&text, Path::new("portico.yaml")).unwrap_err();
        let d = errs.iter().next().unwrap();
        assert_eq!(d.line, 3);
        assert!(d.hint.as_deref().unwrap().contains("`en`"));
    }

    #[test]
    fn support_agents_require_mfa_is_checked_like_the_rest() {
        let parse = |extra: &str| Config::parse(&format!("{MINIMAL}{extra}"), Path::new("portico.yaml"));
        assert!(
            parse("support:\n  agents:\n    require_mfa: true\n")
                .unwrap()
                .support
                .agents
                .require_mfa
        );
        assert!(!parse("").unwrap().support.agents.require_mfa);
        let errs = parse("support:\n  agents:\n    require_2fa: true\n").unwrap_err();
        let d = errs.iter().next().unwrap();
        assert_eq!(d.line, 9, "{d}");
        assert!(
            d.hint.as_deref().unwrap().contains("did you mean `require_mfa`?"),
            "{d}"
        );
        let errs = parse("support:\n  agents:\n    require_mfa: sometimes\n").unwrap_err();
        assert_eq!(errs.iter().next().unwrap().line, 9);
    }

    #[test]
    fn support_agents_sso_is_checked_like_the_rest() {
        let parse = |extra: &str| Config::parse(&format!("{MINIMAL}{extra}"), Path::new("portico.yaml"));
        let sso = "support:\n  agents:\n    sso:\n      issuer: https://login.example.com\n      client_id: abc\n";
        let c = parse(&format!("{sso}      allowed_domains: [example.com]\n")).unwrap();
        let s = c.support.agents.sso.unwrap();
        assert_eq!((s.scopes.as_str(), s.sso_only), ("openid email profile", false));
        let errs = parse(sso).unwrap_err();
        let d = errs.iter().next().unwrap();
        assert_eq!(d.line, 9, "{d}");
        assert!(d.message.contains("allowed_domains"), "{d}");
        let errs = parse(&format!(
            "{sso}      allowed_domains: [example.com]\n      client_secret: x\n"
        ))
        .unwrap_err();
        assert_eq!(errs.iter().next().unwrap().line, 13);
        let http = sso.replace("https://login", "http://login");
        let errs = parse(&format!("{http}      allowed_domains: [example.com]\n")).unwrap_err();
        assert_eq!(errs.iter().next().unwrap().line, 10);
    }

    #[test]
    fn search_settings_are_checked_like_the_rest() {
        let c = Config::parse(
            &format!("{MINIMAL}search:\n  report_misses: true\n"),
            Path::new("portico.yaml"),
        )
        .unwrap();
        assert!(c.search.report_misses);
        assert!(
            !Config::parse(MINIMAL, Path::new("portico.yaml"))
                .unwrap()
                .search
                .report_misses
        );
        let errs = Config::parse(
            &format!("{MINIMAL}search:\n  report_miss: true\n"),
            Path::new("portico.yaml"),
        )
        .unwrap_err();
        let d = errs.iter().next().unwrap();
        assert_eq!(d.line, 8, "{d}");
        assert!(
            d.hint.as_deref().unwrap().contains("did you mean `report_misses`?"),
            "{d}"
        );
    }

    /// tests/fixtures/hostile/config-{bad-date-format,theme-traversal,version-traversal}.
    #[test]
    fn date_formats_themes_and_version_names_are_checked() {
        let text = MINIMAL.replace("name: English", "name: English\n    date_format: \"%Q %Y\"");
        let d = Config::parse(&text, Path::new("portico.yaml")).unwrap_err();
        assert!(
            d.iter()
                .any(|d| d.line == 7 && d.message.contains("date_format `%Q %Y`")),
            "{d:?}"
        );
        assert!(valid_date_format("%Y年%-m月%-d日") && !valid_date_format("%H:%M"));
        let text = format!("{MINIMAL}theme: ../../..\n");
        let d = Config::parse(&text, Path::new("portico.yaml")).unwrap_err();
        assert!(d.iter().any(|d| d.line == 7 && d.message.contains("theme")), "{d:?}");
        let text = format!("{MINIMAL}docs:\n  versions:\n    - name: \"%2e%2e\"\n      label: x\n      latest: true\n");
        let d = Config::parse(&text, Path::new("portico.yaml")).unwrap_err();
        assert!(
            d.iter().any(|d| d.line == 9 && d.message.contains("one URL segment")),
            "{d:?}"
        );
    }

    /// Found by fuzz/fuzz_targets/config.rs: lone CRs in a comment made
    /// libyaml count hundreds of lines the file does not have.
    #[test]
    fn errors_stay_inside_the_file() {
        let text = format!("# A site of planted accessibility violations: one page per rule. Thele. The browser\n# test ru*s axe-core over it a{}nd checks the native checker agrees.\ntitle: Planted violations\nbase_url: https://planted.example\ndefault_la_url: https://help.example.com\ndalnguage: en\nlanguage: en\nlanguages:\n  - code: en\n    name: English\ntheme: planted\n", "\r".repeat(126));
        let errs = Config::parse(&text, Path::new("portico.yaml")).unwrap_err();
        let d = errs.iter().next().unwrap();
        assert!(d.line >= 1 && d.line <= text.matches('\n').count() + 1, "{d}");
    }

    #[test]
    fn rtl_is_inferred_for_arabic() {
        let l = Language {
            code: "ar".into(),
            name: "العربية".into(),
            dir: None,
            date_format: None,
        };
        assert_eq!(l.direction(), TextDirection::Rtl);
    }
}
