"""One training step of a 784-256-128-10 network (ReLU, softmax) at batch 256.

The step is forward, backward and update, timed three ways for float32 and float64:

- **train loop**: what `nnref.model.train` runs for each mini-batch once it has
  checked its inputs (``_forward``, ``_backward``, ``_update_in_place``);
- **public API**: `nnref.model.forward`, `backward` and `update`, each checking
  its inputs (finite, shapes) as a user calling them step by step pays for;
- **GEMM only**: the matrix products the step needs, alone, on the same arrays:
  three forward ($W^{[l]} A^{[l-1]}$) and five backward ($dZ^{[l]} A^{[l-1]\\top}$
  for every layer, $W^{[l]\\top} dZ^{[l]}$ for layers 3 and 2). It is the lower
  bound of the step; the GEMM share is its time over the step's.

No parameter needs $dA^{[0]} = W^{[1]\\top} dZ^{[1]}$, the gradient of the inputs, so
neither nnref's step nor the GEMM-only time includes that product.

When PyTorch is installed (``pip install torch==2.13.0``, the ``bench`` extra), the
same network's step runs in PyTorch on the CPU, with examples as rows as PyTorch
expects, cross-entropy on the logits and a plain SGD update; the ratio is nnref's
time over PyTorch's.

Each figure is the median of repeats taken in turns with the others (see
`benchmarks.timing.measure_together`). Throughput is examples per second: 256 over
the step's time.
"""

from __future__ import annotations

import argparse
import functools
import itertools
from collections.abc import Callable
from typing import Any

import numpy as np

from benchmarks.report import Table
from benchmarks.timing import format_seconds, measure, measure_together
from nnref import model
from nnref.init import initialize

LAYER_DIMS = (784, 256, 128, 10)
BATCH = 256
LEARNING_RATE = 0.01
HIDDEN, OUTPUT, LOSS = "relu", "softmax", "categorical_cross_entropy"
GEMM_TARGET = 0.8


