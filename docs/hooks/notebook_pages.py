"""Notebook pages (mkdocs-jupyter) made to read like every other page.

nbconvert's template loads MathJax and mermaid from a CDN and leaves the maths of
Markdown cells as ``$...$`` for MathJax to typeset in the browser. Here the
scripts are removed and the maths is marked the way pymdownx.arithmatex marks it,
so the build renders it with KaTeX like the maths of every other page. Images
that cells print get an alt text.
"""

from __future__ import annotations

import re

_MATHJAX = re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.DOTALL)
_EMPTY_SCRIPT = re.compile(r'<script src="">\s*</script>')
_MODULE_SCRIPT = re.compile(r'<script type="module">(?:(?!</script>).)*?</script>', re.DOTALL)
_MARKDOWN_CELL = re.compile(
    r'(<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown[^"]*"[^>]*>)(.*?)(</div>)',
    re.DOTALL,
)
_DISPLAY_PARAGRAPH = re.compile(r"<p>\s*\$\$(.+?)\$\$\s*</p>", re.DOTALL)
_DISPLAY = re.compile(r"\$\$(.+?)\$\$", re.DOTALL)
_INLINE = re.compile(r"(?<![\\$])\$(?![\s$])(.+?)(?<![\s\\$])\$(?!\$)", re.DOTALL)
_IMAGE_WITHOUT_ALT = re.compile(r"<img(?![^>]*\balt=)([^>]*)>")

# Between two printed chunks of one cell: the kernel may flush a cell's prints in one
# piece or several, so joining them keeps two builds of a notebook identical.
_STREAM_SEAM = re.compile(
    r"</pre>\s*</div>\s*</div>\s*<div class=\"jp-OutputArea-child\">\s*"
    r'<div class="jp-OutputPrompt jp-OutputArea-prompt"></div>\s*'
    r'<div class="jp-RenderedText jp-OutputArea-output" data-mime-type="text/plain"[^>]*>\s*<pre>'
)

IMAGE_ALT = "Plot drawn by the code cell above when this page was built"


def prepare(page_html: str) -> str:
    """Remove scripts from other hosts, mark Markdown-cell maths, give images alt text."""
    page_html = _MATHJAX.sub("", page_html)
    page_html = _EMPTY_SCRIPT.sub("", page_html)
    # A module script that imports from an absolute URL (mermaid) would reach another host.
    page_html = _MODULE_SCRIPT.sub(
        lambda script: "" if "://" in script.group(0) else script.group(0), page_html
    )
    page_html = _STREAM_SEAM.sub("", page_html)
    page_html = _MARKDOWN_CELL.sub(
        lambda cell: cell.group(1) + _mark_maths(cell.group(2)) + cell.group(3), page_html
    )
    return _IMAGE_WITHOUT_ALT.sub(rf'<img alt="{IMAGE_ALT}"\1>', page_html)


def _mark_maths(cell_html: str) -> str:
    cell_html = _DISPLAY_PARAGRAPH.sub(
        lambda m: f'<div class="arithmatex">\\[{m.group(1).strip()}\\]</div>', cell_html
    )
    cell_html = _DISPLAY.sub(
        lambda m: f'<div class="arithmatex">\\[{m.group(1).strip()}\\]</div>', cell_html
    )
    return _INLINE.sub(lambda m: f'<span class="arithmatex">\\({m.group(1)}\\)</span>', cell_html)
