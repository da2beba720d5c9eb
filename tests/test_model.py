"""nnref.model: every gradient checked, the steps by hand, training that learns."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import special

from nnref import data, gradcheck, losses, model
from nnref.activations import sigmoid_grad
from nnref.init import initialize
from nnref.validation import FloatRangeError

# Every output activation with the losses it is trained with.
PAIRINGS = [
    ("sigmoid", "binary_cross_entropy"),
    ("sigmoid", "mean_squared_error"),
    ("sigmoid", "mean_absolute_error"),
    ("softmax", "categorical_cross_entropy"),
    ("tanh", "mean_squared_error"),
    ("relu", "mean_squared_error"),
    ("leaky_relu", "mean_squared_error"),
    ("identity", "mean_squared_error"),
    ("identity", "mean_absolute_error"),
]


def targets(loss: str, n_y: int, m: int, rng: np.random.Generator) -> np.ndarray:
    if loss == "binary_cross_entropy":
        return (rng.random((n_y, m)) < 0.5).astype(float)
    if loss == "categorical_cross_entropy":
        return np.eye(n_y)[:, rng.integers(0, n_y, m)]
    return rng.standard_normal((n_y, m))


def network(layer_dims: list[int], rng: np.random.Generator, dtype: type = np.float64):
    """Xavier weights and random biases, so no unit sits exactly on relu's kink."""
    params = initialize(layer_dims, "xavier", rng, dtype=dtype)
    for layer in range(1, len(layer_dims)):
        params[f"b{layer}"] = (0.5 * rng.standard_normal((layer_dims[layer], 1))).astype(dtype)
    return params


# --- the gradient check of backward ------------------------------------------------------


# Depths 1 to 3: a single layer has no hidden activation; deeper ones try every one.
ARCHITECTURES = [pytest.param([], "relu", id="L1")] + [
    pytest.param(hidden_dims, hidden, id=f"L{len(hidden_dims) + 1}-{hidden}")
    for hidden_dims in ([4], [4, 3])
    for hidden in model.HIDDEN_ACTIVATIONS
]


@pytest.mark.parametrize(("output", "loss"), PAIRINGS)
@pytest.mark.parametrize(("hidden_dims", "hidden"), ARCHITECTURES)
def test_backward_matches_finite_differences(
    hidden: str, output: str, loss: str, hidden_dims: list[int], rng: np.random.Generator
) -> None:
    n_y = 3 if output == "softmax" else 2
    layer_dims = [3, *hidden_dims, n_y]
    X = rng.standard_normal((3, 5))
    Y = targets(loss, n_y, 5, rng)
    result = gradcheck.check_backward(
        X, Y, network(layer_dims, rng), hidden=hidden, output=output, loss=loss
    )
    assert result.relative_error < 1e-7, (
        f"{layer_dims} {hidden}/{output}/{loss}: backward vs finite differences "
        f"{result.relative_error:.2e}, per parameter {result.per_parameter}"
    )


@pytest.mark.parametrize(("output", "loss"), [("sigmoid", "binary_cross_entropy")])
def test_shortcut_equals_the_chain_rule(output: str, loss: str, rng: np.random.Generator) -> None:
    """dZ = A - Y is the loss gradient times sigma': both routes give the same gradients."""
    X = rng.standard_normal((3, 6))
    Y = targets(loss, 1, 6, rng)
    AL, caches = model.forward(X, network([3, 1], rng), output=output)
    via_loss = model.layer_backward(6 * losses.binary_cross_entropy_grad(AL, Y), caches[-1])
    via_shortcut = model.linear_backward(AL - Y, caches[-1])
    for chain, shortcut in zip(via_loss, via_shortcut, strict=True):
        np.testing.assert_allclose(chain, shortcut, rtol=1e-12)
    np.testing.assert_allclose(
        6 * losses.binary_cross_entropy_grad(AL, Y) * sigmoid_grad(caches[-1].Z), AL - Y
    )


# --- the steps, by hand and against plain NumPy -----------------------------------------


