"""The derivations' results, turned into numbers, against nnref on the same numbers.

A derivation proves a formula symbolically; nnref computes it with NumPy. Here each
formula is read from the derivation itself (its steps and definitions, not retyped),
evaluated at random points, and compared with what nnref returns, so that the maths
on the pages and the code cannot drift apart. On failure, ACTUAL is nnref and
DESIRED is the derivation.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from types import ModuleType

import numpy as np
import numpy.typing as npt
import pytest
import sympy
import sympy.stats

from derivations import load
from derivations._notation import Sigmoid
from derivations.core import Derivation, Partial, Step, expand_definitions
from nnref import activations, gradcheck, losses, model
from nnref.init import initialize

# -- reading a result out of a derivation ------------------------------------------------


def module(name: str) -> ModuleType:
    return importlib.import_module(f"derivations.{name}")


def step_about(derivation: Derivation, lhs: sympy.Basic) -> Step:
    """The last step whose left-hand side is ``lhs``: the derivation's result for it."""
    matching = [step for step in derivation.steps if step.lhs == lhs]
    assert matching, f"{derivation.name} has no step about {lhs}"
    return matching[-1]


def numeric(
    expression: sympy.Basic,
    derivation: Derivation,
    values: Mapping[sympy.Basic, float] | None = None,
    functions: Mapping[sympy.FunctionClass, sympy.Lambda] | None = None,
) -> npt.NDArray[np.float64]:
    """``expression`` with the derivation's definitions put in, then ``values``."""
    expanded = expand_definitions(expression, derivation.definitions)
    for function, definition in (functions or {}).items():
        expanded = expanded.replace(function, definition)
    expanded = expanded.replace(Sigmoid, lambda z: 1 / (1 + sympy.exp(-z)))
    point = {name: sympy.Float(value, 30) for name, value in (values or {}).items()}
    result = expanded.xreplace(point).doit()
    if isinstance(result, sympy.MatrixBase | sympy.MatrixExpr):
        return np.array(sympy.Matrix(result).evalf(20), dtype=float)
    return np.array([[float(result.evalf(20))]])


def at(entries: sympy.Matrix, array: npt.ArrayLike) -> dict[sympy.Basic, float]:
    """Pair a matrix of symbols with an array of numbers of its shape."""
    array = np.asarray(array, dtype=float)
    assert array.shape == entries.shape
    return {entries[i, j]: float(array[i, j]) for i, j in np.ndindex(array.shape)}


def close(nnref_value: npt.ArrayLike, derivation_value: npt.ArrayLike, what: str) -> None:
    np.testing.assert_allclose(
        nnref_value,
        derivation_value,
        rtol=1e-9,
        atol=1e-12,
        err_msg=f"{what}: ACTUAL is nnref, DESIRED is the derivation",
    )


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(20241122)


# -- activations ---------------------------------------------------------------------


def elementwise(expression: sympy.Expr, derivation: Derivation, z: sympy.Symbol):
    expanded = expand_definitions(expression, derivation.definitions)
    return sympy.lambdify(z, expanded.rewrite(sympy.exp), "numpy")


Z_VALUES = np.array([[-6.0, -2.5, -0.3, 0.0, 0.3, 1.7, 6.0]])


def test_sigmoid_derivative_matches_sigmoid_grad() -> None:
    derivation, mod = load("sigmoid_derivative"), module("sigmoid_derivative")
    step = step_about(derivation, sympy.Derivative(mod.sigma(mod.z), mod.z))
    formula = elementwise(step.rhs, derivation, mod.z)
    close(activations.sigmoid_grad(Z_VALUES), formula(Z_VALUES), "sigmoid_grad")


