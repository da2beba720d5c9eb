r"""Gradient checking: compare analytic gradients with two-sided finite differences.

For every entry $\theta$ of every parameter, with all other entries fixed,

$$\frac{\partial J}{\partial \theta} \approx
\frac{J(\theta + \varepsilon) - J(\theta - \varepsilon)}{2 \varepsilon},$$

whose error is $O(\varepsilon^2)$ (a one-sided difference would be $O(\varepsilon)$).
The analytic gradient $g$ and the numerical one $g_{\text{num}}$, all entries stacked
in one vector, are compared by the relative error

$$\frac{\lVert g - g_{\text{num}} \rVert_2}{\lVert g \rVert_2 + \lVert g_{\text{num}} \rVert_2}.$$

With $\varepsilon = 10^{-7}$ in float64, read it as: below $10^{-7}$ **great**, below
$10^{-5}$ **fine**, up to $10^{-3}$ **suspicious** (look closer, a kink of relu or
of the absolute value can do this), above $10^{-3}$ **likely a bug**.

Everything here works in float64, whatever the dtype of the params: in float32 a
step of $10^{-7}$ is lost in rounding.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from nnref import model
from nnref.validation import (
    FloatArray,
    Params,
    as_matrix,
    check_params,
    check_positive,
    raise_float_errors,
)

__all__ = [
    "FINE",
    "GREAT",
    "LIKELY_BUG",
    "CostFunction",
    "GradientCheck",
    "check_backward",
    "gradient_check",
    "numerical_gradients",
    "relative_error",
    "verdict",
]

GREAT = 1e-7
"""Below this relative error the gradients agree to rounding."""
FINE = 1e-5
"""Below this, fine for most purposes."""
LIKELY_BUG = 1e-3
"""Above this, the analytic gradient is very likely wrong."""

CostFunction = Callable[[Params], float]
"""A function of a params dict returning the cost $J$ as a float."""


def verdict(error: float) -> str:
    """How to read a relative error: ``"great"``, ``"fine"``, ``"suspicious"`` or
    ``"likely a bug"`` (thresholds `GREAT`, `FINE`, `LIKELY_BUG`)."""
    if error < GREAT:
        return "great"
    if error < FINE:
        return "fine"
    if error <= LIKELY_BUG:
        return "suspicious"
    return "likely a bug"


def relative_error(g: npt.ArrayLike, g_num: npt.ArrayLike) -> float:
    r"""The relative error between two gradients, as in the course.

    $$\frac{\lVert g - g_{\text{num}} \rVert_2}
    {\lVert g \rVert_2 + \lVert g_{\text{num}} \rVert_2}$$

    Parameters
    ----------
    g, g_num : array_like of the same shape, rank 2
        Analytic and numerical gradients.

    Returns
    -------
    float
        In $[0, 1]$; 0.0 when both are zero.
    """
    g = as_matrix(g, "g")
    g_num = as_matrix(g_num, "g_num")
    if g.shape != g_num.shape:
        raise ValueError(f"g and g_num must have the same shape; got {g.shape} and {g_num.shape}")
    return _relative_error(g.ravel(), g_num.ravel())


def _relative_error(g: FloatArray, g_num: FloatArray) -> float:
    scale = float(np.linalg.norm(g) + np.linalg.norm(g_num))
    return 0.0 if scale == 0 else float(np.linalg.norm(g - g_num)) / scale


def _as_float64_params(params: object) -> Params:
    if not isinstance(params, Mapping) or not params:
        raise TypeError(f"params must be a non-empty dict of arrays; got {params!r}")
    return {
        str(key): as_matrix(value, f"params[{key!r}]").astype(np.float64)
        for key, value in params.items()
    }


@raise_float_errors
def numerical_gradients(
    cost_fn: CostFunction, params: Mapping[str, npt.ArrayLike], epsilon: float = 1e-7
) -> Params:
    r"""The gradient of ``cost_fn`` at ``params`` by two-sided differences.

    Costs $2N$ calls of ``cost_fn`` for $N$ entries in all: for small networks only.

    Parameters
    ----------
    cost_fn : callable
        ``cost_fn(params) -> J``. It receives float64 copies of the params, one entry
        nudged by $\pm\varepsilon$.
    params : dict of str to array_like
        Any dict of rank-2 arrays, e.g. ``{"W1", "b1", ...}``.
    epsilon : float, default 1e-7
        The step $\varepsilon > 0$.

    Returns
    -------
    dict of str to ndarray
        ``{"d" + key: ...}``, each float64 of the shape of ``params[key]``.
    """
    epsilon = check_positive(epsilon, "epsilon")
    nudged = _as_float64_params(params)
    gradients: Params = {}
    for key, value in nudged.items():
        gradient = np.zeros_like(value)
        for index in np.ndindex(value.shape):
            original = value[index]
            value[index] = original + epsilon
            plus = _call(cost_fn, nudged)
            value[index] = original - epsilon
            minus = _call(cost_fn, nudged)
            value[index] = original
            gradient[index] = (plus - minus) / (2 * epsilon)
        gradients[f"d{key}"] = gradient
    return gradients


def _call(cost_fn: CostFunction, params: Params) -> float:
    value = cost_fn(params)
    if not isinstance(value, int | float | np.floating) or not np.isfinite(value):
        raise ValueError(f"cost_fn must return a finite float; got {value!r}")
    return float(value)


@dataclass(frozen=True)
class GradientCheck:
    """The outcome of `gradient_check`."""

    relative_error: float
    """Over all parameters, entries stacked in one vector."""
    per_parameter: dict[str, float]
    """The relative error of each parameter alone, by parameter name (``"W1"``...)."""
    numerical: Params
    """The numerical gradients ``{"dW1", ...}``."""

    @property
    def verdict(self) -> str:
        """`verdict` of the overall relative error."""
        return verdict(self.relative_error)


@raise_float_errors
def gradient_check(
    params: Mapping[str, npt.ArrayLike],
    grads: Mapping[str, npt.ArrayLike],
    cost_fn: CostFunction,
    epsilon: float = 1e-7,
) -> GradientCheck:
    """Compare analytic gradients with two-sided differences of ``cost_fn``.

    Parameters
    ----------
    params : dict of str to array_like
        Where to check, e.g. ``{"W1", "b1", ...}``.
    grads : dict of str to array_like
        The analytic gradients to check, ``{"d" + key: ...}`` for every key of
        ``params``, of the same shapes.
    cost_fn : callable
        ``cost_fn(params) -> J``, the cost that ``grads`` claim to differentiate.
    epsilon : float, default 1e-7
        The step of the finite differences.

    Returns
    -------
    GradientCheck
        Relative error overall and per parameter, and the numerical gradients.
    """
    analytic = _as_float64_params(grads)
    expected = [f"d{key}" for key in params]
    if set(analytic) != set(expected):
        raise ValueError(f"grads must have exactly the keys {expected}; got {list(analytic)}")
    numerical = numerical_gradients(cost_fn, params, epsilon)
    for key in expected:
        if analytic[key].shape != numerical[key].shape:
            raise ValueError(
                f"grads[{key!r}] must have the shape of its parameter, "
                f"{numerical[key].shape}; got {analytic[key].shape}"
            )
    per_parameter = {
        key[1:]: _relative_error(analytic[key].ravel(), numerical[key].ravel()) for key in expected
    }
    overall = _relative_error(
        np.concatenate([analytic[key].ravel() for key in expected]),
        np.concatenate([numerical[key].ravel() for key in expected]),
    )
    return GradientCheck(overall, per_parameter, numerical)


@raise_float_errors
def check_backward(
    X: npt.ArrayLike,
    Y: npt.ArrayLike,
    params: Params,
    *,
    hidden: str = "relu",
    output: str = "sigmoid",
    loss: str = "binary_cross_entropy",
    epsilon: float = 1e-7,
) -> GradientCheck:
    """Check `nnref.model.backward` against finite differences of the cost.

    ``X``, ``Y`` and ``params`` are converted to float64 first.

    Parameters
    ----------
    X : array_like of shape (n_x, m)
        Inputs.
    Y : array_like of shape (n[L], m)
        Targets.
    params : dict of str to ndarray
        ``W1, b1, ..., WL, bL``.
    hidden, output : str
        Activations, as for `nnref.model.forward`.
    loss : str, default "binary_cross_entropy"
        As for `nnref.model.backward`.
    epsilon : float, default 1e-7
        The step of the finite differences.

    Returns
    -------
    GradientCheck
        The comparison of ``backward``'s gradients with the numerical ones.
    """
    X = as_matrix(X, "X").astype(np.float64)
    Y = as_matrix(Y, "Y").astype(np.float64)
    params = {key: value.astype(np.float64) for key, value in check_params(params).items()}
    AL, caches = model.forward(X, params, hidden, output)
    grads = model.backward(AL, Y, caches, loss)

    def cost_fn(nudged: Params) -> float:
        return model.cost(model.forward(X, nudged, hidden, output)[0], Y, loss)

    return gradient_check(params, grads, cost_fn, epsilon)
