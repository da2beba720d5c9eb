"""Figures and computed values, drawn from nnref while the site builds.

A figure is a function in a module of ``docs/figures/``: ``docs/figures/activations.py``
with ``def sigmoid_and_derivative() -> Figure`` is placed on a page as
``{{ figure("activations.sigmoid_and_derivative") }}``. Its docstring is the
figure's alt text, so a figure without one is an error. A value is a function of
the same modules that returns Markdown (a number, a sentence, a table), placed as
``{{ value("logistic_regression.test_accuracy") }}``.

SVGs are deterministic (fixed hash salt, no date) and use ``currentColor`` for
text, axes and grid so they read in the light and the dark palette alike.
"""

from __future__ import annotations

import importlib.util
import inspect
import io
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from build_cache import digest, source_digest
from matplotlib.figure import Figure

# Drawn in this colour, then swapped for currentColor in the SVG text.
_INK = "#0b0c0d"
_STYLE = {
    "svg.hashsalt": "nnref",
    "svg.fonttype": "none",
    "font.family": ["sans-serif"],
    "font.size": 11.0,
    "text.color": _INK,
    "axes.edgecolor": _INK,
    "axes.labelcolor": _INK,
    "axes.titlecolor": _INK,
    "xtick.color": _INK,
    "ytick.color": _INK,
    "grid.color": _INK,
    "grid.alpha": 0.15,
    "axes.grid": True,
    "axes.facecolor": "none",
    "figure.facecolor": "none",
    "savefig.facecolor": "none",
    "savefig.transparent": True,
    "legend.frameon": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "figure.figsize": (6.4, 3.6),
    "figure.dpi": 100,
    "lines.linewidth": 2.0,
    # A palette that reads on white and on slate (Okabe-Ito).
    "axes.prop_cycle": matplotlib.cycler(
        color=["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00"]
    ),
}
# A figure is drawn anew when the style, matplotlib or this module (how SVGs are written) changes.
STYLE_VERSION = digest(
    repr(sorted(_STYLE.items())),
    matplotlib.__version__,
    Path(__file__).read_text(encoding="utf-8"),
)

_NAME = re.compile(r"^(?P<module>[a-z_][a-z0-9_]*)\.(?P<function>[a-z_][a-z0-9_]*)$")


class FigureError(Exception):
    """A figure or value that could not be produced; the message says which and why."""


@dataclass(frozen=True)
class Producer:
    """A figure or value function, with what its cache key depends on."""

    name: str
    function: Callable[[], object]
    source_key: str

    @property
    def alt(self) -> str:
        doc = inspect.getdoc(self.function) or ""
        return " ".join(doc.split("\n\n")[0].split())


class FigureModules:
    """The figure modules of a folder, loaded on demand by name."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def names(self) -> list[str]:
        """Every ``module.function`` that the folder defines."""
        found = []
        for path in sorted(self.folder.glob("[a-z]*.py")):
            module = self._load(path.stem, source_digest(path))
            found.extend(
                f"{path.stem}.{name}"
                for name, member in vars(module).items()
                if inspect.isfunction(member)
                and member.__module__ == module.__name__
                and not name.startswith("_")
            )
        return found

    def key(self, name: str) -> str:
        """The cache key of figure or value ``name``, found without importing its module.

        It digests the module's source, the nnref/derivations modules it imports, the
        style and the function's name: when one of those changes, so does the key.
        """
        path, function = self._locate(name)
        return digest(source_digest(path), STYLE_VERSION, function)

    def producer(self, name: str) -> Producer:
        path, function_name = self._locate(name)
        key = source_digest(path)
        module = self._load(path.stem, key)
        function = getattr(module, function_name, None)
        if not inspect.isfunction(function):
            known = ", ".join(
                n for n, f in vars(module).items() if inspect.isfunction(f) and n[0] != "_"
            )
            raise FigureError(
                f"{path.name} has no function {function_name!r} for {name!r}; it defines: {known}"
            )
        return Producer(name, function, digest(key, STYLE_VERSION, function_name))

    def _locate(self, name: str) -> tuple[Path, str]:
        """The module file and the function name of ``name``; raise if there is no such file."""
        match = _NAME.match(name)
        if match is None:
            raise FigureError(
                f"{name!r} is not a figure name: expected 'module.function', "
                "e.g. 'activations.sigmoid_and_derivative'"
            )
        path = self.folder / f"{match['module']}.py"
        if not path.exists():
            known = ", ".join(sorted(p.stem for p in self.folder.glob("[a-z]*.py")))
            raise FigureError(
                f"no figure module {match['module']!r} for {name!r} "
                f"(looked for {path}); known modules: {known}"
            )
        return path, match["function"]

    @staticmethod
    @cache
    def _load_cached(path: Path, key: str) -> ModuleType:
        module_name = f"nnref_site_figures.{path.stem}"
        spec = importlib.util.spec_from_file_location(module_name, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        try:
            spec.loader.exec_module(module)
        except Exception as error:
            del sys.modules[module_name]
            raise FigureError(
                f"figure module {path.name} failed to import: {type(error).__name__}: {error}"
            ) from error
        return module

    def _load(self, stem: str, key: str) -> ModuleType:
        # A new key (the source changed under `mkdocs serve`) loads the module anew.
        return self._load_cached(self.folder / f"{stem}.py", key)


def render_svg(producer: Producer) -> str:
    """Call a figure function and return its SVG, ready to inline in a page."""
    if not producer.alt:
        raise FigureError(
            f"figure {producer.name!r} has no docstring: its first paragraph is the "
            "figure's alt text, so it is required"
        )
    with plt.rc_context(_STYLE):
        try:
            figure = producer.function()
        except Exception as error:
            raise FigureError(
                f"figure {producer.name!r} raised {type(error).__name__}: {error}"
            ) from error
        if not isinstance(figure, Figure):
            raise FigureError(
                f"figure {producer.name!r} must return a matplotlib Figure, "
                f"got {type(figure).__name__}"
            )
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
        plt.close(figure)
    return _themeable(buffer.getvalue(), producer)


def compute_value(producer: Producer) -> str:
    """Call a value function and return its Markdown."""
    try:
        value = producer.function()
    except Exception as error:
        raise FigureError(
            f"value {producer.name!r} raised {type(error).__name__}: {error}"
        ) from error
    if not isinstance(value, str):
        raise FigureError(
            f"value {producer.name!r} must return Markdown text (str), got {type(value).__name__}"
        )
    return value


def _themeable(svg: str, producer: Producer) -> str:
    """Strip the XML prologue, use currentColor for ink, label the SVG for readers."""
    start = svg.index("<svg")
    body = svg[start:].replace(_INK, "currentColor")
    alt = producer.alt.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    label = f'<svg role="img" aria-label="{alt}" class="nnref-figure-svg"'
    body = body.replace("<svg", label, 1)
    # Inline SVGs scale with the column: drop the fixed size, keep the viewBox.
    body = re.sub(r'(<svg[^>]*?) width="[^"]*" height="[^"]*"', r"\1", body, count=1)
    return _unique_ids(body.strip(), "f" + digest(producer.name)[:8] + "-")


def _unique_ids(svg: str, prefix: str) -> str:
    """Prefix every id (and every reference to one): several figures share a page."""
    svg = re.sub(r'\bid="([^"]+)"', rf'id="{prefix}\1"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", rf"url(#{prefix}\1)", svg)
    return re.sub(r'((?:xlink:)?href)="#([^"]+)"', rf'\1="#{prefix}\2"', svg)
