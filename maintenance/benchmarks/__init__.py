"""Benchmarks: each measures our path and, in the same run, a baseline.

A benchmark is a function returning a list of `Result` rows; `manage.py bench`
runs them and prints one table. Speed is measured here, never in tests.
"""

import statistics
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Result:
    name: str
    unit: str
    samples: list[float]
    baseline_name: str = ""
    baseline_samples: list[float] = field(default_factory=list)
    goal: str = ""
    higher_is_better: bool = False

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        return percentile(self.samples, 95)

    @property
    def baseline_median(self) -> float | None:
        return statistics.median(self.baseline_samples) if self.baseline_samples else None

    @property
    def ratio(self) -> float | None:
        """How many times better than the baseline (>1 is better)."""
        base = self.baseline_median
        if not base or not self.median:
            return None
        return self.median / base if self.higher_is_better else base / self.median


def percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * pct / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


REGISTRY: dict[str, Callable[..., list[Result]]] = {}


def benchmark(name: str):
    def register(function):
        REGISTRY[name] = function
        return function

    return register


def format_table(results: list[Result]) -> str:
    header = ("benchmark", "unit", "n", "median", "p95", "baseline", "base median", "ratio", "goal")
    rows = [header]
    for r in results:
        base = r.baseline_median
        rows.append(
            (
                r.name,
                r.unit,
                str(len(r.samples)),
                f"{r.median:.3f}",
                f"{r.p95:.3f}",
                r.baseline_name or "-",
                f"{base:.3f}" if base is not None else "-",
                f"{r.ratio:.1f}×" if r.ratio is not None else "-",
                r.goal,
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
