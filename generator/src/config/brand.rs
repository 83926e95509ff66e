//! `brand` and `brands` in `portico.yaml`: how the help center looks as the
//! company's own, and several branded sites built from one content tree.

use super::key_line;
use crate::contrast::Rgb;
use crate::diagnostics::{Diagnostic, Diagnostics};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Brand {
    /// Company or product name shown next to the logo.
    #[serde(default)]
    pub name: String,
    /// Logo URL on this site (from `static/`), SVG or raster: `/images/logo.svg`.
    #[serde(default)]
    pub logo: Option<String>,
    /// Text alternative for the logo when the name is not shown next to it.
    #[serde(default)]
    pub logo_alt: Option<String>,
    /// Show the name next to the logo (default). Turn off for word-mark logos.
    #[serde(default)]
    pub show_name: Option<bool>,
    #[serde(default)]
    pub favicon: Option<String>,
    #[serde(default)]
    pub colors: Colors,
    /// Colours for dark mode; unset ones keep the theme's dark defaults.
    #[serde(default)]
    pub dark_colors: Colors,
    /// CSS font stack for body text, e.g. `"Inter", system-ui, sans-serif`.
    #[serde(default)]
    pub font: Option<String>,
    /// Custom domain, written to a `CNAME` file for static hosts that use one.
    #[serde(default)]
    pub domain: Option<String>,
    /// Links in the footer (status page, legal notices, the main website).
    #[serde(default)]
    pub footer_links: Vec<FooterLink>,
}

/// Brand colours as `#rrggbb`; each overrides a palette token.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Colors {
    pub primary: Option<String>,
    pub accent: Option<String>,
    pub text: Option<String>,
    pub background: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FooterLink {
    /// One label for all languages, or one per language code.
    pub label: Localized,
    pub url: String,
}

/// A text given once or per language: `Status` or `{en: Status, ja: 稼働状況}`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Localized {
    One(String),
    PerLanguage(BTreeMap<String, String>),
}

impl Localized {
    /// The text for `lang`, else for `fallback`, else any.
    pub fn get(&self, lang: &str, fallback: &str) -> String {
        match self {
            Localized::One(s) => s.clone(),
            Localized::PerLanguage(m) => m
                .get(lang)
                .or_else(|| m.get(fallback))
                .or_else(|| m.values().next())
                .cloned()
                .unwrap_or_default(),
        }
    }
}

/// One entry of `brands:`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BrandSite {
    /// Folder name of this brand's output, and the name used in front matter `brands: [...]`.
    pub id: String,
    pub base_url: String,
    /// Site title for this brand; defaults to the shared `title`.
    #[serde(default)]
    pub title: Option<String>,
    /// Laid over the shared `brand`: what is set here wins.
    #[serde(default)]
    pub brand: Brand,
}

impl Colors {
    /// (config name, value) of every colour that is set.
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

    fn overlaid(&self, top: &Colors) -> Colors {
        Colors {
            primary: top.primary.clone().or_else(|| self.primary.clone()),
            accent: top.accent.clone().or_else(|| self.accent.clone()),
            text: top.text.clone().or_else(|| self.text.clone()),
            background: top.background.clone().or_else(|| self.background.clone()),
        }
    }
}

impl Brand {
    /// `top`'s settings where it has them, else this brand's.
    pub fn overlaid(&self, top: &Brand) -> Brand {
        Brand {
            name: if top.name.is_empty() {
                self.name.clone()
            } else {
                top.name.clone()
            },
            logo: top.logo.clone().or_else(|| self.logo.clone()),
            logo_alt: top.logo_alt.clone().or_else(|| self.logo_alt.clone()),
            show_name: top.show_name.or(self.show_name),
            favicon: top.favicon.clone().or_else(|| self.favicon.clone()),
            colors: self.colors.overlaid(&top.colors),
            dark_colors: self.dark_colors.overlaid(&top.dark_colors),
            font: top.font.clone().or_else(|| self.font.clone()),
            domain: top.domain.clone().or_else(|| self.domain.clone()),
            footer_links: if top.footer_links.is_empty() {
                self.footer_links.clone()
            } else {
                top.footer_links.clone()
            },
        }
    }

    pub(super) fn validate(&self, text: &str, shown: &Path) -> Diagnostics {
        let mut out = Diagnostics::new();
        let err = |needle: &str, msg: String| Diagnostic::error(shown, msg).at(key_line(text, needle), 1);
        for (name, value) in self.colors.iter().chain(self.dark_colors.iter()) {
            if Rgb::parse(value).is_none() {
                out.push(err(
                    value,
                    format!("brand colour {name} `{value}` is not a #rrggbb colour"),
                ));
            }
        }
        if let Some(font) = &self.font {
            if font.contains([';', '{', '}', '<']) {
                out.push(err(
                    font,
                    format!("font `{font}` must be a CSS font stack (no `;`, braces or `<`)"),
                ));
            }
        }
        if let Some(domain) = &self.domain {
            let ok = !domain.is_empty()
                && domain.contains('.')
                && domain
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
            if !ok {
                out.push(
                    err(
                        domain,
                        format!("domain `{domain}` must be a bare host name such as help.example.com"),
                    )
                    .hint("no scheme (https://) and no path"),
                );
            }
        }
        out
    }
}

impl BrandSite {
    pub(super) fn validate(&self, text: &str, shown: &Path) -> Diagnostics {
        let mut out = self.brand.validate(text, shown);
        let ok = !self.id.is_empty()
            && self
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !ok {
            out.push(
                Diagnostic::error(shown, format!("brand id `{}` must use a-z, 0-9 and -", self.id))
                    .at(key_line(text, &self.id), 1)
                    .hint("it names the brand's output folder"),
            );
        }
        if !(self.base_url.starts_with("http://") || self.base_url.starts_with("https://")) {
            out.push(
                Diagnostic::error(
                    shown,
                    format!("base_url `{}` must be an absolute http(s) URL", self.base_url),
                )
                .at(key_line(text, &self.base_url), 1),
            );
        }
        out
    }
}
