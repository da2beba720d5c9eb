"""A build that goes wrong stops `mkdocs build --strict` with a message naming the file.

Each case breaks a copy of the project reduced to the one page it needs, so its build
takes seconds; the builds of all cases run a few at a time while the tests read them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from benchmarks.build import copy_project
from built_site.building import Build, run_build

pytestmark = pytest.mark.site

# Builds wait on node and on kernels too: one more than the cores keeps them busy.
PARALLEL_BUILDS = min(4, (os.cpu_count() or 1) + 1)


def _only_page(project: Path, content: str, source: str = "index.md") -> None:
    """Make the copy's site the single page ``docs/<source>``, so a failure build is quick."""
    docs = project / "docs"
    for page in docs.rglob("*.md"):
        page.unlink()
    for notebook in docs.rglob("*.ipynb"):
        notebook.unlink()
    (docs / source).parent.mkdir(parents=True, exist_ok=True)
    (docs / source).write_text(content, encoding="utf-8")
    _set_nav(project, f"  - Only page: {source}\n")


def _set_nav(project: Path, entries: str) -> None:
    """Replace the ``nav:`` block of the copy's mkdocs.yml (up to the next top-level key)."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    changed, count = _NAV_BLOCK.subn(lambda _: f"nav:\n{entries}", text)
    assert count == 1, "mkdocs.yml has no top-level nav: block to replace"
    config.write_text(changed, encoding="utf-8")


_NAV_BLOCK = re.compile(r"^nav:[ \t]*\n(?:(?:[ \t#].*)?\n)*", re.MULTILINE)


# ---- the ways to break a page, each with what its build must say ----------------------------


@dataclass(frozen=True)
class Case:
    """A way to break the project, and what the failed build must print about it."""

    name: str
    names_file: str  # the file an author must open, as the message must name it
    says: tuple[str, ...]  # regular expressions the output must match
    breaks: Callable[[Path], None]


def _false_derivation_step(project: Path) -> None:
    module = project / "derivations" / "sigmoid_derivative.py"
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
    _only_page(project, '# Home\n\n{{ derivation("sigmoid_derivative") }}\n')


def _figure_module(project: Path, module: str, code: str, function: str, source: str) -> None:
    """Add ``docs/figures/<module>.py`` to the copy and a page placing its figure."""
    (project / "docs" / "figures" / f"{module}.py").write_text(code, encoding="utf-8")
    _only_page(project, f'# Figure\n\n{{{{ figure("{module}.{function}") }}}}\n', source)


def _figure_that_raises(project: Path) -> None:
    code = (
        'def explodes():\n    """A figure whose code fails."""\n'
        '    raise RuntimeError("the data went missing")\n'
    )
    _figure_module(project, "broken", code, "explodes", "figure-raises.md")


def _figure_without_alt_text(project: Path) -> None:
    code = (
        "import matplotlib.pyplot as plt\n\n\ndef drawing():\n"
        "    figure, axes = plt.subplots()\n    axes.plot([0, 1], [0, 1])\n    return figure\n"
    )
    _figure_module(project, "unlabelled", code, "drawing", "no-alt-text.md")


def _latex_syntax_error(project: Path) -> None:
    _only_page(
        project,
        "# Maths\n\nA fraction left open:\n\n$$\n\\frac{1}{1 + e^{-z}\n$$\n",
        "bad-latex.md",
    )


def _notebook_cell_error(project: Path) -> None:
    _only_page(project, "# Home\n")
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_markdown_cell("# A notebook\n\nIts second cell fails."),
        nbformat.v4.new_code_cell('raise ValueError("a cell that fails on purpose")'),
    ]
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    path = project / "docs" / "notebooks" / "fails.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)
    _set_nav(project, "  - Home: index.md\n  - A notebook: notebooks/fails.ipynb\n")


def _broken_internal_link(project: Path) -> None:
    _only_page(project, "# Links\n\nSee [the missing page](missing-page.md).\n", "broken-link.md")


def _broken_anchor(project: Path) -> None:
    _only_page(project, "# Links\n\nSee [below](#no-such-section).\n", "broken-anchor.md")


def _unknown_derivation(project: Path) -> None:
    _only_page(
        project, '# Maths\n\n{{ derivation("no_such_derivation") }}\n', "unknown-derivation.md"
    )


def _unknown_figure(project: Path) -> None:
    _only_page(
        project, '# Figure\n\n{{ figure("activations.no_such_figure") }}\n', "unknown-figure.md"
    )


def _unknown_figure_module(project: Path) -> None:
    _only_page(project, '# Figure\n\n{{ figure("no_such_module.drawing") }}\n', "unknown-module.md")


CASES = [
    Case(
        "false derivation step",
        "docs/index.md",
        (
            r"'sigmoid_derivative', step \d+ of \d+ is not proven",
            r"The two minus signs cancel",
        ),
        _false_derivation_step,
    ),
    Case(
        "figure that raises",
        "docs/figure-raises.md",
        (r"broken\.explodes", r"RuntimeError", r"the data went missing"),
        _figure_that_raises,
    ),
    Case(
        "figure without alt text",
        "docs/no-alt-text.md",
        (r"unlabelled\.drawing", r"docstring"),
        _figure_without_alt_text,
    ),
    Case(
        "LaTeX syntax error",
        "docs/bad-latex.md",
        (r"KaTeX", r"\\frac\{1\}\{1 \+ e\^\{-z\}"),
        _latex_syntax_error,
    ),
    Case(
        "notebook cell error",
        "notebooks/fails.ipynb",
        (r"ValueError", r"a cell that fails on purpose"),
        _notebook_cell_error,
    ),
    Case(
        "broken internal link",
        "broken-link.md",
        (r"missing-page\.md",),
        _broken_internal_link,
    ),
    Case(
        "broken anchor",
        "broken-anchor.md",
        (r"#no-such-section",),
        _broken_anchor,
    ),
    Case(
        "unknown derivation",
        "docs/unknown-derivation.md",
        (r"no_such_derivation",),
        _unknown_derivation,
    ),
    Case(
        "unknown figure",
        "docs/unknown-figure.md",
        (r"activations\.no_such_figure", r"no function"),
        _unknown_figure,
    ),
    Case(
        "unknown figure module",
        "docs/unknown-module.md",
        (r"no_such_module", r"no figure module"),
        _unknown_figure_module,
    ),
]


@pytest.fixture(scope="module")
def failed_builds(
    tmp_path_factory: pytest.TempPathFactory, site_cache: Path
) -> Iterator[dict[str, Future[Build]]]:
    """Break one copy per case and build them all, a few at a time."""

    def break_and_build(case: Case, folder: Path) -> Build:
        project = copy_project(folder / "project")
        case.breaks(project)
        return run_build(project, folder / "site", site_cache)

    folders = {case.name: tmp_path_factory.mktemp(re.sub(r"\W+", "-", case.name)) for case in CASES}
    with ThreadPoolExecutor(max_workers=PARALLEL_BUILDS) as pool:
        yield {case.name: pool.submit(break_and_build, case, folders[case.name]) for case in CASES}


@pytest.mark.parametrize("case", CASES, ids=[case.name.replace(" ", "-") for case in CASES])
def test_a_broken_page_stops_the_strict_build_naming_the_file(
    case: Case, failed_builds: dict[str, Future[Build]]
) -> None:
    build = failed_builds[case.name].result()
    shown = f"--- output of the build ---\n{build.output}"
    assert build.returncode != 0, f"{case.name}: the build succeeded\n{shown}"
    # The file is named where an author looks first: a log line at warning or error level.
    named = re.compile(rf"^(?:ERROR|WARNING) +- .*{re.escape(case.names_file)}", re.MULTILINE)
    assert named.search(build.output), (
        f"{case.name}: no error or warning line names {case.names_file}\n{shown}"
    )
    for pattern in case.says:
        assert re.search(pattern, build.output), (
            f"{case.name}: no {pattern!r} in the output\n{shown}"
        )
