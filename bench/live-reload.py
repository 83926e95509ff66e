#!/usr/bin/env python3
"""Edit-to-reload latency of `portico serve` on a generated help center.

    bench/live-reload.py [--pages 10000] [--edits 40] [--full-edits 3] [--seed 7]

Generates a corpus with bench/gen-corpus.py (English, into
bench/.work/live-<N>/, reused when present), builds the release `portico`,
starts `portico serve` on it, listens to its server-sent events like an open
page does, and times file write -> `reload` event:

- article edits: a sentence appended to a guide's body (the incremental path);
- front matter edits: a guide's weight changed (the whole pipeline in memory).

Prints the median and 95th percentile of each, and the first build's time.
Python 3.11 standard library only. The corpus folder is edited in place;
delete bench/.work/live-<N>/ for a fresh one.
"""

from __future__ import annotations

import argparse
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


class Events:
    """Reads `event:` names from the preview's SSE stream, with arrival times."""

    def __init__(self, port: int) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.sendall(b"GET /__portico/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n")
        self.cond = threading.Condition()
        self.seen: list[tuple[float, str]] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        buf = b""
        while chunk := self.sock.recv(65536):
            buf += chunk
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                if line.startswith(b"event: "):
                    with self.cond:
                        self.seen.append((time.perf_counter(), line[7:].decode().strip()))
                        self.cond.notify_all()

    def wait(self, name: str, after: float, timeout: float = 60.0) -> float:
        deadline = time.perf_counter() + timeout
        with self.cond:
            while True:
                for at, event in self.seen:
                    if event == name and at >= after:
                        return at
                left = deadline - time.perf_counter()
                if left <= 0:
                    raise TimeoutError(f"no `{name}` event within {timeout} s")
                self.cond.wait(left)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=10000)
    ap.add_argument("--edits", type=int, default=40)
    ap.add_argument("--full-edits", type=int, default=3, help="front matter edits (each a whole rebuild)")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()

    site = ROOT / "bench" / ".work" / f"live-{args.pages}"
    if not (site / "portico.yaml").exists():
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "gen-corpus.py"), "--pages", str(args.pages), "--langs", "en",
             "--seed", str(args.seed), "--portico-out", str(site)],
            check=True,
        )
    subprocess.run(["cargo", "build", "--release", "--locked", "-q", "-p", "portico"], cwd=ROOT, check=True)
    portico = ROOT / "target" / "release" / "portico"

    server = subprocess.Popen([str(portico), "--root", str(site), "serve", "--port", "0"],
                              stderr=subprocess.PIPE, text=True)
    try:
        first_build = None
        port = None
        for line in server.stderr:
            if m := re.match(r"Built in (\d+) ms", line):
                first_build = int(m.group(1))
            if m := re.search(r"http://127\.0\.0\.1:(\d+)/", line):
                port = int(m.group(1))
                break
            if line.startswith("Build failed"):
                sys.exit(f"the corpus does not build: {line.strip()}")
        if port is None:
            sys.exit("portico serve exited before serving")
        threading.Thread(target=lambda: [None for _ in server.stderr], daemon=True).start()
        events = Events(port)
        events.wait("hello", 0)

        guides = sorted((site / "content" / "en" / "guides").glob("*.md"))
        guides = [g for g in guides if g.name != "_index.md"]
        rng = random.Random(args.seed)

        def timed(path: Path, change) -> float:
            text = path.read_text(encoding="utf-8")
            start = time.perf_counter()
            path.write_text(change(text), encoding="utf-8")
            at = events.wait("reload", start, timeout=max(60.0, 3 * (first_build or 0) / 1000))
            time.sleep(0.15)  # let the editor's burst window close
            return (at - start) * 1000

        print(f"live preview on {args.pages} pages (English)")
        print(f"  first build (in memory):      {first_build} ms")
        body = [timed(rng.choice(guides), lambda t, i=i: t + f"\nEdit number {i} of the benchmark.\n")
                for i in range(args.edits)]
        print(f"  article edit -> reload event: median {statistics.median(body):.1f} ms, "
              f"p95 {percentile(body, 95):.1f} ms over {args.edits} edits (target: median < 100 ms)", flush=True)
        # A new weight reorders the guides: listings and neighbours change.
        front = [timed(rng.choice(guides), lambda t, i=i: re.sub(r"(?m)^weight: .*$", f"weight: {i}", t, 1))
                 for i in range(args.full_edits)]
        if front:
            print(f"  weight edit -> reload event:  median {statistics.median(front):.1f} ms over "
                  f"{args.full_edits} edits (the whole pipeline, in memory)")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
