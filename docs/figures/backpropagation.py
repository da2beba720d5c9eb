"""Backpropagation measured on nnref: the shapes of every quantity, and gradient norms by layer."""

from __future__ import annotations

from functools import cache

import numpy as np
from matplotlib.figure import Figure

from nnref import data, gradcheck, init, model
from nnref.activations import get_activation

# A small network whose sizes are all different, so that no shape can be mistaken
# for another: n_x = 4 inputs, hidden layers of 5 and 3 units, one output, m = 7.
_LAYER_DIMS = [4, 5, 3, 1]
_M = 7


@cache
def _small_network() -> dict[str, np.ndarray]:
    """One forward and one backward pass of nnref on the small network, step by step.

    The backward pass is run layer by layer with nnref's own building blocks so that
    dZ and dA, which `model.backward` does not return, can be shown too; its dW and db
    are checked against `model.backward` on the same caches.
    """
    rng = np.random.default_rng(0)
    X = rng.standard_normal((_LAYER_DIMS[0], _M))
    Y = (rng.random((1, _M)) > 0.5).astype(float)
    params = init.initialize(_LAYER_DIMS, "he", seed=0)
    AL, caches = model.forward(X, params, hidden="relu", output="sigmoid")
    quantities: dict[str, np.ndarray] = {"X": X, "Y": Y}
    for layer, cache_ in enumerate(caches, start=1):
        quantities[f"W{layer}"] = cache_.W
        quantities[f"b{layer}"] = cache_.b
        quantities[f"Z{layer}"] = cache_.Z
        quantities[f"A{layer}"] = get_activation(cache_.activation).function(cache_.Z)
    L = len(caches)
    dZ = AL - Y  # sigmoid output with cross-entropy
    for layer in range(L, 0, -1):
        if layer < L:
            g = get_activation(caches[layer - 1].activation)
            assert g.grad is not None
            dZ = quantities[f"dA{layer}"] * g.grad(caches[layer - 1].Z)
        quantities[f"dZ{layer}"] = dZ
        dA_prev, quantities[f"dW{layer}"], quantities[f"db{layer}"] = model.linear_backward(
            dZ, caches[layer - 1]
        )
        if layer > 1:
            quantities[f"dA{layer - 1}"] = dA_prev
    grads = model.backward(AL, Y, caches)
    for key, value in grads.items():
        np.testing.assert_allclose(quantities[key], value, rtol=1e-12, atol=0)
    return quantities


def _shape_symbol(key: str) -> str:
    """The shape the notation gives ``key``, e.g. ``(n^{[1]}, m)`` for Z1."""
    name = key.rstrip("0123456789")
    if name in {"X", "Y"}:
        return "(n_x, m)" if name == "X" else "(n_y, m)"
    layer = int(key[len(name) :])
    rows = f"n^{{[{layer}]}}"
    previous = "n_x" if layer == 1 else f"n^{{[{layer - 1}]}}"
    return {
        "W": f"({rows}, {previous})",
        "dW": f"({rows}, {previous})",
        "b": f"({rows}, 1)",
        "db": f"({rows}, 1)",
    }.get(name, f"({rows}, m)")


_MEANING = {
    "X": "inputs $A^{[0]}$",
    "Y": "labels",
    "W": "weights",
    "b": "biases",
    "Z": "pre-activations",
    "A": "activations",
    "dZ": "gradient with respect to $Z$",
    "dA": "gradient with respect to $A$",
    "dW": "gradient with respect to $W$",
    "db": "gradient with respect to $b$",
}


def shapes_table() -> str:
    """Every quantity of a forward and a backward pass with its shape, as a Markdown table.

    The shapes in the last column are those of the arrays nnref computed while the
    page was built; the symbolic shapes come from the notation.
    """
    quantities = _small_network()
    order = ["X", "Y"]
    L = len(_LAYER_DIMS) - 1
    order += [f"{kind}{layer}" for layer in range(1, L + 1) for kind in ("W", "b", "Z", "A")]
    order += [
        f"{kind}{layer}"
        for layer in range(L, 0, -1)
        for kind in ("dA", "dZ", "dW", "db")
        if f"{kind}{layer}" in quantities
    ]
    rows = [
        "| Quantity | What it is | Shape in the notation | Shape computed by `nnref` |",
        "|---|---|---|---|",
    ]
    for key in order:
        name = key.rstrip("0123456789")
        layer = key[len(name) :]
        symbol = f"{name}^{{[{layer}]}}" if layer else name
        rows.append(
            f"| ${symbol}$ | {_MEANING[name]} | ${_shape_symbol(key)}$ | "
            f"`{quantities[key].shape}` |"
        )
    return "\n".join(rows)


