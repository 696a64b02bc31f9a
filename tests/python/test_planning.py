"""Gap to a target rank from Python: hand-computed case, ASEM, pandas output, errors, pickling.
Why a rank changed: tests/python/test_attribution.py."""

from __future__ import annotations

import math
import pickle

import govindex as gi
import numpy as np
import pandas as pd
import pytest


@pytest.fixture(scope="module")
def points() -> gi.Results:
    meta = pd.DataFrame(
        {
            "iCode": ["a", "b", "T"],
            "Level": [1, 1, 2],
            "Parent": ["T", "T", ""],
            "Type": ["Indicator", "Indicator", "Aggregate"],
            "Weight": [1, 1, ""],
            "Direction": [1, 1, ""],
        }
    )
    framework = gi.Framework.from_frame(meta)
    frame = pd.DataFrame(
        {
            "uCode": ["u1", "u2", "u3", "u4", "u5"],
            "uName": ["One", "Two", "Three", "Four", "Five"],
            "a": [5, 4, 3, 1, 4],
            "b": [5, 4, 6, 1, 5],
        }
    )
    data = gi.Dataset.from_frame(frame, framework)
    return gi.Pipeline([gi.Aggregate(gi.WeightedSum())]).run(framework, data)


def test_gap_by_hand(points):
    gap = gi.gap_to_target(points, "Two", 1)
    assert (gap.unit, gap.node, gap.score, gap.rank, gap.units) == ("u2", "T", 8.0, 4.0, 5)
    assert gap.required_score == 10.0 and gap.gap == 2.0 and not gap.reached
    headroom = gap.headroom
    assert list(headroom.index) == ["a", "b"] and headroom.index.name == "node"
    assert list(headroom.columns) == ["parent", "level", "value", "best", "maximum", "headroom", "effect", "potential"]
    assert headroom["headroom"].tolist() == [1.0, 2.0] and headroom["potential"].tolist() == [1.0, 2.0]
    assert gi.gap_to_target(points, "u2", 1, maxima={"a": 10}).headroom.loc["a", "headroom"] == 6.0
    assert gi.gap_to_target(points, "u2", 4).reached
    assert math.isinf(gi.gap_to_target(points, "u2", 5).required_score)
    assert "required 10" in repr(gap)
    assert pickle.loads(pickle.dumps(gap)) == gap


def test_asem_gap_reaches_the_target(asem, minmax_amean):
    framework, data = asem
    results = minmax_amean.run(framework, data)
    gap = gi.gap_to_target(results, "Vietnam", 10)
    scores = results.scores["Index"].copy()
    scores["VNM"] = gap.required_score
    assert scores.rank(method="min", ascending=False)["VNM"] <= 10
    scores["VNM"] = np.nextafter(gap.required_score, -np.inf)
    assert scores.rank(method="min", ascending=False)["VNM"] > 10
    # The nodes that could add the most to the index, to first order.
    top = gap.headroom.sort_values("potential", ascending=False)
    assert top["potential"].iloc[0] > 0 and (top["headroom"].dropna() >= 0).all()  # NaN: VNM has no value
    pillar = gi.gap_to_target(results, "VNM", 5, node="Conn")
    assert set(pillar.headroom["parent"]) <= {"Conn", "Physical", "ConEcFin", "Political", "Instit", "P2P"}


def test_bad_requests(points):
    with pytest.raises(gi.MethodError, match="expected a rank from 1 to 5") as caught:
        gi.gap_to_target(points, "u2", 9)
    assert caught.value.column == "target_rank"
    with pytest.raises(gi.UnknownCodeError, match="no unit with code or name"):
        gi.gap_to_target(points, "nobody", 1)
    with pytest.raises(gi.MethodError, match="below the best observed value"):
        gi.gap_to_target(points, "u2", 1, maxima={"a": 4})
    with pytest.raises(TypeError, match="target_rank: expected an int, found str"):
        gi.gap_to_target(points, "u2", "1")
