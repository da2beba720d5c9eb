"""Figures of the gradient-descent page, trained with nnref.model at build time."""

from __future__ import annotations

from functools import cache

import numpy as np
from matplotlib.figure import Figure

from nnref.data import moons
from nnref.init import initialize
from nnref.model import TrainResult, backward, cost, forward, minibatches, train, update
from nnref.validation import FloatArray

LAYER_DIMS = (2, 8, 1)
"""A small ReLU network with a sigmoid output, for every figure of the page."""
LEARNING_RATES = (0.01, 0.1, 1.0, 10.0)
RATE_EPOCHS = 500
MODE_LEARNING_RATE = 0.1
MODE_EPOCHS = 20
MINI_BATCH = 32
# (label, batch_size): None is full batch, 1 is stochastic.
MODES: tuple[tuple[str, int | None], ...] = (
    ("batch", None),
    (f"mini-batch of {MINI_BATCH}", MINI_BATCH),
    ("stochastic", 1),
)


@cache
def _data() -> tuple[FloatArray, FloatArray]:
    return moons(m=300, noise=0.2, seed=0)


@cache
def _rate_runs() -> dict[float, TrainResult]:
    X, Y = _data()
    return {
        rate: train(
            X, Y, list(LAYER_DIMS), learning_rate=rate, epochs=RATE_EPOCHS, record_every=1, seed=0
        )
        for rate in LEARNING_RATES
    }


def learning_rates() -> Figure:
    """Cost curves over 500 epochs of full-batch gradient descent for the same network
    and the same initial weights with four learning rates, 0.01, 0.1, 1 and 10, on a
    logarithmic cost axis. At 0.01 the cost creeps down; at 0.1 it falls steadily; at
    1 it falls fastest and lowest; at 10 it jumps up at first, then stalls at a cost
    far above the one the rate 1 reaches."""
    figure = Figure(figsize=(6.4, 3.8), layout="constrained")
    axes = figure.subplots()
    for rate, result in _rate_runs().items():
        axes.plot(result.recorded_epochs, result.costs, label=rf"$\alpha = {rate:g}$")
    axes.set_yscale("log")
    axes.set_xlabel("epoch (one update each)")
    axes.set_ylabel("cost $J$ on the training set")
    axes.legend(loc="lower left")
    return figure


def learning_rate_table() -> str:
    """The cost after training for each learning rate, as a Markdown table."""
    X, _ = _data()
    rows = [
        f"| learning rate $\\alpha$ | cost after 1 epoch | highest cost seen "
        f"| cost after {RATE_EPOCHS} epochs | dead hidden units at the end |",
        "|---:|---:|---:|---:|---:|",
    ]
    for rate, result in _rate_runs().items():
        _, caches = forward(X, result.params)
        hidden = caches[1].A_prev  # A[1], the ReLU layer's activations
        dead = int((hidden.max(axis=1) == 0).sum())
        rows.append(
            f"| {rate:g} | {result.costs[1]:.3f} | {max(result.costs):.3f} "
            f"| {result.costs[-1]:.3f} | {dead} of {hidden.shape[0]} |"
        )
    return "\n".join(rows)


@cache
def _mode_runs() -> dict[str, TrainResult]:
    """Train once per mode from the same initial weights."""
    X, Y = _data()
    return {
        label: train(
            X,
            Y,
            list(LAYER_DIMS),
            learning_rate=MODE_LEARNING_RATE,
            epochs=MODE_EPOCHS,
            batch_size=batch_size,
            record_every=1,
            seed=0,
        )
        for label, batch_size in MODES
    }


@cache
def _batch_costs(batch_size: int, updates: int) -> list[float]:
    """The cost on each batch as the training loop sees it, update after update."""
    X, Y = _data()
    rng = np.random.default_rng(0)
    params = initialize(list(LAYER_DIMS), "he", rng)
    seen: list[float] = []
    while len(seen) < updates:
        for X_batch, Y_batch in minibatches(X, Y, batch_size, rng):
            AL, caches = forward(X_batch, params)
            seen.append(cost(AL, Y_batch))
            params = update(params, backward(AL, Y_batch, caches), MODE_LEARNING_RATE)
            if len(seen) == updates:
                break
    return seen


def batch_modes() -> Figure:
    """Two panels comparing full-batch, mini-batch (32 examples) and stochastic
    gradient descent with the same learning rate on 300 examples. Left: the cost on
    the whole training set after each epoch; stochastic descent, with 300 updates per
    epoch, falls fastest, mini-batches next, and full batch, one update per epoch,
    slowest. Right: the cost of each batch as the training loop sees it over the first
    300 updates: smooth for full batch, noisy for mini-batches, very noisy for single
    examples."""
    figure = Figure(figsize=(7.6, 3.6), layout="constrained")
    left, right = figure.subplots(1, 2)
    X, _ = _data()
    colours = dict(
        zip((label for label, _ in MODES), ("#0072B2", "#E69F00", "#009E73"), strict=True)
    )
    for label, _batch_size in MODES:
        result = _mode_runs()[label]
        left.plot(result.recorded_epochs, result.costs, label=label, color=colours[label])
    left.set_xlabel("epoch (one pass over the data)")
    left.set_ylabel("cost $J$ on the whole training set")
    left.legend(loc="upper right")
    updates = 300
    for label, batch_size in reversed(MODES):
        size = X.shape[1] if batch_size is None else batch_size
        right.plot(
            np.arange(1, updates + 1),
            _batch_costs(size, updates),
            linewidth=0.8 if batch_size == 1 else 1.5,
            alpha=0.6 if batch_size == 1 else 1.0,
            label=label,
            color=colours[label],
            zorder=3 if batch_size is None else 2,
        )
    right.set_yscale("log")
    right.set_xlabel("update")
    right.set_ylabel("cost of the batch used for the update")
    return figure


def batch_mode_table() -> str:
    """Updates per epoch and in all, and the final cost, per mode."""
    X, _ = _data()
    m = X.shape[1]
    rows = [
        f"| mode | batch size | updates per epoch | updates in {MODE_EPOCHS} epochs "
        f"| cost after {MODE_EPOCHS} epochs |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, batch_size in MODES:
        result = _mode_runs()[label]
        size = m if batch_size is None else batch_size
        updates = -(-m // size)
        rows.append(
            f"| {label} | {size} | {updates} | {updates * MODE_EPOCHS} | {result.costs[-1]:.3f} |"
        )
    return "\n".join(rows)
