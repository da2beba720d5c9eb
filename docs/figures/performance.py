"""What a training step and a vectorized gradient cost, counted and timed while the site builds.

Times depend on the machine and change from one run to the next, while two builds of
this site must give the same bytes; so this module mostly counts, and its one timing,
``measured_training_step``, is marked as measured (the benchmarks,
``python -m benchmarks``, take the full set of times):

- the floating-point operations of the matrix products of one training step of the
  benchmarks' network, against the entries of the other arrays the step makes, read
  from the arrays nnref returns;
- the peak memory of that step, traced by ``tracemalloc``;
- the lines of Python the interpreter runs for the logistic-regression gradients,
  with nnref's loops and vectorized, as the number of examples grows;
- the time of that training step against the time of its matrix products alone,
  with the `training` benchmark's own code, on the machine that builds the page.
"""

from __future__ import annotations

import functools
import itertools
import platform
import sys
import tracemalloc
from collections.abc import Callable
from functools import cache
from types import FrameType
from typing import Any

import numpy as np
from matplotlib.figure import Figure
from threadpoolctl import threadpool_info, threadpool_limits

from benchmarks.timing import measure_together
from benchmarks.training import BATCH, LAYER_DIMS, batch, gemm_only, parameters, train_loop_step
from nnref.model import backward, forward, update
from nnref.vectorization import logistic_gradients_loop, logistic_gradients_vectorized

EXAMPLE_COUNTS = (10, 30, 100, 300, 1000)
"""m for the count of lines of Python, with n_x = FEATURES."""
FEATURES = 10


def _batch(dtype: type) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    """The benchmarks' batch and parameters."""
    return (*batch(dtype), parameters(dtype))


