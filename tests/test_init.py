"""nnref.init: shapes, the variance of each method, and reproducibility by seed."""

from __future__ import annotations

import numpy as np
import pytest

from nnref.init import INIT_METHODS, initialize

LAYER_DIMS = [5, 4, 3, 1]


@pytest.mark.parametrize("method", INIT_METHODS)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_shapes_dtypes_and_zero_biases(method: str, dtype: type) -> None:
    params = initialize(LAYER_DIMS, method, seed=0, dtype=dtype)
    assert list(params) == ["W1", "b1", "W2", "b2", "W3", "b3"]
    for layer in range(1, len(LAYER_DIMS)):
        W, b = params[f"W{layer}"], params[f"b{layer}"]
        assert W.shape == (LAYER_DIMS[layer], LAYER_DIMS[layer - 1])
        assert b.shape == (LAYER_DIMS[layer], 1)
        assert W.dtype == b.dtype == dtype
        assert not b.any()


def test_zeros_are_zeros() -> None:
    assert not any(value.any() for value in initialize(LAYER_DIMS, "zeros", 0).values())


# The standard deviation of each method's weights, for a layer with n inputs.
STANDARD_DEVIATION = {
    "random": lambda n: 0.01,
    "xavier": lambda n: np.sqrt(1 / n),
    "he": lambda n: np.sqrt(2 / n),
}


@pytest.mark.parametrize("method", list(STANDARD_DEVIATION))
@pytest.mark.parametrize("fan_in", [50, 400])
def test_weight_variance(method: str, fan_in: int) -> None:
    W = initialize([fan_in, 500], method, seed=1)["W1"]
    expected = STANDARD_DEVIATION[method](fan_in) ** 2
    # With 500 * fan_in >= 25,000 draws the sample variance is within a few percent.
    assert W.var() == pytest.approx(expected, rel=0.05), f"nnref {W.var()}, expected {expected}"
    assert abs(W.mean()) < 0.05 * np.sqrt(expected)


@pytest.mark.parametrize("method", list(STANDARD_DEVIATION))
def test_draws_come_from_the_seeded_generator(method: str) -> None:
    """The reference: the same standard normal draws NumPy's default_rng(seed) makes."""
    rng = np.random.default_rng(42)
    scale = STANDARD_DEVIATION[method]
    expected_W1 = rng.standard_normal((4, 5)) * scale(5)
    expected_W2 = rng.standard_normal((3, 4)) * scale(4)
    params = initialize(LAYER_DIMS, method, seed=42)
    np.testing.assert_array_equal(params["W1"], expected_W1, err_msg="nnref vs reference")
    np.testing.assert_array_equal(params["W2"], expected_W2, err_msg="nnref vs reference")


def test_same_seed_same_params_and_a_generator_advances() -> None:
    first = initialize(LAYER_DIMS, "he", seed=7)
    again = initialize(LAYER_DIMS, "he", seed=7)
    assert all(np.array_equal(first[key], again[key]) for key in first)
    other = initialize(LAYER_DIMS, "he", seed=8)
    assert not np.array_equal(first["W1"], other["W1"])
    rng = np.random.default_rng(7)
    from_generator = initialize(LAYER_DIMS, "he", seed=rng)
    assert np.array_equal(from_generator["W1"], first["W1"])
    assert not np.array_equal(initialize(LAYER_DIMS, "he", seed=rng)["W1"], first["W1"])


def test_float32_holds_the_float64_draws_rounded() -> None:
    wide = initialize(LAYER_DIMS, "xavier", seed=3)
    narrow = initialize(LAYER_DIMS, "xavier", seed=3, dtype=np.float32)
    np.testing.assert_array_equal(narrow["W2"], wide["W2"].astype(np.float32))


def test_defaults_are_he_and_seed_0() -> None:
    np.testing.assert_array_equal(
        initialize(LAYER_DIMS)["W1"], initialize(LAYER_DIMS, "he", 0)["W1"]
    )
