"""The binary cross-entropy cost, derived from the Bernoulli likelihood of the labels.

Run ``python -m derivations.binary_cross_entropy`` to see every step proven.
"""

from __future__ import annotations

import sympy

from derivations._notation import Examples, cross_entropy, log_likelihood
from derivations.core import Derivation, Step

# 0 < a < 1 is a probability; a and 1 - a are positive, so their logs are real.
a = sympy.Symbol("a", positive=True)
y = sympy.Symbol("y", real=True)
i = sympy.Symbol("i", integer=True, positive=True)
m = sympy.Symbol("m", integer=True, positive=True)
a_ = Examples("a", positive=True)
y_ = Examples("y", real=True)
loss = sympy.Function(r"\mathcal{L}")


def bernoulli(a: sympy.Expr, y: sympy.Expr) -> sympy.Expr:
    """$a^y (1 - a)^{1 - y}$: the probability of label y when P(y = 1) = a."""
    return sympy.Mul(
        sympy.Pow(a, y, evaluate=False), sympy.Pow(1 - a, 1 - y, evaluate=False), evaluate=False
    )


def build() -> Derivation:
    likelihood = sympy.Product(bernoulli(a_[i], y_[i]), (i, 1, m))
    sum_of_logs = sympy.Sum(log_likelihood(a_[i], y_[i]), (i, 1, m))
    steps = (
        Step(
            "A binary classifier outputs $a = \\hat{y} = P(y = 1 \\mid x)$, so "
            "$P(y = 0 \\mid x) = 1 - a$. Both cases fit in one formula, "
            "$P(y \\mid x) = a^{y} (1 - a)^{1 - y}$ (a Bernoulli distribution): for "
            "$y = 1$ it gives $a$ ...",
            bernoulli(a, 1),
            a,
        ),
        Step(
            "... and for $y = 0$ it gives $1 - a$.",
            bernoulli(a, 0),
            1 - a,
        ),
        Step(
            "Its logarithm turns the powers into factors. The loss of one example is "
            "the negative of this log-probability, "
            "$\\mathcal{L}(a, y) = -(y \\log a + (1 - y) \\log(1 - a))$: small when "
            "the model gives the true label a high probability.",
            sympy.log(bernoulli(a, y)),
            log_likelihood(a, y),
        ),
        Step(
            "If the $m$ training examples are independent, the probability of all "
            "their labels is the product of the examples' probabilities, the "
            "likelihood. Training should make it as large as possible. The "
            "logarithm, which only grows, turns the product into a sum that is "
            "easier to differentiate and does not underflow.",
            sympy.log(likelihood),
            sum_of_logs,
        ),
        Step(
            "Maximizing the log-likelihood is minimizing its negative, and dividing "
            "by $m$ does not move the minimum but makes the cost an average that "
            "does not grow with the size of the training set. This is the cost $J$: "
            "the mean of the per-example cross-entropy losses.",
            sympy.Mul(-1 / m, sympy.log(likelihood), evaluate=False),
            sympy.Mul(1 / m, sympy.Sum(loss(a_[i], y_[i]), (i, 1, m)), evaluate=False),
        ),
        Step(
            "For a positive example ($y = 1$) only the first term remains: the loss "
            "is $-\\log a$, which is 0 when $a = 1$ and grows without bound as "
            "$a \\to 0$ ...",
            loss(a, 1),
            -sympy.log(a),
        ),
        Step(
            "... and for a negative example ($y = 0$) it is $-\\log(1 - a)$, which "
            "punishes a confident $a \\to 1$.",
            loss(a, 0),
            -sympy.log(1 - a),
        ),
    )
    return Derivation(
        name="binary_cross_entropy",
        title="Binary cross-entropy from the Bernoulli likelihood",
        statement=(
            "Minimizing $J = \\frac1m \\sum_{i=1}^{m} \\mathcal{L}(a^{(i)}, y^{(i)})$ "
            "with $\\mathcal{L}(a, y) = -(y \\log a + (1 - y) \\log(1 - a))$ is the same "
            "as maximizing the likelihood of the labels when each is a Bernoulli draw "
            "with $P(y = 1 \\mid x) = a$."
        ),
        steps=steps,
        definitions={loss: sympy.Lambda((a, y), cross_entropy(a, y))},
        scope=(
            "Proven for any number $m$ of examples and any probabilities "
            "$0 < a^{(i)} < 1$; the labels $y^{(i)}$ may be any real numbers, so the "
            "same cost serves soft labels in $[0, 1]$."
        ),
        latex_settings={"order": "none"},
    )


if __name__ == "__main__":
    from derivations import report

    print(report(build()))
