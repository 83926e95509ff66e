#!/usr/bin/env python3
"""Deterministic help-center corpus for benchmarks: one Portico site and, on
request, the equivalent Hugo site built from the same markdown bodies.

    bench/gen-corpus.py --pages N --langs en|en,ja --seed S \
        [--pages-per-version K] --portico-out DIR [--hugo-out DIR]

N counts every markdown file (section `_index.md` files included) across all
languages, split evenly (the first language takes the remainder). Each language
holds the same paths, so pages are translations of each other. Sections: FAQ,
guides, and docs in three versions (v1 archived, v2, v3 latest), each version
with the same topic groups and, for older versions, a subset of the pages
(with --pages-per-version K: every version holds the same K doc pages, the
shape of a large product's docs that has shipped three releases).

Articles have 300-1,500 words of help-center prose built from parallel English
and Japanese sentence lists (the Japanese page says what the English one says),
h2/h3 headings, step and bullet lists, tables with header rows, callouts,
fenced code in rust/typescript/toml/bash/json/yaml/python, a few SVG images
with alt text, and links to other pages and their headings that all resolve.
FAQ answers have no headings: Portico gathers every answer of a category onto
one page, where repeated heading ids would collide.

What this is not: a content fixture for tests (use content/), nor random
noise. Python 3.11 standard library only; the same arguments give the same
bytes. Output folders are replaced only if they are empty or were written by
this script. On success it prints one summary line and nothing else.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

MARKER = ".gen-corpus"
PRODUCT = "Tessera"

from corpus_data import (  # bench/, this script's folder, is on sys.path
    BULLETS,
    CALLOUT_KINDS,
    CATEGORIES,
    CODE,
    CODE_LANGS,
    DESCRIPTIONS,
    DOC_GROUPS,
    DOC_TITLES,
    ERROR_MEANINGS,
    FAQ_TITLES,
    GUIDE_TITLES,
    H2,
    H3,
    HTTP_STATUS,
    HUGO_LAYOUTS,
    IMAGES,
    LINK_SENTENCES,
    LOGO,
    NOUNS,
    NUMBERS,
    PLACES,
    PLAN_NOTES,
    PLAN_ROWS,
    SENTENCES,
    SETTING_DEFAULTS,
    SETTING_DESCRIPTIONS,
    SETTING_KEYS,
    STEPS,
    SVG,
    TABLE_KINDS,
    TITLE_SUFFIXES,
)

# ---------------------------------------------------------------------------
# Site plan: which pages exist (the same for every language with the same
# page count).


@dataclass
class Page:
    path: str  # relative to content/<lang>/, e.g. "guides/set-up-the-api-key.md"
    kind: str  # home, section, version, group, faq, guide, doc
    title: tuple[str, str]
    noun: int
    noun2: int
    weight: int = 0
    version: str = ""
    group: str = ""
    category: int = 0
    words: int = 0
    sections: list[tuple[str, str, str]] = field(default_factory=list)  # (en, ja, id)
    children: list[int] = field(default_factory=list)


def slugify(text: str) -> str:
    """Portico's and Hugo's id for ASCII heading text (letters, digits, - and _ kept)."""
    out = []
    for c in text.strip():
        if c.isalnum() or c in "_-":
            out.append(c.lower())
        elif c.isspace() and (not out or out[-1] != "-"):
            out.append("-")
    return "".join(out).strip("-") or "section"


def fill(t: str, lang: int, a: int, b: int, **kw) -> str:
    return t.format(a=NOUNS[a][lang], b=NOUNS[b][lang], p=PRODUCT, **kw)


def unique_titles(rng: random.Random, templates, count: int) -> list[tuple[tuple[str, str], int, int]]:
    """`count` distinct (title, noun, noun2) from the templates, each template
    about equally often, in random order; past all combinations, "(part k)"."""
    per_template = []
    for ti, t in enumerate(templates):
        if "{b}" in t[0]:
            combos = [(ti, a, b) for a in range(len(NOUNS)) for b in range(len(NOUNS)) if b != a]
        else:
            combos = [(ti, a, (a + 7) % len(NOUNS)) for a in range(len(NOUNS))]
        rng.shuffle(combos)
        per_template.append(combos)
    order = []
    for k in range(max(len(c) for c in per_template)):
        row = [c[k] for c in per_template if k < len(c)]
        rng.shuffle(row)
        order.extend(row)
    out = []
    for i in range(count):
        ti, a, b = order[i % len(order)]
        k = i // len(order)
        en, ja = (fill(templates[ti][lang], lang, a, b) for lang in (0, 1))
        if k:
            en += TITLE_SUFFIXES[1][0].format(k=k + 1)
            ja += TITLE_SUFFIXES[1][1].format(k=k + 1)
        out.append(((en, ja), a, b))
    return out


def file_slug(title_en: str) -> str:
    return slugify(re.sub(r"[()?]", "", title_en))


def plan(n: int, seed: int, per_version: int | None = None) -> list[Page]:
    rng = random.Random(f"plan:{seed}")
    pages: list[Page] = []

    def add(p: Page) -> int:
        pages.append(p)
        return len(pages) - 1

    home = add(Page("_index.md", "home", (f"{PRODUCT} Help Center", f"{PRODUCT} ヘルプセンター"), 0, 1))
    faq_i = add(Page("faq/_index.md", "section", ("Frequently asked questions", "よくある質問"), 32, 0, 10))
    guides_i = add(Page("guides/_index.md", "section", ("Guides", "ガイド"), 0, 16, 20))
    docs_i = add(Page("docs/_index.md", "section", ("Documentation", "ドキュメント"), 2, 3, 30))
    pages[home].children = [faq_i, guides_i, docs_i]

    rest = n - 7
    if per_version is None:
        n_faq = round(rest / 3)
        n_guides = round(rest / 3)
        n_docs = rest - n_faq - n_guides
        n_groups = max(1, min(len(DOC_GROUPS), n_docs // 60))
        doc_pages = n_docs - 3 * n_groups
        k3 = math.ceil(doc_pages * 0.40)
        k2 = round(doc_pages * 0.33)
        k1 = doc_pages - k3 - k2
    else:
        # Every version holds all `per_version` doc pages (a large product's
        # docs, released three times); FAQ and guides share what is left.
        n_groups = max(1, min(len(DOC_GROUPS), per_version // 20))
        k3 = k2 = k1 = per_version
        left = rest - 3 * (per_version + n_groups)
        n_faq = left // 2
        n_guides = left - n_faq
        if min(n_faq, n_guides) < 1:
            raise SystemExit(
                f"gen-corpus: --pages ({n} per language) leaves no room for FAQ and guides "
                f"beside 3 versions of {per_version} doc pages; raise --pages or lower --pages-per-version"
            )
    if min(n_faq, n_guides, k1) < 1:
        raise SystemExit(f"gen-corpus: --pages too small ({n} per language); use at least 20 per language")

    n_cats = max(3, min(len(CATEGORIES), n_faq // 40))
    for i, ((en, ja), a, b) in enumerate(unique_titles(rng, FAQ_TITLES, n_faq)):
        idx = add(Page(f"faq/{file_slug(en)}.md", "faq", (en, ja), a, b, (i + 1) * 10, category=i % n_cats))
        pages[faq_i].children.append(idx)
    for i, ((en, ja), a, b) in enumerate(unique_titles(rng, GUIDE_TITLES, n_guides)):
        idx = add(Page(f"guides/{file_slug(en)}.md", "guide", (en, ja), a, b, (i + 1) * 10, category=i % n_cats))
        pages[guides_i].children.append(idx)

    topics = unique_titles(rng, DOC_TITLES, k3)
    order = list(range(k3))
    rng.shuffle(order)
    in_v2, in_v1 = set(order[:k2]), set(order[:k1])
    versions = [("v3", ("Tessera 3.x documentation", "Tessera 3.x ドキュメント"), range(k3)),
                ("v2", ("Tessera 2.x documentation", "Tessera 2.x ドキュメント"), sorted(in_v2)),
                ("v1", ("Tessera 1.x documentation", "Tessera 1.x ドキュメント"), sorted(in_v1))]
    for vi, (v, vtitle, members) in enumerate(versions):
        vidx = add(Page(f"docs/{v}/_index.md", "version", vtitle, 2, 11, (vi + 1) * 10, version=v))
        pages[docs_i].children.append(vidx)
        groups = []
        for gi in range(n_groups):
            gslug, glabel = DOC_GROUPS[gi]
            g = add(Page(f"docs/{v}/{gslug}/_index.md", "group", glabel, gi % len(NOUNS), 5, (gi + 1) * 10,
                         version=v, group=gslug))
            pages[vidx].children.append(g)
            groups.append(g)
        for t in members:
            (en, ja), a, b = topics[t]
            gi = t % n_groups
            idx = add(Page(f"docs/{v}/{DOC_GROUPS[gi][0]}/{file_slug(en)}.md", "doc", (en, ja), a, b,
                           (t // n_groups + 1) * 10, version=v, group=DOC_GROUPS[gi][0]))
            pages[groups[gi]].children.append(idx)
    assert len(pages) == n, (len(pages), n)

    # Length and h2 headings of every article, fixed before any body is
    # written so that links can point at any page's headings.
    for i, p in enumerate(pages):
        r = random.Random(f"outline:{seed}:{p.path}")
        if p.kind in ("faq", "guide", "doc"):
            p.words = r.randint(300, 700) if p.kind == "faq" else r.randint(300, 1500)
        if p.kind in ("guide", "doc"):
            count = max(2, p.words // 170)
            seen, sections = set(), []
            for hi in r.sample(range(len(H2)), len(H2)):
                en, ja = (fill(H2[hi][lang], lang, p.noun, p.noun2) for lang in (0, 1))
                if en not in seen:
                    seen.add(en)
                    sections.append((en, ja, slugify(en)))
                if len(sections) == count:
                    break
            p.sections = sections
    return pages


# ---------------------------------------------------------------------------
# Bodies.


class Writer:
    """Writes one page's body in one language. Both languages draw the same
    random choices (same seed), so the Japanese page mirrors the English one."""

    def __init__(self, pages: list[Page], pools: dict[str, list[int]], idx: int, lang: int, seed: int):
        self.pages, self.pools, self.idx, self.lang = pages, pools, idx, lang
        self.page = pages[idx]
        self.r = random.Random(f"body:{seed}:{self.page.path}")
        self.words = 0

    # -- helpers
    def noun(self) -> int:
        return self.page.noun if self.r.random() < 0.6 else self.r.randrange(len(NOUNS))

    def sentence(self) -> str:
        en, ja = self.r.choice(SENTENCES)
        a, b = self.noun(), self.r.randrange(len(NOUNS))
        if b == a:
            b = (b + 1) % len(NOUNS)
        kw = dict(n=self.r.choice(NUMBERS), s=self.r.choice(PLACES)[self.lang], code=self.r.randint(1000, 4999),
                  cli=f"tessera {snake(NOUNS[a][0]).replace('_', '-')} {self.r.choice(['list', 'show', 'update', 'export'])}",
                  prefix=prefix(a), id=obj_id(self.r))
        self.words += len(fill(en, 0, a, b, **kw).split())
        return fill((en, ja)[self.lang], self.lang, a, b, **kw)

    def rel(self, target: int) -> str:
        here = os.path.dirname(self.page.path) or "."
        return os.path.relpath(self.pages[target].path, here).replace(os.sep, "/")

    def link_target(self) -> int | None:
        p = self.page
        pool = self.pools[p.version if p.kind == "doc" else ""]
        for _ in range(4):
            t = pool[self.r.randrange(len(pool))]
            if t != self.idx:
                return t
        return None

    def link_sentence(self) -> str:
        t = self.link_target()
        tmpl = self.r.choice(LINK_SENTENCES)
        if t is None:
            return self.sentence()
        target = self.pages[t]
        title = target.title[self.lang]
        href = self.rel(t)
        text = title
        if target.sections and self.r.random() < 0.5:
            en, ja, hid = self.r.choice(target.sections)
            href += "#" + hid
            text = f"{en} in {title}" if self.lang == 0 else f"「{title}」の「{ja}」"
        self.words += len(tmpl[0].split()) + len(text.split())
        link = f"[{text}]({href})"
        if self.lang == 1 and "#" not in href:
            link = f"「{link}」"
        return tmpl[self.lang].format(link=link)

    # -- blocks
    def paragraph(self, links: bool = True) -> str:
        parts = [self.sentence() for _ in range(self.r.randint(3, 6))]
        if links and self.r.random() < 0.5:
            parts.insert(self.r.randint(1, len(parts)), self.link_sentence())
        return (" " if self.lang == 0 else "").join(parts)

    def steps(self) -> str:
        items = self.r.sample(STEPS, self.r.randint(3, 6))
        out = []
        for k, (en, ja) in enumerate(items, 1):
            a, b = self.noun(), self.r.randrange(len(NOUNS))
            s = self.r.choice(PLACES)[self.lang]
            self.words += len(fill(en, 0, a, b, s=s).split())
            out.append(f"{k}. " + fill((en, ja)[self.lang], self.lang, a, b, s=s))
        return "\n".join(out)

    def bullets(self) -> str:
        items = self.r.sample(BULLETS, self.r.randint(3, 6))
        out = []
        for en, ja in items:
            a, b, n = self.noun(), self.r.randrange(len(NOUNS)), self.r.choice(NUMBERS)
            self.words += len(fill(en, 0, a, b, n=n).split())
            out.append("- " + fill((en, ja)[self.lang], self.lang, a, b, n=n))
        return "\n".join(out)

    def table(self) -> str:
        kind = self.r.choice(sorted(TABLE_KINDS))
        head = [h[self.lang] for h in TABLE_KINDS[kind]]
        rows = []
        a = self.page.noun
        if kind == "settings":
            for k in self.r.sample(range(len(SETTING_KEYS)), self.r.randint(3, 6)):
                b = self.r.randrange(len(NOUNS))
                desc = fill(SETTING_DESCRIPTIONS[k][self.lang], self.lang, a, b)
                self.words += 2 + len(fill(SETTING_DESCRIPTIONS[k][0], 0, a, b).split())
                rows.append([f"`{snake(NOUNS[a][0])}.{SETTING_KEYS[k]}`", SETTING_DEFAULTS[k], desc])
        elif kind == "plans":
            for pi, plan_name in enumerate(PLAN_ROWS):
                note = self.r.choice(PLAN_NOTES)
                b = self.r.randrange(len(NOUNS))
                self.words += 2 + len(fill(note[0], 0, a, b).split())
                limit = f"{NUMBERS[min(len(NUMBERS) - 1, 2 * pi + self.r.randint(0, 3))]:,}"
                rows.append([plan_name[self.lang], limit, fill(note[self.lang], self.lang, a, b)])
        else:
            for _ in range(self.r.randint(3, 6)):
                m = self.r.choice(ERROR_MEANINGS)
                b = self.r.randrange(len(NOUNS))
                self.words += 2 + len(fill(m[0], 0, a, b).split())
                rows.append([f"`E{self.r.randint(1000, 4999)}`", self.r.choice(HTTP_STATUS), fill(m[self.lang], self.lang, a, b)])
        lines = ["| " + " | ".join(head) + " |", "| " + " | ".join("---" for _ in head) + " |"]
        lines += ["| " + " | ".join(r) + " |" for r in rows]
        return "\n".join(lines)

    def code(self) -> str:
        lang = self.r.choice(CODE_LANGS)
        src = self.r.choice(CODE[lang])
        n = NOUNS[self.noun()][0]
        parts = snake(n).split("_")
        subst = {"@name@": snake(n), "@Name@": "".join(w.capitalize() for w in parts),
                 "@camel@": parts[0] + "".join(w.capitalize() for w in parts[1:]),
                 "@kebab@": "-".join(parts), "@num@": str(self.r.choice(NUMBERS)),
                 "@prefix@": prefix(NOUNS.index(next(x for x in NOUNS if x[0] == n))), "@id@": obj_id(self.r)}
        for k, v in subst.items():
            src = src.replace(k, v)
        return f"```{lang}\n{src}\n```"

    def callout(self) -> str:
        kind = self.r.choice(CALLOUT_KINDS)
        return f"> [!{kind}]\n> {self.sentence()}"

    def image(self) -> str:
        file, en, ja = self.r.choice(IMAGES)
        alt = fill((en, ja)[self.lang], self.lang, self.page.noun, 0)
        return f"![{alt}](/images/{file})"

    def blocks(self, budget: int, headings: bool) -> list[str]:
        out = [self.paragraph()]
        while self.words < budget:
            k = self.r.random()
            if k < 0.40:
                out.append(self.paragraph())
            elif k < 0.52:
                out.append(self.steps())
            elif k < 0.62:
                out.append(self.bullets())
            elif k < 0.72:
                out.append(self.table())
            elif k < 0.86:
                out.append(self.code())
            elif k < 0.92:
                out.append(self.callout())
            elif k < 0.93 and self.page.kind != "faq":
                out.append(self.image())
            elif headings and k < 0.97:
                en, ja = self.r.choice(H3)
                out.append(f"### {(en, ja)[self.lang]}")
                out.append(self.paragraph())
            else:
                out.append(self.paragraph())
        return out

    # -- whole bodies
    def article(self) -> str:
        p = self.page
        out = [self.paragraph(links=False)]
        if p.kind == "faq":
            out += self.blocks(p.words, headings=False)
            return "\n\n".join(out) + "\n"
        if self.r.random() < 0.3 and len(p.sections) > 2:
            en, ja, hid = p.sections[-1]
            text = en if self.lang == 0 else f"「{ja}」"
            out.append(("Jump to [" + text + f"](#{hid}) if you have done this before.") if self.lang == 0
                       else f"すでに設定済みの場合は[{text}](#{hid})に進んでください。")
        per = max(1, p.words // len(p.sections))
        for i, (en, ja, hid) in enumerate(p.sections):
            out.append(f"## {en}" if self.lang == 0 else f"## {ja} {{#{hid}}}")
            out += self.blocks(per * (i + 1), headings=True)
        return "\n\n".join(out) + "\n"

    def index(self) -> str:
        p = self.page
        intro = {
            "home": (f"Welcome to the {PRODUCT} Help Center. Find answers to common questions, step-by-step guides and the reference documentation for every version.",
                     f"{PRODUCT} ヘルプセンターへようこそ。よくある質問への回答、手順を追ったガイド、各バージョンのリファレンスドキュメントをご覧いただけます。"),
            "section": ("Browse the articles of this section, or use the search to find a topic.",
                        "このセクションの記事を一覧から探すか、検索を使ってトピックを見つけてください。"),
            "version": ("This version of the documentation covers the REST API, the command line tool and the SDKs.",
                        "このバージョンのドキュメントでは、REST API、コマンドラインツール、SDKについて説明します。"),
            "group": ("The pages of this group, in reading order.", "このグループのページを、読む順に並べています。"),
        }[p.kind][self.lang]
        out = [intro, self.paragraph(links=False)]
        links = []
        for c in p.children[:12]:
            links.append(f"- [{self.pages[c].title[self.lang]}]({self.rel(c)})")
        if links:
            out.append("\n".join(links))
        return "\n\n".join(out) + "\n"

    def body(self) -> str:
        return self.article() if self.page.kind in ("faq", "guide", "doc") else self.index()


def link_pools(pages: list[Page]) -> dict[str, list[int]]:
    """Pages a link may point at: from docs of a version, that version's docs
    and the guides and FAQ; from anywhere else, the guides, FAQ and latest docs."""
    common = [i for i, q in enumerate(pages) if q.kind in ("guide", "faq")]
    pools = {v: common + [i for i, q in enumerate(pages) if q.kind == "doc" and q.version == v] for v in ("v1", "v2", "v3")}
    pools[""] = pools["v3"]
    return pools


def snake(noun_en: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", noun_en.lower()).strip("_")


def prefix(noun: int) -> str:
    return "".join(w[0] for w in snake(NOUNS[noun][0]).split("_"))[:3] or "obj"


def obj_id(r: random.Random) -> str:
    return "".join(r.choice("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(8))


def yaml_str(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def front_matter(p: Page, lang: int, seed: int) -> str:
    r = random.Random(f"front:{seed}:{p.path}")
    y, m, d = 2024 + r.randint(0, 1), r.randint(1, 12), r.randint(1, 28)
    ly, lm = y + 1, r.randint(1, 12)
    desc = fill(r.choice(DESCRIPTIONS)[lang], lang, p.noun, p.noun2)
    lines = ["---", f"title: {yaml_str(p.title[lang])}", f"description: {yaml_str(desc)}",
             f"date: '{y}-{m:02d}-{d:02d}'", f"lastmod: '{ly}-{lm:02d}-{d:02d}'"]
    if p.weight:
        lines.append(f"weight: {p.weight}")
    if p.kind in ("faq", "guide"):
        lines.append(f"category: {yaml_str(CATEGORIES[p.category][lang])}")
    if p.kind in ("faq", "guide", "doc"):
        tags = sorted({NOUNS[p.noun][lang], NOUNS[p.noun2][lang]})
        lines.append("tags: [" + ", ".join(yaml_str(t) for t in tags) + "]")
        lines.append(f"keywords: [{yaml_str(snake(NOUNS[p.noun][0]))}]")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


# ---------------------------------------------------------------------------
# Site files.

LANG_META = {"en": ("English", 0), "ja": ("日本語", 1)}


def portico_config(langs: list[str]) -> str:
    out = [f"title: {PRODUCT} Help Center", "description: Answers, guides and documentation for Tessera (benchmark corpus).",
           "base_url: https://help.tessera.example", f"default_language: {langs[0]}", "languages:"]
    for code in langs:
        out += [f"  - code: {code}", f"    name: {LANG_META[code][0]}"]
    out += ["brand:", f"  name: {PRODUCT}", "  logo: /images/logo.svg", f"  logo_alt: {PRODUCT}",
            "  favicon: /images/logo.svg", "docs:", "  versions:",
            "    - name: v3", '      label: "3.x"', "      latest: true",
            "    - name: v2", '      label: "2.x"',
            "    - name: v1", '      label: "1.x"', "      archived: true"]
    return "\n".join(out) + "\n"


def hugo_config(langs: list[str]) -> str:
    out = ['baseURL = "https://help.tessera.example/"', f'title = "{PRODUCT} Help Center"',
           f'defaultContentLanguage = "{langs[0]}"', "defaultContentLanguageInSubdir = true",
           "hasCJKLanguage = true", 'disableKinds = ["RSS"]', "",
           "[taxonomies]", 'category = "category"', "",
           "[markup.highlight]", "codeFences = true", "noClasses = false", "guessSyntax = false", "",
           "[markup.tableOfContents]", "startLevel = 2", "endLevel = 3", ""]
    for w, code in enumerate(langs, 1):
        out += [f"[languages.{code}]", f'languageName = "{LANG_META[code][0]}"', f"weight = {w}",
                f'contentDir = "content/{code}"', ""]
    return "\n".join(out)


def prepare(out: Path) -> None:
    if out.exists():
        if any(out.iterdir()) and not (out / MARKER).exists():
            raise SystemExit(f"gen-corpus: {out} is not empty and was not written by gen-corpus.py; not replacing it")
        shutil.rmtree(out)
    out.mkdir(parents=True)
    (out / MARKER).write_text("written by bench/gen-corpus.py; replaced on the next run\n")


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def static_files(out: Path) -> None:
    write(out / "static/images/logo.svg", LOGO)
    for file, en, _ in IMAGES:
        write(out / "static/images" / file, SVG.format(title=fill(en, 0, 0, 0).split(":")[0]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, required=True, help="markdown files in total, across languages")
    ap.add_argument("--langs", default="en", help="en or en,ja")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--portico-out", type=Path, required=True)
    ap.add_argument("--hugo-out", type=Path)
    ap.add_argument("--pages-per-version", type=int,
                    help="doc pages in each of the three docs versions (per language); by default docs take a third of the pages, v3 40%% of them")
    args = ap.parse_args()
    langs = [x.strip() for x in args.langs.split(",") if x.strip()]
    if not langs or any(code not in LANG_META for code in langs) or len(set(langs)) != len(langs):
        raise SystemExit("gen-corpus: --langs must be en or en,ja")
    per = args.pages // len(langs)
    counts = [args.pages - per * (len(langs) - 1)] + [per] * (len(langs) - 1)

    outs = [args.portico_out] + ([args.hugo_out] if args.hugo_out else [])
    for o in outs:
        prepare(o)
        static_files(o)
    write(args.portico_out / "portico.yaml", portico_config(langs))
    if args.hugo_out:
        write(args.hugo_out / "hugo.toml", hugo_config(langs))
        write(args.hugo_out / "static/css/site.css", "body{font-family:system-ui,sans-serif;max-width:60rem;margin:auto}\n")
        for name, text in HUGO_LAYOUTS.items():
            write(args.hugo_out / "layouts" / name, text)

    plans: dict[int, list[Page]] = {}
    files = words = nbytes = 0
    for code, count in zip(langs, counts):
        pages = plans.setdefault(count, plan(count, args.seed, args.pages_per_version))
        pools = link_pools(pages)
        lang = LANG_META[code][1]
        for i, p in enumerate(pages):
            w = Writer(pages, pools, i, lang, args.seed)
            text = front_matter(p, lang, args.seed) + w.body()
            for o in outs:
                write(o / "content" / code / p.path, text)
            files += 1
            words += w.words
            nbytes += len(text.encode())
    dest = str(args.portico_out) + (f" and {args.hugo_out}" if args.hugo_out else "")
    print(f"gen-corpus: {files} pages ({'+'.join(f'{c} {l}' for l, c in zip(langs, counts))}), "
          f"{nbytes / files / 1024:.1f} KiB markdown and {words // files} English-equivalent words per page on average, seed {args.seed} → {dest}")


if __name__ == "__main__":
    try:
        main()
    except BrokenPipeError:
        sys.exit(1)
