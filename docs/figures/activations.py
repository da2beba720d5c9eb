"""Figures of the activation functions, drawn from nnref.activations."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import numpy as np
from matplotlib import rcParams
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from nnref import data, model
from nnref.activations import (
    leaky_relu,
    leaky_relu_grad,
    relu,
    relu_grad,
    sigmoid,
    sigmoid_grad,
    tanh,
    tanh_grad,
)


def sigmoid_and_derivative() -> Figure:
    """The sigmoid σ(z) rising from 0 to 1 across z from −8 to 8, and its derivative
    σ'(z) = σ(z)(1 − σ(z)), a bump that peaks at 0.25 at z = 0 and vanishes in both tails."""
    z = np.linspace(-8.0, 8.0, 401).reshape(1, -1)
    figure = Figure()
    axes = figure.subplots()
    axes.plot(z.ravel(), sigmoid(z).ravel(), label=r"$\sigma(z)$")
    axes.plot(z.ravel(), sigmoid_grad(z).ravel(), label=r"$\sigma'(z) = \sigma(z)(1-\sigma(z))$")
    peak = sigmoid_grad(np.zeros((1, 1))).item()
    axes.annotate(
        f"maximum {peak:.2f} at z = 0",
        xy=(0.0, peak),
        xytext=(2.0, 0.45),
        arrowprops={"arrowstyle": "->", "color": rcParams["text.color"]},
    )
    axes.axhline(0.0, linewidth=0.8, color="#888888")
    axes.set_xlabel("z")
    axes.set_ylim(-0.05, 1.05)
    axes.legend(loc="upper left")
    return figure


def sigmoid_saturation_table() -> str:
    """σ and σ' at a few points, computed by nnref, as a Markdown table."""
    points = np.array([[-1000.0, -10.0, -2.0, 0.0, 2.0, 10.0, 1000.0]])
    values = sigmoid(points).ravel()
    slopes = sigmoid_grad(points).ravel()
    rows = ["| $z$ | $\\sigma(z)$ | $\\sigma'(z)$ |", "|---:|---:|---:|"]
    for z, value, slope in zip(points.ravel(), values, slopes, strict=True):
        rows.append(f"| {z:g} | {value:.6g} | {slope:.6g} |")
    return "\n".join(rows)


# Leaky ReLU is drawn with a negative slope of 0.1, ten times nnref's default of 0.01,
# so that its left half can be told apart from ReLU's on a plot.
_LEAKY_ALPHA = 0.1


def _activation_curves(z: np.ndarray) -> list[tuple[str, str, np.ndarray, np.ndarray]]:
    """(label, line style, g(z), g'(z)) for each activation, computed by nnref."""
    return [
        ("sigmoid", "solid", sigmoid(z), sigmoid_grad(z)),
        ("tanh", "solid", tanh(z), tanh_grad(z)),
        ("ReLU", "solid", relu(z), relu_grad(z)),
        # Dashed: for z > 0 it lies exactly on ReLU.
        (
            f"leaky ReLU (α = {_LEAKY_ALPHA:g})",
            "dashed",
            leaky_relu(z, _LEAKY_ALPHA),
            leaky_relu_grad(z, _LEAKY_ALPHA),
        ),
    ]


def activation_family() -> Figure:
    """Four activation functions on z from −4 to 4: the sigmoid rising from 0 to 1,
    tanh rising from −1 to 1 through the origin, ReLU flat at 0 for negative z and
    equal to z for positive z, and leaky ReLU, which has a small negative slope (0.1
    here) instead of the flat part."""
    z = np.linspace(-4.0, 4.0, 401).reshape(1, -1)
    figure = Figure()
    axes = figure.subplots()
    for label, style, values, _ in _activation_curves(z):
        axes.plot(z.ravel(), values.ravel(), linestyle=style, label=label)
    axes.axhline(0.0, linewidth=0.8, color="#888888")
    axes.axvline(0.0, linewidth=0.8, color="#888888")
    axes.set_xlabel("z")
    axes.set_ylabel("g(z)")
    axes.set_ylim(-1.5, 4.1)
    axes.legend(loc="upper left")
    return figure


def activation_derivatives() -> Figure:
    """The derivatives of the four activations on z from −6 to 6, with the regions
    where |z| > 3 shaded. The sigmoid's derivative is a low bump of height 0.25 and
    tanh's a bump of height 1; both fall close to 0 in the shaded tails, where the
    units saturate. ReLU's derivative is a step from 0 to 1 at z = 0, and leaky
    ReLU's a step from 0.1 to 1: neither falls off for large positive z."""
    z = np.linspace(-6.0, 6.0, 601).reshape(1, -1)
    figure = Figure(figsize=(7.6, 3.6))
    axes = figure.subplots()
    for side in (-1, 1):
        axes.axvspan(3.0 * side, 6.0 * side, color="#888888", alpha=0.15, linewidth=0)
    for label, style, _, slopes in _activation_curves(z):
        # A step is drawn as a step: no slanted segment across the jump at z = 0.
        axes.step(z.ravel(), slopes.ravel(), where="post", linestyle=style, label=f"{label}′")
    for side in (-1, 1):
        axes.text(4.5 * side, 0.6, "sigmoid and tanh\nsaturate", ha="center")
    axes.set_xlabel("z")
    axes.set_ylabel("g′(z)")
    axes.set_ylim(-0.05, 1.15)
    axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
    return figure


