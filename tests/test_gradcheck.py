"""nnref.gradcheck: exact on known functions, the course's relative error, and bugs caught."""

from __future__ import annotations

import numpy as np
import pytest

from nnref import gradcheck, model
from nnref.init import initialize


def quadratic_setup(rng: np.random.Generator):
    """J = sum(C * W) + 1.5 * sum(b^2): dJ/dW = C and dJ/db = 3 b, known exactly."""
    C = rng.standard_normal((3, 2))
    params = {"W": rng.standard_normal((3, 2)), "b": rng.standard_normal((3, 1))}

    def cost_fn(p):
        return float(np.sum(C * p["W"]) + 1.5 * np.sum(p["b"] ** 2))

    return params, {"dW": C, "db": 3 * params["b"]}, cost_fn


def test_numerical_gradients_of_a_known_function(rng: np.random.Generator, assert_matches) -> None:
    params, exact, cost_fn = quadratic_setup(rng)
    before = {key: value.copy() for key, value in params.items()}
    numerical = gradcheck.numerical_gradients(cost_fn, params, epsilon=1e-5)
    assert list(numerical) == ["dW", "db"]
    for key in exact:
        assert_matches(numerical[key], exact[key], rtol=1e-8, atol=1e-10, what=key)
    for key in params:  # the caller's arrays are never nudged
        np.testing.assert_array_equal(params[key], before[key])


def test_relative_error_by_hand() -> None:
    g = np.array([[3.0, 4.0]])
    assert gradcheck.relative_error(g, g) == 0.0
    assert gradcheck.relative_error(g, -g) == 1.0
    assert gradcheck.relative_error(g, np.zeros((1, 2))) == 1.0
    assert gradcheck.relative_error(np.zeros((1, 2)), np.zeros((1, 2))) == 0.0
    assert gradcheck.relative_error([[1.0, 0.0]], [[0.0, 1.0]]) == pytest.approx(np.sqrt(2) / 2)
    assert gradcheck.relative_error(g, 1.01 * g) == pytest.approx(0.01 / 2.01)


@pytest.mark.parametrize(
    ("error", "verdict"),
    [(0.0, "great"), (5e-8, "great"), (5e-6, "fine"), (1e-4, "suspicious"), (0.02, "likely a bug")],
)
def test_verdicts(error: float, verdict: str) -> None:
    assert gradcheck.verdict(error) == verdict


def test_gradient_check_passes_exact_gradients(rng: np.random.Generator) -> None:
    params, exact, cost_fn = quadratic_setup(rng)
    result = gradcheck.gradient_check(params, exact, cost_fn)
    assert result.relative_error < gradcheck.GREAT
    assert set(result.per_parameter) == {"W", "b"}
    assert result.verdict == "great"


def test_gradient_check_names_the_wrong_parameter(rng: np.random.Generator) -> None:
    params, exact, cost_fn = quadratic_setup(rng)
    wrong = {"dW": exact["dW"], "db": 1.1 * exact["db"]}  # a planted 10 % bug in db
    result = gradcheck.gradient_check(params, wrong, cost_fn)
    assert result.relative_error > gradcheck.LIKELY_BUG
    assert result.verdict == "likely a bug"
    assert result.per_parameter["W"] < gradcheck.GREAT
    assert result.per_parameter["b"] == pytest.approx(0.1 / 2.1, rel=1e-4)


def test_a_backward_pass_with_a_missing_term_is_caught(rng: np.random.Generator) -> None:
    """Forget the 1/m in dW1 and the check says so."""
    X = rng.standard_normal((3, 6))
    Y = (rng.random((1, 6)) < 0.5).astype(float)
    params = initialize([3, 4, 1], "xavier", 0)
    AL, caches = model.forward(X, params, "tanh")
    grads = model.backward(AL, Y, caches)
    grads["dW1"] = grads["dW1"] * X.shape[1]

    def cost_fn(p):
        return model.cost(model.forward(X, p, "tanh")[0], Y)

    result = gradcheck.gradient_check(params, grads, cost_fn)
    assert result.verdict == "likely a bug"
    assert max(result.per_parameter, key=result.per_parameter.__getitem__) == "W1"


def test_check_backward_works_in_float64_whatever_the_input(rng: np.random.Generator) -> None:
    X = rng.standard_normal((3, 5)).astype(np.float32)
    Y = (rng.random((2, 5)) < 0.5).astype(np.float32)
    params = initialize([3, 4, 2], "xavier", 0, dtype=np.float32)
    result = gradcheck.check_backward(X, Y, params, hidden="tanh")
    assert result.relative_error < gradcheck.GREAT
    assert all(value.dtype == np.float64 for value in result.numerical.values())


def test_the_cost_function_must_return_a_finite_number() -> None:
    with pytest.raises(ValueError, match=r"cost_fn must return a finite float; got nan"):
        gradcheck.numerical_gradients(lambda p: float("nan"), {"W": np.ones((1, 1))})
    with pytest.raises(ValueError, match=r"grads must have exactly the keys \['dW'\]"):
        gradcheck.gradient_check({"W": np.ones((1, 1))}, {"W": np.ones((1, 1))}, lambda p: 0.0)
