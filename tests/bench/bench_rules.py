"""Throughput of the rules: claims for 10,000 feed items (title + ~300-character summary).

``run(smoke)`` returns ``[(name, seconds, items_per_second)]`` so a runner can collect
every bench; ``python -m tests.bench.bench_rules`` prints the figure. The items are
built from varied templates that mention tracked shows, so each one goes through the
full path: mention scan, sentence split, triggers, clauses, dates.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import date, timedelta

from rules import Show, ShowMatcher, read

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


def corpus_items(count: int) -> list[tuple[str, date, ShowMatcher]]:
    """``count`` labelled corpus texts (written + real feeds), cycled, with their shows."""
    from tests.rules.evaluate import load

    pool = [
        (i.text, i.published, ShowMatcher(i.shows)) for i in load("written") + load("realfeeds")
    ]
    return [pool[n % len(pool)] for n in range(count)]


def run(smoke: bool = False) -> list[tuple[str, float, float]]:
    """Time reading every item; returns [(name, CPU seconds, items per second)].

    Two figures: synthetic items where every sentence carries a claim (the worst case),
    and the labelled corpus cycled to the same count (a realistic mix of news).
    """
    count = 500 if smoke else 10_000
    items = make_items(count)
    matcher = ShowMatcher([Show(t) for t in TITLES])
    start = time.process_time()  # CPU time: the figure is for one core, whatever else runs
    claims = 0
    for text, published in items:
        claims += len(read(text, published, matcher).claims)
    elapsed = time.process_time() - start
    assert claims > count  # the bench must exercise the claim path, not just the scan
    mix = corpus_items(count)
    start = time.process_time()
    for text, published, show_matcher in mix:
        read(text, published, show_matcher)
    mixed = time.process_time() - start
    return [
        (f"rules.read x{count} (every sentence a claim)", elapsed, count / elapsed),
        (f"rules.read x{count} (labelled corpus mix)", mixed, count / mixed),
    ]


def main() -> int:
    smoke = "--smoke" in sys.argv
    for name, seconds, rate in run(smoke):
        print(f"{name}: {seconds:.3f} s ({rate:,.0f} items/s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