def test_linear_steps_by_hand() -> None:
    A_prev = np.array([[1.0, 0.0], [2.0, 1.0]])
    W = np.array([[1.0, 1.0]])
    b = np.array([[0.5]])
    Z, cache = model.linear_forward(A_prev, W, b)
    assert Z.tolist() == [[3.5, 1.5]]
    dA_prev, dW, db = model.linear_backward(np.array([[2.0, 4.0]]), cache)
    assert dW.tolist() == [[(2 * 1 + 4 * 0) / 2, (2 * 2 + 4 * 1) / 2]]
    assert db.tolist() == [[3.0]]
    assert dA_prev.tolist() == [[2.0, 4.0], [2.0, 4.0]]


def test_forward_matches_plain_numpy(rng: np.random.Generator, assert_matches) -> None:
    X = rng.standard_normal((4, 6))
    params = network([4, 5, 3, 1], rng)
    A1 = np.tanh(params["W1"] @ X + params["b1"])
    A2 = np.tanh(params["W2"] @ A1 + params["b2"])
    A3 = special.expit(params["W3"] @ A2 + params["b3"])
    AL, caches = model.forward(X, params, hidden="tanh", output="sigmoid")
    assert_matches(AL, A3, rtol=1e-14, what="A[3]")
    assert [cache.activation for cache in caches] == ["tanh", "tanh", "sigmoid"]
    assert caches[0].A_prev is X
    assert_matches(caches[2].A_prev, A2, rtol=1e-14, what="cached A[2]")
    assert_matches(caches[1].Z, params["W2"] @ A1 + params["b2"], rtol=1e-14, what="Z[2]")
    assert caches[1].W is params["W2"] and caches[1].b is params["b2"]


def test_backward_returns_every_gradient_in_shape(rng: np.random.Generator) -> None:
    params = network([4, 5, 3, 2], rng)
    X = rng.standard_normal((4, 7))
    AL, caches = model.forward(X, params)
    grads = model.backward(AL, targets("binary_cross_entropy", 2, 7, rng), caches)
    assert list(grads) == ["dW1", "db1", "dW2", "db2", "dW3", "db3"]
    for key, value in params.items():
        assert grads[f"d{key}"].shape == value.shape


def test_float32_stays_float32(rng: np.random.Generator) -> None:
    X = rng.standard_normal((3, 8)).astype(np.float32)
    Y = targets("binary_cross_entropy", 1, 8, rng)  # float64 labels are converted
    params = network([3, 4, 1], rng, dtype=np.float32)
    AL, caches = model.forward(X, params)
    grads = model.backward(AL, Y, caches)
    updated = model.update(params, grads, 0.1)
    assert AL.dtype == caches[0].Z.dtype == np.float32
    assert all(value.dtype == np.float32 for value in [*grads.values(), *updated.values()])
    result = model.train(X, Y, [3, 4, 1], epochs=5, record_every=1)
    assert all(value.dtype == np.float32 for value in result.params.values())
    assert model.predict(X, result.params).dtype == np.float32


def test_update_is_pure(rng: np.random.Generator) -> None:
    params = network([2, 3, 1], rng)
    before = {key: value.copy() for key, value in params.items()}
    grads = {f"d{key}": np.ones_like(value) for key, value in params.items()}
    updated = model.update(params, grads, 0.5)
    for key in params:
        np.testing.assert_array_equal(params[key], before[key])
        np.testing.assert_array_equal(updated[key], before[key] - 0.5)


def test_cost_is_the_loss(rng: np.random.Generator) -> None:
    A = rng.uniform(0.1, 0.9, (1, 5))
    Y = targets("binary_cross_entropy", 1, 5, rng)
    assert model.cost(A, Y) == losses.binary_cross_entropy(A, Y)
    assert model.cost(A, Y, "mean_absolute_error") == losses.mean_absolute_error(A, Y)


