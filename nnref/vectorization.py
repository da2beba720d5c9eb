r"""What vectorization buys: logistic regression with loops, and without.

The loop versions walk over the $m$ examples and, inside each, over the $n_x$
features, the way the formulas are written one example at a time:

$$z^{(i)} = b + \sum_{j=1}^{n_x} w_j x_j^{(i)}, \quad a^{(i)} = \sigma\big(z^{(i)}\big),
\quad dw_j \mathrel{+}= x_j^{(i)} \big(a^{(i)} - y^{(i)}\big), \quad
db \mathrel{+}= a^{(i)} - y^{(i)},$$

then divide the sums by $m$. The vectorized versions do the same for all examples
at once with matrix products, reusing `nnref.model`:

$$A = \sigma(W X + b), \quad dW = \tfrac1m (A - Y) X^\top, \quad
db = \tfrac1m \textstyle\sum_i \big(a^{(i)} - y^{(i)}\big).$$

The loops are kept only to show (and test) that both give the same numbers, and to
time them: they are a reference for understanding, never used for training. They
live in their own module, not in `nnref.logistic`, because vectorization is a
lesson of its own and the loops must not be mistaken for the model's code.

Shapes follow the network convention: $W$ of shape `(1, n_x)`, $b$ of shape `(1, 1)`.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from nnref import losses
from nnref.model import layer_forward, linear_backward
from nnref.validation import FloatArray, as_matrix, raise_float_errors

__all__ = [
    "LogisticGradients",
    "logistic_forward_loop",
    "logistic_forward_vectorized",
    "logistic_gradients_loop",
    "logistic_gradients_vectorized",
]


class LogisticGradients(NamedTuple):
    """The cost of logistic regression and its gradients."""

    cost: float
    """$J$, the binary cross-entropy averaged over the examples."""
    dW: FloatArray
    r"""$\partial J / \partial W$, of shape `(1, n_x)`."""
    db: FloatArray
    r"""$\partial J / \partial b$, of shape `(1, 1)`."""


def _check(
    X: npt.ArrayLike, W: npt.ArrayLike, b: npt.ArrayLike
) -> tuple[FloatArray, FloatArray, FloatArray]:
    X = as_matrix(X, "X")
    W = as_matrix(W, "W")
    b = as_matrix(b, "b")
    if W.shape != (1, X.shape[0]) or b.shape != (1, 1):
        raise ValueError(
            f"logistic regression needs W of shape (1, n_x) = (1, {X.shape[0]}) and b of "
            f"shape (1, 1); got W of shape {W.shape} and b of shape {b.shape}"
        )
    return X, W, b


def _check_labels(Y: npt.ArrayLike, m: int) -> FloatArray:
    Y = as_matrix(Y, "Y")
    if Y.shape != (1, m):
        raise ValueError(
            f"Y must have shape (1, m) = (1, {m}), one label per column of X; got {Y.shape}"
        )
    if Y.min() < 0 or Y.max() > 1:
        raise ValueError(
            f"Y must hold labels in [0, 1]; got values from {Y.min():g} to {Y.max():g}"
        )
    return Y


def _sigmoid(z: float) -> float:
    # One scalar at a time, stable like nnref.activations.sigmoid: exp never sees z > 0.
    if z >= 0:
        return 1 / (1 + math.exp(-z))
    return math.exp(z) / (1 + math.exp(z))


def _activation_of_example(X: list[list[float]], W: list[float], b: float, i: int) -> float:
    z = b
    for j in range(len(W)):
        z += W[j] * X[j][i]
    return _sigmoid(z)


@raise_float_errors
def logistic_forward_loop(X: npt.ArrayLike, W: npt.ArrayLike, b: npt.ArrayLike) -> FloatArray:
    r"""$a^{(i)} = \sigma\big(b + \sum_j w_j x_j^{(i)}\big)$, one example and one feature at a time.

    Parameters
    ----------
    X : array_like of shape (n_x, m)
        Inputs.
    W : array_like of shape (1, n_x)
        Weights.
    b : array_like of shape (1, 1)
        Bias.

    Returns
    -------
    ndarray of shape (1, m)
        The activations, in the dtype of ``X`` (computed in Python floats).
    """
    X, W, b = _check(X, W, b)
    rows, weights, bias = X.tolist(), W[0].tolist(), float(b[0, 0])
    A = [_activation_of_example(rows, weights, bias, i) for i in range(X.shape[1])]
    return np.array([A], dtype=X.dtype)


@raise_float_errors
def logistic_forward_vectorized(X: npt.ArrayLike, W: npt.ArrayLike, b: npt.ArrayLike) -> FloatArray:
    r"""$A = \sigma(W X + b)$ for all examples at once.

    Parameters
    ----------
    X : array_like of shape (n_x, m)
        Inputs.
    W : array_like of shape (1, n_x)
        Weights.
    b : array_like of shape (1, 1)
        Bias.

    Returns
    -------
    ndarray of shape (1, m)
        The activations.
    """
    X, W, b = _check(X, W, b)
    return layer_forward(X, W, b, "sigmoid")[0]


@raise_float_errors
def logistic_gradients_loop(
    X: npt.ArrayLike, Y: npt.ArrayLike, W: npt.ArrayLike, b: npt.ArrayLike
) -> LogisticGradients:
    r"""Cost and gradients of logistic regression with explicit loops.

    For each example $i$: $a^{(i)}$, its loss
    $-\big[y^{(i)} \log a^{(i)} + (1 - y^{(i)}) \log(1 - a^{(i)})\big]$ (with $a$
    clipped to $[\varepsilon, 1 - \varepsilon]$ as in
    `nnref.losses.binary_cross_entropy`), then $dz^{(i)} = a^{(i)} - y^{(i)}$
    added into $dw_j$ (times $x_j^{(i)}$, for each feature $j$) and $db$. Sums are
    divided by $m$ at the end.

    Parameters
    ----------
    X : array_like of shape (n_x, m)
        Inputs.
    Y : array_like of shape (1, m)
        Labels in $[0, 1]$.
    W : array_like of shape (1, n_x)
        Weights.
    b : array_like of shape (1, 1)
        Bias.

    Returns
    -------
    LogisticGradients
        ``(cost, dW of shape (1, n_x), db of shape (1, 1))``, arrays in ``X``'s dtype.
    """
    X, W, b = _check(X, W, b)
    Y = _check_labels(Y, X.shape[1])
    rows, weights, bias, labels = X.tolist(), W[0].tolist(), float(b[0, 0]), Y[0].tolist()
    n_x, m = X.shape
    eps = float(np.finfo(np.float64).eps)
    total_loss, dw, db = 0.0, [0.0] * n_x, 0.0
    for i in range(m):
        a = _activation_of_example(rows, weights, bias, i)
        y = labels[i]
        clipped = min(max(a, eps), 1 - eps)
        total_loss -= y * math.log(clipped) + (1 - y) * math.log1p(-clipped)
        dz = a - y
        for j in range(n_x):
            dw[j] += rows[j][i] * dz
        db += dz
    return LogisticGradients(
        total_loss / m,
        np.array([dw], dtype=X.dtype) / m,
        np.array([[db]], dtype=X.dtype) / m,
    )


@raise_float_errors
def logistic_gradients_vectorized(
    X: npt.ArrayLike, Y: npt.ArrayLike, W: npt.ArrayLike, b: npt.ArrayLike
) -> LogisticGradients:
    r"""Cost and gradients of logistic regression with matrix operations.

    $A = \sigma(WX + b)$, $J$ from `nnref.losses.binary_cross_entropy`, and
    $dW = \frac1m (A - Y) X^\top$, $db = \frac1m \sum_i (a^{(i)} - y^{(i)})$ from
    `nnref.model.linear_backward`.

    Parameters
    ----------
    X : array_like of shape (n_x, m)
        Inputs.
    Y : array_like of shape (1, m)
        Labels in $[0, 1]$.
    W : array_like of shape (1, n_x)
        Weights.
    b : array_like of shape (1, 1)
        Bias.

    Returns
    -------
    LogisticGradients
        ``(cost, dW of shape (1, n_x), db of shape (1, 1))``.
    """
    X, W, b = _check(X, W, b)
    Y = _check_labels(Y, X.shape[1]).astype(X.dtype, copy=False)
    A, cache = layer_forward(X, W, b, "sigmoid")
    _, dW, db = linear_backward(A - Y, cache)
    return LogisticGradients(losses.binary_cross_entropy(A, Y), dW, db)
