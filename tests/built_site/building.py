"""Running `mkdocs build` for the tests, and what a build leaves behind."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


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


def run_build(
    project: Path,
    site: Path,
    cache: Path,
    extra_env: dict[str, str] | None = None,
) -> Build:
    """Run `mkdocs build --strict` for ``project`` into ``site`` with its own cache folder."""
    env = {
        **os.environ,
        "NNREF_SITE_CACHE": str(cache),
        "NO_MKDOCS_2_WARNING": "1",
        **(extra_env or {}),
    }
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    completed = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return Build(site, completed.returncode, completed.stdout + completed.stderr)
