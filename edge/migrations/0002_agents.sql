-- Agent accounts (issue 19): who may work on tickets, how they prove it
-- (password sessions, API tokens, one-time set-up links) and the audit log of
-- what they did. Same rules as 0001: SQL that both D1 and SQLite accept.
--
-- Secrets are stored only as SHA-256 hashes (session ids, API tokens, set-up
-- links) or as Argon2id PHC strings (passwords). Later steps add their own
-- columns or tables beside these: TOTP secrets and recovery codes (MFA), the
-- OpenID Connect subject (SSO); `auth_method` on sessions already says which
-- way a session was opened.

-- An agent. `email` is kept as typed and unique regardless of ASCII case;
-- `password_hash` is NULL until the agent follows a set-up link.
CREATE TABLE agents (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'agent')),
    language      TEXT NOT NULL,
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    password_hash TEXT,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE UNIQUE INDEX agents_by_email ON agents (email COLLATE NOCASE);

-- A signed-in browser. `id_hash` is the SHA-256 of the cookie's random value;
-- the CSRF token is derived from that value, so it needs no column. A session
-- ends at `expires_at` (absolute) or when unused for the configured idle time
-- since `last_seen_at`.
CREATE TABLE agent_sessions (
    id_hash      TEXT PRIMARY KEY,
    agent_id     TEXT NOT NULL REFERENCES agents (id),
    auth_method  TEXT NOT NULL CHECK (auth_method IN ('password')),
    client_hash  TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL
);
CREATE INDEX agent_sessions_by_agent ON agent_sessions (agent_id);
CREATE INDEX agent_sessions_by_expiry ON agent_sessions (expires_at);

-- API tokens for automation (`Authorization: Bearer pt_…`), shown once.
CREATE TABLE agent_tokens (
    id           TEXT PRIMARY KEY,
    agent_id     TEXT NOT NULL REFERENCES agents (id),
    name         TEXT NOT NULL,
    scope        TEXT NOT NULL CHECK (scope IN ('read', 'write')),
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked_at   INTEGER
);
CREATE INDEX agent_tokens_by_agent ON agent_tokens (agent_id, created_at);

-- One-time links that let an agent set a password (first set-up, or a reset
-- by an admin). A new link replaces the agent's earlier ones.
CREATE TABLE agent_setup_links (
    token_hash TEXT PRIMARY KEY,
    agent_id   TEXT NOT NULL REFERENCES agents (id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX agent_setup_links_by_agent ON agent_setup_links (agent_id);

-- Who did what, append-only: no route updates or deletes a row, and the
-- triggers refuse it from anywhere else too. `actor` is an agent id,
-- `bootstrap` (the AGENT_API_KEY), `system` (the CLI) or `anonymous` (a failed
-- sign-in); `detail` is a JSON object; `client_hash` the salted client hash.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          INTEGER NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    target      TEXT,
    detail      TEXT NOT NULL DEFAULT '{}',
    client_hash TEXT
);
CREATE INDEX audit_log_by_actor ON audit_log (actor, id);
CREATE INDEX audit_log_by_action ON audit_log (action, id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

-- Who a ticket is assigned to (NULL: unassigned).
ALTER TABLE tickets ADD COLUMN assignee_id TEXT REFERENCES agents (id);
