"""The derivatives of ReLU and leaky ReLU, and the value used at z = 0.

Run ``python -m derivations.relu_derivative`` to see every step proven.
"""

from __future__ import annotations

import sympy

from derivations.core import Derivation, Step

z = sympy.Symbol("z", real=True)
alpha = sympy.Symbol("alpha", positive=True)
# The same letter z, restricted to one side of 0, for the steps that hold on that side.
z_right = sympy.Symbol("z", positive=True)
z_left = sympy.Symbol("z", negative=True)

relu = sympy.Function("ReLU")
leaky_relu = sympy.Function("LeakyReLU")
RELU = sympy.Piecewise((z, z > 0), (0, True))
LEAKY_RELU = sympy.Piecewise((z, z > 0), (alpha * z, True))


def one_sided_slope(function: sympy.Function, side: str) -> sympy.Limit:
    """The slope of ``function`` at 0 seen from one side: ``+`` right, ``-`` left."""
    # The step h carries the sign of its side: with h merely real, SymPy 1.14 gets
    # the right-hand limit of a Piecewise wrong (0 instead of 1).
    h = sympy.Symbol("h", positive=True) if side == "+" else sympy.Symbol("h", negative=True)
    rise = sympy.Add(function(h), -function(0), evaluate=False)
    return sympy.Limit(rise / h, h, 0, side)


def build() -> Derivation:
    steps = (
        Step(
            "ReLU keeps a positive input and replaces a negative one by 0: it is "
            "$\\max(0, z)$, a function in two pieces.",
            relu(z),
            sympy.Max(0, z),
        ),
        Step(
            "On the right of 0 (every $z > 0$) ReLU is the identity, whose slope is 1.",
            sympy.Derivative(relu(z_right), z_right),
            1,
        ),
        Step(
            "On the left of 0 (every $z < 0$) ReLU is the constant 0, whose slope is 0.",
            sympy.Derivative(relu(z_left), z_left),
            0,
        ),
        Step(
            "At $z = 0$ the two pieces meet at a corner. Approaching from the right, "
            "the difference quotient is $h/h = 1$ ...",
            one_sided_slope(relu, "+"),
            1,
        ),
        Step(
            "... and from the left it is $0/h = 0$. The one-sided slopes differ, so "
            "ReLU has no derivative at 0: any value between 0 and 1 is a valid "
            "slope of a line touching the corner (a subgradient).",
            one_sided_slope(relu, "-"),
            0,
        ),
        Step(
            "An implementation must still return a number for $z = 0$. Differentiating "
            "piece by piece, as SymPy does, gives each $z$ the slope of the piece it "
            "belongs to; $z = 0$ belongs to the flat piece, so its slope is 0. This is "
            "the convention nnref uses: $g'(0) = 0$. It rarely matters, since a "
            "floating-point $z$ is seldom exactly 0.",
            sympy.Derivative(RELU, z),
            sympy.Piecewise((1, z > 0), (0, True)),
        ),
        Step(
            "Leaky ReLU replaces the flat piece by a small slope $\\alpha$ (often "
            "$0.01$), so that a unit with negative input still passes a gradient.",
            leaky_relu(z),
            LEAKY_RELU,
        ),
        Step(
            "For $z > 0$ its slope is 1, as for ReLU.",
            sympy.Derivative(leaky_relu(z_right), z_right),
            1,
        ),
        Step(
            "For $z < 0$ its slope is $\\alpha$: never 0, so the unit cannot die.",
            sympy.Derivative(leaky_relu(z_left), z_left),
            alpha,
        ),
        Step(
            "At 0 the slope from the left is $\\alpha$ (from the right it is 1, as "
            "for ReLU), so again there is a corner.",
            one_sided_slope(leaky_relu, "-"),
            alpha,
        ),
        Step(
            "The same convention, the slope of the piece that holds $z = 0$, gives $\\alpha$ at 0.",
            sympy.Derivative(LEAKY_RELU, z),
            sympy.Piecewise((1, z > 0), (alpha, True)),
        ),
    )
    return Derivation(
        name="relu_derivative",
        title="Derivatives of ReLU and leaky ReLU",
        statement=(
            "$\\operatorname{ReLU}(z) = \\max(0, z)$ has slope 1 for $z > 0$ and 0 for "
            "$z < 0$; leaky ReLU has slope 1 and $\\alpha$. Neither is differentiable "
            "at $z = 0$, where nnref uses the slope of the left piece: 0 for ReLU, "
            "$\\alpha$ for leaky ReLU."
        ),
        steps=steps,
        definitions={
            relu: sympy.Lambda(z, RELU),
            leaky_relu: sympy.Lambda(z, LEAKY_RELU),
        },
        scope="Proven for every real $z$ and every slope $\\alpha > 0$.",
        latex_settings={"order": "none"},
    )


if __name__ == "__main__":
    from derivations import report

    print(report(build()))
