"""Fixtures shared by the tests of nnref."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt
import pytest

Compare = Callable[..., None]


@pytest.fixture
def rng() -> np.random.Generator:
    """A fresh generator with a fixed seed: every test draws the same numbers."""
    return np.random.default_rng(20240607)


@pytest.fixture(scope="session")
def assert_matches() -> Compare:
    """Compare an nnref value with a reference; on failure say which side is which."""

    def check(
        nnref_value: npt.ArrayLike,
        reference: npt.ArrayLike,
        *,
        rtol: float = 1e-12,
        atol: float = 0.0,
        what: str = "",
    ) -> None:
        np.testing.assert_allclose(
            nnref_value,
            reference,
            rtol=rtol,
            atol=atol,
            err_msg=f"{what}: ACTUAL is nnref, DESIRED is the reference",
        )

    return check
