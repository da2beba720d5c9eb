"""Peak memory of one training step against what the step must hold.

The step is the one of `benchmarks.training` (784-256-128-10, ReLU and softmax,
batch 256): forward, backward, update. ``tracemalloc`` traces every allocation of
Python and of NumPy's array buffers from before the batch and the parameters are
made to the end of the step, and reports the peak.

What the step must hold, at least, is counted from the shapes:

- the **inputs** $X$ and $Y$;
- the **parameters** $W^{[l]}, b^{[l]}$;
- the **activations** the backward pass needs: $Z^{[l]}$ and $A^{[l]}$ for every layer;
- the **gradients** $dW^{[l]}, db^{[l]}$.

The ratio of the peak to that sum is the figure (target: at most 2). The public
``update`` is pure (it returns new parameters and leaves the old ones as they were),
so at its end that step also holds a second set of parameters; ``train`` updates the
parameters it owns in place.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np

from benchmarks.report import Table
from benchmarks.training import (
    BATCH,
    LAYER_DIMS,
    batch,
    parameters,
    public_step,
    train_loop_step,
)

TARGET = 2.0


def required_bytes(dtype: type[np.floating[Any]]) -> dict[str, int]:
    """The bytes of the inputs, parameters, activations and gradients of one step."""
    size = np.dtype(dtype).itemsize
    pairs = list(itertools.pairwise(LAYER_DIMS))
    parameters_ = sum(n_out * n_in + n_out for n_in, n_out in pairs) * size
    return {
        "inputs": (LAYER_DIMS[0] + LAYER_DIMS[-1]) * BATCH * size,
        "parameters": parameters_,
        "activations": sum(2 * n_out * BATCH for _, n_out in pairs) * size,
        "gradients": parameters_,
    }


def peak_bytes(
    dtype: type[np.floating[Any]], step: Callable[[np.ndarray, np.ndarray, dict], object]
) -> int:
    """The traced peak from making the batch and parameters to the end of the step."""
    gc.collect()
    tracemalloc.start()
    try:
        X, Y = batch(dtype)
        params = parameters(dtype)
        result = step(X, Y, params)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del result
    return peak


def run(args: argparse.Namespace) -> tuple[dict[str, Any], Table]:
    """Measure; return the figures and their table."""
    table = Table(
        f"Memory of one training step ({'-'.join(map(str, LAYER_DIMS))}, batch {BATCH})",
        columns=("figure", "float32", "float64", "note"),
    )
    figures: dict[str, Any] = {}
    for dtype in (np.float32, np.float64):
        train_loop_step(*batch(dtype), parameters(dtype))  # warm-up: imports, caches
        required = required_bytes(dtype)
        figures[np.dtype(dtype).name] = {
            "required": required,
            "required_total": sum(required.values()),
            "peak_train_loop_step": peak_bytes(dtype, train_loop_step),
            "peak_public_step": peak_bytes(dtype, public_step),
        }

    def cells(show: Callable[[dict[str, Any]], str]) -> tuple[str, str]:
        return show(figures["float32"]), show(figures["float64"])

    def megabytes(count: int) -> str:
        return f"{count / 2**20:.2f} MiB"

    for part in ("inputs", "parameters", "activations", "gradients"):
        table.add(f"  {part}", *cells(lambda f, p=part: megabytes(f["required"][p])))
    table.add("must hold (sum of the above)", *cells(lambda f: megabytes(f["required_total"])))
    for step, label in (("train_loop", "train-loop step"), ("public", "public-API step")):
        table.add(
            f"tracemalloc peak, {label}", *cells(lambda f, s=step: megabytes(f[f"peak_{s}_step"]))
        )
        table.add(
            "  peak / must hold",
            *cells(lambda f, s=step: f"{f[f'peak_{s}_step'] / f['required_total']:.2f}×"),
            f"target ≤ {TARGET:g}×",
        )
    table.add(
        "  of which the public step's new parameters",
        *cells(lambda f: megabytes(f["required"]["parameters"])),
        "update is pure; train updates in place",
    )
    for name, figure in figures.items():
        figure["ratio_train_loop_step"] = figure["peak_train_loop_step"] / figure["required_total"]
        figure["ratio_public_step"] = figure["peak_public_step"] / figure["required_total"]
        figures[name] = figure
    return figures, table
