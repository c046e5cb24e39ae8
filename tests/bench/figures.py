"""What a benchmark reports: a figure beside its baseline, measured in the same run.

The machine a benchmark runs on is shared and noisy, so an absolute time means little
on its own: every figure is the median of several runs and, where the issue's target is
a ratio, comes with its baseline measured in the same process minutes apart. A figure
knows its target so the summary can say which ones are met.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Figure:
    """One measured figure, its baseline (if any) and its target."""

    name: str
    value: float
    unit: str
    baseline_name: str | None = None
    baseline: float | None = None
    max_ratio: float | None = None
    """Target: value / baseline at most this."""
    max_value: float | None = None
    """Target: value at most this (in ``unit``)."""
    note: str = ""

    @property
    def ratio(self) -> float | None:
        """value / baseline, when there is a baseline."""
        if self.baseline is None or self.baseline == 0:
            return None
        return self.value / self.baseline

    @property
    def met(self) -> bool | None:
        """Whether the target is met (None: no target, a figure to read)."""
        checks = []
        if self.max_ratio is not None and self.ratio is not None:
            checks.append(self.ratio <= self.max_ratio)
        if self.max_value is not None:
            checks.append(self.value <= self.max_value)
        return all(checks) if checks else None

    @property
    def target(self) -> str:
        """The target in words."""
        parts = []
        if self.max_ratio is not None:
            parts.append(f"<= {self.max_ratio:g}x")
        if self.max_value is not None:
            parts.append(f"<= {self.max_value:g} {self.unit}")
        return ", ".join(parts) or "-"


def pending(name: str, why: str) -> Figure:
    """A figure that cannot be measured yet (what it waits for is the note)."""
    return Figure(name, float("nan"), "", note=f"pending: {why}")


def median_time(
    run: Callable[[], object],
    repeats: int,
    setup: Callable[[], object] | None = None,
    warmup: int = 1,
) -> float:
    """Median wall time of ``run`` in seconds, ``setup`` untimed before each run."""
    times = []
    for n in range(warmup + repeats):
        if setup is not None:
            setup()
        gc.collect()
        began = time.perf_counter()
        run()
        elapsed = time.perf_counter() - began
        if n >= warmup:
            times.append(elapsed)
    return statistics.median(times)


def table(figures: list[Figure]) -> str:
    """The figures as an aligned text table, each beside its baseline and ratio."""
    rows = [["figure", "value", "baseline", "value", "ratio", "target", ""]]
    for f in figures:
        if f.note.startswith("pending"):
            rows.append([f.name, "-", "-", "-", "-", "-", f.note])
            continue
        ratio = f.ratio
        status = {True: "met", False: "MISSED", None: ""}[f.met]
        rows.append(
            [
                f.name,
                _fmt(f.value, f.unit),
                f.baseline_name or "",
                _fmt(f.baseline, f.unit) if f.baseline is not None else "",
                f"{ratio:.2f}x" if ratio is not None else "",
                f.target,
                " ".join(x for x in (status, f.note) if x),
            ]
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)


def _fmt(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "ms":
        return f"{value:.2f} ms"
    if unit == "MB":
        return f"{value:.0f} MB"
    return f"{value:g} {unit}".strip()
