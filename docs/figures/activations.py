"""Figures of the activation functions, drawn from nnref.activations."""

from __future__ import annotations

import numpy as np
from matplotlib import rcParams
from matplotlib.figure import Figure

from nnref.activations import sigmoid, sigmoid_grad


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
