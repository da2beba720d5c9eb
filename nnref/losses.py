r"""Loss functions: the cost $J$ of predictions $A$ against targets $Y$, and $dJ/dA$.

Every loss takes the network's output $A = A^{[L]}$ and the targets $Y$, two arrays
of the same shape `(n_y, m)` (outputs by examples), and returns the cost as a Python
float: the **mean over the m examples** of the per-example loss $\mathcal{L}^{(i)}$,
where $\mathcal{L}^{(i)}$ **sums over the** $n_y$ **outputs**:

$$J = \frac{1}{m} \sum_{i=1}^{m} \mathcal{L}\big(a^{(i)}, y^{(i)}\big).$$

Each ``*_grad`` returns $\dfrac{\partial J}{\partial A}$, the gradient of that mean
cost with respect to every entry of $A$: an array of the shape and dtype of $A$,
which carries the factor $\frac{1}{m}$.

The cross-entropies take logarithms of $A$; they clip $A$ to
$[\varepsilon, 1 - \varepsilon]$ with $\varepsilon$ the machine epsilon of $A$'s
dtype, so that the log never sees 0 and the cost and its gradient stay finite at
$A \in \{0, 1\}$. Both cost and gradient are those of the clipped $A$.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from nnref.validation import (
    FloatArray,
    as_matrix,
    check_choice,
    check_same_shape,
    raise_float_errors,
)

__all__ = [
    "LOSSES",
    "Loss",
    "binary_cross_entropy",
    "binary_cross_entropy_grad",
    "categorical_cross_entropy",
    "categorical_cross_entropy_grad",
    "check_inputs",
    "get_loss",
    "mean_absolute_error",
    "mean_absolute_error_grad",
    "mean_squared_error",
    "mean_squared_error_grad",
]

_PROBABILITY_LOSSES = ("binary_cross_entropy", "categorical_cross_entropy")


def check_inputs(A: npt.ArrayLike, Y: npt.ArrayLike, loss: str) -> tuple[FloatArray, FloatArray]:
    """The checks every loss runs on its inputs, returning them as arrays.

    ``A`` and ``Y`` must be finite rank-2 arrays of the same shape; ``Y`` is
    converted to ``A``'s dtype. For the cross-entropies, ``A`` and ``Y`` must lie in
    $[0, 1]$, and for ``"categorical_cross_entropy"`` every column of ``Y`` must sum
    to 1 (one-hot or a probability vector).

    Parameters
    ----------
    A : array_like of shape (n_y, m)
        Predictions.
    Y : array_like of shape (n_y, m)
        Targets.
    loss : str
        The name of the loss the inputs are for, one of `LOSSES`.

    Returns
    -------
    A, Y : ndarray of shape `(n_y, m)`
        Both arrays, in ``A``'s dtype.

    Raises
    ------
    TypeError
        If an input is not numeric or ``loss`` not a string.
    ValueError
        If shapes differ, values are outside the loss's domain, or ``loss`` is unknown.
    """
    check_choice(loss, LOSSES, "loss")
    A = as_matrix(A, "A")
    Y = as_matrix(Y, "Y").astype(A.dtype, copy=False)
    check_same_shape(A, "A", Y, "Y")
    if loss in _PROBABILITY_LOSSES:
        _check_probabilities(A, "A", loss)
        _check_probabilities(Y, "Y", loss)
    if loss == "categorical_cross_entropy":
        sums = Y.sum(axis=0)
        tolerance = np.sqrt(np.finfo(Y.dtype).eps)
        wrong = np.flatnonzero(np.abs(sums - 1) > tolerance)
        if wrong.size:
            column = int(wrong[0])
            raise ValueError(
                "categorical_cross_entropy needs every column of Y to sum to 1 "
                f"(one-hot labels); column {column} sums to {float(sums[column]):g} "
                f"({wrong.size} of {Y.shape[1]} columns do not)"
            )
    return A, Y


def _check_probabilities(array: FloatArray, name: str, loss: str) -> None:
    low, high = float(array.min()), float(array.max())
    if low < 0 or high > 1:
        raise ValueError(
            f"{loss} needs {name} in [0, 1] (probabilities); got values from {low:g} to {high:g}"
        )


def _clip(A: FloatArray, upper_margin: bool = True) -> FloatArray:
    # Clip with the dtype's eps so the log never sees 0.
    eps = np.finfo(A.dtype).eps
    return np.clip(A, eps, 1 - eps if upper_margin else 1)


@raise_float_errors
def binary_cross_entropy(A: npt.ArrayLike, Y: npt.ArrayLike) -> float:
    r"""Binary cross-entropy, the logistic loss, averaged over examples.

    $$J = -\frac{1}{m} \sum_{i=1}^{m} \sum_{k=1}^{n_y}
    \Big[ y_k^{(i)} \log a_k^{(i)} + \big(1 - y_k^{(i)}\big) \log\big(1 - a_k^{(i)}\big) \Big]$$

    With several outputs (independent yes/no labels) the losses of the outputs are
    **summed** within an example, then averaged over examples. ``A`` is clipped to
    $[\varepsilon, 1 - \varepsilon]$ ($\varepsilon$ = machine epsilon of its dtype),
    so $J$ is finite at $A \in \{0, 1\}$.

    Parameters
    ----------
    A : array_like of shape (n_y, m)
        Predicted probabilities, in $[0, 1]$.
    Y : array_like of shape (n_y, m)
        Targets in $[0, 1]$, usually 0 or 1.

    Returns
    -------
    float
        The cost $J \ge 0$. For $a = 0.5$ it is $\log 2$ whatever $y$.
    """
    A, Y = check_inputs(A, Y, "binary_cross_entropy")
    A = _clip(A)
    return float(-np.sum(Y * np.log(A) + (1 - Y) * np.log1p(-A)) / A.shape[1])


@raise_float_errors
def binary_cross_entropy_grad(A: npt.ArrayLike, Y: npt.ArrayLike) -> FloatArray:
    r"""Gradient of the binary cross-entropy with respect to $A$.

    $$\frac{\partial J}{\partial a_k^{(i)}}
    = \frac{1}{m} \left( -\frac{y_k^{(i)}}{a_k^{(i)}} + \frac{1 - y_k^{(i)}}{1 - a_k^{(i)}} \right)
    = \frac{1}{m} \, \frac{a_k^{(i)} - y_k^{(i)}}{a_k^{(i)} \big(1 - a_k^{(i)}\big)}$$

    Times the sigmoid's derivative $a(1 - a)$ this becomes $(a - y)/m$: the reason
    a sigmoid output with this loss has the simple $dZ = A - Y$ (up to $1/m$).
    Evaluated at the clipped $A$, so finite at $A \in \{0, 1\}$.

    Parameters
    ----------
    A : array_like of shape (n_y, m)
        Predicted probabilities, in $[0, 1]$.
    Y : array_like of shape (n_y, m)
        Targets in $[0, 1]$.

    Returns
    -------
    ndarray of shape (n_y, m)
        $\partial J / \partial A$, in ``A``'s dtype.
    """
    A, Y = check_inputs(A, Y, "binary_cross_entropy")
    A = _clip(A)
    gradient: FloatArray = (A - Y) / (A * (1 - A) * A.shape[1])
    return gradient


@raise_float_errors
def categorical_cross_entropy(A: npt.ArrayLike, Y: npt.ArrayLike) -> float:
    r"""Categorical cross-entropy, for one class out of $n_y$, averaged over examples.

    $$J = -\frac{1}{m} \sum_{i=1}^{m} \sum_{k=1}^{n_y} y_k^{(i)} \log a_k^{(i)}$$

    Each column of ``Y`` is a one-hot label (or a probability vector) summing to 1;
    each column of ``A`` is usually a softmax output. ``A`` is clipped below at
    $\varepsilon$ (machine epsilon of its dtype), so $J$ is finite at $A = 0$.

    Parameters
    ----------
    A : array_like of shape (n_y, m)
        Predicted class probabilities, in $[0, 1]$.
    Y : array_like of shape (n_y, m)
        Targets, columns summing to 1.

    Returns
    -------
    float
        The cost $J \ge 0$; $\log n_y$ for a uniform prediction.
    """
    A, Y = check_inputs(A, Y, "categorical_cross_entropy")
    return float(-np.sum(Y * np.log(_clip(A, upper_margin=False))) / A.shape[1])


@raise_float_errors
def categorical_cross_entropy_grad(A: npt.ArrayLike, Y: npt.ArrayLike) -> FloatArray:
    r"""Gradient of the categorical cross-entropy with respect to $A$.

    $$\frac{\partial J}{\partial a_k^{(i)}} = -\frac{1}{m} \, \frac{y_k^{(i)}}{a_k^{(i)}}$$

    Evaluated at $A$ clipped below at $\varepsilon$, so finite at $A = 0$. Through a
    softmax output this becomes $dZ = (A - Y)/m$.

    Parameters
    ----------
    A : array_like of shape (n_y, m)
        Predicted class probabilities, in $[0, 1]$.
    Y : array_like of shape (n_y, m)
        Targets, columns summing to 1.

    Returns
    -------
    ndarray of shape (n_y, m)
        $\partial J / \partial A$, in ``A``'s dtype.
    """
    A, Y = check_inputs(A, Y, "categorical_cross_entropy")
    gradient: FloatArray = -Y / (_clip(A, upper_margin=False) * A.shape[1])
    return gradient


@raise_float_errors
def mean_squared_error(A: npt.ArrayLike, Y: npt.ArrayLike) -> float:
    r"""Half the squared error, summed over outputs and averaged over examples.

    $$J = \frac{1}{2m} \sum_{i=1}^{m} \sum_{k=1}^{n_y} \big(a_k^{(i)} - y_k^{(i)}\big)^2$$

    The factor $\tfrac12$ **is used**, so that the gradient is simply $(A - Y)/m$.
    (scikit-learn's ``mean_squared_error`` has no $\tfrac12$ and also averages over
    outputs: for one output it is $2J$.)

    Parameters
    ----------
    A : array_like of shape (n_y, m)
        Predictions.
    Y : array_like of shape (n_y, m)
        Targets.

    Returns
    -------
    float
        The cost $J \ge 0$.
    """
    A, Y = check_inputs(A, Y, "mean_squared_error")
    return float(np.sum((A - Y) ** 2) / (2 * A.shape[1]))


@raise_float_errors
def mean_squared_error_grad(A: npt.ArrayLike, Y: npt.ArrayLike) -> FloatArray:
    r"""Gradient of the (halved) mean squared error with respect to $A$.

    $$\frac{\partial J}{\partial A} = \frac{A - Y}{m}$$

    Parameters
    ----------
    A : array_like of shape (n_y, m)
        Predictions.
    Y : array_like of shape (n_y, m)
        Targets.

    Returns
    -------
    ndarray of shape (n_y, m)
        $\partial J / \partial A$, in ``A``'s dtype.
    """
    A, Y = check_inputs(A, Y, "mean_squared_error")
    gradient: FloatArray = (A - Y) / A.shape[1]
    return gradient


@raise_float_errors
def mean_absolute_error(A: npt.ArrayLike, Y: npt.ArrayLike) -> float:
    r"""Absolute error, summed over outputs and averaged over examples.

    $$J = \frac{1}{m} \sum_{i=1}^{m} \sum_{k=1}^{n_y} \big|a_k^{(i)} - y_k^{(i)}\big|$$

    Parameters
    ----------
    A : array_like of shape (n_y, m)
        Predictions.
    Y : array_like of shape (n_y, m)
        Targets.

    Returns
    -------
    float
        The cost $J \ge 0$.
    """
    A, Y = check_inputs(A, Y, "mean_absolute_error")
    return float(np.sum(np.abs(A - Y)) / A.shape[1])


@raise_float_errors
def mean_absolute_error_grad(A: npt.ArrayLike, Y: npt.ArrayLike) -> FloatArray:
    r"""Gradient of the mean absolute error with respect to $A$.

    $$\frac{\partial J}{\partial A} = \frac{\operatorname{sign}(A - Y)}{m}$$

    $|a - y|$ has no derivative where $a = y$; nnref takes **0 there** (the
    subgradient $\operatorname{sign}(0) = 0$).

    Parameters
    ----------
    A : array_like of shape (n_y, m)
        Predictions.
    Y : array_like of shape (n_y, m)
        Targets.

    Returns
    -------
    ndarray of shape (n_y, m)
        $\partial J / \partial A$, entries in $\{-1/m, 0, 1/m\}$, in ``A``'s dtype.
    """
    A, Y = check_inputs(A, Y, "mean_absolute_error")
    gradient: FloatArray = np.sign(A - Y) / A.shape[1]
    return gradient


class Loss(NamedTuple):
    """A loss and its gradient.

    Attributes
    ----------
    function : callable
        ``(A, Y) -> J``, the cost as a float.
    grad : callable
        ``(A, Y) -> dJ/dA``, an array of the shape of ``A``.
    """

    function: Callable[[npt.ArrayLike, npt.ArrayLike], float]
    grad: Callable[[npt.ArrayLike, npt.ArrayLike], FloatArray]


LOSSES: dict[str, Loss] = {
    "binary_cross_entropy": Loss(binary_cross_entropy, binary_cross_entropy_grad),
    "categorical_cross_entropy": Loss(categorical_cross_entropy, categorical_cross_entropy_grad),
    "mean_squared_error": Loss(mean_squared_error, mean_squared_error_grad),
    "mean_absolute_error": Loss(mean_absolute_error, mean_absolute_error_grad),
}
"""Every loss by name."""


def get_loss(name: str) -> Loss:
    """The loss called ``name``.

    Raises
    ------
    TypeError
        If ``name`` is not a string.
    ValueError
        If no loss has that name; the message lists the valid names.
    """
    return LOSSES[check_choice(name, LOSSES, "loss")]
