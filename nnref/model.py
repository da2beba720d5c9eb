r"""An L-layer fully connected network, as pure functions over a params dict.

Layer $l = 1, \dots, L$ computes, for all $m$ examples (columns) at once,

$$Z^{[l]} = W^{[l]} A^{[l-1]} + b^{[l]}, \qquad A^{[l]} = g^{[l]}\big(Z^{[l]}\big),
\qquad A^{[0]} = X,$$

with $W^{[l]}$ of shape `(n[l], n[l-1])`, $b^{[l]}$ of shape `(n[l], 1)` (broadcast
over the columns) and $Z^{[l]}, A^{[l]}$ of shape `(n[l], m)`. The hidden layers share
one activation $g$ (``hidden``); the output layer $L$ has its own (``output``).

Each step forward returns ``(output, cache)`` and each step backward takes
``(upstream gradient, cache)``, as in the course: the cache of a layer holds
$A^{[l-1]}, W^{[l]}, b^{[l]}, Z^{[l]}$ and the name of its activation.

**Gradients, the course's convention.** In the backward pass, column $i$ of
$dA^{[l]}$ and $dZ^{[l]}$ is the gradient of the loss of example $i$ alone,
$\partial \mathcal{L}^{(i)} / \partial a^{[l](i)}$ and
$\partial \mathcal{L}^{(i)} / \partial z^{[l](i)}$; the mean over examples enters in
$dW^{[l]} = \frac1m dZ^{[l]} A^{[l-1]\top}$ and
$db^{[l]} = \frac1m \sum_i dZ^{[l](i)}$, which are exactly $\partial J / \partial W^{[l]}$
and $\partial J / \partial b^{[l]}$.

Arrays keep their dtype: float32 inputs and float32 params give float32 outputs,
caches and gradients (mixed dtypes follow NumPy's promotion).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from nnref import losses
from nnref.activations import ACTIVATIONS, get_activation
from nnref.init import INIT_METHODS, initialize
from nnref.validation import (
    FloatArray,
    FloatRangeError,
    Params,
    as_generator,
    as_matrix,
    check_choice,
    check_layer_dims,
    check_params,
    check_positive,
    check_positive_int,
    check_same_shape,
    raise_float_errors,
)

__all__ = [
    "HIDDEN_ACTIVATIONS",
    "SHORTCUTS",
    "LayerCache",
    "LinearCache",
    "TrainResult",
    "accuracy",
    "backward",
    "cost",
    "forward",
    "layer_backward",
    "layer_forward",
    "linear_backward",
    "linear_forward",
    "minibatches",
    "predict",
    "train",
    "update",
]

HIDDEN_ACTIVATIONS = tuple(name for name, pair in ACTIVATIONS.items() if pair.grad is not None)
"""The activations a hidden layer may use: the elementwise ones (not softmax)."""

SHORTCUTS = {
    ("sigmoid", "binary_cross_entropy"),
    ("softmax", "categorical_cross_entropy"),
}
"""(output activation, loss) pairs whose output layer has $dZ^{[L]} = A^{[L]} - Y$."""


class LinearCache(NamedTuple):
    """What `linear_backward` needs from the forward step of one layer."""

    A_prev: FloatArray
    """$A^{[l-1]}$, of shape `(n[l-1], m)`."""
    W: FloatArray
    """$W^{[l]}$, of shape `(n[l], n[l-1])`."""
    b: FloatArray
    """$b^{[l]}$, of shape `(n[l], 1)`."""


class LayerCache(NamedTuple):
    """What `layer_backward` needs from the forward step of one layer."""

    A_prev: FloatArray
    """$A^{[l-1]}$, of shape `(n[l-1], m)`."""
    W: FloatArray
    """$W^{[l]}$, of shape `(n[l], n[l-1])`."""
    b: FloatArray
    """$b^{[l]}$, of shape `(n[l], 1)`."""
    Z: FloatArray
    """$Z^{[l]}$, of shape `(n[l], m)`."""
    activation: str
    """The name of $g^{[l]}$, a key of `nnref.activations.ACTIVATIONS`."""


def _check_linear(
    A_prev: npt.ArrayLike, W: npt.ArrayLike, b: npt.ArrayLike
) -> tuple[FloatArray, FloatArray, FloatArray]:
    A_prev = as_matrix(A_prev, "A_prev")
    W = as_matrix(W, "W")
    b = as_matrix(b, "b")
    if W.shape[1] != A_prev.shape[0]:
        raise ValueError(
            "W must have one column per row of A_prev (n[l-1]); "
            f"got W of shape {W.shape} and A_prev of shape {A_prev.shape}"
        )
    if b.shape != (W.shape[0], 1):
        raise ValueError(
            f"b must have shape (n[l], 1) = ({W.shape[0]}, 1) to match W of shape {W.shape}; "
            f"got b of shape {b.shape}"
        )
    return A_prev, W, b


@raise_float_errors
def linear_forward(
    A_prev: npt.ArrayLike, W: npt.ArrayLike, b: npt.ArrayLike
) -> tuple[FloatArray, LinearCache]:
    r"""The linear part of a layer: $Z^{[l]} = W^{[l]} A^{[l-1]} + b^{[l]}$.

    Parameters
    ----------
    A_prev : array_like of shape (n[l-1], m)
        Activations of the previous layer ($X$ for the first layer).
    W : array_like of shape (n[l], n[l-1])
        Weights of layer $l$.
    b : array_like of shape (n[l], 1)
        Biases of layer $l$, added to every column.

    Returns
    -------
    Z : ndarray of shape (n[l], m)
        Pre-activations.
    cache : LinearCache
        ``(A_prev, W, b)`` for `linear_backward`.
    """
    A_prev, W, b = _check_linear(A_prev, W, b)
    return W @ A_prev + b, LinearCache(A_prev, W, b)


@raise_float_errors
def linear_backward(
    dZ: npt.ArrayLike, cache: LinearCache | LayerCache
) -> tuple[FloatArray, FloatArray, FloatArray]:
    r"""Gradients through the linear part of a layer.

    $$dW^{[l]} = \frac{1}{m} dZ^{[l]} A^{[l-1]\top}, \qquad
    db^{[l]} = \frac{1}{m} \sum_{i=1}^{m} dZ^{[l](i)}, \qquad
    dA^{[l-1]} = W^{[l]\top} dZ^{[l]}$$

    Parameters
    ----------
    dZ : array_like of shape (n[l], m)
        Column $i$ is $\partial \mathcal{L}^{(i)} / \partial z^{[l](i)}$, the gradient
        of example $i$'s loss (not yet divided by $m$).
    cache : LinearCache or LayerCache
        From `linear_forward` or `layer_forward` (its arrays are trusted: they were
        checked on the way forward).

    Returns
    -------
    dA_prev : ndarray of shape (n[l-1], m)
        Per-example gradients for the previous layer, $dA^{[l-1]}$.
    dW : ndarray of shape (n[l], n[l-1])
        $\partial J / \partial W^{[l]}$.
    db : ndarray of shape (n[l], 1)
        $\partial J / \partial b^{[l]}$.
    """
    if not isinstance(cache, LinearCache | LayerCache):
        raise TypeError(
            f"cache must be a LinearCache or LayerCache from the forward pass; got {cache!r}"
        )
    dZ = as_matrix(dZ, "dZ")
    expected = (cache.W.shape[0], cache.A_prev.shape[1])
    if dZ.shape != expected:
        raise ValueError(
            f"dZ must have the shape of Z, (n[l], m) = {expected}; got dZ of shape {dZ.shape}"
        )
    return _linear_backward(dZ, cache)


def _linear_backward(
    dZ: FloatArray, cache: LinearCache | LayerCache
) -> tuple[FloatArray, FloatArray, FloatArray]:
    return cache.W.T @ dZ, *_parameter_grads(dZ, cache)


def _parameter_grads(
    dZ: FloatArray, cache: LinearCache | LayerCache
) -> tuple[FloatArray, FloatArray]:
    # 1/m dZ A_prev^T as (1/m dZ) A_prev^T: the scaling passes over dZ, of shape
    # (n[l], m), and not over dW, which is larger when n[l-1] > m; db shares it.
    dZ_mean = dZ / cache.A_prev.shape[1]
    return dZ_mean @ cache.A_prev.T, dZ_mean.sum(axis=1, keepdims=True)


def _check_hidden(hidden: str) -> str:
    if hidden == "softmax":
        raise ValueError(
            "softmax acts on whole columns and is for the output layer only; "
            f"a hidden layer takes one of {', '.join(map(repr, HIDDEN_ACTIVATIONS))}"
        )
    return check_choice(hidden, HIDDEN_ACTIVATIONS, "hidden activation")


@raise_float_errors
def layer_forward(
    A_prev: npt.ArrayLike, W: npt.ArrayLike, b: npt.ArrayLike, activation: str
) -> tuple[FloatArray, LayerCache]:
    r"""One layer forward: $A^{[l]} = g\big(W^{[l]} A^{[l-1]} + b^{[l]}\big)$.

    Parameters
    ----------
    A_prev : array_like of shape (n[l-1], m)
        Activations of the previous layer.
    W : array_like of shape (n[l], n[l-1])
        Weights of layer $l$.
    b : array_like of shape (n[l], 1)
        Biases of layer $l$.
    activation : str
        The name of $g$, a key of `nnref.activations.ACTIVATIONS`.

    Returns
    -------
    A : ndarray of shape (n[l], m)
        Activations of layer $l$.
    cache : LayerCache
        ``(A_prev, W, b, Z, activation)`` for `layer_backward`.
    """
    activation = check_choice(activation, ACTIVATIONS, "activation")
    return _layer_forward(*_check_linear(A_prev, W, b), activation)


def _layer_forward(
    A_prev: FloatArray, W: FloatArray, b: FloatArray, activation: str
) -> tuple[FloatArray, LayerCache]:
    Z = W @ A_prev
    Z = np.add(Z, b, out=_reusable(Z, b))
    return ACTIVATIONS[activation].kernel(Z), LayerCache(A_prev, W, b, Z, activation)


def _reusable(array: FloatArray, other: FloatArray) -> FloatArray | None:
    """``array`` as the ``out`` of an operation of ``array`` with ``other``, unless
    ``other``'s dtype would widen the result: no second array of that size."""
    return array if np.result_type(array, other) == array.dtype else None


