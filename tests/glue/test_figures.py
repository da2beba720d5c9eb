"""Figures render to deterministic, labelled, palette-following SVG; failures name the figure."""

from __future__ import annotations

import textwrap
from pathlib import Path

import figures
import pytest

_MODULE = '''
"""Figures for the tests."""

import numpy as np
from matplotlib.figure import Figure


def line() -> Figure:
    """A straight line from (0, 0) to (1, 1)."""
    figure = Figure()
    figure.subplots().plot(np.linspace(0, 1, 5), np.linspace(0, 1, 5))
    return figure


def no_docstring() -> Figure:
    return Figure()


def raises() -> Figure:
    """A figure whose code is wrong."""
    raise ZeroDivisionError("division by zero in the figure code")


def not_a_figure() -> Figure:
    """Returns a number."""
    return 3


def a_value() -> str:
    """A computed number."""
    return f"{2 ** 10}"
'''


@pytest.fixture
def modules(tmp_path: Path) -> figures.FigureModules:
    (tmp_path / "sample.py").write_text(textwrap.dedent(_MODULE), encoding="utf-8")
    return figures.FigureModules(tmp_path)


def test_svg_is_deterministic_labelled_and_themeable(modules: figures.FigureModules) -> None:
    producer = modules.producer("sample.line")
    first = figures.render_svg(producer)
    second = figures.render_svg(producer)
    assert first == second
    assert first.startswith('<svg role="img" aria-label="A straight line from (0, 0) to (1, 1)."')
    assert "currentColor" in first
    assert "<dc:date>" not in first and "<?xml" not in first


def test_values_are_markdown_text(modules: figures.FigureModules) -> None:
    assert figures.compute_value(modules.producer("sample.a_value")) == "1024"


def test_names_lists_every_public_function(modules: figures.FigureModules) -> None:
    assert "sample.line" in modules.names() and "sample.a_value" in modules.names()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("sample.no_docstring", "has no docstring"),
        ("sample.raises", "raised ZeroDivisionError: division by zero in the figure code"),
        ("sample.not_a_figure", "must return a matplotlib Figure, got int"),
    ],
)
def test_a_bad_figure_is_named_in_the_error(
    modules: figures.FigureModules, name: str, message: str
) -> None:
    with pytest.raises(figures.FigureError, match=message) as caught:
        figures.render_svg(modules.producer(name))
    assert name in str(caught.value)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("nodot", "expected 'module.function'"),
        ("missing.line", "no figure module 'missing'.*known modules: sample"),
        ("sample.absent", "has no function 'absent'.*it defines: line"),
    ],
)
def test_unknown_names_list_what_exists(
    modules: figures.FigureModules, name: str, message: str
) -> None:
    with pytest.raises(figures.FigureError, match=message):
        modules.producer(name)


def test_a_changed_module_is_loaded_anew(tmp_path: Path) -> None:
    path = tmp_path / "changing.py"
    path.write_text('def v() -> str:\n    """One."""\n    return "1"\n', encoding="utf-8")
    modules = figures.FigureModules(tmp_path)
    assert figures.compute_value(modules.producer("changing.v")) == "1"
    path.write_text('def v() -> str:\n    """Two."""\n    return "2"\n', encoding="utf-8")
    assert figures.compute_value(modules.producer("changing.v")) == "2"
