"""Loops against vectorized code, timed while the site builds.

The figure and the sentence on the page read the same measurement (it is taken
once per build and shared), so the ratio in the text is the ratio in the figure.
The sizes are small on purpose, so that the whole measurement takes well under a
second of the build; a ratio measured on larger arrays would be larger still.
"""

from __future__ import annotations

import platform
import time
import timeit
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import numpy as np
from matplotlib.figure import Figure

from nnref.vectorization import logistic_gradients_loop, logistic_gradients_vectorized

DOT_SIZE = 100_000
"""The length of the two vectors of the dot product."""
LOGISTIC_FEATURES = 30
"""n_x of the logistic-regression timing (as many features as the breast-cancer data)."""
LOGISTIC_EXAMPLES = 5_000
"""m of the logistic-regression timing."""


@dataclass(frozen=True)
class Timing:
    """The best time of one call of each version of a computation, in seconds."""

    task: str
    loop_seconds: float
    vectorized_seconds: float

    @property
    def ratio(self) -> float:
        return self.loop_seconds / self.vectorized_seconds


def _best_time(function: Callable[[], object], number: int, repeat: int) -> float:
    """The fastest of ``repeat`` runs of ``number`` calls, per call: the least disturbed."""
    return min(timeit.repeat(function, number=number, repeat=repeat)) / number


def _dot_loop(a: np.ndarray, b: np.ndarray) -> float:
    total = 0.0
    for i in range(a.shape[0]):
        total += a[i] * b[i]
    return total


@cache
def _measurements() -> tuple[tuple[Timing, ...], float]:
    """Time both computations once per build; return the timings and the seconds spent."""
    started = time.perf_counter()
    rng = np.random.default_rng(0)

    a = rng.standard_normal(DOT_SIZE)
    b = rng.standard_normal(DOT_SIZE)
    if not np.isclose(_dot_loop(a, b), np.dot(a, b)):
        raise AssertionError("the loop and np.dot disagree")
    dot = Timing(
        "dot",
        _best_time(lambda: _dot_loop(a, b), number=1, repeat=3),
        _best_time(lambda: np.dot(a, b), number=200, repeat=5),
    )

    X = rng.standard_normal((LOGISTIC_FEATURES, LOGISTIC_EXAMPLES))
    Y = (rng.random((1, LOGISTIC_EXAMPLES)) < 0.5).astype(np.float64)
    W = 0.1 * rng.standard_normal((1, LOGISTIC_FEATURES))
    bias = np.zeros((1, 1))
    looped = logistic_gradients_loop(X, Y, W, bias)
    vectorized = logistic_gradients_vectorized(X, Y, W, bias)
    if not np.allclose(looped.dW, vectorized.dW) or not np.allclose(looped.db, vectorized.db):
        raise AssertionError("the loop and the vectorized logistic gradients disagree")
    logistic = Timing(
        "logistic",
        _best_time(lambda: logistic_gradients_loop(X, Y, W, bias), number=1, repeat=3),
        _best_time(lambda: logistic_gradients_vectorized(X, Y, W, bias), number=10, repeat=5),
    )
    return (dot, logistic), time.perf_counter() - started


def _grouped(number: float) -> str:
    """A whole number with thin spaces between groups of three digits: 12 345."""
    return f"{number:,.0f}".replace(",", "\u2009")


def _format_seconds(seconds: float) -> str:
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.3g} ms"
    return f"{seconds * 1e6:.3g} µs"


def measured_loop_versus_vectorized() -> Figure:
    """Two bar charts on a logarithmic time axis, measured when the page was built:
    the time of one dot product of two vectors of 100 000 numbers with a Python loop
    and with np.dot, and the time of the logistic-regression cost and gradients for
    5 000 examples of 30 features with nnref's loops and with its vectorized code.
    Each panel states how many times faster the vectorized version ran."""
    (dot, logistic), _ = _measurements()
    panels = [
        (dot, f"dot product, n = {_grouped(DOT_SIZE)}", ("for loop", "np.dot")),
        (
            logistic,
            f"logistic regression, n_x = {LOGISTIC_FEATURES}, m = {_grouped(LOGISTIC_EXAMPLES)}",
            ("loops", "vectorized"),
        ),
    ]
    figure = Figure(figsize=(7.2, 3.4), layout="constrained")
    for axes, (timing, title, labels) in zip(figure.subplots(1, 2), panels, strict=True):
        seconds = [timing.loop_seconds, timing.vectorized_seconds]
        bars = axes.bar(labels, seconds, color=["#D55E00", "#0072B2"], width=0.6)
        axes.set_yscale("log")
        axes.set_ylim(min(seconds) / 4, max(seconds) * 12)
        for bar, value in zip(bars, seconds, strict=True):
            axes.annotate(
                _format_seconds(value),
                xy=(bar.get_x() + bar.get_width() / 2, value),
                xytext=(0, 3),
                textcoords="offset points",
                ha="center",
                va="bottom",
            )
        axes.set_title(f"{title}\nvectorized: {_grouped(timing.ratio)}× faster", fontsize=10)
        axes.set_ylabel("seconds per call (best of several)")
        axes.grid(axis="x", visible=False)
    return figure


def measured_ratios() -> str:
    """The measured speed-ups as a sentence, with the time the measurement took."""
    (dot, logistic), spent = _measurements()
    return (
        f"On the machine that built this page, the vectorized dot product ran "
        f"**{_grouped(dot.ratio)} times faster** than the loop "
        f"({_format_seconds(dot.vectorized_seconds)} against "
        f"{_format_seconds(dot.loop_seconds)}), and the vectorized logistic-regression "
        f"gradients **{_grouped(logistic.ratio)} times faster** than the loops "
        f"({_format_seconds(logistic.vectorized_seconds)} against "
        f"{_format_seconds(logistic.loop_seconds)}). Measuring both took "
        f"{spent:.1f} s of the build, with Python {platform.python_version()} and "
        f"NumPy {np.__version__}."
    )
