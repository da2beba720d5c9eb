"""Softmax regression and a small network on the digits, trained with nnref at build time."""

from __future__ import annotations

from functools import cache

import numpy as np
from matplotlib import rcParams
from matplotlib.figure import Figure

from nnref.activations import softmax
from nnref.data import SplitDataset, digits
from nnref.model import TrainResult, accuracy, predict, train

# name → hidden layer sizes; both end in 10 softmax units.
MODELS: dict[str, tuple[int, ...]] = {
    "softmax regression": (),
    "network, 32 ReLU units": (32,),
}
LEARNING_RATE = 0.1
EPOCHS = 30
BATCH_SIZE = 64


@cache
def _data() -> SplitDataset:
    return digits(seed=0)


@cache
def _trained() -> dict[str, TrainResult]:
    """Each model trained on the training digits."""
    data = _data()
    n_x, n_y = data.X_train.shape[0], data.Y_train.shape[0]
    runs = {}
    for name, hidden in MODELS.items():
        runs[name] = train(
            data.X_train,
            data.Y_train,
            [n_x, *hidden, n_y],
            hidden="relu",
            output="softmax",
            loss="categorical_cross_entropy",
            learning_rate=LEARNING_RATE,
            epochs=EPOCHS,
            batch_size=BATCH_SIZE,
            record_every=1,
            seed=0,
        )
    return runs


def _predicted_labels(name: str, X: np.ndarray) -> np.ndarray:
    result = _trained()[name]
    return predict(X, result.params, output="softmax").argmax(axis=0)


def training_code() -> str:
    """The call that trains the network, with this module's settings, as a code block."""
    hidden = ", ".join(map(str, MODELS["network, 32 ReLU units"]))
    return f"""```python
from nnref.data import digits
from nnref.model import accuracy, predict, train

data = digits(seed=0)
n_x, n_y = data.X_train.shape[0], data.Y_train.shape[0]
result = train(
    data.X_train, data.Y_train, [n_x, {hidden}, n_y],
    hidden="relu", output="softmax", loss="categorical_cross_entropy",
    learning_rate={LEARNING_RATE}, epochs={EPOCHS}, batch_size={BATCH_SIZE},
    record_every=1, seed=0,
)
Y_hat = predict(data.X_test, result.params, output="softmax")
test_accuracy = accuracy(Y_hat, data.Y_test)
```"""


def data_summary() -> str:
    """The shapes of the digits data as nnref.data returns them."""
    data = _data()
    m_train, m_test = data.X_train.shape[1], data.X_test.shape[1]
    return (
        f"Of its {m_train + m_test} images, {m_train} are for training and {m_test} for "
        f"testing: `X_train` has shape {data.X_train.shape} and `Y_train` "
        f"{data.Y_train.shape}, `X_test` has shape {data.X_test.shape} and `Y_test` "
        f"{data.Y_test.shape}."
    )


def accuracy_table() -> str:
    """Training and test accuracy of both models, as a Markdown table."""
    data = _data()
    rows = [
        "| model | layer_dims | parameters | training accuracy | test accuracy |",
        "|---|---|---:|---:|---:|",
    ]
    for name, result in _trained().items():
        dims = [data.X_train.shape[0], *MODELS[name], data.Y_train.shape[0]]
        count = sum(value.size for value in result.params.values())
        train_accuracy = accuracy(
            predict(data.X_train, result.params, output="softmax"), data.Y_train
        )
        test_accuracy = accuracy(predict(data.X_test, result.params, output="softmax"), data.Y_test)
        rows.append(
            f"| {name} | `{dims}` | {count} | {100 * train_accuracy:.1f} % "
            f"| {100 * test_accuracy:.1f} % |"
        )
    return "\n".join(rows)


def test_accuracy_network() -> str:
    """The network's test accuracy, as a percentage."""
    data = _data()
    result = _trained()["network, 32 ReLU units"]
    Y_hat = predict(data.X_test, result.params, output="softmax")
    return f"{100 * accuracy(Y_hat, data.Y_test):.1f} %"


