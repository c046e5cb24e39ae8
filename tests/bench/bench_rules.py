"""Throughput of the rules: claims for 10,000 feed items (title + ~300-character summary).

Issue 3's target is 10,000 items in under 2 s on one core. The machine the benches run
on is shared and noisy, so every figure is CPU time (``time.process_time``) and comes
with a *baseline*: a fixed pure-Python loop (regex scans, string and dict work, like the
rules' own) timed just before and just after each run. ``ratio`` is the run over the
mean of its two baselines; the *idle-core equivalent* is that ratio times the fastest
baseline seen in the process, which is the closest the bench gets to an idle core. The
figure reported is the median of three runs.

Three workloads, each cycled to the same count:

- feed news: every entry of the project's sample feeds and of the real feeds in
  ``shared/realfeeds/news`` that names one of the 200-odd shows the labelled corpus
  knows, as ``ingest.parse`` hands it to the rules (title + up to 4,000 characters of
  summary). What the ingester really reads: whole articles as well as blurbs.
- the labelled corpus (``tests.rules.evaluate``): short texts, one to three sentences.
- synthetic items where every sentence carries a claim (a stress case: each sentence
  goes the full path of mention scan, sentence split, triggers, clauses and dates).

``run(smoke)`` returns ``Figure`` values for the suite; ``python -m
tests.bench.bench_rules`` prints them.
"""

from __future__ import annotations

import random
import re
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from rules import Show, ShowMatcher, read
from tests.bench.figures import Figure, table

ROOT = Path(__file__).resolve().parents[2]

TITLES = (
    "Stranger Things",
    "The Crown",
    "Ozark",
    "The Witcher",
    "Bridgerton",
    "The Bear",
    "You",
    "Atlanta",
    "Severance",
    "Succession",
    "The Boys",
    "Loki",
    "Yellowstone",
    "The Mandalorian",
    "Jessica Jones",
    "Daredevil",
    "Luke Cage",
    "Iron Fist",
    "The Punisher",
    "The Defenders",
)
HEADLINES = (
    "'{t}' Renewed For Season {n} At {net}",
    "{t} season {n} premiere date set for {month} {day}",
    "{t} season {n} wraps filming",
    "{net} cancels '{t}' after {n} seasons",
    "{t} star talks season {n}: 'It gets darker'",
)
SUMMARIES = (
    "{net} has renewed {t} for a season {n}, which is expected to premiere in {season} {year}. "
    "Production is set to begin {when}, according to sources close to the show. The cast is "
    "expected to return, and the showrunner teased a bigger story.",
    "Filming on {t} season {n} began last week in Atlanta. The new season may arrive sometime "
    "{year}, though {net} has not confirmed a date. Fans have waited since the last season "
    "premiered, and the cast said shooting would last six months.",
    "After {n} seasons, {net} has pulled the plug on {t}. The final episodes will air in "
    "{month}, the network said on Tuesday. The cast thanked fans in a joint statement and "
    "the creators said they were proud of the show and its run.",
    "The trailer for {t} season {n} dropped today, ahead of the {month} {day} premiere on "
    "{net}. The season was shot in Toronto and wrapped in {month2}. Critics who have seen the "
    "first episodes praised the new direction and the returning cast.",
)
NETS = ("Netflix", "HBO", "FX", "Hulu", "Apple TV+", "Prime Video", "Disney+")
MONTHS = ("January", "March", "May", "June", "September", "October", "November")


def make_items(count: int, seed: int = 7) -> list[tuple[str, date]]:
    """``count`` (text, published) pairs that each mention a tracked show."""
    rng = random.Random(seed)
    items = []
    for _ in range(count):
        fields = {
            "t": rng.choice(TITLES),
            "n": rng.randint(2, 6),
            "net": rng.choice(NETS),
            "month": rng.choice(MONTHS),
            "month2": rng.choice(MONTHS),
            "day": rng.randint(1, 28),
            "season": rng.choice(("spring", "summer", "fall", "early", "late")),
            "year": rng.randint(2018, 2025),
            "when": rng.choice(
                ("next month", "this summer", "in March", "soon", "early next year")
            ),
        }
        text = (
            rng.choice(HEADLINES).format(**fields) + "\n" + rng.choice(SUMMARIES).format(**fields)
        )
        published = date(2017, 1, 1) + timedelta(days=rng.randint(0, 3000))
        items.append((text, published))
    return items


FEED_DIRS = (ROOT / "sample_feeds", ROOT.parent / "shared" / "realfeeds" / "news")


