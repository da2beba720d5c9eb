"""Caches of the site build, keyed by a digest of everything an output depends on.

A figure or a derivation is rebuilt only when its own source, or the source of a
module of ``nnref``, ``derivations`` or ``benchmarks`` that it uses, changes:
:func:`source_digest` follows the imports of those packages, transitively, by
reading the source (nothing is imported). What a module *uses* is what its import statements bind:

- ``from nnref.model import forward`` and ``from nnref import model`` use
  ``nnref/model.py`` and whatever it uses in turn (``nnref/losses.py``,
  ``nnref/activations.py``...);
- the package's ``__init__.py`` runs on the way, so its text is part of the digest,
  but the submodules it imports are not followed from there: ``nnref/__init__.py``
  imports every module of nnref, and following it would make every figure depend
  on all of nnref. Only a name taken from the package namespace itself
  (``import nnref``, ``from nnref import some_function``) follows ``__init__.py``'s
  imports, since the name may come from any of them.

So an edit of ``nnref/model.py`` redraws the figures whose modules use the model
(directly, or through ``nnref.logistic`` which uses it), and not the figures that
only use ``nnref.activations``.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import json
import os
import tempfile
from functools import cache
from pathlib import Path
from typing import NamedTuple

# Packages whose source is part of a cache key when a module imports them (the
# Performance page times a training step with the benchmarks' own code).
TRACKED_PACKAGES = ("nnref", "derivations", "benchmarks")


def digest(*parts: str) -> str:
    """A short stable hex digest of the parts, in order."""
    hasher = hashlib.sha256()
    for part in parts:
        encoded = part.encode("utf-8")
        hasher.update(len(encoded).to_bytes(8, "little"))
        hasher.update(encoded)
    return hasher.hexdigest()[:32]


def source_digest(path: Path) -> str:
    """Digest of a source file and of every tracked module it depends on."""
    files = sorted(_dependencies(path.resolve()) | {path.resolve()})
    return digest(*(f"{file.name}\n{_read(file).text}" for file in files))


def package_digest(package: str) -> str:
    """Digest of every module of an importable package (e.g. all of nnref)."""
    init = _module_file(package)
    if init is None:
        raise ModuleNotFoundError(f"cannot find the package {package!r}")
    files = sorted(init.parent.rglob("*.py"))
    return digest(
        *(f"{f.relative_to(init.parent)}\n{f.read_text(encoding='utf-8')}" for f in files)
    )


def code_digest(code: str) -> str:
    """Digest of the tracked modules that a piece of code imports (not of the code).

    Code that does not parse gives the digest of nothing: running it will say why.
    """
    try:
        imports = _tracked_imports(code, Path("<code>"))
    except SyntaxError:
        imports = ()
    files = sorted(_closure(imports))
    return digest(*(f"{file.name}\n{_read(file).text}" for file in files))


def notebook_digest(path: Path) -> str:
    """Digest of the tracked modules that a notebook's code cells use (not of the notebook).

    mkdocs-jupyter keys an executed notebook by the notebook itself; this digest names
    the folder of its cache, so that an edit of a module the notebook uses executes it
    again, and an edit of any other module does not.
    """
    imports: list[_Import] = []
    for cell in json.loads(path.read_text(encoding="utf-8")).get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        # IPython magics and shell escapes are not Python.
        python = "\n".join(
            line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))
        )
        try:
            imports += _tracked_imports(python, path)
        except SyntaxError:
            continue  # the kernel reports it when the notebook runs
    files = sorted(_closure(tuple(imports)))
    return digest(*(f"{file.name}\n{_read(file).text}" for file in files))


def _dependencies(path: Path) -> frozenset[Path]:
    """Tracked module files that ``path`` uses, followed transitively (see the module doc)."""
    return frozenset(_closure(_read(path).imports) - {path})


def _closure(imports: tuple[_Import, ...]) -> set[Path]:
    """The files these imports use, and the files those use in turn."""
    follow, used = _resolve(imports)
    used |= follow
    followed: set[Path] = set()
    pending = list(follow)
    while pending:
        file = pending.pop()
        if file in followed:
            continue
        followed.add(file)
        more, text_only = _resolve(_read(file).imports)
        used |= more | text_only
        pending.extend(more - followed)
    return used


# An import statement, as (module, names): ("nnref.model", ()) for `import nnref.model`,
# ("nnref", ("model", "data")) for `from nnref import model, data`.
_Import = tuple[str, tuple[str, ...]]


class _Source(NamedTuple):
    """A source file as last read: its text and its imports of tracked packages."""

    text: str
    imports: tuple[_Import, ...]


_sources: dict[Path, _Source] = {}


def _read(path: Path) -> _Source:
    """A source file's text and imports; parsed again only when its text changed.

    Parsing is the slow part of a digest (a figure module and the nnref modules it
    imports take a tenth of a second), and every placement of every build asks for
    one. Reading is cheap, and comparing the text (not the file's times, which can
    stay equal across two quick edits) is what makes reuse safe.
    """
    text = path.read_text(encoding="utf-8")
    known = _sources.get(path)
    if known is not None and known.text == text:
        return known
    source = _Source(text, _tracked_imports(text, path))
    _sources[path] = source
    return source


def _tracked_imports(text: str, path: Path) -> tuple[_Import, ...]:
    tree = ast.parse(text, filename=str(path))
    found: list[_Import] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, ()) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, tuple(alias.name for alias in node.names)))
    return tuple(
        (module, names) for module, names in found if module.split(".")[0] in TRACKED_PACKAGES
    )


def _resolve(imports: tuple[_Import, ...]) -> tuple[set[Path], set[Path]]:
    """Files to follow (their imports count too) and files whose text alone counts."""
    follow: set[Path] = set()
    text_only: set[Path] = set()
    for module, names in imports:
        parts = module.split(".")
        # `import a.b.c` and `from a.b.c import x` run a/__init__.py and a/b/__init__.py.
        parents = {".".join(parts[:depth]) for depth in range(1, len(parts))}
        if not names:
            # `import nnref.model` binds `nnref`: the whole package namespace is in reach.
            follow |= _files(parents | {module})
            continue
        text_only |= _files(parents)
        submodules = {f"{module}.{name}" for name in names}
        found = {name for name in submodules if _module_file(name) is not None}
        follow |= _files(found)
        if found == submodules:
            text_only |= _files({module})  # `from nnref import model`: only runs __init__
        else:
            follow |= _files({module})  # a name defined in (or re-exported by) the module
    return follow, text_only - follow


def _files(modules: set[str]) -> set[Path]:
    return {file for module in modules if (file := _module_file(module)) is not None}


def forget_module_locations() -> None:
    """Look modules up again: one may have been added since (under ``mkdocs serve``)."""
    _module_file.cache_clear()


@cache
def _module_file(module: str) -> Path | None:
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return None
    if spec is None or spec.origin is None or not spec.origin.endswith(".py"):
        return None
    return Path(spec.origin).resolve()


class JsonCache:
    """A dict of strings persisted as one JSON file; written only when it changed."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._entries: dict[str, str] = {}
        self._dirty = False
        if path.exists():
            try:
                self._entries = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError):
                self._entries = {}

    def get(self, key: str) -> str | None:
        return self._entries.get(key)

    def has(self, key: str) -> bool:
        return key in self._entries

    def put(self, key: str, value: str) -> None:
        self._entries[key] = value
        self._dirty = True

    def save(self) -> None:
        if not self._dirty:
            return
        write_atomically(self._path, json.dumps(self._entries, sort_keys=True))
        self._dirty = False


class FileCache:
    """One file per entry in a folder: for large values such as SVG figures."""

    def __init__(self, folder: Path, suffix: str) -> None:
        self._folder = folder
        self._suffix = suffix

    def _path(self, key: str) -> Path:
        return self._folder / f"{key}{self._suffix}"

    def get(self, key: str) -> str | None:
        path = self._path(key)
        return path.read_text(encoding="utf-8") if path.exists() else None

    def has(self, key: str) -> bool:
        return self._path(key).exists()

    def put(self, key: str, value: str) -> None:
        write_atomically(self._path(key), value)


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` so a reader never sees half a file (parallel builds share caches)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(text)
    os.replace(temporary, path)
