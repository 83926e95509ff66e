-- Portico edge API schema. One file for both hosts: the native server runs it
-- at open (SQLite, tracked with PRAGMA user_version), Cloudflare runs it with
-- `wrangler d1 migrations apply` (D1, tracked in d1_migrations). Keep it to the
-- SQL both accept: no PRAGMA, no explicit BEGIN/COMMIT.
--
-- Times are Unix milliseconds (INTEGER). Secrets (access tokens, client IPs)
-- are never stored raw: only SHA-256 hashes (hex), salted for IPs.

-- A customer's ticket. `id` is the short public number (PB-7K3QX): random, so
-- numbers cannot be enumerated, and useless without the access token.
CREATE TABLE tickets (
    id          TEXT PRIMARY KEY,
    token_hash  TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'pending', 'solved')),
    name        TEXT NOT NULL,
    email       TEXT NOT NULL,
    subject     TEXT NOT NULL,
    category    TEXT,
    language    TEXT NOT NULL,
    article     TEXT,
    client_hash TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX tickets_by_status ON tickets (status, updated_at);

-- The public conversation of a ticket, oldest first (by id).
CREATE TABLE messages (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket_id  TEXT NOT NULL REFERENCES tickets (id),
    author     TEXT NOT NULL CHECK (author IN ('customer', 'agent')),
    body       TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX messages_by_ticket ON messages (ticket_id, id);

-- One row per submission attempt key (Idempotency-Key header or form nonce,
-- hashed with the client and the content). `sealed_token` is the access token
-- XOR a key derived from the raw idempotency key, which is never stored: only
-- a client retrying with the same key can recover the token.
CREATE TABLE idempotency_keys (
    key_hash     TEXT PRIMARY KEY,
    ticket_id    TEXT NOT NULL,
    sealed_token TEXT NOT NULL,
    created_at   INTEGER NOT NULL
);
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);

-- "Was this helpful?" votes: one per client per article version per day; a
-- second vote the same day replaces the first.
CREATE TABLE feedback_votes (
    article     TEXT NOT NULL,
    language    TEXT NOT NULL,
    version     TEXT NOT NULL DEFAULT '',
    client_hash TEXT NOT NULL,
    day         INTEGER NOT NULL,
    helpful     INTEGER NOT NULL CHECK (helpful IN (0, 1)),
    comment     TEXT,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (article, language, version, client_hash, day)
);

-- Search queries that found nothing, aggregated (no client data at all).
CREATE TABLE search_misses (
    query      TEXT NOT NULL,
    language   TEXT NOT NULL,
    count      INTEGER NOT NULL,
    first_seen INTEGER NOT NULL,
    last_seen  INTEGER NOT NULL,
    PRIMARY KEY (query, language)
);

-- Fixed-window counters per bucket ("write:<client>", "lookup:<client>").
-- Kept in the database so limits hold across Worker isolates too.
CREATE TABLE rate_limits (
    bucket       TEXT NOT NULL,
    window_start INTEGER NOT NULL,
    count        INTEGER NOT NULL,
    PRIMARY KEY (bucket, window_start)
);
CREATE INDEX rate_limits_by_window ON rate_limits (window_start);

-- Webhook deliveries, written in the same transaction as the ticket or reply
-- they announce, so a failing helpdesk never loses one. `payload` is cleared
-- once delivered so customer data does not linger here.
CREATE TABLE webhook_outbox (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    event        TEXT NOT NULL,
    ticket_id    TEXT NOT NULL,
    payload      TEXT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    next_attempt INTEGER NOT NULL,
    last_status  INTEGER,
    delivered_at INTEGER,
    created_at   INTEGER NOT NULL
);
CREATE INDEX webhook_outbox_pending ON webhook_outbox (delivered_at, next_attempt);
