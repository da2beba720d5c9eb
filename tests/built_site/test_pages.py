"""Every page of the navigation is built with everything it places, and nothing else is missing."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from built_site.building import ROOT, Build
from built_site.navigation import NavPage, nav_pages

sys.path.insert(0, str(ROOT / "docs" / "hooks"))
import directives
import figures

import derivations

pytestmark = pytest.mark.site

PAGES = nav_pages(ROOT)
MARKDOWN_PAGES = [page for page in PAGES if page.source.endswith(".md")]
NOTEBOOKS = sorted((ROOT / "docs").rglob("*.ipynb"))


def _placements(page: NavPage) -> list[directives.Placement]:
    return directives.find((ROOT / "docs" / page.source).read_text(encoding="utf-8"))


def test_the_navigation_lists_every_page_and_notebook() -> None:
    listed = {page.source for page in PAGES}
    sources = {
        path.relative_to(ROOT / "docs").as_posix()
        for pattern in ("*.md", "*.ipynb")
        for path in (ROOT / "docs").rglob(pattern)
        if "hooks" not in path.parts and "figures" not in path.parts
    }
    assert sources - listed == set(), "pages that no reader can reach from the navigation"


@pytest.mark.parametrize("page", MARKDOWN_PAGES, ids=lambda page: page.label)
def test_every_placed_name_exists(page: NavPage) -> None:
    modules = figures.FigureModules(ROOT / "docs" / "figures")
    for placement in _placements(page):
        if placement.kind == "derivation":
            assert placement.name in derivations.names(), (
                f"{page.source}: line {placement.line}: no derivation {placement.name!r}"
            )
        elif placement.kind in ("figure", "value"):
            modules.producer(placement.name)  # raises FigureError naming what is missing


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.label)
def test_every_page_is_built_with_its_figures_and_derivations(
    built_site: Build, page: NavPage
) -> None:
    html = built_site.page(page.built_file)
    assert "nnref could not place" not in html, f"{page.source}: a placement failed"
    if not page.source.endswith(".md"):
        return
    for placement in _placements(page):
        if placement.kind == "derivation":
            assert f'id="derivation-{placement.name}"' in html, placement
        elif placement.kind == "figure":
            anchor = "figure-" + placement.name.replace(".", "-").replace("_", "-")
            figure = re.search(
                rf'<figure class="nnref-figure[^"]*" id="{anchor}"[^>]*>(.*?)</figure>',
                html,
                re.DOTALL,
            )
            assert figure and "<svg" in figure.group(1), f"{page.source}: {placement.name}"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebooks_are_stored_without_outputs(notebook: Path) -> None:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    for number, cell in enumerate(cells, start=1):
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [], f"{notebook.name}: cell {number} has outputs"
            assert cell.get("execution_count") is None, f"{notebook.name}: cell {number}"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebooks_are_executed_and_downloadable(built_site: Build, notebook: Path) -> None:
    page = next(p for p in PAGES if p.source == notebook.relative_to(ROOT / "docs").as_posix())
    html = built_site.page(page.built_file)
    assert "jp-OutputArea" in html, f"{notebook.name}: no executed output on the page"
    assert "Traceback" not in html
    built_notebook = built_site.site / Path(page.built_file).parent / notebook.name
    assert built_notebook.exists(), "the .ipynb is offered for download beside its page"
