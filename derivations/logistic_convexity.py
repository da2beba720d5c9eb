"""The logistic cost is convex in (w, b); squared error through a sigmoid is not.

Run ``python -m derivations.logistic_convexity`` to see every step proven.
"""

from __future__ import annotations

import sympy

from derivations._notation import (
    Examples,
    Sigmoid,
    cross_entropy,
    difference,
    examples_matrix,
    matrix,
    product,
)
from derivations.core import Derivation, Partial, Step

FEATURES, EXAMPLES = 2, 2

a, z, y = sympy.symbols("a z y", real=True)
loss = sympy.Symbol(r"\mathcal{L}")
w_entries = matrix(FEATURES, 1, lambda j, _: f"w_{{{j}}}", real=True)
b = sympy.Symbol("b", real=True)
parameters = [*w_entries, b]
v_entries = matrix(FEATURES + 1, 1, lambda j, _: f"v_{{{j}}}", real=True)

X_entries = examples_matrix("x", FEATURES, EXAMPLES)
Y_entries = examples_matrix("y", 1, EXAMPLES)
Z_entries = w_entries.T * X_entries + b * sympy.ones(1, EXAMPLES)
A_entries = Z_entries.applyfunc(Sigmoid)
# The bias is the weight of an input that is always 1: X with a row of ones.
X_tilde_entries = X_entries.col_join(sympy.ones(1, EXAMPLES))
cost = sum(cross_entropy(A_entries[k], Y_entries[k]) for k in range(EXAMPLES)) / EXAMPLES
HESSIAN = sympy.hessian(cost, parameters)  # SymPy's second derivatives of the cost

i = sympy.Symbol("i", integer=True, positive=True)
m = sympy.Symbol("m", integer=True, positive=True)
x_, z_ = Examples("x", real=True), Examples("z", real=True)

X = sympy.MatrixSymbol("X", FEATURES, EXAMPLES)
X_tilde = sympy.MatrixSymbol(r"\tilde{X}", FEATURES + 1, EXAMPLES)
D = sympy.MatrixSymbol("D", EXAMPLES, EXAMPLES)
v = sympy.MatrixSymbol("v", FEATURES + 1, 1)
hessian_w = sympy.MatrixSymbol(r"\nabla_{w}^{2} J", FEATURES, FEATURES)
hessian = sympy.MatrixSymbol(r"\nabla^{2} J", FEATURES + 1, FEATURES + 1)

# Squared error of one example with x = 1, b = 0 and y = 1, so that z = w.
w = sympy.Symbol("w", real=True)
squared_error = product(sympy.Rational(1, 2), difference(Sigmoid(w), 1) ** 2)


