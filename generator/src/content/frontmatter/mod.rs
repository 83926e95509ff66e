//! Front matter: the YAML block between `---` lines (or TOML between `+++`
//! lines, see [`toml`]) at the top of a markdown file, with Hugo's field
//! names. Fields Portico does not know are kept in `extra` for templates
//! (the sample glossary's `term`, `e-title`, …).

mod toml;

use crate::diagnostics::{Diagnostic, Diagnostics};
use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// Typed front matter. Unknown keys are not errors: they land in `extra`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct FrontMatter {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "date")]
    pub date: Option<NaiveDate>,
    #[serde(default, deserialize_with = "date")]
    pub lastmod: Option<NaiveDate>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub weight: i64,
    /// Replaces the last URL segment.
    #[serde(default)]
    pub slug: Option<String>,
    /// Replaces the whole URL path.
    #[serde(default)]
    pub url: Option<String>,
    /// Old URLs that redirect here.
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub keywords: Vec<String>,
    #[serde(default)]
    pub category: Option<String>,
    /// Picks the template `<type>.html` when the theme has one.
    #[serde(default, rename = "type")]
    pub page_type: Option<String>,
    /// Links translations whose paths differ.
    #[serde(default, rename = "translationKey")]
    pub translation_key: Option<String>,
    /// With `brands:` in the config: the brand sites this page appears in
    /// (all when empty).
    #[serde(default)]
    pub brands: Vec<String>,
    /// Docs: paths this page had in earlier versions (`cli/install`), so the
    /// version switcher links the old and the new place.
    #[serde(default, deserialize_with = "one_or_many")]
    pub moved_from: Vec<String>,
    /// Accessibility rules silenced on this page, each with a reason.
    #[serde(default)]
    pub a11y: crate::config::A11ySettings,
    #[serde(skip_deserializing)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// Keys read into typed fields; everything else goes to `extra`.
pub(crate) const KNOWN_KEYS: &[&str] = &[
    "title",
    "description",
    "date",
    "lastmod",
    "draft",
    "weight",
    "slug",
    "url",
    "aliases",
    "tags",
    "keywords",
    "category",
    "type",
    "translationKey",
    "brands",
    "a11y",
    "moved_from",
];

/// Which language a file's front matter is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// Between `---` lines.
    #[default]
    Yaml,
    /// Between `+++` lines.
    Toml,
}

/// A markdown file split into front matter and body.
#[derive(Debug, Clone)]
pub struct Split<'a> {
    /// The front matter's text, without its fences (starts on file line 2).
    pub front: &'a str,
    pub format: Format,
    pub body: &'a str,
    /// File line on which `body` starts (1-based).
    pub body_line: usize,
}

/// Splits `---\nyaml\n---\nbody` or `+++\ntoml\n+++\nbody`. A file without
/// front matter is all body.
pub fn split<'a>(text: &'a str, path: &Path) -> Result<Split<'a>, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    let (format, fence) = match first.trim_end() {
        "---" => (Format::Yaml, "---"),
        "+++" => (Format::Toml, "+++"),
        _ => {
            return Ok(Split {
                front: "",
                format: Format::Yaml,
                body: text,
                body_line: 1,
            })
        }
    };
    let front_start = first.len();
    let mut offset = front_start;
    for (i, line) in lines.enumerate() {
        let trimmed = line.trim_end();
        if trimmed == fence || (format == Format::Yaml && trimmed == "...") {
            return Ok(Split {
                front: &text[front_start..offset],
                format,
                body: &text[offset + line.len()..],
                body_line: i + 3,
            });
        }
        offset += line.len();
    }
    Err(
        Diagnostic::error(path, format!("front matter opened with `{fence}` is never closed"))
            .at(1, 1)
            .hint(format!("end the front matter with a line holding only `{fence}`")),
    )
}

/// The file line on which front matter `text` sets `key`, or 1.
pub fn key_line(text: &str, format: Format, key: &str) -> usize {
    match format {
        Format::Toml => self::toml::key_line(text, key),
        Format::Yaml => text
            .lines()
            .position(|l| {
                l.strip_prefix(key)
                    .is_some_and(|rest| rest.trim_start().starts_with(':'))
            })
            .map_or(1, |i| i + 2),
    }
}

impl FrontMatter {
    /// Parses the front matter of a split file; positions in errors are file lines.
    pub fn parse(text: &str, format: Format, path: &Path) -> Result<FrontMatter, Diagnostics> {
        if text.trim().is_empty() {
            return Ok(FrontMatter::default());
        }
        match format {
            Format::Yaml => FrontMatter::parse_yaml(text, path),
            Format::Toml => self::toml::parse(text, path),
        }
    }

