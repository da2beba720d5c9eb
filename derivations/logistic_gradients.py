"""The gradients of logistic regression, for one example and for m examples at once.

Run ``python -m derivations.logistic_gradients`` to see every step proven.
"""

from __future__ import annotations

import sympy

from derivations._notation import (
    Examples,
    Sigmoid,
    cross_entropy,
    difference,
    examples_matrix,
    gradient,
    matrix,
    product,
)
from derivations.core import Derivation, Partial, Step, chain

FEATURES, EXAMPLES = 2, 3

# One example: z = w^T x + b, a = sigma(z), loss L(a, y).
w = matrix(FEATURES, 1, lambda j, _: f"w_{{{j}}}", real=True)
x = matrix(FEATURES, 1, lambda j, _: f"x_{{{j}}}", real=True)
b = sympy.Symbol("b", real=True)
y = sympy.Symbol("y", real=True)
a, z = sympy.symbols("a z", real=True)
loss = sympy.Symbol(r"\mathcal{L}")
z_of_example = (w.T * x)[0] + b

# m examples as columns: X is (n_x, m), A and Y are (1, m); the cost J is the mean loss.
X_entries = examples_matrix("x", FEATURES, EXAMPLES)
Y_entries = examples_matrix("y", 1, EXAMPLES)
Z_entries = w.T * X_entries + b * sympy.ones(1, EXAMPLES)
A_entries = Z_entries.applyfunc(Sigmoid)
cost = sympy.Symbol("J")
i = sympy.Symbol("i", integer=True, positive=True)
m = sympy.Symbol("m", integer=True, positive=True)
a_, x_, y_ = Examples("a", real=True), Examples("x", real=True), Examples("y", real=True)

# Shown as matrices; proven through the explicit entries they stand for.
x_shown = sympy.MatrixSymbol("x", FEATURES, 1)
X, A, Y = (
    sympy.MatrixSymbol(name, *shape)
    for name, shape in (("X", X_entries.shape), ("A", A_entries.shape), ("Y", Y_entries.shape))
)
loss_gradient = sympy.MatrixSymbol(r"\frac{\partial \mathcal{L}}{\partial w}", FEATURES, 1)
dw = sympy.MatrixSymbol("dw", FEATURES, 1)


def build() -> Derivation:
    one_loss = cross_entropy(Sigmoid(z_of_example), y)
    mean_loss = sum(cross_entropy(A_entries[k], Y_entries[k]) for k in range(EXAMPLES)) / EXAMPLES
    dL_da = sympy.Add(-y / a, (1 - y) / (1 - a), evaluate=False)
    per_example = chain(
        Partial(loss, z),
        [
            (
                "The loss depends on $z$ through $a$ only, so by the chain rule its "
                "derivative with respect to $z$ is the product of the two.",
                sympy.Mul(Partial(loss, a), Partial(a, z), evaluate=False),
            ),
            (
                "Put in the two derivatives found above.",
                sympy.Mul(dL_da, a * (1 - a), evaluate=False),
            ),
            (
                "Multiply out: $-\\frac{y}{a} \\cdot a(1 - a) = -y(1 - a)$ and "
                "$\\frac{1 - y}{1 - a} \\cdot a(1 - a) = (1 - y)a$, which add up to "
                "$a - y$. The sigmoid's slope cancels the loss's steepness exactly: "
                "the gradient is simply the prediction error.",
                a - y,
            ),
        ],
    )
    steps = (
        Step(
            "Logistic regression computes $z = w^{T} x + b$ and $a = \\sigma(z)$, and "
            "is trained on the cross-entropy "
            "$\\mathcal{L}(a, y) = -(y \\log a + (1 - y) \\log(1 - a))$. Start at the "
            "end, with the derivative of the loss with respect to the prediction $a$.",
            Partial(loss, a),
            dL_da,
        ),
        Step(
            "The sigmoid's derivative is $\\sigma(z)(1 - \\sigma(z))$ (proven in its "
            "own derivation), that is, $a(1 - a)$.",
            Partial(a, z),
            a * (1 - a),
        ),
        *per_example,
        Step(
            "Going one step further back, $z = w_1 x_1 + \\dots + w_{n_x} x_{n_x} + b$ "
            "has $\\partial z / \\partial w_j = x_j$, so each weight's gradient is its "
            "input times $a - y$; as a vector, $x (a - y)$.",
            loss_gradient,
            product(x_shown, a - y),
        ),
        Step(
            "And $\\partial z / \\partial b = 1$, so the bias's gradient is $a - y$ itself.",
            Partial(loss, b),
            a - y,
        ),
        Step(
            "Over $m$ examples the cost "
            "$J = \\frac1m \\sum_{i=1}^{m} \\mathcal{L}(a^{(i)}, y^{(i)})$ is an average, "
            "so its gradient is the average of the examples' gradients. For the first "
            "weight (the others alike), this is the loop a first implementation writes.",
            Partial(cost, w[0]),
            product(1 / m, sympy.Sum(product(x_[1, i], difference(a_[i], y_[i])), (i, 1, m))),
        ),
        Step(
            "The sum over examples of $x_j^{(i)}$ times $a^{(i)} - y^{(i)}$ is row $j$ "
            "of the matrix $X$ (one column per example) times the column "
            "$(A - Y)^{T}$: all weights at once, with no loop. (nnref keeps the weights "
            "as a row $W = w^{T}$, so its $dW$ is this transposed, "
            "$\\frac1m (A - Y) X^{T}$.)",
            dw,
            product(1 / m, X, sympy.Transpose(difference(A, Y))),
        ),
        Step(
            "The bias's gradient is the mean of the errors, `np.mean(A - Y)` in NumPy.",
            Partial(cost, b),
            product(1 / m, sympy.Sum(difference(a_[i], y_[i]), (i, 1, m))),
        ),
    )
    return Derivation(
        name="logistic_gradients",
        title="Gradients of logistic regression",
        statement=(
            "For $a = \\sigma(w^{T} x + b)$ and the cross-entropy loss, "
            "$\\frac{\\partial \\mathcal{L}}{\\partial z} = a - y$, "
            "$\\frac{\\partial \\mathcal{L}}{\\partial w} = x(a - y)$ and "
            "$\\frac{\\partial \\mathcal{L}}{\\partial b} = a - y$; over $m$ examples, "
            "$dw = \\frac1m X (A - Y)^{T}$ and "
            "$db = \\frac1m \\sum_{i=1}^{m} (a^{(i)} - y^{(i)})$."
        ),
        steps=steps,
        definitions={
            loss: one_loss.subs(Sigmoid(z_of_example), a),
            a: Sigmoid(z),
            z: z_of_example,
            x_shown: x,
            loss_gradient: gradient(one_loss, w),
            cost: mean_loss,
            m: EXAMPLES,
            X: X_entries,
            A: A_entries,
            Y: Y_entries,
            dw: gradient(mean_loss, w),
            **{a_[k + 1]: A_entries[k] for k in range(EXAMPLES)},
        },
        scope=(
            "The steps for one example are proven for every real $y$ and, from the "
            f"vector step on, for $n_x = {FEATURES}$ features. The steps over $m$ "
            f"examples are checked entry by entry for $n_x = {FEATURES}$ and "
            f"$m = {EXAMPLES}$ with every input, label and weight a symbol, against "
            "SymPy's own derivative of the scalar cost $J$; each example and each "
            "weight enters the same way, so nothing depends on these sizes."
        ),
        latex_settings={"order": "none"},
    )


if __name__ == "__main__":
    from derivations import report

    print(report(build()))
