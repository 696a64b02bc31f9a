"""Why a rank changed, from Python: hand-computed cases (contributions, Shapley on a geometric mean,
a methodology change), keyword options, pandas output, errors, pickling, the waterfall plot, and
the methodology part through a Family's crosswalks (decompose_methodology_change)."""

from __future__ import annotations

import math
import pickle

import govindex as gi
import govindex.methodology as gm
import numpy as np
import pandas as pd
import pytest
from conftest import ASEM
from govindex import _core


def _framework(weights: dict[str, float] | None = None, levels: bool = False) -> gi.Framework:
    if levels:  # P = (a, b, c), Q = (d, e), T = (P, Q)
        meta = pd.DataFrame(
            {
                "iCode": ["a", "b", "c", "d", "e", "P", "Q", "T"],
                "Level": [1, 1, 1, 1, 1, 2, 2, 3],
                "Parent": ["P", "P", "P", "Q", "Q", "T", "T", ""],
                "Type": ["Indicator"] * 5 + ["Aggregate"] * 3,
                "Weight": [1, 2, 3, 1, 1, 2, 1, ""],
                "Direction": [1] * 5 + [""] * 3,
            }
        )
    else:
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
    return gi.Framework.from_frame(meta)


def _sum_run(
    a: list[float], b: list[float], weight_a: float = 1.0, codes: tuple[str, ...] = ("u1", "u2", "u3", "u4", "u5")
):
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
    change = gi.decompose_change(points, later, "u2")  # 8 -> 13, rank 4 -> 1
    assert (change.score_before, change.score_after, change.rank_before, change.rank_after) == (8.0, 13.0, 4.0, 1.0)
    assert change.own_part == -3.0 and change.others_part == 0.0 and change.methodology_part == 0.0
    assert change.rule == "contributions" and change.sequence == "shapley"
    assert change.parts["change"].tolist() == [0.0, 5.0] and change.parts.index.tolist() == ["a", "b"]
    assert list(change.parts.columns) == [
        "parent",
        "value_before",
        "value_after",
        "contribution_before",
        "contribution_after",
        "change",
        "std_error",
        "method",
    ]
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
    sampled = gi.decompose_change(
        before, after, "A", node="P", rule="shapley", exact_limit=2, permutations=3000, seed=3
    )
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
    results = gi.Pipeline([gi.Normalise(gi.MinMax(low=1, high=100)), gi.Aggregate(gi.GeometricMean())]).run(
        framework, panel
    )
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


# --- the methodology part through a Family's crosswalks --------------------------------------------

