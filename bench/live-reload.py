#!/usr/bin/env python3
"""Edit-to-reload latency of `portico serve` on a generated help center.

    bench/live-reload.py [--pages 10000] [--per-version 2000] [--edits 20] [--seed 7]

Generates a corpus with bench/gen-corpus.py (English, docs versions of
--per-version pages each, into bench/.work/live-<N>-<V>pv/, reused when
present), builds the release `portico`, times `portico build` on it, starts
`portico serve`, listens to its server-sent events like an open page does,
and times file write -> `reload` event for four kinds of edit, each on
articles picked at random from every section (guides, FAQ, docs):

- body: a sentence appended;
- title: the title changed (listings, breadcrumbs, sidebars show it);
- weight: the weight changed (the order of listings, prev/next, sidebars);
- new file: a new article in an existing folder.

After each edit it waits for the search index to catch up (the preview
does that when edits pause), so no edit is timed behind the previous one's.
Prints the median and 95th percentile of each kind, the first serve's build
beside `portico build`'s, and the preview's own rebuild times from its log.
Python 3.11 standard library only. Edited files are put back afterwards.
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
    """Reads the preview's SSE stream: (arrival time, event name, data)."""

    def __init__(self, port: int) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.sendall(b"GET /__portico/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n")
        self.cond = threading.Condition()
        self.seen: list[tuple[float, str, str]] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        buf = b""
        name, at = None, 0.0
        while chunk := self.sock.recv(65536):
            buf += chunk
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                if line.startswith(b"event: "):
                    name, at = line[7:].decode().strip(), time.perf_counter()
                elif name and (line.startswith(b"data: ") or not line.strip()):
                    with self.cond:
                        self.seen.append((at, name, line[6:].decode() if line.startswith(b"data: ") else ""))
                        self.cond.notify_all()
                    name = None

    def wait(self, name: str, after: float, timeout: float = 60.0, data: str = "") -> float:
        deadline = time.perf_counter() + timeout
        with self.cond:
            while True:
                for at, event, text in self.seen:
                    if event == name and at >= after and data in text:
                        return at
                left = deadline - time.perf_counter()
                if left <= 0:
                    raise TimeoutError(f"no `{name}` event within {timeout} s")
                self.cond.wait(left)


def articles(site: Path) -> list[Path]:
    return sorted(p for p in (site / "content" / "en").rglob("*.md") if p.name != "_index.md")


def retitle(i: int):
    """Appends ` (i)` to the title, inside its quotes if it has them."""
    def change(t: str) -> str:
        def add(m: re.Match) -> str:
            value = m.group(1)
            if len(value) > 1 and value[0] in "'\"" and value[-1] == value[0]:
                return f"title: {value[:-1]} ({i}){value[-1]}"
            return f"title: {value} ({i})"
        return re.sub(r"(?m)^title: (.*)$", add, t, count=1)
    return change


def reweigh(i: int):
    def change(t: str) -> str:
        if re.search(r"(?m)^weight: ", t):
            return re.sub(r"(?m)^weight: .*$", f"weight: {1000 + i}", t, count=1)
        return t.replace("---\n", f"---\nweight: {1000 + i}\n", 1)
    return change


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=10000)
    ap.add_argument("--per-version", type=int, default=2000, help="pages in each docs version")
    ap.add_argument("--edits", type=int, default=20, help="edits of each kind")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()

    site = ROOT / "bench" / ".work" / f"live-{args.pages}-{args.per_version}pv"
    if not (site / "portico.yaml").exists():
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "gen-corpus.py"), "--pages", str(args.pages), "--langs", "en",
             "--seed", str(args.seed), "--pages-per-version", str(args.per_version), "--portico-out", str(site)],
            check=True,
        )
    subprocess.run(["cargo", "build", "--release", "--locked", "-q", "-p", "portico"], cwd=ROOT, check=True)
    portico = ROOT / "target" / "release" / "portico"

    out = ROOT / "bench" / ".work" / "live-build-out"
    start = time.perf_counter()
    subprocess.run([str(portico), "--root", str(site), "build", "--out", str(out)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    build_ms = (time.perf_counter() - start) * 1000

    server = subprocess.Popen([str(portico), "--root", str(site), "serve", "--port", "0"],
                              stderr=subprocess.PIPE, text=True)
    log: list[str] = []
    originals: dict[Path, str | None] = {}
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
        if port is None or first_build is None:
            sys.exit("portico serve exited before serving")
        threading.Thread(target=lambda: [log.append(line) for line in server.stderr], daemon=True).start()
        events = Events(port)
        events.wait("hello", 0)

        pool = articles(site)
        rng = random.Random(args.seed)

        def timed(path: Path, change) -> float:
            text = path.read_text(encoding="utf-8") if path.exists() else ""
            originals.setdefault(path, text if path.exists() else None)
            seen = len(log)
            start = time.perf_counter()
            path.write_text(change(text), encoding="utf-8")
            try:
                at = events.wait("reload", start, timeout=max(60.0, 3 * first_build / 1000))
            except TimeoutError:
                said = "".join(log[seen:]).strip() or "(nothing)"
                raise SystemExit(f"no reload after editing {path}; the preview said:\n{said}") from None
            time.sleep(0.05)
            if any("(incremental)" in line for line in log[seen:]):
                # The index catches up when edits pause; an edit it does not
                # see (a weight) changes nothing there and sends nothing.
                try:
                    events.wait("reload", at + 0.001, timeout=8.0, data="/search/")
                except TimeoutError:
                    pass
            return (at - start) * 1000

        def new_page(i: int):
            """A new article beside a random one, with the front matter its
            folder requires (an FAQ question's `category`, taken from the
            neighbour): an invalid page would time an error, not a reload."""
            neighbour = rng.choice(pool)
            category = re.search(r"^category:.*$", neighbour.read_text(encoding="utf-8"), re.M)
            extra = category.group(0) + "\n" if category else ""
            text = f"---\ntitle: New page {i}\n{extra}---\n\nA page the benchmark added.\n"
            return neighbour.parent / f"bench-new-page-{i}.md", lambda _t: text

        print(f"live preview on {args.pages} pages (English, {args.per_version} pages per docs version)")
        print(f"  portico build:               {build_ms:8.0f} ms")
        print(f"  first serve (in memory):     {first_build:8} ms  ({first_build / build_ms:.2f}x the build)")
        kinds = [
            ("body", lambda i: (rng.choice(pool), lambda t: t + f"\nEdit number {i} of the benchmark.\n")),
            ("title", lambda i: (rng.choice(pool), retitle(i))),
            ("weight", lambda i: (rng.choice(pool), reweigh(i))),
            ("new file", new_page),
        ]
        for name, pick in kinds:
            seen = len(log)
            times = [timed(*pick(i)) for i in range(args.edits)]
            built = [line for line in log[seen:] if line.startswith("Built in")]
            rebuilt = [int(re.match(r"Built in (\d+) ms", line).group(1)) for line in built]
            whole = sum(1 for line in built if "(incremental)" not in line)
            print(f"  {name + ' edit -> reload:':<28} median {statistics.median(times):6.1f} ms, "
                  f"p95 {percentile(times, 95):6.1f} ms over {args.edits} edits "
                  f"(rebuild median {statistics.median(rebuilt) if rebuilt else 0} ms; {whole} whole)",
                  flush=True)
    finally:
        server.terminate()
        server.wait()
        for path, text in originals.items():
            if text is None:
                path.unlink(missing_ok=True)
            else:
                path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
