"""derivations: every derivation is proven, a false step is caught, and the prover is sound."""

from __future__ import annotations

import dataclasses
import importlib
import subprocess
import sys

import pytest
import sympy
from sympy.stats import Expectation, FiniteRV, Variance

import derivations
from derivations import Derivation, DerivationError, Step, chain, load, names, report
from derivations.core import Partial, expand_definitions, prove

x, y = sympy.symbols("x y", real=True)
p = sympy.Symbol("p", positive=True)
eps = sympy.Symbol("epsilon", positive=True)
n = sympy.Symbol("n", integer=True, positive=True)
f = sympy.Function("f")
ERROR = sympy.Symbol("error")

# -- the registry --------------------------------------------------------------------

EXPECTED = {
    "backprop_two_layer",
    "binary_cross_entropy",
    "computation_graph_linear",
    "computation_graph_neuron",
    "computation_graph_product",
    "exploding_vanishing",
    "gradient_check_error",
    "initialization_variance",
    "linear_collapse",
    "logistic_convexity",
    "logistic_gradients",
    "multilabel_sigmoid",
    "regression_losses",
    "relu_derivative",
    "sigmoid_derivative",
    "softmax_cross_entropy",
    "tanh_derivative",
}


def test_names_lists_every_derivation_and_no_helper_module() -> None:
    assert set(names()) == EXPECTED
    assert not any(name.startswith("_") or name == "core" for name in names())


def test_unknown_name_lists_the_known_ones() -> None:
    with pytest.raises(KeyError, match="sigmoid_derivative"):
        load("no_such_derivation")


# -- every derivation ------------------------------------------------------------------


@pytest.fixture(scope="module", params=sorted(EXPECTED))
def built(request: pytest.FixtureRequest) -> Derivation:
    return load(request.param)


def test_every_step_is_proven(built: Derivation) -> None:
    verified = built.verify()
    assert verified.derivation is built
    assert len(verified.proofs) == len(built.steps)
    assert all(proof.method for proof in verified.proofs)


def test_reads_as_a_page(built: Derivation) -> None:
    """Title, statement, prose for every step and LaTeX the glue can place."""
    assert built.title and built.statement.strip()
    assert built.scope.strip(), "say for which sizes and values it is proven"
    assert all(len(step.because.split()) >= 3 for step in built.steps), "say why"
    for tex in built.latex_steps():
        assert tex.strip()
        assert "Sigmoid" not in tex and "Dummy" not in tex, tex
        assert tex.count("{") == tex.count("}"), tex


def test_module_runs_alone() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "derivations.sigmoid_derivative"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "steps proven by SymPy" in run.stdout
    assert report(load("tanh_derivative")).startswith("Derivative of tanh")


# -- a false middle step fails, and says where -------------------------------------------


def falsified(step: Step) -> Step:
    """The same step made false: an inequality reversed, an equality off by a symbol."""
    if step.relation != "=":
        reversed_relation = {"<": ">=", "<=": ">", ">": "<=", ">=": "<"}[step.relation]
        return dataclasses.replace(step, relation=reversed_relation)
    rhs = step.rhs
    if isinstance(rhs, sympy.MatrixExpr | sympy.MatrixBase):
        wrong = sympy.MatrixSymbol("E", *rhs.shape)
        return dataclasses.replace(step, rhs=sympy.MatAdd(rhs, wrong))
    return dataclasses.replace(step, rhs=rhs + ERROR)


def test_a_false_middle_step_is_caught_and_named(built: Derivation) -> None:
    middle = len(built.steps) // 2
    steps = list(built.steps)
    steps[middle] = falsified(steps[middle])
    broken = dataclasses.replace(built, steps=tuple(steps))
    with pytest.raises(DerivationError) as caught:
        broken.verify()
    message = str(caught.value)
    assert repr(built.name) in message
    assert f"step {middle + 1} of {len(steps)}" in message


