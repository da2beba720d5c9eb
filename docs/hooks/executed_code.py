"""markdown-exec blocks, run again only when their code or what it imports changes.

markdown-exec runs every block of every page on every build, and on every reload of
``mkdocs serve``. :func:`cached_formatter` wraps its formatter: the HTML of a block
is kept in the build cache under a digest of the block (language, code, options), of
the Markdown configuration that renders it, and of the source of the ``nnref`` and
``derivations`` modules its code imports (see `build_cache.code_digest`), and reused
while none of them changes, as figures and derivations are.

A block is run every time, as before, and its HTML not kept, when

- it belongs to a ``session`` (its state is shared with the session's other blocks);
- it logs a warning (a failing block must fail every strict build, not only the first);
- its HTML holds ids or headings (markdown-exec numbers ids per build, and adds
  headings to the page's table of contents as it runs).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from build_cache import JsonCache, code_digest, digest

Formatter = Callable[..., str]

_NOT_REUSABLE = re.compile(r'\sid="|<h[1-6][\s>]')


class _Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class ExecutedCode:
    """The cache of block outputs, and what each build took from it."""

    def __init__(self, cache: JsonCache) -> None:
        self.cache = cache
        self.ran = 0
        self.reused = 0

    def cached_formatter(self, run: Formatter, context: str) -> Formatter:
        """``run`` (markdown-exec's formatter), reusing the HTML of unchanged blocks.

        ``context`` digests what else shapes the HTML: the Markdown configuration.
        """

        def formatter(
            source: str,
            language: str,
            css_class: str,
            options: dict[str, Any],
            md: Any,
            **kwargs: Any,
        ) -> str:
            if options.get("session"):
                self.ran += 1
                return run(source, language, css_class, options, md, **kwargs)
            settings = repr(sorted((name, repr(value)) for name, value in options.items()))
            key = digest(language, source, settings, context, code_digest(source))
            html = self.cache.get(key)
            if html is not None:
                self.reused += 1
                return html
            warnings = _Warnings()
            logger = logging.getLogger("mkdocs.plugins.markdown_exec")
            logger.addHandler(warnings)
            try:
                html = run(source, language, css_class, options, md, **kwargs)
            finally:
                logger.removeHandler(warnings)
            self.ran += 1
            if not warnings.count and not _NOT_REUSABLE.search(html):
                self.cache.put(key, str(html))
            return html

        return formatter
