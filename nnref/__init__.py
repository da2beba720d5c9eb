"""nnref: a reference NumPy implementation of the foundations of neural networks.

Examples are columns: ``X`` has shape ``(n_x, m)`` and ``Y`` has shape ``(n_y, m)``.
"""

__version__ = "0.1.0"
