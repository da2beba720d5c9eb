"""Why Xavier and He initialization scale the weights' variance by 1/n and 2/n.

Run ``python -m derivations.initialization_variance`` to see every step proven.
"""

from __future__ import annotations

import sympy
from sympy.stats import Covariance, Expectation, FiniteRV, Variance

from derivations._notation import product
from derivations.core import Derivation, Step

n, n_in, n_out = sympy.symbols("n n_in n_out", integer=True, positive=True)
i = sympy.Symbol("i", integer=True, positive=True)


def zero_mean(name: str, low: sympy.Expr, high: sympy.Expr) -> sympy.Expr:
    """A random variable taking the values high and -low, weighted so its mean is 0.

    With both values symbols this is any zero-mean distribution on two points, lopsided
    or not; SymPy's expectations over it are finite sums, computed in milliseconds (an
    integral over a normal density takes SymPy about half a second each).
    """
    return FiniteRV(name, {high: low / (low + high), -low: high / (low + high)})


def symmetric(name: str, scales: tuple[sympy.Expr, ...], weights: tuple[sympy.Expr, ...]):
    """A random variable equally likely to be +s or -s, for each scale s with its weight."""
    density: dict[sympy.Expr, sympy.Expr] = {}
    for scale, weight in zip(scales, weights, strict=True):
        density[scale] = density[-scale] = weight / 2
    return FiniteRV(name, density)


def two_point(name: str, prefix: str) -> sympy.Expr:
    low, high = sympy.symbols(f"{prefix}_low {prefix}_high", positive=True)
    return zero_mean(name, low, high)


# Weights and inputs at initialization: independent (different names), mean 0.
w, x = two_point("w", "w"), two_point("x", "x")
w1, x1 = two_point("w_1", "w"), two_point("x_1", "x")
w2, x2 = two_point("w_2", "w"), two_point("x_2", "x")
w_xavier = symmetric("w", (1 / sympy.sqrt(n),), (1,))
w_he = symmetric("w", (sympy.sqrt(2 / n),), (1,))
# A pre-activation, symmetric about 0, mixing two scales.
s1, s2, p = sympy.symbols("s_1 s_2 p", positive=True)
z = symmetric("z", (s1, s2), (p, 1 - p))

t = sympy.Symbol("t", real=True)
relu = sympy.Function("ReLU")  # max(0, t), given in the definitions


def build() -> Derivation:
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
            "Glorot's compromise is $2/(n_{in} + n_{out})$, one over the mean of the "
            "two counts; for a layer with as many outputs as inputs it is Xavier's.",
            sympy.Subs(2 / (n_in + n_out), (n_in, n_out), (n, n)),
            1 / n,
        ),
        Step(
            "A ReLU layer changes the count. $\\operatorname{ReLU}(z) = \\max(0, z)$ "
            "keeps the positive half of a symmetric $z$ and zeroes the other, so the "
            "mean square of its output is half that of its input.",
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
        definitions={relu: sympy.Lambda(t, sympy.Max(0, t))},
        scope=(
            "Expectations are computed exactly by `sympy.stats`: weights and inputs "
            "follow any zero-mean distribution on two points (both points symbols), "
            "the pre-activation $z$ any symmetric mixture of two scales. The argument "
            "uses only independence, zero means and, for ReLU, symmetry, so it holds "
            "just as well for the normal distributions nnref draws its weights from."
        ),
        latex_settings={"order": "none"},
    )


if __name__ == "__main__":
    from derivations import report

    print(report(build()))
