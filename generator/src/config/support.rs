//! `support:` in `portico.yaml`: the pages that talk to the edge API (the
//! ticket form, the private ticket status page) and the "Was this helpful?"
//! widget on articles. They post to `/api/*` on the site's own origin, which
//! `portico serve` answers locally and the Worker answers on Cloudflare.
//! `agents:` sets how agents sign in (`require_mfa`), which `portico serve`
//! passes to its edge API (the Worker reads its `REQUIRE_MFA` var).

use super::Localized;
use crate::diagnostics::Diagnostic;
use serde::{Deserialize, Serialize};
use std::path::Path;

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Support {
    /// Publish `/<lang>/support/` (ticket form) and `/<lang>/support/status/`.
    #[serde(default = "yes")]
    pub enabled: bool,
    /// Show "Was this helpful?" on articles and FAQ questions.
    #[serde(default = "yes")]
    pub feedback: bool,
    /// Choices of the form's category field (none: the field is left out).
    #[serde(default)]
    pub categories: Vec<Category>,
    /// How agents sign in to the workspace.
    #[serde(default)]
    pub agents: Agents,
}

/// `support.agents:`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Agents {
    /// Admins must use two-factor sign-in (TOTP): one without it gets a
    /// session that may only set it up.
    #[serde(default)]
    pub require_mfa: bool,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    /// Stored with the ticket: letters, digits, `-` and `_` (the edge API's rule).
    pub id: String,
    pub label: Localized,
}

fn yes() -> bool {
    true
}

impl Default for Support {
    fn default() -> Self {
        Support {
            enabled: true,
            feedback: true,
            categories: Vec::new(),
            agents: Agents::default(),
        }
    }
}

impl Support {
    pub(super) fn validate(&self, text: &str, shown: &Path) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for c in &self.categories {
            let line = super::key_line(text, &format!("id: {}", c.id));
            let ok = !c.id.is_empty()
                && c.id.len() <= 64
                && c.id.chars().all(|ch| ch.is_alphanumeric() || ch == '-' || ch == '_');
            if !ok {
                out.push(
                    Diagnostic::error(
                        shown,
                        format!(
                            "support category id `{}` may hold only letters, digits, `-` and `_`",
                            c.id
                        ),
                    )
                    .at(line, 1),
                );
            }
            if !seen.insert(c.id.as_str()) {
                out.push(
                    Diagnostic::error(shown, format!("support category `{}` is declared twice", c.id)).at(line, 1),
                );
            }
        }
        out
    }
}
