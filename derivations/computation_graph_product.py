"""The computation graph of f = (x + y) z: forward values and backpropagated gradients.

Run ``python -m derivations.computation_graph_product`` to see every step proven.
"""

from __future__ import annotations

import sympy

from derivations._graph import ComputationGraph, Node
from derivations.core import Derivation

x, y, z, q, f = sympy.symbols("x y z q f", real=True)

GRAPH = ComputationGraph(
    inputs={x: -2, y: 5, z: -4},
    nodes=[
        Node(q, x + y, "The add gate:"),
        Node(f, q * z, "The multiply gate gives the output"),
    ],
)


# For figures: the exact value of every name (x, y, z, q, f), and df/d(name).
node_values = GRAPH.values
gradients = GRAPH.gradients


def build() -> Derivation:
    return GRAPH.derivation(
        name="computation_graph_product",
        title="A computation graph: f = (x + y)z",
        statement=(
            "At $x = -2$, $y = 5$, $z = -4$ the graph computes $f = -12$, with "
            "$\\frac{\\partial f}{\\partial x} = \\frac{\\partial f}{\\partial y} = -4$ and "
            "$\\frac{\\partial f}{\\partial z} = 3$. The add gate hands the same gradient "
            "to both its inputs; the multiply gate hands each input the other one's value."
        ),
    )


if __name__ == "__main__":
    from derivations import report

    print(report(build()))