def test_tanh_derivative_and_rescaled_sigmoid() -> None:
    derivation, mod = load("tanh_derivative"), module("tanh_derivative")
    step = step_about(derivation, sympy.Derivative(sympy.tanh(mod.z), mod.z))
    close(
        activations.tanh_grad(Z_VALUES),
        elementwise(step.rhs, derivation, mod.z)(Z_VALUES),
        "tanh_grad",
    )
    rescaled = 2 * activations.sigmoid(2 * Z_VALUES) - 1
    close(activations.tanh(Z_VALUES), rescaled, "tanh vs 2 sigma(2z) - 1")
    first = derivation.steps[4]  # 2 sigma(2z) - 1 = ..., evaluated as the derivation writes it
    close(rescaled, elementwise(first.rhs, derivation, mod.z)(Z_VALUES), "2 sigma(2z) - 1")


@pytest.mark.parametrize("alpha", [0.01, 0.2])
def test_relu_and_leaky_relu_derivatives_with_their_value_at_zero(alpha: float) -> None:
    derivation, mod = load("relu_derivative"), module("relu_derivative")
    relu_rule = step_about(derivation, sympy.Derivative(mod.RELU, mod.z)).rhs
    leaky_rule = step_about(derivation, sympy.Derivative(mod.LEAKY_RELU, mod.z)).rhs
    relu_slope = sympy.lambdify(mod.z, relu_rule, "numpy")
    leaky_slope = sympy.lambdify(mod.z, leaky_rule.subs(mod.alpha, alpha), "numpy")
    close(activations.relu_grad(Z_VALUES), relu_slope(Z_VALUES), "relu_grad")
    close(activations.leaky_relu_grad(Z_VALUES, alpha), leaky_slope(Z_VALUES), "leaky_relu_grad")
    assert activations.relu_grad(np.zeros((1, 1)))[0, 0] == 0.0  # the convention at 0
    assert activations.leaky_relu_grad(np.zeros((1, 1)), alpha)[0, 0] == alpha


# -- losses ----------------------------------------------------------------------------


def test_binary_cross_entropy_is_the_mean_of_the_derived_loss(rng: np.random.Generator) -> None:
    derivation, mod = load("binary_cross_entropy"), module("binary_cross_entropy")
    loss = sympy.lambdify(
        (mod.a, mod.y), expand_definitions(mod.loss(mod.a, mod.y), derivation.definitions)
    )
    A = rng.uniform(0.05, 0.95, (1, 6))
    for Y in (rng.integers(0, 2, (1, 6)).astype(float), rng.uniform(0, 1, (1, 6))):
        expected = np.mean([loss(a, y) for a, y in zip(A[0], Y[0], strict=True)])
        close(losses.binary_cross_entropy(A, Y), expected, "binary_cross_entropy")


def test_regression_loss_gradients(rng: np.random.Generator) -> None:
    derivation, mod = load("regression_losses"), module("regression_losses")
    A = rng.standard_normal((1, mod.EXAMPLES))
    Y = rng.standard_normal((1, mod.EXAMPLES))
    Y[0, 1] = A[0, 1]  # one residual exactly 0: the absolute error's convention
    values = {**at(mod.A_entries, A), **at(mod.Y_entries, Y)}
    squared = step_about(derivation, mod.squared_gradient)
    absolute = step_about(derivation, mod.absolute_gradient)
    close(
        losses.mean_squared_error_grad(A, Y), numeric(squared.rhs, derivation, values), "MSE grad"
    )
    close(
        losses.mean_absolute_error_grad(A, Y), numeric(absolute.rhs, derivation, values), "MAE grad"
    )
    close(losses.mean_squared_error(A, Y), numeric(mod.squared_cost, derivation, values), "MSE")
    close(losses.mean_absolute_error(A, Y), numeric(mod.absolute_cost, derivation, values), "MAE")


# -- one neuron --------------------------------------------------------------------------


def logistic_point(rng: np.random.Generator, mod: ModuleType, weights: sympy.Matrix):
    """Random inputs, labels and parameters, and the same numbers for the symbols."""
    X = rng.standard_normal((mod.FEATURES, mod.EXAMPLES))
    Y = (rng.random((1, mod.EXAMPLES)) < 0.5).astype(float)
    w = rng.standard_normal((mod.FEATURES, 1))
    b = rng.standard_normal((1, 1))
    values = {
        **at(mod.X_entries, X),
        **at(mod.Y_entries, Y),
        **at(weights, w),
        mod.b: float(b[0, 0]),
    }
    return X, Y, w, b, values


