"""Figures of the initialization page, drawn from nnref.init and nnref.model."""

from __future__ import annotations

from functools import cache

import numpy as np
from matplotlib import rcParams
from matplotlib.figure import Figure

from nnref.data import xor
from nnref.init import initialize
from nnref.model import accuracy, backward, forward, predict, update
from nnref.validation import Params

SYMMETRY_DIMS = (2, 4, 1)
"""The small network whose hidden units are followed during training."""
SYMMETRY_EPOCHS = 600
SYMMETRY_LEARNING_RATE = 3.0

DEPTH = 10
"""Layers of the network whose activations are followed layer by layer."""
WIDTH = 100
"""Units of each of its layers (and inputs)."""
EXAMPLES = 500

LARGE_SCALE = 100.0
"""Scales nnref's "random" weights (standard deviation 0.01) to a standard normal."""

# Method label, how to draw the weights from nnref.init: (method, factor).
METHODS: dict[str, tuple[str, float]] = {
    "random × 0.01": ("random", 1.0),
    "N(0, 1): too large": ("random", LARGE_SCALE),
    "Xavier, Var = 1/n": ("xavier", 1.0),
    "He, Var = 2/n": ("he", 1.0),
}


# --- Zeros and the symmetry problem -------------------------------------------------


@cache
def _symmetry_runs() -> dict[str, tuple[np.ndarray, float]]:
    """Train the small network from zeros and from small random weights.

    Returns, for each method, the history of W1 (epochs + 1, n[1], n_x) and the
    training accuracy at the end. Hidden units are sigmoids so that zero weights
    still move (with tanh or relu, zeros do not move at all; the page shows why).
    """
    X, Y = xor(m=300, seed=0)
    # Keep a third of class 1: with balanced classes the zero-initialized weights
    # would not move at all (the mean output error is zero); this way they do.
    keep = (Y[0] == 0) | (np.arange(Y.shape[1]) % 2 == 0)
    X, Y = X[:, keep], Y[:, keep]
    runs = {}
    for method in ("zeros", "random"):
        params: Params = initialize(list(SYMMETRY_DIMS), method, seed=1)
        history = [params["W1"].copy()]
        for _ in range(SYMMETRY_EPOCHS):
            AL, caches = forward(X, params, hidden="sigmoid", output="sigmoid")
            params = update(params, backward(AL, Y, caches), SYMMETRY_LEARNING_RATE)
            history.append(params["W1"].copy())
        trained = accuracy(predict(X, params, hidden="sigmoid"), Y)
        runs[method] = (np.array(history), trained)
    return runs


def hidden_units_symmetry() -> Figure:
    """Two panels of weight trajectories over the training epochs of a network with
    four sigmoid hidden units on XOR data. Left, started from zeros: the four units'
    weights from the first input move, but along one single line, because every unit
    receives the same gradient. Right, started from small random weights:
    the four lines separate and each unit learns something different."""
    runs = _symmetry_runs()
    figure = Figure(figsize=(7.2, 3.3), layout="constrained")
    left, right = figure.subplots(1, 2, sharey=True)
    epochs = np.arange(SYMMETRY_EPOCHS + 1)
    for axes, method, title in (
        (left, "zeros", 'init "zeros"'),
        (right, "random", 'init "random" (× 0.01)'),
    ):
        history, _ = runs[method]
        for unit in range(SYMMETRY_DIMS[1]):
            axes.plot(
                epochs,
                history[:, unit, 0],
                linestyle=("-", "--", "-.", ":")[unit],
                label=f"unit {unit + 1}",
            )
        spread = np.ptp(history[-1][:, 0])
        axes.set_title(f"{title}\nspread between units at the end: {spread:.3g}", fontsize=10)
        axes.set_xlabel("epoch")
    left.set_ylabel(r"weight from input 1, $W^{[1]}_{j1}$")
    right.legend(loc="best", fontsize=9)
    return figure


