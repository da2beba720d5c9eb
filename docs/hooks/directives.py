"""Find the placements a page makes: ``{{ figure("activations.sigmoid_and_derivative") }}``.

A placement is a call written between double braces. Its arguments are Python
literals (strings, numbers), so they are read with ``ast`` and nothing on a page
is ever executed by this parser. Placements inside fenced code blocks and inline
code are left alone, so a page can show the syntax itself.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from dataclasses import dataclass, field

KINDS = ("derivation", "figure", "value", "verification")

_PLACEMENT = re.compile(r"\{\{\s*(?P<call>[a-z_]+\s*\(.*?)\s*\}\}")
_FENCE = re.compile(r"^\s*(?P<fence>`{3,}|~{3,})")
_INLINE_CODE = re.compile(r"(`+)(?:.+?)\1")


class PlacementError(ValueError):
    """A placement that cannot be read; the message says what was expected."""


@dataclass(frozen=True)
class Placement:
    """One ``{{ kind("name", key=value) }}`` on a page."""

    kind: str
    name: str
    options: dict[str, object] = field(default_factory=dict)
    line: int = 0


def parse_call(text: str, line: int = 0) -> Placement:
    """Read ``kind("name", key=value)``; refuse anything that is not literal."""
    try:
        node = ast.parse(text, mode="eval").body
    except SyntaxError as error:
        raise PlacementError(f"line {line}: cannot read {{{{ {text} }}}}: {error.msg}") from error
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
        raise PlacementError(
            f'line {line}: expected a call like figure("module.name"), got {text!r}'
        )
    kind = node.func.id
    if kind not in KINDS:
        raise PlacementError(
            f"line {line}: unknown placement {kind!r} in {{{{ {text} }}}}; "
            f"known placements: {', '.join(KINDS)}"
        )
    try:
        args = [ast.literal_eval(arg) for arg in node.args]
        options = {kw.arg: ast.literal_eval(kw.value) for kw in node.keywords if kw.arg}
    except ValueError as error:
        raise PlacementError(
            f"line {line}: the arguments of {{{{ {text} }}}} must be literals (strings, numbers)"
        ) from error
    if kind == "verification":
        if args:
            raise PlacementError(f"line {line}: verification() takes no name")
        return Placement(kind, "", options, line)
    if len(args) != 1 or not isinstance(args[0], str):
        raise PlacementError(
            f"line {line}: {kind}() takes one name as a string, e.g. "
            f'{kind}("{"sigmoid_derivative" if kind == "derivation" else "module.function"}")'
            f", got {text!r}"
        )
    return Placement(kind, args[0], options, line)


def find(markdown: str) -> list[Placement]:
    """Every placement of a page, in order (for indexes such as the Verification page)."""
    found: list[Placement] = []

    def collect(placement: Placement) -> str:
        found.append(placement)
        return ""

    substitute(markdown, collect)
    return found


def substitute(markdown: str, replace: Callable[[Placement], str]) -> str:
    """Replace each placement outside code with ``replace(placement)``."""
    out: list[str] = []
    fence: str | None = None
    for number, line in enumerate(markdown.splitlines(keepends=True), start=1):
        opening = _FENCE.match(line)
        if fence is not None:
            if opening and opening["fence"][0] == fence[0] and len(opening["fence"]) >= len(fence):
                fence = None
            out.append(line)
            continue
        if opening:
            fence = opening["fence"]
            out.append(line)
            continue
        out.append(_substitute_line(line, number, replace))
    return "".join(out)


def _substitute_line(line: str, number: int, replace: Callable[[Placement], str]) -> str:
    code_spans = [(code.start(), code.end()) for code in _INLINE_CODE.finditer(line)]

    def substitute_one(match: re.Match[str]) -> str:
        # A placement written inside inline code is an example of the syntax: keep it.
        if any(start < match.start() < end for start, end in code_spans):
            return match.group(0)
        return replace(parse_call(match["call"], number))

    return _PLACEMENT.sub(substitute_one, line)
