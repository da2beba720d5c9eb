"""Cost functions drawn from nnref.losses: cross-entropy, squared error, absolute error."""

from __future__ import annotations

from functools import cache

import numpy as np
from matplotlib.figure import Figure

from nnref import data, losses, model
from nnref.activations import sigmoid

# One real feature of the breast-cancer data, so that the cost is a function of a
# single weight w and can be drawn as a curve.
_FEATURE = "worst concave points"
_WEIGHTS = np.linspace(-12.0, 8.0, 401)


def cross_entropy_loss_curves() -> Figure:
    """The cross-entropy loss of one example as a function of the prediction a between
    0 and 1. For a label y = 1 the loss is −log a: zero at a = 1, growing without bound
    as a approaches 0. For y = 0 it is −log(1 − a), the mirror image: zero at a = 0,
    unbounded as a approaches 1."""
    a = np.linspace(0.001, 0.999, 999).reshape(1, -1)
    figure = Figure()
    axes = figure.subplots()
    for label in (1, 0):
        y = np.full_like(a, label)
        # One example per column: the cost of a single column is that example's loss.
        loss = [losses.binary_cross_entropy(a[:, [i]], y[:, [i]]) for i in range(a.shape[1])]
        formula = r"$-\log a$" if label == 1 else r"$-\log(1 - a)$"
        axes.plot(a.ravel(), loss, label=f"y = {label}: {formula}")
    axes.set_xlabel("prediction a = ŷ")
    axes.set_ylabel("loss L(a, y)")
    axes.set_ylim(0, 5)
    axes.legend(loc="upper center")
    return figure


@cache
def _one_feature() -> tuple[np.ndarray, np.ndarray]:
    split = data.breast_cancer(seed=0)
    row = split.feature_names.index(_FEATURE)
    return split.X_train[[row], :], split.Y_train


@cache
def _costs_over_weight() -> dict[str, np.ndarray]:
    """J(w) for ŷ = σ(w x), b = 0, on one feature, with both losses, computed by nnref."""
    x, Y = _one_feature()
    costs = {"cross-entropy": [], "squared error": []}
    for w in _WEIGHTS:
        A = sigmoid(w * x)
        costs["cross-entropy"].append(losses.binary_cross_entropy(A, Y))
        costs["squared error"].append(losses.mean_squared_error(A, Y))
    return {name: np.array(values) for name, values in costs.items()}


def _second_derivative(values: np.ndarray) -> np.ndarray:
    return np.gradient(np.gradient(values, _WEIGHTS), _WEIGHTS)


def _concave_stretches(curvature: np.ndarray) -> list[tuple[float, float]]:
    """The intervals of w (on the grid) where the second derivative is negative."""
    negative = np.concatenate([[False], curvature < 0, [False]])
    edges = np.flatnonzero(np.diff(negative.astype(int)))
    return [(_WEIGHTS[start], _WEIGHTS[stop - 1]) for start, stop in edges.reshape(-1, 2)]


def costs_over_a_weight() -> Figure:
    """Three panels over a single weight w of a sigmoid neuron ŷ = σ(w x) fitted to one
    feature of the breast-cancer data. Left: the cross-entropy cost, a single smooth
    bowl. Middle: the squared-error cost, which has its lowest values near the same
    place but flattens into plateaus on both sides. Right: the second derivative of
    each cost with respect to w. The cross-entropy's stays above zero everywhere: it is
    convex. The squared error's falls below zero on the shaded stretches of w: there it
    curves downward, so it is not convex."""
    costs = _costs_over_weight()
    curvature = {name: _second_derivative(values) for name, values in costs.items()}
    figure = Figure(figsize=(10.0, 3.4))
    panels = figure.subplots(1, 3)
    for axes in panels[1:]:
        for low, high in _concave_stretches(curvature["squared error"]):
            axes.axvspan(low, high, color="#888888", alpha=0.18, linewidth=0)
    colours = {"cross-entropy": "#0072B2", "squared error": "#E69F00"}
    for axes, (name, values) in zip(panels[:2], costs.items(), strict=True):
        axes.plot(_WEIGHTS, values, color=colours[name])
        axes.set_title(f"{name} cost", fontsize=11)
        axes.set_xlabel("weight w")
    panels[0].set_ylabel("cost J(w)")
    right = panels[2]
    for name, values in curvature.items():
        right.plot(_WEIGHTS, values, color=colours[name], label=name)
    right.axhline(0.0, linewidth=0.8, color="#888888")
    right.set_title("their curvature d²J/dw²", fontsize=11)
    right.set_xlabel("weight w")
    figure.legend(loc="upper center", bbox_to_anchor=(0.5, -0.02), ncol=2)
    figure.subplots_adjust(wspace=0.35)
    return figure


