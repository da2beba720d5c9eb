r"""Data sets in the column convention: ``X`` of shape `(n_x, m)`, ``Y`` of shape `(n_y, m)`.

Two small real data sets that scikit-learn ships inside its package (nothing is
downloaded), split into training and test sets with a seed (stratified: each class
keeps its share in both) and standardised with the **training** statistics only,
so nothing about the test set leaks into training:

$$x_j \leftarrow \frac{x_j - \mu_j}{s_j}, \qquad \mu_j, s_j \text{ the mean and standard
deviation of feature } j \text{ over the training examples}$$

(a feature constant over the training set, $s_j = 0$, is only centred).

And toy sets in the plane ($n_x = 2$), generated with a seed, with labels
``Y`` of shape `(1, m)` in $\{0, 1\}$: `xor`, `moons`, `circles`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from nnref.validation import (
    FloatArray,
    as_generator,
    check_non_negative,
    check_positive,
    check_positive_int,
)

__all__ = ["SplitDataset", "breast_cancer", "circles", "digits", "moons", "xor"]

Labels = npt.NDArray[np.int64]


@dataclass(frozen=True)
class SplitDataset:
    """A data set split into standardised training and test sets."""

    X_train: FloatArray
    """Inputs, shape `(n_x, m_train)`, standardised."""
    Y_train: FloatArray
    """Targets, shape `(n_y, m_train)`: 0/1 labels for two classes, one-hot for more."""
    X_test: FloatArray
    """Inputs, shape `(n_x, m_test)`, standardised with the training statistics."""
    Y_test: FloatArray
    """Targets, shape `(n_y, m_test)`."""
    labels_train: Labels
    """Class numbers, shape `(1, m_train)`, integers in ``range(len(class_names))``."""
    labels_test: Labels
    """Class numbers, shape `(1, m_test)`."""
    class_names: tuple[str, ...]
    """The name of each class number."""
    feature_names: tuple[str, ...]
    """The name of each row of ``X``."""


def _check_fraction(test_fraction: object) -> float:
    fraction = check_positive(test_fraction, "test_fraction")
    if fraction >= 1:
        raise ValueError(f"test_fraction must be between 0 and 1; got {fraction}")
    return fraction


def _stratified_split(
    labels: Labels, test_fraction: float, rng: np.random.Generator
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """Indices of the training and test examples, each class split in proportion."""
    is_test = np.zeros(labels.size, dtype=bool)
    for label in np.unique(labels):
        members = rng.permutation(np.flatnonzero(labels == label))
        is_test[members[: int(test_fraction * members.size + 0.5)]] = True  # round half up
    if is_test.all() or not is_test.any():
        raise ValueError(
            f"test_fraction = {test_fraction} leaves the training or the test set empty "
            f"for {labels.size} examples"
        )
    return rng.permutation(np.flatnonzero(~is_test)), rng.permutation(np.flatnonzero(is_test))


def _split_and_standardise(
    features: npt.NDArray[Any],
    labels: npt.ArrayLike,
    class_names: tuple[str, ...],
    feature_names: tuple[str, ...],
    test_fraction: float,
    rng: np.random.Generator,
) -> SplitDataset:
    X = np.asarray(features, dtype=np.float64).T
    label_row = np.asarray(labels, dtype=np.int64).reshape(1, -1)
    train, test = _stratified_split(label_row[0], test_fraction, rng)
    mean = X[:, train].mean(axis=1, keepdims=True)
    spread = X[:, train].std(axis=1, keepdims=True)
    spread[spread == 0] = 1
    if len(class_names) == 2:
        Y = label_row.astype(np.float64)
    else:
        Y = (np.arange(len(class_names)).reshape(-1, 1) == label_row).astype(np.float64)
    return SplitDataset(
        X_train=(X[:, train] - mean) / spread,
        Y_train=Y[:, train],
        X_test=(X[:, test] - mean) / spread,
        Y_test=Y[:, test],
        labels_train=label_row[:, train],
        labels_test=label_row[:, test],
        class_names=class_names,
        feature_names=feature_names,
    )


def breast_cancer(test_fraction: float = 0.2, seed: int | np.random.Generator = 0) -> SplitDataset:
    """The Wisconsin diagnostic breast cancer data set: 569 tumours, 30 features.

    From ``sklearn.datasets.load_breast_cancer`` (bundled with scikit-learn). The
    label is scikit-learn's: ``Y = 0`` malignant (212 tumours), ``Y = 1`` benign (357).

    Parameters
    ----------
    test_fraction : float, default 0.2
        The share of each class set aside for testing, in $(0, 1)$, rounded to the
        nearest example class by class.
    seed : int or numpy.random.Generator, default 0
        Drives the split: the same seed, the same split.

    Returns
    -------
    SplitDataset
        ``X_train`` of shape `(30, m_train)`, ``Y_train`` of shape `(1, m_train)`,
        likewise for the test set (``m_train + m_test = 569``; with the default
        fraction, 456 and 113).
    """
    fraction, rng = _check_fraction(test_fraction), as_generator(seed)
    from sklearn.datasets import (
        load_breast_cancer,
    )  # here, not at the top: importing it takes a second

    bunch = load_breast_cancer()
    return _split_and_standardise(
        bunch.data,
        bunch.target,
        tuple(str(name) for name in bunch.target_names),
        tuple(str(name) for name in bunch.feature_names),
        fraction,
        rng,
    )


def digits(test_fraction: float = 0.2, seed: int | np.random.Generator = 0) -> SplitDataset:
    """Handwritten digits: 1797 images of 8 x 8 pixels, classes 0 to 9.

    From ``sklearn.datasets.load_digits`` (bundled with scikit-learn). Each column
    of ``X`` is an image read row by row (64 pixels); ``Y`` is one-hot.

    Parameters
    ----------
    test_fraction : float, default 0.2
        The share of each class set aside for testing, in $(0, 1)$, rounded to the
        nearest example class by class.
    seed : int or numpy.random.Generator, default 0
        Drives the split.

    Returns
    -------
    SplitDataset
        ``X_train`` of shape `(64, m_train)`, ``Y_train`` one-hot of shape
        `(10, m_train)`, ``labels_train`` the digits, of shape `(1, m_train)`;
        likewise for the test set.
    """
    fraction, rng = _check_fraction(test_fraction), as_generator(seed)
    from sklearn.datasets import load_digits  # here, not at the top: importing it takes a second

    bunch = load_digits()
    return _split_and_standardise(
        bunch.data,
        bunch.target,
        tuple(str(digit) for digit in range(10)),
        tuple(f"pixel ({row}, {column})" for row in range(8) for column in range(8)),
        fraction,
        rng,
    )


def _check_toy(m: object, noise: object, seed: object) -> tuple[int, float, np.random.Generator]:
    size = check_positive_int(m, "m")
    if size < 2:
        raise ValueError(f"m must be at least 2, one example of each class; got {size}")
    return size, check_non_negative(noise, "noise"), as_generator(seed)


def _two_classes(
    first: FloatArray, second: FloatArray, noise: float, rng: np.random.Generator
) -> tuple[FloatArray, FloatArray]:
    """Stack the points of class 0 and class 1 (columns), add noise, shuffle."""
    X = np.hstack([first, second])
    X = X + noise * rng.standard_normal(X.shape)
    Y = np.hstack([np.zeros((1, first.shape[1])), np.ones((1, second.shape[1]))])
    order = rng.permutation(X.shape[1])
    return X[:, order], Y[:, order]


def xor(
    m: int = 200, noise: float = 0.2, seed: int | np.random.Generator = 0
) -> tuple[FloatArray, FloatArray]:
    r"""Four clusters at the corners $(\pm 1, \pm 1)$, labelled by exclusive or.

    A point near $(x_1, x_2)$ has label 1 when exactly one coordinate is positive,
    so no straight line separates the classes: a network needs a hidden layer.

    Parameters
    ----------
    m : int, default 200
        The number of points, at least 2.
    noise : float, default 0.2
        The standard deviation of the Gaussian noise added to each coordinate.
    seed : int or numpy.random.Generator, default 0
        Drives the corners and the noise.

    Returns
    -------
    X : ndarray of shape (2, m)
        The points.
    Y : ndarray of shape (1, m)
        Labels 0.0 or 1.0.
    """
    m, noise, rng = _check_toy(m, noise, seed)
    bits = rng.integers(0, 2, size=(2, m))
    X = 2.0 * bits - 1 + noise * rng.standard_normal((2, m))
    Y = (bits[0] ^ bits[1]).reshape(1, m).astype(np.float64)
    return X, Y


def moons(
    m: int = 200, noise: float = 0.1, seed: int | np.random.Generator = 0
) -> tuple[FloatArray, FloatArray]:
    r"""Two interleaving half circles, the shape of ``sklearn.datasets.make_moons``.

    Class 0 lies on $(\cos t, \sin t)$ and class 1 on $(1 - \cos t, \tfrac12 - \sin t)$,
    $t$ uniform in $[0, \pi]$; half of the points (rounded down) are in class 0.

    Parameters
    ----------
    m : int, default 200
        The number of points, at least 2.
    noise : float, default 0.1
        The standard deviation of the Gaussian noise added to each coordinate.
    seed : int or numpy.random.Generator, default 0
        Drives the angles, the noise and the order of the points.

    Returns
    -------
    X : ndarray of shape (2, m)
        The points.
    Y : ndarray of shape (1, m)
        Labels 0.0 or 1.0.
    """
    m, noise, rng = _check_toy(m, noise, seed)
    outer = rng.uniform(0, np.pi, m // 2)
    inner = rng.uniform(0, np.pi, m - m // 2)
    return _two_classes(
        np.vstack([np.cos(outer), np.sin(outer)]),
        np.vstack([1 - np.cos(inner), 0.5 - np.sin(inner)]),
        noise,
        rng,
    )


def circles(
    m: int = 200, noise: float = 0.05, seed: int | np.random.Generator = 0, factor: float = 0.5
) -> tuple[FloatArray, FloatArray]:
    r"""Two concentric circles, the shape of ``sklearn.datasets.make_circles``.

    Class 0 lies on the unit circle, class 1 on the circle of radius ``factor``;
    half of the points (rounded down) are in class 0.

    Parameters
    ----------
    m : int, default 200
        The number of points, at least 2.
    noise : float, default 0.05
        The standard deviation of the Gaussian noise added to each coordinate.
    seed : int or numpy.random.Generator, default 0
        Drives the angles, the noise and the order of the points.
    factor : float, default 0.5
        The radius of the inner circle, in $(0, 1)$.

    Returns
    -------
    X : ndarray of shape (2, m)
        The points.
    Y : ndarray of shape (1, m)
        Labels 0.0 or 1.0.
    """
    m, noise, rng = _check_toy(m, noise, seed)
    radius = check_positive(factor, "factor")
    if radius >= 1:
        raise ValueError(f"factor, the inner radius, must be between 0 and 1; got {radius}")
    outer = rng.uniform(0, 2 * np.pi, m // 2)
    inner = rng.uniform(0, 2 * np.pi, m - m // 2)
    return _two_classes(
        np.vstack([np.cos(outer), np.sin(outer)]),
        radius * np.vstack([np.cos(inner), np.sin(inner)]),
        noise,
        rng,
    )
