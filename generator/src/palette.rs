//! The theme's colour palette: defaults for light and dark mode, the brand's
//! overrides, the text/background pairs the default theme actually paints,
//! and the WCAG contrast check over those pairs. The palette reaches CSS as
//! `--c-*` custom properties in the generated `/assets/brand.css`.

use crate::config::{Brand, Colors};
use crate::contrast::{self, Rgb};

/// Tokens and their (light, dark) defaults.
const DEFAULTS: &[(&str, &str, &str)] = &[
    ("bg", "#ffffff", "#0d1117"),
    ("text", "#1f2328", "#e6edf3"),
    ("muted", "#57606a", "#9da7b3"),
    ("primary", "#0b57d0", "#79b8ff"),
    ("accent", "#8250df", "#d2a8ff"),
    ("surface", "#f6f8fa", "#161b22"),
    ("border", "#d0d7de", "#3d444d"),
    ("note", "#0b57d0", "#79b8ff"),
    ("tip", "#1a7f37", "#56d364"),
    ("warning", "#9a6700", "#e3b341"),
    ("caution", "#cf222e", "#ff7b72"),
];

/// Normal text needs 4.5:1; large text and UI component boundaries 3:1.
const TEXT: f64 = 4.5;
const UI: f64 = 3.0;

/// (foreground, background, required ratio, where the theme uses it).
const PAIRS: &[(&str, &str, f64, &str)] = &[
    ("text", "bg", TEXT, "body text"),
    ("text", "surface", TEXT, "header, tables and code"),
    ("muted", "bg", TEXT, "dates, footer and card descriptions"),
    ("muted", "surface", TEXT, "secondary text in the header"),
    ("primary", "bg", TEXT, "links"),
    ("primary", "surface", TEXT, "links in the table of contents and sidebar"),
    ("on-primary", "primary", TEXT, "button labels"),
    ("accent", "surface", TEXT, "\"important\" callout titles"),
    ("note", "surface", TEXT, "\"note\" callout titles"),
    ("tip", "surface", TEXT, "\"tip\" callout titles"),
    ("warning", "surface", TEXT, "\"warning\" callout titles"),
    ("caution", "surface", TEXT, "\"caution\" callout titles"),
    ("primary", "bg", UI, "focus outline"),
    ("muted", "bg", UI, "search field border"),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Light,
    Dark,
}

impl Mode {
    pub fn name(self) -> &'static str {
        match self {
            Mode::Light => "light",
            Mode::Dark => "dark",
        }
    }
}

