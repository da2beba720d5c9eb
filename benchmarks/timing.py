"""Timing with warm-up and repeats, reported as the median."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Timing:
    """Seconds per call: the median of several repeats, each of ``number`` calls."""

    median: float
    repeats: tuple[float, ...]
    number: int

    @property
    def spread(self) -> float:
        """(slowest - fastest) / median: how much the repeats disagree."""
        return (max(self.repeats) - min(self.repeats)) / self.median


def measure(
    function: Callable[[], object],
    *,
    repeats: int = 7,
    warmup: int = 2,
    min_seconds: float = 0.05,
    number: int | None = None,
) -> Timing:
    """Time ``function()`` with ``time.perf_counter``.

    ``warmup`` calls run untimed first (caches, lazy imports, BLAS thread start-up).
    Then each of ``repeats`` repeats times ``number`` calls in a row; when ``number``
    is not given it is chosen so that a repeat lasts at least ``min_seconds``, which
    keeps the clock's resolution out of very short calls.
    """
    for _ in range(warmup):
        function()
    if number is None:
        number = 1
        while True:
            started = time.perf_counter()
            for _ in range(number):
                function()
            if time.perf_counter() - started >= min_seconds:
                break
            number *= 2
    runs = []
    for _ in range(repeats):
        started = time.perf_counter()
        for _ in range(number):
            function()
        runs.append((time.perf_counter() - started) / number)
    return Timing(statistics.median(runs), tuple(runs), number)


def format_seconds(seconds: float) -> str:
    """A duration with a unit that keeps three significant digits readable."""
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.3g} ms"
    return f"{seconds * 1e6:.3g} µs"


def measure_together(
    functions: dict[str, Callable[[], object]],
    *,
    repeats: int = 9,
    warmup: int = 3,
    min_seconds: float = 0.05,
) -> dict[str, Timing]:
    """Time several functions in turns, so that a slower moment of a shared machine
    falls on all of them rather than on one; each gets its own ``number`` of calls."""
    numbers = {
        name: measure(function, repeats=1, warmup=warmup, min_seconds=min_seconds).number
        for name, function in functions.items()
    }
    runs: dict[str, list[float]] = {name: [] for name in functions}
    for _ in range(repeats):
        for name, function in functions.items():
            started = time.perf_counter()
            for _ in range(numbers[name]):
                function()
            runs[name].append((time.perf_counter() - started) / numbers[name])
    return {
        name: Timing(statistics.median(times), tuple(times), numbers[name])
        for name, times in runs.items()
    }