# -- the prover itself ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("lhs", "rhs"),
    [
        ((x + y) ** 2, x**2 + 2 * x * y + y**2),
        (sympy.sin(x) ** 2 + sympy.cos(x) ** 2, 1),
        (sympy.log(p**3), 3 * sympy.log(p)),
        (sympy.Derivative(x**3, x), 3 * x**2),
        (sympy.Max(0, x) + sympy.Max(0, -x), sympy.Abs(x)),
        (sympy.tanh(x), (sympy.exp(2 * x) - 1) / (sympy.exp(2 * x) + 1)),
    ],
)
def test_prove_true_equalities(lhs: sympy.Expr, rhs: sympy.Expr) -> None:
    assert prove(lhs, rhs) is not None


@pytest.mark.parametrize(
    ("lhs", "rhs"),
    [
        ((x + y) ** 2, x**2 + y**2),
        (sympy.Derivative(x**3, x), 3 * x),
        (sympy.Max(0, x), x),
        (sympy.log(p + 1), sympy.log(p) + 1),
    ],
)
def test_prove_refuses_false_equalities(lhs: sympy.Expr, rhs: sympy.Expr) -> None:
    assert prove(lhs, rhs) is None


def test_prove_uses_definitions() -> None:
    sigma = sympy.Function("sigma")
    definitions = {sigma: sympy.Lambda(x, 1 / (1 + sympy.exp(-x)))}
    derivative = sympy.Derivative(sigma(x), x)
    assert prove(derivative, sigma(x) * (1 - sigma(x)), "=", definitions) is not None
    assert prove(derivative, sigma(x) * (1 + sigma(x)), "=", definitions) is None


def test_definitions_differentiate_before_substituting_the_variable() -> None:
    """d/du of J = 3v, v = a + u, u = bc: the whole definition first, then u = bc."""
    a, b, c, u, v, J = sympy.symbols("a b c u v J")
    definitions = {J: 3 * v, v: a + u, u: b * c, a: 5, b: 3, c: 2}
    assert expand_definitions(sympy.Derivative(J, u), definitions) == 3
    assert expand_definitions(sympy.Derivative(J, b), definitions) == 6
    assert expand_definitions(J, definitions) == 33


def test_prove_explicit_matrices_entry_by_entry() -> None:
    M = sympy.Matrix([[x, y], [y, x]])
    assert prove(M * M, sympy.Matrix([[x**2 + y**2, 2 * x * y], [2 * x * y, x**2 + y**2]]))
    assert prove(M * M, sympy.Matrix([[x**2, 2 * x * y], [2 * x * y, x**2]])) is None
    assert prove(M, sympy.Matrix([[x, y]])) is None  # shapes differ


def test_prove_matrices_of_symbolic_size() -> None:
    A, B = sympy.MatrixSymbol("A", n, n), sympy.MatrixSymbol("B", n, n)
    v = sympy.MatrixSymbol("v", n, 1)
    assert prove(A * (B * v + v), A * B * v + A * v) == "matrix algebra"
    assert prove((A * B).T, B.T * A.T) == "matrix algebra"
    assert prove(A * B * v, B * A * v) is None  # matrices do not commute


def test_prove_a_1x1_matrix_against_its_entry() -> None:
    v = sympy.Matrix([x, y])
    assert prove(v.T * v, x**2 + y**2) is not None
    assert prove(v.T * v, x**2 - y**2) is None


@pytest.mark.parametrize(
    ("lhs", "relation", "rhs", "holds"),
    [
        (x**2 + 1, ">", 0, True),
        (x**2, ">=", 0, True),
        (x**2, ">", 0, False),  # 0 at x = 0
        (-(p**2), "<", 0, True),
        (x, ">=", 0, False),  # sign unknown
        (sympy.exp(x) / (1 + sympy.exp(x)) ** 2, ">", 0, True),
        (sympy.Rational(3, 2) ** 49, ">", 10**8, True),
        (sympy.Rational(3, 2) ** 40, ">", 10**8, False),
    ],
)
def test_prove_inequalities_by_sign(
    lhs: sympy.Expr, relation: str, rhs: sympy.Expr, holds: bool
) -> None:
    assert (prove(lhs, rhs, relation) is not None) is holds


