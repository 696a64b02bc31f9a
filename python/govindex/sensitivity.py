"""Variance-based sensitivity building blocks: the Sobol' design and Sobol' indices (the compiled
``sobol_points`` and ``sobol_indices``, with their integer arguments checked first, so a count
out of range is one line naming it)."""

from __future__ import annotations

from typing import Sequence

import numpy as np

from . import _core
from ._errors import unsigned_argument


def sobol_points(n: int, dimensions: int, skip: int = 0) -> np.ndarray:
    """n points (rows) of the unscrambled Sobol' sequence (Boost.Random, Joe-Kuo direction numbers)
    in `dimensions` columns, strictly inside (0, 1): the origin is skipped, row 0 is (0.5, ...);
    `skip` skips that many further points."""
    return _core.sobol_points(
        unsigned_argument("sobol_points", "n", n),
        unsigned_argument("sobol_points", "dimensions", dimensions),
        unsigned_argument("sobol_points", "skip", skip),
    )


def sobol_indices(
    y_a: np.ndarray,
    y_b: np.ndarray,
    y_ab: Sequence[np.ndarray],
    *,
    resamples: int = 1000,
    confidence: float = 0.95,
    seed: int = 0,
    threads: int = 0,
) -> _core.SobolIndices:
    """First-order and total Sobol' indices (SALib 1.6's estimators) from a Saltelli design: y_a,
    y_b (N x outputs) are the outputs at A and B, y_ab[i] (N x outputs) at A with factor i's columns
    from B. Percentile-bootstrap intervals from `resamples` resamples; identical for any `threads`
    (0 = all cores)."""
    return _core.sobol_indices(
        y_a,
        y_b,
        y_ab,
        resamples=unsigned_argument("sobol_indices", "resamples", resamples),
        confidence=confidence,
        seed=unsigned_argument("sobol_indices", "seed", seed),
        threads=unsigned_argument("sobol_indices", "threads", threads, bits=32),
    )