def nnref_gradients(
    X: np.ndarray, Y: np.ndarray, params: dict[str, np.ndarray], **forward: str
) -> dict[str, np.ndarray]:
    AL, caches = model.forward(X, params, **forward)
    softmax = forward.get("output") == "softmax"
    loss = "categorical_cross_entropy" if softmax else "binary_cross_entropy"
    return model.backward(AL, Y, caches, loss=loss)


def one_neuron(theta: np.ndarray) -> dict[str, np.ndarray]:
    """The params of logistic regression from theta = (w, b) as one column."""
    return {"W1": theta[:-1].T, "b1": theta[-1:]}


def test_logistic_gradients_match_model_backward(rng: np.random.Generator) -> None:
    derivation, mod = load("logistic_gradients"), module("logistic_gradients")
    X, Y, w, b, values = logistic_point(rng, mod, mod.w)
    grads = nnref_gradients(X, Y, {"W1": w.T, "b1": b}, output="sigmoid")
    dw = numeric(step_about(derivation, mod.dw).rhs, derivation, values)
    db = numeric(step_about(derivation, Partial(mod.cost, mod.b)).rhs, derivation, values)
    close(grads["dW1"], dw.T, "dW1 = dw^T = (1/m) (A - Y) X^T")
    close(grads["db1"], db, "db1 = mean(A - Y)")


def test_logistic_hessian_matches_differences_of_nnref_gradients(rng: np.random.Generator) -> None:
    derivation, mod = load("logistic_convexity"), module("logistic_convexity")
    X, Y, w, b, values = logistic_point(rng, mod, mod.w_entries)
    hessian = numeric(step_about(derivation, mod.hessian).rhs, derivation, values)
    theta, h = np.vstack([w, b]), 1e-5
    columns = []
    for k in range(theta.size):
        nudge = np.zeros_like(theta)
        nudge[k] = h
        plus = nnref_gradients(X, Y, one_neuron(theta + nudge), output="sigmoid")
        minus = nnref_gradients(X, Y, one_neuron(theta - nudge), output="sigmoid")
        difference = np.vstack([(plus["dW1"] - minus["dW1"]).T, plus["db1"] - minus["db1"]])
        columns.append(difference / (2 * h))
    np.testing.assert_allclose(
        np.hstack(columns), hessian, rtol=1e-6, atol=1e-8, err_msg="nnref differences vs H"
    )
    assert np.all(np.linalg.eigvalsh(hessian) >= -1e-12), "positive semidefinite"


# -- output layers with several units ------------------------------------------------------


def test_softmax_cross_entropy_gradient_is_backwards_dz(rng: np.random.Generator) -> None:
    derivation, mod = load("softmax_cross_entropy"), module("softmax_cross_entropy")
    x, W, b = rng.standard_normal((2, 1)), rng.standard_normal((3, 2)), rng.standard_normal((3, 1))
    y = np.eye(3)[:, [1]]
    z = W @ x + b
    values = {**at(mod.z_entries, z), **at(mod.y_entries[:2, :], y[:2])}
    dL_dz = numeric(mod.dL_dz, derivation, values)  # SymPy's derivative of the scalar loss
    close(dL_dz, numeric(step_about(derivation, mod.dL_dz).rhs, derivation, values), "a - y")
    grads = nnref_gradients(x, y, {"W1": W, "b1": b}, output="softmax")
    close(grads["db1"], dL_dz, "db1 = dZ = A - Y")
    close(grads["dW1"], dL_dz @ x.T, "dW1 = dZ x^T")
    A = activations.softmax(z)
    close(
        losses.categorical_cross_entropy_grad(A, y), numeric(mod.dL_da, derivation, values), "dL/da"
    )


