"""Why a rank changed, from Python: hand-computed cases (contributions, Shapley on a geometric mean,
a methodology change), keyword options, pandas output, errors, pickling, the waterfall plot."""

from __future__ import annotations

import math
import pickle

import numpy as np
import pandas as pd
import pytest

import govindex as gi
from conftest import ASEM


def _framework(weights: dict[str, float] | None = None, levels: bool = False) -> gi.Framework:
    if levels:  # P = (a, b, c), Q = (d, e), T = (P, Q)
        meta = pd.DataFrame({"iCode": ["a", "b", "c", "d", "e", "P", "Q", "T"], "Level": [1, 1, 1, 1, 1, 2, 2, 3],
                             "Parent": ["P", "P", "P", "Q", "Q", "T", "T", ""],
                             "Type": ["Indicator"] * 5 + ["Aggregate"] * 3, "Weight": [1, 2, 3, 1, 1, 2, 1, ""],
                             "Direction": [1] * 5 + [""] * 3})
    else:
        meta = pd.DataFrame({"iCode": ["a", "b", "T"], "Level": [1, 1, 2], "Parent": ["T", "T", ""],
                             "Type": ["Indicator", "Indicator", "Aggregate"], "Weight": [1, 1, ""],
                             "Direction": [1, 1, ""]})
    return gi.Framework.from_frame(meta)


def _sum_run(a: list[float], b: list[float], weight_a: float = 1.0, codes: tuple[str, ...] = ("u1", "u2", "u3", "u4", "u5")):
    framework = _framework()
    frame = pd.DataFrame({"uCode": list(codes), "a": a, "b": b})
    step = gi.Aggregate(gi.WeightedSum(), weights={"a": weight_a})
    return gi.Pipeline([step]).run(framework, gi.Dataset.from_frame(frame, framework))


def _tree_run(values: np.ndarray, method) -> gi.Results:
    framework = _framework(levels=True)
    frame = pd.DataFrame(values, columns=list("abcde"))
    frame.insert(0, "uCode", ["A", "B", "C", "D"])
    return gi.Pipeline([gi.Aggregate(method)]).run(framework, gi.Dataset.from_frame(frame, framework))


TREE = np.array([[10, 20, 30, 40, 50], [25, 35, 15, 20, 60], [50, 10, 40, 30, 20], [30, 30, 30, 30, 30]], float)
LATER = TREE.copy()
LATER[0] = [14, 18, 45, 40, 70]


@pytest.fixture(scope="module")
def points() -> gi.Results:
    return _sum_run([5, 4, 3, 1, 4], [5, 4, 6, 1, 5])


def test_decompose_change_by_hand(points):
    later = _sum_run([5, 4, 3, 1, 4], [5, 9, 6, 1, 5])
    change = gi.decompose_change(points, later, "u2")   # 8 -> 13, rank 4 -> 1
    assert (change.score_before, change.score_after, change.rank_before, change.rank_after) == (8.0, 13.0, 4.0, 1.0)
    assert change.own_part == -3.0 and change.others_part == 0.0 and change.methodology_part == 0.0
    assert change.rule == "contributions" and change.sequence == "shapley"
    assert change.parts["change"].tolist() == [0.0, 5.0] and change.parts.index.tolist() == ["a", "b"]
    assert list(change.parts.columns) == ["parent", "value_before", "value_after", "contribution_before",
                                          "contribution_after", "change", "std_error", "method"]
    assert change.rank_parts().tolist() == [-3.0, 0.0, 0.0]
    assert "rank 4 -> 1" in repr(change)
    assert pickle.loads(pickle.dumps(change)) == change
    shapley = gi.decompose_change(points, later, "u2", rule="shapley")
    assert shapley.rule == "shapley" and shapley.parts["change"].tolist() == [0.0, 5.0]
    assert shapley.parts["method"].tolist() == ["exact", "exact"]


def test_shapley_parts_add_up_on_a_geometric_mean():
    before, after = _tree_run(TREE, gi.GeometricMean()), _tree_run(LATER, gi.GeometricMean())
    for to_leaves in (True, False):
        change = gi.decompose_change(before, after, "A", rule="shapley", to_leaves=to_leaves)
        assert abs(change.parts["change"].sum() - (change.score_after - change.score_before)) <= 1e-12
    q = gi.decompose_change(before, after, "A", node="Q", rule="shapley")
    assert q.parts.loc["d", "change"] == 0.0
    assert math.isclose(q.parts.loc["e", "change"], math.sqrt(40 * 70) - math.sqrt(40 * 50), abs_tol=1e-12)
    sampled = gi.decompose_change(before, after, "A", node="P", rule="shapley", exact_limit=2, permutations=3000, seed=3)
    assert (sampled.parts["method"] == "sampled").all() and (sampled.parts["std_error"] > 0).all()
    assert abs(sampled.parts["change"].sum() - (sampled.score_after - sampled.score_before)) <= 1e-12
    exact = gi.decompose_change(before, after, "A", node="P", rule="shapley")
    assert (abs(sampled.parts["change"] - exact.parts["change"]) <= 4 * sampled.parts["std_error"]).all()
    # Copeland has no additive split: auto uses Shapley, contributions is refused.
    copeland = gi.decompose_change(_tree_run(TREE, gi.Copeland()), _tree_run(LATER, gi.Copeland()), "A")
    assert copeland.rule == "shapley"
    with pytest.raises(gi.MethodError, match="no additive split"):
        gi.decompose_change(_tree_run(TREE, gi.Copeland()), _tree_run(LATER, gi.Copeland()), "A", rule="contributions")


