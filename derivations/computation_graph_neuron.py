"""A sigmoid neuron as a computation graph: every value and local gradient, exactly.

Run ``python -m derivations.computation_graph_neuron`` to see every step proven.
"""

from __future__ import annotations

import sympy

from derivations._graph import ComputationGraph, Node
from derivations.core import Derivation, Partial, Step

w0, x0, w1, x1, w2 = sympy.symbols("w_0 x_0 w_1 x_1 w_2", real=True)
p0, p1, s, z, q, r, u, f = sympy.symbols("p_0 p_1 s z q r u f", real=True)

# f = sigma(w0 x0 + w1 x1 + w2), with w2 the bias, cut into its elementary gates.
GRAPH = ComputationGraph(
    inputs={w0: 2, x0: -1, w1: -3, x1: -2, w2: -3},
    nodes=[
        Node(p0, w0 * x0, "The first multiply gate weighs the first input:"),
        Node(p1, w1 * x1, "The second weighs the second input:"),
        Node(s, p0 + p1, "An add gate sums the weighted inputs:"),
        Node(z, s + w2, "Another adds the bias $w_2$, giving the neuron's $z$:"),
        Node(q, -z, "The sigmoid $1/(1 + e^{-z})$ begins by negating:"),
        Node(r, sympy.exp(q), "then exponentiates:"),
        Node(u, sympy.Add(1, r, evaluate=False), "then adds 1:"),
        Node(f, 1 / u, "and takes the reciprocal, the neuron's output"),
    ],
)


# For figures: the exact value of every name (w_0 to f), and df/d(name).
node_values = GRAPH.values
gradients = GRAPH.gradients


def build() -> Derivation:
    output = GRAPH.values()["f"]
    sigmoid_gate = Step(
        "The four gates from $z$ to $f$ together are the sigmoid, whose derivative "
        "is $\\sigma(z)(1 - \\sigma(z)) = f(1 - f)$. Used as one gate, it gives the "
        "gradient at $z$ in a single step from the output's value, and agrees with "
        "the four steps above.",
        Partial(f, z),
        sympy.Mul(sympy.UnevaluatedExpr(output), sympy.UnevaluatedExpr(1 - output), evaluate=False),
    )
    return GRAPH.derivation(
        name="computation_graph_neuron",
        title="A sigmoid neuron as a computation graph",
        statement=(
            "For $f = \\sigma(w_0 x_0 + w_1 x_1 + w_2)$ at $w = (2, -3, -3)$ and "
            "$x = (-1, -2)$: $z = 1$, $f = \\sigma(1) \\approx 0.73$, and backpropagation "
            "through the eight gates gives "
            "$\\frac{\\partial f}{\\partial w} \\approx (-0.20, -0.39, 0.20)$ and "
            "$\\frac{\\partial f}{\\partial x} \\approx (0.39, -0.59)$; the steps "
            "prove every value exactly, in terms of $e$."
        ),
        extra=[sigmoid_gate],
    )


if __name__ == "__main__":
    from derivations import report

    print(report(build()))
