"""Notebook HTML: no CDN script survives, Markdown-cell maths is marked for KaTeX."""

from __future__ import annotations

import notebook_pages

_PAGE = """
<!-- Load mathjax -->
<script src="https://cdn.example/mathjax.js"></script>
<script type="text/x-mathjax-config">MathJax.Hub.Config({});</script>
<!-- End of mathjax configuration --><script type="module">
const mermaid = await import("https://cdnjs.example/mermaid.mjs");
</script>
<script src=""> </script>
<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown jp-MarkdownOutput" data-mime-type="">
<p>Inline $a &lt; b$ and</p>
<p>$$
\\frac{1}{m}
$$</p>
</div>
<div class="jp-OutputArea"><pre>cost $5 and $6</pre><img src="data:image/png;base64,AAAA"></div>
"""


def test_scripts_from_other_hosts_are_removed() -> None:
    html = notebook_pages.prepare(_PAGE)
    assert "mathjax" not in html.lower()
    assert "cdnjs" not in html
    assert '<script src="">' not in html


def test_markdown_maths_is_marked_like_arithmatex() -> None:
    html = notebook_pages.prepare(_PAGE)
    assert '<span class="arithmatex">\\(a &lt; b\\)</span>' in html
    assert '<div class="arithmatex">\\[\\frac{1}{m}\\]</div>' in html


def test_code_output_dollars_are_left_alone() -> None:
    assert "<pre>cost $5 and $6</pre>" in notebook_pages.prepare(_PAGE)


def test_images_get_an_alt_text() -> None:
    html = notebook_pages.prepare(_PAGE)
    assert f'<img alt="{notebook_pages.IMAGE_ALT}" src="data:image/png;base64,AAAA">' in html


def test_a_cell_printed_in_several_chunks_reads_as_one() -> None:
    chunk = (
        '<div class="jp-OutputArea-child">\n'
        '<div class="jp-OutputPrompt jp-OutputArea-prompt"></div>\n'
        '<div class="jp-RenderedText jp-OutputArea-output" data-mime-type="text/plain" '
        'tabindex="0">\n<pre>{}</pre>\n</div>\n</div>\n'
    )
    html = notebook_pages.prepare(chunk.format("epoch 1\n") + chunk.format("epoch 2\n"))
    assert html == chunk.format("epoch 1\nepoch 2\n")
