"""The derivative of tanh, and tanh as a rescaled sigmoid.

Run ``python -m derivations.tanh_derivative`` to see every step proven.
"""

from __future__ import annotations

import sympy

from derivations._notation import Sigmoid
from derivations.core import Derivation, Step

z = sympy.Symbol("z", real=True)


def build() -> Derivation:
    up, down = sympy.exp(z), sympy.exp(-z)
    # Sums are built unevaluated so that the page shows them in reading order.
    numerator = sympy.Add(up, -down, evaluate=False)  # its derivative is the denominator
    denominator = sympy.Add(up, down, evaluate=False)  # and this one's is the numerator
    tanh = numerator / denominator
    quotient_rule = sympy.Add(denominator**2, -(numerator**2), evaluate=False) / denominator**2
    two_sigma = sympy.Add(2 / (1 + sympy.exp(-2 * z)), -1, evaluate=False)
    steps = (
        Step(
            "Start from the definition of the hyperbolic tangent as a ratio of exponentials.",
            sympy.tanh(z),
            tanh,
        ),
        Step(
            "Apply the quotient rule $(u/v)' = (u'v - uv')/v^2$ with "
            "$u = e^{z} - e^{-z}$ and $v = e^{z} + e^{-z}$. Differentiating swaps "
            "them: $u' = e^{z} + e^{-z} = v$ and $v' = e^{z} - e^{-z} = u$.",
            sympy.Derivative(sympy.tanh(z), z),
            quotient_rule,
        ),
        Step(
            "Split the fraction: the first term of the numerator cancels against the "
            "denominator and leaves 1.",
            quotient_rule,
            sympy.Add(1, -(numerator**2) / denominator**2, evaluate=False),
        ),
        Step(
            "What is left is the square of the ratio we started from, $\\tanh z$. "
            "Like the sigmoid, tanh gives its own derivative from its output: "
            "$1 - a^2$ where $a = \\tanh z$. It is largest, 1, at $z = 0$ and tends "
            "to 0 when $|z|$ grows, where the unit saturates.",
            sympy.Derivative(sympy.tanh(z), z),
            1 - sympy.tanh(z) ** 2,
        ),
        Step(
            "Now compare tanh with the sigmoid. Evaluate $2\\sigma(2z) - 1$ from "
            "the definition $\\sigma(t) = 1/(1 + e^{-t})$ at $t = 2z$.",
            sympy.Add(2 * Sigmoid(2 * z), -1, evaluate=False),
            two_sigma,
        ),
        Step(
            "Bring both terms over the common denominator $1 + e^{-2z}$.",
            two_sigma,
            (1 - sympy.exp(-2 * z)) / (1 + sympy.exp(-2 * z)),
        ),
        Step(
            "Multiply the numerator and the denominator by $e^{z}$: this is the "
            "definition of tanh again. So tanh is a sigmoid stretched to the range "
            "$(-1, 1)$ and centred on 0, which is why it is preferred to the sigmoid "
            "in hidden layers: its outputs have mean close to 0.",
            (1 - sympy.exp(-2 * z)) / (1 + sympy.exp(-2 * z)),
            sympy.tanh(z),
        ),
    )
    return Derivation(
        name="tanh_derivative",
        title="Derivative of tanh",
        statement=(
            "For $\\tanh z = \\dfrac{e^{z} - e^{-z}}{e^{z} + e^{-z}}$, the derivative "
            "is $\\tanh'(z) = 1 - \\tanh^2 z$; and tanh is a rescaled sigmoid, "
            "$\\tanh z = 2\\sigma(2z) - 1$."
        ),
        steps=steps,
        scope="Proven for every real $z$.",
        latex_settings={"order": "none"},
    )


if __name__ == "__main__":
    from derivations import report

    print(report(build()))
