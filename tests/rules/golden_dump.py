"""Every reading the rules give on every text at hand, dumped for a byte-for-byte diff.

A guard for work that must not change a single output (speeding the rules up): run it
before, keep the dump, run it after, and ``diff`` (or ``cmp``) the two files.

    .venv/bin/python -m tests.rules.golden_dump --inputs /tmp/golden-inputs.json \\
        --out /tmp/golden-before.txt

The inputs are built once and saved to ``--inputs`` (later runs read them back), so the
comparison does not move when someone changes how ``ingest`` turns a feed into text:

- every labelled corpus text (``tests.rules.evaluate``) with its own shows, and again
  with every show known to the project;
- every string literal of 25 characters or more in ``tests/rules/*.py``;
- every entry (title + summary, built the way ``ingest.parse`` builds them) of every
  feed in ``sample_feeds/`` and ``shared/realfeeds/``;
- the seed article;
- the bench's synthetic worst-case items;
- 20,000 texts glued at random (fixed seed) from sentences and comma pieces of the
  texts above, with random publication dates.

For each text the dump holds ``ShowMatcher.find`` and the full ``repr`` of ``read``.
"""

from __future__ import annotations

import argparse
import ast
import gzip
import hashlib
import json
import random
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from rules import Show, ShowMatcher, read

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
FEED_DIRS = (ROOT / "sample_feeds", ROOT.parent / "shared" / "realfeeds")
RANDOM_TEXTS = 20_000
# (text, published ISO date, shows as [title, [aliases]])
Input = tuple[str, str, list[tuple[str, list[str]]]]


def _shows_of(shows: tuple[Show, ...]) -> list[tuple[str, list[str]]]:
    return [(s.title, list(s.aliases)) for s in shows]


def _corpus() -> list[Input]:
    from tests.rules.evaluate import SPLITS, load

    return [
        (i.text, i.published.isoformat(), _shows_of(i.shows))
        for split in SPLITS
        for i in load(split)
    ]


def _all_shows(corpus: list[Input]) -> list[tuple[str, list[str]]]:
    from tests.bench.bench_rules import TITLES

    known: dict[str, list[str]] = {}
    for _text, _published, shows in corpus:
        for title, aliases in shows:
            known.setdefault(title, [])
            known[title] = sorted(set(known[title]) | set(aliases))
    for title in TITLES:
        known.setdefault(title, [])
    for name in re.findall(
        r'^title = "([^"]+)"', (ROOT / "sample_feeds" / "demo.toml").read_text(), re.M
    ):
        known.setdefault(name, [])
    return sorted(known.items())


def _test_literals() -> list[str]:
    found = []
    for path in sorted(HERE.glob("*.py")):
        if path.name == "golden_dump.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and len(node.value) >= 25
            ):
                found.append(node.value)
    return found


def _feed_texts() -> list[tuple[str, str]]:
    import feedparser

    from ingest.plaintext import html_to_text, one_line, truncate

    out = []
    for folder in FEED_DIRS:
        for path in sorted(folder.rglob("*")):
            if path.suffix not in (".xml", ".rss", ".atom", ".rdf", ".gz"):
                continue
            body = path.read_bytes()
            if path.suffix == ".gz":
                body = gzip.decompress(body)
            parsed = feedparser.parse(body, sanitize_html=False, resolve_relative_uris=False)
            for entry in parsed.entries:
                title = truncate(one_line(str(entry.get("title", ""))[: 8 * 1024]), 500)
                contents = [str(c.get("value", "")) for c in entry.get("content", []) or []]
                contents.append(str(entry.get("summary", "") or ""))
                summary = truncate(html_to_text(max(contents, key=len)[: 64 * 1024]), 4000)
                text = f"{title}\n{summary}" if summary else title
                stamp = entry.get("published_parsed") or entry.get("updated_parsed")
                published = (
                    date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday).isoformat()
                    if stamp and stamp.tm_year >= 1990
                    else "2024-06-01"
                )
                out.append((text, published))
    return out


def _random_texts(pool: list[str], shows: list[tuple[str, list[str]]], count: int) -> list[Input]:
    """Texts glued from pieces of real ones: new neighbours for every rule to misread."""
    rng = random.Random(20261127)
    pieces = sorted(
        {p.strip() for text in pool for p in re.split(r"(?<=[.!?\n])\s+|(?<=,)\s+", text)} - {""}
    )
    out = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 5)):
            piece = rng.choice(pieces)
            parts.append(piece)
            parts.append(rng.choice((" ", " ", ", ", ". ", "\n", "; ")))
        published = date(2015, 1, 1) + timedelta(days=rng.randint(0, 4000))
        chosen = rng.sample(shows, rng.randint(3, 12)) if rng.random() < 0.3 else shows
        out.append(("".join(parts).strip(), published.isoformat(), chosen))
    return out


def build_inputs(random_texts: int = RANDOM_TEXTS) -> list[Input]:
    """Every text to read, with its publication date and the shows to read it for."""
    from tests.bench.bench_rules import make_items

    corpus = _corpus()
    shows = _all_shows(corpus)
    inputs = list(corpus)
    inputs += [(text, published, shows) for text, published, _ in corpus]
    inputs += [(text, "2022-03-01", shows) for text in _test_literals()]
    inputs += [(text, published, shows) for text, published in _feed_texts()]
    inputs += [(text, d.isoformat(), shows) for text, d in make_items(3000, seed=11)]
    pool = [i[0] for i in inputs]
    inputs += _random_texts(pool, shows, random_texts)
    return inputs


def dump(inputs: list[Input], out: Path) -> int:
    """Write one block per input; return how many were read."""
    matchers: dict[str, ShowMatcher] = {}
    with out.open("w", encoding="utf-8") as handle:
        for n, (text, published, shows) in enumerate(inputs):
            key = json.dumps(shows)
            matcher = matchers.get(key)
            if matcher is None:
                matcher = matchers[key] = ShowMatcher([Show(t, tuple(a)) for t, a in shows])
            reading = read(text, date.fromisoformat(published), matcher)
            handle.write(f"#{n} {hashlib.sha1(key.encode()).hexdigest()[:8]} {text!r}\n")
            handle.write(f"find {matcher.find(text)!r}\n{reading!r}\n")
    return len(inputs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=Path, required=True, help="built once, then reused")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    if args.inputs.exists():
        inputs: Any = json.loads(args.inputs.read_text(encoding="utf-8"))
    else:
        inputs = build_inputs()
        args.inputs.write_text(json.dumps(inputs), encoding="utf-8")
    print(f"{dump(inputs, args.out)} texts read into {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
