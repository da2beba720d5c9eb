"""Backpropagation through a two-layer network, every formula against SymPy's derivative.

Run ``python -m derivations.backprop_two_layer`` to see every step proven.
"""

from __future__ import annotations

from collections.abc import Callable

import sympy

from derivations._notation import (
    Elementwise,
    Sigmoid,
    Transposed,
    cross_entropy,
    difference,
    examples_matrix,
    gradient,
    layer_matrix,
    matrix,
    product,
)
from derivations.core import Derivation, Step

INPUTS, HIDDEN, EXAMPLES = 2, 2, 2

# A hidden layer with any activation g: nothing is assumed about it but that it has a
# derivative, the equally unknown function g'. A sigmoid output, on cross-entropy.
g_slope = sympy.Function("g'")
g = sympy.Function("g", fdiff=lambda self, argindex=1: g_slope(self.args[0]))
X_ = examples_matrix("x", INPUTS, EXAMPLES)
Y_ = examples_matrix("y", 1, EXAMPLES)
W1_, b1_ = layer_matrix("w", 1, HIDDEN, INPUTS), layer_matrix("b", 1, HIDDEN, 1)
W2_, b2_ = layer_matrix("w", 2, 1, HIDDEN), layer_matrix("b", 2, 1, 1)
ones = sympy.ones(1, EXAMPLES)  # adding b * ones broadcasts the bias over the examples


def cost_of_output(Z2: sympy.Matrix) -> sympy.Expr:
    """J = mean over examples of the cross-entropy of sigma(Z2) against Y."""
    return sum(cross_entropy(Sigmoid(Z2[i]), Y_[i]) for i in range(EXAMPLES)) / EXAMPLES


def cost_of_hidden(A1: sympy.Matrix) -> sympy.Expr:
    return cost_of_output(W2_ * A1 + b2_ * ones)


def cost_of_hidden_input(Z1: sympy.Matrix) -> sympy.Expr:
    return cost_of_hidden(Z1.applyfunc(g))


# The forward pass, entry by entry.
Z1_ = W1_ * X_ + b1_ * ones
A1_ = Z1_.applyfunc(g)
Z2_ = W2_ * A1_ + b2_ * ones
A2_ = Z2_.applyfunc(Sigmoid)
J_ = cost_of_output(Z2_)


def per_example_gradient(
    cost_of: Callable[[sympy.Matrix], sympy.Expr], value: sympy.Matrix, name: str
) -> sympy.Matrix:
    """m times dJ/dV at the forward pass: V's entries as free symbols, then put back.

    Column i of the result is the gradient of example i's loss alone (the course's
    dZ and dA), which the factor m undoes from the mean.
    """
    free = matrix(*value.shape, lambda j, i: f"{name}_{{{j}{i}}}", real=True)
    derivative = EXAMPLES * gradient(cost_of(free), free)
    return derivative.xreplace(dict(zip(free, value, strict=True)))


def shown(name: str, value: sympy.Matrix) -> sympy.MatrixSymbol:
    return sympy.MatrixSymbol(name, *value.shape)


X, Y, W2 = shown("X", X_), shown("Y", Y_), shown("W^{[2]}", W2_)
A1, A2 = shown("A^{[1]}", A1_), shown("A^{[2]}", A2_)
dZ2 = shown("dZ^{[2]}", Z2_)
dW2, db2 = shown("dW^{[2]}", W2_), shown("db^{[2]}", b2_)
dA1, dZ1 = shown("dA^{[1]}", A1_), shown("dZ^{[1]}", Z1_)
dW1, db1 = shown("dW^{[1]}", W1_), shown("db^{[1]}", b1_)
g_prime = shown("g'(Z^{[1]})", Z1_)
m = sympy.Symbol("m", integer=True, positive=True)
column_of_ones = sympy.MatrixSymbol(r"\mathbf{1}", EXAMPLES, 1)


