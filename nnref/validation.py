"""The input checks every public function of nnref runs before it computes.

A check either returns its input in the form the maths needs (a rank-2 floating
array, a validated name, a ``numpy.random.Generator``) or raises with a message
that says what was expected and what came:

- ``TypeError`` when the input is of the wrong kind: strings, ``None``, object or
  complex arrays, a float where an integer is needed.
- ``ValueError`` when the kind is right but the shape or the value is not: a rank-1
  array, an empty array, NaN or inf, shapes that do not match, a non-positive
  learning rate, an unknown activation, loss or initialization name.
- ``FloatingPointError`` when finite inputs give a result beyond the range of the
  floating type (see `raise_float_errors`), so that no NumPy warning escapes.

Examples are columns throughout: an array has shape ``(n, m)``, ``n`` features or
units by ``m`` examples. A rank-1 array of shape ``(n,)`` is refused rather than
guessed at: whether it is one example or one feature is exactly the ambiguity the
column convention removes.
"""

from __future__ import annotations

import functools
import numbers
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, ParamSpec, TypeAlias, TypeVar

import numpy as np
import numpy.typing as npt

__all__ = [
    "FloatArray",
    "FloatRangeError",
    "Params",
    "as_generator",
    "as_matrix",
    "check_choice",
    "check_layer_dims",
    "check_non_negative",
    "check_params",
    "check_positive",
    "check_positive_int",
    "check_same_shape",
    "raise_float_errors",
]

FloatArray: TypeAlias = npt.NDArray[np.floating[Any]]
"""A NumPy array of any floating dtype (float16, float32, float64, ...)."""

Params: TypeAlias = dict[str, FloatArray]
"""Parameters ``{"W1", "b1", ..., "WL", "bL"}`` or gradients ``{"dW1", "db1", ...}``."""

_P = ParamSpec("_P")
_R = TypeVar("_R")

_KIND_NAMES = {
    "U": "strings",
    "S": "bytes",
    "O": "Python objects",
    "c": "complex numbers",
    "M": "dates",
    "m": "time spans",
    "V": "raw records",
}


def as_matrix(value: object, name: str) -> FloatArray:
    """Return ``value`` as a finite, non-empty, rank-2 floating array.

    A floating array is returned as it is (its dtype is kept: float32 stays float32);
    integer and boolean arrays are converted to float64.

    Parameters
    ----------
    value : array_like
        What the caller passed, expected of shape `(n, m)`.
    name : str
        The name the caller knows it by (``"X"``, ``"A"``...), used in messages.

    Returns
    -------
    ndarray of shape (n, m)
        The same data as a floating array.

    Raises
    ------
    TypeError
        If ``value`` is not numeric (``None``, strings, object or complex arrays).
    ValueError
        If it is ragged, not of rank 2, empty, or holds NaN or inf.
    """
    if value is None or isinstance(value, str | bytes):
        raise TypeError(f"{name} must be a numeric array of shape (n, m); got {value!r}")
    try:
        array = np.asarray(value)
    except ValueError as error:
        raise ValueError(f"{name} could not be read as an array of shape (n, m): {error}") from None
    kind = array.dtype.kind
    if kind in "iub":
        array = array.astype(np.float64)
    elif kind != "f":
        what = _KIND_NAMES.get(kind, f"dtype {array.dtype}")
        raise TypeError(
            f"{name} must hold real numbers (a float, int or bool array); "
            f"got an array of {what} (dtype {array.dtype})"
        )
    _check_rank_2(array, name)
    if array.size == 0:
        raise ValueError(f"{name} must not be empty; got shape {array.shape}")
    _check_finite(array, name)
    return array


def _check_rank_2(array: np.ndarray[Any, Any], name: str) -> None:
    if array.ndim == 2:
        return
    if array.ndim == 1:
        (n,) = array.shape
        raise ValueError(
            f"{name} must be a rank-2 array of shape (n, m) with examples as columns; "
            f"got a rank-1 array of shape ({n},). Use {name}.reshape({n}, 1) for one "
            f"column or {name}.reshape(1, {n}) for one row."
        )
    if array.ndim == 0:
        raise ValueError(
            f"{name} must be a rank-2 array of shape (n, m); got a scalar ({array.item()!r}). "
            f"Use np.full((1, 1), value) for a 1 x 1 array."
        )
    raise ValueError(
        f"{name} must be a rank-2 array of shape (n, m); "
        f"got a rank-{array.ndim} array of shape {array.shape}"
    )


