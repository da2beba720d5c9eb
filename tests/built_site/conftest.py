"""Fixtures that build the site once per test session and share the result."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from built_site.building import ROOT, Build, run_build


@pytest.fixture(scope="session")
def site_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build cache shared by this session's builds (the first build starts it empty)."""
    return tmp_path_factory.mktemp("site-cache")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory, site_cache: Path) -> Build:
    """The whole site, built once from a clean cache with `mkdocs build --strict`."""
    build = run_build(ROOT, tmp_path_factory.mktemp("site"), site_cache)
    assert build.returncode == 0, f"mkdocs build --strict failed:\n{build.output}"
    return build


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A copy of the project's site sources to break on purpose (node_modules linked)."""
    copy = tmp_path / "project"
    copy.mkdir()
    for name in ("docs", "derivations", "nnref"):
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "mkdocs.yml", copy / "mkdocs.yml")
    (copy / "node_modules").symlink_to(ROOT / "node_modules")
    return copy