def symmetry_outcome() -> str:
    """Training accuracy and the largest difference between hidden units, per init."""
    runs = _symmetry_runs()
    rows = [
        "| initialization | largest difference between two hidden units' weights "
        "| training accuracy |",
        "|---|---:|---:|",
    ]
    for method, (history, trained) in runs.items():
        W1 = history[-1]
        difference = np.abs(W1[:, None, :] - W1[None, :, :]).max()
        rows.append(f'| `"{method}"` | {difference:.3g} | {100 * trained:.1f} % |')
    return "\n".join(rows)


# --- Activations layer by layer -------------------------------------------------------


@cache
def _activations(hidden: str) -> dict[str, list[np.ndarray]]:
    """A[1], ..., A[DEPTH] of a deep network for each method, on standardised inputs."""
    X = np.random.default_rng(0).standard_normal((WIDTH, EXAMPLES))
    layers: dict[str, list[np.ndarray]] = {}
    for label, (method, factor) in METHODS.items():
        params = initialize([WIDTH] * (DEPTH + 1), method, seed=0)
        params = {key: factor * value for key, value in params.items()}
        AL, caches = forward(X, params, hidden=hidden, output=hidden)
        layers[label] = [cache.A_prev for cache in caches[1:]] + [AL]
    return layers


def tanh_activation_histograms() -> Figure:
    """Four panels, one per initialization, each stacking the histograms of the
    activations of the 10 layers of a tanh network (layer 1 at the bottom, layer 10
    at the top) on standard-normal inputs. With weights × 0.01 the histograms
    shrink to a spike at zero within a few layers; with standard-normal weights they
    pile up at −1 and +1, the saturated ends of tanh; with Xavier and with He they
    keep a wide spread in every layer, He's wider and closer to saturation."""
    layers = _activations("tanh")
    figure = Figure(figsize=(8.0, 3.8), layout="constrained")
    panels = figure.subplots(1, len(METHODS), sharey=True)
    bins = np.linspace(-1.0, 1.0, 51)
    centres = (bins[:-1] + bins[1:]) / 2
    colours = rcParams["axes.prop_cycle"].by_key()["color"]
    for axes, (label, activations), colour in zip(panels, layers.items(), colours, strict=False):
        for layer, A in enumerate(activations, start=1):
            counts, _ = np.histogram(A.ravel(), bins=bins)
            # Each layer's histogram scaled to the same height, stacked one above the next.
            height = 0.9 * counts / counts.max()
            axes.fill_between(centres, layer, layer + height, color=colour, alpha=0.55, linewidth=0)
            axes.plot(centres, layer + height, color=colour, linewidth=0.8)
        axes.set_title(label.replace(": ", "\n").replace(", V", "\nV"), fontsize=9)
        axes.set_xticks([-1, 0, 1])
        axes.set_xlabel("$a^{[l]}$")
        axes.grid(axis="x", visible=False)
    panels[0].set_yticks(range(1, DEPTH + 1))
    panels[0].set_ylabel("layer $l$")
    return figure


def activation_spread_by_layer() -> Figure:
    """Two panels, a tanh network and a ReLU network of 10 layers, with the standard
    deviation of each layer's activations on a logarithmic axis for four
    initializations. Weights × 0.01 make it fall by orders of magnitude layer after
    layer. Standard-normal weights saturate tanh near 1 and make ReLU activations
    grow by orders of magnitude. Xavier keeps tanh steady and makes ReLU decay
    slowly; He keeps ReLU steady."""
    figure = Figure(figsize=(7.2, 3.6), layout="constrained")
    panels = figure.subplots(1, 2, sharey=True)
    depth = np.arange(1, DEPTH + 1)
    markers = ("o", "s", "^", "D")
    for axes, hidden in zip(panels, ("tanh", "relu"), strict=True):
        for (label, activations), marker in zip(_activations(hidden).items(), markers, strict=True):
            spread = [float(A.std()) for A in activations]
            axes.plot(depth, spread, marker=marker, markersize=4, label=label)
        axes.set_yscale("log")
        axes.set_title(f"{hidden} hidden layers", fontsize=10)
        axes.set_xlabel("layer $l$")
        axes.set_xticks(depth)
    panels[0].set_ylabel(r"standard deviation of $A^{[l]}$")
    panels[1].legend(loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=9)
    return figure


