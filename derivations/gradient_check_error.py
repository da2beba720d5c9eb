"""Gradient checking: the two-sided difference is accurate to O(eps^2), the one-sided to O(eps).

Run ``python -m derivations.gradient_check_error`` to see every step proven.
"""

from __future__ import annotations

import sympy

from derivations._notation import difference
from derivations.core import Derivation, Step

theta = sympy.Symbol("theta", real=True)
eps = sympy.Symbol("varepsilon", positive=True)
f = sympy.Function("f")
# f'(theta), f''(theta), ... shown with primes, proven as SymPy's derivatives.
PRIMES = {
    sympy.Symbol(f"f{chr(39) * order}(\\theta)"): sympy.Derivative(f(theta), (theta, order))
    for order in (1, 2, 3)
}
f1, f2, f3 = PRIMES


def term(coefficient: sympy.Expr, power: int, value: sympy.Expr) -> sympy.Expr:
    """``coefficient * eps**power * value``, shown in that order."""
    factors = [eps**power] if power else []
    if coefficient == 1:
        return sympy.Mul(*factors, value, evaluate=False)
    return sympy.Mul(coefficient, *factors, value, evaluate=False)


def taylor(sign: int) -> sympy.Expr:
    """f(theta + sign * eps) to the third power, plus the order of what is left."""
    terms = [f(theta)] + [
        term(sympy.Rational(sign**k, sympy.factorial(k)), k, value)
        for k, value in zip((1, 2, 3), PRIMES, strict=True)
    ]
    return sympy.Add(*terms, sympy.O(eps**4), evaluate=False)


def build() -> Derivation:
    one_sided = difference(f(theta + eps), f(theta)) / eps
    two_sided = difference(f(theta + eps), f(theta - eps)) / (2 * eps)
    cube_one_sided = difference((theta + eps) ** 3, theta**3) / eps
    cube_two_sided = difference((theta + eps) ** 3, (theta - eps) ** 3) / (2 * eps)
    steps = (
        Step(
            "Gradient checking compares a derivative with a difference quotient. "
            "How far apart they are follows from Taylor's expansion of $f$ around "
            "$\\theta$, for a step $\\varepsilon$ ...",
            f(theta + eps),
            taylor(1),
        ),
        Step(
            "... and for a step $-\\varepsilon$: the odd powers change sign.",
            f(theta - eps),
            taylor(-1),
        ),
        Step(
            "The one-sided difference subtracts $f(\\theta)$ and divides by "
            "$\\varepsilon$: $f'(\\theta)$ remains, but so does the term in "
            "$\\varepsilon f''(\\theta)$.",
            one_sided,
            sympy.Add(f1, term(sympy.Rational(1, 2), 1, f2), sympy.O(eps**2), evaluate=False),
        ),
        Step(
            "So its error shrinks only in proportion to $\\varepsilon$: it is $O(\\varepsilon)$.",
            difference(one_sided, f1),
            sympy.Add(term(sympy.Rational(1, 2), 1, f2), sympy.O(eps**2), evaluate=False),
        ),
        Step(
            "The two-sided difference subtracts the two expansions: the even terms, "
            "$f(\\theta)$ and $\\varepsilon^2 f''(\\theta)/2$, cancel.",
            two_sided,
            sympy.Add(f1, term(sympy.Rational(1, 6), 2, f3), sympy.O(eps**4), evaluate=False),
        ),
        Step(
            "So its error is $O(\\varepsilon^2)$: with $\\varepsilon = 10^{-7}$ the "
            "truncation error is about $10^{-14}$ instead of $10^{-7}$ (rounding in "
            "float64 adds about $10^{-9}$, still far below). This is why gradient "
            "checking uses the two-sided difference, although it costs two "
            "evaluations of the cost per parameter.",
            difference(two_sided, f1),
            sympy.Add(term(sympy.Rational(1, 6), 2, f3), sympy.O(eps**4), evaluate=False),
        ),
        Step(
            "An exact example: $f(\\theta) = \\theta^3$, with $f'(\\theta) = 3\\theta^2$. "
            "The one-sided difference is off by $3\\theta\\varepsilon + \\varepsilon^2$: "
            "at $\\theta = 1$, $\\varepsilon = 0.01$ it gives $3.0301$, an error of "
            "$0.0301$ ...",
            cube_one_sided,
            sympy.Add(3 * theta**2, 3 * theta * eps, eps**2, evaluate=False),
        ),
        Step(
            "... while the two-sided difference is off by exactly $\\varepsilon^2$: "
            "it gives $3.0001$, an error of $0.0001$.",
            cube_two_sided,
            sympy.Add(3 * theta**2, eps**2, evaluate=False),
        ),
    )
    return Derivation(
        name="gradient_check_error",
        title="Gradient checking: one-sided and two-sided differences",
        statement=(
            "$\\frac{f(\\theta + \\varepsilon) - f(\\theta)}{\\varepsilon} = "
            "f'(\\theta) + O(\\varepsilon)$, but "
            "$\\frac{f(\\theta + \\varepsilon) - f(\\theta - \\varepsilon)}{2\\varepsilon} = "
            "f'(\\theta) + O(\\varepsilon^2)$: the two-sided difference is far more "
            "accurate for the same small $\\varepsilon$."
        ),
        steps=steps,
        definitions=PRIMES,
        scope=(
            "Proven for any function $f$ with enough derivatives (SymPy expands an "
            "unspecified $f$ in series), and exactly for $f(\\theta) = \\theta^3$."
        ),
        latex_settings={"order": "none"},
    )


if __name__ == "__main__":
    from derivations import report

    print(report(build()))
