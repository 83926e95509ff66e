//! A node's top-level section: the first folder under `content/<lang>/`.
//! Two names have rules of their own — `faq` (questions, categories) and
//! `docs` (versions, a sidebar, one book to read through) — and every other
//! folder is an ordinary section of articles; the home page has none.

/// Which top-level section a node is in.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Section {
    /// The language's home page.
    Home,
    /// `faq/`.
    Faq,
    /// `docs/`.
    Docs,
    /// Any other folder, e.g. `guides`.
    Named(String),
}

impl Section {
    /// The section of a file whose folders under `content/<lang>/` are `dirs`.
    pub fn of(dirs: &[&str]) -> Section {
        match dirs.first() {
            None => Section::Home,
            Some(&"faq") => Section::Faq,
            Some(&"docs") => Section::Docs,
            Some(other) => Section::Named(other.to_string()),
        }
    }

    /// The folder name (empty for home), as templates and the search index
    /// show it.
    pub fn as_str(&self) -> &str {
        match self {
            Section::Home => "",
            Section::Faq => "faq",
            Section::Docs => "docs",
            Section::Named(name) => name,
        }
    }
}

/// The `by_source` key of the file `rel` (like `guides/setup.md`) of language `lang`.
fn source_key(lang: &str, rel: &str) -> String {
    format!("{lang}/{rel}")
}

/// The `by_source` key of a page's source file.
pub fn key_of(source: &crate::content::SourceFile) -> String {
    source_key(&source.lang, &source.rel)
}

/// The `by_source` key of folder `dir`'s `_index.md` (`""` is the home page).
pub fn index_key(lang: &str, dir: &str) -> String {
    source_key(lang, &index_rel(dir))
}

/// Folder `dir`'s `_index.md`, as a path under `content/<lang>/`.
pub fn index_rel(dir: &str) -> String {
    if dir.is_empty() {
        "_index.md".to_string()
    } else {
        format!("{dir}/_index.md")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_and_keys() {
        assert_eq!(Section::of(&[]), Section::Home);
        assert_eq!(Section::of(&["faq", "billing"]), Section::Faq);
        assert_eq!(Section::of(&["docs", "v2"]), Section::Docs);
        assert_eq!(Section::of(&["guides"]).as_str(), "guides");
        assert_eq!(index_key("en", ""), "en/_index.md");
        assert_eq!(index_key("ja", "docs/v2"), "ja/docs/v2/_index.md");
    }
}
