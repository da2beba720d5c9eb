"""``python -m benchmarks [build] [vectorization] [training] [memory]``: run and print them."""

from __future__ import annotations

import argparse
import importlib
import sys
import time

from benchmarks.report import describe_environment, environment, save

BENCHMARKS = {
    "vectorization": "loops against NumPy: logistic gradients (m=10^5, n_x=100), dot of 10^6",
    "training": "one step of a 784-256-128-10 network at batch 256: throughput, GEMM share",
    "memory": "peak memory of that step (tracemalloc) against what it must hold",
    "build": "clean build, no-change rebuild, reload under mkdocs serve (takes minutes)",
}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="nnref's benchmarks. Each prints a table and writes bench-results/<name>.json.",
        epilog="\n".join(f"  {name:14} {what}" for name, what in BENCHMARKS.items()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "names",
        nargs="*",
        metavar="name",
        help="benchmarks to run (default: all, the build last): " + ", ".join(BENCHMARKS),
    )
    parser.add_argument("--no-json", action="store_true", help="do not write bench-results/")
    parser.add_argument(
        "--page",
        default="notation.md",
        help="build: the page (under docs/) whose prose is edited under mkdocs serve",
    )
    parser.add_argument(
        "--reloads", type=int, default=3, help="build: prose edits timed under mkdocs serve"
    )
    args = parser.parse_args(argv)
    unknown = [name for name in args.names if name not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
    names = args.names or list(BENCHMARKS)

    env = environment()
    print(describe_environment(env), end="\n\n", flush=True)
    for name in names:
        module = importlib.import_module(f"benchmarks.{name}")
        started = time.perf_counter()
        figures, table = module.run(args)
        table.notes.append(f"measured in {time.perf_counter() - started:.0f} s")
        print(table.render(), end="\n\n", flush=True)
        if not args.no_json:
            path = save(name, figures, environment())
            print(f"(written to {path.relative_to(path.parents[1])})\n", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
