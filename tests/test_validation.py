"""Bad input: every public function refuses it with the documented error and a helpful message.

The first part tests the shared checks of nnref.validation; the second runs one table of
bad inputs through every public function of the package.
"""

from __future__ import annotations

import numpy as np
import pytest

from nnref import activations, data, gradcheck, init, logistic, losses, model, vectorization
from nnref.validation import (
    FloatRangeError,
    as_generator,
    as_matrix,
    check_choice,
    check_params,
    check_positive,
    check_positive_int,
)

GOOD = np.full((2, 3), 0.5)
PARAMS = {
    "W1": np.ones((2, 2)),
    "b1": np.zeros((2, 1)),
    "W2": np.ones((1, 2)),
    "b2": np.zeros((1, 1)),
}
X = np.ones((2, 3))
Y = np.array([[0.0, 1.0, 1.0]])

# --- the shared checks -------------------------------------------------------------------


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_a_floating_array_passes_untouched(dtype: type) -> None:
    array = np.ones((2, 3), dtype=dtype)
    assert as_matrix(array, "X") is array


def test_numbers_of_other_kinds_become_float64() -> None:
    assert as_matrix([[1, 2]], "X").dtype == np.float64
    assert as_matrix(np.array([[True]]), "X").tolist() == [[1.0]]


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        (
            np.ones(3),
            ValueError,
            r"X must be a rank-2 array of shape \(n, m\) with examples as "
            r"columns; got a rank-1 array of shape \(3,\)\. Use X\.reshape\(3, 1\) for one column "
            r"or X\.reshape\(1, 3\) for one row\.",
        ),
        (np.ones((2, 3, 4)), ValueError, r"got a rank-3 array of shape \(2, 3, 4\)"),
        (np.float64(2.0), ValueError, r"got a scalar \(2\.0\)"),
        (np.ones((0, 3)), ValueError, r"X must not be empty; got shape \(0, 3\)"),
        (
            np.array([[1.0, np.nan, np.nan]]),
            ValueError,
            r"X must contain only finite numbers; it contains 2 NaN \(first at index \(0, 1\)\)",
        ),
        (
            np.array([[1.0], [-np.inf]]),
            ValueError,
            r"it contains 1 inf \(first at index \(1, 0\)\)",
        ),
        (np.array([[np.inf, np.nan]]), ValueError, r"1 NaN and 1 inf"),
        ([[1.0, 2.0], [3.0]], ValueError, r"X could not be read as an array of shape \(n, m\)"),
        ("abc", TypeError, r"X must be a numeric array of shape \(n, m\); got 'abc'"),
        (None, TypeError, r"got None"),
        (
            np.array([["a", "b"]]),
            TypeError,
            r"X must hold real numbers .*; got an array of strings",
        ),
        (np.array([[1.0, None]], dtype=object), TypeError, r"an array of Python objects"),
        (np.ones((2, 2), dtype=complex), TypeError, r"an array of complex numbers"),
    ],
    ids=[
        "rank-1",
        "rank-3",
        "scalar",
        "empty",
        "nan",
        "inf",
        "nan-and-inf",
        "ragged",
        "string",
        "none",
        "strings",
        "objects",
        "complex",
    ],
)
def test_as_matrix_refuses(value: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        as_matrix(value, "X")


def test_names_numbers_and_seeds() -> None:
    assert check_choice("he", ["zeros", "he"], "initialization method") == "he"
    with pytest.raises(ValueError, match=r"unknown loss 'l1'; valid names: 'a', 'b'"):
        check_choice("l1", ["a", "b"], "loss")
    with pytest.raises(TypeError, match=r"activation must be a name, one of 'a'; got 3"):
        check_choice(3, ["a"], "activation")
    assert check_positive(np.float32(0.5), "learning_rate") == 0.5
    for bad, error in [
        (0, ValueError),
        (-1.0, ValueError),
        (float("nan"), ValueError),
        (float("inf"), ValueError),
        ("0.1", TypeError),
        (True, TypeError),
    ]:
        with pytest.raises(error, match="learning_rate must be"):
            check_positive(bad, "learning_rate")
    assert check_positive_int(np.int64(3), "epochs") == 3
    for bad, error in [(0, ValueError), (2.0, TypeError), (True, TypeError)]:
        with pytest.raises(error, match="epochs must be a positive integer"):
            check_positive_int(bad, "epochs")
    generator = np.random.default_rng(0)
    assert as_generator(generator) is generator
    with pytest.raises(ValueError, match="seed must be a non-negative int; got -1"):
        as_generator(-1)
    with pytest.raises(
        TypeError, match=r"seed must be a non-negative int or a numpy\.random\.Generator"
    ):
        as_generator(0.5)


@pytest.mark.parametrize(
    ("params", "error", "message"),
    [
        ([np.ones((1, 1))], TypeError, r"params must be a dict \{'W1', 'b1', \.\.\.\}; got list"),
        ({}, ValueError, r"params is empty"),
        ({"W1": np.ones((1, 2)), "bias": np.ones((1, 1))}, ValueError, r"unexpected key 'bias'"),
        ({**PARAMS, "W3": np.ones((1, 1))}, ValueError, r"3-layer network needs .* missing b3"),
        ({**PARAMS, "b2": np.zeros((1,))}, ValueError, r"params\['b2'\] must be a rank-2 array"),
        (
            {**PARAMS, "b1": np.zeros((1, 2))},
            ValueError,
            r"params\['b1'\] must have shape \(n\[1\], 1\) = \(2, 1\) .* got \(1, 2\)",
        ),
        (
            {**PARAMS, "W2": np.ones((1, 3))},
            ValueError,
            r"params\['W2'\] must have n\[1\] = 2 columns \(the units of layer 1\); got shape "
            r"\(1, 3\)",
        ),
        (
            {**PARAMS, "W1": np.full((2, 2), np.nan)},
            ValueError,
            r"params\['W1'\] must contain only finite",
        ),
    ],
    ids=[
        "not-a-dict",
        "empty",
        "odd-key",
        "missing",
        "rank-1-bias",
        "bias-shape",
        "no-chain",
        "nan",
    ],
)
def test_check_params_refuses(params: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        check_params(params)


# --- every public function ---------------------------------------------------------------

ONE_ARRAY_FUNCTIONS = [
    *(pair.function for pair in activations.ACTIVATIONS.values()),
    *(pair.grad for pair in activations.ACTIVATIONS.values() if pair.grad is not None),
]
LOSS_FUNCTIONS = [function for pair in losses.LOSSES.values() for function in pair]

BAD_ARRAYS = [
    pytest.param(
        np.ones(3),
        ValueError,
        r"rank-1 array of shape \(3,\)\. Use Z\.reshape\(3, 1\)",
        id="rank-1",
    ),
    pytest.param(np.ones((1, 2, 2)), ValueError, r"got a rank-3 array", id="rank-3"),
    pytest.param(
        np.array([[0.0, np.nan]]),
        ValueError,
        r"Z must contain only finite numbers; it contains 1 NaN",
        id="nan",
    ),
    pytest.param(np.array([[np.inf]]), ValueError, r"it contains 1 inf", id="inf"),
    pytest.param(
        np.ones((3, 0)), ValueError, r"Z must not be empty; got shape \(3, 0\)", id="empty"
    ),
    pytest.param("0.5", TypeError, r"Z must be a numeric array", id="string"),
    pytest.param(None, TypeError, r"Z must be a numeric array", id="none"),
]


@pytest.mark.parametrize("function", ONE_ARRAY_FUNCTIONS, ids=lambda f: f.__name__)
@pytest.mark.parametrize(("value", "error", "message"), BAD_ARRAYS)
def test_activations_refuse(function, value: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        function(value)


@pytest.mark.parametrize("function", LOSS_FUNCTIONS, ids=lambda f: f.__name__)
@pytest.mark.parametrize(
    ("A", "Y_", "error", "message"),
    [
        (np.full(3, 0.5), Y, ValueError, r"A must be a rank-2 array .* Use A\.reshape\(3, 1\)"),
        (
            np.full((1, 3), 0.5),
            np.ones(3),
            ValueError,
            r"Y must be a rank-2 array .* or Y\.reshape\(1, 3\) for one row",
        ),
        (
            np.array([[0.5, np.nan, 0.5]]),
            Y,
            ValueError,
            r"A must contain only finite numbers; it contains 1 NaN",
        ),
        (
            np.full((1, 3), 0.5),
            np.array([[0.0, np.inf, 1.0]]),
            ValueError,
            r"Y must contain only finite numbers; it contains 1 inf",
        ),
        (
            np.full((1, 3), 0.5),
            np.ones((1, 2)),
            ValueError,
            r"A and Y must have the same shape; got A of shape \(1, 3\) and Y of shape \(1, 2\)",
        ),
        (np.full((1, 0), 0.5), np.ones((1, 0)), ValueError, r"A must not be empty"),
        ([["a", "b"]], Y, TypeError, r"A must hold real numbers"),
    ],
    ids=["A-rank-1", "Y-rank-1", "A-nan", "Y-inf", "shapes", "empty", "strings"],
)
def test_losses_refuse(function, A, Y_, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        function(A, Y_)


def forward_output(**options):
    AL, caches = model.forward(X, PARAMS, **options)
    return AL, caches


BAD_CALLS = [
    # init
    (lambda: init.initialize([3], "he", 0), ValueError, r"layer_dims must hold at least two sizes"),
    (
        lambda: init.initialize([3, 0], "he", 0),
        ValueError,
        r"layer_dims\[1\] must be a positive integer \(1 or more\); got 0",
    ),
    (
        lambda: init.initialize([3, 2.5], "he", 0),
        TypeError,
        r"layer_dims\[1\] must be a positive integer; got 2\.5",
    ),
    (lambda: init.initialize("32", "he", 0), TypeError, r"layer_dims must be a list of ints"),
    (
        lambda: init.initialize([3, 2], "glorot", 0),
        ValueError,
        r"unknown initialization method 'glorot'; valid names: 'zeros', 'random', 'xavier', 'he'",
    ),
    (
        lambda: init.initialize([3, 2], "he", -1),
        ValueError,
        r"seed must be a non-negative int; got -1",
    ),
    (
        lambda: init.initialize([3, 2], "he", "0"),
        TypeError,
        r"seed must be a non-negative int or a numpy\.random\.Generator",
    ),
    (
        lambda: init.initialize([3, 2], "he", 0, dtype=np.int32),
        TypeError,
        r"dtype must be a floating dtype .*; got int32",
    ),
    # activations with a parameter
    (
        lambda: activations.leaky_relu(GOOD, alpha=-0.1),
        ValueError,
        r"alpha must be zero or positive; got -0\.1",
    ),
    (
        lambda: activations.leaky_relu_grad(GOOD, alpha=2),
        ValueError,
        r"alpha, the leaky relu's negative slope, must be in \[0, 1\]; got 2",
    ),
    (
        lambda: activations.get_activation("swish"),
        ValueError,
        r"unknown activation 'swish'; valid names: 'sigmoid', 'tanh'",
    ),
    # losses
    (
        lambda: losses.get_loss("hinge"),
        ValueError,
        r"unknown loss 'hinge'; valid names: 'binary_cross_entropy'",
    ),
    (
        lambda: losses.binary_cross_entropy(GOOD, 2 * GOOD + 1),
        ValueError,
        r"binary_cross_entropy needs Y in \[0, 1\]",
    ),
    (
        lambda: losses.categorical_cross_entropy(GOOD.T, GOOD.T),
        ValueError,
        r"every column of Y to sum to 1 .* column 0 sums to 1\.5",
    ),
    (lambda: losses.check_inputs(GOOD, GOOD, "l2"), ValueError, r"unknown loss 'l2'"),
    # model: the layer steps
    (
        lambda: model.linear_forward(np.ones((3, 4)), np.ones((2, 2)), np.zeros((2, 1))),
        ValueError,
        r"W must have one column per row of A_prev \(n\[l-1\]\); got W of shape \(2, 2\) and "
        r"A_prev of shape \(3, 4\)",
    ),
    (
        lambda: model.linear_forward(np.ones((2, 4)), np.ones((2, 2)), np.zeros((1, 2))),
        ValueError,
        r"b must have shape \(n\[l\], 1\) = \(2, 1\)",
    ),
    (
        lambda: model.linear_forward(np.ones(2), np.ones((2, 2)), np.zeros((2, 1))),
        ValueError,
        r"A_prev must be a rank-2 array .* A_prev\.reshape\(2, 1\)",
    ),
    (
        lambda: model.linear_backward(np.ones((2, 3)), "cache"),
        TypeError,
        r"cache must be a LinearCache or LayerCache",
    ),
    (
        lambda: model.linear_backward(np.ones((2, 5)), forward_output()[1][0]),
        ValueError,
        r"dZ must have the shape of Z, \(n\[l\], m\) = \(2, 3\); got dZ of shape \(2, 5\)",
    ),
    (
        lambda: model.layer_forward(X, np.ones((2, 2)), np.zeros((2, 1)), "swish"),
        ValueError,
        r"unknown activation 'swish'",
    ),
    (
        lambda: model.layer_backward(np.ones((2, 3)), forward_output()[1][0][:4]),
        TypeError,
        r"cache must be a LayerCache from layer_forward",
    ),
    (
        lambda: model.layer_backward(np.ones((1, 3)), forward_output(output="softmax")[1][1]),
        ValueError,
        r"softmax has no elementwise derivative",
    ),
    (
        lambda: model.layer_backward(np.ones((2, 2)), forward_output()[1][0]),
        ValueError,
        r"dA must have the shape of Z, \(2, 3\); got \(2, 2\)",
    ),
    # model: forward
    (
        lambda: model.forward(np.ones(2), PARAMS),
        ValueError,
        r"X must be a rank-2 array .* X\.reshape\(2, 1\)",
    ),
    (
        lambda: model.forward(np.ones((3, 4)), PARAMS),
        ValueError,
        r"W1 must have n_x = 3 columns, one per row \(feature\) of X; got W1 of shape \(2, 2\) "
        r"and X of shape \(3, 4\)",
    ),
    (
        lambda: model.forward(X, {"W1": PARAMS["W1"]}),
        ValueError,
        r"params of a 1-layer network needs W1, b1, \.\.\., W1, b1; missing b1",
    ),
    (
        lambda: model.forward(X, PARAMS, hidden="softmax"),
        ValueError,
        r"softmax .* is for the output layer only; a hidden layer takes one of 'sigmoid', 'tanh'",
    ),
    (
        lambda: model.forward(X, PARAMS, hidden="swish"),
        ValueError,
        r"unknown hidden activation 'swish'; valid names: 'sigmoid'",
    ),
    (
        lambda: model.forward(X, PARAMS, output="swish"),
        ValueError,
        r"unknown output activation 'swish'; valid names: .*'softmax'",
    ),
    (
        lambda: model.forward([[np.nan, 1, 1], [1, 1, 1]], PARAMS),
        ValueError,
        r"X must contain only finite numbers; it contains 1 NaN",
    ),
    # model: backward, cost, update
    (
        lambda: model.backward(forward_output()[0], np.ones((1, 4)), forward_output()[1]),
        ValueError,
        r"A and Y must have the same shape; got A of shape \(1, 3\) and Y of shape \(1, 4\)",
    ),
    (
        lambda: model.backward(np.full((2, 3), 0.5), np.ones((2, 3)), forward_output()[1]),
        ValueError,
        r"AL must be the output of the last cached layer, of shape \(1, 3\); got AL of shape "
        r"\(2, 3\)",
    ),
    (
        lambda: model.backward(forward_output()[0], Y, forward_output()[1][0]),
        TypeError,
        r"caches must be the non-empty list that forward returns",
    ),
    (
        lambda: model.backward(forward_output()[0], Y, []),
        TypeError,
        r"caches must be the non-empty list",
    ),
    (
        lambda: model.backward(forward_output()[0], Y, ["cache"]),
        TypeError,
        r"caches must hold the LayerCache objects",
    ),
    (
        lambda: model.backward(forward_output()[0], Y, forward_output()[1], loss="hinge"),
        ValueError,
        r"unknown loss 'hinge'",
    ),
    (
        lambda: model.backward(
            np.ones((1, 3)), Y, forward_output(output="softmax")[1], loss="mean_squared_error"
        ),
        ValueError,
        r"a softmax output layer is trained with categorical_cross_entropy only \(dZ = A - Y\); "
        r"got loss 'mean_squared_error'",
    ),
    (
        lambda: model.cost(np.full((1, 3), 0.5), Y, loss="hinge"),
        ValueError,
        r"unknown loss 'hinge'; valid names",
    ),
    (
        lambda: model.update(PARAMS, {f"d{k}": v for k, v in PARAMS.items()}, 0),
        ValueError,
        r"learning_rate must be positive; got 0\.0",
    ),
    (
        lambda: model.update(PARAMS, {f"d{k}": v for k, v in PARAMS.items()}, -0.1),
        ValueError,
        r"learning_rate must be positive; got -0\.1",
    ),
    (
        lambda: model.update(PARAMS, {f"d{k}": v for k, v in PARAMS.items()}, "0.1"),
        TypeError,
        r"learning_rate must be a real number; got '0\.1'",
    ),
    (
        lambda: model.update(PARAMS, {"dW1": PARAMS["W1"]}, 0.1),
        ValueError,
        r"grads must have one entry per parameter, \['dW1', 'db1', 'dW2', 'db2'\]; missing "
        r"\['db1', 'dW2', 'db2'\], unexpected \[\]",
    ),
    (
        lambda: model.update(
            PARAMS, {**{f"d{k}": v for k, v in PARAMS.items()}, "dW2": np.ones((2, 2))}, 0.1
        ),
        ValueError,
        r"grads\['dW2'\] must have the shape of params\['W2'\], \(1, 2\); got \(2, 2\)",
    ),
    (lambda: model.update(PARAMS, [1, 2], 0.1), TypeError, r"grads must be a dict"),
    # model: training and prediction
    (
        lambda: model.train(X, Y, [2, 2, 1], batch_size=0),
        ValueError,
        r"batch_size must be a positive integer \(1 or more\); got 0",
    ),
    (
        lambda: model.train(X, Y, [2, 2, 1], batch_size=-2),
        ValueError,
        r"batch_size must be a positive integer \(1 or more\); got -2",
    ),
    (
        lambda: model.train(X, Y, [2, 2, 1], batch_size=4),
        ValueError,
        r"batch_size must be at most m = 3, the number of examples; got 4",
    ),
    (
        lambda: model.train(X, Y, [2, 2, 1], batch_size=1.5),
        TypeError,
        r"batch_size must be a positive integer; got 1\.5",
    ),
    (
        lambda: model.train(X, Y, [2, 2, 1], learning_rate=0),
        ValueError,
        r"learning_rate must be positive; got 0\.0",
    ),
    (
        lambda: model.train(X, Y, [2, 2, 1], epochs=0),
        ValueError,
        r"epochs must be a positive integer \(1 or more\); got 0",
    ),
    (
        lambda: model.train(X, Y, [2, 2, 1], record_every=0),
        ValueError,
        r"record_every must be a positive integer",
    ),
    (
        lambda: model.train(X, Y, [3, 2, 1]),
        ValueError,
        r"layer_dims must start with n_x = 2 \(rows of X\) and end with n_y = 1 \(rows of Y\); "
        r"got \[3, 2, 1\]",
    ),
    (
        lambda: model.train(X, np.ones((1, 4)), [2, 1]),
        ValueError,
        r"X and Y must have the same number of examples \(columns, m\); got X of shape \(2, 3\) "
        r"and Y of shape \(1, 4\)",
    ),
    (
        lambda: model.train(X, Y, [2, 1], init="glorot"),
        ValueError,
        r"unknown initialization method 'glorot'",
    ),
    (lambda: model.train(X, Y, [2, 1], loss="hinge"), ValueError, r"unknown loss 'hinge'"),
    (
        lambda: model.train(X, Y, [2, 1], output="softmax"),
        ValueError,
        r"a softmax output layer is trained with categorical_cross_entropy only",
    ),
    (
        lambda: model.train(X, 2 * Y, [2, 1]),
        ValueError,
        r"binary_cross_entropy needs Y in \[0, 1\]",
    ),
    (
        lambda: model.train(X, Y, [2, 1], seed=-3),
        ValueError,
        r"seed must be a non-negative int; got -3",
    ),
    (lambda: model.minibatches(X, Y, 0), ValueError, r"batch_size must be a positive integer"),
    (
        lambda: model.predict(X, PARAMS, threshold=1.5),
        ValueError,
        r"threshold must be between 0 and 1; got 1\.5",
    ),
    (
        lambda: model.predict(X, PARAMS, threshold=0),
        ValueError,
        r"threshold must be positive; got 0\.0",
    ),
    (
        lambda: model.accuracy(np.ones((1, 3)), np.ones((1, 2))),
        ValueError,
        r"Y_hat and Y must have the same shape; got Y_hat of shape \(1, 3\) and Y of shape \(1, "
        r"2\)",
    ),
    # logistic regression and its loops
    (
        lambda: logistic.fit(np.ones(3), Y),
        ValueError,
        r"X must be a rank-2 array .* X\.reshape\(3, 1\)",
    ),
    (
        lambda: logistic.fit(X, Y, learning_rate=-1),
        ValueError,
        r"learning_rate must be positive; got -1\.0",
    ),
    (
        lambda: logistic.predict(X, {"W1": np.ones((1, 2)), "b1": np.zeros((1, 1))}, threshold=1),
        ValueError,
        r"threshold must be between 0 and 1; got 1\.0",
    ),
    (
        lambda: vectorization.logistic_gradients_loop(X, Y, np.ones((1, 2)), np.zeros(1)),
        ValueError,
        r"b must be a rank-2 array .* b\.reshape\(1, 1\)",
    ),
    (
        lambda: vectorization.logistic_forward_vectorized(X, np.ones((2, 1)), np.zeros((1, 1))),
        ValueError,
        r"logistic regression needs W of shape \(1, n_x\) = \(1, 2\)",
    ),
    # gradient checking
    (
        lambda: gradcheck.numerical_gradients(lambda p: 0.0, PARAMS, epsilon=0),
        ValueError,
        r"epsilon must be positive; got 0\.0",
    ),
    (
        lambda: gradcheck.numerical_gradients(lambda p: "J", PARAMS),
        ValueError,
        r"cost_fn must return a finite float; got 'J'",
    ),
    (
        lambda: gradcheck.numerical_gradients(lambda p: 0.0, {}),
        TypeError,
        r"params must be a non-empty dict of arrays",
    ),
    (
        lambda: gradcheck.relative_error(np.ones((1, 2)), np.ones((2, 1))),
        ValueError,
        r"g and g_num must have the same shape; got \(1, 2\) and \(2, 1\)",
    ),
    (
        lambda: gradcheck.gradient_check(
            {"W": np.ones((1, 2))}, {"dW": np.ones((2, 1))}, lambda p: 0.0
        ),
        ValueError,
        r"grads\['dW'\] must have the shape of its parameter, \(1, 2\); got \(2, 1\)",
    ),
    (
        lambda: gradcheck.check_backward(np.ones((3, 3)), Y, PARAMS),
        ValueError,
        r"W1 must have n_x = 3 columns",
    ),
    (
        lambda: gradcheck.check_backward(X, Y, PARAMS, loss="hinge"),
        ValueError,
        r"unknown loss 'hinge'",
    ),
    # data
    (
        lambda: data.breast_cancer(test_fraction=0),
        ValueError,
        r"test_fraction must be positive; got 0\.0",
    ),
    (
        lambda: data.digits(test_fraction=1.0),
        ValueError,
        r"test_fraction must be between 0 and 1; got 1\.0",
    ),
    (
        lambda: data.breast_cancer(test_fraction=0.001),
        ValueError,
        r"test_fraction = 0\.001 leaves the training or the test set empty",
    ),
    (lambda: data.digits(seed=-1), ValueError, r"seed must be a non-negative int; got -1"),
    (lambda: data.moons(1), ValueError, r"m must be at least 2, one example of each class; got 1"),
    (lambda: data.xor(0), ValueError, r"m must be a positive integer \(1 or more\); got 0"),
    (
        lambda: data.circles(10, noise=-0.1),
        ValueError,
        r"noise must be zero or positive; got -0\.1",
    ),
    (
        lambda: data.circles(10, factor=1.0),
        ValueError,
        r"factor, the inner radius, must be between 0 and 1; got 1\.0",
    ),
    (lambda: data.moons(10.0), TypeError, r"m must be a positive integer; got 10\.0"),
    (
        lambda: data.xor(10, seed="seed"),
        TypeError,
        r"seed must be a non-negative int or a numpy\.random\.Generator",
    ),
]


@pytest.mark.parametrize(("call", "error", "message"), BAD_CALLS)
def test_public_functions_refuse(call, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        call()


# --- no warning escapes --------------------------------------------------------------------


def test_overflow_in_the_model_raises_instead_of_warning() -> None:
    huge = {"W1": np.full((1, 2), 1e200), "b1": np.zeros((1, 1))}
    with pytest.raises(FloatRangeError, match=r"nnref\.model\.forward: overflow encountered"):
        model.forward(np.full((2, 1), 1e200), huge, output="identity")
    with pytest.raises(FloatRangeError, match=r"nnref\.model\.update: overflow"):
        model.update(huge, {"dW1": np.full((1, 2), -1e200), "db1": np.zeros((1, 1))}, 1e200)


def test_saturated_networks_stay_silent_and_finite() -> None:
    """Huge but representable weights: sigmoid and softmax saturate without a warning."""
    params = {"W1": np.array([[1e150, -1e150], [-1e150, 1e150]]), "b1": np.zeros((2, 1))}
    X_signs = np.array([[1.0, -1.0], [-1.0, 1.0]])  # Z = +-2e150
    for output in ["sigmoid", "softmax", "tanh"]:
        AL, _ = model.forward(X_signs, params, output=output)
        assert np.isfinite(AL).all()
    AL, caches = model.forward(X_signs, params)
    grads = model.backward(AL, np.array([[1.0, 0.0], [0.0, 1.0]]), caches)
    assert all(np.isfinite(value).all() for value in grads.values())