def _step(X: np.ndarray, Y: np.ndarray, params: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    AL, caches = forward(X, params, hidden="relu", output="softmax")
    grads = backward(AL, Y, caches, loss="categorical_cross_entropy")
    return update(params, grads, learning_rate=0.01)


@cache
def _arithmetic() -> tuple[list[tuple[str, int]], int]:
    """The step's matrix products as (what, floating-point operations), and the entries of
    every other array it makes (activations, gradients, new parameters).

    A product of an (a, b) matrix by a (b, c) matrix takes 2abc operations.
    """
    X, Y, params = _batch(np.float64)
    AL, caches = forward(X, params, hidden="relu", output="softmax")
    grads = backward(AL, Y, caches, loss="categorical_cross_entropy")
    new = update(params, grads, learning_rate=0.01)
    m = X.shape[1]
    products = []
    for layer, step_cache in enumerate(caches, start=1):
        n, n_prev = step_cache.W.shape
        products.append(
            (f"forward, layer {layer}: $W^{{[{layer}]}} A^{{[{layer - 1}]}}$", 2 * n * n_prev * m)
        )
    for layer, step_cache in reversed(list(enumerate(caches, start=1))):
        n, n_prev = step_cache.W.shape
        products.append((f"backward, layer {layer}: $dW^{{[{layer}]}}$", 2 * n * m * n_prev))
        if layer > 1:
            products.append(
                (f"backward, layer {layer}: $dA^{{[{layer - 1}]}}$", 2 * n_prev * n * m)
            )
    others = sum(2 * c.Z.size for c in caches)  # Z and A of every layer
    others += sum(array.size for array in (*grads.values(), *new.values()))
    return products, others


@cache
def _memory() -> dict[str, tuple[int, int]]:
    """dtype name -> (tracemalloc peak of one step, bytes the step must hold at least)."""
    found = {}
    for dtype in (np.float32, np.float64):
        _step(*_batch(dtype))  # once untraced: a first call may import and cache
        tracemalloc.start()
        try:
            _step(*_batch(dtype))
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        found[np.dtype(dtype).name] = (peak, _required_bytes(np.dtype(dtype).itemsize))
    return found


def _required_bytes(itemsize: int) -> int:
    """The batch, the parameters, the activations (Z and A of each layer), the gradients."""
    parameters = sum(n * n_prev + n for n_prev, n in itertools.pairwise(LAYER_DIMS))
    activations = sum(2 * n * BATCH for n in LAYER_DIMS[1:])
    inputs = (LAYER_DIMS[0] + LAYER_DIMS[-1]) * BATCH
    return (inputs + 2 * parameters + activations) * itemsize


def _lines_run(function: Callable[[], object]) -> int:
    """How many lines of Python the interpreter runs for one call of ``function``."""
    count = 0

    def trace(frame: FrameType, event: str, arg: Any) -> Callable[..., Any]:
        nonlocal count
        count += event == "line"
        return trace

    previous = sys.gettrace()
    sys.settrace(trace)
    try:
        function()
    finally:
        sys.settrace(previous)
    return count


@cache
def _interpreter_counts() -> list[tuple[int, int, int]]:
    """(m, lines run by the loops, lines run vectorized) for each m of EXAMPLE_COUNTS."""
    rng = np.random.default_rng(0)
    counts = []
    for m in EXAMPLE_COUNTS:
        X = rng.standard_normal((FEATURES, m))
        Y = (rng.random((1, m)) < 0.5).astype(np.float64)
        W = 0.1 * rng.standard_normal((1, FEATURES))
        b = np.zeros((1, 1))
        loops = _lines_run(lambda X=X, Y=Y, W=W, b=b: logistic_gradients_loop(X, Y, W, b))
        vectorized = _lines_run(
            lambda X=X, Y=Y, W=W, b=b: logistic_gradients_vectorized(X, Y, W, b)
        )
        counts.append((m, loops, vectorized))
    return counts


def _grouped(number: float) -> str:
    """A whole number with thin spaces between groups of three digits: 12 345."""
    return f"{number:,.0f}".replace(",", "\u2009")


def arithmetic_table() -> str:
    """The floating-point operations of each matrix product of a step, as a Markdown table."""
    products, others = _arithmetic()
    total = sum(operations for _, operations in products)
    rows = ["| Matrix product | Operations |", "|---|---:|"]
    rows += [f"| {what} | {_grouped(operations)} |" for what, operations in products]
    rows.append(f"| **all products** | **{_grouped(total)}** |")
    rows.append(
        f"| entries of every other array the step makes (activations, gradients, "
        f"new parameters) | {_grouped(others)} |"
    )
    rows.append(f"| operations in products per such entry | {total / others:.0f} |")
    return "\n".join(rows)


def memory_table() -> str:
    """The traced peak memory of a step against what it must hold, as a Markdown table."""
    memory = _memory()
    names = list(memory)
    mebibytes = 2.0**20
    rows = ["| | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]
    rows.append(
        "| must hold: batch, parameters, activations, gradients | "
        + " | ".join(f"{memory[n][1] / mebibytes:.2f} MiB" for n in names)
        + " |"
    )
    rows.append(
        "| peak traced by `tracemalloc` | "
        + " | ".join(f"{memory[n][0] / mebibytes:.2f} MiB" for n in names)
        + " |"
    )
    rows.append(
        "| peak / must hold | "
        + " | ".join(f"{memory[n][0] / memory[n][1]:.2f}×" for n in names)
        + " |"
    )
    return "\n".join(rows)


def interpreter_lines() -> Figure:
    """A log-log plot of the lines of Python that the interpreter runs for the
    logistic-regression cost and gradients of m examples with 10 features, for m from 10
    to 1000: with nnref's loops the count grows in proportion to m, by tens of lines for
    each example; vectorized, it stays the same few hundred lines whatever m is."""
    counts = _interpreter_counts()
    m = [row[0] for row in counts]
    figure = Figure(figsize=(6.4, 3.6), layout="constrained")
    axes = figure.subplots()
    axes.loglog(m, [row[1] for row in counts], marker="o", label="loops (logistic_gradients_loop)")
    axes.loglog(
        m,
        [row[2] for row in counts],
        marker="s",
        label="vectorized (logistic_gradients_vectorized)",
    )
    axes.set_xlabel("examples m (10 features each)")
    axes.set_ylabel("lines of Python run")
    axes.legend(loc="upper left", fontsize=9)
    return figure


def interpreter_table() -> str:
    """The counts behind the figure, as a Markdown table."""
    rows = [
        "| $m$ | lines run, loops | lines run, vectorized | ratio |",
        "|---:|---:|---:|---:|",
    ]
    rows += [
        f"| {_grouped(m)} | {_grouped(loops)} | {_grouped(vectorized)} | {loops / vectorized:.0f} |"
        for m, loops, vectorized in _interpreter_counts()
    ]
    return "\n".join(rows)


@cache
def _step_timings() -> dict[str, tuple[float, float]]:
    """dtype name -> (seconds of a train-loop step, seconds of its matrix products alone),
    with one BLAS thread: medians of repeats taken in turns."""
    found = {}
    with threadpool_limits(limits=1):
        for dtype in (np.float32, np.float64):
            X, Y, params = _batch(dtype)
            timings = measure_together(
                {
                    "step": functools.partial(train_loop_step, X, Y, params),
                    "products": gemm_only(X, Y, params),
                },
                repeats=5,
                min_seconds=0.04,
            )
            found[np.dtype(dtype).name] = (timings["step"].median, timings["products"].median)
    return found


def _milliseconds(seconds: float) -> str:
    return f"{seconds * 1e3:.2f} ms"


def measured_training_step() -> str:
    """The training step of the benchmarks timed when the page was built, one BLAS
    thread, as a Markdown table with a sentence on where it was measured."""
    timings = _step_timings()
    names = list(timings)
    blas = next(iter(threadpool_info()), {})

    def row(label: str, show: Callable[[float, float], str]) -> str:
        return f"| {label} | " + " | ".join(show(*timings[name]) for name in names) + " |"

    rows = [
        "| | " + " | ".join(names) + " |",
        "|---|" + "---:|" * len(names),
        row("one step, as `train` runs it", lambda step, _: _milliseconds(step)),
        row("examples per second", lambda step, _: _grouped(BATCH / step)),
        row("its matrix products alone", lambda _, products: _milliseconds(products)),
        row("**share of the step in the products**", lambda s, p: f"**{p / s:.0%}**"),
    ]
    where = (
        f"Measured while this page was built, with one BLAS thread "
        f"({blas.get('internal_api', 'BLAS')} {blas.get('version', '')}, "
        f"NumPy {np.__version__}, Python {platform.python_version()}, "
        f"{platform.machine()}); other work of the build may have shared the machine."
    )
    return "\n".join(rows) + "\n\n" + where
