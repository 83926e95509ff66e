-- The agent workspace (issue 19): internal notes on tickets, and who wrote
-- each agent reply. Same rules as 0001: SQL that both D1 and SQLite accept.
--
-- `agent_id` is the actor id the audit log uses (an agent's id, or
-- `bootstrap` for the AGENT_API_KEY), not a foreign key: removing an account
-- keeps what it wrote, and the workspace then shows no name beside it.

-- A note agents leave on a ticket for each other. Never part of the
-- customer's view, a customer route or a webhook payload.
CREATE TABLE ticket_notes (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket_id  TEXT NOT NULL REFERENCES tickets (id),
    agent_id   TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX ticket_notes_by_ticket ON ticket_notes (ticket_id, id);

-- The agent who wrote an `agent` message (NULL for customer messages and for
-- replies written before this migration).
ALTER TABLE messages ADD COLUMN agent_id TEXT;
