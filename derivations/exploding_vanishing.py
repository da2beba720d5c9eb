"""Exploding and vanishing: in a deep network, outputs and gradients scale like c^L.

Run ``python -m derivations.exploding_vanishing`` to see every step proven.
"""

from __future__ import annotations

import sympy

from derivations._notation import Transposed, gradient, layer_matrix, matrix, product
from derivations.core import Derivation, Step

c = sympy.Symbol("c", positive=True)
n, k, L, layer = sympy.symbols("n k L l", integer=True, positive=True)

# Any width n: shown as I, proven as SymPy's identity matrix.
identity = sympy.MatrixSymbol("I", n, n)
x = sympy.MatrixSymbol("x", n, 1)
W_L = sympy.MatrixSymbol("W^{[L]}", 1, n)  # the output layer: one unit
dy = sympy.Symbol(r"d\hat{y}", real=True)  # the cost's gradient at the output

# A network of depth 4 and width 2 with every entry a symbol, for the gradient check.
WIDTH, DEPTH = 2, 4
weights = [layer_matrix("w", number, WIDTH, WIDTH) for number in range(1, DEPTH)]
weights.append(layer_matrix("w", DEPTH, 1, WIDTH))
x_entries = matrix(WIDTH, 1, lambda j, _: f"x_{{{j}}}", real=True)
dy_entry = dy
W4 = sympy.MatrixSymbol("W^{[4]}", 1, WIDTH)
x4 = sympy.MatrixSymbol("x", WIDTH, 1)
dy4 = sympy.MatrixSymbol(r"d\hat{y}", 1, 1)
dW2 = sympy.MatrixSymbol("dW^{[2]}", WIDTH, WIDTH)


def hidden_gradient_at_c() -> sympy.Matrix:
    """dJ/dW^[2] for J = dy * y_hat, then every hidden W^[l] set to c I."""
    y_hat = weights[3] * weights[2] * weights[1] * weights[0] * x_entries
    derivative = gradient(dy_entry * y_hat[0], weights[1])
    at_c = {}
    for hidden in weights[:3]:
        at_c.update(zip(hidden, c * sympy.eye(WIDTH), strict=True))
    return derivative.subs(at_c)


def build() -> Derivation:
    U = sympy.UnevaluatedExpr
    steps = (
        Step(
            "Take a deep network with no activations and no biases, and every hidden "
            "layer's weights $W^{[l]} = cI$ (a scaled identity; the course uses "
            "$c = 1.5$ and $c = 0.5$). Then "
            "$\\hat{y} = W^{[L]} (cI)^{L-1} x$. By induction, $(cI)^k = c^k I$: "
            "one more factor multiplies the scale by $c$.",
            product(c * identity, c**k * identity),
            c ** (k + 1) * identity,
        ),
        Step(
            "So the output is the last layer applied to $x$ scaled by $c^{L-1}$: "
            "geometric in the depth.",
            product(W_L, c ** (L - 1) * identity, x),
            product(c ** (L - 1), W_L, x),
        ),
        Step(
            "With $c = 1.5$ and $L = 50$ layers, the scale $1.5^{49}$ is over a "
            "hundred million: activations explode ...",
            sympy.Pow(U(sympy.Rational(3, 2)), 49),
            sympy.Pow(U(10), 8),
            ">",
        ),
        Step(
            "... and with $c = 0.5$, $0.5^{49}$ is below $10^{-14}$: they vanish.",
            sympy.Pow(U(sympy.Rational(1, 2)), 49),
            sympy.Pow(U(10), -14),
            "<",
        ),
        Step(
            "Gradients scale the same way. For a network of depth $L = 4$ and width "
            "2 with every weight a symbol, SymPy's derivative of the cost with respect "
            "to $W^{[2]}$, with the hidden weights then set to $cI$, carries the "
            "factor $c^{L-2} = c^2$: one $c$ for each hidden layer other than "
            "$W^{[2]}$ itself.",
            dW2,
            product(c**2, sympy.Transpose(W4), dy4, sympy.Transpose(x4)),
        ),
        Step(
            "For any depth: backpropagation gives "
            "$dW^{[l]} = (W^{[L]} \\cdots W^{[l+1]})^{T} \\, d\\hat{y} \\, "
            "(W^{[l-1]} \\cdots W^{[1]} x)^{T}$, and with the hidden weights "
            "$cI$ the two products carry $c^{L-l-1}$ and $c^{l-1}$: together "
            "$c^{L-2}$ for every hidden layer. With $c > 1$ the gradients explode, with "
            "$c < 1$ they vanish, exponentially in the depth; careful initialization "
            "(variance about $1/n$) keeps the scale near 1.",
            product(
                Transposed(product(W_L, c ** (L - layer - 1) * identity)),
                dy,
                Transposed(product(c ** (layer - 1) * identity, x)),
            ),
            product(c ** (L - 2), sympy.Transpose(W_L), dy, sympy.Transpose(x)),
        ),
    )
    return Derivation(
        name="exploding_vanishing",
        title="Exploding and vanishing activations and gradients",
        statement=(
            "In a deep linear network with hidden weights $W^{[l]} = cI$, "
            "$\\hat{y} = c^{L-1} W^{[L]} x$ and every hidden layer's gradient carries "
            "$c^{L-2}$: with $c = 1.5$ they explode ($1.5^{49} > 10^8$), with "
            "$c = 0.5$ they vanish ($0.5^{49} < 10^{-14}$)."
        ),
        steps=steps,
        definitions={
            identity: sympy.Identity(n),
            dW2: hidden_gradient_at_c(),
            W4: weights[3],
            x4: x_entries,
            dy4: sympy.Matrix([[dy_entry]]),
        },
        scope=(
            "The output and the general gradient are proven for every width $n$ and "
            "depth $L$ with matrix symbols (and induction); the gradient is also "
            f"checked entry by entry against SymPy's derivative for depth {DEPTH} and "
            f"width {WIDTH} with every entry a symbol."
        ),
    )


if __name__ == "__main__":
    from derivations import report

    print(report(build()))
