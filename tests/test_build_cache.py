"""The build cache's keys: an edit of a module redoes exactly the outputs that use it.

`build_cache.source_digest` keys every figure, value and derivation of the site by
its own source and the sources of the nnref/derivations modules it uses. These
tests edit modules and check which digests change: first on a small package written
to a temporary folder (shaped like nnref: an ``__init__`` that imports every module,
a model that uses the activations, a logistic module that uses the model), then on
the real figure modules and nnref itself.
"""

from __future__ import annotations

import importlib.util
import inspect
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
HOOKS = ROOT / "docs" / "hooks"
if str(HOOKS) not in sys.path:
    sys.path.insert(0, str(HOOKS))

import build_cache  # noqa: E402 - the glue is imported by path, like MkDocs does

_PACKAGE = {
    "__init__.py": "from fakeref import activations, data, logistic, model\n",
    "activations.py": "def relu(z):\n    return max(z, 0.0)\n",
    "model.py": "from fakeref.activations import relu\n\n\ndef forward(x):\n    return relu(x)\n",
    "logistic.py": "from fakeref import model\n\n\ndef fit(x):\n    return model.forward(x)\n",
    "data.py": "def moons():\n    return [0.0, 1.0]\n",
}

_FIGURES = {
    "uses_model": "from fakeref.model import forward\n",
    "uses_logistic": "from fakeref import logistic\n",
    "uses_activations": "from fakeref.activations import relu\n",
    "uses_data": "from fakeref import data\n",
    "uses_package": "import fakeref\n",
    "uses_nothing": "import math\n",
}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A package ``fakeref`` tracked like nnref, and figure modules that use parts of it."""
    package = tmp_path / "fakeref"
    package.mkdir()
    for name, text in _PACKAGE.items():
        (package / name).write_text(text, encoding="utf-8")
    figures = tmp_path / "figures"
    figures.mkdir()
    for name, text in _FIGURES.items():
        (figures / f"{name}.py").write_text(f'"""Figures."""\n\n{text}', encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(build_cache, "TRACKED_PACKAGES", ("fakeref",))
    build_cache.forget_module_locations()
    yield tmp_path
    build_cache.forget_module_locations()
    for name in [name for name in sys.modules if name.split(".")[0] == "fakeref"]:
        del sys.modules[name]


def _digests(folder: Path) -> dict[str, str]:
    return {path.stem: build_cache.source_digest(path) for path in sorted(folder.glob("*.py"))}


def _changed_by(project: Path, edited: str) -> set[str]:
    """The figure modules whose digest changes when ``edited`` (a file of the project) does."""
    before = _digests(project / "figures")
    path = project / edited
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    after = _digests(project / "figures")
    return {name for name in before if before[name] != after[name]}


@pytest.mark.parametrize(
    ("edited", "redone"),
    [
        # Used directly, through fakeref.logistic, or through the package namespace.
        ("fakeref/model.py", {"uses_model", "uses_logistic", "uses_package"}),
        # The model uses the activations, so whatever uses the model is redone too.
        (
            "fakeref/activations.py",
            {"uses_model", "uses_logistic", "uses_activations", "uses_package"},
        ),
        ("fakeref/data.py", {"uses_data", "uses_package"}),
        ("fakeref/logistic.py", {"uses_logistic", "uses_package"}),
        # __init__.py runs on every import of the package.
        ("fakeref/__init__.py", set(_FIGURES) - {"uses_nothing"}),
        ("figures/uses_data.py", {"uses_data"}),
    ],
)
def test_an_edit_redoes_exactly_the_figures_that_use_the_module(
    project: Path, edited: str, redone: set[str]
) -> None:
    assert _changed_by(project, edited) == redone


def test_two_quick_edits_of_the_same_length_both_count(project: Path) -> None:
    # Parsed imports are reused while a file's text is unchanged: the text is
    # compared, not the file's times, which two writes in a row can share.
    module = project / "fakeref" / "model.py"
    figure = project / "figures" / "uses_model.py"
    first = build_cache.source_digest(figure)
    module.write_text(_PACKAGE["model.py"].replace("relu(x)", "relu(y)"), encoding="utf-8")
    second = build_cache.source_digest(figure)
    module.write_text(_PACKAGE["model.py"].replace("relu(x)", "relu(z)"), encoding="utf-8")
    third = build_cache.source_digest(figure)
    assert len({first, second, third}) == 3


def test_a_new_import_is_followed(project: Path) -> None:
    figure = project / "figures" / "uses_nothing.py"
    before = _changed_by(project, "fakeref/data.py")
    assert "uses_nothing" not in before
    figure.write_text(figure.read_text(encoding="utf-8") + "from fakeref.data import moons\n")
    assert "uses_nothing" in _changed_by(project, "fakeref/data.py")


def test_a_notebook_is_keyed_by_the_modules_its_cells_use(project: Path) -> None:
    notebook = project / "notebook.ipynb"
    cells = [
        {"cell_type": "markdown", "source": ["from fakeref import data  (prose, not code)"]},
        {"cell_type": "code", "source": ["%matplotlib inline\n", "from fakeref import logistic\n"]},
    ]
    notebook.write_text(json.dumps({"cells": cells}), encoding="utf-8")
    keys = []
    for edited in ("fakeref/data.py", "fakeref/activations.py"):
        before = build_cache.notebook_digest(notebook)
        path = project / edited
        path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
        keys.append(build_cache.notebook_digest(notebook) != before)
    assert keys == [False, True]  # data is not used; activations is, through model


# The real figure modules and nnref.


def _reachable_nnref_files(module: ModuleType) -> set[Path]:
    """The nnref modules whose objects ``module`` can reach by name, found at run time.

    An independent witness for the static reading of imports: it follows the module
    objects and the functions and classes a module holds, by their ``__module__``.
    """
    found: set[Path] = set()
    pending = [module]
    while pending:
        current = pending.pop()
        for value in vars(current).values():
            owner = (
                value
                if inspect.ismodule(value)
                else sys.modules.get(getattr(value, "__module__", None) or "")
            )
            name = getattr(owner, "__name__", "")
            if owner is None or name.split(".")[0] != "nnref" or not owner.__file__:
                continue
            file = Path(owner.__file__).resolve()
            if file not in found:
                found.add(file)
                pending.append(owner)
    return found


def _load_figure_module(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"test_build_cache_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it runs
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


_FIGURE_MODULES = sorted((ROOT / "docs" / "figures").glob("[a-z]*.py"))
_MODEL = (ROOT / "nnref" / "model.py").resolve()


@pytest.mark.parametrize("path", _FIGURE_MODULES, ids=[p.stem for p in _FIGURE_MODULES])
def test_every_nnref_module_a_figure_reaches_is_part_of_its_key(path: Path) -> None:
    build_cache.forget_module_locations()
    reachable = _reachable_nnref_files(_load_figure_module(path))
    used = build_cache._dependencies(path.resolve())
    missing = sorted(str(file.relative_to(ROOT)) for file in reachable - used)
    assert not missing, f"{path.name} uses {missing} at run time, but its cache key ignores them"


def test_an_edit_of_nnref_model_redoes_the_real_figures_that_use_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    build_cache.forget_module_locations()
    before = {path.stem: build_cache.source_digest(path) for path in _FIGURE_MODULES}
    read = build_cache._read

    def edited(path: Path) -> build_cache._Source:
        source = read(path)
        return source._replace(text=source.text + "\n# edited\n") if path == _MODEL else source

    monkeypatch.setattr(build_cache, "_read", edited)
    after = {path.stem: build_cache.source_digest(path) for path in _FIGURE_MODULES}
    redone = {name for name in before if before[name] != after[name]}
    users = {
        path.stem for path in _FIGURE_MODULES if _MODEL in build_cache._dependencies(path.resolve())
    }
    reach_model = {
        path.stem
        for path in _FIGURE_MODULES
        if _MODEL in _reachable_nnref_files(_load_figure_module(path))
    }
    assert redone == users
    assert reach_model <= redone, "a figure that runs nnref.model kept its cached output"


def test_nnref_own_imports_are_followed() -> None:
    build_cache.forget_module_locations()
    logistic = build_cache._dependencies((ROOT / "nnref" / "logistic.py").resolve())
    activations = build_cache._dependencies((ROOT / "nnref" / "activations.py").resolve())
    assert _MODEL in logistic  # nnref.logistic fits with nnref.model.train
    assert _MODEL not in activations
    assert (ROOT / "nnref" / "__init__.py").resolve() in activations


def test_the_parts_of_a_digest_do_not_run_together() -> None:
    assert build_cache.digest("ab", "c") != build_cache.digest("a", "bc")


def test_executed_code_is_keyed_by_the_modules_it_imports(project: Path) -> None:
    # markdown-exec blocks are cached under this digest (docs/hooks/executed_code.py).
    code = "from fakeref.model import forward\nprint(forward(1.0))\n"
    before = build_cache.code_digest(code)
    _changed_by(project, "fakeref/data.py")
    assert build_cache.code_digest(code) == before  # not imported by the block
    _changed_by(project, "fakeref/activations.py")
    assert build_cache.code_digest(code) != before  # used by the model the block imports
    assert build_cache.code_digest("this is not Python (") == build_cache.code_digest("")
