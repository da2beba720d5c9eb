"""Computation graphs with exact values: the forward pass, then backpropagation node by node.

Not a derivation itself (the registry skips names starting with ``_``): the
``computation_graph_*`` derivations describe their graphs with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sympy

from derivations.core import Derivation, Partial, Step

__all__ = ["ComputationGraph", "Node"]


@dataclass(frozen=True)
class Node:
    """One gate: ``name = expression`` of earlier names, and what it does, in words."""

    name: sympy.Symbol
    expression: sympy.Expr
    because: str


class ComputationGraph:
    """Inputs with exact values and nodes in forward order; the last node is the output.

    ``values()`` and ``gradients()`` give the numbers a figure labels the graph with;
    ``steps()`` gives the derivation's steps, whose proofs recompute every value and
    every derivative from ``definitions()``, independently of these numbers.
    """

    def __init__(self, inputs: dict[sympy.Symbol, sympy.Expr], nodes: Sequence[Node]) -> None:
        self.inputs = {name: sympy.sympify(value) for name, value in inputs.items()}
        self.nodes = tuple(nodes)
        self.output = self.nodes[-1].name
        self._values = dict(self.inputs)
        for node in self.nodes:
            self._values[node.name] = node.expression.xreplace(self._values)
        self._gradients = self._backpropagate()

    def _arguments(self, node: Node) -> list[sympy.Symbol]:
        """The names a node reads, in the order they were made."""
        known = [*self.inputs, *(other.name for other in self.nodes)]
        return [name for name in known if node.expression.has(name)]

    def local_gradient(self, node: Node, argument: sympy.Symbol) -> sympy.Expr:
        """The gate's own derivative, as a formula: d(node) / d(argument)."""
        return sympy.diff(node.expression, argument)

    def _backpropagate(self) -> dict[sympy.Symbol, sympy.Expr]:
        gradients: dict[sympy.Symbol, sympy.Expr] = {self.output: sympy.S.One}
        for node in reversed(self.nodes):
            for argument in self._arguments(node):
                local = self.local_gradient(node, argument).xreplace(self._values)
                gradients[argument] = gradients.get(argument, 0) + gradients[node.name] * local
        return gradients

    def values(self) -> dict[str, sympy.Expr]:
        """The exact value of every input and node, by name."""
        return {str(name): value for name, value in self._values.items()}

    def gradients(self) -> dict[str, sympy.Expr]:
        """The exact derivative of the output with respect to every node and input."""
        order = [*(node.name for node in reversed(self.nodes)), *self.inputs]
        return {str(name): self._gradients[name] for name in order}

    def definitions(self) -> dict[sympy.Basic, sympy.Basic]:
        """What the proofs substitute: each node's expression, each input's value."""
        return {**{node.name: node.expression for node in self.nodes}, **self.inputs}

    def derivation(
        self, name: str, title: str, statement: str, extra: Sequence[Step] = ()
    ) -> Derivation:
        """The graph's derivation: forward and backward steps, then any ``extra`` ones."""
        inputs = ", ".join(f"{_tex(symbol)}" for symbol in self.inputs)
        return Derivation(
            name=name,
            title=title,
            statement=statement,
            steps=(*self.steps(), *extra),
            definitions=self.definitions(),
            scope=(
                "Every value and every derivative is exact; decimals are for reading. "
                "Each backward step is checked against SymPy's derivative of the whole "
                f"composition, a function of ${inputs}$, not only against the product "
                "shown."
            ),
            latex_settings={"order": "none", "mul_symbol": "dot"},
        )

    def steps(self) -> tuple[Step, ...]:
        """The forward pass, one step per node, then the backward pass, one per name."""
        return (*self._forward_steps(), *self._backward_steps())

    def _forward_steps(self) -> list[Step]:
        steps = []
        for node in self.nodes:
            shown = _with_values(node.expression, self._values, self._arguments(node))
            value = self._values[node.name]
            because = (
                f"{node.because} ${_tex(node.name)} = {_tex(node.expression)}$, "
                f"which is ${_number(value)}$ here."
            )
            steps.append(Step(because, node.name, shown))
        return steps

    def _backward_steps(self) -> list[Step]:
        steps: list[Step] = []
        self._started = False
        for name in (*(node.name for node in reversed(self.nodes[:-1])), *self.inputs):
            consumers = [node for node in self.nodes if name in self._arguments(node)]
            terms, words = [], []
            for node in consumers:
                local = self.local_gradient(node, name)
                local_value = local.xreplace(self._values)
                upstream = self._gradients[node.name]
                terms.append(_product(upstream, local_value))
                words.append(self._chain_words(node.name, name, upstream, local, local_value))
            rhs = terms[0] if len(terms) == 1 else sympy.Add(*terms, evaluate=False)
            because = " ".join(words)
            if rhs != self._gradients[name]:
                total = _tex(Partial(self.output, name))
                because += f" So ${total} = {_number(self._gradients[name])}$."
            steps.append(Step(because, Partial(self.output, name), rhs))
        return steps

    def _chain_words(
        self,
        node: sympy.Symbol,
        argument: sympy.Symbol,
        upstream: sympy.Expr,
        local: sympy.Expr,
        local_value: sympy.Expr,
    ) -> str:
        local_tex = f"{_tex(Partial(node, argument))} = {_tex(local)}"
        if local != local_value:
            local_tex += f" = {_tex(local_value)}"
        if node == self.output:
            if self._started:
                return f"Straight from the last gate: its local gradient ${local_tex}$."
            self._started = True
            return (
                "Backpropagation starts at the output, whose gradient with respect to "
                f"itself is 1, times the last gate's local gradient ${local_tex}$."
            )
        upstream_tex = f"{_tex(Partial(self.output, node))} = {_tex(upstream)}"
        return (
            f"The gradient that has reached ${_tex(node)}$, ${upstream_tex}$, "
            f"times the local gradient of its gate, ${local_tex}$."
        )


def _with_values(expression: sympy.Expr, values: dict, arguments: list) -> sympy.Expr:
    """The gate's expression with its inputs' values put in, nothing computed."""
    with sympy.evaluate(False):
        return expression.xreplace({name: values[name] for name in arguments})


def _product(upstream: sympy.Expr, local: sympy.Expr) -> sympy.Expr:
    if upstream == 1:
        return local
    return sympy.Mul(sympy.UnevaluatedExpr(upstream), sympy.UnevaluatedExpr(local), evaluate=False)


def _tex(expression: sympy.Basic) -> str:
    return sympy.latex(expression, order="none")


def _number(value: sympy.Expr) -> str:
    """An exact value as LaTeX, with its decimal when it is not an integer."""
    if value.is_Integer:
        return _tex(value)
    return f"{_tex(value)} \\approx {float(value):.2f}"
