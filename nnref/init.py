r"""Parameter initialization: the weights a network starts from.

For a network with ``layer_dims = [n[0], n[1], ..., n[L]]`` (``n[0] = n_x`` inputs),
`initialize` returns ``{"W1", "b1", ..., "WL", "bL"}`` with ``W[l]`` of shape
`(n[l], n[l-1])` and ``b[l]`` of shape `(n[l], 1)`. Biases always start at zero;
the weights are

| method | $W^{[l]}_{jk}$ | for |
|---|---|---|
| ``"zeros"`` | $0$ | showing why it fails: every unit of a layer stays the same |
| ``"random"`` | $0.01 \cdot \mathcal{N}(0, 1)$ | small random weights |
| ``"xavier"`` | $\mathcal{N}\big(0, \tfrac{1}{n^{[l-1]}}\big)$ | tanh and sigmoid layers |
| ``"he"`` | $\mathcal{N}\big(0, \tfrac{2}{n^{[l-1]}}\big)$ | relu layers |

Randomness comes only from the ``numpy.random.Generator`` the caller's seed gives.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from nnref.validation import Params, as_generator, check_choice, check_layer_dims

__all__ = ["INIT_METHODS", "initialize"]

INIT_METHODS = ("zeros", "random", "xavier", "he")
"""The initialization methods `initialize` knows."""


def _weight_scale(method: str, fan_in: int) -> float:
    """The standard deviation of the weights of a layer with ``fan_in`` inputs."""
    scales = {
        "zeros": 0.0,
        "random": 0.01,
        "xavier": np.sqrt(1 / fan_in),
        "he": np.sqrt(2 / fan_in),
    }
    return float(scales[method])


def initialize(
    layer_dims: Sequence[int],
    method: str = "he",
    seed: int | np.random.Generator = 0,
    *,
    dtype: npt.DTypeLike = np.float64,
) -> Params:
    r"""Initial parameters of an L-layer network.

    Parameters
    ----------
    layer_dims : sequence of int
        ``[n_x, n[1], ..., n[L]]``: the number of inputs, then the units of each
        layer. At least two entries, all positive.
    method : {"zeros", "random", "xavier", "he"}, default "he"
        How the weights are drawn (see the module's table).
    seed : int or numpy.random.Generator, default 0
        The seed of a new generator, or a generator to draw from (it advances).
        The same seed gives the same parameters; ``"zeros"`` draws nothing.
    dtype : floating dtype, default float64
        The dtype of every array. Weights are drawn in float64 then converted, so a
        seed gives the same weights (up to rounding) in every dtype.

    Returns
    -------
    dict of str to ndarray
        ``W[l]`` of shape `(n[l], n[l-1])` and ``b[l]`` of shape `(n[l], 1)` (zeros),
        for $l = 1, \dots, L$, keyed ``"W1", "b1", ...``.

    Raises
    ------
    TypeError
        If ``layer_dims`` is not a list of ints, ``seed`` not an int or generator,
        or ``dtype`` not a floating dtype.
    ValueError
        If ``layer_dims`` is too short or holds a size below 1, or ``method`` is
        unknown (the message lists the valid ones).
    """
    dims = check_layer_dims(layer_dims)
    method = check_choice(method, INIT_METHODS, "initialization method")
    rng = as_generator(seed)
    float_dtype = np.dtype(dtype)
    if float_dtype.kind != "f":
        raise TypeError(f"dtype must be a floating dtype such as float64; got {float_dtype}")
    params: Params = {}
    for layer in range(1, len(dims)):
        shape = (dims[layer], dims[layer - 1])
        if method == "zeros":
            W = np.zeros(shape)
        else:
            W = rng.standard_normal(shape) * _weight_scale(method, dims[layer - 1])
        params[f"W{layer}"] = W.astype(float_dtype)
        params[f"b{layer}"] = np.zeros((dims[layer], 1), dtype=float_dtype)
    return params