def test_prove_up_to_an_order_term() -> None:
    one_sided = (f(x + eps) - f(x)) / eps
    derivative = sympy.Derivative(f(x), x)
    assert prove(one_sided, derivative + sympy.O(eps)) is not None
    assert prove(one_sided, derivative + sympy.O(eps**2)) is None
    two_sided = (f(x + eps) - f(x - eps)) / (2 * eps)
    assert prove(two_sided, derivative + sympy.O(eps**2)) is not None
    assert prove(two_sided, derivative + sympy.O(eps**3)) is None
    # A denominator that is not a power of eps: SymPy's series decides.
    assert prove(f(eps) / (1 + eps), f(0) + sympy.O(eps)) is not None
    assert prove(f(eps) / (1 + eps), f(0) + sympy.O(eps**2)) is None


def test_prove_expectations() -> None:
    low, high = sympy.symbols("low high", positive=True)
    w = FiniteRV("w", {high: low / (low + high), -low: high / (low + high)})
    assert prove(Expectation(w), 0) is not None
    assert prove(Variance(w), low * high) is not None
    assert prove(Variance(2 * w), 2 * Variance(w)) is None


def test_partial_is_shown_with_partials() -> None:
    J, b = sympy.symbols("J b")
    assert sympy.latex(Partial(J, b)) == r"\frac{\partial J}{\partial b}"
    assert sympy.latex(Partial(J, (b, 2))) == r"\frac{\partial^{2} J}{\partial b^{2}}"
    assert Partial(J, b).subs(J, b**2).doit() == 2 * b


def test_steps_and_derivations_refuse_bad_input() -> None:
    with pytest.raises(ValueError, match="relation"):
        Step("a typo in the relation", x, y, "==")
    with pytest.raises(ValueError, match="no steps"):
        Derivation("empty", "Empty", "Nothing.", ())


def test_chain_links_each_expression_to_the_next() -> None:
    steps = chain(x * (x + 1), [("Multiply out.", x**2 + x), ("Factor.", x * (1 + x))])
    assert [(step.lhs, step.rhs) for step in steps] == [
        (x * (x + 1), x**2 + x),
        (x**2 + x, x * (1 + x)),
    ]


# -- what pages and figures read from the computation graphs ---------------------------


def test_computation_graph_values_and_gradients() -> None:
    linear = importlib.import_module("derivations.computation_graph_linear")
    assert linear.node_values() == {"a": 5, "b": 3, "c": 2, "u": 6, "v": 11, "J": 33}
    assert {k: linear.gradients()[k] for k in "abc"} == {"a": 3, "b": 6, "c": 9}

    product = importlib.import_module("derivations.computation_graph_product")
    assert product.node_values()["f"] == -12
    assert {k: product.gradients()[k] for k in "xyz"} == {"x": -4, "y": -4, "z": 3}

    neuron = importlib.import_module("derivations.computation_graph_neuron")
    values, gradients = neuron.node_values(), neuron.gradients()
    sigma_1 = 1 / (1 + sympy.exp(-1))
    assert values["z"] == 1
    assert sympy.simplify(values["f"] - sigma_1) == 0
    slope = sigma_1 * (1 - sigma_1)
    expected = {"w_0": -slope, "x_0": 2 * slope, "w_1": -2 * slope, "x_1": -3 * slope}
    for name, value in {**expected, "w_2": slope}.items():
        assert sympy.simplify(gradients[name] - value) == 0, name
    rounded = [round(float(gradients[k]), 2) for k in ("w_0", "w_1", "w_2", "x_0", "x_1")]
    assert rounded == [-0.2, -0.39, 0.2, 0.39, -0.59]


def test_package_doctest() -> None:
    assert derivations.load("sigmoid_derivative").verify().derivation.title
