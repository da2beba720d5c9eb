"""Derivations on a page: verify with SymPy, then write the steps as Markdown.

The Markdown holds the prose of each step and its equation as display maths
(KaTeX renders it later in the build), with a mark saying how many steps SymPy
proved and a tab with the module that proves them.
"""

from __future__ import annotations

import importlib
import json
import re
import textwrap
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import sympy
from build_cache import JsonCache, digest, source_digest

if TYPE_CHECKING:
    from derivations.core import Derivation


@dataclass(frozen=True)
class Outcome:
    """A verified derivation as the site shows it."""

    name: str
    title: str
    steps: int
    methods: tuple[str, ...]
    seconds: float
    markdown: str


class DerivationPages:
    """Verified derivations, cached by the digest of their source and its imports."""

    def __init__(self, cache_file: Path) -> None:
        self._cache = JsonCache(cache_file)

    def outcome(self, name: str, prepared: Callable[[str], str | None] | None = None) -> Outcome:
        """Verify derivation ``name`` (or reuse an unchanged one); raise if a step is false.

        ``prepared(key)`` may hand over the outcome that a worker process verified
        (see `parallel_work`), as the JSON that `verified_json` returns.
        """
        key = self.key(name)
        stored = self._cache.get(key)
        if stored is None and prepared is not None:
            stored = prepared(key)
            if stored is not None:
                self._cache.put(key, stored)
        if stored is not None:
            data = json.loads(stored)
            return Outcome(**{**data, "methods": tuple(data["methods"])})
        outcome = _verify_and_write(name, _module_path(name))
        self._cache.put(key, json.dumps(asdict(outcome)))
        return outcome

    def key(self, name: str) -> str:
        """The cache key of derivation ``name``: its source, its imports, SymPy, this module."""
        return digest(name, source_digest(_module_path(name)), sympy.__version__, _RENDER_VERSION)

    def has(self, key: str) -> bool:
        """Whether the outcome of this key is in the cache."""
        return self._cache.get(key) is not None

    def save(self) -> None:
        self._cache.save()


# Bump when the Markdown written below changes, so cached outcomes are redone.
_RENDER_VERSION = "1"


def verified_json(name: str) -> str:
    """Verify derivation ``name`` and return its outcome as the cache stores it."""
    return json.dumps(asdict(_verify_and_write(name, _module_path(name))))


def _module_path(name: str) -> Path:
    derivations = importlib.import_module("derivations")
    if name not in derivations.names():
        raise KeyError(
            f"unknown derivation {name!r}; known derivations: {', '.join(derivations.names())}"
        )
    return Path(derivations.module_path(name))


def _verify_and_write(name: str, path: Path) -> Outcome:
    # Imported afresh: `mkdocs serve` drops edited modules between builds.
    derivation = importlib.import_module("derivations").load(name)
    verified = derivation.verify()
    methods = tuple(proof.method for proof in verified.proofs)
    markdown = _markdown(derivation, path, len(methods))
    return Outcome(
        name=name,
        title=derivation.title,
        steps=len(methods),
        methods=methods,
        seconds=round(verified.seconds, 3),
        markdown=markdown,
    )


def _markdown(derivation: Derivation, path: Path, proven: int) -> str:
    steps = []
    for number, (step, tex) in enumerate(
        zip(derivation.steps, derivation.latex_steps(), strict=True), start=1
    ):
        steps.append(f"**Step {number}.** {_one_paragraph(step.because)}\n\n$$\n{tex}\n$$\n")
    source = _source_for_page(path)
    scope = f"\n{derivation.scope.strip()}\n" if derivation.scope.strip() else ""
    mark = (
        f'<span class="nnref-verified" title="Every step below was proven by SymPy '
        f"{sympy.__version__} when this page was built from the source shown in the "
        f'second tab.">&#10003; Verified by SymPy: {proven} of {proven} steps proven'
        "</span>"
    )
    return (
        f'<div class="nnref-derivation" id="derivation-{derivation.name}" markdown="block">\n\n'
        f"**{derivation.title}** {mark}\n\n"
        f"{derivation.statement.strip()}\n{scope}\n"
        '=== "Steps"\n\n'
        + textwrap.indent("\n".join(steps), "    ")
        + f'\n=== "SymPy code"\n\n    ```python title="derivations/{path.name}"\n'
        + textwrap.indent(source, "    ")
        + "\n    ```\n\n</div>\n"
    )


def _one_paragraph(text: str) -> str:
    return " ".join(text.split())


def _source_for_page(path: Path) -> str:
    """The module source without its `__main__` block, which only prints."""
    source = path.read_text(encoding="utf-8")
    source = re.split(r"\n\s*if __name__ == .__main__.:", source)[0]
    return source.rstrip() + "\n"
