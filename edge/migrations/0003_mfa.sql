-- Two-factor sign-in for agents (issue 19): TOTP secrets, recovery codes and
-- the short-lived tokens between a right password and a right code. Same
-- rules as 0001: SQL that both D1 and SQLite accept.
--
-- The TOTP secret must be read back to check a code, so it is stored sealed
-- (ChaCha20-Poly1305 under the deployment's MFA key, src/auth/seal.rs), not
-- hashed. Recovery codes and pending tokens are stored as SHA-256 hashes.

-- An agent's authenticator. `confirmed_at` is NULL while enrolling (the
-- agent has not yet typed a code from it); `last_step` is the newest
-- 30-second step whose code was accepted, so no code works twice.
CREATE TABLE agent_totp (
    agent_id      TEXT PRIMARY KEY REFERENCES agents (id),
    sealed_secret TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    confirmed_at  INTEGER,
    last_step     INTEGER NOT NULL DEFAULT 0
);

-- Single-use recovery codes, made (ten) when TOTP is confirmed.
CREATE TABLE agent_recovery_codes (
    code_hash TEXT PRIMARY KEY,
    agent_id  TEXT NOT NULL REFERENCES agents (id),
    used_at   INTEGER
);
CREATE INDEX agent_recovery_codes_by_agent ON agent_recovery_codes (agent_id);

-- A password accepted for an account with TOTP: the token that
-- `POST /api/agent/sign-in/mfa` completes with a code, for a few minutes.
CREATE TABLE agent_mfa_pending (
    token_hash TEXT PRIMARY KEY,
    agent_id   TEXT NOT NULL REFERENCES agents (id),
    expires_at INTEGER NOT NULL
);

-- A session opened while `require_mfa` is on by an admin without TOTP may
-- only enrol (and read `me`, sign out) until TOTP is confirmed.
ALTER TABLE agent_sessions ADD COLUMN enrol_only INTEGER NOT NULL DEFAULT 0;
