"""Printing a benchmark's figures as a table, and keeping them as JSON."""

from __future__ import annotations

import json
import os
import platform
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench-results"


@dataclass
class Table:
    """Rows of (figure, value, note); printed aligned, with notes below the title."""

    title: str
    columns: tuple[str, ...] = ("figure", "value", "note")
    rows: list[tuple[str, ...]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, *cells: str) -> None:
        padded = (*cells, *[""] * (len(self.columns) - len(cells)))
        self.rows.append(tuple(padded))

    def render(self) -> str:
        widths = [
            max(len(row[i]) for row in [self.columns, *self.rows]) for i in range(len(self.columns))
        ]
        line = "  ".join("-" * width for width in widths)
        out = [self.title, "=" * len(self.title)]
        out += [f"  {note}" for note in self.notes]
        out += ["", "  ".join(c.ljust(w) for c, w in zip(self.columns, widths, strict=True))]
        out.append(line)
        for row in self.rows:
            out.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
        return "\n".join(out)


_has_load = hasattr(os, "getloadavg")


def environment() -> dict[str, Any]:
    """What the figures depend on: machine, Python, NumPy and its BLAS and threads."""
    import numpy as np
    from threadpoolctl import threadpool_info

    blas = [
        {key: info.get(key) for key in ("internal_api", "version", "architecture", "num_threads")}
        for info in threadpool_info()
    ]
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return {
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpus": cpus,
        "load_average": [round(x, 2) for x in os.getloadavg()]
        if hasattr(os, "getloadavg")
        else None,
        "numpy": np.__version__,
        "blas": blas,
        "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE"),
        "OPENBLAS_NUM_THREADS": os.environ.get("OPENBLAS_NUM_THREADS"),
        "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS"),
    }


def describe_environment(env: dict[str, Any]) -> str:
    blas = ", ".join(
        f"{b['internal_api']} {b['version']} ({b['architecture']}, {b['num_threads']} threads)"
        for b in env["blas"]
    )
    load = env["load_average"]
    lines = [
        f"Python {env['python']}, NumPy {env['numpy']}, BLAS: {blas or 'not loaded'}",
        f"{env['cpus']} CPUs ({env['processor']}), load average {load}",
    ]
    if env["OPENBLAS_CORETYPE"]:
        lines.append(f"OPENBLAS_CORETYPE={env['OPENBLAS_CORETYPE']} (forces an OpenBLAS kernel)")
    return "\n".join(lines)


def save(name: str, figures: dict[str, Any], env: dict[str, Any]) -> Path:
    """Write ``bench-results/<name>.json``: the figures and the environment they came from."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(
        json.dumps({"benchmark": name, "environment": env, "figures": figures}, indent=2) + "\n",
        encoding="utf-8",
    )
    return path
