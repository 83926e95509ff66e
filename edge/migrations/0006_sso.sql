-- Single sign-on through OpenID Connect (issue 19). Same rules as 0001: SQL
-- that both D1 and SQLite accept.
--
-- Nothing secret is stored: a sign-in in progress keeps only the hash of its
-- `state`, whose nonce and PKCE verifier are derived from a secret in the
-- browser's short-lived cookie (src/sso/flow.rs).

-- A sign-in sent to the provider and not yet back: one-time, a few minutes.
CREATE TABLE agent_sso_states (
    state_hash TEXT PRIMARY KEY,
    expires_at INTEGER NOT NULL
);
CREATE INDEX agent_sso_states_by_expiry ON agent_sso_states (expires_at);

-- Which provider identity (issuer, subject) is which agent: made the first
-- time an agent signs in with SSO, matched by verified e-mail address then.
CREATE TABLE agent_identities (
    issuer     TEXT NOT NULL,
    subject    TEXT NOT NULL,
    agent_id   TEXT NOT NULL REFERENCES agents (id),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (issuer, subject)
);
CREATE INDEX agent_identities_by_agent ON agent_identities (agent_id);

-- Sessions may now be opened by SSO: SQLite cannot change a CHECK, so the
-- table is rebuilt (new table, copy, drop, rename) with its indexes. Nothing
-- references agent_sessions, so the drop breaks no foreign key.
CREATE TABLE agent_sessions_new (
    id_hash      TEXT PRIMARY KEY,
    agent_id     TEXT NOT NULL REFERENCES agents (id),
    auth_method  TEXT NOT NULL CHECK (auth_method IN ('password', 'sso')),
    client_hash  TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    enrol_only   INTEGER NOT NULL DEFAULT 0
);
INSERT INTO agent_sessions_new (id_hash, agent_id, auth_method, client_hash, created_at, last_seen_at, expires_at,
    enrol_only)
    SELECT id_hash, agent_id, auth_method, client_hash, created_at, last_seen_at, expires_at, enrol_only
    FROM agent_sessions;
DROP TABLE agent_sessions;
ALTER TABLE agent_sessions_new RENAME TO agent_sessions;
CREATE INDEX agent_sessions_by_agent ON agent_sessions (agent_id);
CREATE INDEX agent_sessions_by_expiry ON agent_sessions (expires_at);