def feed_items(count: int) -> list[tuple[str, date, ShowMatcher]]:
    """``count`` feed entries that name a known show, as the ingester reads them, cycled."""
    from ingest.parse import ParseError, ParseJob, parse_feed
    from tests.rules.evaluate import SPLITS, load

    known = {s.title: s for split in SPLITS for i in load(split) for s in i.shows}
    shows = tuple(known.values())
    matcher = ShowMatcher(shows)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    pool = []
    for folder in FEED_DIRS:
        for path in sorted(folder.glob("*")) if folder.is_dir() else ():
            if path.suffix not in (".xml", ".rss", ".atom", ".rdf"):
                continue
            try:
                parsed = parse_feed(ParseJob(path.read_bytes(), path.as_uri(), shows, now))
            except ParseError:
                continue
            for entry in parsed.entries:
                text = f"{entry.title}\n{entry.summary}" if entry.summary else entry.title
                pool.append((text, (entry.published or now).date(), matcher))
    return [pool[n % len(pool)] for n in range(count)]


def corpus_items(count: int) -> list[tuple[str, date, ShowMatcher]]:
    """``count`` labelled corpus texts (written + real feeds), cycled, with their shows."""
    from tests.rules.evaluate import load

    pool = [
        (i.text, i.published, ShowMatcher(i.shows)) for i in load("written") + load("realfeeds")
    ]
    return [pool[n % len(pool)] for n in range(count)]


_BASELINE_TEXT = (
    "Netflix has renewed Ozark for a fourth season, which is expected to premiere in 2022. "
    "Production is set to begin next month, according to sources close to the show."
)
_BASELINE_RX = re.compile(r"\b(?:season|premiere|production)\b\s+(\w+)")


def baseline_loop(rounds: int = 12_000) -> float:
    """CPU seconds of a fixed pure-Python workload: the yardstick for a noisy machine."""
    began = time.process_time()
    seen: dict[str, int] = {}
    for n in range(rounds):
        text = _BASELINE_TEXT if n % 2 else _BASELINE_TEXT.upper()
        low = text.lower()
        for m in _BASELINE_RX.finditer(low):
            seen[m.group(1)] = seen.get(m.group(1), 0) + len(low.split())
    assert seen
    return time.process_time() - began


def _measure(work: Callable[[], object], repeats: int) -> tuple[float, float, float, float]:
    """(median CPU s, median baseline s, median ratio, fastest baseline s) over ``repeats``."""
    runs, bases, ratios = [], [], []
    for _ in range(repeats):
        before = baseline_loop()
        began = time.process_time()
        work()
        elapsed = time.process_time() - began
        after = baseline_loop()
        runs.append(elapsed)
        bases.extend((before, after))
        ratios.append(elapsed / ((before + after) / 2))
    return (
        statistics.median(runs),
        statistics.median(bases),
        statistics.median(ratios),
        min(bases),
    )


def run(smoke: bool = False) -> list[Figure]:
    """Time reading every item of both workloads; one figure each, beside its baseline."""
    count = 500 if smoke else 10_000
    repeats = 1 if smoke else 3
    matcher = ShowMatcher([Show(t) for t in TITLES])
    worst = make_items(count)
    mix = corpus_items(count)
    news = feed_items(count)
    claims = sum(len(read(text, published, matcher).claims) for text, published in worst)
    assert claims > count  # the bench must exercise the claim path, not just the scan

    def read_worst() -> None:
        for text, published in worst:
            read(text, published, matcher)

    def read_mix() -> None:
        for text, published, show_matcher in mix:
            read(text, published, show_matcher)

    def read_news() -> None:
        for text, published, show_matcher in news:
            read(text, published, show_matcher)

    figures = []
    for name, work in (
        (f"rules.read x{count} (feed news naming a show)", read_news),
        (f"rules.read x{count} (labelled corpus mix)", read_mix),
        (f"rules.read x{count} (every sentence a claim)", read_worst),
    ):
        seconds, base, ratio, fastest = _measure(work, repeats)
        idle = ratio * fastest
        full = not smoke and count == 10_000
        figures.append(
            Figure(
                f"claims: {name} (one core, CPU time)",
                seconds,
                "s",
                baseline_name="baseline loop",
                baseline=base,
                note=f"idle-core equivalent {idle:.2f} s ({count / idle:,.0f} items/s)",
            )
        )
        figures.append(
            Figure(
                f"claims: {name}, idle-core equivalent",
                idle,
                "s",
                max_value=2.0 if full else None,
                note=f"ratio {ratio:.1f}x the baseline loop x fastest baseline {fastest:.3f} s",
            )
        )
    return figures


def main() -> int:
    print(table(run("--smoke" in sys.argv)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
