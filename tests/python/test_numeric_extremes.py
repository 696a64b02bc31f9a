"""Values near the limits of double give right answers or a located error, never a silent NaN or a
wrong finite number (issue 21: "no silent NaN/inf anywhere in a public result").

Each test is the minimal case of a defect found with hostile inputs; tests/fuzz/README.md lists them.
"""

from __future__ import annotations

import govindex as gi
import numpy as np
import pandas as pd
import pytest

BIG = 1e308
TINY = 5e-324  # the smallest subnormal


def _framework(weights=(1.0, 1.0, 1.0), directions=(1, 1, 1), targets=None) -> gi.Framework:
    meta = {
        "iCode": ["a", "b", "c", "T"],
        "Level": [1, 1, 1, 2],
        "Parent": ["T", "T", "T", ""],
        "Type": ["Indicator"] * 3 + ["Aggregate"],
        "Weight": list(weights) + [""],
        "Direction": list(directions) + [""],
    }
    if targets is not None:
        meta["Target"] = list(targets) + [""]
    return gi.Framework.from_frame(pd.DataFrame(meta))


def _data(framework: gi.Framework, columns: dict[str, list[float]], se: dict[str, list[float]] | None = None):
    n = len(next(iter(columns.values())))
    frame = pd.DataFrame({"uCode": [f"u{i}" for i in range(n)], **columns})
    for code, values in (se or {}).items():
        frame[f"{code}_se"] = values
    return gi.Dataset.from_frame(frame, framework)


def _normalised(method, a, b=(3.0, 1.0, 2.0), c=(6.0, 4.0, 5.0), **framework):
    fw = _framework(**framework)
    results = gi.Pipeline([gi.Normalise(method)]).run(fw, _data(fw, {"a": list(a), "b": list(b), "c": list(c)}))
    return results.data_set("Normalised").values["a"].to_numpy()


# --- normalisation ---------------------------------------------------------------------------------


def test_min_max_of_values_near_the_largest_double():
    # max - min overflowed: the highest unit scored NaN (unscored, ranked last) and the others 0 / NaN.
    out = _normalised(gi.MinMax(low=0, high=100), [BIG, -BIG, 0.0])
    np.testing.assert_allclose(out, [100.0, 0.0, 50.0], rtol=1e-15)
    # and a range of low..high that itself overflows
    out = _normalised(gi.MinMax(low=-BIG, high=BIG), [1.0, 3.0, 2.0])
    np.testing.assert_allclose(out, [-BIG, BIG, 0.0], rtol=1e-15, atol=0)


@pytest.mark.parametrize(
    "method, expected",
    [
        (gi.DistanceToMax(), [1.0, 0.0, 0.5]),
        (gi.DistanceToReference(unit="u0"), [1.0, 0.0, 0.5]),
        (gi.Scaled(lower=-BIG, upper=BIG, scale=100), [100.0, 0.0, 50.0]),
        (gi.Goalposts(lower=-BIG, upper=BIG, scale=100, truncate=False), [100.0, 0.0, 50.0]),
    ],
    ids=["dist2max", "dist2ref", "scaled", "goalposts"],
)
def test_distance_normalisers_of_values_near_the_largest_double(method, expected):
    np.testing.assert_allclose(_normalised(method, [BIG, -BIG, 0.0]), expected, rtol=1e-15, atol=1e-300)


def test_distance_to_target_beyond_the_range_of_double():
    out = _normalised(gi.DistanceToTarget(), [0.0, -BIG, BIG / 2], targets=[BIG, 10, 10])
    np.testing.assert_allclose(out, [0.5, 0.0, 0.75], rtol=1e-15)


def test_z_scores_of_values_near_the_largest_double_and_of_subnormals():
    # The deviations overflowed: sd = inf, every z-score 0 or NaN (a finite, wrong answer).
    out = _normalised(gi.ZScore(mean=0, sd=1), [BIG, -BIG, 0.0])
    np.testing.assert_allclose(out, [1.0, -1.0, 0.0], rtol=1e-15, atol=1e-300)
    # The squared deviations underflowed: "all observed values equal" for three distinct values.
    out = _normalised(gi.ZScore(mean=0, sd=1), [TINY, 2 * TINY, 3 * TINY])
    np.testing.assert_allclose(out, [-1.0, 0.0, 1.0], rtol=1e-15, atol=1e-300)


def test_min_max_standard_errors_near_the_largest_double():
    fw = _framework()
    data = _data(fw, {"a": [BIG, -BIG, 0.0], "b": [1.0, 2, 3], "c": [4.0, 5, 6]}, se={"a": [1e300, 1e300, 1e300]})
    results = gi.Pipeline([gi.Normalise(gi.MinMax(low=0, high=100))]).run(fw, data)
    se = results.data_set("Normalised").standard_errors["a"].to_numpy()
    np.testing.assert_allclose(se, [100 * 1e300 / 2 / BIG] * 3, rtol=1e-15)
