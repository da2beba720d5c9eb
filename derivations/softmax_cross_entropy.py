"""Softmax with the categorical cross-entropy: the gradient with respect to z is a - y.

Run ``python -m derivations.softmax_cross_entropy`` to see every step proven.
"""

from __future__ import annotations

import sympy

from derivations._notation import Transposed, difference, gradient, matrix, product
from derivations.core import Derivation, Partial, Step

CLASSES = 3

# K = 3 classes, every entry a symbol. The label y is a probability vector (one-hot,
# or soft): its last entry is 1 minus the others, so that it sums to 1.
z_entries = matrix(CLASSES, 1, lambda k, _: f"z_{{{k}}}", real=True)
a_symbols = matrix(CLASSES, 1, lambda k, _: f"a_{{{k}}}", positive=True)
y_entries = matrix(CLASSES, 1, lambda k, _: f"y_{{{k}}}", real=True)
y_last = {y_entries[-1]: 1 - sum(y_entries[:-1])}
exponentials = z_entries.applyfunc(sympy.exp)
softmax_entries = exponentials / sum(exponentials)


def cross_entropy(a: sympy.Matrix, y: sympy.Matrix) -> sympy.Expr:
    r"""$-\sum_k y_k \log a_k$."""
    return -sum(y[k] * sympy.log(a[k]) for k in range(len(a)))


z, a, y = (sympy.MatrixSymbol(name, CLASSES, 1) for name in "zay")
diag_a = sympy.MatrixSymbol(r"\operatorname{diag}(a)", CLASSES, CLASSES)
jacobian = sympy.MatrixSymbol(r"\frac{\partial a}{\partial z}", CLASSES, CLASSES)
dL_da = sympy.MatrixSymbol(r"\frac{\partial \mathcal{L}}{\partial a}", CLASSES, 1)
dL_dz = sympy.MatrixSymbol(r"\frac{\partial \mathcal{L}}{\partial z}", CLASSES, 1)
y_over_a = sympy.MatrixSymbol(r"y \oslash a", CLASSES, 1)

# Any number K of classes: entries a_k, z_k, y_k with symbolic indices. SymPy needs
# to know that class j is one of the K; K = j + d with d >= 0 tells it, in the
# definitions below, while the page shows K.
j, k, i = sympy.symbols("j k i", integer=True, positive=True)
K = sympy.Symbol("K", integer=True, positive=True)
d = sympy.Symbol("d", integer=True, nonnegative=True)
a_k, z_k, y_k = (sympy.IndexedBase(name) for name in "azy")
loss = sympy.Symbol(r"\mathcal{L}")


def softmax_entry(index: sympy.Symbol) -> sympy.Expr:
    return sympy.exp(z_k[index]) / sympy.Sum(sympy.exp(z_k[i]), (i, 1, K))