def _elementwise_grad(activation: str) -> Callable[[FloatArray], FloatArray]:
    """The unchecked $g'$ of ``activation``, for arrays the caller has checked."""
    grad = get_activation(activation).grad_kernel
    if grad is None:
        raise ValueError(
            f"{activation} has no elementwise derivative; as an output layer it "
            "is paired with categorical_cross_entropy, where dZ = A - Y"
        )
    return grad


@raise_float_errors
def layer_backward(
    dA: npt.ArrayLike, cache: LayerCache
) -> tuple[FloatArray, FloatArray, FloatArray]:
    r"""One layer backward: $dZ^{[l]} = dA^{[l]} \odot g'\big(Z^{[l]}\big)$, then
    `linear_backward`.

    Parameters
    ----------
    dA : array_like of shape (n[l], m)
        Column $i$ is $\partial \mathcal{L}^{(i)} / \partial a^{[l](i)}$.
    cache : LayerCache
        From `layer_forward`; its activation must be elementwise (not softmax).

    Returns
    -------
    dA_prev : ndarray of shape (n[l-1], m)
        $dA^{[l-1]}$.
    dW : ndarray of shape (n[l], n[l-1])
        $\partial J / \partial W^{[l]}$.
    db : ndarray of shape (n[l], 1)
        $\partial J / \partial b^{[l]}$.
    """
    if not isinstance(cache, LayerCache):
        raise TypeError(f"cache must be a LayerCache from layer_forward; got {cache!r}")
    _elementwise_grad(cache.activation)
    dA = as_matrix(dA, "dA")
    if dA.shape != cache.Z.shape:
        raise ValueError(f"dA must have the shape of Z, {cache.Z.shape}; got {dA.shape}")
    return _layer_backward(dA, cache)