def derivative_table() -> str:
    """The four derivatives at a few points, computed by nnref, as a Markdown table."""
    points = np.array([[-6.0, -2.0, 0.0, 2.0, 6.0]])
    header = " | ".join(f"$z = {z:g}$" for z in points.ravel())
    rows = [f"| $g$ | {header} |", "|---|" + "---:|" * points.size]
    for label, _, _, slopes in _activation_curves(points):
        cells = " | ".join(_latex_number(slope) for slope in slopes.ravel())
        rows.append(f"| {label} | {cells} |")
    return "\n".join(rows)


def tanh_as_sigmoid() -> str:
    """The largest gap between tanh(z) and 2σ(2z) − 1 over a grid, by nnref."""
    z = np.linspace(-20.0, 20.0, 4001).reshape(1, -1)
    gap = np.max(np.abs(tanh(z) - (2 * sigmoid(2 * z) - 1)))
    return (
        f"Over {z.size} points from $z = {z.min():g}$ to ${z.max():g}$, the largest gap "
        f"between `tanh(z)` and `2 * sigmoid(2 * z) - 1` computed by `nnref` is "
        f"{_latex_number(gap)}: rounding error, nothing more."
    )


def _latex_number(value: float) -> str:
    """A number for a page: plain when it reads well, else $m \\times 10^{e}$."""
    if value == 0 or 1e-3 <= abs(value) < 1e4:
        return f"{value:.4g}"
    mantissa, exponent = f"{value:.1e}".split("e")
    return f"${mantissa} \\times 10^{{{int(exponent)}}}$"


# The same architecture twice; only the hidden activation differs.
_MOONS_LAYER_DIMS = [2, 8, 8, 8, 1]
_MOONS_HIDDEN = {"deep linear network": "identity", "ReLU network": "relu"}


@cache
def _moons_networks() -> dict[str, tuple[str, dict[str, np.ndarray], float]]:
    """Train both networks on the moons once per build: name -> (hidden, params, accuracy)."""
    X, Y = _moons()
    trained = {}
    for name, hidden in _MOONS_HIDDEN.items():
        result = model.train(
            X,
            Y,
            _MOONS_LAYER_DIMS,
            hidden=hidden,
            init="xavier" if hidden == "identity" else "he",
            learning_rate=0.3,
            epochs=2000,
            seed=1,
            record_every=2000,
        )
        accuracy = model.accuracy(model.predict(X, result.params, hidden=hidden), Y)
        trained[name] = (hidden, result.params, accuracy)
    return trained


def _moons() -> tuple[np.ndarray, np.ndarray]:
    return data.moons(m=240, noise=0.15, seed=0)


def moons_linear_vs_relu() -> Figure:
    """Two panels of the same two interleaving half-moons of points, coloured by class,
    with the decision regions of a network trained on them. Left: a deep network whose
    hidden layers have no activation (identity); its boundary is a single straight
    line that cuts through both moons. Right: the same network with ReLU hidden
    layers; its boundary bends around the moons and separates them."""
    X, Y = _moons()
    figure = Figure(figsize=(9.0, 3.8))
    panels = figure.subplots(1, 2, sharey=True)
    for axes, (name, (hidden, params, accuracy)) in zip(
        panels, _moons_networks().items(), strict=True
    ):
        _decision_regions(axes, X, Y, lambda grid, p=params, h=hidden: model.forward(grid, p, h)[0])
        axes.set_title(f"{name}: {accuracy:.0%} of points right", fontsize=11)
        axes.set_xlabel("$x_1$")
    panels[0].set_ylabel("$x_2$")
    return figure


def moons_accuracies() -> str:
    """The training accuracy of both networks on the moons, as a Markdown table."""
    dims = ", ".join(map(str, _MOONS_LAYER_DIMS))
    rows = [
        "| Network | Hidden activation | Layer sizes | Training accuracy |",
        "|---|---|---|---:|",
    ]
    for name, (hidden, _, accuracy) in _moons_networks().items():
        rows.append(f"| {name} | `{hidden}` | [{dims}] | {accuracy:.1%} |")
    return "\n".join(rows)


def _decision_regions(
    axes: Axes, X: np.ndarray, Y: np.ndarray, probability: Callable[[np.ndarray], np.ndarray]
) -> None:
    """Shade where the network says class 1 (p > 0.5), draw the boundary, plot the points."""
    margin = 0.5
    first = np.linspace(X[0].min() - margin, X[0].max() + margin, 200)
    second = np.linspace(X[1].min() - margin, X[1].max() + margin, 200)
    grid_first, grid_second = np.meshgrid(first, second)
    grid = np.vstack([grid_first.ravel(), grid_second.ravel()])
    p = probability(grid).reshape(grid_first.shape)
    axes.contourf(
        grid_first,
        grid_second,
        p,
        levels=[0.0, 0.5, 1.0],
        colors=["#0072B2", "#E69F00"],
        alpha=0.18,
    )
    axes.contour(
        grid_first, grid_second, p, levels=[0.5], colors=[rcParams["text.color"]], linewidths=1.5
    )
    for label, marker, colour in ((0, "o", "#0072B2"), (1, "^", "#E69F00")):
        members = Y[0] == label
        axes.scatter(
            X[0, members], X[1, members], s=14, marker=marker, color=colour, label=f"class {label}"
        )
    axes.grid(False)
