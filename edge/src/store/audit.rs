//! The audit log: the closed list of recorded [`Action`]s, the [`Actor`]
//! that writes an entry into the same batch as the change it records (so an
//! action and its entry commit together or not at all), and the admins'
//! newest-first, cursor-paged reading of it. Nothing here updates or deletes
//! an entry; the schema's triggers refuse that from anywhere.

use super::{int_col, text_col, time_col, StoreError};
use crate::clock::Timestamp;
use crate::db::{text, Db, Param, Stmt};
use serde::Serialize;
use serde_json::Value;

/// Defines [`Action`] with its stored names and [`Action::ALL`] from one list.
macro_rules! actions {
    ($($(#[$doc:meta])* $variant:ident = $name:literal,)*) => {
        /// What an audit entry records, stored and filtered by its name.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Action {
            $($(#[$doc])* $variant,)*
        }

        impl Action {
            /// Every action, in the order of the table.
            pub const ALL: &'static [Action] = &[$(Action::$variant,)*];

            /// The stored name, `area.verb`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Action::$variant => $name,)*
                }
            }
        }
    };
}

actions! {
    /// A sign-in (password or SSO: `detail.method`) opened a session.
    SignIn = "agent.sign_in",
    /// A sign-in was refused (unknown address, wrong password, inactive account).
    SignInFailed = "agent.sign_in_failed",
    /// A provider identity was linked to an agent (first SSO sign-in, matched
    /// by verified e-mail address).
    SsoLinked = "agent.sso_linked",
    /// A session was ended by its agent.
    SignOut = "agent.sign_out",
    /// Every session of an agent was ended.
    SignOutEverywhere = "agent.sign_out_everywhere",
    /// An agent set a password through a set-up link.
    PasswordSet = "agent.password_set",
    /// An admin (or the CLI) made a set-up link for an agent.
    SetupLinkCreated = "agent.setup_link_created",
    /// An account was created.
    AgentCreated = "agent.created",
    /// An account's name or language changed.
    AgentUpdated = "agent.updated",
    /// An account's role changed.
    RoleChanged = "agent.role_changed",
    /// An account was deactivated: its sessions and tokens ended with it.
    Deactivated = "agent.deactivated",
    /// An account was activated again.
    Reactivated = "agent.reactivated",
    /// An account was removed (the CLI's `portico agents remove`).
    AgentRemoved = "agent.removed",
    /// An agent started enrolling an authenticator (TOTP).
    TotpEnrolStarted = "mfa.totp_enrol_started",
    /// An agent's TOTP was confirmed with a code: two-factor sign-in is on.
    TotpEnabled = "mfa.totp_enabled",
    /// An agent turned TOTP off.
    TotpDisabled = "mfa.totp_disabled",
    /// A TOTP or recovery code was refused (sign-in, confirmation, turning off).
    MfaFailed = "mfa.failed",
    /// A recovery code was used (each works once).
    RecoveryCodeUsed = "mfa.recovery_code_used",
    /// An API token was created.
    TokenCreated = "token.created",
    /// An API token was revoked.
    TokenRevoked = "token.revoked",
    /// A ticket's status changed.
    TicketStatusChanged = "ticket.status_changed",
    /// An agent replied on a ticket.
    TicketReplied = "ticket.replied",
    /// A ticket was assigned or unassigned.
    TicketAssigned = "ticket.assigned",
    /// An agent added an internal note to a ticket.
    TicketNoteAdded = "ticket.note_added",
}

impl std::str::FromStr for Action {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        Action::ALL.iter().copied().find(|a| a.as_str() == s).ok_or(())
    }
}

impl From<Action> for Param {
    fn from(action: Action) -> Self {
        action.as_str().into()
    }
}

/// Who acts, from where and when: writes the audit entries of one change.
#[derive(Debug, Clone, Copy)]
pub struct Actor<'a> {
    /// An agent id, `bootstrap`, `system` or `anonymous`.
    pub id: &'a str,
    /// The salted client hash; `None` for the CLI.
    pub client: Option<&'a str>,
    pub at: i64,
}

impl Actor<'_> {
    /// The statement appending one entry.
    pub fn record(&self, action: Action, target: Option<&str>, detail: &Value) -> Stmt {
        Stmt::new(
            "INSERT INTO audit_log (at, actor, action, target, detail, client_hash) VALUES (?, ?, ?, ?, ?, ?)",
            self.params(action, target.map(str::to_owned), detail),
        )
    }

    /// The parameters of an entry, in the column order above, for the
    /// stores' conditional `INSERT … SELECT` forms.
    pub(super) fn params(&self, action: Action, target: Option<String>, detail: &Value) -> Vec<Param> {
        vec![
            self.at.into(),
            self.id.into(),
            action.into(),
            target.into(),
            detail.to_string().into(),
            self.client.into(),
        ]
    }
}

/// One entry as admins read it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditEntry {
    pub action: String,
    pub actor: String,
    pub at: Timestamp,
    pub client_hash: Option<String>,
    pub detail: Value,
    pub id: i64,
    pub target: Option<String>,
}

/// What to read of the log: newest first, ids below `before` (the cursor).
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    pub actor: Option<String>,
    pub action: Option<Action>,
    pub before: Option<i64>,
    pub limit: i64,
}

/// A page of the log.
pub async fn audit_entries(db: &dyn Db, q: &AuditQuery) -> Result<Vec<AuditEntry>, StoreError> {
    let rows = db
        .batch(vec![Stmt::new(
            "SELECT id, at, actor, action, target, detail, client_hash FROM audit_log \
             WHERE (? IS NULL OR actor = ?) AND (? IS NULL OR action = ?) AND (? IS NULL OR id < ?) \
             ORDER BY id DESC LIMIT ?",
            vec![
                q.actor.clone().into(),
                q.actor.clone().into(),
                q.action.into(),
                q.action.into(),
                q.before.into(),
                q.before.into(),
                q.limit.into(),
            ],
        )])
        .await?;
    rows[0]
        .iter()
        .map(|r| {
            let detail = text_col(r, "detail")?;
            Ok(AuditEntry {
                action: text_col(r, "action")?,
                actor: text_col(r, "actor")?,
                at: time_col(r, "at")?,
                client_hash: text(r, "client_hash"),
                detail: serde_json::from_str(&detail).map_err(|e| StoreError::BadRow(format!("audit detail: {e}")))?,
                id: int_col(r, "id")?,
                target: text(r, "target"),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::Action;

    #[test]
    fn action_names_read_back() {
        for action in Action::ALL {
            assert_eq!(action.as_str().parse(), Ok(*action));
        }
        assert!("agent.nothing".parse::<Action>().is_err());
    }
}