def build() -> Derivation:
    steps = (
        Step(
            "The network computes $Z^{[1]} = W^{[1]} X + b^{[1]}$, "
            "$A^{[1]} = g(Z^{[1]})$, $Z^{[2]} = W^{[2]} A^{[1]} + b^{[2]}$ and "
            "$A^{[2]} = \\sigma(Z^{[2]})$, with cost $J$, the mean cross-entropy. "
            "Backpropagation starts at the output. Column $i$ of $dZ^{[2]}$ is the "
            "derivative of example $i$'s loss with respect to its $z^{[2](i)}$ "
            "($m$ times $\\partial J / \\partial Z^{[2]}$); as for logistic "
            "regression, it is the error $A^{[2]} - Y$.",
            dZ2,
            difference(A2, Y),
        ),
        Step(
            "$Z^{[2]} = W^{[2]} A^{[1]} + b^{[2]}$ is linear in $W^{[2]}$: each "
            "example contributes its $dz^{[2](i)}$ times its input $a^{[1](i)T}$, "
            "and the cost averages them. The sum over examples is a matrix product.",
            dW2,
            product(1 / m, dZ2, Transposed(A1)),
        ),
        Step(
            "The bias is added to every example, so its gradient is the mean of "
            "$dZ^{[2]}$ over the examples: multiplying by a column of ones sums each "
            "row, `np.sum(dZ2, axis=1, keepdims=True) / m`.",
            db2,
            product(1 / m, dZ2, column_of_ones),
        ),
        Step(
            "Going back through the same product, the error reaches the hidden "
            "activations through the transposed weights.",
            dA1,
            product(sympy.Transpose(W2), dZ2),
        ),
        Step(
            "Then through the activation, elementwise: each $z$ gets its "
            "$a$'s gradient times the local slope $g'(z)$ ($\\odot$ multiplies entry "
            "by entry). For $g = \\tanh$ the slope is $1 - (A^{[1]})^2$.",
            dZ1,
            Elementwise(dA1, g_prime),
        ),
        Step(
            "In one line: the output error, sent back through $W^{[2]T}$ and scaled "
            "by the hidden layer's slopes.",
            dZ1,
            Elementwise(product(sympy.Transpose(W2), difference(A2, Y)), g_prime),
        ),
        Step(
            "The first layer's weights get the same form as the second's, with "
            "$dZ^{[1]}$ for the error and $X = A^{[0]}$ for the input.",
            dW1,
            product(1 / m, dZ1, sympy.Transpose(X)),
        ),
        Step(
            "And its bias the mean of $dZ^{[1]}$ over the examples. Every gradient "
            "has the shape of what it differentiates: $dW^{[1]}$ like $W^{[1]}$, "
            "$db^{[1]}$ like $b^{[1]}$.",
            db1,
            product(1 / m, dZ1, column_of_ones),
        ),
    )
    return Derivation(
        name="backprop_two_layer",
        title="Backpropagation through a two-layer network",
        statement=(
            "For $A^{[2]} = \\sigma(W^{[2]} g(W^{[1]} X + b^{[1]}) + b^{[2]})$ and the "
            "mean cross-entropy cost: $dZ^{[2]} = A^{[2]} - Y$, "
            "$dW^{[2]} = \\frac1m dZ^{[2]} A^{[1]T}$, "
            "$db^{[2]} = \\frac1m \\sum_i dZ^{[2](i)}$, "
            "$dZ^{[1]} = W^{[2]T} dZ^{[2]} \\odot g'(Z^{[1]})$, "
            "$dW^{[1]} = \\frac1m dZ^{[1]} X^{T}$, "
            "$db^{[1]} = \\frac1m \\sum_i dZ^{[1](i)}$."
        ),
        steps=steps,
        definitions={
            # What each name stands for: SymPy's derivatives of the scalar cost J.
            dZ2: per_example_gradient(cost_of_output, Z2_, "z"),
            dW2: gradient(J_, W2_),
            db2: gradient(J_, b2_),
            dA1: per_example_gradient(cost_of_hidden, A1_, "a"),
            dZ1: per_example_gradient(cost_of_hidden_input, Z1_, "z"),
            dW1: gradient(J_, W1_),
            db1: gradient(J_, b1_),
            # The forward pass, and the helpers of the formulas.
            X: X_,
            Y: Y_,
            W2: W2_,
            A1: A1_,
            A2: A2_,
            g_prime: Z1_.applyfunc(g_slope),
            m: EXAMPLES,
            column_of_ones: sympy.ones(EXAMPLES, 1),
        },
        scope=(
            f"Checked entry by entry for $n_x = {INPUTS}$ inputs, $n^{{[1]}} = {HIDDEN}$ "
            f"hidden units, one output and $m = {EXAMPLES}$ examples, with every input, "
            "label, weight and bias a symbol and the hidden activation $g$ left "
            "unspecified: each formula is compared with SymPy's own derivative of the "
            "scalar cost $J$. The formulas never use these sizes, and hold for any "
            "differentiable $g$."
        ),
        latex_settings={"order": "none"},
    )


if __name__ == "__main__":
    from derivations import report

    print(report(build()))
