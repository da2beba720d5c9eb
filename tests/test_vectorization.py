"""nnref.vectorization: the loops and the matrix products give the same numbers."""

from __future__ import annotations

import numpy as np
import pytest

from nnref import gradcheck, model, vectorization


def logistic_problem(rng: np.random.Generator, n_x: int = 4, m: int = 25, scale: float = 1.0):
    X = rng.standard_normal((n_x, m))
    Y = (rng.random((1, m)) < 0.5).astype(float)
    W = scale * rng.standard_normal((1, n_x))
    b = scale * rng.standard_normal((1, 1))
    return X, Y, W, b


@pytest.mark.parametrize("scale", [0.0, 1.0, 50.0], ids=["at-zero", "moderate", "saturated"])
def test_loops_and_vectorized_agree(scale: float, rng: np.random.Generator) -> None:
    X, Y, W, b = logistic_problem(rng, scale=scale)
    np.testing.assert_allclose(
        vectorization.logistic_forward_loop(X, W, b),
        vectorization.logistic_forward_vectorized(X, W, b),
        rtol=1e-12,
        err_msg="loop (actual) vs vectorized (desired)",
    )
    loop = vectorization.logistic_gradients_loop(X, Y, W, b)
    vectorized = vectorization.logistic_gradients_vectorized(X, Y, W, b)
    assert loop.cost == pytest.approx(vectorized.cost, rel=1e-12)
    np.testing.assert_allclose(loop.dW, vectorized.dW, rtol=1e-10, atol=1e-15)
    np.testing.assert_allclose(loop.db, vectorized.db, rtol=1e-10, atol=1e-15)


def test_both_are_the_gradient_of_the_cost(rng: np.random.Generator) -> None:
    X, Y, W, b = logistic_problem(rng, m=8)
    loop = vectorization.logistic_gradients_loop(X, Y, W, b)
    result = gradcheck.check_backward(X, Y, {"W1": W, "b1": b}, output="sigmoid")
    numerical = result.numerical
    np.testing.assert_allclose(loop.dW, numerical["dW1"], rtol=1e-6)
    np.testing.assert_allclose(loop.db, numerical["db1"], rtol=1e-6)
    AL, caches = model.forward(X, {"W1": W, "b1": b}, output="sigmoid")
    grads = model.backward(AL, Y, caches)
    np.testing.assert_allclose(loop.dW, grads["dW1"], rtol=1e-12)
    assert loop.cost == pytest.approx(model.cost(AL, Y), rel=1e-12)


def test_by_hand() -> None:
    X = np.array([[1.0, -1.0]])
    Y = np.array([[1.0, 0.0]])
    W, b = np.zeros((1, 1)), np.zeros((1, 1))  # a = 1/2 for both examples
    for step in [
        vectorization.logistic_gradients_loop,
        vectorization.logistic_gradients_vectorized,
    ]:
        cost, dW, db = step(X, Y, W, b)
        assert cost == pytest.approx(np.log(2))
        assert dW.tolist() == [[((0.5 - 1) * 1 + (0.5 - 0) * -1) / 2]]
        assert db.tolist() == [[0.0]]


def test_dtype_and_shapes(rng: np.random.Generator) -> None:
    X, Y, W, b = (array.astype(np.float32) for array in logistic_problem(rng))
    for step in [
        vectorization.logistic_gradients_loop,
        vectorization.logistic_gradients_vectorized,
    ]:
        _, dW, db = step(X, Y, W, b)
        assert dW.shape == (1, 4) and db.shape == (1, 1)
        assert dW.dtype == db.dtype == np.float32


def test_refuses_shapes_of_another_convention(rng: np.random.Generator) -> None:
    X, Y, W, b = logistic_problem(rng)
    with pytest.raises(
        ValueError, match=r"W of shape \(1, n_x\) = \(1, 4\).*got W of shape \(4, 1\)"
    ):
        vectorization.logistic_forward_loop(X, W.T, b)
    with pytest.raises(ValueError, match=r"Y must have shape \(1, m\) = \(1, 25\)"):
        vectorization.logistic_gradients_loop(X, Y.T, W, b)
    with pytest.raises(ValueError, match=r"Y must hold labels in \[0, 1\]"):
        vectorization.logistic_gradients_vectorized(X, 2 * Y + 1, W, b)
