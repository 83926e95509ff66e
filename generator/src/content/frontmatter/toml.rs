//! TOML front matter, between `+++` lines as Hugo and Zola write it. It is
//! read into the same typed [`FrontMatter`] as YAML, with the same fields,
//! the same `extra` for unknown keys, and errors at the file line of the
//! key or the syntax mistake.
//!
//! TOML values become JSON values first (dates as their text), so one set of
//! serde rules (`date`, `one_or_many`, the a11y settings) serves both formats.

use super::{FrontMatter, KNOWN_KEYS};
use crate::diagnostics::{Diagnostic, Diagnostics};
use serde_json::{Map, Value};
use std::path::Path;

/// Parses the TOML of a split file; `text` starts on file line 2.
pub(super) fn parse(text: &str, path: &Path) -> Result<FrontMatter, Diagnostics> {
    let one = |d: Diagnostic| Diagnostics::from_iter([d]);
    let table: toml::Table = toml::from_str(text).map_err(|e| one(syntax_error(text, path, &e)))?;
    let json: Map<String, Value> = table.into_iter().map(|(k, v)| (k, to_json(v))).collect();
    let mut fm: FrontMatter = match serde_json::from_value(Value::Object(json.clone())) {
        Ok(fm) => fm,
        Err(e) => return Err(one(field_error(text, path, &json, &e))),
    };
    for (key, value) in json {
        if !KNOWN_KEYS.contains(&key.as_str()) {
            fm.extra.insert(key, value);
        }
    }
    Ok(fm)
}

/// A TOML syntax error at its line and column in the file.
fn syntax_error(text: &str, path: &Path, err: &toml::de::Error) -> Diagnostic {
    let message = err.message().trim().to_string();
    let mut d = Diagnostic::error(path, format!("TOML front matter: {message}"));
    if let Some(span) = err.span() {
        let offset = floor_char_boundary(text, span.start);
        let before = &text[..offset];
        let line = before.matches('\n').count();
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        d = d.at(2 + line, col);
    } else {
        d = d.at(1, 1);
    }
    d.hint("TOML front matter is `key = value` lines between `+++` lines; strings need quotes")
}

/// A value of the wrong type (or an invalid date): the key that holds it is
/// found by reading each key alone, since every field has a default.
fn field_error(text: &str, path: &Path, json: &Map<String, Value>, err: &serde_json::Error) -> Diagnostic {
    let culprit = json.iter().find(|(key, value)| {
        let alone = Map::from_iter([((*key).clone(), (*value).clone())]);
        serde_json::from_value::<FrontMatter>(Value::Object(alone)).is_err()
    });
    let line = culprit.map_or(1, |(key, _)| key_line(text, key));
    let what = culprit.map(|(key, _)| format!("`{key}`: ")).unwrap_or_default();
    Diagnostic::error(path, format!("{what}{err}")).at(line, 1)
}

/// The file line on which `key` is set (`key = …`, or a `[key]` table), or 1.
pub(crate) fn key_line(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| {
            let l = l.trim_start();
            let l = l
                .strip_prefix('"')
                .and_then(|r| r.strip_prefix(key)?.strip_prefix('"'))
                .or_else(|| l.strip_prefix(key));
            l.is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .or_else(|| text.lines().position(|l| l.trim() == format!("[{key}]")))
        .map_or(1, |i| i + 2)
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(to_json).collect()),
        toml::Value::Table(t) => Value::Object(t.into_iter().map(|(k, v)| (k, to_json(v))).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn hugo_fields_parse_and_unknowns_go_to_extra() {
        let text = "title = \"Install the CLI\"\ndate = 2025-12-19\nlastmod = 2026-01-02T10:00:00Z\nweight = 3\ntags = [\"cli\", \"setup\"]\nmoved_from = \"cli/install\"\nterm = \"pbx\"\n\n[a11y]\nignore = [{ rule = \"link-text\", reason = \"a product name\" }]\n";
        let fm = parse(text, Path::new("a.md")).unwrap();
        assert_eq!(fm.title, "Install the CLI");
        assert_eq!(fm.date, NaiveDate::from_ymd_opt(2025, 12, 19));
        assert_eq!(fm.lastmod, NaiveDate::from_ymd_opt(2026, 1, 2));
        assert_eq!(fm.weight, 3);
        assert_eq!(fm.tags, ["cli", "setup"]);
        assert_eq!(fm.moved_from, ["cli/install"]);
        assert_eq!(fm.extra["term"], "pbx");
        assert!(!fm.extra.contains_key("a11y"));
    }

    #[test]
    fn syntax_errors_and_wrong_types_point_at_their_line() {
        let e = parse("title = \"A\"\ntags = [\"a\",\n", Path::new("a.md")).unwrap_err();
        let d = e.iter().next().unwrap();
        assert!(d.message.starts_with("TOML front matter:"), "{d}");
        assert!(d.line >= 3, "{d}");
        let e = parse("title = \"A\"\n\nweight = \"heavy\"\n", Path::new("a.md")).unwrap_err();
        let d = e.iter().next().unwrap();
        assert_eq!(d.line, 4, "{d}");
        assert!(d.message.starts_with("`weight`:"), "{d}");
        let e = parse("title = \"A\"\ndate = \"next tuesday\"\n", Path::new("a.md")).unwrap_err();
        let d = e.iter().next().unwrap();
        assert!(d.message.contains("not a date"), "{d}");
        assert_eq!(d.line, 3, "{d}");
    }

    #[test]
    fn key_lines_are_found_for_keys_and_tables() {
        let text = "title = \"A\"\n\"slug\" = \"b\"\n[a11y]\n";
        assert_eq!(key_line(text, "title"), 2);
        assert_eq!(key_line(text, "slug"), 3);
        assert_eq!(key_line(text, "a11y"), 4);
        assert_eq!(key_line(text, "weight"), 1);
    }
}
