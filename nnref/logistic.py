r"""Logistic regression, as the smallest neural network: one sigmoid neuron.

$$\hat y = a = \sigma(W X + b),$$

with $W$ of shape `(1, n_x)` and $b$ of shape `(1, 1)`, trained on the binary
cross-entropy. Nothing here re-derives the maths: `fit` is `nnref.model.train` with
``layer_dims = [n_x, 1]``, a sigmoid output and the binary cross-entropy, and the
predictions are `nnref.model.forward` and `nnref.model.predict` on that one layer.
(The loop-by-loop version, kept to show what vectorization buys, is in
`nnref.vectorization`.)
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from nnref import model
from nnref.validation import FloatArray, Params, as_matrix, check_params

__all__ = ["fit", "predict", "predict_proba"]


def fit(
    X: npt.ArrayLike,
    Y: npt.ArrayLike,
    learning_rate: float = 0.01,
    epochs: int = 1000,
    seed: int | np.random.Generator = 0,
    init: str = "zeros",
    *,
    batch_size: int | None = None,
    record_every: int = 100,
) -> model.TrainResult:
    """Fit logistic regression by gradient descent on the binary cross-entropy.

    Parameters
    ----------
    X : array_like of shape (n_x, m)
        Training inputs, one example per column (standardised features train best).
    Y : array_like of shape (1, m)
        Labels, 0 or 1.
    learning_rate : float, default 0.01
        The step size $\\alpha > 0$.
    epochs : int, default 1000
        Passes over the training set.
    seed : int or numpy.random.Generator, default 0
        For a random ``init`` and for mini-batch shuffling.
    init : str, default "zeros"
        Zeros are fine here: with a single unit there is no symmetry to break.
    batch_size : int or None, default None
        ``None`` for full batch (see `nnref.model.train`).
    record_every : int, default 100
        Record the cost every this many epochs.

    Returns
    -------
    TrainResult
        ``params = {"W1": (1, n_x), "b1": (1, 1)}`` and the cost history.
    """
    X = as_matrix(X, "X")
    Y = as_matrix(Y, "Y")
    if Y.shape[0] != 1:
        raise ValueError(
            f"logistic regression has one output: Y must have shape (1, m); got {Y.shape}"
        )
    return model.train(
        X,
        Y,
        [X.shape[0], 1],
        output="sigmoid",
        loss="binary_cross_entropy",
        init=init,
        learning_rate=learning_rate,
        epochs=epochs,
        batch_size=batch_size,
        seed=seed,
        record_every=record_every,
    )


def _check_one_neuron(params: Params) -> Params:
    params = check_params(params)
    if len(params) != 2 or params["W1"].shape[0] != 1:
        shapes = {key: value.shape for key, value in params.items()}
        raise ValueError(
            "logistic regression params are one neuron, W1 of shape (1, n_x) and b1 of "
            f"shape (1, 1); got {shapes}"
        )
    return params


def predict_proba(X: npt.ArrayLike, params: Params) -> FloatArray:
    r"""The predicted probability of class 1: $a = \sigma(W X + b)$.

    Parameters
    ----------
    X : array_like of shape (n_x, m)
        Inputs.
    params : dict of str to ndarray
        ``W1`` of shape `(1, n_x)` and ``b1`` of shape `(1, 1)`, e.g. from `fit`.

    Returns
    -------
    ndarray of shape (1, m)
        $P(y = 1 \mid x)$ for each example, in $[0, 1]$.
    """
    return model.forward(X, _check_one_neuron(params), output="sigmoid")[0]


def predict(X: npt.ArrayLike, params: Params, threshold: float = 0.5) -> FloatArray:
    """Predicted labels: 1.0 where the probability exceeds ``threshold``, else 0.0.

    Parameters
    ----------
    X : array_like of shape (n_x, m)
        Inputs.
    params : dict of str to ndarray
        ``W1`` of shape `(1, n_x)` and ``b1`` of shape `(1, 1)`.
    threshold : float, default 0.5
        In $(0, 1)$.

    Returns
    -------
    ndarray of shape (1, m)
        Labels 0.0 or 1.0, comparable with ``Y``.
    """
    return model.predict(X, _check_one_neuron(params), output="sigmoid", threshold=threshold)