def network_sizes() -> str:
    """The sizes of the small network, in words."""
    hidden = " and ".join(str(n) for n in _LAYER_DIMS[1:-1])
    return (
        f"$n_x = {_LAYER_DIMS[0]}$ inputs, hidden layers of {hidden} ReLU units, "
        f"$n^{{[{len(_LAYER_DIMS) - 1}]}} = {_LAYER_DIMS[-1]}$ sigmoid output and "
        f"$m = {_M}$ examples (`layer_dims = {_LAYER_DIMS}`)"
    )


def small_network_gradient_check() -> str:
    """The relative error of nnref's backward pass on the small network, as a sentence."""
    quantities = _small_network()
    L = len(_LAYER_DIMS) - 1
    params = {
        key: quantities[key] for layer in range(1, L + 1) for key in (f"W{layer}", f"b{layer}")
    }
    check = gradcheck.check_backward(quantities["X"], quantities["Y"], params, hidden="relu")
    return (
        f"A two-sided finite-difference check of these gradients "
        f"(`nnref.gradcheck.check_backward`) gives a relative error of "
        f"{_latex_number(check.relative_error)}: **{check.verdict}**."
    )


def _latex_number(value: float) -> str:
    """Three significant digits, in powers of ten when very small or very large."""
    if 1e-2 <= abs(value) < 1e4:
        return f"{value:.3g}"
    mantissa, exponent = f"{value:.2e}".split("e")
    return f"${mantissa} \\times 10^{{{int(exponent)}}}$"


# A deep, narrow network on real data: 30 breast-cancer features, eight hidden
# layers of 16 units, one sigmoid output.
_DEEP_DIMS = [30] + [16] * 8 + [1]
_DEEP_HIDDEN = {"sigmoid": "xavier", "tanh": "xavier", "relu": "he"}


@cache
def _gradient_norms() -> dict[str, np.ndarray]:
    """‖dW[l]‖ for each layer at initialization, averaged over a few seeds, by activation."""
    split = data.breast_cancer(seed=0)
    norms = {}
    for hidden, method in _DEEP_HIDDEN.items():
        per_seed = []
        for seed in range(5):
            params = init.initialize(_DEEP_DIMS, method, seed=seed)
            AL, caches = model.forward(split.X_train, params, hidden=hidden)
            grads = model.backward(AL, split.Y_train, caches)
            per_seed.append(
                [np.linalg.norm(grads[f"dW{layer}"]) for layer in range(1, len(_DEEP_DIMS))]
            )
        norms[hidden] = np.mean(per_seed, axis=0)
    return norms


def gradient_norms_by_layer() -> Figure:
    """The size of the gradient ‖dW[l]‖ of each layer of a deep network (eight hidden
    layers of 16 units and a sigmoid output) at initialization on the breast-cancer
    data, on a logarithmic scale, for sigmoid, tanh and ReLU hidden layers. With
    sigmoid hidden layers the gradient shrinks steadily from the output back to the
    first layer, by orders of magnitude; with tanh and ReLU it stays of the same order
    in every layer."""
    norms = _gradient_norms()
    layers = np.arange(1, len(_DEEP_DIMS))
    figure = Figure()
    axes = figure.subplots()
    for (hidden, method), marker in zip(_DEEP_HIDDEN.items(), "osD", strict=True):
        axes.semilogy(
            layers, norms[hidden], marker=marker, label=f"{hidden} hidden ({method} init)"
        )
    axes.set_xticks(layers)
    axes.set_xlabel("layer l (1 = first hidden layer, 9 = output)")
    axes.set_ylabel("‖dW[l]‖ (Frobenius norm)")
    axes.legend(loc="lower right")
    return figure


def gradient_norm_ratios() -> str:
    """How much smaller the first layer's gradient is than the last's, by activation."""
    norms = _gradient_norms()
    rows = [
        "| Hidden activation | $\\lVert dW^{[1]} \\rVert$ | "
        f"$\\lVert dW^{{[{len(_DEEP_DIMS) - 1}]}} \\rVert$ | ratio last / first |",
        "|---|---:|---:|---:|",
    ]
    for hidden, values in norms.items():
        rows.append(
            f"| {hidden} | {_latex_number(values[0])} | {_latex_number(values[-1])} | "
            f"{_latex_number(values[-1] / values[0])} |"
        )
    return "\n".join(rows)