# v1 (2021): T 14 = A 10 (A.1 yes_no 4, A.2 completion_rate 6: floor 80, [80, 90) 2, [90, 100) 4)
# + B 4 (B.1 levels Tốt 4, Đạt 2, Kém 0). v2 (2022-): A.1 yes_no 2, A.2 completion_rate 8 ([80, 90) 3,
# [90, 100) 6); B unchanged. Crosswalks both ways, every node "same" (as tests/cpp/engines/attribution/test_attribution_methodology.cpp).
XW = """[family]
name = "xw"

[[versions]]
id = "v1"
decision = "1/QĐ-TEST"
signed_on = 2020-12-30
first_year = 2021
last_year = 2021
publication_lag = 1
aggregation = "points"
unknown = ["survey_points"]

[[versions.nodes]]
code = "T"
name_vi = "Tổng"
max_points = 14

[[versions.nodes]]
code = "A"
parent = "T"
name_vi = "Kế hoạch"
max_points = 10

[[versions.nodes]]
code = "A.1"
parent = "A"
name_vi = "Ban hành kế hoạch"
max_points = 4
source = "appraisal"
rule = { name = "yes_no", points = 4 }

[[versions.nodes]]
code = "A.2"
parent = "A"
name_vi = "Mức độ hoàn thành"
max_points = 6
source = "appraisal"
rule = { name = "completion_rate", full = 6, floor = 80, bands = [{ from = 80, to = 90, points = 2 }, { from = 90, to = 100, points = 4 }] }

[[versions.nodes]]
code = "B"
parent = "T"
name_vi = "Tác động"
max_points = 4

[[versions.nodes]]
code = "B.1"
parent = "B"
name_vi = "Chất lượng"
max_points = 4
source = "appraisal"
rule = { name = "levels", levels = [{ name = "Tốt", points = 4 }, { name = "Đạt", points = 2 }, { name = "Kém", points = 0 }] }

[[versions]]
id = "v2"
decision = "2/QĐ-TEST"
signed_on = 2021-12-01
first_year = 2022
publication_lag = 1
aggregation = "points"
unknown = ["survey_points"]

[[versions.nodes]]
code = "T"
name_vi = "Tổng"
max_points = 14

[[versions.nodes]]
code = "A"
parent = "T"
name_vi = "Kế hoạch"
max_points = 10

[[versions.nodes]]
code = "A.1"
parent = "A"
name_vi = "Ban hành kế hoạch"
max_points = 2
source = "appraisal"
rule = { name = "yes_no", points = 2 }

[[versions.nodes]]
code = "A.2"
parent = "A"
name_vi = "Mức độ hoàn thành"
max_points = 8
source = "appraisal"
rule = { name = "completion_rate", full = 8, floor = 80, bands = [{ from = 80, to = 90, points = 3 }, { from = 90, to = 100, points = 6 }] }

[[versions.nodes]]
code = "B"
parent = "T"
name_vi = "Tác động"
max_points = 4

[[versions.nodes]]
code = "B.1"
parent = "B"
name_vi = "Chất lượng"
max_points = 4
source = "appraisal"
rule = { name = "levels", levels = [{ name = "Tốt", points = 4 }, { name = "Đạt", points = 2 }, { name = "Kém", points = 0 }] }

[[crosswalks]]
from = "v1"
to = "v2"
mappings = [
  { from = ["T"], to = ["T"], kind = "same" },
  { from = ["A"], to = ["A"], kind = "same" },
  { from = ["A.1"], to = ["A.1"], kind = "same" },
  { from = ["A.2"], to = ["A.2"], kind = "same", note = "points of the bands raised" },
  { from = ["B"], to = ["B"], kind = "same" },
  { from = ["B.1"], to = ["B.1"], kind = "same" },
]

[[crosswalks]]
from = "v2"
to = "v1"
mappings = [
  { from = ["T"], to = ["T"], kind = "same" },
  { from = ["A"], to = ["A"], kind = "same" },
  { from = ["A.1"], to = ["A.1"], kind = "same" },
  { from = ["A.2"], to = ["A.2"], kind = "same" },
  { from = ["B"], to = ["B"], kind = "same" },
  { from = ["B.1"], to = ["B.1"], kind = "same" },
]
"""
FORWARD_ONLY = XW[: XW.index('[[crosswalks]]\nfrom = "v2"')]
NO_CROSSWALK = XW[: XW.index("[[crosswalks]]")]


def _assessment(unit: str, year: int, plan: bool, rate: float, level: str = "Đạt") -> gm.Assessment:
    records = pd.DataFrame(
        {"yes": [plan, None, None], "rate": [None, rate, None], "level": [None, None, level]},
        index=["A.1", "A.2", "B.1"],
    )
    return gm.assessment(records, unit=unit, year=year)


def _year_2021(year: int = 2021) -> list[gm.Assessment]:
    # T under v1: U1 8, U2 6, U3 12, U4 4; under v2: U1 7, U2 8, U3 12, U4 5.
    return [
        _assessment("U1", year, True, 85),
        _assessment("U2", year, False, 95),
        _assessment("U3", year, True, 100),
        _assessment("U4", year, False, 82),
    ]


def _year_2022() -> list[gm.Assessment]:
    # T under v2: U1 10, U2 8, U3 12, U4 10; under v1: U1 10, U2 6, U3 12, U4 8.
    return [
        _assessment("U1", 2022, True, 92),
        _assessment("U2", 2022, False, 95),
        _assessment("U3", 2022, True, 100),
        _assessment("U4", 2022, False, 100),
    ]


def _family(text: str = XW) -> gm.Family:
    return _core.parse_methodology_family(text, "xw.toml")


def test_new_rules_on_unchanged_data_are_all_methodology():
    change = gi.decompose_methodology_change(
        _family(), _year_2021(), _year_2021(2022), "U1", year_before=2021, year_after=2022
    )
    assert (change.node, change.score_before, change.score_after, change.rank_before, change.rank_after) == (
        "T",
        8.0,
        7.0,
        2.0,
        3.0,
    )
    assert change.rank_parts().tolist() == [0.0, 0.0, 1.0] and change.sequence == "shapley"
    assert (change.score_data_part, change.score_methodology_part) == (0.0, -1.0)
    assert (change.parts["change"] == 0).all() and change.parts.index.tolist() == ["A.1", "A.2", "B.1"]
    one = gi.decompose_methodology_change(
        _family(FORWARD_ONLY), _year_2021(), _year_2021(2022), "U1", year_before=2021, year_after=2022
    )
    assert one.sequence == "methodology first" and one.rank_parts().tolist() == [0.0, 0.0, 1.0]
    assert pickle.loads(pickle.dumps(change)) == change


