"""nnref.losses against scikit-learn, central differences and values worked by hand."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from sklearn import metrics

from nnref import losses
from nnref.activations import softmax
from nnref.validation import FloatRangeError

PROPERTY = settings(max_examples=40, deadline=None)
LOG_EPS = -np.log(np.finfo(np.float64).eps)  # the cost of a confident wrong answer, clipped


def binary_problem(rng: np.random.Generator, n_y: int = 1, m: int = 9):
    A = rng.uniform(0.02, 0.98, (n_y, m))
    Y = (rng.random((n_y, m)) < 0.5).astype(float)
    return A, Y


def categorical_problem(rng: np.random.Generator, n_y: int = 4, m: int = 9):
    A = softmax(rng.standard_normal((n_y, m)))
    Y = np.eye(n_y)[:, rng.integers(0, n_y, m)]
    return A, Y


def regression_problem(rng: np.random.Generator, n_y: int = 3, m: int = 9):
    return rng.standard_normal((n_y, m)), rng.standard_normal((n_y, m))


PROBLEMS: dict[str, Callable[..., tuple[np.ndarray, np.ndarray]]] = {
    "binary_cross_entropy": binary_problem,
    "categorical_cross_entropy": categorical_problem,
    "mean_squared_error": regression_problem,
    "mean_absolute_error": regression_problem,
}


def sklearn_cost(name: str, A: np.ndarray, Y: np.ndarray) -> float:
    """The same cost from scikit-learn, which averages over rows (examples) of (m, n_y)."""
    if name == "binary_cross_entropy":  # one binary problem per output, summed
        return sum(metrics.log_loss(y, a, labels=[0, 1]) for a, y in zip(A, Y, strict=True))
    if name == "categorical_cross_entropy":
        return metrics.log_loss(Y.argmax(axis=0), A.T, labels=range(A.shape[0]))
    if name == "mean_squared_error":  # scikit-learn has no 1/2 and averages over outputs
        return metrics.mean_squared_error(Y.T, A.T, multioutput="raw_values").sum() / 2
    return metrics.mean_absolute_error(Y.T, A.T, multioutput="raw_values").sum()


# --- the outside reference -------------------------------------------------------------


@pytest.mark.parametrize("name", list(losses.LOSSES))
def test_cost_matches_scikit_learn(name: str, rng: np.random.Generator, assert_matches) -> None:
    A, Y = PROBLEMS[name](rng)
    J = losses.LOSSES[name].function(A, Y)
    assert type(J) is float
    assert_matches(J, sklearn_cost(name, A, Y), rtol=1e-12, what=name)


@pytest.mark.parametrize("n_y", [1, 3])
def test_binary_cross_entropy_of_several_outputs_sums_them(
    n_y: int, rng: np.random.Generator, assert_matches
) -> None:
    A, Y = binary_problem(rng, n_y=n_y)
    assert_matches(
        losses.binary_cross_entropy(A, Y), sklearn_cost("binary_cross_entropy", A, Y), what="BCE"
    )


# --- central differences -----------------------------------------------------------------


def central_difference(cost: Callable[[np.ndarray], float], A: np.ndarray) -> np.ndarray:
    h = 1e-6
    gradient = np.zeros_like(A)
    for index in np.ndindex(A.shape):
        step = np.zeros_like(A)
        step[index] = h
        gradient[index] = (cost(A + step) - cost(A - step)) / (2 * h)
    return gradient


@pytest.mark.parametrize("name", list(losses.LOSSES))
@pytest.mark.parametrize("m", [1, 6])
def test_grad_matches_central_difference(name: str, m: int, rng: np.random.Generator) -> None:
    function, grad = losses.LOSSES[name]
    A, Y = PROBLEMS[name](rng, m=m)
    if name == "categorical_cross_entropy":
        A = np.clip(A, 0.05, 0.95)  # keep A +- h inside [0, 1]; columns need not sum to 1
    numerical = central_difference(lambda nudged: function(nudged, Y), A)
    analytic = grad(A, Y)
    assert analytic.shape == A.shape
    error = np.linalg.norm(analytic - numerical) / (
        np.linalg.norm(analytic) + np.linalg.norm(numerical)
    )
    assert error < 1e-7, f"{name}: nnref's gradient vs central difference, relative error {error}"


# --- by hand, and the edges -------------------------------------------------------------


def test_binary_cross_entropy_of_one_half_is_log_2() -> None:
    half = np.full((1, 4), 0.5)
    labels = np.array([[0.0, 1.0, 1.0, 0.0]])
    assert losses.binary_cross_entropy(half, labels) == pytest.approx(np.log(2), rel=1e-15)
    np.testing.assert_allclose(
        losses.binary_cross_entropy_grad(half, labels), [[0.5, -0.5, -0.5, 0.5]]
    )


def test_binary_cross_entropy_by_hand() -> None:
    A = np.array([[0.8, 0.4]])
    Y = np.array([[1.0, 0.0]])
    expected = -(np.log(0.8) + np.log(0.6)) / 2
    assert losses.binary_cross_entropy(A, Y) == pytest.approx(expected, rel=1e-15)
    np.testing.assert_allclose(
        losses.binary_cross_entropy_grad(A, Y), [[-1 / 0.8 / 2, 1 / 0.6 / 2]], rtol=1e-14
    )
    two_outputs = losses.binary_cross_entropy(np.array([[0.5], [0.5]]), np.array([[1.0], [0.0]]))
    assert two_outputs == pytest.approx(2 * np.log(2), rel=1e-15)


def test_categorical_cross_entropy_by_hand() -> None:
    uniform = np.full((5, 3), 0.2)
    Y = np.eye(5)[:, [0, 2, 4]]
    assert losses.categorical_cross_entropy(uniform, Y) == pytest.approx(np.log(5), rel=1e-15)
    A = np.array([[0.7], [0.2], [0.1]])
    assert losses.categorical_cross_entropy(A, np.array([[0.0], [1.0], [0.0]])) == pytest.approx(
        -np.log(0.2)
    )


def test_squared_and_absolute_errors_by_hand() -> None:
    A = np.array([[1.0, 2.0], [0.0, -1.0]])
    Y = np.zeros((2, 2))
    assert losses.mean_squared_error(A, Y) == pytest.approx((1 + 4 + 0 + 1) / (2 * 2))
    np.testing.assert_allclose(losses.mean_squared_error_grad(A, Y), A / 2)
    assert losses.mean_absolute_error(A, Y) == pytest.approx((1 + 2 + 0 + 1) / 2)
    np.testing.assert_allclose(
        losses.mean_absolute_error_grad(A, Y), [[0.5, 0.5], [0.0, -0.5]]
    )  # sign(0) = 0: the documented subgradient


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_cross_entropies_are_finite_at_zero_and_one(dtype: type) -> None:
    A = np.array([[0.0, 1.0, 0.0, 1.0]], dtype=dtype)
    Y = np.array([[1.0, 0.0, 0.0, 1.0]])
    log_eps = -np.log(np.finfo(dtype).eps)
    assert losses.binary_cross_entropy(A, Y) == pytest.approx(2 * log_eps / 4, rel=1e-5)
    grad = losses.binary_cross_entropy_grad(A, Y)
    assert np.isfinite(grad).all() and grad.dtype == dtype
    assert np.sign(grad).tolist() == [[-1, 1, 1, -1]]
    onehot = np.array([[1.0, 0.0], [0.0, 1.0]])
    certain = np.array([[0.0, 0.0], [1.0, 1.0]], dtype=dtype)
    assert losses.categorical_cross_entropy(certain, onehot) == pytest.approx(log_eps / 2, rel=1e-5)
    assert np.isfinite(losses.categorical_cross_entropy_grad(certain, onehot)).all()


def test_a_confident_right_answer_costs_nothing() -> None:
    Y = np.array([[0.0, 1.0, 1.0]])
    assert losses.binary_cross_entropy(Y, Y) < 1e-15
    assert losses.categorical_cross_entropy(np.eye(3), np.eye(3)) == 0.0
    assert losses.binary_cross_entropy(1 - Y, Y) == pytest.approx(LOG_EPS, rel=1e-6)


@pytest.mark.parametrize("name", list(losses.LOSSES))
def test_gradient_keeps_float32(name: str, rng: np.random.Generator) -> None:
    A, Y = PROBLEMS[name](rng)
    grad = losses.LOSSES[name].grad(A.astype(np.float32), Y)
    assert grad.dtype == np.float32
    assert type(losses.LOSSES[name].function(A.astype(np.float32), Y)) is float


def test_soft_labels_are_accepted() -> None:
    assert losses.binary_cross_entropy([[0.3]], [[0.3]]) == pytest.approx(
        -(0.3 * np.log(0.3) + 0.7 * np.log(0.7))
    )
    smoothed = np.array([[0.9, 0.05], [0.05, 0.9], [0.05, 0.05]])
    assert losses.categorical_cross_entropy(smoothed, smoothed) > 0


# --- refusals --------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(losses.LOSSES))
def test_shapes_must_match(name: str) -> None:
    for function in losses.LOSSES[name]:
        with pytest.raises(
            ValueError, match=r"A and Y must have the same shape; got A of shape \(1, 3\) "
        ):
            function(np.full((1, 3), 0.5), np.ones((1, 4)))


@pytest.mark.parametrize("name", ["binary_cross_entropy", "categorical_cross_entropy"])
def test_probabilities_must_be_in_zero_one(name: str) -> None:
    inside = np.array([[0.5], [0.5]])
    with pytest.raises(ValueError, match=rf"{name} needs Y in \[0, 1\] \(probabilities\); got "):
        losses.LOSSES[name].function(inside, np.array([[2.0], [-1.0]]))
    with pytest.raises(
        ValueError,
        match=rf"{name} needs A in \[0, 1\] \(probabilities\); got values from 0.5 to 1.5",
    ):
        losses.LOSSES[name].grad(np.array([[0.5], [1.5]]), np.array([[1.0], [0.0]]))


def test_categorical_targets_must_sum_to_one() -> None:
    A = np.full((3, 2), 1 / 3)
    with pytest.raises(ValueError, match=r"every column of Y to sum to 1 .* column 1 sums to 2"):
        losses.categorical_cross_entropy(A, np.array([[1.0, 1.0], [0.0, 1.0], [0.0, 0.0]]))


def test_registry_lists_valid_names() -> None:
    assert losses.get_loss("mean_squared_error").grad is losses.mean_squared_error_grad
    with pytest.raises(ValueError, match=r"unknown loss 'hinge'; valid names: .*'mean_absolute"):
        losses.get_loss("hinge")


def test_overflow_raises_instead_of_warning() -> None:
    with pytest.raises(FloatRangeError, match=r"nnref.losses.mean_squared_error: overflow"):
        losses.mean_squared_error([[1e200]], [[-1e200]])


# --- properties ------------------------------------------------------------------------

probabilities = hnp.arrays(
    np.float64,
    hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=4),
    elements=st.one_of(st.sampled_from([0.0, 1.0]), st.floats(0, 1)),
)


@PROPERTY
@given(A=probabilities, data=st.data())
def test_binary_cross_entropy_is_finite_non_negative_and_least_at_y(A, data) -> None:
    Y = data.draw(hnp.arrays(np.float64, A.shape, elements=st.floats(0, 1)))
    J = losses.binary_cross_entropy(A, Y)
    assert 0 <= J <= A.shape[0] * LOG_EPS * (1 + 1e-12)
    assert np.isfinite(losses.binary_cross_entropy_grad(A, Y)).all()
    assert J >= losses.binary_cross_entropy(Y, Y) - 1e-12


@PROPERTY
@given(logits=hnp.arrays(np.float64, (4, 3), elements=st.floats(-1e300, 1e300)))
def test_categorical_cross_entropy_is_finite_and_non_negative(logits: np.ndarray) -> None:
    A = softmax(logits)
    Y = np.eye(4)[:, [0, 3, 1]]
    J = losses.categorical_cross_entropy(A, Y)
    assert 0 <= J <= LOG_EPS * (1 + 1e-12)
    assert np.isfinite(losses.categorical_cross_entropy_grad(A, Y)).all()


@PROPERTY
@given(a=st.lists(st.floats(0, 1), min_size=2, max_size=20))
def test_binary_cross_entropy_falls_as_the_prediction_nears_the_label(a: list[float]) -> None:
    row = np.sort(a).reshape(1, -1)
    per_example = [losses.binary_cross_entropy(row[:, [i]], [[1.0]]) for i in range(row.size)]
    assert all(later <= earlier for earlier, later in itertools.pairwise(per_example))


# Magnitudes whose squares neither overflow nor underflow to zero in float64.
_REPRESENTABLE_SQUARES = st.floats(-1e100, 1e100).filter(lambda v: v == 0 or abs(v) > 1e-100)


@PROPERTY
@given(
    A=hnp.arrays(np.float64, (2, 3), elements=_REPRESENTABLE_SQUARES),
    Y=hnp.arrays(np.float64, (2, 3), elements=_REPRESENTABLE_SQUARES),
)
def test_regression_losses_are_non_negative_and_zero_only_at_y(A, Y) -> None:
    for name in ["mean_squared_error", "mean_absolute_error"]:
        function = losses.LOSSES[name].function
        assert function(A, A) == 0.0
        assert function(A, Y) >= 0
        assert (function(A, Y) > 0) == bool((A != Y).any())