def _check_finite(array: FloatArray, name: str) -> None:
    finite = np.isfinite(array)
    if finite.all():
        return
    problems = []
    nan_count = int(np.isnan(array).sum())
    if nan_count:
        problems.append(f"{nan_count} NaN")
    inf_count = array.size - int(finite.sum()) - nan_count
    if inf_count:
        problems.append(f"{inf_count} inf")
    first = tuple(int(i) for i in np.argwhere(~finite)[0])
    raise ValueError(
        f"{name} must contain only finite numbers; it contains {' and '.join(problems)} "
        f"(first at index {first})"
    )


def check_same_shape(
    first: FloatArray, first_name: str, second: FloatArray, second_name: str
) -> None:
    """Refuse two arrays whose shapes differ, naming both shapes.

    Raises
    ------
    ValueError
        If ``first.shape != second.shape``.
    """
    if first.shape != second.shape:
        raise ValueError(
            f"{first_name} and {second_name} must have the same shape; "
            f"got {first_name} of shape {first.shape} and {second_name} of shape {second.shape}"
        )


def check_choice(value: object, valid: Iterable[str], what: str) -> str:
    """Return ``value`` if it is one of the ``valid`` names.

    Parameters
    ----------
    value : str
        The name the caller passed (an activation, a loss, an initialization method).
    valid : iterable of str
        The names that exist.
    what : str
        What kind of name it is, for the message (``"activation"``...).

    Raises
    ------
    TypeError
        If ``value`` is not a string.
    ValueError
        If it is not one of ``valid``; the message lists the valid names.
    """
    names = list(valid)
    listed = ", ".join(repr(name) for name in names)
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a name, one of {listed}; got {value!r}")
    if value not in names:
        raise ValueError(f"unknown {what} {value!r}; valid names: {listed}")
    return value


def _real_number(value: object, name: str) -> float:
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number; got {value!r}")
    number = float(value)
    if not np.isfinite(number):
        raise ValueError(f"{name} must be finite; got {number}")
    return number


def check_positive(value: object, name: str) -> float:
    """Return ``value`` as a float after checking it is a finite number > 0.

    Raises
    ------
    TypeError
        If ``value`` is not a real number (booleans are refused).
    ValueError
        If it is not finite or not positive.
    """
    number = _real_number(value, name)
    if number <= 0:
        raise ValueError(f"{name} must be positive; got {number}")
    return number


def check_non_negative(value: object, name: str) -> float:
    """Return ``value`` as a float after checking it is a finite number >= 0.

    Raises
    ------
    TypeError
        If ``value`` is not a real number (booleans are refused).
    ValueError
        If it is not finite or negative.
    """
    number = _real_number(value, name)
    if number < 0:
        raise ValueError(f"{name} must be zero or positive; got {number}")
    return number


def check_positive_int(value: object, name: str) -> int:
    """Return ``value`` as an int after checking it is an integer >= 1.

    Raises
    ------
    TypeError
        If ``value`` is not an integer (booleans and floats such as ``10.0`` are refused).
    ValueError
        If it is smaller than 1.
    """
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a positive integer; got {value!r}")
    number = int(value)
    if number < 1:
        raise ValueError(f"{name} must be a positive integer (1 or more); got {number}")
    return number


def as_generator(seed: object, name: str = "seed") -> np.random.Generator:
    """Return the random generator a seed stands for.

    Parameters
    ----------
    seed : int or numpy.random.Generator
        A non-negative integer seeds a new generator; a generator is used as it is
        (and advanced), so several calls can share one stream.

    Raises
    ------
    TypeError
        If ``seed`` is neither an integer nor a ``numpy.random.Generator``.
    ValueError
        If it is a negative integer.
    """
    if isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, bool | np.bool_) or not isinstance(seed, numbers.Integral):
        raise TypeError(
            f"{name} must be a non-negative int or a numpy.random.Generator; got {seed!r}"
        )
    if int(seed) < 0:
        raise ValueError(f"{name} must be a non-negative int; got {int(seed)}")
    return np.random.default_rng(int(seed))


