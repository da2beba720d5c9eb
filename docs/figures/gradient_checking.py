"""Figures and tables of the gradient-checking page, computed with nnref.gradcheck."""

from __future__ import annotations

from functools import cache

import numpy as np
from matplotlib import rcParams
from matplotlib.figure import Figure

from nnref import gradcheck
from nnref.init import initialize
from nnref.model import backward, cost, forward
from nnref.validation import FloatArray, Params

EPSILONS = np.logspace(-1, -12, 45)
"""The steps of the error-versus-ε figure, from 1e-1 down to 1e-12."""
CHECK_DIMS = (3, 4, 1)
"""The network of the error-versus-ε figure."""
HIDDEN_ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu")
HIDDEN_LAYERS = (1, 2, 3)
"""Hidden layers of the networks of the table (L = hidden layers + 1)."""
HIDDEN_UNITS = 5
INPUTS = 4
EXAMPLES = 8


def _example(layer_dims: list[int], seed: int) -> tuple[FloatArray, FloatArray, Params]:
    """Random inputs, 0/1 labels and Xavier-scaled params for a check (float64)."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((layer_dims[0], EXAMPLES))
    Y = (rng.random((layer_dims[-1], EXAMPLES)) < 0.5).astype(np.float64)
    return X, Y, initialize(layer_dims, "xavier", rng)


@cache
def _errors_by_epsilon() -> tuple[np.ndarray, np.ndarray]:
    """Relative error of one-sided and two-sided differences against backward, per ε."""
    X, Y, params = _example(list(CHECK_DIMS), seed=0)
    AL, caches = forward(X, params, hidden="tanh")
    analytic = backward(AL, Y, caches)

    def cost_fn(nudged: Params) -> float:
        return cost(forward(X, nudged, hidden="tanh")[0], Y)

    def stacked(grads: Params) -> FloatArray:
        return np.concatenate([grads[f"d{key}"].ravel() for key in params]).reshape(1, -1)

    base = cost_fn(params)
    one_sided, two_sided = [], []
    for epsilon in EPSILONS:
        forward_differences = {}
        for key, value in params.items():
            gradient = np.zeros_like(value)
            for index in np.ndindex(value.shape):
                nudged = {name: array.copy() for name, array in params.items()}
                nudged[key][index] += epsilon
                gradient[index] = (cost_fn(nudged) - base) / epsilon
            forward_differences[f"d{key}"] = gradient
        one_sided.append(gradcheck.relative_error(stacked(analytic), stacked(forward_differences)))
        central = gradcheck.numerical_gradients(cost_fn, params, float(epsilon))
        two_sided.append(gradcheck.relative_error(stacked(analytic), stacked(central)))
    return np.array(one_sided), np.array(two_sided)


def error_versus_epsilon() -> Figure:
    """Log-log plot of the relative error of finite-difference gradients against the
    step ε, from 0.1 down to 1e-12, for a small tanh network checked against nnref's
    backward pass. The one-sided difference's error falls in proportion to ε, the
    two-sided difference's in proportion to ε², so the two-sided one reaches a far
    smaller error, and at a larger ε. Below their best ε both rise again, as rounding
    errors divided by ε take over; a vertical line marks the usual ε = 1e-7."""
    one_sided, two_sided = _errors_by_epsilon()
    figure = Figure(figsize=(6.4, 4.0), layout="constrained")
    axes = figure.subplots()
    axes.loglog(
        EPSILONS,
        one_sided,
        "o-",
        markersize=3,
        label=r"one-sided $\frac{J(\theta+\varepsilon)-J(\theta)}{\varepsilon}$",
    )
    axes.loglog(
        EPSILONS,
        two_sided,
        "s-",
        markersize=3,
        label=r"two-sided $\frac{J(\theta+\varepsilon)-J(\theta-\varepsilon)}{2\varepsilon}$",
    )
    # Reference slopes through the first point of each curve, in the ink colour
    # (no fixed grey reads well on both the light and the dark page).
    ink = rcParams["text.color"]
    axes.loglog(
        EPSILONS, one_sided[0] * EPSILONS / EPSILONS[0], ":", color=ink, alpha=0.6, linewidth=1
    )
    axes.loglog(
        EPSILONS,
        two_sided[0] * (EPSILONS / EPSILONS[0]) ** 2,
        "--",
        color=ink,
        alpha=0.6,
        linewidth=1,
    )
    axes.text(
        EPSILONS[6],
        one_sided[0] * EPSILONS[6] / EPSILONS[0] * 3,
        r"$\propto \varepsilon$",
        color=ink,
    )
    axes.text(
        EPSILONS[9],
        two_sided[0] * (EPSILONS[9] / EPSILONS[0]) ** 2 / 30,
        r"$\propto \varepsilon^2$",
        color=ink,
    )
    axes.axvline(1e-7, color=ink, alpha=0.6, linewidth=0.8)
    axes.text(1.2e-7, 3e-12, r"$\varepsilon = 10^{-7}$", color=ink, fontsize=9)
    axes.set_ylim(1e-12, 2.0)
    axes.invert_xaxis()
    axes.set_xlabel(r"step $\varepsilon$ (smaller to the right)")
    axes.set_ylabel("relative error against backward")
    axes.legend(loc="upper right", fontsize=9)
    return figure


def best_epsilons() -> str:
    """The smallest error of each difference and the ε where it occurs, as a table."""
    one_sided, two_sided = _errors_by_epsilon()
    rows = [
        "| difference | smallest relative error | at $\\varepsilon$ "
        "| relative error at $\\varepsilon = 10^{-7}$ |",
        "|---|---:|---:|---:|",
    ]
    at_default = int(np.argmin(np.abs(np.log10(EPSILONS) + 7)))
    for label, errors in (("one-sided", one_sided), ("two-sided", two_sided)):
        best = int(np.argmin(errors))
        rows.append(
            f"| {label} | {errors[best]:.1e} | {EPSILONS[best]:.0e} | {errors[at_default]:.1e} |"
        )
    return "\n".join(rows)


def _power_of_ten(value: float) -> str:
    return f"$10^{{{np.log10(value):.0f}}}$"


def thresholds() -> str:
    """How to read a relative error, from the constants of nnref.gradcheck."""
    great, fine, bug = (
        _power_of_ten(x) for x in (gradcheck.GREAT, gradcheck.FINE, gradcheck.LIKELY_BUG)
    )
    bands = (
        (f"below {great}", gradcheck.GREAT / 10),
        (f"{great} to {fine}", gradcheck.GREAT * 10),
        (f"{fine} to {bug}", gradcheck.FINE * 10),
        (f"above {bug}", gradcheck.LIKELY_BUG * 10),
    )
    rows = ["| relative error | verdict (`nnref.gradcheck.verdict`) |", "|---|---|"]
    rows += [f"| {band} | {gradcheck.verdict(example)} |" for band, example in bands]
    return "\n".join(rows)


@cache
def _configuration_errors() -> dict[tuple[str, int], float]:
    """check_backward's relative error per (hidden activation, hidden layers)."""
    results = {}
    for seed, (hidden, depth) in enumerate(
        (hidden, depth) for hidden in HIDDEN_ACTIVATIONS for depth in HIDDEN_LAYERS
    ):
        X, Y, params = _example([INPUTS] + [HIDDEN_UNITS] * depth + [1], seed)
        results[hidden, depth] = gradcheck.check_backward(
            X, Y, params, hidden=hidden
        ).relative_error
    return results


