"""Multi-label outputs: independent sigmoids, a sum of binary cross-entropies.

Run ``python -m derivations.multilabel_sigmoid`` to see every step proven.
"""

from __future__ import annotations

import sympy

from derivations._notation import Sigmoid, cross_entropy, difference, gradient, matrix
from derivations.core import Derivation, Partial, Step

LABELS = 3

# K = 3 labels, each a yes/no question with its own sigmoid unit.
z_entries = matrix(LABELS, 1, lambda k, _: f"z_{{{k}}}", real=True)
y_entries = matrix(LABELS, 1, lambda k, _: f"y_{{{k}}}", real=True)
a_entries = z_entries.applyfunc(Sigmoid)
multilabel_loss = sum(cross_entropy(a_entries[k], y_entries[k]) for k in range(LABELS))

# For contrast, softmax over the same scores, with its own labels t summing to 1 (the
# multi-label labels y are free: any number of them may be 1).
exponentials = z_entries.applyfunc(sympy.exp)
p_entries = exponentials / sum(exponentials)
t_entries = matrix(LABELS - 1, 1, lambda k, _: f"t_{{{k}}}", real=True)
t_entries = t_entries.col_join(sympy.Matrix([1 - sum(t_entries)]))
softmax_loss = -sum(t_entries[k] * sympy.log(p_entries[k]) for k in range(LABELS))

z1, z2 = z_entries[0], z_entries[1]
loss = sympy.Symbol(r"\mathcal{L}")
softmax_loss_shown = sympy.Symbol(r"\mathcal{L}_{\mathrm{softmax}}")
binary = sympy.Function(r"\mathcal{L}_{\mathrm{BCE}}")
a, y = sympy.symbols("a y", real=True)
k = sympy.Symbol("k", integer=True, positive=True)
K = sympy.Symbol("K", integer=True, positive=True)
a_k, y_k = sympy.IndexedBase("a"), sympy.IndexedBase("y")
p1, p2 = sympy.symbols("p_1 p_2", positive=True)

z, a_vector, y_vector = (sympy.MatrixSymbol(name, LABELS, 1) for name in "zay")
dL_dz = sympy.MatrixSymbol(r"\frac{\partial \mathcal{L}}{\partial z}", LABELS, 1)
hessian = sympy.MatrixSymbol(r"\nabla_{z}^{2} \mathcal{L}", LABELS, LABELS)
curvatures = sympy.MatrixSymbol(r"\operatorname{diag}\big(a_k (1 - a_k)\big)", LABELS, LABELS)


def build() -> Derivation:
    steps = (
        Step(
            "An image may show a car, a person and a traffic light at once. Multi-label "
            "classification asks $K$ independent yes/no questions: output unit $k$ "
            "has its own sigmoid, $a_k = \\sigma(z_k)$, and its own binary "
            "cross-entropy; the loss of the example is their sum (here $K = 3$).",
            loss,
            sympy.Sum(binary(a_k[k], y_k[k]), (k, 1, K)),
        ),
        Step(
            "Each term is the loss of logistic regression, whose derivative with "
            "respect to its own score is $a_k - y_k$; the other terms do not "
            "contain $z_k$. So the gradient is $a - y$, as for a single sigmoid, "
            "one entry per label.",
            dL_dz,
            difference(a_vector, y_vector),
        ),
        Step(
            "Each output's gradient depends on its own score only: differentiating "
            "$\\partial \\mathcal{L} / \\partial z_1 = a_1 - y_1$ with respect to "
            "another score gives 0.",
            Partial(loss, z1, z2),
            0,
        ),
        Step(
            "So the matrix of second derivatives is diagonal, with the sigmoid "
            "slopes $a_k(1 - a_k)$: the $K$ outputs are trained as $K$ separate "
            "logistic regressions that share the layers below them.",
            hessian,
            curvatures,
        ),
        Step(
            "Softmax is different. With $p = \\operatorname{softmax}(z)$ and the "
            "categorical cross-entropy (labels summing to 1), the same mixed "
            "derivative is $-p_1 p_2$ ...",
            Partial(softmax_loss_shown, z1, z2),
            -p1 * p2,
        ),
        Step(
            "... which is never 0: raising one class's score lowers the others' "
            "probabilities, since they must sum to 1. Use softmax when exactly one "
            "class is true, independent sigmoids when any number can be.",
            Partial(softmax_loss_shown, z1, z2),
            0,
            "<",
        ),
    )
    return Derivation(
        name="multilabel_sigmoid",
        title="Multi-label outputs: independent sigmoids",
        statement=(
            "With $a_k = \\sigma(z_k)$ and the loss "
            "$\\mathcal{L} = \\sum_{k=1}^{K} \\mathcal{L}_{\\mathrm{BCE}}(a_k, y_k)$, "
            "the gradient is $\\frac{\\partial \\mathcal{L}}{\\partial z} = a - y$ and "
            "each entry depends only on its own $z_k$, unlike softmax, whose outputs "
            "are coupled."
        ),
        steps=steps,
        definitions={
            loss: multilabel_loss,
            binary: sympy.Lambda((a, y), cross_entropy(a, y)),
            K: LABELS,
            **{a_k[n + 1]: a_entries[n] for n in range(LABELS)},
            **{y_k[n + 1]: y_entries[n] for n in range(LABELS)},
            z: z_entries,
            a_vector: a_entries,
            y_vector: y_entries,
            dL_dz: gradient(multilabel_loss, z_entries),
            hessian: sympy.hessian(multilabel_loss, list(z_entries)),
            curvatures: sympy.diag(*[s * (1 - s) for s in a_entries]),
            softmax_loss_shown: softmax_loss,
            p1: p_entries[0],
            p2: p_entries[1],
        },
        scope=(
            f"Proven for $K = {LABELS}$ labels with every score and label a symbol, "
            "against SymPy's derivatives of the scalar loss; every label enters the "
            "loss the same way, so the same holds for any $K$."
        ),
        latex_settings={"order": "none"},
    )


if __name__ == "__main__":
    from derivations import report

    print(report(build()))
