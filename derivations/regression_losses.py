"""The gradients of the squared error and of the absolute error.

Run ``python -m derivations.regression_losses`` to see every step proven.
"""

from __future__ import annotations

import sympy

from derivations._notation import examples_matrix, gradient
from derivations.core import Derivation, Step

a, y = sympy.symbols("a y", real=True)
m = sympy.Symbol("m", positive=True, integer=True)
EXAMPLES = 3

# Shown as matrices, proven through their explicit entries (definitions below).
A_entries = examples_matrix("a", 1, EXAMPLES)
Y_entries = examples_matrix("y", 1, EXAMPLES)
A = sympy.MatrixSymbol("A", 1, EXAMPLES)
Y = sympy.MatrixSymbol("Y", 1, EXAMPLES)
squared_cost = sum((A_entries - Y_entries).applyfunc(lambda r: r**2)) / (2 * EXAMPLES)
absolute_cost = sum((A_entries - Y_entries).applyfunc(sympy.Abs)) / EXAMPLES
squared_gradient = sympy.MatrixSymbol(r"\frac{\partial J_{\mathrm{sq}}}{\partial A}", 1, EXAMPLES)
absolute_gradient = sympy.MatrixSymbol(r"\frac{\partial J_{\mathrm{abs}}}{\partial A}", 1, EXAMPLES)
signs = sympy.MatrixSymbol(r"\operatorname{sign}(A - Y)", 1, EXAMPLES)


def one_sided_slope_of_abs(side: str) -> sympy.Limit:
    """The slope of $|r|$ at $r = 0$ from one side: ``+`` right, ``-`` left."""
    h = sympy.Symbol("h", positive=True) if side == "+" else sympy.Symbol("h", negative=True)
    # Unevaluated, or SymPy would turn |h|/h into the answer before the page shows it.
    return sympy.Limit(sympy.Abs(h, evaluate=False) / h, h, 0, side)


def build() -> Derivation:
    residual = a - y
    steps = (
        Step(
            "The squared error of one prediction $a$ against its target $y$ is "
            "$\\frac12 (a - y)^2$. By the chain rule its derivative is the residual "
            "$a - y$: the factor $\\frac12$ is there to cancel the 2 of the square.",
            sympy.Derivative(residual**2 / 2, a),
            residual,
        ),
        Step(
            "Without the $\\frac12$ (scikit-learn's convention) the gradient is twice "
            "as large; it only rescales the learning rate.",
            sympy.Derivative(residual**2, a),
            sympy.Mul(2, residual, evaluate=False),
        ),
        Step(
            "Over $m$ examples nnref's cost is "
            "$J_{\\mathrm{sq}} = \\frac{1}{2m} \\sum_i (a^{(i)} - y^{(i)})^2$. Each "
            "$a^{(i)}$ appears in one term only, so the gradient is the residual of "
            "each example divided by $m$. It grows with the residual: a far-off "
            "prediction, such as an outlier, pulls hardest.",
            squared_gradient,
            (A - Y) / m,
        ),
        Step(
            "The absolute error $|a - y|$ has slope $+1$ where the prediction is too "
            "high and $-1$ where it is too low: the sign of the residual, whatever "
            "its size.",
            sympy.Derivative(sympy.Abs(residual), a),
            sympy.sign(residual),
        ),
        Step(
            "Where $a = y$ it has a corner. With $r = a - y$, the slope from the right is $+1$ ...",
            one_sided_slope_of_abs("+"),
            1,
        ),
        Step(
            "... and from the left $-1$. Any value in $[-1, 1]$ is a subgradient "
            "there; nnref uses $\\operatorname{sign}(0) = 0$, the middle one.",
            one_sided_slope_of_abs("-"),
            -1,
        ),
        Step(
            "Over $m$ examples, $J_{\\mathrm{abs}} = \\frac1m \\sum_i |a^{(i)} - y^{(i)}|$, "
            "and each entry of the gradient is $\\pm \\frac1m$: every example pulls "
            "equally, which makes the absolute error robust to outliers, but the "
            "gradient does not shrink near the minimum, so gradient descent keeps "
            "overshooting unless the learning rate decays.",
            absolute_gradient,
            signs / m,
        ),
    )
    return Derivation(
        name="regression_losses",
        title="Gradients of the squared and the absolute error",
        statement=(
            "For $J_{\\mathrm{sq}} = \\frac{1}{2m} \\sum_i (a^{(i)} - y^{(i)})^2$ the "
            "gradient is $\\frac{\\partial J}{\\partial A} = \\frac1m (A - Y)$; for "
            "$J_{\\mathrm{abs}} = \\frac1m \\sum_i |a^{(i)} - y^{(i)}|$ it is "
            "$\\frac1m \\operatorname{sign}(A - Y)$, wherever no residual is 0."
        ),
        steps=steps,
        definitions={
            A: A_entries,
            Y: Y_entries,
            m: EXAMPLES,
            squared_gradient: gradient(squared_cost, A_entries),
            absolute_gradient: gradient(absolute_cost, A_entries),
            signs: (A_entries - Y_entries).applyfunc(sympy.sign),
        },
        scope=(
            "The one-example steps hold for every real $a$ and $y$. The gradients "
            f"over $m$ examples are checked entry by entry for $m = {EXAMPLES}$, every "
            "$a^{(i)}$ and $y^{(i)}$ a symbol, against SymPy's derivative of the cost "
            "$J$; each entry involves one example only, so the same holds for any $m$."
        ),
    )


if __name__ == "__main__":
    from derivations import report

    print(report(build()))
