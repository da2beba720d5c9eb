"""Why Xavier and He initialization scale the weights' variance by 1/n and 2/n.

Run ``python -m derivations.initialization_variance`` to see every step proven.
"""

from __future__ import annotations

import sympy
from sympy.stats import Covariance, Expectation, Normal, Variance

from derivations._notation import product
from derivations.core import Derivation, Step

sigma_w, sigma_x, s = sympy.symbols("sigma_w sigma_x s", positive=True)
n, n_in, n_out = sympy.symbols("n n_in n_out", integer=True, positive=True)
i = sympy.Symbol("i", integer=True, positive=True)

# Weights and inputs at initialization: independent, mean 0. SymPy computes with
# normal distributions; the steps use only independence, means and variances.
w, x = Normal("w", 0, sigma_w), Normal("x", 0, sigma_x)
w1, x1 = Normal("w_1", 0, sigma_w), Normal("x_1", 0, sigma_x)
w2, x2 = Normal("w_2", 0, sigma_w), Normal("x_2", 0, sigma_x)
w_xavier = Normal("w", 0, 1 / sympy.sqrt(n))
w_he = Normal("w", 0, sympy.sqrt(2 / n))
z = Normal("z", 0, s)  # a pre-activation: symmetric about 0

t = sympy.Symbol("t", real=True)
relu = sympy.Function("ReLU")


def build() -> Derivation:
    U = sympy.UnevaluatedExpr
    steps = (
        Step(
            "A unit starts as $z = \\sum_{i=1}^{n} w_i x_i$ (biases start at 0), with "
            "weights and inputs independent and of mean 0. Independence lets the "
            "mean of a product split, so each term has mean 0.",
            Expectation(w * x),
            0,
        ),
        Step(
            "Its variance is then its mean square, $E[w^2 x^2]$, which splits the same way ...",
            Variance(w * x),
            product(Expectation(w**2), Expectation(x**2)),
        ),
        Step(
            "... and a mean square of a variable of mean 0 is its variance.",
            product(Expectation(w**2), Expectation(x**2)),
            product(Variance(w), Variance(x)),
        ),
        Step(
            "Two different terms share no variable, so they are independent and "
            "their covariance is 0 ...",
            Covariance(w1 * x1, w2 * x2),
            0,
        ),
        Step(
            "... and the variance of a sum is the sum of the variances (plus twice "
            "the covariances, which are 0 here).",
            Variance(w1 * x1 + w2 * x2),
            sympy.Add(
                Variance(w1 * x1),
                Variance(w2 * x2),
                2 * Covariance(w1 * x1, w2 * x2),
                evaluate=False,
            ),
        ),
        Step(
            "So each of the $n$ terms adds $\\operatorname{Var}(w)\\operatorname{Var}(x)$: "
            "$\\operatorname{Var}(z) = n \\operatorname{Var}(w) \\operatorname{Var}(x)$. "
            "With weights of a fixed variance, the variance of $z$ grows with the "
            "number of inputs, layer after layer.",
            sympy.Sum(product(Variance(w), Variance(x)), (i, 1, n)),
            product(n, Variance(w), Variance(x)),
        ),
        Step(
            "Xavier initialization takes $\\operatorname{Var}(w) = 1/n$, "
            "with $n = n^{[l-1]}$ the number of inputs of the layer: then "
            "$z$ has the variance of $x$, and the signal neither grows nor fades.",
            product(n, Variance(w_xavier), Variance(x)),
            Variance(x),
        ),
        Step(
            "The backward pass sends gradients through $W^{T}$, a sum over the "
            "$n_{out}$ units of the layer, and would want $1/n_{out}$ instead. "
            "Glorot's compromise $2/(n_{in} + n_{out})$ is the harmonic mean of the "
            "two wishes (and is $1/n$ when they agree).",
            2 / (1 / U(1 / n_in) + 1 / U(1 / n_out)),
            2 / (n_in + n_out),
        ),
        Step(
            "A ReLU layer changes the count. $\\operatorname{ReLU}(t) = \\max(0, t)$, "
            "that is, $t$ times the unit step $\\theta(t)$ (1 for $t > 0$, else 0) ...",
            relu(t),
            sympy.Max(0, t),
        ),
        Step(
            "... so it keeps the positive half of a symmetric $z$ and zeroes the "
            "other: the mean square of its output is half that of its input.",
            Expectation(relu(z) ** 2),
            product(sympy.Rational(1, 2), Expectation(z**2)),
        ),
        Step(
            "The next layer sums $n$ terms $w a$ with $a = \\operatorname{ReLU}(z)$. "
            "The activation $a$ no longer has mean 0, but $w$ still does, and the "
            "variance of a term is $\\operatorname{Var}(w)\\, E[a^2]$.",
            Variance(w * relu(z)),
            product(Variance(w), Expectation(relu(z) ** 2)),
        ),
        Step(
            "So $\\operatorname{Var}(w) = 2/n$ (He initialization) makes up for the "
            "half that ReLU removes, and keeps the variance from layer to layer. This "
            "2 belongs to ReLU: for tanh, which is close to the identity near 0 and "
            "removes nothing, Xavier's $1/n$ is the right choice (course notes that "
            "recommend $2/n$ for tanh are mistaken).",
            product(n, Variance(w_he), Expectation(relu(z) ** 2)),
            Variance(z),
        ),
    )
    return Derivation(
        name="initialization_variance",
        title="Initialization: the variance of a layer's output",
        statement=(
            "For $z = \\sum_{i=1}^{n} w_i x_i$ with independent terms of mean 0, "
            "$\\operatorname{Var}(z) = n \\operatorname{Var}(w) \\operatorname{Var}(x)$. "
            "So Xavier's $\\operatorname{Var}(w) = 1/n^{[l-1]}$ keeps the variance "
            "(Glorot's $2/(n_{in} + n_{out})$ balances it with the backward pass), and "
            "for ReLU, which halves the second moment, He's $2/n^{[l-1]}$ does."
        ),
        steps=steps,
        definitions={relu: sympy.Lambda(t, t * sympy.Heaviside(t, 0))},
        scope=(
            "Expectations are computed by `sympy.stats` with normal weights, inputs and "
            "pre-activations of symbolic variances, for a sum of two terms and then "
            "$n$; the argument itself uses only independence, zero means and, for "
            "ReLU, the symmetry of $z$ about 0."
        ),
        latex_settings={"order": "none"},
    )


if __name__ == "__main__":
    from derivations import report

    print(report(build()))
