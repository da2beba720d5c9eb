"""The derivative of the sigmoid, written with the sigmoid itself.

Run ``python -m derivations.sigmoid_derivative`` to see every step proven.
"""

from __future__ import annotations

import sympy

from derivations._notation import Sigmoid
from derivations.core import Derivation, Step

z = sympy.Symbol("z", real=True)
sigma = sympy.Function("sigma")
SIGMOID = sympy.Lambda(z, 1 / (1 + sympy.exp(-z)))


def build() -> Derivation:
    u = 1 + sympy.exp(-z)
    minus_u_squared = sympy.Mul(-1, sympy.Pow(u, -2, evaluate=False), evaluate=False)
    steps = (
        Step(
            "Start from the definition of the sigmoid.",
            sigma(z),
            1 / u,
        ),
        Step(
            "Write $\\sigma$ as the power $u^{-1}$ of $u = 1 + e^{-z}$ and apply the "
            "chain rule: the derivative of $u^{-1}$ is $-u^{-2}$, times "
            "$u' = -e^{-z}$.",
            sympy.Derivative(sigma(z), z),
            sympy.Mul(minus_u_squared, -sympy.exp(-z), evaluate=False),
        ),
        Step(
            "The two minus signs cancel.",
            sympy.Mul(minus_u_squared, -sympy.exp(-z), evaluate=False),
            sympy.exp(-z) / u**2,
        ),
        Step(
            "Split the square into a product of two fractions.",
            sympy.exp(-z) / u**2,
            sympy.UnevaluatedExpr(1 / u) * sympy.UnevaluatedExpr(sympy.exp(-z) / u),
        ),
        Step(
            "Add and subtract 1 in the numerator of the second fraction: "
            "$e^{-z} = (1 + e^{-z}) - 1$, so the second fraction is one minus the first.",
            sympy.exp(-z) / u,
            sympy.Add(1, -1 / u, evaluate=False),
        ),
        Step(
            "The first fraction is $\\sigma(z)$ and the second is $1 - \\sigma(z)$, "
            "which gives the result.",
            sympy.Derivative(sigma(z), z),
            sympy.Mul(sigma(z), 1 - sigma(z), evaluate=False),
        ),
        Step(
            "Other derivations on this site let SymPy differentiate $\\sigma$ by this "
            "rule directly, instead of through exponentials each time, which keeps "
            "them fast. This last step checks that the rule SymPy is given agrees with "
            "the derivative of the definition.",
            sympy.Derivative(Sigmoid(z), z),
            sympy.Derivative(1 / u, z),
        ),
    )
    return Derivation(
        name="sigmoid_derivative",
        title="Derivative of the sigmoid",
        statement=(
            "For $\\sigma(z) = \\dfrac{1}{1 + e^{-z}}$, the derivative is "
            "$\\sigma'(z) = \\sigma(z)\\,(1 - \\sigma(z))$: it can be computed from "
            "the sigmoid's own output, with no further exponential."
        ),
        steps=steps,
        definitions={sigma: SIGMOID},
        scope="Proven for every real $z$, with $\\sigma$ replaced by its definition.",
        latex_settings={"order": "none"},
    )


if __name__ == "__main__":
    from derivations import report

    print(report(build()))
