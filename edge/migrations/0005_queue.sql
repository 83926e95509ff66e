-- The agents' queue (issue 19): text search over tickets and the indexes its
-- filters and sorts use. Same rules as 0001: SQL that both D1 and SQLite accept.
--
-- `ticket_search` holds one row per ticket (its number, subject, customer name
-- and e-mail) and one per public message (its body), under the trigram
-- tokenizer, so that any three or more characters match wherever they occur
-- (a fragment of an e-mail address, of a ticket number, of a Japanese
-- sentence without spaces). Triggers keep it in step with the tables, so no
-- write path can forget it. Internal notes are not indexed: a search is a
-- list of tickets, and it must not tell which tickets hold a note's words.
CREATE VIRTUAL TABLE ticket_search USING fts5 (
    ticket_id UNINDEXED,
    body,
    tokenize = 'trigram'
);

CREATE TRIGGER ticket_search_ticket AFTER INSERT ON tickets
BEGIN
    INSERT INTO ticket_search (ticket_id, body)
    VALUES (new.id, new.id || ' ' || new.subject || ' ' || new.name || ' ' || new.email);
END;
CREATE TRIGGER ticket_search_message AFTER INSERT ON messages
BEGIN
    INSERT INTO ticket_search (ticket_id, body) VALUES (new.ticket_id, new.body);
END;
CREATE TRIGGER ticket_search_forget AFTER DELETE ON tickets
BEGIN
    DELETE FROM ticket_search WHERE ticket_id = old.id;
END;

INSERT INTO ticket_search (ticket_id, body)
SELECT id, id || ' ' || subject || ' ' || name || ' ' || email FROM tickets;
INSERT INTO ticket_search (ticket_id, body) SELECT ticket_id, body FROM messages;

-- Keyset pagination by last update or by creation, newest first, with the
-- id as tie-breaker; and the filters agents use most.
CREATE INDEX tickets_by_update ON tickets (updated_at, id);
CREATE INDEX tickets_by_creation ON tickets (created_at, id);
CREATE INDEX tickets_by_assignee ON tickets (assignee_id, updated_at);
