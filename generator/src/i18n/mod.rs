//! UI strings: `i18n/<lang>.yaml`, one flat table of `key: text` per language.
//! A text may instead be a map of CLDR plural categories
//! (`{one: "{n} article", other: "{n} articles"}`), chosen by `n`.
//!
//! Lookup falls back from the site's table to Portico's built-in table for the
//! language, then to the default language. Keys the default language has but
//! another language lacks are reported (they show in the default language).

pub(crate) mod locale;
pub mod translations;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// Tables shipped inside the binary, from the repository's `i18n/` folder.
const BUILT_IN: &[(&str, &str)] = &[
    ("en", include_str!("../../../i18n/en.yaml")),
    ("ja", include_str!("../../../i18n/ja.yaml")),
];

/// One UI string: plain, or one text per plural category.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(untagged)]
pub enum Entry {
    Text(String),
    Plural(BTreeMap<String, String>),
}

type Table = BTreeMap<String, Entry>;

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

    /// The entry and the language it was found in.
    fn entry<'a>(&'a self, lang: &str, key: &str) -> Option<(&'a str, &'a Entry)> {
        self.tables
            .get_key_value(lang)
            .and_then(|(l, t)| Some((l.as_str(), t.get(key)?)))
            .or_else(|| {
                let base = self.tables.get(&self.default_lang)?.get(key)?;
                Some((self.default_lang.as_str(), base))
            })
    }

    /// The text for `key` in `lang`, falling back to the default language
    /// (for a plural entry, its `other` form).
    pub fn get(&self, lang: &str, key: &str) -> Option<&str> {
        match self.entry(lang, key)?.1 {
            Entry::Text(t) => Some(t),
            Entry::Plural(forms) => forms.get("other").map(String::as_str),
        }
    }

    /// The text with `{name}` placeholders filled in; `n` picks the plural
    /// form and is shown with the language's digit grouping.
    pub fn format(&self, lang: &str, key: &str, n: Option<i64>, args: &[(&str, String)]) -> Result<String, String> {
        let (found_in, entry) = self.entry(lang, key).ok_or_else(|| {
            format!(
                "unknown UI string key `{key}`; add it to i18n/{}.yaml",
                self.default_lang
            )
        })?;
        let mut text = match entry {
            Entry::Text(t) => t.clone(),
            Entry::Plural(forms) => {
                let n = n.ok_or_else(|| format!("UI string `{key}` has plural forms; pass n=…"))?;
                let category = crate::i18n::locale::plural_category(found_in, n.unsigned_abs());
                forms
                    .get(category)
                    .or_else(|| forms.get("other"))
                    .cloned()
                    .ok_or_else(|| format!("UI string `{key}` in {found_in} lacks the `other` plural form"))?
            }
        };
        if let Some(n) = n {
            text = text.replace("{n}", &crate::i18n::locale::format_number(lang, n));
        }
        for (name, value) in args {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        Ok(text)
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
        let n = match args.get("n") {
            None => None,
            Some(v) => Some(
                v.as_i64()
                    .ok_or_else(|| format!("t(key=\"{key}\"): n must be a whole number"))?,
            ),
        };
        let params: Vec<(&str, String)> = args
            .iter()
            .filter(|(k, _)| !matches!(k.as_str(), "key" | "lang" | "n"))
            .map(|(k, v)| {
                (
                    k.as_str(),
                    v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string()),
                )
            })
            .collect();
        self.0
            .format(lang, key, n, &params)
            .map(tera::Value::String)
            .map_err(tera::Error::msg)
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
            Table::from([
                ("a".into(), Entry::Text("A {n}".into())),
                ("b".into(), Entry::Text("B".into())),
                (
                    "c".into(),
                    Entry::Plural(BTreeMap::from([
                        ("one".into(), "{n} article".into()),
                        ("other".into(), "{n} articles".into()),
                    ])),
                ),
            ]),
        );
        tables.insert(
            "ja".to_string(),
            Table::from([
                ("a".into(), Entry::Text("エー{n}".into())),
                (
                    "c".into(),
                    Entry::Plural(BTreeMap::from([("other".into(), "{n}件".into())])),
                ),
            ]),
        );
        I18n {
            default_lang: "en".into(),
            tables,
        }
    }

    #[test]
    fn falls_back_to_default_language_and_reports_missing() {
        let t = i18n();
        assert_eq!(t.get("ja", "b"), Some("B"));
        assert_eq!(t.format("ja", "a", Some(3), &[]).as_deref(), Ok("エー3"));
        let missing: Vec<String> = t.missing_keys().iter().map(|d| d.to_string()).collect();
        assert_eq!(missing.len(), 1);
        assert!(missing[0].starts_with("i18n/ja.yaml: warning: missing UI strings: b"));
    }

    #[test]
    fn plural_forms_follow_the_language_and_numbers_are_grouped() {
        let t = i18n();
        assert_eq!(t.format("en", "c", Some(1), &[]).as_deref(), Ok("1 article"));
        assert_eq!(t.format("en", "c", Some(1200), &[]).as_deref(), Ok("1,200 articles"));
        assert_eq!(t.format("ja", "c", Some(1), &[]).as_deref(), Ok("1件"));
        assert!(t.format("en", "c", None, &[]).unwrap_err().contains("pass n="));
        assert!(t
            .format("en", "zzz", None, &[])
            .unwrap_err()
            .contains("unknown UI string key `zzz`"));
    }

    #[test]
    fn every_error_code_of_the_edge_api_has_a_message_in_every_language() {
        for (lang, text) in BUILT_IN {
            let table = parse(text, Path::new(lang)).unwrap();
            let missing: Vec<&str> = portico_edge::ErrorCode::ALL
                .iter()
                .map(|c| c.as_str())
                .filter(|code| !matches!(table.get(&format!("support_error_{code}")), Some(Entry::Text(t)) if !t.is_empty()))
                .collect();
            assert!(
                missing.is_empty(),
                "i18n/{lang}.yaml has no support_error_<code> for {missing:?}"
            );
        }
    }

    #[test]
    fn built_in_tables_share_their_keys() {
        let en = parse(BUILT_IN[0].1, Path::new("en")).unwrap();
        let ja = parse(BUILT_IN[1].1, Path::new("ja")).unwrap();
        assert_eq!(en.keys().collect::<Vec<_>>(), ja.keys().collect::<Vec<_>>());
    }
}
