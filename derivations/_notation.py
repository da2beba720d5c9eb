"""Notation several derivations share: the sigmoid, the cross-entropy loss, matrices of symbols.

Not a derivation itself (the registry skips names starting with ``_``).
"""

from __future__ import annotations

from collections.abc import Callable

import sympy
from sympy.printing.latex import LatexPrinter


class Sigmoid(sympy.Function):
    r"""The sigmoid $\sigma(z) = 1 / (1 + e^{-z})$, a SymPy function that knows its derivative.

    SymPy differentiates it as $\sigma(z)\,(1 - \sigma(z))$, the rule proven step by step in
    ``derivations.sigmoid_derivative`` (whose last step checks this class against the
    definition). Costs built from it therefore differentiate to rational expressions in
    the values $\sigma(z)$, which SymPy cancels in milliseconds, where the exponential
    form would take seconds. ``rewrite(sympy.exp)`` gives the definition back.
    """

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        return self * (1 - self)

    def _eval_rewrite_as_exp(self, z: sympy.Expr, **hints: object) -> sympy.Expr:
        return 1 / (1 + sympy.exp(-z))

    def _eval_evalf(self, precision: int) -> sympy.Expr:
        return self.rewrite(sympy.exp)._eval_evalf(precision)

    def _eval_is_real(self) -> bool | None:
        return self.args[0].is_real

    def _eval_is_positive(self) -> bool | None:
        # 1 / (1 + e^{-z}) > 0 for every real z; 1 - sigma(z) is sigma(-z), positive too.
        return True if self.args[0].is_real else None

    def _latex(self, printer: LatexPrinter, exp: str | None = None) -> str:
        power = f"^{{{exp}}}" if exp else ""
        return rf"\sigma{power}{{\left({printer._print(self.args[0])} \right)}}"


def sigmoid_of_exp(z: sympy.Expr) -> sympy.Expr:
    """The definition $1/(1 + e^{-z})$ as an expression."""
    return 1 / (1 + sympy.exp(-z))


def cross_entropy(a: sympy.Expr, y: sympy.Expr) -> sympy.Expr:
    r"""The binary cross-entropy loss $-(y \log a + (1 - y) \log(1 - a))$, as written."""
    return sympy.Mul(
        -1,
        sympy.Add(y * sympy.log(a), (1 - y) * sympy.log(1 - a), evaluate=False),
        evaluate=False,
    )


def matrix(
    rows: int, columns: int, name: Callable[[int, int], str], **assumptions: bool
) -> sympy.Matrix:
    """An explicit matrix whose every entry is a symbol; ``name(row, column)`` counts from 1."""
    return sympy.Matrix(
        rows,
        columns,
        lambda row, column: sympy.Symbol(name(row + 1, column + 1), **assumptions),
    )


def layer_matrix(letter: str, layer: int, rows: int, columns: int) -> sympy.Matrix:
    """Entries ``w^{[l]}_{jk}`` of a layer's matrix (``b^{[l]}_{j}`` when one column)."""
    if columns == 1:
        return matrix(rows, 1, lambda j, _: f"{letter}^{{[{layer}]}}_{{{j}}}", real=True)
    return matrix(rows, columns, lambda j, k: f"{letter}^{{[{layer}]}}_{{{j}{k}}}", real=True)


def examples_matrix(letter: str, rows: int, examples: int) -> sympy.Matrix:
    """Entries ``x_j^{(i)}``: one column per example (``y^{(i)}`` when one row)."""
    if rows == 1:
        return matrix(1, examples, lambda _, i: f"{letter}^{{({i})}}", real=True)
    return matrix(rows, examples, lambda j, i: f"{letter}_{{{j}}}^{{({i})}}", real=True)


def gradient(cost: sympy.Expr, variables: sympy.Matrix) -> sympy.Matrix:
    """The matrix of partial derivatives of a scalar ``cost``, shaped like ``variables``."""
    return variables.applyfunc(lambda variable: sympy.diff(cost, variable))
