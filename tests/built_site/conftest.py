"""Fixtures that build the site once per test session and share the result."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from built_site.building import ROOT, Build, RunningBuild, copy_project, start_build

# Where the browser tests leave their screenshots (gitignored; CI prints the paths).
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
_SAVED_SCREENSHOTS = pytest.StashKey[list[Path]]()


@dataclass
class _SessionBuilds:
    site: RunningBuild
    twin: RunningBuild | None


@pytest.fixture(scope="session")
def site_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build cache shared by the session's small failure builds."""
    return tmp_path_factory.mktemp("site-cache")


@pytest.fixture(scope="session")
def _session_builds(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[_SessionBuilds]:
    """Start the session's clean build, and its twin if a test compares the two.

    Both start at once from empty caches of their own: side by side they take little more
    wall time than one, and they see the same tree even while authors keep editing it.
    """
    wants_twin = any("twin_site" in item.fixturenames for item in request.session.items)
    builds = _SessionBuilds(
        site=start_build(ROOT, tmp_path_factory.mktemp("site"), tmp_path_factory.mktemp("cache")),
        twin=start_build(ROOT, tmp_path_factory.mktemp("twin"), tmp_path_factory.mktemp("cache"))
        if wants_twin
        else None,
    )
    yield builds
    builds.site.stop()
    if builds.twin is not None:
        builds.twin.stop()


@pytest.fixture(scope="session")
def built_site(_session_builds: _SessionBuilds) -> Build:
    """The whole site, built once from a clean cache with `mkdocs build --strict`."""
    build = _session_builds.site.wait()
    assert build.returncode == 0, f"mkdocs build --strict failed:\n{build.output}"
    return build


@pytest.fixture(scope="session")
def twin_site(_session_builds: _SessionBuilds, built_site: Build) -> Build:
    """A second clean build of the same tree, into another folder with another empty cache."""
    assert _session_builds.twin is not None
    build = _session_builds.twin.wait()
    assert build.returncode == 0, f"the second mkdocs build --strict failed:\n{build.output}"
    return build


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A copy of the project's site sources to break on purpose (node_modules linked)."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def screenshot_folder(request: pytest.FixtureRequest) -> Path:
    """An emptied folder for this session's screenshots; their paths end the pytest report."""
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    request.config.stash[_SAVED_SCREENSHOTS] = []
    return SCREENSHOTS


def record_screenshot(config: pytest.Config, path: Path) -> None:
    config.stash.setdefault(_SAVED_SCREENSHOTS, []).append(path)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    saved = terminalreporter.config.stash.get(_SAVED_SCREENSHOTS, [])
    if saved:
        terminalreporter.section("screenshots of the built site")
        for path in saved:
            terminalreporter.write_line(str(path))
