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
    /// Single sign-on through OpenID Connect (the client secret comes from
    /// `PORTICO_EDGE_OIDC_SECRET`, never from this file).
    #[serde(default)]
    pub sso: Option<Sso>,
}

/// `support.agents.sso:`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Sso {
    /// The provider's issuer URL (its ID tokens' `iss`).
    pub issuer: String,
    /// The client (application) id registered with the provider.
    pub client_id: String,
    /// Scopes asked for.
    #[serde(default = "default_scopes")]
    pub scopes: String,
    /// E-mail domains whose verified addresses may sign in (at least one).
    #[serde(default)]
    pub allowed_domains: Vec<String>,
    /// The claim carrying roles or groups (`roles` on Entra ID, `groups` on Okta).
    #[serde(default)]
    pub role_claim: Option<String>,
    /// Values of `role_claim` that make an admin.
    #[serde(default)]
    pub admin_values: Vec<String>,
    /// Refuse password sign-in and set-up links.
    #[serde(default)]
    pub sso_only: bool,
    /// The sign-in button's text (default "Sign in with single sign-on").
    #[serde(default)]
    pub button_label: Option<String>,
}

fn default_scopes() -> String {
    "openid email profile".into()
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
        if let Some(sso) = &self.agents.sso {
            let local = ["http://127.0.0.1", "http://localhost"];
            if !sso.issuer.starts_with("https://") && !local.iter().any(|l| sso.issuer.starts_with(l)) {
                out.push(
                    Diagnostic::error(shown, format!("sso issuer `{}` must be an https:// URL", sso.issuer))
                        .at(super::key_line(text, "issuer:"), 1),
                );
            }
            if sso.client_id.trim().is_empty() {
                out.push(
                    Diagnostic::error(shown, "sso `client_id` is empty").at(super::key_line(text, "client_id:"), 1),
                );
            }
            if !sso.scopes.split_whitespace().any(|s| s == "openid") {
                out.push(
                    Diagnostic::error(shown, "sso `scopes` must include `openid`")
                        .at(super::key_line(text, "scopes:"), 1),
                );
            }
            let domain_ok = |d: &String| !d.is_empty() && !d.contains('@') && d.contains('.');
            if sso.allowed_domains.is_empty() || !sso.allowed_domains.iter().all(domain_ok) {
                out.push(
                    Diagnostic::error(
                        shown,
                        "sso `allowed_domains` must list the e-mail domains that may sign in (such as `example.com`)",
                    )
                    .at(super::key_line(text, "sso:"), 1),
                );
            }
        }
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