def test_predict_and_accuracy(rng: np.random.Generator) -> None:
    X = rng.standard_normal((2, 6))
    params = network([2, 3], rng)
    probabilities, _ = model.forward(X, params, output="softmax")
    one_hot = model.predict(X, params, output="softmax")
    assert one_hot.sum(axis=0).tolist() == [1.0] * 6
    assert (one_hot.argmax(axis=0) == probabilities.argmax(axis=0)).all()
    sigmoid_out, _ = model.forward(X, params)
    assert (model.predict(X, params, threshold=0.7) == (sigmoid_out > 0.7)).all()
    np.testing.assert_array_equal(
        model.predict(X, params, output="identity"), params["W1"] @ X + params["b1"]
    )
    Y = np.array([[1.0, 0.0, 1.0, 1.0]])
    assert model.accuracy(np.array([[1.0, 1.0, 1.0, 0.0]]), Y) == 0.5
    assert model.accuracy(np.eye(3), np.eye(3)[:, [0, 2, 1]]) == pytest.approx(1 / 3)


# --- mini-batches and training -----------------------------------------------------------


@pytest.mark.parametrize(
    ("m", "batch_size", "sizes"), [(10, 4, [4, 4, 2]), (10, 1, [1] * 10), (6, 6, [6])]
)
def test_minibatches_shuffle_together_and_keep_the_last_batch(
    m: int, batch_size: int, sizes: list[int]
) -> None:
    X = np.vstack([np.arange(m), -np.arange(m)]).astype(float)
    Y = np.arange(m).reshape(1, m) * 10.0
    batches = model.minibatches(X, Y, batch_size, seed=3)
    assert [X_batch.shape[1] for X_batch, _ in batches] == sizes
    columns = np.hstack([X_batch for X_batch, _ in batches])
    assert sorted(columns[0]) == list(range(m))  # every example once
    for X_batch, Y_batch in batches:
        np.testing.assert_array_equal(Y_batch, 10 * X_batch[:1])  # pairs stay together
    again = model.minibatches(X, Y, batch_size, seed=3)
    assert all(np.array_equal(a[0], b[0]) for a, b in zip(batches, again, strict=True))


@pytest.mark.parametrize("batch_size", [None, 16, 1], ids=["full", "mini", "stochastic"])
def test_train_is_forward_backward_update_repeated(batch_size: int | None) -> None:
    """train must be exactly the public steps, in the documented order of randomness."""
    X, Y = data.moons(40, 0.1, seed=2)
    result = model.train(
        X,
        Y,
        [2, 3, 1],
        hidden="tanh",
        init="xavier",
        learning_rate=0.3,
        epochs=3,
        batch_size=batch_size,
        seed=5,
        record_every=1,
    )
    rng = np.random.default_rng(5)
    params = initialize([2, 3, 1], "xavier", rng)
    costs = [model.cost(model.forward(X, params, "tanh")[0], Y)]
    for _ in range(3):
        batches = [(X, Y)] if batch_size is None else model.minibatches(X, Y, batch_size, rng)
        for X_batch, Y_batch in batches:
            AL, caches = model.forward(X_batch, params, "tanh")
            params = model.update(params, model.backward(AL, Y_batch, caches), 0.3)
        costs.append(model.cost(model.forward(X, params, "tanh")[0], Y))
    for key in params:
        np.testing.assert_array_equal(result.params[key], params[key])
    assert result.costs == pytest.approx(costs, rel=0, abs=0)
    assert result.recorded_epochs == (0, 1, 2, 3)


@pytest.mark.parametrize("batch_size", [None, 32, 1], ids=["full", "mini", "stochastic"])
def test_every_mode_lowers_the_cost(batch_size: int | None) -> None:
    X, Y = data.moons(100, 0.1, seed=0)
    epochs = 30 if batch_size == 1 else 300
    result = model.train(
        X,
        Y,
        [2, 8, 1],
        hidden="tanh",
        init="xavier",
        learning_rate=0.3,
        epochs=epochs,
        batch_size=batch_size,
        record_every=10,
    )
    assert result.recorded_epochs == tuple(range(0, epochs + 1, 10))
    assert result.costs[-1] < 0.6 * result.costs[0]


def test_cost_history_records_epoch_zero_and_every_record_every() -> None:
    X, Y = data.xor(20, 0.1, seed=0)
    result = model.train(X, Y, [2, 2, 1], epochs=25, record_every=10)
    assert result.recorded_epochs == (0, 10, 20)
    assert len(result.costs) == 3


