//! UI strings: `i18n/<lang>.yaml`, one flat table of `key: text` per language.
//!
//! Lookup falls back from the site's table to Portico's built-in table for the
//! language, then to the default language. Keys the default language has but
//! another language lacks are reported (they show in the default language).

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// Tables shipped inside the binary, from the repository's `i18n/` folder.
const BUILT_IN: &[(&str, &str)] = &[
    ("en", include_str!("../../i18n/en.yaml")),
    ("ja", include_str!("../../i18n/ja.yaml")),
];

type Table = BTreeMap<String, String>;

#[derive(Debug, Clone)]
pub struct I18n {
    default_lang: String,
    tables: HashMap<String, Table>,
}

impl I18n {
    /// Loads the tables for every configured language.
    pub fn load(root: &Path, config: &Config) -> (I18n, Diagnostics) {
        let mut problems = Diagnostics::new();
        let mut tables = HashMap::new();
        for lang in &config.languages {
            let mut table = Table::new();
            if let Some((_, text)) = BUILT_IN.iter().find(|(l, _)| *l == lang.code) {
                table.extend(parse(text, Path::new("i18n (built in)")).unwrap_or_default());
            }
            let path = root.join("i18n").join(format!("{}.yaml", lang.code));
            if let Ok(text) = std::fs::read_to_string(&path) {
                let shown = PathBuf::from(format!("i18n/{}.yaml", lang.code));
                match parse(&text, &shown) {
                    Ok(site) => table.extend(site),
                    Err(d) => problems.push(d),
                }
            }
            tables.insert(lang.code.clone(), table);
        }
        let i18n = I18n {
            default_lang: config.default_language.clone(),
            tables,
        };
        problems.extend(i18n.missing_keys());
        (i18n, problems)
    }

    /// The text for `key` in `lang`, falling back to the default language.
    pub fn get(&self, lang: &str, key: &str) -> Option<&str> {
        self.tables
            .get(lang)
            .and_then(|t| t.get(key))
            .or_else(|| self.tables.get(&self.default_lang).and_then(|t| t.get(key)))
            .map(String::as_str)
    }

    /// `get` with `{name}` placeholders filled in.
    pub fn format(&self, lang: &str, key: &str, args: &[(&str, String)]) -> Option<String> {
        let mut text = self.get(lang, key)?.to_string();
        for (name, value) in args {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        Some(text)
    }

    fn missing_keys(&self) -> Diagnostics {
        let Some(base) = self.tables.get(&self.default_lang) else {
            return Diagnostics::new();
        };
        let mut langs: Vec<_> = self.tables.keys().filter(|l| **l != self.default_lang).collect();
        langs.sort();
        let mut out = Diagnostics::new();
        for lang in langs {
            let table = &self.tables[lang];
            let missing: Vec<&str> = base
                .keys()
                .filter(|k| !table.contains_key(*k))
                .map(String::as_str)
                .collect();
            if !missing.is_empty() {
                out.push(
                    Diagnostic::warning(
                        format!("i18n/{lang}.yaml"),
                        format!("missing UI strings: {}", missing.join(", ")),
                    )
                    .hint(format!("these show in `{}` until translated", self.default_lang)),
                );
            }
        }
        out
    }
}

fn parse(text: &str, shown: &Path) -> Result<Table, Diagnostic> {
    serde_yaml::from_str(text).map_err(|e| crate::yaml::diagnostic(shown, &e, 1))
}

/// Lets the markdown stage ask for its labels in one language.
pub struct LangLabels<'a> {
    pub i18n: &'a I18n,
    pub lang: &'a str,
}

impl crate::markdown::Labels for LangLabels<'_> {
    fn label(&self, key: &str) -> String {
        self.i18n.get(self.lang, key).unwrap_or(key).to_string()
    }
}

/// The tera function `t(key="…", lang=lang, n=…)`: an unknown key is a build
/// error, so a typo in a template never ships as blank text.
pub struct TranslateFn(pub std::sync::Arc<I18n>);

impl tera::Function for TranslateFn {
    fn call(&self, args: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
        let key = args.get("key").and_then(|v| v.as_str()).ok_or("t() needs key=\"…\"")?;
        let lang = args.get("lang").and_then(|v| v.as_str()).ok_or("t() needs lang=lang")?;
        let params: Vec<(&str, String)> = args
            .iter()
            .filter(|(k, _)| *k != "key" && *k != "lang")
            .map(|(k, v)| {
                (
                    k.as_str(),
                    v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string()),
                )
            })
            .collect();
        self.0
            .format(lang, key, &params)
            .map(tera::Value::String)
            .ok_or_else(|| {
                format!(
                    "unknown UI string key `{key}`; add it to i18n/{}.yaml",
                    self.0.default_lang
                )
                .into()
            })
    }

    fn is_safe(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn i18n() -> I18n {
        let mut tables = HashMap::new();
        tables.insert(
            "en".to_string(),
            Table::from([("a".into(), "A {n}".into()), ("b".into(), "B".into())]),
        );
        tables.insert("ja".to_string(), Table::from([("a".into(), "エー{n}".into())]));
        I18n {
            default_lang: "en".into(),
            tables,
        }
    }

    #[test]
    fn falls_back_to_default_language_and_reports_missing() {
        let t = i18n();
        assert_eq!(t.get("ja", "b"), Some("B"));
        assert_eq!(t.format("ja", "a", &[("n", "3".into())]).as_deref(), Some("エー3"));
        let missing: Vec<String> = t.missing_keys().iter().map(|d| d.to_string()).collect();
        assert_eq!(missing.len(), 1);
        assert!(missing[0].starts_with("i18n/ja.yaml: warning: missing UI strings: b"));
    }

    #[test]
    fn built_in_tables_share_their_keys() {
        let en = parse(BUILT_IN[0].1, Path::new("en")).unwrap();
        let ja = parse(BUILT_IN[1].1, Path::new("ja")).unwrap();
        assert_eq!(en.keys().collect::<Vec<_>>(), ja.keys().collect::<Vec<_>>());
    }
}
