//! Configuration of the edge API, identical for both hosts: the native server
//! fills it from `portico.yaml`/flags, the Worker from its vars and secrets.

/// Everything the router needs to know about its deployment.
#[derive(Debug, Clone)]
pub struct EdgeConfig {
    /// The help center's own origin (`https://help.example.com`). Form posts
    /// must come from it (CSRF defence) and it is the only CORS origin.
    pub site_origin: String,
    /// Further origins allowed like `site_origin` (e.g. `http://localhost:1111`
    /// next to `http://127.0.0.1:1111` for `portico serve`).
    pub extra_origins: Vec<String>,
    /// The bootstrap agent key (a Worker secret): it acts as an admin called
    /// `bootstrap`, to create the first accounts. `None` refuses it.
    pub agent_api_key: Option<String>,
    /// Key that seals agents' TOTP secrets at rest (`PORTICO_EDGE_MFA_KEY`
    /// natively, the `MFA_KEY` secret in the Worker): any long random
    /// string, kept secret and stable (changing it turns every enrolled
    /// authenticator unreadable). `None` refuses TOTP enrolment.
    pub mfa_key: Option<String>,
    /// Salt for hashing client IPs, so stored hashes cannot be reversed by
    /// hashing the IPv4 space. Keep it secret and stable.
    pub ip_salt: String,
    /// Cloudflare Turnstile secret; when set, ticket submissions must carry a
    /// valid `cf-turnstile-response` (form) or `turnstile_token` (JSON).
    pub turnstile_secret: Option<String>,
    /// Turnstile's siteverify endpoint (overridable for tests).
    pub turnstile_verify_url: String,
    /// Helpdesk webhook for new tickets and customer replies.
    pub webhook_url: Option<String>,
    /// Language used when a submission names none.
    pub default_language: String,
    /// Ticket number prefix (`PB` → `PB-7K3QX`).
    pub ticket_prefix: String,
    /// Whether `POST /api/search-misses` is enabled (opt-in analytics).
    pub search_misses: bool,
    /// Trust `CF-Connecting-IP` for the client address. True behind
    /// Cloudflare; natively only when a trusted proxy sets it, since anyone
    /// can send the header and dodge rate limits otherwise.
    pub trust_cf_connecting_ip: bool,
    /// Rate limits.
    pub limits: RateLimits,
    /// Webhook retry schedule.
    pub webhook_retry: RetryPolicy,
    /// Agent sessions and set-up links.
    pub agents: AgentSettings,
    /// Single sign-on through OpenID Connect (`support.agents.sso`, the
    /// Worker's `SSO_*` vars); `None`: the SSO routes answer 404.
    pub sso: Option<SsoSettings>,
}

/// One OpenID Connect provider (Okta, Entra ID, Google Workspace…) agents
/// may sign in with. See `crate::sso`.
#[derive(Debug, Clone)]
pub struct SsoSettings {
    /// The provider's issuer URL, exactly as its ID tokens' `iss` says
    /// (discovery is `{issuer}/.well-known/openid-configuration`).
    pub issuer: String,
    /// The client id registered with the provider (the ID token's `aud`).
    pub client_id: String,
    /// The client secret (`PORTICO_EDGE_OIDC_SECRET`, never in a file).
    pub client_secret: String,
    /// Scopes asked for (default `openid email profile`).
    pub scopes: String,
    /// E-mail domains whose verified addresses may sign in (never empty:
    /// the check stands between a provider's every user and the workspace).
    pub allowed_domains: Vec<String>,
    /// The claim holding roles or groups (`roles` on Entra ID, a groups
    /// claim on Okta); `None`: roles are set in Portico only.
    pub role_claim: Option<String>,
    /// Values of `role_claim` that make an admin; any other makes an agent.
    pub admin_values: Vec<String>,
    /// Password sign-in and set-up links are refused; only SSO (and the
    /// bootstrap key, and API tokens) remain.
    pub sso_only: bool,
}

impl SsoSettings {
    /// Settings for `issuer` and `client_id` with the defaults: scopes
    /// `openid email profile`, no role claim, not SSO-only.
    pub fn new(
        issuer: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
        allowed_domains: Vec<String>,
    ) -> Self {
        SsoSettings {
            issuer: issuer.into(),
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            scopes: DEFAULT_SSO_SCOPES.into(),
            allowed_domains,
            role_claim: None,
            admin_values: Vec::new(),
            sso_only: false,
        }
    }
}

