"""Results: contributions that add up, the record the run keeps, explain reading it."""

from __future__ import annotations

import math

import govindex as gi
import numpy as np
import pandas as pd
import pytest
from govindex.vn import published

ADDITIVE = [
    gi.ArithmeticMean(),
    gi.GeometricMean(),
    gi.HarmonicMean(),
    gi.GeneralisedMean(p=2.0),
    gi.GeneralisedMean(p=0.0),
    gi.WeightedMedian(),
    gi.WeightedSum(),
]


def _adds_up(results: gi.Results, unit: str, node: str, value: float) -> None:
    parts = results.contributions(unit, node)["contribution"]
    if math.isnan(value):
        assert parts.isna().all()
        return
    size = max(abs(value), parts.abs().sum())
    assert abs(parts.sum() - value) <= 1e-12 * size, (unit, node, parts.sum(), value)


@pytest.mark.parametrize("method", ADDITIVE, ids=lambda m: type(m).__name__ + repr(getattr(m, "p", "")))
def test_asem_contributions_add_up_for_every_additive_method(asem, method):
    framework, data = asem
    results = gi.Pipeline([gi.Normalise(gi.MinMax(low=1, high=100)), gi.Aggregate(method)]).run(framework, data)
    scores = results.scores
    aggregates = [c for level in range(2, framework.max_level + 1) for c in framework.level_codes(level)]
    for unit in scores.index[::5]:
        for node in aggregates:
            _adds_up(results, unit, node, scores.loc[unit, node])


def _papi_framework(dimensions: list[str]) -> gi.Framework:
    rows = [
        {"iCode": d, "iName": d, "Level": 1, "Parent": "PAPI", "Direction": 1, "Weight": 1.0, "Type": "Indicator"}
        for d in dimensions
    ]
    rows.append(
        {"iCode": "PAPI", "iName": "PAPI", "Level": 2, "Parent": "", "Direction": 1, "Weight": 1.0, "Type": "Aggregate"}
    )
    return gi.Framework.from_frame(pd.DataFrame(rows))


def test_papi_dimensions_add_up_to_the_total_and_contributions_are_the_dimensions():
    papi = published.papi(2020)
    dims = [f"d{k}" for k in range(1, 9)]
    framework = _papi_framework(dims)
    frame = papi.reset_index()[["province_code", "province", *dims]].rename(
        columns={"province_code": "uCode", "province": "uName"}
    )
    data = gi.Dataset.from_frame(frame, framework)
    results = gi.Pipeline([gi.Aggregate(gi.WeightedSum())]).run(framework, data)
    total = results.scores["PAPI"]
    assert np.allclose(total.to_numpy(), papi[dims].sum(axis=1).to_numpy(), rtol=0, atol=1e-12)
    for unit in results.scores.index:
        parts = results.contributions(unit, "PAPI")
        assert list(parts.index) == dims
        assert (parts["contribution"] == parts["value"]).all()  # points: a dimension's part is its score
        _adds_up(results, unit, "PAPI", total[unit])
    # Published totals are the rounded sum of the dimensions (within the 0.002 of the printed values).
    assert (total - papi["score"].to_numpy()).abs().max() < 0.002


def test_geometric_mean_contributions_by_hand():
    framework = _papi_framework(["a", "b"])
    data = gi.Dataset.from_frame(pd.DataFrame({"uCode": ["U"], "a": [4.0], "b": [16.0]}), framework)
    results = gi.Pipeline([gi.Aggregate(gi.GeometricMean())]).run(framework, data)
    parts = results.contributions("U", "PAPI")
    # G = sqrt(4 * 16) = 8, split in proportion to log 4 : log 16 = 1 : 2.
    assert parts.loc["a", "contribution"] == pytest.approx(8 / 3, rel=1e-14)
    assert parts.loc["b", "contribution"] == pytest.approx(16 / 3, rel=1e-14)
    assert list(parts.columns) == ["parent", "value", "weight", "contribution", "share"]


def test_explain_agrees_with_contributions(asem):
    framework, data = asem
    results = gi.Pipeline([gi.Normalise(gi.MinMax(low=1, high=100)), gi.Aggregate(gi.GeometricMean())]).run(
        framework, data
    )
    explained = results.explain("AUT", "Conn")
    children = explained[explained["data_set"] == "Aggregated"].iloc[:-1].set_index("node")
    parts = results.contributions("AUT", "Conn")
    assert list(children.index) == list(parts.index)
    assert (children["contribution"] == parts["contribution"]).all()
    assert (children["weight"] == parts["weight"]).all()
    record = results.aggregation_record("Conn")
    assert record.children == list(parts.index) and record.has_split
    assert "log(child)" in record.contribution_rule


def test_leaves_add_up_to_the_index(asem):
    framework, data = asem
    results = gi.Pipeline([gi.Normalise(gi.MinMax(low=0, high=100)), gi.Aggregate(gi.ArithmeticMean())]).run(
        framework, data
    )
    leaves = results.contributions("Austria", "Index", leaves=True)
    assert sorted(leaves.index) == sorted(framework.indicators) and len(leaves) == 49
    assert leaves["contribution"].sum() == pytest.approx(results.scores.loc["AUT", "Index"], rel=1e-12)
    assert leaves["weight"].sum() == pytest.approx(1.0, rel=1e-12)


def test_no_additive_split_is_a_method_error_naming_the_node(asem):
    framework, data = asem
    results = gi.Pipeline(
        [gi.Normalise(gi.MinMax()), gi.Aggregate(gi.ArithmeticMean(), per_node={"Conn": gi.Copeland()})]
    ).run(framework, data)
    with pytest.raises(gi.MethodError, match='aggregate "Conn" is made by copeland, which has no additive split'):
        results.contributions("AUT", "Conn")
    with pytest.raises(KeyError):
        results.contributions("AUT", "LPI")