def test_same_seed_same_training() -> None:
    X, Y = data.moons(30, 0.2, seed=0)
    first = model.train(X, Y, [2, 3, 1], epochs=5, batch_size=7, seed=11)
    again = model.train(X, Y, [2, 3, 1], epochs=5, batch_size=7, seed=11)
    other = model.train(X, Y, [2, 3, 1], epochs=5, batch_size=7, seed=12)
    assert first.costs == again.costs
    assert first.costs != other.costs


def test_divergence_stops_with_a_clear_error() -> None:
    X = np.array([[1.0, 2.0, 3.0]]) * 100
    Y = np.array([[1.0, 2.0, 3.0]])
    with pytest.raises(
        FloatRangeError,
        match=r"training diverged in epoch \d+: .*overflow.* "
        r"Try a smaller learning_rate \(got 10.0\)",
    ):
        model.train(
            X,
            Y,
            [1, 1],
            output="identity",
            loss="mean_squared_error",
            learning_rate=10.0,
            epochs=1000,
        )


# --- learning ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "layer_dims", "hidden", "learning_rate", "epochs"),
    [(data.xor, [2, 4, 1], "tanh", 0.5, 1000), (data.moons, [2, 16, 1], "relu", 0.5, 2000)],
    ids=["xor", "moons"],
)
def test_a_two_layer_network_separates(make, layer_dims, hidden, learning_rate, epochs) -> None:
    X, Y = make(300, seed=0)
    result = model.train(
        X, Y, layer_dims, hidden=hidden, init="xavier", learning_rate=learning_rate, epochs=epochs
    )
    X_new, Y_new = make(300, seed=1)  # fresh points from the same distribution
    for inputs, labels in [(X, Y), (X_new, Y_new)]:
        accuracy = model.accuracy(model.predict(inputs, result.params, hidden), labels)
        assert accuracy >= 0.95, f"{make.__name__}: accuracy {accuracy:.3f}"


def test_a_straight_line_cannot_separate_xor() -> None:
    """The reason for the hidden layer: logistic regression on XOR is a coin toss."""
    X, Y = data.xor(300, seed=0)
    result = model.train(X, Y, [2, 1], init="zeros", learning_rate=0.5, epochs=300)
    assert model.accuracy(model.predict(X, result.params), Y) < 0.7


def test_softmax_learns_the_digits() -> None:
    digits = data.digits(seed=0)
    result = model.train(
        digits.X_train,
        digits.Y_train,
        [64, 10],
        output="softmax",
        loss="categorical_cross_entropy",
        init="xavier",
        learning_rate=1.0,
        epochs=50,
    )
    predictions = model.predict(digits.X_test, result.params, output="softmax")
    assert model.accuracy(predictions, digits.Y_test) >= 0.9


@pytest.mark.parametrize("hidden", ["sigmoid", "tanh", "relu"])
def test_zero_initialization_never_breaks_symmetry(hidden: str) -> None:
    X, Y = data.moons(100, 0.1, seed=0)
    # Unbalanced classes: with exactly half of each, a zero network sits at a stationary point.
    X, Y = X[:, :70], Y[:, :70]
    params = model.train(
        X, Y, [2, 5, 1], hidden=hidden, init="zeros", learning_rate=0.5, epochs=200
    ).params
    W1, W2 = params["W1"], params["W2"]
    assert np.allclose(W1, W1[:1], rtol=1e-12, atol=1e-15), "hidden units differ"
    assert np.allclose(W2, W2[:, :1], rtol=1e-12, atol=1e-15)
    if hidden == "sigmoid":  # sigma(0) = 1/2 is not 0, so the weights do move, all alike
        assert np.abs(W1).max() > 1e-3


def test_random_initialization_breaks_symmetry() -> None:
    X, Y = data.moons(100, 0.1, seed=0)
    X, Y = X[:, :70], Y[:, :70]
    W1 = model.train(
        X, Y, [2, 5, 1], hidden="sigmoid", init="random", learning_rate=0.5, epochs=200
    ).params["W1"]
    distances = np.linalg.norm(W1[:, None, :] - W1[None, :, :], axis=2)
    assert distances[~np.eye(5, dtype=bool)].min() > 1e-3
