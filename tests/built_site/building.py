"""Running `mkdocs build` for the tests, and what a build leaves behind."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUILD_TIMEOUT = 600  # seconds


@dataclass(frozen=True)
class Build:
    """A finished `mkdocs build`: where it went and what it printed."""

    site: Path
    returncode: int
    output: str

    def page(self, relative: str) -> str:
        return (self.site / relative).read_text(encoding="utf-8")

    def pages(self) -> list[Path]:
        return sorted(self.site.rglob("*.html"))


class RunningBuild:
    """`mkdocs build --strict` started in the background; :meth:`wait` gives the :class:`Build`.

    Two clean builds can then run side by side (the session's site and the reproducibility
    twin), so the second costs little wall time on a machine with more than one core.
    """

    def __init__(self, project: Path, site: Path, cache: Path, env: dict[str, str]) -> None:
        self.site = site
        # A file, not a pipe: nobody reads the output until the build ends.
        self._log = tempfile.TemporaryFile(mode="w+", encoding="utf-8")  # noqa: SIM115 - wait() closes it
        self._process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
            cwd=project,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self._build: Build | None = None

    def wait(self) -> Build:
        if self._build is None:
            try:
                returncode = self._process.wait(timeout=BUILD_TIMEOUT)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
                returncode = -1
            self._log.seek(0)
            output = self._log.read()
            self._log.close()
            if returncode == -1:
                output += f"\n(the build was stopped after {BUILD_TIMEOUT} s)"
            self._build = Build(self.site, returncode, output)
        return self._build

    def stop(self) -> None:
        """Stop a build nobody waited for (the session ends early)."""
        if self._build is None and self._process.poll() is None:
            self._process.kill()
        self.wait()


def build_environment(cache: Path, extra_env: dict[str, str] | None = None) -> dict[str, str]:
    env = {
        **os.environ,
        "NNREF_SITE_CACHE": str(cache),
        "NO_MKDOCS_2_WARNING": "1",
        **(extra_env or {}),
    }
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return env


def start_build(
    project: Path,
    site: Path,
    cache: Path,
    extra_env: dict[str, str] | None = None,
) -> RunningBuild:
    """Start `mkdocs build --strict` for ``project`` into ``site`` with its own cache folder."""
    return RunningBuild(project, site, cache, build_environment(cache, extra_env))


def run_build(
    project: Path,
    site: Path,
    cache: Path,
    extra_env: dict[str, str] | None = None,
) -> Build:
    """Run `mkdocs build --strict` for ``project`` into ``site`` with its own cache folder."""
    return start_build(project, site, cache, extra_env).wait()