/// The scopes asked for when none are configured.
pub const DEFAULT_SSO_SCOPES: &str = "openid email profile";

/// How long agent credentials live.
#[derive(Debug, Clone)]
pub struct AgentSettings {
    /// A session unused this long ends (default 12 hours).
    pub session_idle_ms: i64,
    /// A session ends this long after sign-in, used or not (default 7 days).
    pub session_absolute_ms: i64,
    /// A set-up link works this long (default 72 hours).
    pub setup_link_ms: i64,
    /// Admins must use TOTP: one without it gets a session that may only
    /// enrol (`support.agents.require_mfa`, the Worker's `REQUIRE_MFA`).
    pub require_mfa: bool,
}

/// Fixed-window rate limits per client (salted IP hash).
#[derive(Debug, Clone)]
pub struct RateLimits {
    /// Window length in milliseconds.
    pub window_ms: i64,
    /// Write requests (tickets, comments, feedback, search misses) per window.
    pub writes: i64,
    /// Failed ticket look-ups (wrong token/unknown id) per window.
    pub failed_lookups: i64,
    /// Failed sign-ins per e-mail address (existing account or not) per
    /// window; past it that address is refused with 429 until the window ends.
    pub failed_sign_ins_per_account: i64,
    /// Failed sign-ins per client per window.
    pub failed_sign_ins_per_client: i64,
}

/// Exponential backoff for webhook deliveries: `base_ms * 2^attempts`,
/// capped at `max_ms`, giving up after `max_attempts`.
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    pub base_ms: i64,
    pub max_ms: i64,
    pub max_attempts: i64,
}

impl EdgeConfig {
    /// Defaults for a site at `site_origin`: no bootstrap key, no Turnstile,
    /// no webhook, 20 writes and 10 failed look-ups per client per 10
    /// minutes, 5 failed sign-ins per account and 20 per client.
    pub fn new(site_origin: impl Into<String>, ip_salt: impl Into<String>) -> Self {
        EdgeConfig {
            site_origin: site_origin.into().trim_end_matches('/').to_owned(),
            extra_origins: Vec::new(),
            agent_api_key: None,
            mfa_key: None,
            ip_salt: ip_salt.into(),
            turnstile_secret: None,
            turnstile_verify_url: "https://challenges.cloudflare.com/turnstile/v0/siteverify".into(),
            webhook_url: None,
            default_language: "en".into(),
            ticket_prefix: "PB".into(),
            search_misses: false,
            trust_cf_connecting_ip: false,
            limits: RateLimits {
                window_ms: 600_000,
                writes: 20,
                failed_lookups: 10,
                failed_sign_ins_per_account: 5,
                failed_sign_ins_per_client: 20,
            },
            webhook_retry: RetryPolicy {
                base_ms: 30_000,
                max_ms: 6 * 3_600_000,
                max_attempts: 20,
            },
            agents: AgentSettings {
                session_idle_ms: 12 * 3_600_000,
                session_absolute_ms: 7 * 86_400_000,
                setup_link_ms: 72 * 3_600_000,
                require_mfa: false,
            },
            sso: None,
        }
    }

    /// Whether password sign-in and set-up links are refused (`sso_only`).
    pub fn sso_only(&self) -> bool {
        self.sso.as_ref().is_some_and(|s| s.sso_only)
    }

    /// Whether the site is served over https: session cookies are then
    /// `Secure` and `__Host-` prefixed. Decided by the configured origin, not
    /// by request headers a client or proxy could set.
    pub fn https(&self) -> bool {
        self.site_origin.starts_with("https://")
    }

    /// Whether `origin` (an `Origin` header value) is one of ours.
    pub fn allows_origin(&self, origin: &str) -> bool {
        origin == self.site_origin || self.extra_origins.iter().any(|o| o.trim_end_matches('/') == origin)
    }

    /// Splits an absolute URL (a Referer) into origin and the rest, when the
    /// origin is one of ours.
    pub fn own_url_rest<'a>(&self, url: &'a str) -> Option<&'a str> {
        let end = url.match_indices('/').nth(2).map_or(url.len(), |(i, _)| i);
        self.allows_origin(&url[..end]).then(|| &url[end..])
    }
}
