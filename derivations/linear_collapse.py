"""Linear layers collapse: without activations, a deep network is one linear layer.

Run ``python -m derivations.linear_collapse`` to see every step proven.
"""

from __future__ import annotations

import sympy

from derivations.core import Derivation, Step

# Layer widths n^[0], ..., n^[3]: symbols, so every step holds for all sizes.
n = sympy.symbols("n0:4", integer=True, positive=True)
x = sympy.MatrixSymbol("x", n[0], 1)
W1, W2, W3 = (sympy.MatrixSymbol(f"W^{{[{layer}]}}", n[layer], n[layer - 1]) for layer in (1, 2, 3))
b1, b2, b3 = (sympy.MatrixSymbol(f"b^{{[{layer}]}}", n[layer], 1) for layer in (1, 2, 3))
a1, a2, a3 = (sympy.MatrixSymbol(f"a^{{[{layer}]}}", n[layer], 1) for layer in (1, 2, 3))
W = sympy.MatrixSymbol("W", n[3], n[0])
B = sympy.MatrixSymbol("B", n[3], 1)

# The same three layers when all have one width m, so that b1 + b2 + b3 exists.
m = sympy.Symbol("m", integer=True, positive=True)
V1, V2, V3 = (sympy.MatrixSymbol(f"W^{{[{layer}]}}", m, m) for layer in (1, 2, 3))
c1, c2, c3 = (sympy.MatrixSymbol(f"b^{{[{layer}]}}", m, 1) for layer in (1, 2, 3))
identity = sympy.MatrixSymbol("I", m, m)  # shown as I, proven as SymPy's Identity

# Induction: after L layers, a^[L] = P^[L] x + B^[L] (widths: p inputs, q and r units).
p, q, r = sympy.symbols("p q r", integer=True, positive=True)
x_in = sympy.MatrixSymbol("x", p, 1)
P_L, B_L = sympy.MatrixSymbol("P^{[L]}", q, p), sympy.MatrixSymbol("B^{[L]}", q, 1)
W_next, b_next = sympy.MatrixSymbol("W^{[L+1]}", r, q), sympy.MatrixSymbol("b^{[L+1]}", r, 1)
P_next, B_next = sympy.MatrixSymbol("P^{[L+1]}", r, p), sympy.MatrixSymbol("B^{[L+1]}", r, 1)

u = sympy.Symbol("u", real=True)


def relu(value: sympy.Expr) -> sympy.Expr:
    return sympy.Max(0, value)


def build() -> Derivation:
    nested = W3 * (W2 * (W1 * x + b1) + b2) + b3
    expanded = sympy.MatAdd(W3 * W2 * W1 * x, W3 * W2 * b1, W3 * b2, b3)
    bias = sympy.MatAdd(W3 * W2 * b1, W3 * b2, b3)
    steps = (
        Step(
            "Three layers with no activation function compute "
            "$a^{[1]} = W^{[1]} x + b^{[1]}$, $a^{[2]} = W^{[2]} a^{[1]} + b^{[2]}$ and "
            "$a^{[3]} = W^{[3]} a^{[2]} + b^{[3]}$. Put each layer into the next.",
            a3,
            nested,
        ),
        Step(
            "Multiply out the brackets (matrix products distribute over sums; the "
            "order of the factors must stay as it is).",
            nested,
            expanded,
        ),
        Step(
            "All terms but the first are fixed vectors. So the three layers compute "
            "$W x + B$ with the single matrix $W = W^{[3]} W^{[2]} W^{[1]}$ and the "
            "single bias $B = W^{[3]} W^{[2]} b^{[1]} + W^{[3]} b^{[2]} + b^{[3]}$: "
            "one linear layer.",
            expanded,
            W * x + B,
        ),
        Step(
            "Course notes sometimes give the bias as $b^{[1]} + b^{[2]} + b^{[3]}$. "
            "That is wrong: each bias also passes through the layers after it. The "
            "sum does not even have a shape unless all layers have the same width "
            "$m$, and even then it misses by "
            "$(W^{[3]} W^{[2]} - I) b^{[1]} + (W^{[3]} - I) b^{[2]}$, which is not 0 "
            "in general.",
            sympy.MatAdd(V3 * V2 * c1, V3 * c2, c3, -sympy.MatAdd(c1, c2, c3)),
            sympy.MatAdd(
                sympy.MatMul(sympy.MatAdd(V3 * V2, -identity), c1),
                sympy.MatMul(sympy.MatAdd(V3, -identity), c2),
            ),
        ),
        Step(
            "The same holds for any number of layers, by induction. Suppose the first "
            "$L$ layers compute $P^{[L]} x + B^{[L]}$ (true for $L = 1$, with "
            "$P^{[1]} = W^{[1]}$ and $B^{[1]} = b^{[1]}$). Layer $L + 1$ then computes "
            "the following, with $P^{[L+1]} = W^{[L+1]} P^{[L]}$ and "
            "$B^{[L+1]} = W^{[L+1]} B^{[L]} + b^{[L+1]}$: again one linear layer.",
            W_next * (P_L * x_in + B_L) + b_next,
            P_next * x_in + B_next,
        ),
        Step(
            "Unrolled, the recursion gives $P^{[L]} = W^{[L]} \\cdots W^{[1]}$ and "
            "$B^{[L]} = \\sum_{l=1}^{L} W^{[L]} \\cdots W^{[l+1]} b^{[l]}$; for $L = 3$ "
            "it is the bias found above. So depth without nonlinearity adds no "
            "expressive power: the deep network computes nothing a single layer "
            "could not.",
            sympy.MatAdd(W3 * sympy.MatAdd(W2 * b1, b2), b3),
            B,
        ),
        Step(
            "An activation between the layers breaks the collapse. Two ReLU units "
            "with weights $1$ and $-1$, added by an output unit, compute $|u|$, "
            "which is not linear ($|{-1}| = |1|$), so no single linear layer "
            "computes it.",
            sympy.Add(relu(u), relu(-u), evaluate=False),
            sympy.Abs(u),
        ),
    )
    return Derivation(
        name="linear_collapse",
        title="Linear layers collapse into one",
        statement=(
            "Without activation functions, three layers compute "
            "$W^{[3]}(W^{[2]}(W^{[1]} x + b^{[1]}) + b^{[2]}) + b^{[3]} = W x + B$ with "
            "$W = W^{[3]} W^{[2]} W^{[1]}$ and "
            "$B = W^{[3]} W^{[2]} b^{[1]} + W^{[3]} b^{[2]} + b^{[3]}$ "
            "(not $b^{[1]} + b^{[2]} + b^{[3]}$); by induction any number of linear "
            "layers is a single linear layer."
        ),
        steps=steps,
        definitions={
            a3: W3 * a2 + b3,
            a2: W2 * a1 + b2,
            a1: W1 * x + b1,
            W: W3 * W2 * W1,
            B: bias,
            P_next: W_next * P_L,
            B_next: W_next * B_L + b_next,
            identity: sympy.Identity(m),
        },
        scope=(
            "Proven for symbolic layer widths $n^{[0]}, \\dots, n^{[3]}$ with matrix "
            "symbols (SymPy's algebra of matrices, no entries), so for every size; "
            "the induction step for any number of layers."
        ),
        latex_settings={"order": "none"},
    )


if __name__ == "__main__":
    from derivations import report

    print(report(build()))