/// The resolved colours of one mode.
#[derive(Debug, Clone)]
pub struct Palette {
    pub mode: Mode,
    colors: Vec<(&'static str, Rgb)>,
    /// Tokens the brand set, with the value as written (so a failure can
    /// point at the config line).
    from_brand: Vec<(&'static str, String)>,
}

/// A pair below its required ratio.
#[derive(Debug, Clone)]
pub struct ContrastFailure {
    pub foreground: (&'static str, String),
    pub background: (&'static str, String),
    pub ratio: f64,
    pub required: f64,
    pub usage: &'static str,
    /// Closest colour to the foreground that passes.
    pub suggestion: String,
    /// Brand key (`colors.text`, `dark_colors.primary`) to change and its
    /// value as written, if the brand set one of the pair.
    pub brand_key: Option<(String, String)>,
}

impl Palette {
    /// Defaults of `mode` with the brand's colours laid over them; unparsable
    /// brand colours are left to config validation and ignored here.
    pub fn resolve(brand: &Brand, mode: Mode) -> Palette {
        let overrides: &Colors = match mode {
            Mode::Light => &brand.colors,
            Mode::Dark => &brand.dark_colors,
        };
        let mut from_brand = Vec::new();
        let mut colors: Vec<(&'static str, Rgb)> = DEFAULTS
            .iter()
            .map(|&(token, light, dark)| {
                let default = Rgb::parse(if mode == Mode::Light { light } else { dark }).unwrap_or(Rgb(0, 0, 0));
                let written = overrides.iter().find(|(name, _)| brand_token(name) == token);
                let brand_value = written.and_then(|(_, v)| Rgb::parse(v));
                if let (Some((_, raw)), Some(_)) = (written, brand_value) {
                    from_brand.push((token, raw.to_string()));
                }
                (token, brand_value.unwrap_or(default))
            })
            .collect();
        let primary = colors
            .iter()
            .find(|(t, _)| *t == "primary")
            .map_or(Rgb(0, 0, 0), |c| c.1);
        // Button labels: whichever of white or near-black reads better on primary.
        let (white, ink) = (Rgb(255, 255, 255), Rgb(13, 17, 23));
        let on_primary = if contrast::ratio(white, primary) >= contrast::ratio(ink, primary) {
            white
        } else {
            ink
        };
        colors.push(("on-primary", on_primary));
        Palette {
            mode,
            colors,
            from_brand,
        }
    }

    pub fn get(&self, token: &str) -> Rgb {
        self.colors
            .iter()
            .find(|(t, _)| *t == token)
            .map_or(Rgb(0, 0, 0), |c| c.1)
    }

    /// Every pair the theme paints that misses its ratio.
    pub fn check(&self) -> Vec<ContrastFailure> {
        PAIRS
            .iter()
            .filter_map(|&(fg, bg, required, usage)| {
                let ratio = contrast::ratio(self.get(fg), self.get(bg));
                if ratio >= required {
                    return None;
                }
                let prefix = match self.mode {
                    Mode::Light => "colors",
                    Mode::Dark => "dark_colors",
                };
                let brand_key = [fg, bg].into_iter().find_map(|t| {
                    let (_, raw) = self.from_brand.iter().find(|(b, _)| *b == t)?;
                    Some((format!("{prefix}.{}", config_name(t)), raw.clone()))
                });
                Some(ContrastFailure {
                    foreground: (fg, self.get(fg).hex()),
                    background: (bg, self.get(bg).hex()),
                    ratio,
                    required,
                    usage,
                    suggestion: contrast::nearest_passing(self.get(fg), self.get(bg), required).hex(),
                    brand_key,
                })
            })
            .collect()
    }

    /// `--c-token: #rrggbb;` lines.
    fn css_vars(&self) -> String {
        self.colors
            .iter()
            .map(|(t, c)| format!("  --c-{t}: {};\n", c.hex()))
            .collect()
    }
}

/// Brand config names (`background`) → palette tokens (`bg`).
fn brand_token(name: &str) -> &str {
    if name == "background" {
        "bg"
    } else {
        name
    }
}

fn config_name(token: &str) -> &str {
    if token == "bg" {
        "background"
    } else {
        token
    }
}

/// The generated stylesheet: palette and fonts as custom properties.
pub fn stylesheet(brand: &Brand) -> String {
    let light = Palette::resolve(brand, Mode::Light);
    let dark = Palette::resolve(brand, Mode::Dark);
    let mut css = format!(
        "/* Generated by Portico from the theme palette and portico.yaml `brand`. */\n:root {{\n{}",
        light.css_vars()
    );
    if let Some(font) = &brand.font {
        css.push_str(&format!("  --font-body: {font};\n"));
    }
    css.push_str(&format!(
        "}}\n@media (prefers-color-scheme: dark) {{\n:root {{\n{}}}\n}}\n",
        dark.css_vars()
    ));
    css
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_palette_passes_in_both_modes() {
        let brand = Brand::default();
        for mode in [Mode::Light, Mode::Dark] {
            let failures = Palette::resolve(&brand, mode).check();
            assert!(failures.is_empty(), "{mode:?}: {failures:?}");
        }
    }

    #[test]
    fn grey_text_on_white_fails_with_ratio_key_and_suggestion() {
        let mut brand = Brand::default();
        brand.colors.text = Some("#777777".into());
        let failures = Palette::resolve(&brand, Mode::Light).check();
        let f = failures
            .iter()
            .find(|f| f.foreground.0 == "text" && f.background.0 == "bg")
            .unwrap();
        assert_eq!(contrast::show(f.ratio), "4.47:1");
        assert_eq!(f.brand_key, Some(("colors.text".into(), "#777777".into())));
        let fixed = Rgb::parse(&f.suggestion).unwrap();
        assert!(contrast::ratio(fixed, Rgb(255, 255, 255)) >= 4.5);
    }

    #[test]
    fn button_label_colour_follows_the_primary() {
        let mut brand = Brand::default();
        brand.colors.primary = Some("#ffd33d".into());
        let p = Palette::resolve(&brand, Mode::Light);
        assert_eq!(p.get("on-primary"), Rgb(13, 17, 23));
    }
}
