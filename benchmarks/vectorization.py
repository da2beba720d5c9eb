"""Loops against vectorized NumPy: the two measurements of the course material.

1. The logistic-regression cost and gradients for m = 100 000 examples of n_x = 100
   features: `nnref.vectorization.logistic_gradients_loop` (a Python loop over the
   examples and, inside it, over the features) against
   `nnref.vectorization.logistic_gradients_vectorized` (two matrix products). The
   loop costs the same for every example, so it is timed on the first
   ``LOOP_EXAMPLES`` examples and scaled to m; the two versions are first checked
   to agree on that subset.
2. The classic dot product of two vectors of 10^6 numbers: a ``for`` loop over the
   NumPy arrays (the material's demonstration) against ``np.dot``; the material
   reports about 300 times.
"""

from __future__ import annotations

import argparse
from typing import Any

import numpy as np

from benchmarks.report import Table
from benchmarks.timing import format_seconds, measure
from nnref.vectorization import logistic_gradients_loop, logistic_gradients_vectorized

EXAMPLES = 100_000
FEATURES = 100
LOOP_EXAMPLES = 2_000
DOT_SIZE = 1_000_000
MATERIAL_CLAIM = 300


def _dot_loop(a: np.ndarray, b: np.ndarray) -> float:
    total = 0.0
    for i in range(a.shape[0]):
        total += a[i] * b[i]
    return float(total)


def run(args: argparse.Namespace) -> tuple[dict[str, Any], Table]:
    """Measure; return the figures and their table."""
    rng = np.random.default_rng(0)
    X = rng.standard_normal((FEATURES, EXAMPLES))
    Y = (rng.random((1, EXAMPLES)) < 0.5).astype(np.float64)
    W = 0.01 * rng.standard_normal((1, FEATURES))
    b = np.zeros((1, 1))

    X_part, Y_part = X[:, :LOOP_EXAMPLES].copy(), Y[:, :LOOP_EXAMPLES].copy()
    looped = logistic_gradients_loop(X_part, Y_part, W, b)
    vectorized = logistic_gradients_vectorized(X_part, Y_part, W, b)
    if not (np.allclose(looped.dW, vectorized.dW) and np.allclose(looped.db, vectorized.db)):
        raise AssertionError("the loop and the vectorized logistic gradients disagree")

    vectorized_time = measure(lambda: logistic_gradients_vectorized(X, Y, W, b), repeats=7)
    loop_part = measure(
        lambda: logistic_gradients_loop(X_part, Y_part, W, b), repeats=3, warmup=1, number=1
    )
    loop_time = loop_part.median * EXAMPLES / LOOP_EXAMPLES

    a = rng.standard_normal(DOT_SIZE)
    c = rng.standard_normal(DOT_SIZE)
    if not np.isclose(_dot_loop(a, c), np.dot(a, c)):
        raise AssertionError("the loop and np.dot disagree")
    dot_loop = measure(lambda: _dot_loop(a, c), repeats=3, warmup=1, number=1)
    dot_numpy = measure(lambda: np.dot(a, c), repeats=9)

    figures = {
        "logistic": {
            "examples": EXAMPLES,
            "features": FEATURES,
            "loop_examples_timed": LOOP_EXAMPLES,
            "loop_seconds_scaled": loop_time,
            "loop_seconds_on_subset": loop_part.median,
            "vectorized_seconds": vectorized_time.median,
            "ratio": loop_time / vectorized_time.median,
        },
        "dot": {
            "size": DOT_SIZE,
            "loop_seconds": dot_loop.median,
            "numpy_seconds": dot_numpy.median,
            "ratio": dot_loop.median / dot_numpy.median,
            "material_claim": MATERIAL_CLAIM,
        },
    }
    logistic, dot = figures["logistic"], figures["dot"]
    table = Table("Vectorization: loops against NumPy (float64, median of repeats)")
    table.add(
        f"logistic cost and gradients, loops (m = {EXAMPLES:,}, n_x = {FEATURES})",
        format_seconds(loop_time),
        f"timed on {LOOP_EXAMPLES:,} examples ({format_seconds(loop_part.median)}), "
        f"scaled ×{EXAMPLES // LOOP_EXAMPLES}",
    )
    table.add(
        "logistic cost and gradients, vectorized",
        format_seconds(vectorized_time.median),
        "nnref.vectorization.logistic_gradients_vectorized",
    )
    table.add("  loops / vectorized", f"{logistic['ratio']:,.0f}×")
    table.add(
        f"dot product of {DOT_SIZE:,} numbers, for loop",
        format_seconds(dot_loop.median),
        "for i in range(n): total += a[i] * b[i]",
    )
    table.add(f"dot product of {DOT_SIZE:,} numbers, np.dot", format_seconds(dot_numpy.median))
    table.add(
        "  loop / np.dot", f"{dot['ratio']:,.0f}×", f"the material reports ~{MATERIAL_CLAIM}×"
    )
    return figures, table
