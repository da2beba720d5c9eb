"""Logistic regression trained with nnref.logistic: a toy set in the plane, and breast cancer."""

from __future__ import annotations

from functools import cache

import numpy as np
from matplotlib import rcParams
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from nnref import data, logistic, losses, model
from nnref.model import TrainResult

# The settings used for the breast-cancer data, shown on the page as they are here.
LEARNING_RATE = 0.1
EPOCHS = 2000


@cache
def _toy() -> tuple[np.ndarray, np.ndarray]:
    """Two Gaussian clouds of 60 points each in the plane, class 0 lower left."""
    rng = np.random.default_rng(7)
    m = 60
    class_0 = rng.normal([[-1.0], [-0.6]], 0.8, size=(2, m))
    class_1 = rng.normal([[1.2], [0.9]], 0.8, size=(2, m))
    X = np.hstack([class_0, class_1])
    Y = np.hstack([np.zeros((1, m)), np.ones((1, m))])
    return X, Y


@cache
def _toy_fit() -> TrainResult:
    X, Y = _toy()
    return logistic.fit(X, Y, learning_rate=0.5, epochs=1000, record_every=1000)


def toy_decision_boundary() -> Figure:
    """Points of two classes in the plane (circles for class 0 in the lower left,
    triangles for class 1 in the upper right), shaded by the probability ŷ = σ(wᵀx + b)
    that a logistic-regression neuron trained on them gives to class 1, from light
    where ŷ is near 0 to dark where it is near 1. A solid straight line marks the
    decision boundary ŷ = 0.5, where wᵀx + b = 0; dashed lines mark ŷ = 0.1 and
    ŷ = 0.9; an arrow shows the weight vector w, perpendicular to the boundary and
    pointing toward class 1."""
    X, Y = _toy()
    params = _toy_fit().params
    ink = rcParams["text.color"]
    figure = Figure(figsize=(6.0, 5.2))
    axes = figure.subplots()
    first = np.linspace(X[0].min() - 0.8, X[0].max() + 0.8, 240)
    second = np.linspace(X[1].min() - 0.8, X[1].max() + 0.8, 240)
    grid_first, grid_second = np.meshgrid(first, second)
    grid = np.vstack([grid_first.ravel(), grid_second.ravel()])
    probability = logistic.predict_proba(grid, params).reshape(grid_first.shape)
    shading = axes.contourf(
        grid_first,
        grid_second,
        probability,
        levels=np.linspace(0, 1, 11),
        cmap="cividis",
        alpha=0.35,
    )
    axes.contour(
        grid_first,
        grid_second,
        probability,
        levels=[0.1, 0.5, 0.9],
        colors=[ink],
        linestyles=["dashed", "solid", "dashed"],
        linewidths=[1.0, 2.0, 1.0],
    )
    w = params["W1"].ravel()
    b = params["b1"].item()
    for label, marker, colour in ((0, "o", "#0072B2"), (1, "^", "#D55E00")):
        members = Y[0] == label
        axes.scatter(
            X[0, members],
            X[1, members],
            s=22,
            marker=marker,
            color=colour,
            edgecolors=ink,
            linewidths=0.4,
            label=f"y = {label}",
            zorder=3,
        )
    # The weight vector, drawn from the boundary point closest to the origin.
    foot = -b * w / (w @ w)
    head = foot + 1.5 * w / np.linalg.norm(w)
    axes.annotate(
        "",
        xy=head,
        xytext=foot,
        arrowprops={"arrowstyle": "-|>", "color": ink, "linewidth": 1.8},
        zorder=4,
    )
    axes.annotate(
        "w",
        xy=head,
        xytext=(4, 4),
        textcoords="offset points",
        fontsize=13,
        fontweight="bold",
        color=ink,
    )
    colourbar = figure.colorbar(shading, ax=axes, fraction=0.05, pad=0.02)
    colourbar.set_label("ŷ = P(y = 1 | x)")
    colourbar.outline.set_edgecolor(ink)
    axes.set_xlabel("$x_1$")
    axes.set_ylabel("$x_2$")
    axes.set_aspect("equal")
    axes.grid(False)
    handles, labels = axes.get_legend_handles_labels()
    handles += [
        Line2D([], [], color=ink, linewidth=2.0),
        Line2D([], [], color=ink, linewidth=1.0, linestyle="dashed"),
    ]
    labels += ["ŷ = 0.5: the boundary", "ŷ = 0.1 and 0.9"]
    axes.legend(
        handles, labels, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2, fontsize=9
    )
    return figure


