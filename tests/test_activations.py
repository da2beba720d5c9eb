"""nnref.activations against SciPy, central differences and values worked by hand."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy import special

from nnref import activations
from nnref.activations import ACTIVATIONS

ELEMENTWISE = [name for name, pair in ACTIVATIONS.items() if pair.grad is not None]
PROPERTY = settings(max_examples=40, deadline=None)

# Outside witnesses for each function, written independently of nnref's formulas.
REFERENCES: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "sigmoid": special.expit,
    "tanh": lambda Z: 2 * special.expit(2 * Z) - 1,
    "relu": lambda Z: (Z + np.abs(Z)) / 2,
    "leaky_relu": lambda Z: np.maximum(Z, 0.01 * Z),
    "identity": lambda Z: Z,
    "softmax": lambda Z: special.softmax(Z, axis=0),
}
GRAD_REFERENCES: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "sigmoid": lambda Z: special.expit(Z) * special.expit(-Z),
    "tanh": lambda Z: 1 / np.cosh(Z) ** 2,
    "relu": lambda Z: np.heaviside(Z, 0.0),
    "leaky_relu": lambda Z: np.where(Z > 0, 1.0, 0.01),
    "identity": np.ones_like,
}


def away_from_kinks(rng: np.random.Generator, shape: tuple[int, int]) -> np.ndarray:
    """Points for finite differences: spread out, none within 0.05 of relu's kink."""
    Z = 3 * rng.standard_normal(shape)
    return np.where(np.abs(Z) < 0.05, Z + 0.1, Z)


def finite_floats(width: int = 64) -> st.SearchStrategy[np.ndarray]:
    return hnp.arrays(
        np.float64 if width == 64 else np.float32,
        hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=5),
        elements=st.floats(allow_nan=False, allow_infinity=False, width=width),
    )


# --- the outside reference -------------------------------------------------------------


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_matches_reference(name: str, rng: np.random.Generator, assert_matches) -> None:
    Z = 5 * rng.standard_normal((4, 7))
    assert_matches(
        ACTIVATIONS[name].function(Z), REFERENCES[name](Z), rtol=1e-13, atol=1e-15, what=name
    )


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_grad_matches_reference(name: str, rng: np.random.Generator, assert_matches) -> None:
    Z = away_from_kinks(rng, (4, 7))
    grad = ACTIVATIONS[name].grad
    assert grad is not None
    assert_matches(grad(Z), GRAD_REFERENCES[name](Z), rtol=1e-12, atol=1e-15, what=f"{name}'")


# --- central differences -----------------------------------------------------------------


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_grad_matches_central_difference(name: str, rng: np.random.Generator) -> None:
    function, grad = ACTIVATIONS[name].function, ACTIVATIONS[name].grad
    assert grad is not None
    Z = away_from_kinks(rng, (5, 8))
    h = 1e-6
    numerical = (function(Z + h) - function(Z - h)) / (2 * h)
    analytic = grad(Z)
    error = np.linalg.norm(analytic - numerical) / (
        np.linalg.norm(analytic) + np.linalg.norm(numerical)
    )
    assert error < 1e-7, f"{name}: nnref's grad vs central difference, relative error {error:.2e}"


@pytest.mark.parametrize("alpha", [0.0, 0.2, 1.0])
def test_leaky_relu_alpha_grad_matches_central_difference(
    alpha: float, rng: np.random.Generator
) -> None:
    Z = away_from_kinks(rng, (3, 5))
    h = 1e-6
    numerical = (activations.leaky_relu(Z + h, alpha) - activations.leaky_relu(Z - h, alpha)) / (
        2 * h
    )
    np.testing.assert_allclose(activations.leaky_relu_grad(Z, alpha), numerical, rtol=1e-8)


