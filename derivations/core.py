"""The building blocks of a verified derivation.

A :class:`Derivation` is a sequence of :class:`Step` objects. Each step states a
relation between two SymPy expressions (an equality, or an inequality for claims
such as convexity) together with the prose that justifies it. :meth:`Derivation.verify`
asks SymPy to prove every step and raises :class:`DerivationError` naming the
derivation and the step the moment one is false, so neither a page nor a test can
show a step that SymPy did not prove.

SymPy's ``==`` compares structure, not value, so a step ``a = b`` is proven by
showing that ``a - b`` reduces to zero: cheap reductions first (``expand``,
``cancel``, expanding logarithms and special functions, folding pieces), then
``simplify``, with ``Expr.equals`` as a last resort; a false step is usually caught
early by evaluating the difference at random points. Explicit matrices are compared
entry by entry; matrix expressions of symbolic size (``MatrixSymbol``) by expanding
their difference to the zero matrix. A side with an order term ``O(eps**n)`` holds up
to that order: the difference of the two sides has no Taylor coefficient below
``eps**n``. Inequalities are proven from the sign of ``lhs - rhs`` under the
symbols' assumptions. Unevaluated objects (``Derivative``, ``Sum``, ``Limit``,
undefined functions such as ``sigma``, ``sympy.stats`` expectations and variances)
are shown on the page as written; before a proof the derivation's ``definitions``
are substituted and everything is evaluated.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import sympy
from sympy.core.function import AppliedUndef
from sympy.matrices import MatrixBase
from sympy.matrices.expressions.matexpr import MatrixElement

__all__ = [
    "Derivation",
    "DerivationError",
    "Partial",
    "Proof",
    "Step",
    "Verified",
    "chain",
    "expand_definitions",
    "prove",
    "substitute_definitions",
]

RELATIONS = ("=", "<=", ">=", "<", ">")
_RELATION_TEX = {"=": "=", "<=": r"\le", ">=": r"\ge", "<": "<", ">": ">"}


class DerivationError(AssertionError):
    """A step of a derivation that SymPy could not prove."""


@dataclass(frozen=True)
class Step:
    """One claimed relation ``lhs <relation> rhs`` and the prose that justifies it.

    Parameters
    ----------
    because : str
        Markdown prose shown before the equation: why the step holds.
    lhs, rhs : sympy.Basic
        Both sides, as they are to be shown. Unevaluated forms are welcome.
    relation : str
        One of ``"="``, ``"<="``, ``">="``, ``"<"``, ``">"``.
    """

    because: str
    lhs: sympy.Basic
    rhs: sympy.Basic
    relation: str = "="

    def __post_init__(self) -> None:
        if self.relation not in RELATIONS:
            raise ValueError(f"relation must be one of {RELATIONS}, got {self.relation!r}")

    def latex(self, **settings: object) -> str:
        """The step as one LaTeX relation, e.g. ``\\frac{d}{dz} \\sigma(z) = ...``."""
        left = sympy.latex(self.lhs, **settings)
        right = sympy.latex(self.rhs, **settings)
        return f"{left} {_RELATION_TEX[self.relation]} {right}"


class Partial(sympy.Derivative):
    """A derivative shown as a fraction of partials, ``\\frac{\\partial J}{\\partial b}``.

    SymPy writes ``d`` when the differentiated expression has one free symbol (a
    node ``J`` of a computation graph, say); a partial derivative is meant, so this
    shows ``\\partial``, with a symbol on top of the fraction. It is a ``Derivative``
    in every other respect.
    """

    def _latex(self, printer: sympy.printing.latex.LatexPrinter) -> str:
        count = self.derivative_count
        top = r"\partial" if count == 1 else rf"\partial^{{{count}}}"
        bottom = " ".join(
            rf"\partial {printer._print(variable)}" + (f"^{{{times}}}" if times > 1 else "")
            for variable, times in self.variable_count
        )
        if isinstance(self.expr, sympy.Symbol | sympy.Indexed):
            return rf"\frac{{{top} {printer._print(self.expr)}}}{{{bottom}}}"
        return rf"\frac{{{top}}}{{{bottom}}} {printer.parenthesize(self.expr, 1000)}"


@dataclass(frozen=True)
class Proof:
    """How SymPy proved one step: the method that succeeded."""

    step: int
    method: str


@dataclass(frozen=True)
class Derivation:
    """A named result proven step by step.

    Parameters
    ----------
    name : str
        The name pages use to place it (the module name in ``derivations``).
    title : str
        A short heading, e.g. ``"Derivative of the sigmoid"``.
    statement : str
        Markdown: what is proven, in one or two sentences.
    steps : sequence of Step
        The steps, in reading order.
    definitions : mapping
        Substitutions made before proving: an undefined function to a
        ``sympy.Lambda`` (``sigma -> Lambda(z, 1/(1 + exp(-z)))``) or a symbol to
        the expression it names. Applied until nothing changes.
    scope : str
        Markdown saying for which sizes the proof holds when it is made for an
        explicit small size (e.g. "proved for K = 3 with every entry symbolic").
    latex_settings : mapping
        Extra keyword arguments for ``sympy.latex`` when the steps are shown.
    """

    name: str
    title: str
    statement: str
    steps: tuple[Step, ...]
    definitions: Mapping[sympy.Basic, sympy.Basic] = field(default_factory=dict)
    scope: str = ""
    latex_settings: Mapping[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.steps:
            raise ValueError(f"derivation {self.name!r} has no steps")
        object.__setattr__(self, "steps", tuple(self.steps))

    def latex_steps(self) -> list[str]:
        """Each step as LaTeX, in order."""
        return [step.latex(**self.latex_settings) for step in self.steps]

    def verify(self) -> Verified:
        """Prove every step; raise :class:`DerivationError` at the first false one."""
        start = time.perf_counter()
        proofs = []
        for number, step in enumerate(self.steps, start=1):
            method = prove(step.lhs, step.rhs, step.relation, self.definitions)
            if method is None:
                raise DerivationError(
                    f"derivation {self.name!r}, step {number} of {len(self.steps)} "
                    f"is not proven by SymPy: {step.lhs} {step.relation} {step.rhs} "
                    f"(because: {_first_line(step.because)})"
                )
            proofs.append(Proof(number, method))
        return Verified(self, tuple(proofs), time.perf_counter() - start)


@dataclass(frozen=True)
class Verified:
    """A derivation whose every step SymPy proved, with the time it took."""

    derivation: Derivation
    proofs: tuple[Proof, ...]
    seconds: float


def chain(start: sympy.Basic, moves: Sequence[tuple[str, sympy.Basic]]) -> tuple[Step, ...]:
    """Steps for ``start = e1 = e2 = ...``: each move is ``(because, next_expression)``."""
    steps = []
    previous = start
    for because, expression in moves:
        steps.append(Step(because, previous, expression))
        previous = expression
    return tuple(steps)


def substitute_definitions(
    expression: sympy.Basic, definitions: Mapping[sympy.Basic, sympy.Basic]
) -> sympy.Basic:
    """Substitute ``definitions`` until a fixed point, evaluating nothing else.

    Names that nothing in the expression binds are replaced first, all of them, until
    none is left. Only then is a bound name, the variable of a derivative say,
    replaced, one at a time in the order given: so ``Derivative(J, u)`` with ``J``
    defined through ``u`` differentiates the whole of ``J``'s definition before
    ``u``'s own definition is put in.
    """
    # Functions are replaced by calling their definition (a Lambda): ``subs`` of a
    # function fails inside a Sum or Product in SymPy 1.14.
    functions = {k: v for k, v in definitions.items() if isinstance(k, sympy.FunctionClass)}
    values = [(k, v) for k, v in definitions.items() if k not in functions]
    current, stuck = expression, set()
    for _ in range(100):
        for function, definition in functions.items():
            current = current.replace(function, definition)
        bound = _bound_symbols(current)
        free = {k: v for k, v in values if k not in bound}
        replaced = current.xreplace(free)  # structural, fast on large expressions
        if replaced != current:
            current = replaced
            continue
        pending = [(k, v) for k, v in values if k in bound and k not in stuck]
        if not pending:
            break
        name, value = pending[0]
        replaced = current.subs(name, value)
        # That leaves a Subs; evaluate it now, since SymPy 1.14 breaks a Subs whose
        # variable is substituted again.
        replaced = replaced.replace(lambda e: isinstance(e, sympy.Subs), lambda e: e.doit())
        if replaced == current or name in _bound_symbols(replaced):
            stuck.add(name)
        current = replaced
    return current


def _bound_symbols(expression: sympy.Basic) -> set[sympy.Basic]:
    """Symbols some part of ``expression`` binds: variables of derivatives, sums, limits."""
    if not isinstance(expression, sympy.Basic):
        return set()
    bound: set[sympy.Basic] = set()
    for part in sympy.preorder_traversal(expression):
        variables = getattr(part, "variables", None)
        if isinstance(part, sympy.Basic) and isinstance(variables, tuple | list):
            bound.update(variables)
    return bound


def expand_definitions(
    expression: sympy.Basic, definitions: Mapping[sympy.Basic, sympy.Basic]
) -> sympy.Basic:
    """Substitute ``definitions`` until a fixed point, then evaluate (``doit``).

    Evaluating can bring out more defined names (a ``Sum`` up to a defined ``m``
    unrolls into its terms), so substituting and evaluating repeat until nothing
    changes. Variances and covariances of ``sympy.stats`` are evaluated through
    the expectations they are defined by.
    """
    current = expression
    for _ in range(5):
        evaluated = substitute_definitions(current, definitions)
        if hasattr(evaluated, "doit"):
            evaluated = evaluated.doit()
        if evaluated == current:
            break
        current = evaluated
    if "sympy.stats" in sys.modules:
        from sympy.stats import Covariance, Expectation, Variance

        if current.has(Variance, Covariance):
            current = current.rewrite(Expectation).doit()
    return current


def prove(
    lhs: sympy.Basic,
    rhs: sympy.Basic,
    relation: str = "=",
    definitions: Mapping[sympy.Basic, sympy.Basic] | None = None,
) -> str | None:
    """Prove ``lhs <relation> rhs``; return the method that worked, or None.

    Equalities first try cheap reductions of the difference to zero: a few on the
    sides as written and with ``definitions`` substituted (``expand``, logarithms,
    sums, linearity of expectation: identities of sums are then proven without
    computing the sums), then all of them (``cancel``, special functions,
    exponentials, pieces as well) once everything is evaluated (``doit``); most
    steps end here. A difference that is clearly not zero at a random point is
    refuted at once. Otherwise the raw difference goes to ``simplify`` (before any
    rewriting, since simplifying one side first can hide an identity), then the
    evaluated difference with a few rewritings, then ``Expr.equals``. Explicit
    matrices are compared entry by entry, matrix expressions of symbolic size by
    expanding their difference. Sides with an order term ``O(eps**n)`` are equal
    when their difference has no Taylor coefficient below ``eps**n``. Inequalities
    hold when the difference ``lhs - rhs`` has the required sign under the symbols'
    assumptions.
    """
    definitions = definitions or {}
    lhs, rhs = sympy.sympify(lhs), sympy.sympify(rhs)
    plain = not any(
        _is_matrix(side) or side.has(sympy.Order, sympy.MatrixSymbol) for side in (lhs, rhs)
    )
    if relation == "=" and plain:
        for stage in (lhs - rhs, substitute_definitions(lhs - rhs, definitions)):
            # A derivative must be evaluated first; reducing around it wastes time.
            method = None if stage.has(sympy.Derivative) else _reduce_cheaply(stage, _BEFORE)
            if method is not None:
                return method
    left = expand_definitions(lhs, definitions)
    right = expand_definitions(rhs, definitions)
    if relation == "=":
        if _is_matrix(left) or _is_matrix(right):
            return _prove_matrix_equal(left, right)
        if left.has(sympy.Order) or right.has(sympy.Order):
            return _prove_up_to_order(left, right)
        return _prove_scalar_equal(lhs, rhs, left, right)
    return _prove_inequality(left - right, relation)


def _reduce_cheaply(difference: sympy.Basic, methods: frozenset[str] | None = None) -> str | None:
    if difference == 0:
        return "evaluate"
    for name, reduce in _CHEAP:
        if (methods is None or name in methods) and reduce(difference) == 0:
            return name
    if _expand_probability(difference) == 0:
        return "linearity of expectation"
    return None


def _expand_probability(expression: sympy.Basic) -> sympy.Basic:
    """Expectations, variances and covariances of ``sympy.stats`` split by linearity."""
    if "sympy.stats" not in sys.modules:
        return expression
    from sympy.stats import Covariance, Expectation, Variance

    kinds = (Covariance, Expectation, Variance)
    if not expression.has(*kinds):
        return expression
    return sympy.expand(expression.replace(lambda e: isinstance(e, kinds), lambda e: e.expand()))


def _is_matrix(expression: object) -> bool:
    return isinstance(expression, MatrixBase | sympy.MatrixExpr)


def _prove_scalar_equal(
    raw_lhs: sympy.Basic, raw_rhs: sympy.Basic, lhs: sympy.Basic, rhs: sympy.Basic
) -> str | None:
    difference = lhs - rhs
    method = _reduce_cheaply(difference)
    if method is not None:
        return method
    if _has_counterexample(difference):
        return None  # false: no need to wait for simplify to give up
    if sympy.simplify(raw_lhs - raw_rhs) == 0:
        return "simplify"
    if sympy.simplify(difference) == 0:
        return "simplify"
    for name, rewrite in _REWRITES:
        if sympy.simplify(rewrite(difference)) == 0:
            return name
    if isinstance(difference, sympy.Expr) and difference.equals(0) is True:
        return "equals"
    return None


def _has_counterexample(difference: sympy.Basic, tries: int = 3) -> bool:
    """Whether ``difference`` is clearly not 0 at some point: a quick refutation.

    Its symbols get random values that respect their assumptions (positive,
    negative, integer), so do the values of unknown functions such as ``g(z)``, and
    the difference is evaluated to 30 digits. Only a clear, real, nonzero value
    counts; a point where it cannot be evaluated (a log of a negative number, say)
    proves nothing and is skipped. This never proves a step: it only spares the slow
    methods the attempt to prove a false one.
    """
    if not isinstance(difference, sympy.Expr) or difference.has(
        sympy.Derivative, sympy.Subs, sympy.Integral, sympy.Limit
    ):
        return False
    bound = _bound_symbols(difference)
    labels = {base.label for base in difference.atoms(sympy.IndexedBase)}
    names = difference.atoms(sympy.Symbol, sympy.Indexed, MatrixElement) - bound - labels
    unknown = {call for call in difference.atoms(AppliedUndef) if not call.free_symbols & bound}
    draw = random.Random(20241122)
    for _ in range(tries):
        point = {name: _random_value(name, draw) for name in [*names, *unknown]}
        try:
            value = difference.xreplace(point).doit().evalf(30)
        except (TypeError, ValueError, ArithmeticError, NotImplementedError):
            return False
        if value.is_number and value.is_real and abs(value) > 1e-12:
            return True
    return False


def _random_value(name: sympy.Basic, draw: random.Random) -> sympy.Number:
    if name.is_integer:
        value: sympy.Number = sympy.Integer(draw.randint(1, 5))
    else:
        # In (0, 1), away from special values: a probability a keeps log(1 - a) real.
        value = sympy.Rational(draw.randint(11, 89), 100)
    if name.is_negative:
        return -value
    if name.is_nonnegative or name.is_positive:
        return value
    return value if draw.random() < 0.5 else -value


def _prove_matrix_equal(lhs: sympy.Basic, rhs: sympy.Basic) -> str | None:
    # A 1x1 matrix, such as v^T H v, equals a scalar when its one entry does.
    symbolic = _has_symbolic_size(lhs) or _has_symbolic_size(rhs)
    if _is_matrix(lhs) != _is_matrix(rhs) and not symbolic:
        lhs, rhs = _entry_of_1x1(lhs), _entry_of_1x1(rhs)
    if not (_is_matrix(lhs) or _is_matrix(rhs)):
        return _prove_scalar_equal(lhs, rhs, lhs, rhs)
    if getattr(lhs, "shape", None) != getattr(rhs, "shape", None):
        return None
    if symbolic:
        # A symbolic size: the identity must follow from the algebra of matrices.
        difference = sympy.expand((lhs - rhs).doit())
        if difference == 0 or isinstance(difference, sympy.ZeroMatrix):
            return "matrix algebra"
        return None
    left = lhs.as_explicit() if isinstance(lhs, sympy.MatrixExpr) else lhs
    right = rhs.as_explicit() if isinstance(rhs, sympy.MatrixExpr) else rhs
    methods = set()
    for a, b in zip(left, right, strict=True):
        method = _prove_scalar_equal(a, b, a, b)
        if method is None:
            return None
        methods.add(method)
    return "entrywise " + "+".join(sorted(methods))


def _has_symbolic_size(expression: sympy.Basic) -> bool:
    """Whether a matrix in ``expression`` has a size that is a symbol, such as n x n."""
    matrices = expression.atoms(sympy.MatrixSymbol, sympy.Identity, sympy.ZeroMatrix)
    return any(not sympy.sympify(size).is_Integer for m in matrices for size in m.shape)


def _entry_of_1x1(side: sympy.Basic) -> sympy.Basic:
    if _is_matrix(side) and side.shape == (1, 1):
        return side.as_explicit()[0, 0] if isinstance(side, sympy.MatrixExpr) else side[0, 0]
    return side


def _prove_up_to_order(lhs: sympy.Basic, rhs: sympy.Basic) -> str | None:
    orders = [term for side in (lhs, rhs) for term in side.atoms(sympy.Order)]
    variables = {variable for order in orders for variable in order.variables}
    if len(variables) != 1 or any(point != 0 for o in orders for point in o.point):
        return None
    (variable,) = variables
    exponents = []
    for order in orders:
        base, exponent = order.expr.as_base_exp()
        if base != variable or not exponent.is_Integer:
            return None
        exponents.append(int(exponent))
    # Both sides hold up to the coarser of their orders: the difference N / (c eps^p)
    # is O(eps^n) when N's Taylor coefficients below eps^(n + p) all vanish.
    order = min(exponents)
    numerator, denominator = sympy.together(lhs.removeO() - rhs.removeO()).as_numer_denom()
    scale, power = denominator.as_coeff_exponent(variable)
    if scale.has(variable):
        leading = sympy.series(numerator / denominator, variable, 0, order).removeO()
        return "series" if sympy.simplify(leading.doit()) == 0 else None
    for k in range(order + int(power)):
        coefficient = numerator.diff(variable, k).subs(variable, 0).doit()
        if sympy.expand(coefficient) != 0:
            return None
    return "Taylor coefficients"


def _prove_inequality(difference: sympy.Basic, relation: str) -> str | None:
    candidates = (
        lambda: difference,
        lambda: sympy.factor(difference),
        lambda: sympy.simplify(difference),
    )
    for make in candidates:
        candidate = make()
        sign = {
            ">=": candidate.is_nonnegative,
            ">": candidate.is_positive,
            "<=": candidate.is_nonpositive,
            "<": candidate.is_negative,
        }[relation]
        if sign is True:
            return "sign under assumptions"
    return None


# Before evaluating, only what pays off on unevaluated sums, products and logs (an
# identity of sums is then proven without SymPy trying to compute the sums).
_BEFORE = frozenset({"expand", "expand_log", "factor_terms"})


def _expand_func(expression: sympy.Basic) -> sympy.Basic:
    rewritten = sympy.expand_func(expression)
    return expression if rewritten == expression else sympy.expand(rewritten)


# Each reduction returns its input unchanged where it does not apply.
_CHEAP = (
    ("expand", sympy.expand),
    # Special functions brought to a canonical form (e.g. sigma(-z) = 1 - sigma(z)).
    ("expand_func", _expand_func),
    # Logarithms are expanded as for positive arguments, the domain of every log here.
    (
        "expand_log",
        lambda e: sympy.expand(sympy.expand_log(e, force=True)) if e.has(sympy.log) else e,
    ),
    # Sums split over their terms, and constants taken out of them.
    (
        "factor_terms",
        lambda e: (
            sympy.factor_terms(sympy.expand(sympy.expand_log(e, force=True)))
            if e.has(sympy.Sum, sympy.Product)
            else e
        ),
    ),
    ("cancel", sympy.cancel),
    ("piecewise", lambda e: _piecewise(e)),
    ("exp rewrite", lambda e: sympy.cancel(e.rewrite(sympy.exp))),
)

_REWRITES = (
    ("expand", lambda e: sympy.expand(e)),
    ("expand_log", lambda e: sympy.expand_log(e, force=True)),
    ("exp rewrite", lambda e: e.rewrite(sympy.exp)),
    ("together", lambda e: sympy.together(e)),
)


def _piecewise(expression: sympy.Basic) -> sympy.Basic:
    """``max``, ``|x|``, steps and pieces folded into one ``Piecewise``."""
    if not expression.has(sympy.Max, sympy.Min, sympy.Abs, sympy.Heaviside, sympy.Piecewise):
        return expression
    folded = sympy.piecewise_fold(expression.rewrite(sympy.Piecewise))
    if isinstance(folded, sympy.Piecewise) and all(
        sympy.expand(piece) == 0 for piece, _ in folded.args
    ):
        return sympy.S.Zero  # zero on every piece
    if isinstance(folded, sympy.Piecewise) and not folded.has(sympy.Limit, sympy.Derivative):
        return sympy.simplify(folded)  # conditions that overlap, or cannot hold
    return folded


def _first_line(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= 80 else line[:77] + "..."