def cost_curves() -> Figure:
    """The categorical cross-entropy on the training digits after each of 30 epochs of
    mini-batch gradient descent, for softmax regression and for a network with one
    hidden layer of 32 ReLU units, on a logarithmic axis. Both fall quickly in the
    first epochs; the network's cost falls lower."""
    figure = Figure(figsize=(6.4, 3.6), layout="constrained")
    axes = figure.subplots()
    for name, result in _trained().items():
        axes.plot(result.recorded_epochs, result.costs, label=name)
    axes.set_yscale("log")
    axes.set_xlabel("epoch")
    axes.set_ylabel("cost $J$ (categorical cross-entropy)")
    axes.legend(loc="upper right")
    return figure


def confusion_matrix() -> Figure:
    """A 10 by 10 confusion matrix of the network's predictions on the test digits:
    rows are the true digits, columns the predicted ones, and each cell holds the
    number of test images. Nearly all images lie on the diagonal, correctly
    classified; the few off-diagonal cells show which digits were taken for which."""
    data = _data()
    true = data.labels_test[0]
    predicted = _predicted_labels("network, 32 ReLU units", data.X_test)
    counts = np.zeros((10, 10), dtype=int)
    np.add.at(counts, (true, predicted), 1)
    figure = Figure(figsize=(5.4, 4.8), layout="constrained")
    axes = figure.subplots()
    image = axes.imshow(counts, cmap="Blues", vmin=0)
    threshold = counts.max() / 2
    for row in range(10):
        for column in range(10):
            if counts[row, column] == 0:
                continue
            # The cell, not the page, is the background: white on dark cells, dark on light.
            colour = "#ffffff" if counts[row, column] > threshold else "#1a1a1a"
            axes.text(
                column,
                row,
                str(counts[row, column]),
                ha="center",
                va="center",
                color=colour,
                fontsize=9,
            )
    axes.set_xticks(range(10), data.class_names)
    axes.set_yticks(range(10), data.class_names)
    axes.set_xlabel("predicted digit")
    axes.set_ylabel("true digit")
    axes.grid(False)
    for spine in axes.spines.values():
        spine.set_visible(False)
    figure.colorbar(image, ax=axes, shrink=0.8, label="test images")
    return figure


def misclassified_count() -> str:
    """How many test digits the network got wrong, out of how many."""
    data = _data()
    predicted = _predicted_labels("network, 32 ReLU units", data.X_test)
    wrong = int((predicted != data.labels_test[0]).sum())
    return f"{wrong} of the {data.X_test.shape[1]}"


def softmax_probabilities() -> Figure:
    """Bar charts of the pre-activations z = (5, 2, −1, 0.5) of four classes and of
    their softmax a = e^z / Σ e^z, computed by nnref: the largest z gets most of the
    probability, every class keeps a positive share, and the probabilities add up
    to 1."""
    Z = np.array([[5.0], [2.0], [-1.0], [0.5]])
    A = softmax(Z)
    figure = Figure(figsize=(6.4, 2.8), layout="constrained")
    left, right = figure.subplots(1, 2)
    classes = [f"class {k + 1}" for k in range(Z.shape[0])]
    colour = rcParams["axes.prop_cycle"].by_key()["color"]
    left.bar(classes, Z[:, 0], color=colour[0])
    left.axhline(0.0, color="#888888", linewidth=0.8)
    left.set_title("pre-activations $z$", fontsize=10)
    right.bar(classes, A[:, 0], color=colour[1])
    for k, value in enumerate(A[:, 0]):
        right.annotate(
            f"{value:.3f}",
            (k, value),
            xytext=(0, 2),
            textcoords="offset points",
            ha="center",
            fontsize=9,
        )
    right.set_ylim(0, 1.1)
    right.set_title(f"softmax $a$ (sum = {A.sum():.3g})", fontsize=10)
    for axes in (left, right):
        axes.tick_params(axis="x", labelsize=8)
        axes.grid(axis="x", visible=False)
    return figure
