"""Uncached figures, values and derivations, produced in worker processes.

When a build starts (``on_files``) the hook knows every placement of every page.
What of it is not in the cache becomes jobs for a pool of worker processes, which
run them while MkDocs reads and renders the pages; a page that places an output
waits for the job that makes it. On a 2-core machine a clean build then runs its
figures and SymPy proofs two at a time instead of one after the other.

- The figures and values that the pages place from one figure module form **one
  job** as soon as one of them is not cached (the cached ones are made again too):
  they run in one process, so a helper that the module caches with
  ``functools.cache`` (a trained network, a timing shared by a figure and a
  sentence) is computed once, and a page never shows a figure from one run beside
  a number from another. Each derivation is a job of its own.
- Jobs are submitted longest first, by the durations recorded in earlier builds.
- Workers come from a **fork server** (a fresh interpreter started once per
  process, which has imported NumPy, SymPy and matplotlib; each worker is forked
  from it in milliseconds), or are **spawned** where there is no fork server
  (Windows). Neither forks the build process itself, so both are safe beside the
  threads of ``mkdocs serve`` and the KaTeX pipe. Nothing of ``nnref`` or
  ``derivations`` is imported ahead: each build's workers import them as they are
  now. A worker inherits ``sys.path`` (so those packages come from where the
  build takes them), adds this folder to it to import the glue, and limits BLAS
  to one thread, since the workers already share the cores.
- A job that fails is not reported by the worker: the page that needs its output
  computes it again in the build process, which reports the error exactly as a
  serial build does. A broken pool falls back the same way.
- There is no pool when fewer than two jobs are uncached, when they are expected
  to take less than a few seconds in all (starting workers costs more than it
  saves), on a single core, or with ``NNREF_SITE_WORKERS=1`` (the default is one
  worker per available core). The jobs then run in the build process, each when a
  page first needs one of its outputs: a figure module's outputs still come from
  one run, as in a worker.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import site
import time
from collections.abc import Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger("mkdocs.plugins.nnref")

# A job never timed before is assumed to take this long (seconds).
_UNKNOWN_DURATION = 1.0
# Below this many seconds of expected work in all, a pool costs more than it saves.
_WORTH_A_POOL = 3.0
# What the fork server imports once, so that every worker starts with it.
_PRELOAD = ["numpy", "sympy", "matplotlib", "matplotlib.figure", "matplotlib.backends.backend_agg"]


@dataclass(frozen=True)
class Output:
    """One output a job makes: a ``figure``, a ``value`` or a ``derivation``, and its key."""

    kind: str
    name: str
    key: str


@dataclass(frozen=True)
class Job:
    """Outputs made together in one worker: a figure module's, or one derivation."""

    label: str
    outputs: tuple[Output, ...]
    figures_folder: str


@dataclass(frozen=True)
class JobResult:
    """What a worker made: text by (kind, key), the outputs that failed, the time it took."""

    made: dict[tuple[str, str], str]
    failed: tuple[str, ...]
    seconds: float


def available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def worker_count() -> int:
    """Workers to start: ``NNREF_SITE_WORKERS`` if set, else one per available core."""
    wanted = os.environ.get("NNREF_SITE_WORKERS", "").strip()
    return int(wanted) if wanted.isdigit() else available_cpus()


@dataclass
class ParallelWork:
    """The jobs of one build: in a process pool, or run here when a page needs them."""

    jobs: dict[tuple[str, str], Job] = field(default_factory=dict)
    durations: dict[str, float] = field(default_factory=dict)
    workers: int = 0
    _executor: ProcessPoolExecutor | None = None
    _futures: dict[str, Future[JobResult]] = field(default_factory=dict)
    _done: dict[str, JobResult | None] = field(default_factory=dict)

    @classmethod
    def start(cls, jobs: Iterable[Job], estimates: dict[str, float]) -> ParallelWork:
        """Submit ``jobs`` to a new pool, longest first, or keep them to run here."""
        expected = {job.label: estimates.get(job.label, _UNKNOWN_DURATION) for job in jobs}
        jobs = sorted(jobs, key=lambda job: -expected[job.label])
        work = cls(jobs={(out.kind, out.key): job for job in jobs for out in job.outputs})
        workers = min(worker_count(), len(jobs))
        if workers < 2 or sum(expected.values()) < _WORTH_A_POOL:
            return work
        work.workers = workers
        work._executor = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=_context(),
            initializer=site.addsitedir,
            initargs=(str(Path(__file__).resolve().parent),),
        )
        for job in jobs:
            work._futures[job.label] = work._executor.submit(run_job, job)
        log.info("nnref: %d jobs for %d worker processes", len(jobs), workers)
        return work

    def covers(self, kind: str, key: str) -> bool:
        """Whether this output is made by a job of this build (cached or not)."""
        return (kind, key) in self.jobs

    def result(self, kind: str, key: str) -> str | None:
        """The text a job made for this output (waiting for it, or running it here).

        None if no job makes it, or if it failed: the caller makes it alone, which
        reports the error.
        """
        job = self.jobs.get((kind, key))
        if job is None:
            return None
        if job.label not in self._done:
            self._done[job.label] = self._run(job)
        outcome = self._done[job.label]
        return None if outcome is None else outcome.made.get((kind, key))

    def _run(self, job: Job) -> JobResult | None:
        future = self._futures.pop(job.label, None)
        try:
            outcome = run_job(job, in_worker=False) if future is None else future.result()
        except Exception as error:  # a broken pool: the build process does the work
            log.debug("nnref: job %s failed (%s); working serially", job.label, error)
            return None
        self.durations[job.label] = outcome.seconds
        return outcome

    def close(self) -> None:
        """Stop the pool; jobs nobody waited for (a page removed meanwhile) are dropped."""
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None
        self._futures.clear()
        self.jobs.clear()
        self._done.clear()


def _context() -> multiprocessing.context.BaseContext:
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(_PRELOAD)
    return context


_threads_limited = False


def run_job(job: Job, in_worker: bool = True) -> JobResult:
    """Make a job's outputs (in a worker, or here); an output that fails is left out."""
    if in_worker:
        _limit_blas_threads()
    started = time.perf_counter()
    made: dict[tuple[str, str], str] = {}
    failed: list[str] = []
    for output in job.outputs:
        try:
            made[(output.kind, output.key)] = _make(output, Path(job.figures_folder))
        except Exception:
            failed.append(f"{output.kind} {output.name}")
    return JobResult(made, tuple(failed), time.perf_counter() - started)


def _make(output: Output, figures_folder: Path) -> str:
    if output.kind == "derivation":
        from derivation_pages import verified_json

        return verified_json(output.name)
    from figures import FigureModules, compute_value, render_svg

    producer = FigureModules(figures_folder).producer(output.name)
    if producer.source_key != output.key:
        raise RuntimeError(f"{output.name} changed since the build planned it")
    return render_svg(producer) if output.kind == "figure" else compute_value(producer)


def _limit_blas_threads() -> None:
    """One BLAS thread per worker: the workers already use every core."""
    global _threads_limited
    if _threads_limited:
        return
    _threads_limited = True
    try:
        import numpy  # noqa: F401 - loads the BLAS that threadpoolctl limits
        from threadpoolctl import threadpool_limits
    except ImportError:
        return
    threadpool_limits(limits=1)