def _layer_backward(dA: FloatArray, cache: LayerCache) -> tuple[FloatArray, FloatArray, FloatArray]:
    dZ = dA * _elementwise_grad(cache.activation)(cache.Z)
    return _linear_backward(dZ, cache)


@raise_float_errors
def forward(
    X: npt.ArrayLike, params: Params, hidden: str = "relu", output: str = "sigmoid"
) -> tuple[FloatArray, list[LayerCache]]:
    r"""The forward pass of an L-layer network: $A^{[L]}$ from $X$.

    Layers $1, \dots, L-1$ use ``hidden``, layer $L$ uses ``output``.

    Parameters
    ----------
    X : array_like of shape (n_x, m)
        Inputs, one example per column.
    params : dict of str to ndarray
        ``W1, b1, ..., WL, bL`` with ``W[l]`` of shape `(n[l], n[l-1])`, ``b[l]`` of
        shape `(n[l], 1)` and ``n[0] = n_x``.
    hidden : str, default "relu"
        The activation of the hidden layers, one of `HIDDEN_ACTIVATIONS`.
    output : str, default "sigmoid"
        The activation of the output layer, any key of
        `nnref.activations.ACTIVATIONS` (``"softmax"`` included).

    Returns
    -------
    AL : ndarray of shape (n[L], m)
        The network's output $A^{[L]}$.
    caches : list of LayerCache
        One per layer, ``caches[l - 1]`` for layer $l$, for `backward`.

    Raises
    ------
    ValueError
        If ``W1`` does not have ``n_x`` columns, the params do not chain, or an
        activation name is unknown.
    """
    X = as_matrix(X, "X")
    params = check_params(params)
    hidden = _check_hidden(hidden)
    output = check_choice(output, ACTIVATIONS, "output activation")
    if params["W1"].shape[1] != X.shape[0]:
        raise ValueError(
            f"W1 must have n_x = {X.shape[0]} columns, one per row (feature) of X; "
            f"got W1 of shape {params['W1'].shape} and X of shape {X.shape}"
        )
    return _forward(X, params, hidden, output)


