"""Shared fixtures: paths to the shipped data and the test references, and the ASEM inputs.

Everything the tests read is inside the repository: the shipped data under ``data/`` and
COINr's results under ``tests/reference/coinr`` (README there). ``../shared`` is only where those
copies are refreshed from (``tests/python/test_shared_copies.py`` compares them when it exists).
"""

from __future__ import annotations

from pathlib import Path

import govindex as gi
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
ASEM = ROOT / "data" / "asem"
VN = ROOT / "data" / "vn"
COINR = ROOT / "tests" / "reference" / "coinr"


@pytest.fixture(scope="session")
def asem() -> tuple[gi.Framework, gi.Dataset]:
    framework = gi.read_framework(ASEM / "iMeta.csv")
    return framework, gi.read_dataset(ASEM / "iData.csv", framework)


@pytest.fixture(scope="session")
def minmax_amean() -> gi.Pipeline:
    return gi.Pipeline([gi.Normalise(gi.MinMax(low=0, high=100)), gi.Aggregate(gi.ArithmeticMean())])


def reference(name: str) -> pd.DataFrame:
    """A COINr reference table indexed by uCode (COINr 1.1.14; see tests/reference/coinr/README.md)."""
    return pd.read_csv(COINR / name, index_col="uCode", keep_default_na=False, na_values=[""])


def assert_matches(actual: pd.DataFrame, expected: pd.DataFrame, rtol: float = 1e-9) -> None:
    """Every unit and column of `expected` within `rtol` relative; missing exactly where expected is."""
    actual = actual.loc[expected.index, expected.columns].astype(float)
    expected = expected.astype(float)
    assert (actual.isna() == expected.isna()).all().all(), "missing values differ"
    a, e = actual.to_numpy(), expected.to_numpy()
    mask = ~pd.isna(e)
    rel = abs(a[mask] - e[mask]) / abs(e[mask]).clip(min=1e-300)
    exact = a[mask] == e[mask]
    assert ((rel <= rtol) | exact).all(), f"max relative difference {rel.max():.3g}"
