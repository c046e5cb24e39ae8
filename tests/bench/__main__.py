"""Run the benchmark suite: ``python -m tests.bench`` (or ``make bench``).

Prints every figure beside its baseline measured in the same run, the ratio, and the
issue's target. ``--smoke`` runs every bench at a tiny size (what the test suite does,
so the benches cannot rot); ``--only ingest mark`` runs some of them. Figures are
medians; on a shared machine compare the ratios, not the absolute times.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time

import rules
from tests.bench.figures import table
from tests.bench.suite import BENCHES, run_bench


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench", description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, one repeat")
    parser.add_argument(
        "--only", nargs="+", choices=BENCHES, metavar="BENCH", help=" ".join(BENCHES)
    )
    args = parser.parse_args(argv)
    figures = []
    for name in args.only or BENCHES:
        began = time.perf_counter()
        print(f"running {name} ...", file=sys.stderr, flush=True)
        figures += run_bench(name, smoke=args.smoke)
        print(f"  {name}: {time.perf_counter() - began:.0f} s", file=sys.stderr, flush=True)
    print(
        f"seasonwatch benchmarks ({'smoke' if args.smoke else 'full'}), "
        f"Python {platform.python_version()}, {platform.machine()}, "
        f"rules {'compiled (mypyc)' if rules.COMPILED else 'pure Python'}"
    )
    print(table(figures))
    missed = [f.name for f in figures if f.met is False]
    if missed:
        print(f"\n{len(missed)} target(s) missed: " + "; ".join(missed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
