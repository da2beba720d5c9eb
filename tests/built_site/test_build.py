"""The built site: maths rendered, figures inline, nothing fetched from elsewhere."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from built_site.building import Build

pytestmark = pytest.mark.site

# Attributes through which a page makes the browser fetch something.
_FETCHING = {
    "script": ("src",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
}
_FETCHING_RELS = {"stylesheet", "icon", "preload", "modulepreload", "manifest", "prefetch"}
_OUTSIDE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)


class _Fetches(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = _FETCHING.get(tag, ())
        if tag == "link" and dict(attrs).get("rel") not in _FETCHING_RELS:
            return  # rel="canonical", "next", ... name a page; nothing is fetched
        for name, value in attrs:
            if name in wanted and value:
                self.urls.extend(part.strip().split(" ")[0] for part in value.split(","))


def test_every_page_has_rendered_maths_and_no_raw_tex(built_site: Build) -> None:
    for page in ("index.html", "notation/index.html", "activations/index.html"):
        html = built_site.page(page)
        assert 'class="katex' in html, f"{page}: no KaTeX HTML"
        assert 'class="arithmatex"' not in html, f"{page}: a formula was left unrendered"
        text = re.sub(r"<annotation[^>]*>.*?</annotation>", "", html, flags=re.DOTALL)
        text = re.sub(r"<(script|code|pre)[^>]*>.*?</\1>", "", text, flags=re.DOTALL)
        assert "$$" not in text, f"{page}: raw $$ left in the page"
        assert "nnref-math-error" not in html, f"{page}: a formula failed to render"


def test_derivation_is_shown_with_its_verification(built_site: Build) -> None:
    html = built_site.page("activations/index.html")
    assert 'id="derivation-sigmoid_derivative"' in html
    assert "Verified by SymPy" in html
    assert "derivations/sigmoid_derivative.py" in html  # the SymPy code tab
    assert html.count('class="katex-display"') >= 6  # one display equation per step


def test_figure_is_an_inline_labelled_svg(built_site: Build) -> None:
    html = built_site.page("activations/index.html")
    figure = re.search(r'<figure class="nnref-figure"[^>]*>(.*?)</figure>', html, re.DOTALL)
    assert figure, "no nnref figure on the activations page"
    svg = figure.group(1)
    assert "<svg" in svg and 'role="img"' in svg and 'aria-label="The sigmoid' in svg
    assert "currentColor" in svg, "figure ink must follow the palette"
    assert "<dc:date>" not in svg, "an SVG must carry no date"
    assert "NNREF-FIGURE-SLOT" not in html


def test_katex_css_and_fonts_are_served_by_the_site(built_site: Build) -> None:
    css = built_site.site / "assets" / "katex" / "katex.min.css"
    assert css.exists()
    fonts = list((css.parent / "fonts").glob("*.woff2"))
    assert len(fonts) >= 10
    assert 'href="../assets/katex/katex.min.css"' in built_site.page("notation/index.html")


def test_no_page_fetches_anything_from_another_host(built_site: Build) -> None:
    offenders = []
    for path in built_site.pages():
        parser = _Fetches()
        parser.feed(path.read_text(encoding="utf-8"))
        offenders += [
            f"{path.relative_to(built_site.site)}: {url}"
            for url in parser.urls
            if _OUTSIDE.match(url)
        ]
    for css in built_site.site.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        offenders += [
            f"{css.relative_to(built_site.site)}: {url}"
            for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", text)
            if _OUTSIDE.match(url)
        ]
        offenders += [
            f"{css.relative_to(built_site.site)}: @import {url}"
            for url in re.findall(r"@import\s+(?:url\()?['\"]?([^'\"); ]+)", text)
            if _OUTSIDE.match(url)
        ]
    assert not offenders, "the site asks another host for:\n" + "\n".join(offenders)


def test_executed_examples_show_their_output(built_site: Build) -> None:
    html = built_site.page("notation/index.html")
    assert "n_x = 12288" in html
    assert "ValueError:" in html  # nnref refusing a rank-1 array, as executed


def test_site_pages_exist(built_site: Build) -> None:
    for page in ("index.html", "notation/index.html", "activations/index.html"):
        assert (built_site.site / page).exists(), page
    assert isinstance(built_site.site, Path)


def test_search_index_holds_what_readers_read(built_site: Build) -> None:
    """Search results quote the index: no TeX source of the maths, no SVG internals."""
    index = json.loads(built_site.page("search/search_index.json"))
    offenders = []
    for entry in index["docs"]:
        text = re.sub(r"<(code|pre)>.*?</\1>", "", entry["text"], flags=re.DOTALL)
        found = re.search(r"\\[A-Za-z]{2,}|\$\$|image/svg\+xml", text)
        if found:
            start = max(0, found.start() - 30)
            offenders.append(f"/{entry['location']}: …{text[start : found.end() + 30]}…")
    assert not offenders, (
        f"{len(offenders)} sections whose search entry (and so a search result) shows "
        "TeX source or SVG metadata, e.g.:\n  " + "\n  ".join(offenders[:8])
    )
