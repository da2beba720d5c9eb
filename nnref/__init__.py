"""nnref: a reference NumPy implementation of the foundations of neural networks.

Examples are columns: ``X`` has shape ``(n_x, m)`` and ``Y`` has shape ``(n_y, m)``.
Layer ``l`` has ``W[l]`` of shape ``(n[l], n[l-1])`` and ``b[l]`` of shape ``(n[l], 1)``;
parameters travel as a dict ``{"W1", "b1", ...}`` and gradients as ``{"dW1", "db1", ...}``.

One module per concept: `nnref.activations`, `nnref.losses`,
`nnref.init`, `nnref.model`, `nnref.logistic`,
`nnref.vectorization`, `nnref.gradcheck`, `nnref.data`, and the
input checks they share, `nnref.validation`.
"""

from nnref import (
    activations,
    data,
    gradcheck,
    init,
    logistic,
    losses,
    model,
    validation,
    vectorization,
)

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "activations",
    "data",
    "gradcheck",
    "init",
    "logistic",
    "losses",
    "model",
    "validation",
    "vectorization",
]
