r"""Activation functions $g$ and their derivatives $g'$, side by side.

Every function takes the pre-activations $Z^{[l]}$ of a layer, an array of shape
`(n[l], m)` (units by examples), and returns an array of the same shape and dtype
(float32 in, float32 out). The elementwise ones map each entry $z$ to $g(z)$; their
``*_grad`` returns the elementwise derivative $g'(z)$ at the same entries, which the
backward pass multiplies with the upstream gradient: $dZ = dA \odot g'(Z)$.
``softmax`` acts on whole columns and has no elementwise derivative: it is used as an
output layer paired with the categorical cross-entropy, where $dZ = A - Y$.

`ACTIVATIONS` maps each name the model accepts to its function and derivative.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from nnref.validation import FloatArray, as_matrix, check_choice, check_non_negative

__all__ = [
    "ACTIVATIONS",
    "Activation",
    "get_activation",
    "identity",
    "identity_grad",
    "leaky_relu",
    "leaky_relu_grad",
    "relu",
    "relu_grad",
    "sigmoid",
    "sigmoid_grad",
    "softmax",
    "tanh",
    "tanh_grad",
]


def sigmoid(Z: npt.ArrayLike) -> FloatArray:
    r"""The logistic sigmoid, elementwise: $\sigma(z) = \dfrac{1}{1 + e^{-z}}$.

    Stable for any finite input: it is computed as $1 / (1 + e^{-z})$ where
    $z \ge 0$ and as $e^{z} / (1 + e^{z})$ where $z < 0$, so the exponential only
    ever sees $-|z| \le 0$ and cannot overflow. ``sigmoid(1000)`` is exactly 1.0 and
    ``sigmoid(-1000)`` exactly 0.0.

    Parameters
    ----------
    Z : array_like of shape (n[l], m)
        Pre-activations.

    Returns
    -------
    ndarray of shape (n[l], m)
        $\sigma(Z)$, each entry in $[0, 1]$, same dtype as ``Z``.
    """
    return _sigmoid(as_matrix(Z, "Z"))


def _sigmoid(Z: FloatArray) -> FloatArray:
    exp_minus_abs = np.exp(-np.abs(Z))
    return np.where(Z >= 0, 1 / (1 + exp_minus_abs), exp_minus_abs / (1 + exp_minus_abs))


def sigmoid_grad(Z: npt.ArrayLike) -> FloatArray:
    r"""Derivative of the sigmoid: $\sigma'(z) = \sigma(z)\,(1 - \sigma(z))$.

    Parameters
    ----------
    Z : array_like of shape (n[l], m)
        Pre-activations.

    Returns
    -------
    ndarray of shape (n[l], m)
        $\sigma'(Z)$, each entry in $[0, \tfrac14]$, largest at $z = 0$.
    """
    return _sigmoid_grad(as_matrix(Z, "Z"))


def _sigmoid_grad(Z: FloatArray) -> FloatArray:
    # σ' from σ itself: saves a second exponential.
    A = _sigmoid(Z)
    return A * (1 - A)


def tanh(Z: npt.ArrayLike) -> FloatArray:
    r"""The hyperbolic tangent, elementwise: $\tanh(z) = \dfrac{e^{z} - e^{-z}}{e^{z} + e^{-z}}$.

    Parameters
    ----------
    Z : array_like of shape (n[l], m)
        Pre-activations.

    Returns
    -------
    ndarray of shape (n[l], m)
        $\tanh(Z)$, each entry in $[-1, 1]$, same dtype as ``Z``.
    """
    return _tanh(as_matrix(Z, "Z"))


def _tanh(Z: FloatArray) -> FloatArray:
    return np.tanh(Z)


def tanh_grad(Z: npt.ArrayLike) -> FloatArray:
    r"""Derivative of tanh: $\tanh'(z) = 1 - \tanh^2(z)$.

    Parameters
    ----------
    Z : array_like of shape (n[l], m)
        Pre-activations.

    Returns
    -------
    ndarray of shape (n[l], m)
        $1 - \tanh^2(Z)$, each entry in $[0, 1]$, largest at $z = 0$.
    """
    return _tanh_grad(as_matrix(Z, "Z"))


def _tanh_grad(Z: FloatArray) -> FloatArray:
    A = _tanh(Z)
    return 1 - A * A


def relu(Z: npt.ArrayLike) -> FloatArray:
    r"""The rectified linear unit, elementwise: $\mathrm{relu}(z) = \max(0, z)$.

    Parameters
    ----------
    Z : array_like of shape (n[l], m)
        Pre-activations.

    Returns
    -------
    ndarray of shape (n[l], m)
        $\max(0, Z)$, same dtype as ``Z``.
    """
    return _relu(as_matrix(Z, "Z"))


def _relu(Z: FloatArray) -> FloatArray:
    return np.maximum(Z, 0)


def relu_grad(Z: npt.ArrayLike) -> FloatArray:
    r"""Derivative of relu: $\mathrm{relu}'(z) = 1$ if $z > 0$, else $0$.

    The derivative does not exist at $z = 0$; nnref takes **0 at $z = 0$** (the
    left derivative), the common convention. Any value in $[0, 1]$ is a valid
    subgradient there.

    Parameters
    ----------
    Z : array_like of shape (n[l], m)
        Pre-activations.

    Returns
    -------
    ndarray of shape (n[l], m)
        1.0 where $z > 0$, 0.0 elsewhere, same dtype as ``Z``.
    """
    return _relu_grad(as_matrix(Z, "Z"))


def _relu_grad(Z: FloatArray) -> FloatArray:
    return (Z > 0).astype(Z.dtype)


def leaky_relu(Z: npt.ArrayLike, alpha: float = 0.01) -> FloatArray:
    r"""The leaky relu, elementwise: $g(z) = z$ if $z > 0$, else $\alpha z$.

    Parameters
    ----------
    Z : array_like of shape (n[l], m)
        Pre-activations.
    alpha : float, default 0.01
        The slope for negative $z$, a number in $[0, 1]$.

    Returns
    -------
    ndarray of shape (n[l], m)
        $g(Z)$, same dtype as ``Z``.
    """
    return _leaky_relu(as_matrix(Z, "Z"), _check_alpha(alpha))


def _leaky_relu(Z: FloatArray, alpha: float = 0.01) -> FloatArray:
    return np.where(Z > 0, Z, alpha * Z)


def leaky_relu_grad(Z: npt.ArrayLike, alpha: float = 0.01) -> FloatArray:
    r"""Derivative of the leaky relu: $g'(z) = 1$ if $z > 0$, else $\alpha$.

    As for `relu_grad`, the value at $z = 0$ is the left derivative, $\alpha$.

    Parameters
    ----------
    Z : array_like of shape (n[l], m)
        Pre-activations.
    alpha : float, default 0.01
        The slope for negative $z$, a number in $[0, 1]$.

    Returns
    -------
    ndarray of shape (n[l], m)
        1.0 where $z > 0$, $\alpha$ elsewhere, same dtype as ``Z``.
    """
    return _leaky_relu_grad(as_matrix(Z, "Z"), _check_alpha(alpha))


def _leaky_relu_grad(Z: FloatArray, alpha: float = 0.01) -> FloatArray:
    ones = np.ones_like(Z)
    return np.where(Z > 0, ones, alpha * ones)


def _check_alpha(alpha: object) -> float:
    value = check_non_negative(alpha, "alpha")
    if value > 1:
        raise ValueError(f"alpha, the leaky relu's negative slope, must be in [0, 1]; got {value}")
    return value


def identity(Z: npt.ArrayLike) -> FloatArray:
    r"""The identity, $g(z) = z$: a linear output layer, for regression.

    Parameters
    ----------
    Z : array_like of shape (n[l], m)
        Pre-activations.

    Returns
    -------
    ndarray of shape (n[l], m)
        ``Z`` itself (as a checked floating array).
    """
    return _identity(as_matrix(Z, "Z"))


def _identity(Z: FloatArray) -> FloatArray:
    return Z


def identity_grad(Z: npt.ArrayLike) -> FloatArray:
    r"""Derivative of the identity: $g'(z) = 1$.

    Parameters
    ----------
    Z : array_like of shape (n[l], m)
        Pre-activations.

    Returns
    -------
    ndarray of shape (n[l], m)
        Ones, same dtype as ``Z``.
    """
    return _identity_grad(as_matrix(Z, "Z"))


def _identity_grad(Z: FloatArray) -> FloatArray:
    return np.ones_like(Z)


def softmax(Z: npt.ArrayLike) -> FloatArray:
    r"""The softmax of each column: $a_k = \dfrac{e^{z_k}}{\sum_{j=1}^{n} e^{z_j}}$.

    Each column $z^{(i)}$ (one example) becomes a probability vector: entries in
    $[0, 1]$ summing to 1. Stable for any finite input: the column maximum is
    subtracted first, which leaves the result unchanged (it divides numerator and
    denominator by the same $e^{\max_j z_j}$) and keeps every exponent $\le 0$.

    Not elementwise, so there is no ``softmax_grad``: as an output layer with the
    categorical cross-entropy its backward step is $dZ = A - Y$.

    Parameters
    ----------
    Z : array_like of shape (n[L], m)
        Pre-activations of the output layer, one column per example.

    Returns
    -------
    ndarray of shape (n[L], m)
        Column-wise probabilities, same dtype as ``Z``.
    """
    return _softmax(as_matrix(Z, "Z"))


def _softmax(Z: FloatArray) -> FloatArray:
    # A gap wider than the float range overflows to -inf, and e^(-inf) = 0 is exact.
    with np.errstate(over="ignore"):
        shifted = Z - Z.max(axis=0, keepdims=True)
    exponentials = np.exp(shifted)
    probabilities: FloatArray = exponentials / exponentials.sum(axis=0, keepdims=True)
    return probabilities


class Activation(NamedTuple):
    """An activation function and its elementwise derivative, each twice: checked and not.

    Attributes
    ----------
    function : callable
        $g$, from $Z$ of shape `(n[l], m)` to $A$ of the same shape.
    grad : callable or None
        $g'$, elementwise, same shapes; ``None`` for ``softmax``, which is not
        elementwise.
    kernel : callable
        The computation of ``function`` without its input checks, for an array that
        is already a finite floating array of rank 2: the model checks its inputs
        once and then runs the kernels in its inner loop.
    grad_kernel : callable or None
        ``grad`` without its input checks, on the same terms.
    """

    function: Callable[[npt.ArrayLike], FloatArray]
    grad: Callable[[npt.ArrayLike], FloatArray] | None
    kernel: Callable[[FloatArray], FloatArray]
    grad_kernel: Callable[[FloatArray], FloatArray] | None


ACTIVATIONS: dict[str, Activation] = {
    "sigmoid": Activation(sigmoid, sigmoid_grad, _sigmoid, _sigmoid_grad),
    "tanh": Activation(tanh, tanh_grad, _tanh, _tanh_grad),
    "relu": Activation(relu, relu_grad, _relu, _relu_grad),
    "leaky_relu": Activation(leaky_relu, leaky_relu_grad, _leaky_relu, _leaky_relu_grad),
    "identity": Activation(identity, identity_grad, _identity, _identity_grad),
    "softmax": Activation(softmax, None, _softmax, None),
}
"""Every activation by name (``leaky_relu`` with its default $\\alpha = 0.01$)."""


def get_activation(name: str) -> Activation:
    """The activation called ``name``.

    Raises
    ------
    TypeError
        If ``name`` is not a string.
    ValueError
        If no activation has that name; the message lists the valid names.
    """
    return ACTIVATIONS[check_choice(name, ACTIVATIONS, "activation")]
