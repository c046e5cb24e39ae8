"""Every benchmark runs at a tiny size in the normal suite, so none of them can rot.

These are not timed tests: they assert that each bench runs and produces its figures,
never how fast anything is.
"""

from __future__ import annotations

import math

import pytest

from tests.bench.figures import table
from tests.bench.suite import BENCHES, run_bench


@pytest.mark.parametrize("name", BENCHES)
def test_bench_runs_and_reports_figures(name: str) -> None:
    figures = run_bench(name, smoke=True)
    assert figures
    for figure in figures:
        assert figure.note.startswith("pending") or math.isfinite(figure.value), figure
    assert table(figures)