def test_multilabel_gradient_is_backwards_dz(rng: np.random.Generator) -> None:
    derivation, mod = load("multilabel_sigmoid"), module("multilabel_sigmoid")
    x, W, b = rng.standard_normal((2, 1)), rng.standard_normal((3, 2)), rng.standard_normal((3, 1))
    y = np.array([[1.0], [0.0], [1.0]])
    values = {**at(mod.z_entries, W @ x + b), **at(mod.y_entries, y)}
    dL_dz = numeric(step_about(derivation, mod.dL_dz).rhs, derivation, values)
    close(dL_dz, numeric(mod.dL_dz, derivation, values), "a - y vs SymPy's derivative")
    grads = nnref_gradients(x, y, {"W1": W, "b1": b}, output="sigmoid")
    close(grads["db1"], dL_dz, "db1 = dZ = A - Y")
    close(
        losses.binary_cross_entropy(activations.sigmoid(W @ x + b), y),
        numeric(mod.loss, derivation, values),
        "the loss of an example sums over its labels",
    )


# -- a network ------------------------------------------------------------------------------


@pytest.mark.parametrize("hidden", ["tanh", "sigmoid"])
def test_backprop_two_layer_matches_model_backward(hidden: str, rng: np.random.Generator) -> None:
    derivation, mod = load("backprop_two_layer"), module("backprop_two_layer")
    t = sympy.Symbol("t", real=True)
    g = {"tanh": sympy.tanh(t), "sigmoid": 1 / (1 + sympy.exp(-t))}[hidden]
    functions = {mod.g: sympy.Lambda(t, g), mod.g_slope: sympy.Lambda(t, sympy.diff(g, t))}
    params = {
        "W1": rng.standard_normal((mod.HIDDEN, mod.INPUTS)),
        "b1": rng.standard_normal((mod.HIDDEN, 1)),
        "W2": rng.standard_normal((1, mod.HIDDEN)),
        "b2": rng.standard_normal((1, 1)),
    }
    X = rng.standard_normal((mod.INPUTS, mod.EXAMPLES))
    Y = np.array([[1.0, 0.0]])
    values = {
        **at(mod.X_, X),
        **at(mod.Y_, Y),
        **at(mod.W1_, params["W1"]),
        **at(mod.b1_, params["b1"]),
        **at(mod.W2_, params["W2"]),
        **at(mod.b2_, params["b2"]),
    }
    grads = nnref_gradients(X, Y, params, hidden=hidden, output="sigmoid")
    for name, shown in (("dW1", mod.dW1), ("db1", mod.db1), ("dW2", mod.dW2), ("db2", mod.db2)):
        formula = numeric(step_about(derivation, shown).rhs, derivation, values, functions)
        derivative = numeric(shown, derivation, values, functions)
        close(grads[name], formula, f"{name}, the backprop formula")
        close(grads[name], derivative, f"{name}, SymPy's derivative of J")


def test_linear_layers_collapse_in_model_forward(rng: np.random.Generator) -> None:
    derivation, mod = load("linear_collapse"), module("linear_collapse")
    sizes = {mod.n[0]: 3, mod.n[1]: 4, mod.n[2]: 2, mod.n[3]: 2}
    layers = [(mod.W1, mod.b1), (mod.W2, mod.b2), (mod.W3, mod.b3)]
    params, values = {}, {}
    for number, (W, b) in enumerate(layers, start=1):
        shape_W = tuple(int(s.subs(sizes)) for s in W.shape)
        params[f"W{number}"] = rng.standard_normal(shape_W)
        params[f"b{number}"] = rng.standard_normal((shape_W[0], 1))
        values[W] = sympy.Matrix(params[f"W{number}"])
        values[b] = sympy.Matrix(params[f"b{number}"])
    x = rng.standard_normal((3, 1))
    values[mod.x] = sympy.Matrix(x)
    single = {
        name: np.array(
            expand_definitions(name, derivation.definitions).subs(values).doit(), dtype=float
        )
        for name in (mod.W, mod.B)
    }
    AL, _ = model.forward(x, params, hidden="identity", output="identity")
    close(AL, single[mod.W] @ x + single[mod.B], "three linear layers = W x + B")
    wrong = single[mod.W] @ x + params["b1"][:2] + params["b2"] + params["b3"]
    assert not np.allclose(AL, wrong), "the sum of the biases is not the collapsed bias"


