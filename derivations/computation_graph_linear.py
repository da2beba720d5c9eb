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


def node_values() -> dict[str, sympy.Expr]:
    """The value of every input and node: a, b, c, u, v, J."""
    return GRAPH.values()


def gradients() -> dict[str, sympy.Expr]:
    """dJ/d(name) for every node and input, as backpropagation finds it."""
    return GRAPH.gradients()


def build() -> Derivation:
    return Derivation(
        name="computation_graph_linear",
        title="A computation graph: J = 3(a + bc)",
        statement=(
            "At $a = 5$, $b = 3$, $c = 2$ the graph computes $J = 33$, and "
            "backpropagation gives $\\frac{\\partial J}{\\partial a} = 3$, "
            "$\\frac{\\partial J}{\\partial b} = 6$ and $\\frac{\\partial J}{\\partial c} = 9$: "
            "each is the gradient arriving from the right times the gate's local gradient."
        ),
        steps=GRAPH.steps(),
        definitions=GRAPH.definitions(),
        scope=(
            "Every value and every derivative is exact. Each backward step is checked "
            "against SymPy's derivative of the whole composition $J(a, b, c)$, not only "
            "against the product shown."
        ),
        latex_settings={"order": "none", "mul_symbol": "dot"},
    )


if __name__ == "__main__":
    from derivations import report

    print(report(build()))
