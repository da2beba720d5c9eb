"""A build that goes wrong stops `mkdocs build --strict` with a message naming the file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from built_site.building import run_build

pytestmark = pytest.mark.site


def _only_page(project: Path, markdown: str) -> None:
    """Make the copy's site a single page, so a failure build is quick."""
    docs = project / "docs"
    for page in docs.rglob("*.md"):
        page.unlink()
    for notebook in docs.rglob("*.ipynb"):
        notebook.unlink()
    (docs / "index.md").write_text(markdown, encoding="utf-8")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    head = config.split("\n# Page tree\n")[0]
    (project / "mkdocs.yml").write_text(head + "\nnav:\n  - Home: index.md\n", encoding="utf-8")


def test_a_false_derivation_step_fails_the_build_naming_it(
    project_copy: Path, site_cache: Path, tmp_path: Path
) -> None:
    module = project_copy / "derivations" / "sigmoid_derivative.py"
    source = module.read_text(encoding="utf-8")
    # Step 3 claims the two minus signs cancel; make it claim they do not.
    broken = source.replace(
        "            sympy.exp(-z) / u**2,\n        ),\n        Step(\n"
        '            "Split the square',
        "            -sympy.exp(-z) / u**2,\n        ),\n        Step(\n"
        '            "Split the square',
        1,
    )
    assert broken != source, "the test no longer finds the step it breaks"
    module.write_text(broken, encoding="utf-8")
    _only_page(project_copy, '# Home\n\n{{ derivation("sigmoid_derivative") }}\n')

    build = run_build(project_copy, tmp_path / "site", site_cache)

    assert build.returncode != 0, build.output
    assert "docs/index.md" in build.output
    assert re.search(r"'sigmoid_derivative', step \d+ of \d+ is not proven", build.output)
    assert "The two minus signs cancel" in build.output
    assert "Aborted" in build.output