def test_exploding_and_vanishing_through_model(rng: np.random.Generator) -> None:
    derivation, mod = load("exploding_vanishing"), module("exploding_vanishing")
    width, depth = 3, 6
    W_L = rng.standard_normal((1, width))
    x = rng.standard_normal((width, 1))
    y = rng.standard_normal((1, 1))
    output, hidden_gradient = derivation.steps[1], derivation.steps[-1]
    for c in (1.5, 0.5):
        params = {}
        for layer in range(1, depth):
            params[f"W{layer}"], params[f"b{layer}"] = c * np.eye(width), np.zeros((width, 1))
        params[f"W{depth}"], params[f"b{depth}"] = W_L, np.zeros((1, 1))
        AL, caches = model.forward(x, params, hidden="identity", output="identity")
        grads = model.backward(AL, y, caches, loss="mean_squared_error")
        matrices = {mod.W_L: sympy.Matrix(W_L), mod.x: sympy.Matrix(x)}
        numbers = {mod.c: c, mod.L: depth, mod.n: width}
        expected_output = output.rhs.xreplace(matrices).subs(numbers).doit()
        close(AL, np.array(expected_output, dtype=float), f"y_hat = c^(L-1) W[L] x, c = {c}")
        dy = float((AL - y)[0, 0])  # the per-example gradient of the halved squared error
        for layer in range(2, depth):
            at_layer = {**numbers, mod.layer: layer, mod.dy: dy}
            expected = hidden_gradient.rhs.xreplace(matrices).subs(at_layer).doit()
            close(grads[f"dW{layer}"], np.array(expected, dtype=float), f"dW{layer}, c^(L-2)")


# -- initialization and gradient checking ------------------------------------------------


@pytest.mark.parametrize(("method", "variance"), [("xavier", "w_xavier"), ("he", "w_he")])
def test_initialization_variances(method: str, variance: str) -> None:
    mod = module("initialization_variance")
    fan_in, fan_out = 400, 500
    params = initialize([fan_in, fan_out], method, seed=7)
    derived = float(sympy.stats.variance(getattr(mod, variance)).subs(mod.n, fan_in))
    sample = float(np.var(params["W1"]))
    assert abs(sample - derived) < 0.02 * derived, f"nnref {sample} vs derivation {derived}"


def test_two_sided_difference_of_a_cube_has_error_eps_squared() -> None:
    derivation, mod = load("gradient_check_error"), module("gradient_check_error")
    two_sided = derivation.steps[-1].rhs  # 3 theta^2 + eps^2
    expected = float(two_sided.subs({mod.theta: 1, mod.eps: sympy.Rational(1, 100)}))
    numerical = gradcheck.numerical_gradients(
        lambda params: float(params["theta"][0, 0] ** 3), {"theta": [[1.0]]}, epsilon=0.01
    )
    assert expected == pytest.approx(3.0001, abs=1e-15)
    assert numerical["dtheta"][0, 0] == pytest.approx(expected, abs=1e-10)


@pytest.mark.parametrize(
    ("name", "cost"),
    [
        ("computation_graph_linear", lambda v: 3 * (v["a"] + v["b"] * v["c"])),
        ("computation_graph_product", lambda v: (v["x"] + v["y"]) * v["z"]),
        (
            "computation_graph_neuron",
            lambda v: activations.sigmoid(v["w_0"] * v["x_0"] + v["w_1"] * v["x_1"] + v["w_2"]),
        ),
    ],
)
def test_computation_graph_gradients_against_gradcheck(name: str, cost) -> None:
    mod = module(name)
    inputs = {str(symbol): [[float(value)]] for symbol, value in mod.GRAPH.inputs.items()}
    numerical = gradcheck.numerical_gradients(lambda v: float(cost(v)[0, 0]), inputs, epsilon=1e-6)
    gradients = mod.gradients()
    for key in inputs:
        assert numerical[f"d{key}"][0, 0] == pytest.approx(float(gradients[key]), abs=1e-7), key
