"""Benchmarks of nnref: how fast the site builds, and how fast the reference code runs.

Run them from the root of the repository with the project's environment::

    python -m benchmarks                 # all of them (the build benchmark takes minutes)
    python -m benchmarks build           # clean build, no-change rebuild, serve reload
    python -m benchmarks vectorization   # loops against NumPy
    python -m benchmarks training        # one training step: throughput, GEMM share, PyTorch
    python -m benchmarks memory          # peak memory of that step against what it must hold

Each benchmark prints a table and writes its figures as JSON to ``bench-results/``.
Nothing here asserts a time: the figures are for reading, the tests check behaviour.
"""