def check_layer_dims(layer_dims: object) -> list[int]:
    """Return ``layer_dims`` as a list of at least two positive ints.

    ``layer_dims[0]`` is the number of input features ``n[0] = n_x`` and
    ``layer_dims[l]`` the number of units ``n[l]`` of layer ``l``.

    Raises
    ------
    TypeError
        If it is not a sequence of integers.
    ValueError
        If it has fewer than two entries or an entry below 1.
    """
    if not isinstance(layer_dims, Sequence) or isinstance(layer_dims, str):
        raise TypeError(
            f"layer_dims must be a list of ints such as [n_x, n_1, ..., n_L]; got {layer_dims!r}"
        )
    if len(layer_dims) < 2:
        raise ValueError(
            "layer_dims must hold at least two sizes, the inputs and the output layer "
            f"[n_x, ..., n_L]; got {list(layer_dims)}"
        )
    return [check_positive_int(size, f"layer_dims[{i}]") for i, size in enumerate(layer_dims)]


_PARAM_KEY = re.compile(r"^([Wb])([1-9][0-9]*)$")


def check_params(params: object, name: str = "params") -> Params:
    """Return a parameters dict after checking its keys and the shapes it chains.

    A network of ``L`` layers has exactly the keys ``W1, b1, ..., WL, bL``, with
    ``W[l]`` of shape `(n[l], n[l-1])` and ``b[l]`` of shape `(n[l], 1)`.

    Parameters
    ----------
    params : mapping of str to array_like
        The parameters, e.g. from `nnref.init.initialize`.
    name : str
        How the caller calls the dict, for messages.

    Returns
    -------
    dict of str to ndarray
        A new dict (in layer order) holding the checked arrays.

    Raises
    ------
    TypeError
        If ``params`` is not a mapping or an entry is not numeric.
    ValueError
        If keys are missing or unexpected, or if shapes do not chain.
    """
    if not isinstance(params, Mapping):
        raise TypeError(f"{name} must be a dict {{'W1', 'b1', ...}}; got {type(params).__name__}")
    layers = set()
    for key in params:
        match = _PARAM_KEY.match(key) if isinstance(key, str) else None
        if match is None:
            raise ValueError(f"{name} has an unexpected key {key!r}; expected W1, b1, ..., WL, bL")
        layers.add(int(match.group(2)))
    if not layers:
        raise ValueError(f"{name} is empty; expected the keys W1, b1, ..., WL, bL")
    L = max(layers)
    missing = [
        f"{kind}{layer}"
        for layer in range(1, L + 1)
        for kind in "Wb"
        if f"{kind}{layer}" not in params
    ]
    if missing:
        raise ValueError(
            f"{name} of a {L}-layer network needs W1, b1, ..., W{L}, b{L}; "
            f"missing {', '.join(missing)}"
        )
    checked: Params = {}
    for layer in range(1, L + 1):
        W = as_matrix(params[f"W{layer}"], f"{name}['W{layer}']")
        b = as_matrix(params[f"b{layer}"], f"{name}['b{layer}']")
        if b.shape != (W.shape[0], 1):
            raise ValueError(
                f"{name}['b{layer}'] must have shape (n[{layer}], 1) = ({W.shape[0]}, 1) to match "
                f"W{layer} of shape {W.shape}; got {b.shape}"
            )
        units_before = checked[f"W{layer - 1}"].shape[0] if layer > 1 else W.shape[1]
        if W.shape[1] != units_before:
            raise ValueError(
                f"{name}['W{layer}'] must have n[{layer - 1}] = {units_before} columns "
                f"(the units of layer {layer - 1}); got shape {W.shape}"
            )
        checked[f"W{layer}"] = W
        checked[f"b{layer}"] = b
    return checked


class FloatRangeError(FloatingPointError):
    """A result beyond the range of its floating type (overflow, or inf - inf)."""


def raise_float_errors(function: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run ``function`` with NumPy's overflow, divide and invalid errors raised.

    NumPy only warns when a result overflows; nnref instead raises
    `FloatRangeError` (a ``FloatingPointError``) naming the function, so
    no warning escapes and a diverging computation stops where it starts.
    Underflow to zero stays silent: ``exp(-1000) = 0`` is the right answer.
    """

    @functools.wraps(function)
    def guarded(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with np.errstate(over="raise", divide="raise", invalid="raise", under="ignore"):
            try:
                return function(*args, **kwargs)
            except FloatRangeError:
                raise
            except FloatingPointError as error:
                raise FloatRangeError(
                    f"{function.__module__}.{function.__qualname__}: {error}; a result is "
                    "beyond the range of the floating type, rescale the inputs"
                ) from error

    return guarded
