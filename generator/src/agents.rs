//! `portico agents`: agent accounts in the local edge database, the one
//! `portico serve` uses (`.portico/edge.sqlite`), for local use and a first
//! set-up. Accounts are created and removed through the edge's own account
//! code (`portico_edge::agents`, `portico_edge::store`), so the CLI and the
//! admin routes cannot disagree; the audit log names the CLI's changes
//! `system`. On Cloudflare the first admin is made with the bootstrap key
//! instead (README, "Agents: accounts and sign-in").

use crate::serve::EdgeSetup;
use portico_edge::agents::admin::{create_account, make_setup_link};
use portico_edge::store::{self, Account, Actor, NewAgent, Role};
use portico_edge::{native, AppState};
use std::net::SocketAddr;

/// The local edge database, opened as `portico serve` on `port` would.
pub struct LocalAgents {
    state: AppState,
    runtime: tokio::runtime::Runtime,
}

/// What `add` made: the account and its one-time set-up link.
pub struct Added {
    pub account: Account,
    pub setup_url: String,
    pub valid_hours: i64,
}

impl LocalAgents {
    /// Opens (creating and migrating if needed) the database of `edge`, with
    /// links pointing at `http://127.0.0.1:<port>`.
    pub fn open(edge: &EdgeSetup, port: u16) -> Result<Self, String> {
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let config = edge
            .config(addr)
            .map_err(|e| format!("{}: {e}", edge.data_dir.display()))?;
        let db = edge.data_dir.join("edge.sqlite");
        let state = native::state(config, &db).map_err(|e| format!("{}: {e}", db.display()))?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .map_err(|e| e.to_string())?;
        Ok(LocalAgents { state, runtime })
    }

    fn system(&self) -> Actor<'static> {
        Actor {
            id: "system",
            client: None,
            at: self.state.clock.now_ms(),
        }
    }

    /// Creates an account and a set-up link for it.
    pub fn add(&self, email: &str, name: &str, role: Role, language: Option<&str>) -> Result<Added, String> {
        if !portico_edge::input::valid_email(email) {
            return Err(format!("{email} is not an e-mail address like ana@example.com"));
        }
        if name.trim().is_empty() || name.chars().any(char::is_control) {
            return Err("--name must be a single, non-empty line".into());
        }
        let language = language.unwrap_or(&self.state.config.default_language);
        if !portico_edge::input::valid_language(language) {
            return Err(format!("--language {language} is not a language code such as en"));
        }
        let new = NewAgent {
            email: email.to_owned(),
            name: name.trim().to_owned(),
            role,
            language: language.to_owned(),
        };
        self.runtime.block_on(async {
            let by = self.system();
            let account = create_account(&self.state, &new, &by)
                .await
                .map_err(|e| match e.code() {
                    portico_edge::ErrorCode::AlreadyExists => {
                        format!("an agent with the address {email} exists (see `portico agents list`)")
                    }
                    _ => e.message(),
                })?;
            let (setup_url, _) = make_setup_link(&self.state, &account, &by)
                .await
                .map_err(|e| e.message())?;
            Ok(Added {
                account,
                setup_url,
                valid_hours: self.state.config.agents.setup_link_ms / 3_600_000,
            })
        })
    }

    /// Every account, by e-mail address.
    pub fn list(&self) -> Result<Vec<Account>, String> {
        self.runtime
            .block_on(store::list_agents(&*self.state.db))
            .map_err(|e| e.to_string())
    }

    /// Removes the account of `email` (any case), ending its sessions and
    /// tokens; `false` when there is none.
    pub fn remove(&self, email: &str) -> Result<bool, String> {
        self.runtime.block_on(async {
            let db = &*self.state.db;
            let Some(account) = store::agent_by_email(db, email).await.map_err(|e| e.to_string())? else {
                return Ok(false);
            };
            store::remove_agent(db, &account, &self.system())
                .await
                .map_err(|e| e.to_string())?;
            Ok(true)
        })
    }
}