def toy_parameters() -> str:
    """The weights and bias learned on the toy set, and the boundary they define."""
    X, Y = _toy()
    params = _toy_fit().params
    w1, w2 = params["W1"].ravel()
    b = params["b1"].item()
    accuracy = model.accuracy(logistic.predict(X, params), Y)
    return (
        f"Trained on these {X.shape[1]} points, `nnref.logistic.fit` found "
        f"$w = ({_signed(w1)}, {_signed(w2)})^\\top$ and $b = {_signed(b)}$, so the "
        f"decision boundary is the line ${_signed(w1)}\\,x_1 {_plus(w2)}\\,x_2 "
        f"{_plus(b)} = 0$. It classifies {accuracy:.0%} of the points correctly."
    )


def _signed(value: float) -> str:
    return f"{value:.2f}"


def _plus(value: float) -> str:
    """``+ 1.23`` or ``- 1.23``, for a term after the first."""
    return f"+ {value:.2f}" if value >= 0 else f"- {abs(value):.2f}"


@cache
def _breast_cancer() -> tuple[data.SplitDataset, TrainResult]:
    split = data.breast_cancer(seed=0)
    result = logistic.fit(
        split.X_train,
        split.Y_train,
        learning_rate=LEARNING_RATE,
        epochs=EPOCHS,
        record_every=1,
    )
    return split, result


def breast_cancer_cost_curve() -> Figure:
    """The training cost J of logistic regression on the breast-cancer data against the
    number of epochs of gradient descent, on a logarithmic epoch axis: it starts at
    log 2 ≈ 0.69 (all weights zero, every prediction 0.5), falls steeply over the
    first tens of epochs and then flattens out. A dashed horizontal line marks the
    cost of the final parameters on the test set."""
    split, result = _breast_cancer()
    epochs = np.array(result.recorded_epochs)
    test_cost = losses.binary_cross_entropy(
        logistic.predict_proba(split.X_test, result.params), split.Y_test
    )
    figure = Figure()
    axes = figure.subplots()
    # Epoch 0 cannot sit on a log axis: plot the cost after epoch e at e + 1.
    axes.semilogx(epochs + 1, result.costs, label="training cost")
    axes.axhline(
        test_cost,
        linestyle="dashed",
        linewidth=1.2,
        color="#D55E00",
        label=f"test cost after {EPOCHS} epochs",
    )
    axes.set_xlabel("epoch + 1 (log scale)")
    axes.set_ylabel("cost J (cross-entropy)")
    axes.set_ylim(0, None)
    axes.legend(loc="upper right")
    return figure


def breast_cancer_results() -> str:
    """Training and test accuracy and cost of logistic regression on breast cancer."""
    split, result = _breast_cancer()
    rows = [
        "| | examples | cost $J$ | accuracy |",
        "|---|---:|---:|---:|",
    ]
    accuracies = []
    for name, X, Y in (
        ("training set", split.X_train, split.Y_train),
        ("test set", split.X_test, split.Y_test),
    ):
        cost = losses.binary_cross_entropy(logistic.predict_proba(X, result.params), Y)
        accuracies.append(model.accuracy(logistic.predict(X, result.params), Y))
        rows.append(f"| {name} | {X.shape[1]} | {cost:.4f} | {accuracies[-1]:.1%} |")
    gap = 100 * abs(accuracies[0] - accuracies[1])
    return "\n".join(rows) + (
        f"\n\nThe training and test accuracies differ by {gap:.1f} percentage points."
    )


def breast_cancer_setup() -> str:
    """The data and training settings, in a sentence."""
    split, _ = _breast_cancer()
    return (
        f"The {split.X_train.shape[1] + split.X_test.shape[1]} tumours have "
        f"$n_x = {split.X_train.shape[0]}$ features; {split.X_test.shape[1]} are set "
        f"aside for testing and the model is trained on the other "
        f"{split.X_train.shape[1]}, with a learning rate of {LEARNING_RATE} for "
        f"{EPOCHS} epochs of full-batch gradient descent, starting from zero weights."
    )


def breast_cancer_weights() -> str:
    """The five features with the largest learned weights, by magnitude, and their signs."""
    split, result = _breast_cancer()
    w = result.params["W1"].ravel()
    order = np.argsort(-np.abs(w))[:5]
    rows = ["| feature | weight $w_j$ |", "|---|---:|"]
    rows += [f"| {split.feature_names[j]} | {w[j]:+.2f} |".replace("| -", "| −") for j in order]
    negative = int(np.sum(w[order] < 0))
    signs = "All five are negative" if negative == 5 else f"{negative} of these five are negative"
    overall = f"{int(np.sum(w < 0))} of the {w.size} weights"
    return "\n".join(rows) + f"\n\n{signs}; in all, {overall} are negative."
