"""The computation graph of J = 3(a + bc): forward values and backpropagated gradients.

Run ``python -m derivations.computation_graph_linear`` to see every step proven.
"""

from __future__ import annotations

import sympy

from derivations._graph import ComputationGraph, Node
from derivations.core import Derivation

a, b, c, u, v, J = sympy.symbols("a b c u v J", real=True)

GRAPH = ComputationGraph(
    inputs={a: 5, b: 3, c: 2},
    nodes=[
        Node(u, b * c, "The first gate multiplies $b$ and $c$:"),
        Node(v, a + u, "The second adds $a$:"),
        Node(J, 3 * v, "The last multiplies by 3, giving the output"),
    ],
)


# For figures: the exact value of every name (a, b, c, u, v, J), and dJ/d(name).
node_values = GRAPH.values
gradients = GRAPH.gradients


def build() -> Derivation:
    return GRAPH.derivation(
        name="computation_graph_linear",
        title="A computation graph: J = 3(a + bc)",
        statement=(
            "At $a = 5$, $b = 3$, $c = 2$ the graph computes $J = 33$, and "
            "backpropagation gives $\\frac{\\partial J}{\\partial a} = 3$, "
            "$\\frac{\\partial J}{\\partial b} = 6$ and $\\frac{\\partial J}{\\partial c} = 9$: "
            "each is the gradient arriving from the right times the gate's local gradient."
        ),
    )


if __name__ == "__main__":
    from derivations import report

    print(report(build()))