def test_a_methodology_change_goes_to_the_methodology_part():
    a, b = [5, 2, 3], [1, 5, 3]  # a + b: 6, 7, 6; 3a + b: 16, 11, 12
    old = _sum_run(a, b, codes=("A", "B", "C"))
    new = _sum_run(a, b, weight_a=3.0, codes=("A", "B", "C"))
    change = gi.decompose_change(old, new, "B", before_rescored=new, after_rescored=old)
    assert (change.rank_before, change.rank_after) == (1.0, 3.0)
    assert (change.own_part, change.others_part, change.methodology_part) == (0.0, 0.0, 2.0)
    assert (change.score_data_part, change.score_methodology_part) == (0.0, 4.0)
    assert (change.parts["change"] == 0).all()
    assert "methodology +2" in repr(change)
    one = gi.decompose_change(old, new, "B", before_rescored=new)
    assert one.sequence == "methodology first" and one.methodology_part == 2.0 and one.own_part == 0.0
    assert pickle.loads(pickle.dumps(change)) == change


def test_panel_years_and_units_in_one_run_only():
    framework, _ = gi.datasets.asem()
    panel = gi.read_dataset(ASEM / "iData_p.csv", framework)
    results = gi.Pipeline([gi.Normalise(gi.MinMax(low=1, high=100)), gi.Aggregate(gi.GeometricMean())]).run(framework, panel)
    years = panel.years
    change = gi.decompose_change(results, results, "Vietnam", year_before=years[0], year_after=years[-1])
    assert abs(change.parts["change"].sum() - (change.score_after - change.score_before)) < 1e-9
    assert change.own_part + change.others_part == change.rank_after - change.rank_before
    with pytest.raises(gi.UnknownCodeError, match="expected its year"):
        gi.decompose_change(results, results, "VNM")
    before = _sum_run([5, 4, 3], [5, 4, 3], codes=("A", "B", "C"))
    after = _sum_run([5, 4, 9], [5, 4, 9], codes=("A", "B", "D"))
    moved = gi.decompose_change(before, after, "B")
    assert (moved.only_before, moved.only_after, moved.rank_after) == (["C"], ["D"], 3.0)


def test_bad_arguments(points):
    with pytest.raises(TypeError, match="^after: expected govindex.Results, found str$"):
        gi.decompose_change(points, "later", "u2")
    with pytest.raises(TypeError, match="^before_rescored: expected govindex.Results or None, found int$"):
        gi.decompose_change(points, points, "u2", before_rescored=1)
    with pytest.raises(TypeError, match="^exact_limit: expected an int, found str '3'$"):
        gi.decompose_change(points, points, "u2", exact_limit="3")
    with pytest.raises(TypeError, match="^rule: expected one of auto, contributions, shapley, found int 1$"):
        gi.decompose_change(points, points, "u2", rule=1)
    with pytest.raises(gi.MethodError, match='unknown rule "exact"') as caught:
        gi.decompose_change(points, points, "u2", rule="exact")
    assert caught.value.column == "rule"
    with pytest.raises(gi.MethodError, match="permutations -5; expected a number >= 0"):
        gi.decompose_change(points, points, "u2", permutations=-5)
    with pytest.raises(gi.MethodError, match="expected at most 16"):
        gi.decompose_change(points, points, "u2", exact_limit=30)
    other = _sum_run([1, 2], [1, 2], codes=("u1", "x"))
    with pytest.raises(gi.UnknownCodeError, match="in the after_rescored run"):
        gi.decompose_change(points, points, "u2", after_rescored=other)


def test_waterfall(points):
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    from govindex import plot

    a, b = [5, 2, 3], [1, 5, 3]
    old, new = _sum_run(a, b, codes=("A", "B", "C")), _sum_run(a, b, weight_a=3.0, codes=("A", "B", "C"))
    change = gi.decompose_change(old, new, "B", before_rescored=new, after_rescored=old)
    ax = plot.waterfall(change)
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels == ["before", "own", "others", "methodology", "after"]
    bars = ax.containers[0]
    assert [p.get_height() for p in bars] == [1.0, 0.0, 0.0, 2.0, 3.0]
    assert [p.get_y() for p in bars] == [0.0, 1.0, 1.0, 1.0, 0.0]
    score = plot.waterfall(change, "score", top=1)
    assert [t.get_text() for t in score.get_xticklabels()] == ["before", "a", "other nodes (1)", "methodology", "after"]
    with pytest.raises(ValueError, match="what: expected one of"):
        plot.waterfall(change, "ranks")
    with pytest.raises(TypeError, match="change: expected a govindex.ChangeDecomposition"):
        plot.waterfall(points)
    matplotlib.pyplot.close("all")