    fn parse_yaml(yaml: &str, path: &Path) -> Result<FrontMatter, Diagnostics> {
        crate::yaml::check_depth(path, yaml, 2).map_err(|d| Diagnostics::from_iter([d]))?;
        let mut fm: FrontMatter = serde_yaml::from_str(yaml).map_err(|e| {
            let mut d = crate::yaml::diagnostic_in(path, &e, 2, yaml);
            if d.message.contains("duplicate field") || d.message.contains("aliases") {
                return Diagnostics::from_iter([d]);
            }
            // Errors raised while converting a value (dates) carry the position
            // of the enclosing mapping; point at the offending value instead.
            if let Some(value) = d.message.split('`').nth(1) {
                if let Some(line) = crate::yaml::line_holding(yaml, value, 2) {
                    d.line = line;
                }
            }
            Diagnostics::from_iter([d])
        })?;
        let map: BTreeMap<String, serde_yaml::Value> = serde_yaml::from_str(yaml)
            .map_err(|e| Diagnostics::from_iter([crate::yaml::diagnostic_in(path, &e, 2, yaml)]))?;
        for (key, value) in map {
            if KNOWN_KEYS.contains(&key.as_str()) {
                continue;
            }
            let json = serde_json::to_value(&value).unwrap_or(serde_json::Value::Null);
            fm.extra.insert(key, json);
        }
        Ok(fm)
    }

    /// Keys in `extra` that look like misspelt known keys (`titel`), with the
    /// key they probably meant.
    pub fn likely_typos(&self) -> Vec<(&str, &'static str)> {
        let known: Vec<String> = KNOWN_KEYS.iter().map(|k| k.to_string()).collect();
        self.extra
            .keys()
            .filter_map(|k| {
                let best = crate::yaml::nearest(k, &known)?;
                let close = strsim::levenshtein(&k.to_lowercase(), &best.to_lowercase()) <= 2;
                let real = KNOWN_KEYS.iter().find(|c| **c == best)?;
                close.then_some((k.as_str(), *real))
            })
            .collect()
    }
}

/// Dates as Hugo writes them: `2025-12-19`, or an RFC 3339 timestamp.
/// `key: value` or `key: [a, b]`.
fn one_or_many<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match Option::<OneOrMany>::deserialize(d)? {
        None => Vec::new(),
        Some(OneOrMany::One(s)) => vec![s],
        Some(OneOrMany::Many(v)) => v,
    })
}

fn date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    let raw: Option<String> = Option::deserialize(d)?;
    let Some(raw) = raw else { return Ok(None) };
    parse_date(&raw).map(Some).ok_or_else(|| {
        serde::de::Error::custom(format!(
            "`{raw}` is not a date; write it as YYYY-MM-DD (e.g. 2025-12-19)"
        ))
    })
}

pub fn parse_date(raw: &str) -> Option<NaiveDate> {
    let raw = raw.trim();
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .ok()
        .or_else(|| chrono::DateTime::parse_from_rfc3339(raw).ok().map(|d| d.date_naive()))
        .or_else(|| {
            raw.get(..10)
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_counts_body_line() {
        let s = split("---\ntitle: A\n---\n## Body\n", Path::new("a.md")).unwrap();
        assert_eq!((s.front, s.format), ("title: A\n", Format::Yaml));
        assert_eq!(s.body, "## Body\n");
        assert_eq!(s.body_line, 4);
        let crlf = split("\u{feff}---\r\ntitle: A\r\n---\r\nx", Path::new("a.md")).unwrap();
        assert_eq!(crlf.body, "x");
        let toml = split("+++\ntitle = \"A\"\n---\n+++\nbody\n", Path::new("a.md")).unwrap();
        assert_eq!((toml.front, toml.format), ("title = \"A\"\n---\n", Format::Toml));
        assert_eq!((toml.body, toml.body_line), ("body\n", 5));
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let e = split("---\ntitle: A\n", Path::new("a.md")).unwrap_err();
        assert!(e.message.contains("never closed"));
        let e = split("+++\ntitle = \"A\"\n---\n", Path::new("a.md")).unwrap_err();
        assert!(e.message.contains("`+++` is never closed"), "{e}");
    }

    #[test]
    fn sample_fields_parse_and_unknowns_go_to_extra() {
        let yaml = "title: サポートポータル\nlastmod: '2025-12-19'\ntranslationKey: support-portal\ntype: glossary\ne-title: Support Portal\nkeywords:\n- a\n";
        let fm = FrontMatter::parse(yaml, Format::Yaml, Path::new("a.md")).unwrap();
        assert_eq!(fm.title, "サポートポータル");
        assert_eq!(fm.lastmod, NaiveDate::from_ymd_opt(2025, 12, 19));
        assert_eq!(fm.page_type.as_deref(), Some("glossary"));
        assert_eq!(fm.translation_key.as_deref(), Some("support-portal"));
        assert_eq!(fm.extra["e-title"], "Support Portal");
        assert!(!fm.extra.contains_key("title"));
    }

    #[test]
    fn bad_date_and_bad_yaml_point_at_file_lines() {
        let e = FrontMatter::parse_yaml("title: A\ndate: 'next tuesday'\n", Path::new("a.md")).unwrap_err();
        let d = e.iter().next().unwrap();
        assert!(d.message.contains("not a date"), "{d}");
        assert_eq!(d.line, 3, "{d}");
        let e = FrontMatter::parse_yaml("title: A\ntags: [a, b\n", Path::new("a.md")).unwrap_err();
        assert!(e.iter().next().unwrap().line >= 3);
    }

    #[test]
    fn typos_of_known_keys_are_spotted() {
        let fm = FrontMatter::parse_yaml("titel: A\nterm: x\n", Path::new("a.md")).unwrap();
        assert_eq!(fm.likely_typos(), vec![("titel", "title")]);
    }
}
