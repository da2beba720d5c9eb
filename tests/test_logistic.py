"""nnref.logistic: one sigmoid neuron, learning the breast cancer data."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from nnref import data, logistic, model


@pytest.fixture(scope="module")
def cancer() -> data.SplitDataset:
    return data.breast_cancer(test_fraction=0.2, seed=0)


@pytest.fixture(scope="module")
def fitted(cancer: data.SplitDataset) -> model.TrainResult:
    return logistic.fit(cancer.X_train, cancer.Y_train, learning_rate=0.1, epochs=1000)


def test_reaches_95_percent_on_held_out_tumours(cancer, fitted) -> None:
    predictions = logistic.predict(cancer.X_test, fitted.params)
    accuracy = model.accuracy(predictions, cancer.Y_test)
    assert accuracy >= 0.95, f"test accuracy {accuracy:.3f}"


def test_agrees_with_scikit_learn(cancer, fitted) -> None:
    """The outside reference: scikit-learn's logistic regression (L-BFGS, default L2 penalty)."""
    reference = LogisticRegression(C=1.0, max_iter=5000).fit(cancer.X_train.T, cancer.Y_train[0])
    theirs = reference.predict(cancer.X_test.T)
    ours = logistic.predict(cancer.X_test, fitted.params)[0]
    agreement = np.mean(ours == theirs)
    assert agreement >= 0.95, f"nnref and reference agree on {agreement:.3f} of the test set"


def test_full_batch_gradient_descent_never_raises_the_cost(fitted) -> None:
    costs = np.array(fitted.costs)
    assert costs[0] == pytest.approx(np.log(2))  # zeros: every prediction is 1/2
    assert (np.diff(costs) <= 0).all()


def test_is_model_train_with_one_sigmoid_unit(cancer, fitted) -> None:
    same = model.train(
        cancer.X_train,
        cancer.Y_train,
        [30, 1],
        output="sigmoid",
        loss="binary_cross_entropy",
        init="zeros",
        learning_rate=0.1,
        epochs=1000,
    )
    for key in ["W1", "b1"]:
        np.testing.assert_array_equal(fitted.params[key], same.params[key])
    assert fitted.params["W1"].shape == (1, 30) and fitted.params["b1"].shape == (1, 1)


def test_probabilities_and_thresholds(cancer, fitted) -> None:
    probabilities = logistic.predict_proba(cancer.X_test, fitted.params)
    assert probabilities.shape == cancer.Y_test.shape
    assert ((probabilities >= 0) & (probabilities <= 1)).all()
    np.testing.assert_array_equal(
        logistic.predict(cancer.X_test, fitted.params), probabilities > 0.5
    )
    cautious = logistic.predict(cancer.X_test, fitted.params, threshold=0.9)
    assert cautious.sum() < logistic.predict(cancer.X_test, fitted.params).sum()


def test_probability_by_hand() -> None:
    params = {"W1": np.array([[1.0, -1.0]]), "b1": np.array([[0.5]])}
    X = np.array([[0.0, 2.0], [0.5, 0.0]])  # z = 0 and z = 2.5
    np.testing.assert_allclose(
        logistic.predict_proba(X, params), [[0.5, 1 / (1 + np.exp(-2.5))]], rtol=1e-15
    )
    assert logistic.predict(X, params).tolist() == [[0.0, 1.0]]


def test_refuses_what_is_not_one_neuron(rng: np.random.Generator) -> None:
    X = rng.standard_normal((3, 4))
    with pytest.raises(ValueError, match=r"one output: Y must have shape \(1, m\); got \(2, 4\)"):
        logistic.fit(X, np.zeros((2, 4)))
    two_layers = {
        "W1": np.ones((2, 3)),
        "b1": np.zeros((2, 1)),
        "W2": np.ones((1, 2)),
        "b2": np.zeros((1, 1)),
    }
    with pytest.raises(ValueError, match=r"one neuron, W1 of shape \(1, n_x\)"):
        logistic.predict_proba(X, two_layers)