def configuration_table() -> str:
    """nnref.gradcheck.check_backward's relative error per hidden activation and depth."""
    results = _configuration_errors()
    header = "| hidden activation | " + " | ".join(
        f"{depth} hidden layer{'s' if depth > 1 else ''} (L = {depth + 1})"
        for depth in HIDDEN_LAYERS
    )
    rows = [header + " |", "|---|" + "---:|" * len(HIDDEN_LAYERS)]
    for hidden in HIDDEN_ACTIVATIONS:
        cells = []
        for depth in HIDDEN_LAYERS:
            error = results[hidden, depth]
            cells.append(f"{error:.1e} ({gradcheck.verdict(error)})")
        rows.append(f"| `{hidden}` | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def check_cost() -> str:
    """How many times a gradient check evaluates the cost, counted for the largest network."""
    depth = HIDDEN_LAYERS[-1]
    X, Y, params = _example([INPUTS] + [HIDDEN_UNITS] * depth + [1], seed=0)
    evaluations = 0

    def counted_cost(nudged: Params) -> float:
        nonlocal evaluations
        evaluations += 1
        return cost(forward(X, nudged)[0], Y)

    gradcheck.numerical_gradients(counted_cost, params)
    count = sum(value.size for value in params.values())
    return (
        f"For the largest network of the table, with {count} parameters, the check "
        f"evaluated the cost {evaluations} times — a full forward pass each time — where "
        f"backpropagation gets all {count} derivatives from one forward and one backward "
        f"pass."
    )
