//! `a11y:` in portico.yaml and in a page's front matter: the accessibility
//! findings a site or a page accepts, each with the reason it does. The
//! checker (`crate::a11y`) reads these; it also tells unknown rule ids, which
//! only it knows.

use serde::{Deserialize, Serialize};

/// One `a11y.ignore` entry.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Ignore {
    /// The rule id, e.g. `heading-order`.
    pub rule: String,
    /// In portico.yaml: URL patterns (`*` matches anything) of the pages it
    /// applies to; all pages when empty. Not used in front matter.
    #[serde(default)]
    pub pages: Vec<String>,
    /// Why; printed with every finding it silences.
    pub reason: String,
}

/// `a11y:` in portico.yaml or front matter.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    #[serde(default)]
    pub ignore: Vec<Ignore>,
}

impl Settings {
    /// The entries that give no reason.
    pub fn without_reason(&self) -> impl Iterator<Item = &Ignore> {
        self.ignore.iter().filter(|i| i.reason.trim().is_empty())
    }
}
