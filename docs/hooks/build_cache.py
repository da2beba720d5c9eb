"""Caches of the site build, keyed by a digest of everything an output depends on.

A figure or a derivation is rebuilt only when its own source, or the source of a
module of ``nnref`` or ``derivations`` it imports (directly or through other
modules of those packages), changes: :func:`source_digest` follows the imports.
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

# Packages whose source is part of a cache key when a module imports them.
TRACKED_PACKAGES = ("nnref", "derivations")


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
    return digest(*(f"{file.name}\n{file.read_text(encoding='utf-8')}" for file in files))


def package_digest(package: str) -> str:
    """Digest of every module of an importable package (e.g. all of nnref)."""
    init = _module_file(package)
    if init is None:
        raise ModuleNotFoundError(f"cannot find the package {package!r}")
    files = sorted(init.parent.rglob("*.py"))
    return digest(
        *(f"{f.relative_to(init.parent)}\n{f.read_text(encoding='utf-8')}" for f in files)
    )


def _dependencies(path: Path) -> frozenset[Path]:
    """Tracked module files ``path`` imports, followed transitively."""
    seen: set[Path] = set()
    pending = [path]
    while pending:
        for found in _direct_imports(pending.pop()):
            if found not in seen:
                seen.add(found)
                pending.append(found)
    seen.discard(path)
    return frozenset(seen)


@cache
def _module_file(module: str) -> Path | None:
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return None
    if spec is None or spec.origin is None or not spec.origin.endswith(".py"):
        return None
    return Path(spec.origin).resolve()


def _direct_imports(path: Path) -> set[Path]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    modules: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module)
            # `from nnref import model` imports the submodule nnref.model
            modules.update(f"{node.module}.{alias.name}" for alias in node.names)
    files: set[Path] = set()
    for module in modules:
        if module.split(".")[0] not in TRACKED_PACKAGES:
            continue
        parts = module.split(".")
        # `import nnref.model` also runs nnref/__init__.py
        for depth in range(1, len(parts) + 1):
            file = _module_file(".".join(parts[:depth]))
            if file is not None:
                files.add(file)
    return files


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

    def put(self, key: str, value: str) -> None:
        write_atomically(self._path(key), value)


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` so a reader never sees half a file (parallel builds share caches)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(text)
    os.replace(temporary, path)
