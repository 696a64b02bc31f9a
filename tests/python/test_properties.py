"""Property tests (hypothesis): laws that hold for every input, not only the hand-built cases (issue 12).

Every test is derandomized with a bounded number of examples, so a run is deterministic and takes a
few seconds: the same examples each time, found from the test's own source.
"""

from __future__ import annotations

import math
import pickle

import numpy as np
import pandas as pd
import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, assume, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import govindex as gi  # noqa: E402

FAST = settings(max_examples=60, derandomize=True, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=20, derandomize=True, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])

INDICATORS = ["a", "b", "c"]
value = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
# Few distinct values, so that ties (shared ranks) are common.
tied_value = st.sampled_from([0.0, 1.0, 2.5, -3.0, 7.0, 1e-300, -0.0])


def _framework(weights: list[float]) -> gi.Framework:
    meta = pd.DataFrame({"iCode": INDICATORS + ["T"], "Level": [1, 1, 1, 2], "Parent": ["T", "T", "T", ""],
                         "Type": ["Indicator"] * 3 + ["Aggregate"], "Weight": weights + [""],
                         "Direction": [1, 1, 1, ""]})
    return gi.Framework.from_frame(meta)


def _data(framework: gi.Framework, rows: list[list[float]]) -> gi.Dataset:
    units = [f"u{i}" for i in range(len(rows))]
    frame = pd.DataFrame(rows, columns=INDICATORS)
    frame.insert(0, "uName", [f"Unit {i}" for i in range(len(rows))])
    frame.insert(0, "uCode", units)
    return gi.Dataset.from_frame(frame, framework)


def rows(elements: st.SearchStrategy[float] = value, min_units: int = 3, max_units: int = 8):
    return st.lists(st.lists(elements, min_size=3, max_size=3), min_size=min_units, max_size=max_units)


weights = st.lists(st.floats(min_value=0.1, max_value=10, allow_nan=False), min_size=3, max_size=3)


@FAST
@given(st.lists(st.one_of(value, tied_value), min_size=1, max_size=30), st.randoms(use_true_random=False))
def test_ranks_are_a_permutation_invariant_function_of_scores(scores, rnd):
    series = pd.Series(scores, index=[f"u{i}" for i in range(len(scores))])
    ranks = gi.ranking.rank_descending(series)
    # Competition ranks: 1 + the number of strictly higher scores (as pandas' "min" method).
    expected = series.rank(method="min", ascending=False).astype(int)
    assert ranks.astype(int).tolist() == expected.tolist()
    order = list(series.index)
    rnd.shuffle(order)
    shuffled = gi.ranking.rank_descending(series[order])
    assert shuffled.to_dict() == ranks.to_dict()
    # Ascending ranks of the negated scores are the same ranks.
    assert gi.ranking.rank_ascending(-series).to_dict() == ranks.to_dict()


@FAST
@given(rows(), st.floats(min_value=-1e3, max_value=1e3), st.floats(min_value=1e-3, max_value=1e3))
def test_min_max_lies_in_low_high(data_rows, low, width):
    columns = list(zip(*data_rows))
    assume(all(max(col) > min(col) for col in columns))  # a constant column has no range to scale
    high = low + width
    framework = _framework([1.0, 1.0, 1.0])
    results = gi.Pipeline([gi.Normalise(gi.MinMax(low=low, high=high))]).run(framework, _data(framework, data_rows))
    normalised = results.data_set("Normalised").values[INDICATORS].to_numpy()
    slack = 1e-9 * max(abs(low), abs(high), 1.0)
    assert np.isfinite(normalised).all()
    assert (normalised >= low - slack).all() and (normalised <= high + slack).all()
    # Each column reaches both ends.
    assert np.allclose(normalised.min(axis=0), low, atol=slack) and np.allclose(normalised.max(axis=0), high, atol=slack)


@FAST
@given(rows(), weights)
def test_arithmetic_mean_contributions_add_up_to_the_score(data_rows, w):
    framework = _framework(w)
    results = gi.Pipeline([gi.Aggregate(gi.ArithmeticMean())]).run(framework, _data(framework, data_rows))
    scores = results.scores["T"]
    for unit, score in scores.items():
        contributions = results.contributions(unit, "T")["contribution"]
        assert math.isclose(contributions.sum(), score, rel_tol=1e-9, abs_tol=1e-9 * 1e6)
        expected = sum(wi * xi for wi, xi in zip(w, results.data_set("Raw").values.loc[unit, INDICATORS])) / sum(w)
        assert math.isclose(score, expected, rel_tol=1e-9, abs_tol=1e-9 * 1e6)


@SLOW
@given(rows(st.floats(min_value=0, max_value=10, allow_nan=False), min_units=4, max_units=7), weights,
       st.integers(min_value=0, max_value=6), st.integers(min_value=1, max_value=3))
def test_an_applied_plan_reaches_its_achieved_rank(data_rows, w, pick, target):
    framework = _framework(w)
    results = gi.Pipeline([gi.Aggregate(gi.WeightedSum())]).run(framework, _data(framework, data_rows))
    unit = f"u{pick % len(data_rows)}"
    plan = gi.plan_improvement(results, unit, target, maxima={c: 20.0 for c in INDICATORS})
    if plan.status == "reached":
        assert results.ranks.loc[unit, "T"] <= target
        return
    assume(plan.feasible)
    applied = gi.apply_plan(results, plan)
    rank = applied.results.ranks.loc[unit, "T"]
    assert rank == plan.achieved_rank and rank <= target
    assert math.isclose(applied.results.scores.loc[unit, "T"], plan.achieved_score, rel_tol=1e-9, abs_tol=1e-9)


@FAST
@given(rows(), weights, st.integers(min_value=0, max_value=7), st.sampled_from(["arith", "geo", "minmax"]))
def test_what_if_with_unchanged_values_changes_nothing(data_rows, w, pick, method):
    framework = _framework(w)
    steps = {"arith": [gi.Aggregate(gi.ArithmeticMean())],
             "geo": [gi.Normalise(gi.MinMax(low=1, high=100)), gi.Aggregate(gi.GeometricMean())],
             "minmax": [gi.Normalise(gi.MinMax(low=0, high=10)), gi.Aggregate(gi.WeightedSum())]}[method]
    if method != "arith":
        assume(all(max(col) > min(col) for col in zip(*data_rows)))
    baseline = gi.Pipeline(steps).run(framework, _data(framework, data_rows))
    unit = f"u{pick % len(data_rows)}"
    same = baseline.data_set("Raw").values.loc[unit, INDICATORS].to_dict()
    changed = gi.what_if(baseline, unit, same)
    assert changed.changes.empty
    pd.testing.assert_frame_equal(changed.results.scores, baseline.scores)
    pd.testing.assert_frame_equal(changed.results.ranks, baseline.ranks)


@FAST
@given(rows(), weights, st.floats(min_value=-1e3, max_value=1e3), st.floats(min_value=1e-3, max_value=1e3))
def test_pickling_round_trips(data_rows, w, low, width):
    assume(all(max(col) > min(col) for col in zip(*data_rows)))
    framework = _framework(w)
    pipeline = gi.Pipeline([gi.Normalise(gi.MinMax(low=low, high=low + width)),
                            gi.Aggregate(gi.ArithmeticMean(), weights={"a": w[0] * 2})])
    data = _data(framework, data_rows)
    results = pipeline.run(framework, data)
    for thing in (framework, pipeline, data, results):
        assert pickle.loads(pickle.dumps(thing)) == thing
    # A pipeline also round-trips through its text format.
    assert gi.parse_pipeline(gi.format_pipeline(pipeline)) == pipeline