def _forward(
    X: FloatArray, params: Params, hidden: str, output: str
) -> tuple[FloatArray, list[LayerCache]]:
    L = len(params) // 2
    A = X
    caches = []
    for layer in range(1, L + 1):
        activation = output if layer == L else hidden
        A, cache = _layer_forward(A, params[f"W{layer}"], params[f"b{layer}"], activation)
        caches.append(cache)
    return A, caches


def _check_pairing(output: str, loss: str) -> None:
    if get_activation(output).grad is None and (output, loss) not in SHORTCUTS:
        raise ValueError(
            f"a {output} output layer is trained with categorical_cross_entropy only "
            f"(dZ = A - Y); got loss {loss!r}"
        )


@raise_float_errors
def backward(
    AL: npt.ArrayLike,
    Y: npt.ArrayLike,
    caches: Sequence[LayerCache],
    loss: str = "binary_cross_entropy",
) -> Params:
    r"""The backward pass: the gradient of the cost with respect to every parameter.

    The output layer of a pair in `SHORTCUTS` (sigmoid with binary cross-entropy,
    softmax with categorical cross-entropy) starts from

    $$dZ^{[L]} = A^{[L]} - Y,$$

    where the loss's derivative and the activation's cancel. Any other output layer
    starts from the loss gradient, $dA^{[L]} = m \, \partial J / \partial A^{[L]}$
    (per example, see the module's note), and goes through $g'$ as the hidden
    layers do. Each layer then applies `layer_backward`.

    Parameters
    ----------
    AL : array_like of shape (n[L], m)
        The output of `forward`.
    Y : array_like of shape (n[L], m)
        Targets.
    caches : list of LayerCache
        The caches of `forward`; they also say which activations were used.
    loss : str, default "binary_cross_entropy"
        A key of `nnref.losses.LOSSES`.

    Returns
    -------
    dict of str to ndarray
        ``dW1, db1, ..., dWL, dbL``: ``dW[l]`` $= \partial J / \partial W^{[l]}$ of the
        shape of ``W[l]``, ``db[l]`` $= \partial J / \partial b^{[l]}$ of the shape of
        ``b[l]``.

    Raises
    ------
    ValueError
        If shapes disagree, ``Y`` is outside the loss's domain, or a softmax output
        is paired with a loss other than categorical cross-entropy.
    """
    if isinstance(caches, LayerCache) or not isinstance(caches, Sequence) or not caches:
        raise TypeError(f"caches must be the non-empty list that forward returns; got {caches!r}")
    if not all(isinstance(cache, LayerCache) for cache in caches):
        raise TypeError("caches must hold the LayerCache objects that forward returns")
    AL, Y = losses.check_inputs(AL, Y, loss)
    if AL.shape != caches[-1].Z.shape:
        raise ValueError(
            f"AL must be the output of the last cached layer, of shape {caches[-1].Z.shape}; "
            f"got AL of shape {AL.shape}"
        )
    _check_pairing(caches[-1].activation, loss)
    return _backward(AL, Y, caches, loss)