def build() -> Derivation:
    v_dot_x = sympy.Add(
        v_entries[0] * x_[1, i], v_entries[1] * x_[2, i], v_entries[2], evaluate=False
    )
    term = product(Sigmoid(z_[i]), Sigmoid(-z_[i]), v_dot_x**2)
    quadratic_form = product(1 / m, sympy.Sum(term, (i, 1, m)))
    bend = sympy.Derivative(squared_error, (w, 2))
    steps = (
        Step(
            "Start with one example. Its loss as a function of $z$ has the "
            "derivative $a - y$, so its second derivative is the sigmoid's slope "
            "$a(1 - a)$, whatever the label.",
            Partial(loss, (z, 2)),
            product(a, difference(1, a)),
        ),
        Step(
            "Since $1 - \\sigma(z) = \\sigma(-z)$, that slope is a product of two sigmoids ...",
            product(a, difference(1, a)),
            Sigmoid(z) * Sigmoid(-z),
        ),
        Step(
            "... and a sigmoid is always positive, so the loss curves upwards in $z$ everywhere.",
            Sigmoid(z) * Sigmoid(-z),
            0,
            ">",
        ),
        Step(
            "Now the cost $J$ over $m$ examples, as a function of the weights. Its "
            "matrix of second derivatives (the Hessian) is "
            "$\\frac1m X D X^{T}$, where $D$ is diagonal with entries "
            "$a^{(i)}(1 - a^{(i)})$: each example adds its input's outer product "
            "$x^{(i)} x^{(i)T}$, weighted by its curvature.",
            hessian_w,
            product(1 / m, X, D, sympy.Transpose(X)),
        ),
        Step(
            "The bias is the weight of an extra input that is always 1, so the "
            "Hessian in all the parameters $(w, b)$ has the same form, with "
            "$\\tilde{X}$, which is $X$ with a row of ones added.",
            hessian,
            product(1 / m, X_tilde, D, sympy.Transpose(X_tilde)),
        ),
        Step(
            "A function is convex when its Hessian is positive semidefinite: "
            "$v^{T} (\\nabla^{2} J) v \\ge 0$ in every direction $v$. Multiplying out, "
            "$v^{T} \\tilde{X} D \\tilde{X}^{T} v$ is a sum over examples of the "
            "curvature $a^{(i)}(1 - a^{(i)}) = \\sigma(z^{(i)})\\sigma(-z^{(i)})$ "
            "times the square of $v^{T} \\tilde{x}^{(i)}$, the $i$-th entry of "
            "$\\tilde{X}^{T} v$.",
            product(
                sympy.Transpose(v),
                product(1 / m, X_tilde, D, sympy.Transpose(X_tilde)),
                v,
            ),
            quadratic_form,
        ),
        Step(
            "Each term is a positive number times a square, so the sum is never "
            "negative: the cost is convex in $(w, b)$, and gradient descent cannot "
            "be trapped in a local minimum that is not global.",
            quadratic_form,
            0,
            ">=",
        ),
        Step(
            "Squared error through a sigmoid is another story. Take one example with "
            "$x = 1$, $b = 0$ and $y = 1$, so $z = w$ and "
            "$J(w) = \\frac12 (\\sigma(w) - 1)^2$. Differentiating twice (with "
            "$\\sigma' = \\sigma(1 - \\sigma)$) gives a factor $3\\sigma(w) - 1$, "
            "which changes sign.",
            bend,
            product(Sigmoid(w), (1 - Sigmoid(w)) ** 2, difference(3 * Sigmoid(w), 1)),
        ),
        Step(
            "At $w = 0$, $\\sigma(0) = \\frac12$ and the curvature is positive ...",
            sympy.Subs(bend, w, 0),
            0,
            ">",
        ),
        Step(
            "... but at $w = -\\log 3$, $\\sigma(w) = \\frac{1}{1 + 3} = \\frac14$ and "
            "the curvature is $\\frac14 \\cdot \\frac{9}{16} \\cdot (-\\frac14)$ ...",
            sympy.Subs(bend, w, -sympy.log(3)),
            sympy.Rational(-9, 256),
        ),
        Step(
            "... which is negative. A convex function never curves downwards, so "
            "squared error through a sigmoid is not convex: its cost surface can have "
            "flat plateaus and several local minima, and is why logistic regression "
            "is trained on the cross-entropy.",
            sympy.Subs(bend, w, -sympy.log(3)),
            0,
            "<",
        ),
    )
    return Derivation(
        name="logistic_convexity",
        title="Convexity of the logistic cost",
        statement=(
            "The cross-entropy cost of logistic regression has the Hessian "
            "$\\frac1m \\tilde{X} D \\tilde{X}^{T}$ with "
            "$D = \\operatorname{diag}\\big(a^{(i)}(1 - a^{(i)})\\big)$, which is "
            "positive semidefinite, so the cost is convex in $(w, b)$; the squared "
            "error of a sigmoid output has points of negative curvature, so it is not."
        ),
        steps=steps,
        definitions={
            loss: cross_entropy(a, y),
            a: Sigmoid(z),
            m: EXAMPLES,
            X: X_entries,
            X_tilde: X_tilde_entries,
            D: sympy.diag(*[Sigmoid(zk) * Sigmoid(-zk) for zk in Z_entries]),
            v: v_entries,
            hessian_w: HESSIAN[:FEATURES, :FEATURES],
            hessian: HESSIAN,
            **{z_[k + 1]: Z_entries[k] for k in range(EXAMPLES)},
        },
        scope=(
            "The steps for one example hold for every real $z$ and label $y$. The "
            f"Hessian is checked entry by entry for $n_x = {FEATURES}$ features and "
            f"$m = {EXAMPLES}$ examples, every input, label, weight and direction a "
            "symbol, against SymPy's own second derivatives of the cost; the sign "
            "argument is the same for any size, one square per example."
        ),
        latex_settings={"order": "none"},
    )


if __name__ == "__main__":
    from derivations import report

    print(report(build()))
