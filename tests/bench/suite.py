"""The benchmark suite: which benches exist and how to run one into figures.

Every bench is a module ``tests/bench/bench_NAME.py`` with ``run(smoke=False)``. Most
return ``Figure`` values; the rules bench (owned with the rules) returns ``(name,
seconds, items_per_second)`` tuples, turned into figures here against the issue's
target (claims for 10,000 items in under 2 s on one core). A bench that does not exist
yet is reported as pending rather than failing the suite.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence

from tests.bench.figures import Figure, pending

BENCHES = ("ingest", "mark", "http", "memory", "rules", "dashboard")

RULES_TARGET_SECONDS = 2.0
RULES_TARGET_ITEMS = 10_000


def run_bench(name: str, smoke: bool = False) -> list[Figure]:
    """Run ``tests/bench/bench_NAME.py`` and return its figures."""
    try:
        module = importlib.import_module(f"tests.bench.bench_{name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"tests.bench.bench_{name}":
            raise
        return [pending(name, f"tests/bench/bench_{name}.py is not written yet")]
    return [_figure(result, smoke) for result in module.run(smoke=smoke)]


def _figure(result: object, smoke: bool) -> Figure:
    if isinstance(result, Figure):
        return result
    if isinstance(result, Sequence) and len(result) == 3:
        name, seconds, rate = result
        full = not smoke and f"x{RULES_TARGET_ITEMS}" in str(name)
        return Figure(
            f"claims: {name} (one core, CPU time)",
            float(seconds),
            "s",
            max_value=RULES_TARGET_SECONDS if full else None,
            note=f"{float(rate):,.0f} items/s",
        )
    raise TypeError(f"a bench returned {result!r}; expected a Figure")
