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

    def _eval_expand_func(self, **hints: object) -> sympy.Expr:
        # sigma(-z) = 1 - sigma(z): brings both to the same generator for cancelling.
        (z,) = self.args
        return 1 - Sigmoid(-z) if z.could_extract_minus_sign() else self

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


class ExampleEntry(sympy.Indexed):
    """Entry ``a[i]`` of a quantity over examples, shown as ``a^{(i)}``.

    The first index of a two-index entry is the feature, the second the example.
    """

    def _latex(self, printer: LatexPrinter) -> str:
        *feature, example = (printer._print(index) for index in self.indices)
        below = f"_{{{feature[0]}}}" if feature else ""
        # Braced, so that a power of it is not a double superscript.
        return f"{{{printer._print(self.base.label)}{below}^{{({example})}}}}"

    def doit(self, **hints: object) -> ExampleEntry:
        # Nothing to evaluate in an entry; rebuilding it (SymPy's default) is slow.
        return self


class _ExamplesLabel(sympy.Symbol):
    """The name of a quantity over examples: never equal to the plain symbol ``a``."""


class Examples(sympy.IndexedBase):
    """A quantity with one value per example: ``a[i]`` is shown as ``a^{(i)}``.

    Its entries never clash with a plain symbol of the same letter (the ``a`` of
    one example), which a derivation may define differently.
    """

    def __new__(cls, label: str | sympy.Symbol, **assumptions: bool) -> Examples:
        if isinstance(label, str):
            label = _ExamplesLabel(label, **assumptions)
        return super().__new__(cls, label, **assumptions)

    def __getitem__(self, index: object, **assumptions: object) -> ExampleEntry:
        return ExampleEntry(self, *index) if isinstance(index, tuple) else ExampleEntry(self, index)


class Transposed(sympy.Transpose):
    """A transpose that is always shown in brackets, ``(M)^T``, whatever ``M``'s name."""

    def _latex(self, printer: LatexPrinter) -> str:
        return rf"\left({printer._print(self.arg)}\right)^{{T}}"


class Elementwise(sympy.HadamardProduct):
    r"""The entry-by-entry product, shown with $\odot$ as on the rest of the site."""

    def _latex(self, printer: LatexPrinter) -> str:
        return r" \odot ".join(
            printer.parenthesize(factor, 60, strict=True) for factor in self.args
        )


def difference(left: sympy.Basic, right: sympy.Basic) -> sympy.Basic:
    """``left - right`` shown in that order (SymPy may otherwise write ``-right + left``)."""
    if isinstance(left, sympy.MatrixExpr):
        return sympy.MatAdd(left, sympy.MatMul(-1, right))
    return sympy.Add(left, sympy.Mul(-1, right, evaluate=False), evaluate=False)


def product(*factors: sympy.Basic) -> sympy.Basic:
    r"""A product shown as written: factors in this order, and $\frac{1}{m}$ in front.

    SymPy would sort the factors and turn $\frac{1}{m} \sum_i \dots$ into a fraction
    with the sum on top; wrapping $\frac{1}{m}$ keeps it a factor (``doit`` unwraps it).
    """
    shown = [
        sympy.UnevaluatedExpr(factor)
        if isinstance(factor, sympy.Pow) and factor.exp.is_negative
        else factor
        for factor in factors
    ]
    if any(isinstance(factor, sympy.MatrixExpr | sympy.MatrixBase) for factor in shown):
        return sympy.MatMul(*shown)
    return sympy.Mul(*shown, evaluate=False)


def log_likelihood(a: sympy.Expr, y: sympy.Expr) -> sympy.Expr:
    r"""$y \log a + (1 - y) \log(1 - a)$, the log-probability of label $y$, as written."""
    return sympy.Add(
        sympy.Mul(y, sympy.log(a), evaluate=False),
        sympy.Mul(1 - y, sympy.log(1 - a), evaluate=False),
        evaluate=False,
    )


def cross_entropy(a: sympy.Expr, y: sympy.Expr) -> sympy.Expr:
    r"""The binary cross-entropy loss $-(y \log a + (1 - y) \log(1 - a))$, as written."""
    return sympy.Mul(-1, log_likelihood(a, y), evaluate=False)


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
    """Entries ``x[j, i]`` shown ``x_j^{(i)}``: one column per example (``y[i]`` if one row).

    The entries are those of ``Examples(letter)``, so a ``Sum`` over ``i`` unrolled
    by SymPy gives back exactly these entries.
    """
    base = Examples(letter, real=True)
    if rows == 1:
        return sympy.Matrix(1, examples, lambda _, i: base[i + 1])
    return sympy.Matrix(rows, examples, lambda j, i: base[j + 1, i + 1])


def gradient(cost: sympy.Expr, variables: sympy.Matrix) -> sympy.Matrix:
    """The matrix of partial derivatives of a scalar ``cost``, shaped like ``variables``."""
    return variables.applyfunc(lambda variable: sympy.diff(cost, variable))