def saturation_table() -> str:
    """Mean tanh' over the units of the first and last layer, per initialization."""
    rows = [
        "| initialization | std of $A^{[1]}$ | std of $A^{[10]}$ "
        "| mean $g'(Z)$ in layer 1 | mean $g'(Z)$ in layer 10 |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, activations in _activations("tanh").items():
        first, last = activations[0], activations[-1]
        # tanh' = 1 - tanh^2, read from the activations themselves
        rows.append(
            f"| {label} | {first.std():.3g} | {last.std():.3g} | "
            f"{np.mean(1 - first**2):.3g} | {np.mean(1 - last**2):.3g} |"
        )
    return "\n".join(rows)


# --- Exploding and vanishing ----------------------------------------------------------


@cache
def _deep_linear(factor: float, max_depth: int = 30) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Output and first-layer gradient of deep linear networks W[l] = factor · I.

    For L = 2, ..., max_depth layers of 2 units, on the input x = (1, 1): layers 1
    to L − 1 have W = factor · I and the output layer W[L] = I, so ŷ = factor^(L−1) x.
    Returns the depths, the largest entry of ŷ and of dW[1] for the cost
    J = ½‖ŷ − y‖² with y = 0.
    """
    x = np.ones((2, 1))
    target = np.zeros((2, 1))
    depths = np.arange(2, max_depth + 1)
    outputs, gradients = [], []
    for L in depths:
        params: Params = {}
        for layer in range(1, L + 1):
            params[f"W{layer}"] = (factor if layer < L else 1.0) * np.eye(2)
            params[f"b{layer}"] = np.zeros((2, 1))
        AL, caches = forward(x, params, hidden="identity", output="identity")
        grads = backward(AL, target, caches, loss="mean_squared_error")
        outputs.append(float(np.abs(AL).max()))
        gradients.append(float(np.abs(grads["dW1"]).max()))
    return depths, np.array(outputs), np.array(gradients)


def exploding_and_vanishing() -> Figure:
    """On a logarithmic axis against the depth L from 2 to 30: the output of a deep
    linear network whose hidden layers all have W = c I grows like 1.5 to the power
    L − 1 for c = 1.5, and shrinks like 0.5 to the power L − 1 for c = 0.5. The gradient of
    the first layer's weights, computed by nnref's backward pass, changes faster
    still, like 1.5 and 0.5 to the power 2L − 3: the factor is met once on the way
    forward and once more on the way back."""
    figure = Figure(figsize=(6.4, 3.8), layout="constrained")
    axes = figure.subplots()
    colours = rcParams["axes.prop_cycle"].by_key()["color"]
    for factor, colour in ((1.5, colours[5]), (0.5, colours[0])):
        depths, outputs, gradients = _deep_linear(factor)
        axes.plot(
            depths, outputs, "o", color=colour, markersize=4, label=rf"$\hat y$, $c = {factor}$"
        )
        axes.plot(depths, factor ** (depths - 1.0), "-", color=colour, linewidth=1, alpha=0.7)
        axes.plot(
            depths,
            gradients,
            "s",
            color=colour,
            markersize=4,
            markerfacecolor="none",
            label=rf"$dW^{{[1]}}$, $c = {factor}$",
        )
        axes.plot(depths, factor ** (2 * depths - 3.0), ":", color=colour, linewidth=1)
    axes.set_yscale("log")
    axes.set_xlabel("number of layers $L$")
    axes.set_ylabel("size (largest entry)")
    axes.legend(loc="center left", fontsize=9, bbox_to_anchor=(1.0, 0.5))
    axes.text(
        0.02,
        0.97,
        r"markers: nnref; lines: $c^{L-1}$ (solid) and $c^{2L-3}$ (dotted)",
        transform=axes.transAxes,
        va="top",
        fontsize=9,
    )
    return figure


def deep_linear_values() -> str:
    """ŷ and dW[1] at depth 30 for both factors, from nnref, as a Markdown table."""
    rows = [
        "| $W^{[l]}$ | $L$ | largest entry of $\\hat y$ | $1.5^{L-1}$ or $0.5^{L-1}$ "
        "| largest entry of $dW^{[1]}$ |",
        "|---|---:|---:|---:|---:|",
    ]
    for factor in (1.5, 0.5):
        depths, outputs, gradients = _deep_linear(factor)
        L = int(depths[-1])
        rows.append(
            f"| ${factor}\\,I$ | {L} | {outputs[-1]:.4g} | {factor ** (L - 1):.4g} "
            f"| {gradients[-1]:.4g} |"
        )
    return "\n".join(rows)


# --- Input normalization --------------------------------------------------------------


@cache
def _normalization_paths() -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray, float]]:
    """Gradient descent on a linear regression, raw features against standardised ones.

    Returns, per case, the inputs, targets, the path of W1 and the learning rate used.
    """
    rng = np.random.default_rng(3)
    m = 200
    raw = np.vstack([rng.normal(0.0, 1.0, m), rng.normal(0.0, 6.0, m)])
    raw -= raw.mean(axis=1, keepdims=True)  # centred, so the best bias is the mean of y
    Y = np.array([[1.0, 0.25]]) @ raw + 0.3 * rng.standard_normal((1, m))
    Y -= Y.mean()
    standardised = (raw - raw.mean(axis=1, keepdims=True)) / raw.std(axis=1, keepdims=True)
    paths = {}
    for case, X in (("raw features", raw), ("standardised features", standardised)):
        # 1 / (largest eigenvalue of XXᵀ/m): the largest step that overshoots in no direction.
        largest = float(np.linalg.eigvalsh(X @ X.T / m).max())
        learning_rate = 1 / largest
        params: Params = {"W1": np.array([[-1.5, -1.5]]), "b1": np.zeros((1, 1))}
        path = [params["W1"][0].copy()]
        for _ in range(25):
            AL, caches = forward(X, params, hidden="identity", output="identity")
            params = update(
                params, backward(AL, Y, caches, loss="mean_squared_error"), learning_rate
            )
            path.append(params["W1"][0].copy())
        paths[case] = (X, Y, np.array(path), learning_rate)
    return paths


def normalization_contours() -> Figure:
    """Contours of the cost of a linear regression with two features over its two
    weights, and 25 steps of gradient descent from the same start, each with the
    largest learning rate that does not overshoot. With raw features (standard
    deviations 1 and 6) the contours are long narrow ellipses: the first step drops
    into the valley, and the next ones crawl along it, still far from the minimum
    after 25 steps. With standardised features the contours are nearly circles and gradient
    descent reaches the minimum in a couple of steps."""
    figure = Figure(figsize=(7.2, 3.6), layout="constrained")
    panels = figure.subplots(1, 2)
    colours = rcParams["axes.prop_cycle"].by_key()["color"]
    for axes, (case, (X, Y, path, learning_rate)) in zip(
        panels, _normalization_paths().items(), strict=True
    ):
        best = np.linalg.lstsq(X.T, Y.T, rcond=None)[0].ravel()
        w1, w2 = np.meshgrid(
            np.linspace(min(-2.0, best[0] - 2.5), max(2.5, best[0] + 1.5), 120),
            np.linspace(min(-2.0, best[1] - 2.5), max(2.5, best[1] + 1.5), 120),
        )
        weights = np.stack([w1.ravel(), w2.ravel()])
        # J(w) = 1/(2m) Σ (w·x − y)², for every grid point at once
        residuals = weights.T @ X - Y
        cost = (residuals**2).sum(axis=1).reshape(w1.shape) / (2 * X.shape[1])
        levels = np.quantile(cost, np.linspace(0.0, 0.9, 12) ** 2)
        axes.contour(w1, w2, cost, levels=np.unique(levels), colors=colours[4], linewidths=0.8)
        axes.plot(path[:, 0], path[:, 1], "-o", color=colours[5], markersize=3, linewidth=1.2)
        axes.plot(*best, "*", color=colours[2], markersize=12)
        axes.set_title(f"{case}\nlearning rate {learning_rate:.3g}", fontsize=10)
        axes.set_xlabel("$w_1$")
        axes.set_ylabel("$w_2$")
        axes.set_aspect("equal", adjustable="datalim")
    return figure