def _backward(AL: FloatArray, Y: FloatArray, caches: Sequence[LayerCache], loss: str) -> Params:
    L = len(caches)
    last = caches[-1]
    if (last.activation, loss) in SHORTCUTS:
        dZ = AL - Y
    else:
        dAL = AL.shape[1] * losses.get_loss(loss).grad(AL, Y)
        dZ = dAL * _elementwise_grad(last.activation)(last.Z)
    grads: Params = {}
    for layer in range(L, 0, -1):
        cache = caches[layer - 1]
        grads[f"dW{layer}"], grads[f"db{layer}"] = _parameter_grads(dZ, cache)
        if layer > 1:  # not dA[0]: no parameter needs the gradient of the inputs
            dA_prev = cache.W.T @ dZ
            below = caches[layer - 2]
            g_prime = _elementwise_grad(below.activation)(below.Z)
            dZ = np.multiply(dA_prev, g_prime, out=_reusable(dA_prev, g_prime))
    return {f"{d}{layer}": grads[f"{d}{layer}"] for layer in range(1, L + 1) for d in ("dW", "db")}


@raise_float_errors
def cost(AL: npt.ArrayLike, Y: npt.ArrayLike, loss: str = "binary_cross_entropy") -> float:
    """The cost $J$ of the network's output against the targets.

    Parameters
    ----------
    AL : array_like of shape (n[L], m)
        The output of `forward`.
    Y : array_like of shape (n[L], m)
        Targets.
    loss : str, default "binary_cross_entropy"
        A key of `nnref.losses.LOSSES`.

    Returns
    -------
    float
        $J$, the mean over the $m$ examples (see `nnref.losses`).
    """
    return losses.get_loss(loss).function(AL, Y)


@raise_float_errors
def update(params: Params, grads: Params, learning_rate: float) -> Params:
    r"""One step of gradient descent: $W^{[l]} \leftarrow W^{[l]} - \alpha\, dW^{[l]}$,
    $b^{[l]} \leftarrow b^{[l]} - \alpha\, db^{[l]}$.

    Pure: ``params`` is left as it was and a new dict is returned.

    Parameters
    ----------
    params : dict of str to ndarray
        ``W1, b1, ..., WL, bL``.
    grads : dict of str to ndarray
        ``dW1, db1, ..., dWL, dbL``, each of the shape of its parameter.
    learning_rate : float
        The step size $\alpha > 0$.

    Returns
    -------
    dict of str to ndarray
        The updated parameters, in the dtype of ``params`` when ``grads`` share it.
    """
    params = check_params(params)
    learning_rate = check_positive(learning_rate, "learning_rate")
    if not isinstance(grads, Mapping):
        raise TypeError(f"grads must be a dict {{'dW1', 'db1', ...}}; got {type(grads).__name__}")
    expected = [f"d{key}" for key in params]
    if set(grads) != set(expected):
        missing = [key for key in expected if key not in grads]
        extra = [key for key in grads if key not in expected]
        raise ValueError(
            f"grads must have one entry per parameter, {expected}; "
            f"missing {missing}, unexpected {extra}"
        )
    checked = {key: as_matrix(grads[key], f"grads[{key!r}]") for key in expected}
    for key, value in params.items():
        if checked[f"d{key}"].shape != value.shape:
            raise ValueError(
                f"grads['d{key}'] must have the shape of params['{key}'], {value.shape}; "
                f"got {checked[f'd{key}'].shape}"
            )
    return _update(params, checked, learning_rate)


def _update_in_place(params: Params, grads: Params, learning_rate: float) -> None:
    """`_update` for `train`, which owns its params and its grads: no new array at all."""
    for key, value in params.items():
        step = grads[f"d{key}"]
        if step.dtype != value.dtype:  # NumPy's promotion decides, as in `_update`
            params[key] = value - learning_rate * step
            continue
        step *= learning_rate
        value -= step


def _update(params: Params, grads: Params, learning_rate: float) -> Params:
    updated: Params = {}
    for key, value in params.items():
        step = learning_rate * grads[f"d{key}"]
        # Into the step's array when the dtypes allow: one new array per parameter, not two.
        in_place = step.dtype == np.result_type(value, step)
        updated[key] = np.subtract(value, step, out=step if in_place else None)
    return updated