def test_data_and_rules_changing_add_up():
    # U2 (unchanged evidence): rank 3 -> 4 = own 0 + others 1.5 + methodology -0.5 (hand-computed in
    # the C++ test); U1: score data part 1/2 [(10 - 8) + (10 - 7)] = 2.5, all of it A.2's.
    fam, before, after = _family(), _year_2021(), _year_2022()
    u2 = gi.decompose_methodology_change(fam, before, after, "U2", year_before=2021, year_after=2022)
    assert (u2.rank_before, u2.rank_after) == (3.0, 4.0)
    assert u2.rank_parts().tolist() == [0.0, 1.5, -0.5]
    u1 = gi.decompose_methodology_change(fam, before, after, "U1", year_before=2021, year_after=2022, rule="shapley")
    assert (u1.score_data_part, u1.score_methodology_part) == (2.5, -0.5)
    assert u1.parts["change"].to_dict() == {"A.1": 0.0, "A.2": 2.5, "B.1": 0.0}
    for unit in ("U1", "U2", "U3", "U4"):
        d = gi.decompose_methodology_change(fam, before, after, unit, year_before=2021, year_after=2022)
        assert abs(d.rank_parts().sum() - (d.rank_after - d.rank_before)) < 1e-12
    # One version for both years: nothing re-scored, no crosswalk needed.
    later = [_assessment(a.unit, 2023, a.unit in ("U1", "U2", "U3"), 95 if a.unit == "U2" else 100) for a in after]
    same = gi.decompose_methodology_change(_family(NO_CROSSWALK), after, later, "U2", year_before=2022, year_after=2023)
    assert same.methodology_part == 0.0 and same.score_after - same.score_before == 2.0


def test_a_node_the_crosswalk_does_not_cover_is_located():
    text = XW.replace('  { from = ["A.2"], to = ["A.2"], kind = "same", note = "points of the bands raised" },\n', "")
    assert text != XW
    with pytest.raises(gi.MethodError) as caught:
        gi.decompose_methodology_change(
            _family(text), _year_2021(), _year_2022(), "U3", node="A", year_before=2021, year_after=2022
        )
    err = caught.value
    assert str(err) == (
        'decompose methodology change: the crosswalk v1 -> v2 leaves node "A" of unit "U3" (2021) not '
        'comparable: A.2 (no mapping from v1); expected every leaf under "A" carried over (decompose a '
        "node it covers, or complete the crosswalk or the evidence)"
    )
    assert (err.source, err.node, err.found) == ("crosswalk v1 -> v2", "A.2", "no mapping from v1")
    assert isinstance(err, ValueError)
    b = gi.decompose_methodology_change(
        _family(text), _year_2021(), _year_2022(), "U3", node="B", year_before=2021, year_after=2022
    )
    assert b.methodology_part == 0.0
    with pytest.raises(gi.UnknownCodeError, match='no crosswalk between "v1" \\(2021\\) and "v2" \\(2022\\)'):
        gi.decompose_methodology_change(
            _family(NO_CROSSWALK), _year_2021(), _year_2022(), "U1", year_before=2021, year_after=2022
        )


def test_bad_methodology_arguments():
    fam = _family()
    with pytest.raises(TypeError, match="^family: expected govindex.methodology.Family, found str$"):
        gi.decompose_methodology_change("xw", _year_2021(), _year_2022(), "U1", year_before=2021, year_after=2022)
    with pytest.raises(
        TypeError,
        match="^assessments_after: expected a list of govindex.methodology.Assessment, found an item of type dict$",
    ):
        gi.decompose_methodology_change(fam, _year_2021(), [{}], "U1", year_before=2021, year_after=2022)
    with pytest.raises(TypeError, match="^year_after: expected an int, found str '2022'$"):
        gi.decompose_methodology_change(fam, _year_2021(), _year_2022(), "U1", year_before=2021, year_after="2022")
    with pytest.raises(TypeError, match="year_before"):
        gi.decompose_methodology_change(fam, _year_2021(), _year_2022(), "U1", year_after=2022)
    with pytest.raises(gi.MethodError, match='unknown rule "exact"'):
        gi.decompose_methodology_change(
            fam, _year_2021(), _year_2022(), "U1", year_before=2021, year_after=2022, rule="exact"
        )
    with pytest.raises(gi.InputError, match="is for 2022; expected year_before 2021"):
        gi.decompose_methodology_change(fam, _year_2022(), _year_2022(), "U1", year_before=2021, year_after=2022)