def batch(dtype: type[np.floating[Any]], seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """A batch of random inputs and one-hot labels, examples as columns."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((LAYER_DIMS[0], BATCH)).astype(dtype)
    Y = np.zeros((LAYER_DIMS[-1], BATCH), dtype=dtype)
    Y[rng.integers(0, LAYER_DIMS[-1], BATCH), np.arange(BATCH)] = 1
    return X, Y


def parameters(dtype: type[np.floating[Any]]) -> dict[str, np.ndarray]:
    return initialize(list(LAYER_DIMS), "he", 0, dtype=dtype)


def train_loop_step(X: np.ndarray, Y: np.ndarray, params: dict[str, np.ndarray]) -> object:
    """One step as `nnref.model.train` runs it for a mini-batch: it owns its parameters
    and updates them in place."""
    AL, caches = model._forward(X, params, HIDDEN, OUTPUT)
    grads = model._backward(AL, Y, caches, LOSS)
    model._update_in_place(params, grads, LEARNING_RATE)
    return params


def public_step(X: np.ndarray, Y: np.ndarray, params: dict[str, np.ndarray]) -> object:
    """One step with the public functions, each checking its inputs."""
    AL, caches = model.forward(X, params, HIDDEN, OUTPUT)
    grads = model.backward(AL, Y, caches, LOSS)
    return model.update(params, grads, LEARNING_RATE)


def gemm_only(X: np.ndarray, Y: np.ndarray, params: dict[str, np.ndarray]) -> Callable[[], object]:
    """The matrix products of a step alone, on the arrays of that step."""
    AL, caches = model._forward(X, params, HIDDEN, OUTPUT)
    A1, A2 = caches[1].A_prev, caches[2].A_prev
    W1, W2, W3 = params["W1"], params["W2"], params["W3"]
    dZ3 = AL - Y
    dZ2 = np.ones((LAYER_DIMS[2], BATCH), dtype=X.dtype)
    dZ1 = np.ones((LAYER_DIMS[1], BATCH), dtype=X.dtype)

    def products() -> object:
        W1 @ X, W2 @ A1, W3 @ A2  # forward
        dZ3 @ A2.T, W3.T @ dZ3  # backward, layer 3
        dZ2 @ A1.T, W2.T @ dZ2  # layer 2
        return dZ1 @ X.T  # layer 1: dW1 only

    return products


def page_faults(step: Callable[[], object], steps: int = 20) -> float:
    """Minor page faults per call of ``step``: memory the system maps anew for its arrays."""
    try:
        import resource
    except ImportError:  # not on Unix
        return float("nan")
    step()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(steps):
        step()
    return (resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before) / steps


def _torch_step(dtype: type[np.floating[Any]]) -> tuple[Callable[[], object], dict[str, Any]]:
    import torch

    torch.manual_seed(0)
    torch_dtype = torch.float32 if dtype == np.float32 else torch.float64
    layers: list[torch.nn.Module] = []
    for n_in, n_out in itertools.pairwise(LAYER_DIMS):
        layers += [torch.nn.Linear(n_in, n_out), torch.nn.ReLU()]
    net = torch.nn.Sequential(*layers[:-1]).to(torch_dtype)
    X, Y = batch(dtype)
    x = torch.from_numpy(np.ascontiguousarray(X.T))
    y = torch.from_numpy(Y.argmax(axis=0))
    loss_function = torch.nn.CrossEntropyLoss()
    parameters = list(net.parameters())

    def step() -> object:
        for parameter in parameters:
            parameter.grad = None
        loss = loss_function(net(x), y)
        loss.backward()
        with torch.no_grad():
            for parameter in parameters:
                parameter.sub_(LEARNING_RATE * parameter.grad)
        return loss

    return step, {"torch": torch.__version__, "threads": torch.get_num_threads()}


def _torch_available() -> bool:
    try:
        import torch  # noqa: F401
    except ImportError:
        return False
    return True


def run(args: argparse.Namespace) -> tuple[dict[str, Any], Table]:
    """Measure; return the figures and their table."""
    from threadpoolctl import threadpool_info, threadpool_limits

    blas_threads = max((info["num_threads"] for info in threadpool_info()), default=1)
    torch_here = _torch_available()
    table = Table(
        f"Training step: {'-'.join(map(str, LAYER_DIMS))} ReLU/softmax, batch {BATCH}",
        columns=("figure", "float32", "float64", "note"),
    )
    figures: dict[str, Any] = {"layer_dims": LAYER_DIMS, "batch": BATCH}
    figures["blas_threads"] = blas_threads
    results: dict[str, dict[str, float]] = {}
    torch_info: dict[str, Any] = {}
    for dtype in (np.float32, np.float64):
        X, Y = batch(dtype)
        params = parameters(dtype)
        products = gemm_only(X, Y, params)
        step = functools.partial(train_loop_step, X, Y, params)
        timings = measure_together(
            {
                "train_loop_step": step,
                "public_step": functools.partial(public_step, X, Y, params),
                "gemm_only": products,
            }
        )
        with threadpool_limits(limits=1):
            timings |= measure_together(
                {"train_loop_step_1_thread": step, "gemm_only_1_thread": products}
            )
        results[np.dtype(dtype).name] = {name: t.median for name, t in timings.items()}
        results[np.dtype(dtype).name]["page_faults_per_step"] = page_faults(step)
    # PyTorch apart, after NumPy: the two libraries' threads, taking turns, would each
    # find the cores held by the other's spinning threads and slow both down.
    for dtype in (np.float32, np.float64) if torch_here else ():
        torch_step, torch_info = _torch_step(dtype)
        results[np.dtype(dtype).name]["torch_step"] = measure(torch_step, repeats=9).median

    def cells(name: str, show: Callable[[float], str]) -> tuple[str, str]:
        return show(results["float32"][name]), show(results["float64"][name])

    def per_second(seconds: float) -> str:
        return f"{BATCH / seconds:,.0f}/s"

    def share(step: str, gemm: str) -> tuple[str, str]:
        return tuple(  # type: ignore[return-value]
            f"{results[d][gemm] / results[d][step]:.0%}" for d in ("float32", "float64")
        )

    table.add(
        "train-loop step", *cells("train_loop_step", format_seconds), "as model.train runs it"
    )
    table.add("  throughput", *cells("train_loop_step", per_second), "examples per second")
    table.add("public-API step", *cells("public_step", format_seconds), "forward/backward/update")
    table.add("  throughput", *cells("public_step", per_second))
    table.add("GEMM only (3 forward + 5 backward)", *cells("gemm_only", format_seconds))
    table.add(
        "  GEMM share of the train-loop step",
        *share("train_loop_step", "gemm_only"),
        f"target ≥ {GEMM_TARGET:.0%}",
    )
    table.add(
        f"train-loop step, BLAS 1 thread (of {blas_threads})",
        *cells("train_loop_step_1_thread", format_seconds),
    )
    table.add("  GEMM share, 1 thread", *share("train_loop_step_1_thread", "gemm_only_1_thread"))
    table.add(
        "page faults per train-loop step",
        *cells("page_faults_per_step", lambda count: f"{count:,.0f}"),
        "fresh memory mapped for the step's arrays",
    )
    if torch_here:
        table.add(
            f"PyTorch {torch_info['torch']} CPU step",
            *cells("torch_step", format_seconds),
            f"{torch_info['threads']} threads",
        )
        table.add("  throughput", *cells("torch_step", per_second))
        ratios = tuple(
            f"{results[d]['train_loop_step'] / results[d]['torch_step']:.2f}"
            for d in ("float32", "float64")
        )
        table.add("  nnref time / PyTorch time", *ratios, "≤ 1: nnref at least as fast")
        figures["torch"] = torch_info
    else:
        table.notes.append("PyTorch is not installed: pip install torch==2.13.0 to compare")
    for dtype_name, seconds in results.items():
        figures[dtype_name] = {
            **seconds,
            "train_loop_examples_per_second": BATCH / seconds["train_loop_step"],
            "public_examples_per_second": BATCH / seconds["public_step"],
            "gemm_share": seconds["gemm_only"] / seconds["train_loop_step"],
        }
    return figures, table