@raise_float_errors
def minibatches(
    X: npt.ArrayLike, Y: npt.ArrayLike, batch_size: int, seed: int | np.random.Generator = 0
) -> list[tuple[FloatArray, FloatArray]]:
    """Shuffle the examples and split them into mini-batches.

    The columns of ``X`` and ``Y`` are permuted together (with the seed), then cut
    into ``ceil(m / batch_size)`` batches in order; the last one holds the
    ``m mod batch_size`` examples left over, if any (it is kept, not dropped).

    Parameters
    ----------
    X : array_like of shape (n_x, m)
        Inputs.
    Y : array_like of shape (n_y, m)
        Targets.
    batch_size : int
        Examples per batch, from 1 (stochastic gradient descent) to ``m``.
    seed : int or numpy.random.Generator, default 0
        Where the permutation comes from.

    Returns
    -------
    list of (ndarray of shape (n_x, b), ndarray of shape (n_y, b))
        The batches, ``b = batch_size`` but for the last.
    """
    X, Y = _check_examples(X, Y)
    batch_size = _check_batch_size(batch_size, X.shape[1])
    return _minibatches(X, Y, batch_size, as_generator(seed))


def _minibatches(
    X: FloatArray, Y: FloatArray, batch_size: int, rng: np.random.Generator
) -> list[tuple[FloatArray, FloatArray]]:
    order = rng.permutation(X.shape[1])
    X, Y = X[:, order], Y[:, order]
    starts = range(0, X.shape[1], batch_size)
    return [(X[:, i : i + batch_size], Y[:, i : i + batch_size]) for i in starts]


