"""Derivations proven step by step by SymPy, one module per result.

Every module ``derivations.<name>`` (other than :mod:`derivations.core`) defines
``build() -> Derivation``; ``<name>`` is the name a page uses to place it.

>>> from derivations import load, names
>>> "sigmoid_derivative" in names()
True
>>> load("sigmoid_derivative").verify().derivation.title
'Derivative of the sigmoid'
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from derivations.core import Derivation, DerivationError, Step, Verified, chain

__all__ = [
    "Derivation",
    "DerivationError",
    "Step",
    "Verified",
    "chain",
    "load",
    "module_path",
    "names",
    "report",
]

_NOT_DERIVATIONS = frozenset({"core"})


@cache
def names() -> tuple[str, ...]:
    """The names of all derivations, sorted."""
    found = (
        info.name
        for info in pkgutil.iter_modules(__path__)
        if info.name not in _NOT_DERIVATIONS and not info.name.startswith("_")
    )
    return tuple(sorted(found))


def load(name: str) -> Derivation:
    """Build the derivation called ``name``; unknown names list the known ones."""
    if name not in names():
        raise KeyError(f"unknown derivation {name!r}; known derivations: {', '.join(names())}")
    module = importlib.import_module(f"derivations.{name}")
    derivation = module.build()
    if not isinstance(derivation, Derivation):
        raise TypeError(
            f"derivations.{name}.build() must return a Derivation, got {type(derivation).__name__}"
        )
    if derivation.name != name:
        raise ValueError(
            f"derivations.{name}.build() returned a derivation named "
            f"{derivation.name!r}; the name must match the module"
        )
    return derivation


def module_path(name: str) -> str:
    """The source file of derivation ``name``."""
    module = importlib.import_module(f"derivations.{name}")
    return str(module.__file__)


def report(derivation: Derivation) -> str:
    """Verify ``derivation`` and describe it as plain text, one line a step."""
    verified = derivation.verify()
    lines = [f"{derivation.title} ({derivation.name})", ""]
    for number, (step, proof) in enumerate(
        zip(derivation.steps, verified.proofs, strict=True), start=1
    ):
        lines.append(f"{number}. {step.because.strip()}")
        lines.append(f"   {step.lhs} {step.relation} {step.rhs}   [{proof.method}]")
    lines.append("")
    lines.append(f"{len(verified.proofs)} steps proven by SymPy in {verified.seconds:.2f} s")
    return "\n".join(lines)