def curvature_summary() -> str:
    """The smallest second derivative of each cost over the grid of weights, as a sentence."""
    costs = _costs_over_weight()
    curvature = {name: _second_derivative(values) for name, values in costs.items()}
    stretches = " and ".join(
        f"from {_signed(low, '.1f')} to {_signed(high, '.1f')}"
        for low, high in _concave_stretches(curvature["squared error"])
    )
    return (
        f"On the {_WEIGHTS.size} weights of the figure, from {_signed(_WEIGHTS[0], 'g')} "
        f"to {_signed(_WEIGHTS[-1], 'g')}, the smallest second derivative of the "
        f"cross-entropy cost is {_signed(curvature['cross-entropy'].min(), '.2g')}: "
        f"positive, it curves upward everywhere. The smallest of the squared-error cost "
        f"is {_signed(curvature['squared error'].min(), '.2g')}, and it is negative for "
        f"$w$ {stretches}."
    )


def _signed(value: float, spec: str) -> str:
    """A number with a typographic minus sign."""
    return format(value, spec).replace("-", "−")


# A line with noise and a few gross outliers, for the regression losses.
_LINE_SLOPE, _LINE_INTERCEPT = 1.5, 0.5


@cache
def _regression_fits() -> tuple[np.ndarray, np.ndarray, dict[str, dict[str, np.ndarray]]]:
    rng = np.random.default_rng(3)
    m = 40
    x = np.sort(rng.uniform(-2.0, 2.0, m)).reshape(1, m)
    y = _LINE_SLOPE * x + _LINE_INTERCEPT + 0.3 * rng.standard_normal((1, m))
    outliers = np.argsort(x[0])[-4:]  # the four right-most points, pulled far down
    y[0, outliers] -= 8.0
    fits = {}
    for loss in ("mean_squared_error", "mean_absolute_error"):
        result = model.train(
            x,
            y,
            [1, 1],
            output="identity",
            loss=loss,
            init="zeros",
            learning_rate=0.05,
            epochs=4000,
            record_every=4000,
        )
        fits[loss] = result.params
    return x, y, fits


_LOSS_NAMES = {
    "mean_squared_error": "L2 (squared error)",
    "mean_absolute_error": "L1 (absolute error)",
}


def regression_losses() -> Figure:
    """Two panels. Left: the squared-error loss ½r² and the absolute-error loss |r| as
    functions of the residual r = a − y; the square grows much faster for large
    residuals. Right: points scattered along a rising line, four of them pulled far
    below it, with the lines fitted by gradient descent with each loss: the L2 line
    is dragged down toward the outliers, the L1 line stays with the other points."""
    x, y, fits = _regression_fits()
    figure = Figure(figsize=(9.0, 3.6))
    left, right = figure.subplots(1, 2)
    residual = np.linspace(-3.0, 3.0, 301)
    zero = np.zeros((1, 1))
    # The cost of a single example is its loss: a = r against y = 0, one at a time.
    for loss, formula in (
        ("mean_squared_error", r"$\frac{1}{2}r^2$"),
        ("mean_absolute_error", "$|r|$"),
    ):
        cost = [losses.get_loss(loss).function(np.full((1, 1), r), zero) for r in residual]
        left.plot(residual, cost, label=f"{_LOSS_NAMES[loss].split()[0]}: {formula}")
    left.set_xlabel("residual r = a − y")
    left.set_ylabel("loss")
    left.legend(loc="upper center")
    right.scatter(x.ravel(), y.ravel(), s=14, color="#888888", label="data")
    grid = np.linspace(x.min(), x.max(), 2).reshape(1, -1)
    for loss, params in fits.items():
        prediction, _ = model.forward(grid, params, output="identity")
        right.plot(grid.ravel(), prediction.ravel(), label=_LOSS_NAMES[loss])
    right.set_xlabel("x")
    right.set_ylabel("y")
    right.legend(loc="lower left")
    return figure


def regression_fit_table() -> str:
    """The slope and intercept each loss finds, against the line the data came from."""
    _, _, fits = _regression_fits()
    rows = [
        "| Fitted with | slope $w$ | intercept $b$ |",
        "|---|---:|---:|",
        f"| (the line the clean points come from) | {_LINE_SLOPE:.2f} | {_LINE_INTERCEPT:.2f} |",
    ]
    for loss, params in fits.items():
        rows.append(
            f"| {_LOSS_NAMES[loss]}, `{loss}` | {_signed(params['W1'].item(), '.2f')} | "
            f"{_signed(params['b1'].item(), '.2f')} |"
        )
    return "\n".join(rows)
