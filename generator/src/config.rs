//! `portico.yaml`: the site's settings, parsed once and passed by reference.
//!
//! Unknown keys and wrong types are errors with file, line and the nearest valid
//! key; checks serde cannot express (one `latest` docs version, a default
//! language that is declared, colours that parse) follow with their line too.

use crate::diagnostics::{Diagnostic, Diagnostics};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

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
    #[serde(default)]
    pub docs: Docs,
    /// Folder name under `themes/`; the embedded default theme fills any gap.
    #[serde(default = "default_theme")]
    pub theme: String,
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
pub struct Brand {
    /// Company or product name shown next to the logo.
    #[serde(default)]
    pub name: String,
    /// Logo URL on this site (from `static/`), e.g. `/images/logo.svg`.
    #[serde(default)]
    pub logo: Option<String>,
    /// Text alternative for the logo; defaults to the brand name.
    #[serde(default)]
    pub logo_alt: Option<String>,
    #[serde(default)]
    pub favicon: Option<String>,
    #[serde(default)]
    pub colors: Colors,
    /// Colours for dark mode; unset ones keep the theme's dark defaults.
    #[serde(default)]
    pub dark_colors: Colors,
}

/// Brand colours as `#rrggbb`; each becomes a CSS custom property.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Colors {
    pub primary: Option<String>,
    pub accent: Option<String>,
    pub text: Option<String>,
    pub background: Option<String>,
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
    #[serde(default)]
    pub latest: bool,
    #[serde(default)]
    pub archived: bool,
}

fn default_theme() -> String {
    "default".into()
}

impl Config {
    /// Reads and validates `portico.yaml` in `root`.
    pub fn load(root: &Path) -> Result<Config, Diagnostics> {
        let path = root.join(CONFIG_FILE);
        let shown = PathBuf::from(CONFIG_FILE);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Diagnostics::from_iter([
                Diagnostic::error(&shown, format!("cannot read the site configuration: {e}")).hint(format!(
                    "run portico in a folder holding {CONFIG_FILE}, or create one with `portico new DIR`"
                )),
            ])
        })?;
        Self::parse(&text, &shown)
    }

    pub fn parse(text: &str, shown: &Path) -> Result<Config, Diagnostics> {
        let config: Config =
            serde_yaml::from_str(text).map_err(|e| Diagnostics::from_iter([crate::yaml::diagnostic(shown, &e, 1)]))?;
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
        let latest = self.docs.versions.iter().filter(|v| v.latest).count();
        if !self.docs.versions.is_empty() && latest != 1 {
            out.push(err(
                "versions",
                format!("exactly one docs version must be `latest: true` (found {latest})"),
            ));
        }
        for (name, value) in self.brand.colors.iter().chain(self.brand.dark_colors.iter()) {
            if parse_hex_color(value).is_none() {
                out.push(err(
                    value,
                    format!("brand colour {name} `{value}` is not a #rrggbb colour"),
                ));
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
}

impl Colors {
    /// (CSS name, value) of every colour that is set.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &String)> {
        [
            ("primary", &self.primary),
            ("accent", &self.accent),
            ("text", &self.text),
            ("background", &self.background),
        ]
        .into_iter()
        .filter_map(|(n, v)| v.as_ref().map(|v| (n, v)))
    }
}

/// `#rrggbb` or `#rgb` → (r, g, b).
pub fn parse_hex_color(s: &str) -> Option<(u8, u8, u8)> {
    let hex = s.strip_prefix('#')?;
    let expanded: String = match hex.len() {
        3 => hex.chars().flat_map(|c| [c, c]).collect(),
        6 => hex.to_string(),
        _ => return None,
    };
    let v = u32::from_str_radix(&expanded, 16).ok()?;
    Some(((v >> 16) as u8, (v >> 8) as u8, v as u8))
}

/// The line on which `needle` first appears as a key or value, for checks made
/// after parsing (serde no longer knows positions then). 0 if not found.
fn key_line(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).map_or(0, |i| i + 1)
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
    fn rtl_is_inferred_for_arabic() {
        let l = Language {
            code: "ar".into(),
            name: "العربية".into(),
            dir: None,
        };
        assert_eq!(l.direction(), TextDirection::Rtl);
    }
}
