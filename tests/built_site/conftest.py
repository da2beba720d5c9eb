"""Fixtures that build the site once per test session and share the result."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from benchmarks.build import copy_project
from built_site.building import ROOT, Build, RunningBuild, start_build

# Where the browser tests leave their screenshots (gitignored; CI prints the paths).
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
_SAVED_SCREENSHOTS = pytest.StashKey[list[Path]]()


@dataclass
class _SessionBuilds:
    site: RunningBuild
    site_cache: Path
    twin: RunningBuild | None  # a second clean build, for the reproducibility test
    wants_warm: bool  # a build reusing the first one's cache, for the same test
    warm: RunningBuild | None = None

    def stop(self) -> None:
        for build in (self.site, self.twin, self.warm):
            if build is not None:
                build.stop()


@pytest.fixture(scope="session")
def site_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build cache shared by the session's small failure builds."""
    return tmp_path_factory.mktemp("site-cache")


def _wanted(request: pytest.FixtureRequest, fixture: str) -> bool:
    return any(fixture in getattr(item, "fixturenames", ()) for item in request.session.items)


@pytest.fixture(scope="session")
def _session_builds(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[_SessionBuilds]:
    """Start the session's clean build, and its twin if a test compares the two.

    Both start at once from empty caches of their own: side by side they take little more
    wall time than one, and they see the same tree even while authors keep editing it.
    """
    cache = tmp_path_factory.mktemp("cache")
    builds = _SessionBuilds(
        site=start_build(ROOT, tmp_path_factory.mktemp("site"), cache),
        site_cache=cache,
        twin=start_build(ROOT, tmp_path_factory.mktemp("twin"), tmp_path_factory.mktemp("cache"))
        if _wanted(request, "twin_site")
        else None,
        wants_warm=_wanted(request, "warm_site"),
    )
    yield builds
    builds.stop()


@pytest.fixture(scope="session")
def built_site(_session_builds: _SessionBuilds, tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The whole site, built once from a clean cache with `mkdocs build --strict`."""
    build = _succeeded(_session_builds.site, "build of the whole site")
    if _session_builds.wants_warm and _session_builds.warm is None:
        # In the background, while the browser tests read this build.
        _session_builds.warm = start_build(
            ROOT, tmp_path_factory.mktemp("warm"), _session_builds.site_cache
        )
    return build


def _succeeded(running: RunningBuild | None, what: str) -> Build:
    assert running is not None, f"the {what} was not started"
    build = running.wait()
    if build.returncode != 0:
        # Every test of the session repeats this message: the lines that matter, and where
        # the whole output is.
        log = build.site.with_name(f"{build.site.name}-build.log")
        log.write_text(build.output, encoding="utf-8")
        pytest.fail(
            f"the {what} (mkdocs build --strict) failed; its whole output is in {log}:\n"
            + "\n".join(_problem_lines(build.output)),
            pytrace=False,
        )
    return build


def _problem_lines(output: str) -> list[str]:
    """MkDocs' warnings and errors with the lines that continue them, and the last line."""
    lines = output.splitlines()
    kept: list[str] = []
    keeping = False
    for line in lines:
        if line.startswith(("WARNING", "ERROR", "Error", "Aborted")):
            keeping = True
        elif line.startswith(("INFO", "DEBUG", "[")):  # the next log line, or a kernel's
            keeping = False
        if keeping:
            kept.append(line)
    tail = lines[-1:] if lines and (not kept or lines[-1] != kept[-1]) else []
    return kept[:60] + tail


@pytest.fixture(scope="session")
def twin_site(_session_builds: _SessionBuilds, built_site: Build) -> Build:
    """A second clean build of the same tree, into another folder with another empty cache."""
    return _succeeded(_session_builds.twin, "second clean build")


@pytest.fixture(scope="session")
def warm_site(_session_builds: _SessionBuilds, built_site: Build) -> Build:
    """A build of the same tree that reuses every cached result of the first one."""
    return _succeeded(_session_builds.warm, "build from the first build's cache")


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