def test_softmax_jacobian_matches_central_difference(rng: np.random.Generator) -> None:
    """The Jacobian of one column is diag(a) - a a^T: the identity behind dZ = A - Y."""
    z = rng.standard_normal((4, 1))
    a = activations.softmax(z)
    h = 1e-6
    numerical = np.hstack(
        [
            (activations.softmax(z + h * e) - activations.softmax(z - h * e)) / (2 * h)
            for e in np.eye(4)[:, :, None]
        ]
    )
    np.testing.assert_allclose(np.diagflat(a) - a @ a.T, numerical, atol=1e-9)


# --- by hand, and the edges -------------------------------------------------------------


def test_sigmoid_by_hand() -> None:
    Z = np.array([[0.0, np.log(3.0), -np.log(3.0)]])
    np.testing.assert_allclose(activations.sigmoid(Z), [[0.5, 0.75, 0.25]], rtol=1e-15)
    np.testing.assert_allclose(activations.sigmoid_grad(Z), [[0.25, 0.1875, 0.1875]], rtol=1e-14)


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_sigmoid_is_exact_far_out(dtype: type) -> None:
    Z = np.array([[-1000.0, 1000.0, -1e30 if dtype != np.float16 else -6e4]], dtype=dtype)
    A = activations.sigmoid(Z)
    assert A.tolist() == [[0.0, 1.0, 0.0]]
    assert activations.sigmoid_grad(Z).tolist() == [[0.0, 0.0, 0.0]]


def test_tanh_by_hand() -> None:
    Z = np.array([[0.0, np.log(2.0)]])
    np.testing.assert_allclose(activations.tanh(Z), [[0.0, 0.6]], atol=1e-16)
    np.testing.assert_allclose(activations.tanh_grad(Z), [[1.0, 0.64]], rtol=1e-15)
    assert activations.tanh(np.array([[-1e4, 1e4]])).tolist() == [[-1.0, 1.0]]


def test_relu_and_its_documented_value_at_zero() -> None:
    Z = np.array([[-2.0, 0.0, 3.0]])
    assert activations.relu(Z).tolist() == [[0.0, 0.0, 3.0]]
    assert activations.relu_grad(Z).tolist() == [[0.0, 0.0, 1.0]]


def test_leaky_relu_by_hand() -> None:
    Z = np.array([[-2.0, 0.0, 3.0]])
    np.testing.assert_allclose(activations.leaky_relu(Z, 0.1), [[-0.2, 0.0, 3.0]])
    np.testing.assert_allclose(activations.leaky_relu_grad(Z, 0.1), [[0.1, 0.1, 1.0]])
    np.testing.assert_allclose(activations.leaky_relu(Z), [[-0.02, 0.0, 3.0]])


def test_softmax_by_hand() -> None:
    Z = np.log(np.array([[1.0, 5.0], [2.0, 5.0], [3.0, 5.0]]))
    np.testing.assert_allclose(
        activations.softmax(Z), [[1 / 6, 1 / 3], [1 / 3, 1 / 3], [1 / 2, 1 / 3]], rtol=1e-15
    )


def test_softmax_is_stable_for_huge_inputs() -> None:
    Z = np.array([[1000.0, 1e308, -1e308], [1000.0, -1e308, -1e308]])
    assert activations.softmax(Z).tolist() == [[0.5, 1.0, 0.5], [0.5, 0.0, 0.5]]


def test_softmax_works_per_column() -> None:
    """Each column is one example: changing one column leaves the others alone."""
    Z = np.array([[1.0, 2.0], [3.0, 4.0]])
    changed = Z.copy()
    changed[:, 1] = [10.0, -10.0]
    assert activations.softmax(Z)[:, 0].tolist() == activations.softmax(changed)[:, 0].tolist()


