#!/usr/bin/env python3
"""Fills an edge database with tickets and times the agents' queue queries
(see bench/queue.sh, which builds the server and calls this)."""

import argparse
import http.client
import json
import os
import random
import sqlite3
import statistics
import subprocess
import tempfile
import time
import urllib.parse

KEY = "bench-agent-key"
WORDS = ("parcel refund invoice password login delivery tracking order account "
         "payment card address return warranty broken screen battery charger "
         "subscription cancel upgrade plan coupon discount shipping customs "
         "label printer export import sync error crash slow timeout").split()
CATEGORIES = ["delivery", "billing", "account", "returns", "technical", "orders", "shipping", "other"]
LANGUAGES = ["en", "en", "en", "de", "fr", "ja", "es"]
STATUSES = ["open", "open", "pending", "solved", "solved", "solved"]
ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"


def start(server, db):
    env = dict(os.environ, PORTICO_EDGE_AGENT_KEY=KEY)
    proc = subprocess.Popen([server, "--port", "0", "--db", db, "--synchronous", "normal"],
                            stdout=subprocess.PIPE, env=env, text=True)
    line = proc.stdout.readline()
    if not line.startswith("listening on "):
        proc.kill()
        raise SystemExit(f"queue bench: the server said {line!r}")
    return proc, int(line.rsplit(":", 1)[1])


def seed(db, count, rng):
    conn = sqlite3.connect(db)
    now = int(time.time() * 1000)
    year = 365 * 86_400_000
    agents = [f"ag_{n}" for n in range(6)]
    conn.executemany(
        "INSERT INTO agents (id, email, name, role, language, active, created_at, updated_at) "
        "VALUES (?, ?, ?, 'agent', 'en', 1, ?, ?)",
        [(a, f"{a}@example.com", a, now, now) for a in agents])
    ids = set()
    tickets, messages = [], []
    while len(ids) < count:
        tid = "PB-" + "".join(rng.choice(ALPHABET) for _ in range(5))
        if tid in ids:
            continue
        ids.add(tid)
        created = now - rng.randrange(year)
        updated = min(now, created + rng.randrange(14 * 86_400_000))
        subject = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 7))).capitalize()
        who = f"customer{rng.randrange(count // 3)}"
        assignee = rng.choice(agents + [None, None])
        tickets.append((tid, "x" * 64, rng.choice(STATUSES), who, f"{who}@mail{rng.randrange(50)}.example",
                        subject, rng.choice(CATEGORIES), rng.choice(LANGUAGES), None, "c" * 64,
                        created, updated, assignee))
        for m in range(rng.randint(1, 4)):
            body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 60)))
            messages.append((tid, "customer" if m % 2 == 0 else "agent", body, created + m))
    conn.executemany(
        "INSERT INTO tickets (id, token_hash, status, name, email, subject, category, language, article, "
        "client_hash, created_at, updated_at, assignee_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        tickets)
    conn.executemany("INSERT INTO messages (ticket_id, author, body, created_at) VALUES (?, ?, ?, ?)", messages)
    conn.commit()
    conn.execute("ANALYZE")
    conn.close()
    return sorted(ids), len(messages)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--server", required=True)
    ap.add_argument("--tickets", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=200)
    args = ap.parse_args()
    rng = random.Random(19)
    with tempfile.TemporaryDirectory() as work:
        db = os.path.join(work, "edge.sqlite")
        proc, _ = start(args.server, db)  # creates the schema
        proc.kill()
        proc.wait()
        t0 = time.monotonic()
        ids, message_count = seed(db, args.tickets, rng)
        print(f"seeded {len(ids):,} tickets and {message_count:,} messages in {time.monotonic() - t0:.1f} s; "
              f"database {os.path.getsize(db) / 2**20:.0f} MiB")
        proc, port = start(args.server, db)
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port)

            def get(query):
                conn.request("GET", "/api/tickets?" + query, headers={"Authorization": f"Bearer {KEY}"})
                r = conn.getresponse()
                body = r.read()
                if r.status != 200:
                    raise SystemExit(f"queue bench: {query} answered {r.status}: {body[:300]!r}")
                return body

            deep = ""
            for _ in range(5):
                page = json.loads(get("limit=50&sort=created" + deep))
                deep = "&cursor=" + urllib.parse.quote(page["next_cursor"])
            since = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 3 * 86_400))
            kinds = [
                ("default (updated, 100)", lambda: "limit=100"),
                ("status=open,pending", lambda: "status=open,pending&limit=50"),
                ("mine, open", lambda: "assignee=ag_3&status=open&limit=50"),
                ("unassigned, open", lambda: "assignee=none&status=open&limit=50"),
                ("category + language", lambda: f"category={rng.choice(CATEGORIES)}&language=ja&limit=50"),
                ("q: common word", lambda: f"q={rng.choice(WORDS)}&limit=50"),
                ("q: two common words", lambda: f"q={urllib.parse.quote(rng.choice(WORDS) + ' ' + rng.choice(WORDS))}&limit=50"),
                ("q: ticket number", lambda: f"q={rng.choice(ids)[3:]}&limit=50"),
                ("q: e-mail", lambda: f"q=customer{rng.randrange(args.tickets // 3)}%40&limit=50"),
                ("q: no match", lambda: "q=zzqqxx&limit=50"),
                ("q: 2 chars (scan)", lambda: "q=xq&limit=50"),
                ("page 6 by cursor", lambda: "limit=50&sort=created" + deep),
                ("change feed (3 days)", lambda: f"updated_since={since}&order=asc&limit=100"),
            ]
            print(f"{'query':<24} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
            for name, query in kinds:
                times = []
                for _ in range(args.runs):
                    q = query()
                    t = time.perf_counter()
                    get(q)
                    times.append((time.perf_counter() - t) * 1000)
                times.sort()
                p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
                print(f"{name:<24} {statistics.median(times):8.1f} {p95:8.1f} {times[-1]:8.1f}")
        finally:
            proc.kill()
            proc.wait()


if __name__ == "__main__":
    main()