def build() -> Derivation:
    delta = sympy.KroneckerDelta(k, j)
    chain_terms = sympy.Sum(product(-y_k[k] / a_k[k], a_k[k], difference(delta, a_k[j])), (k, 1, K))
    split = sympy.Add(
        -sympy.Sum(y_k[k] * delta, (k, 1, K)),
        product(a_k[j], sympy.Sum(y_k[k], (k, 1, K))),
        evaluate=False,
    )
    steps = (
        Step(
            "Softmax turns the scores $z_k$ of $K$ classes into probabilities "
            "$a_k = e^{z_k} / \\sum_i e^{z_i}$: positive, and summing to 1. Start "
            "with $K = 3$ and every entry a symbol. Differentiating $a_i$ with "
            "respect to $z_j$ by the quotient rule gives $a_i(1 - a_i)$ when $i = j$ "
            "and $-a_i a_j$ otherwise: the Jacobian is $\\operatorname{diag}(a) - a a^{T}$.",
            jacobian,
            sympy.MatAdd(diag_a, sympy.MatMul(-1, a, sympy.Transpose(a))),
        ),
        Step(
            "The categorical cross-entropy $\\mathcal{L} = -\\sum_k y_k \\log a_k$ has "
            "$\\partial \\mathcal{L} / \\partial a_k = -y_k / a_k$: the vector "
            "$-y \\oslash a$, dividing entry by entry.",
            dL_da,
            -y_over_a,
        ),
        Step(
            "Every $a_k$ depends on every $z_j$, so the chain rule sums over the "
            "classes: the gradient with respect to $z$ is the Jacobian (transposed) "
            "times the gradient with respect to $a$.",
            dL_dz,
            product(Transposed(jacobian), dL_da),
        ),
        Step(
            "Put both in. The diagonal part gives $-y$, since $a_k \\cdot y_k / a_k "
            "= y_k$; the part $a a^{T}$ gives $a$ times $a^{T}(y \\oslash a) = "
            "\\sum_k y_k$.",
            product(Transposed(jacobian), dL_da),
            sympy.MatAdd(-y, product(a, sympy.Add(*y_entries, evaluate=False))),
        ),
        Step(
            "The label sums to 1 (one-hot, or any probability vector), so what is "
            "left is $a - y$. This is why the output layer of a classifier uses "
            "softmax with this loss: $dZ^{[L]} = A^{[L]} - Y$, the same simple form "
            "as a sigmoid with binary cross-entropy.",
            dL_dz,
            difference(a, y),
        ),
        Step(
            "The same argument for any number $K$ of classes, with indices. The "
            "quotient rule gives the Jacobian entry "
            "$\\partial a_k / \\partial z_j = a_k(\\delta_{jk} - a_j)$, where the "
            "Kronecker delta $\\delta_{jk}$ is 1 when $j = k$ and 0 otherwise.",
            Partial(a_k[k], z_k[j]),
            product(a_k[k], difference(delta, a_k[j])),
        ),
        Step(
            "By the chain rule, $\\partial \\mathcal{L} / \\partial z_j$ is the sum "
            "over $k$ of $\\partial \\mathcal{L} / \\partial a_k = -y_k / a_k$ times "
            "that entry. The $a_k$ cancel, and the sum splits in two.",
            chain_terms,
            split,
        ),
        Step(
            "The delta keeps only the term $k = j$ of the first sum, and the second "
            "sum is $\\sum_k y_k = 1$. So for every $K$, "
            "$\\partial \\mathcal{L} / \\partial z_j = a_j - y_j$.",
            split,
            difference(a_k[j], y_k[j]),
        ),
    )
    return Derivation(
        name="softmax_cross_entropy",
        title="Softmax with cross-entropy: the gradient is a − y",
        statement=(
            "For $a = \\operatorname{softmax}(z)$ and the loss "
            "$\\mathcal{L} = -\\sum_{k=1}^{K} y_k \\log a_k$ with a label that sums to 1, "
            "the gradient with respect to the scores is "
            "$\\frac{\\partial \\mathcal{L}}{\\partial z} = a - y$."
        ),
        steps=steps,
        definitions={
            z: z_entries,
            a: softmax_entries,
            y: y_entries,
            diag_a: sympy.diag(*softmax_entries),
            jacobian: softmax_entries.jacobian(z_entries),
            dL_da: gradient(cross_entropy(a_symbols, y_entries), a_symbols).subs(
                dict(zip(a_symbols, softmax_entries, strict=True))
            ),
            dL_dz: gradient(cross_entropy(softmax_entries, y_entries), z_entries),
            y_over_a: y_entries.multiply_elementwise(softmax_entries.applyfunc(lambda e: 1 / e)),
            **y_last,
            # Indexed form: the softmax entries, the labels summing to 1, and K >= j.
            a_k[k]: softmax_entry(k),
            a_k[j]: softmax_entry(j),
            sympy.Sum(y_k[k], (k, 1, K)): 1,
            K: j + d,
        },
        scope=(
            "Proven for $K = 3$ classes with every score and label a symbol (the "
            "label's entries summing to 1), checked entry by entry against SymPy's "
            "derivative of the scalar loss; then for any number $K$ of classes and "
            "any class $j$, with symbolic indices."
        ),
        latex_settings={"order": "none"},
    )


if __name__ == "__main__":
    from derivations import report

    print(report(build()))