def _check_examples(X: npt.ArrayLike, Y: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
    X = as_matrix(X, "X")
    Y = as_matrix(Y, "Y")
    if X.shape[1] != Y.shape[1]:
        raise ValueError(
            "X and Y must have the same number of examples (columns, m); "
            f"got X of shape {X.shape} and Y of shape {Y.shape}"
        )
    return X, Y.astype(X.dtype, copy=False)


def _check_batch_size(batch_size: object, m: int) -> int:
    size = check_positive_int(batch_size, "batch_size")
    if size > m:
        raise ValueError(f"batch_size must be at most m = {m}, the number of examples; got {size}")
    return size


@dataclass(frozen=True)
class TrainResult:
    """What `train` returns."""

    params: Params
    """The trained parameters ``W1, b1, ..., WL, bL``."""
    costs: tuple[float, ...]
    """The cost $J$ on the whole training set, after each epoch in ``recorded_epochs``."""
    recorded_epochs: tuple[int, ...]
    """The epochs after which ``costs`` were recorded: 0 (before training), then
    every ``record_every`` epochs."""


@raise_float_errors
def train(
    X: npt.ArrayLike,
    Y: npt.ArrayLike,
    layer_dims: Sequence[int],
    *,
    hidden: str = "relu",
    output: str = "sigmoid",
    loss: str = "binary_cross_entropy",
    init: str = "he",
    learning_rate: float = 0.01,
    epochs: int = 1000,
    batch_size: int | None = None,
    seed: int | np.random.Generator = 0,
    record_every: int = 100,
) -> TrainResult:
    r"""Train a network with gradient descent: forward, backward, update, repeated.

    Each epoch visits every example once:

    - ``batch_size=None``: full-batch gradient descent, one update per epoch;
    - ``batch_size=b``: mini-batch gradient descent, the examples shuffled anew each
      epoch and cut into batches of ``b`` (the last, smaller batch kept), see
      `minibatches`;
    - ``batch_size=1``: stochastic gradient descent, one update per example.

    The inputs are checked once, then the loop runs the same steps as `forward`,
    `backward` and `update`.

    Parameters
    ----------
    X : array_like of shape (n_x, m)
        Training inputs. Their dtype is kept: float32 inputs train float32 params.
    Y : array_like of shape (n_y, m)
        Training targets (converted to the dtype of ``X``).
    layer_dims : sequence of int
        ``[n_x, n[1], ..., n[L]]``, with ``n[L] = n_y``.
    hidden, output : str
        Activations of the hidden layers and of the output layer (see `forward`).
    loss : str, default "binary_cross_entropy"
        A key of `nnref.losses.LOSSES`. A softmax output needs
        ``"categorical_cross_entropy"``.
    init : str, default "he"
        The initialization method (see `nnref.init.initialize`).
    learning_rate : float, default 0.01
        The step size $\alpha > 0$.
    epochs : int, default 1000
        Passes over the training set, at least 1.
    batch_size : int or None, default None
        ``None`` for full batch, else from 1 to ``m``.
    seed : int or numpy.random.Generator, default 0
        Drives the initialization and the shuffling: the same seed, the same result.
    record_every : int, default 100
        Record the cost every this many epochs (and before the first).

    Returns
    -------
    TrainResult
        The trained params and the cost history.

    Raises
    ------
    ValueError
        If shapes disagree with ``layer_dims``, a name is unknown, ``Y`` is outside
        the loss's domain, or a number is out of range.
    nnref.validation.FloatRangeError
        If training diverges (a value overflows); the message suggests a smaller
        learning rate.
    """
    X, Y = _check_examples(X, Y)
    dims = check_layer_dims(layer_dims)
    if (dims[0], dims[-1]) != (X.shape[0], Y.shape[0]):
        raise ValueError(
            f"layer_dims must start with n_x = {X.shape[0]} (rows of X) and end with "
            f"n_y = {Y.shape[0]} (rows of Y); got {dims}"
        )
    hidden = _check_hidden(hidden)
    output = check_choice(output, ACTIVATIONS, "output activation")
    loss = check_choice(loss, losses.LOSSES, "loss")
    _check_pairing(output, loss)
    init = check_choice(init, INIT_METHODS, "initialization method")
    learning_rate = check_positive(learning_rate, "learning_rate")
    epochs = check_positive_int(epochs, "epochs")
    if batch_size is not None:
        batch_size = _check_batch_size(batch_size, X.shape[1])
    record_every = check_positive_int(record_every, "record_every")
    rng = as_generator(seed)

    params = initialize(dims, init, rng, dtype=X.dtype)
    costs: list[float] = []
    recorded: list[int] = []
    epoch = 0
    try:
        for epoch in range(epochs + 1):
            if epoch % record_every == 0:
                costs.append(cost(_forward(X, params, hidden, output)[0], Y, loss))
                recorded.append(epoch)
            if epoch == epochs:
                break
            batches = [(X, Y)] if batch_size is None else _minibatches(X, Y, batch_size, rng)
            for X_batch, Y_batch in batches:
                AL, caches = _forward(X_batch, params, hidden, output)
                grads = _backward(AL, Y_batch, caches, loss)
                _update_in_place(params, grads, learning_rate)
    except FloatingPointError as error:
        raise FloatRangeError(
            f"training diverged in epoch {epoch}: {error}. "
            f"Try a smaller learning_rate (got {learning_rate})."
        ) from error
    return TrainResult(params, tuple(costs), tuple(recorded))


@raise_float_errors
def predict(
    X: npt.ArrayLike,
    params: Params,
    hidden: str = "relu",
    output: str = "sigmoid",
    threshold: float = 0.5,
) -> FloatArray:
    """Predictions of a trained network, in the format of the targets ``Y``.

    - sigmoid output: 1.0 where $a > $ ``threshold``, else 0.0 (one yes/no per output);
    - softmax output: the one-hot vector of the most probable class of each column;
    - any other output (regression): $A^{[L]}$ itself.

    Parameters
    ----------
    X : array_like of shape (n_x, m)
        Inputs.
    params : dict of str to ndarray
        Trained parameters.
    hidden, output : str
        The activations the network was trained with.
    threshold : float, default 0.5
        For a sigmoid output, in $(0, 1)$.

    Returns
    -------
    ndarray of shape (n[L], m)
        Predictions, comparable with ``Y`` (see `accuracy`).
    """
    threshold = check_positive(threshold, "threshold")
    if threshold >= 1:
        raise ValueError(f"threshold must be between 0 and 1; got {threshold}")
    AL, _ = forward(X, params, hidden, output)
    if output == "sigmoid":
        return (AL > threshold).astype(AL.dtype)
    if output == "softmax":
        one_hot = np.zeros_like(AL)
        one_hot[AL.argmax(axis=0), np.arange(AL.shape[1])] = 1
        return one_hot
    return AL


def accuracy(Y_hat: npt.ArrayLike, Y: npt.ArrayLike) -> float:
    """The fraction of examples (columns) predicted exactly right.

    Parameters
    ----------
    Y_hat : array_like of shape (n_y, m)
        Predictions, e.g. from `predict`.
    Y : array_like of shape (n_y, m)
        Targets.

    Returns
    -------
    float
        In $[0, 1]$: the share of columns where every entry of ``Y_hat`` equals ``Y``.
    """
    Y_hat = as_matrix(Y_hat, "Y_hat")
    Y = as_matrix(Y, "Y")
    check_same_shape(Y_hat, "Y_hat", Y, "Y")
    return float(np.mean(np.all(Y_hat == Y, axis=0)))