@pytest.mark.parametrize("name", list(ACTIVATIONS))
@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_dtype_is_kept(name: str, dtype: type, rng: np.random.Generator) -> None:
    Z = rng.standard_normal((3, 4)).astype(dtype)
    pair = ACTIVATIONS[name]
    assert pair.function(Z).dtype == pair.kernel(Z).dtype == dtype
    if pair.grad is not None:
        assert pair.grad_kernel is not None
        assert pair.grad(Z).dtype == pair.grad_kernel(Z).dtype == dtype


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_kernels_compute_what_the_checked_functions_do(name: str, rng: np.random.Generator) -> None:
    """The model's inner loop runs the kernels: they must agree bit for bit, the
    relu kink at 0 included, and differ only in not checking their input."""
    Z = np.vstack([5 * rng.standard_normal((4, 9)), np.zeros((1, 9))])
    pair = ACTIVATIONS[name]
    np.testing.assert_array_equal(pair.kernel(Z), pair.function(Z))
    assert (pair.grad is None) == (pair.grad_kernel is None)
    if pair.grad is not None and pair.grad_kernel is not None:
        np.testing.assert_array_equal(pair.grad_kernel(Z), pair.grad(Z))
    with pytest.raises(ValueError, match="NaN"):
        pair.function(np.full((2, 2), np.nan))


def test_integer_and_list_inputs_become_float64() -> None:
    assert activations.relu([[1, -2]]).dtype == np.float64
    assert activations.sigmoid(np.array([[True, False]])).tolist() == [
        [activations.sigmoid([[1.0]])[0, 0], 0.5]
    ]


def test_registry() -> None:
    tanh = activations.get_activation("tanh")
    assert (tanh.function, tanh.grad) == (activations.tanh, activations.tanh_grad)
    assert activations.get_activation("softmax").grad is None
    with pytest.raises(ValueError, match=r"unknown activation 'swish'; valid names: 'sigmoid'"):
        activations.get_activation("swish")


# --- properties ------------------------------------------------------------------------


@PROPERTY
@given(Z=st.one_of(finite_floats(64), finite_floats(32)))
def test_every_function_is_finite_and_silent_on_any_finite_input(Z: np.ndarray) -> None:
    """Warnings are errors here: no overflow, no invalid value, anywhere in the range."""
    for name, pair in ACTIVATIONS.items():
        outputs = [pair.function(Z)] if pair.grad is None else [pair.function(Z), pair.grad(Z)]
        for output in outputs:
            assert output.shape == Z.shape
            assert np.isfinite(output).all(), name


@PROPERTY
@given(Z=finite_floats())
def test_ranges(Z: np.ndarray) -> None:
    A = activations.sigmoid(Z)
    assert ((A >= 0) & (A <= 1)).all()
    T = activations.tanh(Z)
    assert ((T >= -1) & (T <= 1)).all()
    assert (activations.relu(Z) >= 0).all()
    assert ((activations.sigmoid_grad(Z) >= 0) & (activations.sigmoid_grad(Z) <= 0.25)).all()
    assert ((activations.tanh_grad(Z) >= 0) & (activations.tanh_grad(Z) <= 1)).all()


@PROPERTY
@given(z=hnp.arrays(np.float64, st.integers(2, 30), elements=st.floats(-1e6, 1e6, allow_nan=False)))
def test_monotonic(z: np.ndarray) -> None:
    row = np.sort(z).reshape(1, -1)
    for name in ["sigmoid", "tanh", "relu", "leaky_relu", "identity"]:
        values = ACTIVATIONS[name].function(row)
        assert (np.diff(values) >= 0).all(), f"{name} decreases on {row}"


@PROPERTY
@given(Z=finite_floats())
def test_sigmoid_symmetry(Z: np.ndarray) -> None:
    np.testing.assert_allclose(
        activations.sigmoid(-Z), 1 - activations.sigmoid(Z), atol=2 * np.finfo(float).eps
    )


@PROPERTY
@given(Z=finite_floats(), shift=st.floats(-100, 100))
def test_softmax_columns_are_probabilities(Z: np.ndarray, shift: float) -> None:
    A = activations.softmax(Z)
    assert ((A >= 0) & (A <= 1)).all()
    np.testing.assert_allclose(A.sum(axis=0), 1.0, rtol=1e-12)
    moderate = np.clip(Z, -1e3, 1e3)
    np.testing.assert_allclose(
        activations.softmax(moderate + shift), activations.softmax(moderate), atol=1e-12
    )
