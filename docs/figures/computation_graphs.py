"""Computation graphs of the worked examples, evaluated forward and backward by code.

Each graph is a list of nodes in the order a forward pass visits them. A node is an
input (a leaf, given a value) or an operation with its inputs, its forward function and
its local derivatives. :func:`_evaluate` runs the forward pass, then the backward pass
that multiplies each node's gradient by its local derivatives and adds the products
into its inputs: the chain rule, one node at a time. The figures and the tables on the
page both read these numbers; none is typed by hand.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from types import ModuleType

import numpy as np
import sympy
from matplotlib import rcParams
from matplotlib.figure import Figure

from derivations import (
    computation_graph_linear,
    computation_graph_neuron,
    computation_graph_product,
)
from nnref.activations import sigmoid, sigmoid_grad

# The frames of the forward values and of the gradients (Okabe-Ito blue and vermilion):
# lines in these colours stand out on both palettes, text in them would not.
_VALUE_COLOUR = "#0072B2"
_GRADIENT_COLOUR = "#D55E00"


@dataclass(frozen=True)
class _Node:
    """One node: a leaf (``value`` given) or an operation on ``inputs``."""

    name: str
    label: str
    position: tuple[float, float]
    inputs: tuple[str, ...] = ()
    value: float | None = None
    function: Callable[..., float] | None = None
    # The partial derivative of this node with respect to each input, at the inputs.
    local: Callable[..., tuple[float, ...]] | None = None


@dataclass(frozen=True)
class _Evaluated:
    nodes: tuple[_Node, ...]
    values: dict[str, float]
    gradients: dict[str, float]
    output: str


def _evaluate(nodes: tuple[_Node, ...]) -> _Evaluated:
    """Forward pass in the given order, then backward pass in the reverse order."""
    values: dict[str, float] = {}
    for node in nodes:
        if node.function is None:
            assert node.value is not None, f"leaf {node.name} needs a value"
            values[node.name] = float(node.value)
        else:
            values[node.name] = float(node.function(*(values[name] for name in node.inputs)))
    output = nodes[-1].name
    gradients = dict.fromkeys(values, 0.0)
    gradients[output] = 1.0
    for node in reversed(nodes):
        if node.local is None:
            continue
        locals_ = node.local(*(values[name] for name in node.inputs))
        for name, local in zip(node.inputs, locals_, strict=True):
            # A node used twice receives the sum of the gradients along both paths.
            gradients[name] += gradients[node.name] * local
    return _Evaluated(nodes, values, gradients, output)


def _proven(nodes: tuple[_Node, ...], derivation: ModuleType) -> _Evaluated:
    """The graph labelled with the exact numbers its derivation proves.

    The same graph is also evaluated here in floating point, gate by gate; the figure
    is drawn only if both agree, so the page cannot show numbers the code disputes.
    """
    computed = _evaluate(nodes)
    exact = {
        "values": {name: float(v) for name, v in derivation.node_values().items()},
        "gradients": {name: float(g) for name, g in derivation.gradients().items()},
    }
    for kind, numbers in (("values", computed.values), ("gradients", computed.gradients)):
        if set(numbers) != set(exact[kind]):
            raise ValueError(
                f"{derivation.__name__} names the nodes {sorted(exact[kind])}, "
                f"the figure {sorted(numbers)}"
            )
        for name, number in numbers.items():
            if not math.isclose(number, exact[kind][name], rel_tol=1e-12, abs_tol=1e-12):
                raise ValueError(
                    f"{kind} of {name}: {derivation.__name__} proves {exact[kind][name]}, "
                    f"the gate-by-gate evaluation gives {number}"
                )
    return _Evaluated(nodes, exact["values"], exact["gradients"], computed.output)


def _add(a: float, b: float) -> float:
    return a + b


def _add_local(a: float, b: float) -> tuple[float, float]:
    return 1.0, 1.0


def _multiply(a: float, b: float) -> float:
    return a * b


def _multiply_local(a: float, b: float) -> tuple[float, float]:
    return b, a


@cache
def _three_a_plus_bc() -> _Evaluated:
    """J = 3(a + bc) at a = 5, b = 3, c = 2."""
    return _proven(
        (
            _Node("a", "$a$", (0.0, 2.0), value=5),
            _Node("b", "$b$", (0.0, 1.0), value=3),
            _Node("c", "$c$", (0.0, 0.0), value=2),
            _Node("u", "$u = bc$", (1.2, 0.5), ("b", "c"), None, _multiply, _multiply_local),
            _Node("v", "$v = a + u$", (2.4, 1.25), ("a", "u"), None, _add, _add_local),
            _Node("J", "$J = 3v$", (3.6, 1.25), ("v",), None, lambda v: 3 * v, lambda v: (3.0,)),
        ),
        computation_graph_linear,
    )


@cache
def _sum_times_z() -> _Evaluated:
    """f = (x + y) z at x = −2, y = 5, z = −4."""
    return _proven(
        (
            _Node("x", "$x$", (0.0, 2.0), value=-2),
            _Node("y", "$y$", (0.0, 1.0), value=5),
            _Node("z", "$z$", (0.0, 0.0), value=-4),
            _Node("q", "$q = x + y$", (1.3, 1.5), ("x", "y"), None, _add, _add_local),
            _Node("f", "$f = qz$", (2.6, 0.75), ("q", "z"), None, _multiply, _multiply_local),
        ),
        computation_graph_product,
    )


@cache
def _sigmoid_neuron() -> _Evaluated:
    """f = σ(w0 x0 + w1 x1 + w2) at w = [2, −3, −3], x = [−1, −2], gate by gate."""
    return _proven(
        (
            _Node("w_0", "$w_0$", (0.0, 4.0), value=2),
            _Node("x_0", "$x_0$", (0.0, 3.0), value=-1),
            _Node("w_1", "$w_1$", (0.0, 2.0), value=-3),
            _Node("x_1", "$x_1$", (0.0, 1.0), value=-2),
            _Node("w_2", "$w_2$", (0.0, 0.0), value=-3),
            _Node("p_0", r"$\times$", (1.0, 3.5), ("w_0", "x_0"), None, _multiply, _multiply_local),
            _Node("p_1", r"$\times$", (1.0, 1.5), ("w_1", "x_1"), None, _multiply, _multiply_local),
            _Node("s", "$+$", (2.0, 2.5), ("p_0", "p_1"), None, _add, _add_local),
            _Node("z", "$+$", (3.0, 1.25), ("s", "w_2"), None, _add, _add_local),
            _Node("q", r"$\times(-1)$", (4.0, 1.25), ("z",), None, lambda z: -z, lambda z: (-1.0,)),
            _Node("r", r"$\exp$", (5.0, 1.25), ("q",), None, math.exp, lambda n: (math.exp(n),)),
            _Node("u", "$+1$", (6.0, 1.25), ("r",), None, lambda e: 1 + e, lambda e: (1.0,)),
            _Node("f", "$1/x$", (7.0, 1.25), ("u",), None, lambda d: 1 / d, lambda d: (-1 / d**2,)),
        ),
        computation_graph_neuron,
    )


def _number(value: float) -> str:
    """Whole numbers as integers, others with two decimals (−0.00 shown as 0.00)."""
    text = f"{int(value)}" if float(value).is_integer() else f"{value:.2f}"
    return text.replace("-0.00", "0.00").replace("-", "−")


def _power_of_ten(value: float) -> str:
    """A small number as LaTeX, e.g. $2.8 \\times 10^{-17}$."""
    if value == 0:
        return "nothing"
    mantissa, exponent = f"{value:.1e}".split("e")
    return f"${mantissa} \\times 10^{{{int(exponent)}}}$"


def _number_box(colour: str) -> dict[str, object]:
    """The frame of a number: solid for values, dashed for gradients."""
    style = "solid" if colour == _VALUE_COLOUR else "dashed"
    return {
        "boxstyle": "round,pad=0.2",
        "facecolor": "none",
        "edgecolor": colour,
        "linewidth": 1.4,
        "linestyle": style,
    }


def _draw(graph: _Evaluated, size: tuple[float, float], output_symbol: str) -> Figure:
    ink = rcParams["text.color"]
    figure = Figure(figsize=size)
    axes = figure.subplots()
    axes.set_axis_off()
    boxes = {}
    for node in graph.nodes:
        shape = "round,pad=0.35" if node.inputs else "circle,pad=0.25"
        boxes[node.name] = axes.text(
            *node.position,
            node.label,
            ha="center",
            va="center",
            fontsize=12,
            bbox={"boxstyle": shape, "facecolor": "none", "edgecolor": ink, "linewidth": 1.2},
            zorder=3,
        )
    for node in graph.nodes:
        for source in node.inputs:
            axes.annotate(
                "",
                xy=(0.5, 0.5),
                xycoords=boxes[node.name],
                xytext=(0.5, 0.5),
                textcoords=boxes[source],
                arrowprops={
                    "arrowstyle": "-|>",
                    "color": ink,
                    "linewidth": 1.0,
                    "patchA": boxes[source].get_bbox_patch(),
                    "patchB": boxes[node.name].get_bbox_patch(),
                    "shrinkA": 2,
                    "shrinkB": 2,
                },
                # Above the nodes: their boxes are placed when the arrows are clipped to them.
                zorder=4,
            )
    # Value above each node, gradient below it: ink text (it must read on both palettes)
    # in a box whose colour says which is which.
    for numbers, offset, align, colour in (
        (graph.values, 16, "bottom", _VALUE_COLOUR),
        (graph.gradients, -16, "top", _GRADIENT_COLOUR),
    ):
        for node in graph.nodes:
            axes.annotate(
                _number(numbers[node.name]),
                xy=node.position,
                xytext=(0, offset),
                textcoords="offset points",
                ha="center",
                va=align,
                fontsize=10.5,
                bbox=_number_box(colour),
            )
    xs = [node.position[0] for node in graph.nodes]
    ys = [node.position[1] for node in graph.nodes]
    axes.set_xlim(min(xs) - 0.45, max(xs) + 0.45)
    axes.set_ylim(min(ys) - 0.55, max(ys) + 0.55)
    legend = [
        ("forward value (above a node)", _VALUE_COLOUR),
        (f"gradient ∂{output_symbol}/∂node (below a node)", _GRADIENT_COLOUR),
    ]
    for line, (text, colour) in enumerate(legend):
        axes.annotate(
            text,
            xy=(0.0, 1.0),
            xycoords="axes fraction",
            xytext=(4, 6 + 19 * (len(legend) - 1 - line)),
            textcoords="offset points",
            va="bottom",
            fontsize=10.5,
            bbox=_number_box(colour),
        )
    return figure


def _table(graph: _Evaluated, output_symbol: str, meaning: dict[str, str]) -> str:
    rows = [
        "| Node | Computes | Forward value | Gradient "
        f"$\\partial {output_symbol} / \\partial \\text{{node}}$ |",
        "|---|---|---:|---:|",
    ]
    for node in graph.nodes:
        rows.append(
            f"| {meaning.get(node.name, f'${node.name}$')} | "
            f"{'input' if not node.inputs else node.label} | "
            f"{_number(graph.values[node.name])} | {_number(graph.gradients[node.name])} |"
        )
    return "\n".join(rows)


def three_a_plus_bc_graph() -> Figure:
    """The computation graph of J = 3(a + bc): inputs a, b and c on the left, a node
    u = bc fed by b and c, a node v = a + u fed by a and u, and the output J = 3v.
    Above each node, framed in solid blue, its value in the forward pass at a = 5,
    b = 3, c = 2; below it, framed in dashed vermilion, the derivative of J with
    respect to it from the backward pass."""
    return _draw(_three_a_plus_bc(), (6.4, 3.8), "J")


def three_a_plus_bc_table() -> str:
    """The nodes of J = 3(a + bc) with their forward values and gradients."""
    return _table(_three_a_plus_bc(), "J", {})


def sum_times_z_graph() -> Figure:
    """The computation graph of f = (x + y)z: inputs x, y and z on the left, an
    addition node q = x + y fed by x and y, and a multiplication node f = qz fed by q
    and z. Above each node, framed in solid blue, its forward value at x = −2, y = 5,
    z = −4; below it, framed in dashed vermilion, the derivative of f with respect
    to it."""
    return _draw(_sum_times_z(), (5.6, 3.8), "f")


def sum_times_z_table() -> str:
    """The nodes of f = (x + y)z with their forward values and gradients."""
    return _table(_sum_times_z(), "f", {})


def sigmoid_neuron_graph() -> Figure:
    """The computation graph of a sigmoid neuron with two inputs, broken into
    elementary gates: two multiplications w0·x0 and w1·x1, their sum, the bias w2
    added to give z, then the gates of the sigmoid: multiply by −1, exponentiate,
    add 1, and take the reciprocal, which is the output f = σ(z). Above each node,
    framed in solid blue, its forward value at w = [2, −3, −3], x = [−1, −2]; below
    it, framed in dashed vermilion, the derivative of f with respect to it."""
    return _draw(_sigmoid_neuron(), (10.0, 6.2), "f")


_NEURON_MEANING = {
    "w_0": "$w_0$",
    "x_0": "$x_0$",
    "w_1": "$w_1$",
    "x_1": "$x_1$",
    "w_2": "$w_2$ (bias)",
    "p_0": "$w_0 x_0$",
    "p_1": "$w_1 x_1$",
    "s": "$w_0 x_0 + w_1 x_1$",
    "z": "$z = w_0 x_0 + w_1 x_1 + w_2$",
    "q": "$-z$",
    "r": "$e^{-z}$",
    "u": "$1 + e^{-z}$",
    "f": "$f = \\sigma(z)$",
}


def sigmoid_neuron_table() -> str:
    """The gates of the sigmoid neuron with their forward values and gradients."""
    return _table(_sigmoid_neuron(), "f", _NEURON_MEANING)


def sigmoid_neuron_shortcut() -> str:
    """The sigmoid gate as one node: σ(z) and σ'(z) = σ(z)(1 − σ(z)) from nnref, compared
    with the gradient the four elementary gates pass back to z, as SymPy proves it."""
    graph = _sigmoid_neuron()
    z = np.array([[graph.values["z"]]])
    value = sigmoid(z).item()
    local = sigmoid_grad(z).item()
    exact = computation_graph_neuron.gradients()["z"]
    gap = abs(local - float(exact))
    agreement = (
        "the same number to the last bit"
        if gap == 0
        else f"the same number up to {_power_of_ten(gap)}"
    )
    return (
        f"At $z = {_number(graph.values['z'])}$, `nnref.activations.sigmoid` gives "
        f"$\\sigma(z) = {value:.4f}$ and `sigmoid_grad` gives "
        f"$\\sigma(z)(1 - \\sigma(z)) = {local:.4f}$. The gradient that the four gates "
        f"pass back to $z$, which SymPy proves is exactly "
        f"${sympy.latex(exact)} = {float(exact):.4f}$, is {agreement}."
    )
