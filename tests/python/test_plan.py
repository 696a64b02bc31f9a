"""Improvement plans and what-if from Python: known optima (greedy, enumeration), discrete levels,
infeasible targets, re-scoring, robustness under standard errors, pandas output, errors, pickling."""

from __future__ import annotations

import itertools
import math
import pickle

import govindex as gi
import pandas as pd
import pytest
from govindex.vn import report

COSTS = {"a": 1.0, "b": 3.0, "c": 0.2}


def three(method=None) -> gi.Results:
    """T = a + 2 b + 0.5 c for four units: 35, 10, 28, 18. u2 to rank 2 needs u3's 28."""
    meta = pd.DataFrame(
        {
            "iCode": ["a", "b", "c", "T"],
            "Level": [1, 1, 1, 2],
            "Parent": ["T", "T", "T", ""],
            "Type": ["Indicator"] * 3 + ["Aggregate"],
            "Weight": [1, 2, 0.5, ""],
            "Direction": [1, 1, 1, ""],
        }
    )
    framework = gi.Framework.from_frame(meta)
    frame = pd.DataFrame(
        {
            "uCode": ["u1", "u2", "u3", "u4"],
            "uName": ["One", "Two", "Three", "Bốn"],
            "a": [10, 2, 8, 5],
            "b": [10, 3, 8, 6],
            "c": [10, 4, 8, 2],
        }
    )
    data = gi.Dataset.from_frame(frame, framework)
    return gi.Pipeline([gi.Aggregate(method or gi.WeightedSum())]).run(framework, data)


@pytest.fixture(scope="module")
def results() -> gi.Results:
    return three()


def test_continuous_plan_is_the_greedy_optimum(results):
    plan = gi.plan_improvement(results, "Two", 2, costs=COSTS)
    assert plan.status == "optimal" and plan.feasible and plan.objective == "least_cost"
    steps = plan.steps
    assert list(steps.columns) == ["parent", "value", "new_value", "improvement", "effect", "gain", "cost", "discrete"]
    assert steps["new_value"].to_dict() == pytest.approx({"a": 10.0, "b": 6.5, "c": 10.0})
    assert plan.cost == pytest.approx(19.7) and plan.nodes_changed == 3
    assert plan.achieved_rank == 2 and plan.achieved_score >= 28
    applied = gi.apply_plan(results, plan)
    assert applied.results.ranks.loc["u2", "T"] == 2
    assert "optimal, 3 nodes, cost 19.7" in repr(plan)
    assert pickle.loads(pickle.dumps(plan)) == plan


def test_fewest_nodes(results):
    plan = gi.plan_improvement(results, "u2", 2, costs=COSTS, objective="fewest_nodes")
    assert plan.nodes_changed == 2 and plan.cost == pytest.approx(23.0)
    assert set(plan.steps.index) == {"a", "b"}


def test_discrete_levels_match_enumeration(results):
    levels = {"a": [4, 6, 10], "b": [5, 10], "c": [10]}
    plan = gi.plan_improvement(results, "u2", 2, costs=COSTS, levels=levels)
    start, weight = {"a": 2, "b": 3, "c": 4}, {"a": 1, "b": 2, "c": 0.5}
    best = min(
        (sum(COSTS[n] * (v - start[n]) for n, v in zip("abc", combo)), combo)
        for combo in itertools.product([2, 4, 6, 10], [3, 5, 10], [4, 10])
        if sum(weight[n] * v for n, v in zip("abc", combo)) >= 28
    )
    assert plan.status == "optimal" and plan.cost == pytest.approx(best[0], rel=1e-12)
    assert tuple(plan.steps["new_value"].reindex(list("abc")).fillna(pd.Series(start)).tolist()) == best[1]
    assert plan.steps["discrete"].all()


def test_infeasible_target_reports_the_best_rank(results):
    plan = gi.plan_improvement(results, "u2", 1, caps={"b": 5})
    assert plan.status == "infeasible" and not plan.feasible and plan.steps.empty
    assert (plan.best_score, plan.best_rank) == (31.0, 2.0)
    assert "best reachable rank 2" in repr(plan)


def test_geometric_mean_plan_is_re_solved_until_it_reaches():
    r = three(gi.GeometricMean())
    plan = gi.plan_improvement(r, "u2", 2)
    assert plan.status == "first-order" and plan.feasible and plan.rounds > 1
    assert gi.apply_plan(r, plan).results.ranks.loc["u2", "T"] <= 2


def test_robust_plan(results):
    se = {"u1": 1.0, "u2": 1.0, "u3": 1.0, "Bốn": 1.0}
    plain = gi.plan_improvement(results, "u2", 2, costs=COSTS, standard_errors=se, replicates=4096, seed=7)
    assert 0.3 < plain.success_probability < 0.7 and math.isnan(plain.robust_score)
    sure = gi.plan_improvement(
        results,
        "u2",
        2,
        costs=COSTS,
        standard_errors=se,
        probability=0.9,
        replicates=4096,
        seed=7,
        threads=1,
        progress=False,
    )
    assert sure.robust_score > 28 and sure.success_probability >= 0.9 and sure.cost > plain.cost
    calls = []
    again = gi.plan_improvement(
        results,
        "u2",
        2,
        costs=COSTS,
        standard_errors=se,
        probability=0.9,
        replicates=4096,
        seed=7,
        threads=2,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert again == sure and calls and calls[-1][1] == 4096


def test_what_if(results):
    change = gi.what_if(results, "Two", {"a": 10})
    assert change.unit == "u2" and change.data_set == "Raw"
    frame = change.changes
    assert list(frame.columns) == ["unit", "node", "score_before", "score_after", "rank_before", "rank_after"]
    row = frame[(frame["unit"] == "u2") & (frame["node"] == "T")].iloc[0]
    assert (row["score_before"], row["score_after"], row["rank_before"], row["rank_after"]) == (10, 18, 4, 3)
    assert change.results.scores.loc["u2", "T"] == 18
    assert not ((frame["unit"] == "u1") & (frame["node"] == "T")).any()
    back = pickle.loads(pickle.dumps(change))
    pd.testing.assert_frame_equal(back.changes, frame)


def test_bad_input_is_named(results):
    with pytest.raises(gi.MethodError, match=r"plan: costs \"a\": cost -1; expected a finite cost >= 0") as error:
        gi.plan_improvement(results, "u2", 2, costs={"a": -1})
    assert error.value.column == "costs" and error.value.node == "a"
    with pytest.raises(gi.MethodError, match="not an indicator below"):
        gi.plan_improvement(results, "u2", 2, nodes=["T"])
    with pytest.raises(gi.MethodError, match="target rank 5; expected a rank from 1 to 4"):
        gi.plan_improvement(results, "u2", 5)
    with pytest.raises(gi.MethodError, match="probability"):
        gi.plan_improvement(results, "u2", 2, standard_errors={"u1": 1, "u2": 1, "u3": 1, "u4": 1}, probability=1.5)
    with pytest.raises(gi.MethodError, match="a standard error for every unit"):
        gi.plan_improvement(results, "u2", 2, standard_errors={"u1": 1.0})
    with pytest.raises(gi.MethodError, match='objective "cheapest"'):
        gi.plan_improvement(results, "u2", 2, objective="cheapest")
    with pytest.raises(gi.UnknownCodeError, match="no unit with code or name"):
        gi.plan_improvement(results, "nobody", 2)
    with pytest.raises(gi.UnknownCodeError, match='has no column "zz"'):
        gi.what_if(results, "u2", {"zz": 1})
    with pytest.raises(gi.UnknownCodeError, match='no data set "Normalised"'):
        gi.what_if(results, "u2", {"a": 1}, data_set="Normalised")
    with pytest.raises(gi.MethodError, match="changes nothing"):
        gi.apply_plan(results, gi.plan_improvement(results, "u3", 2))
    # Wrong Python types: one line naming the argument.
    for call, message in [
        (
            lambda: gi.plan_improvement(results, "u2", 2, costs={"a": "3"}),
            r"costs\['a'\]: expected a number, found str '3'",
        ),
        (lambda: gi.plan_improvement(results, "u2", "2"), "target_rank"),
        (lambda: gi.plan_improvement(results, "u2", 2, nodes="a"), "nodes: expected a list of node codes"),
        (lambda: gi.plan_improvement(results, "u2", 2, levels={"a": 4}), r"levels\['a'\]: expected a list of values"),
        (lambda: gi.plan_improvement(results, "u2", 2, probability="0.9"), "probability: expected a number"),
        (lambda: gi.plan_improvement("results", "u2", 2), "results: expected govindex.Results"),
        (lambda: gi.what_if(results, "u2", [1]), "values: expected a mapping"),
        (lambda: gi.apply_plan(results, None), "plan: expected govindex.ImprovementPlan"),
    ]:
        with pytest.raises(TypeError, match=message) as error:
            call()
        assert "\n" not in str(error.value)


def test_what_if_on_raw_evidence_held_as_text():
    """A yes/no criterion scored by a Score step: its evidence is text ("false" -> "true")."""
    meta = pd.DataFrame(
        {
            "iCode": ["c1", "c2", "T", "c1_yes"],
            "Level": [1, 1, 2, None],
            "Parent": ["T", "T", "", ""],
            "Type": ["Indicator", "Indicator", "Aggregate", "Other"],
            "Weight": [1, 1, "", ""],
            "Direction": [1, 1, "", ""],
        }
    )
    framework = gi.Framework.from_frame(meta)
    data = gi.Dataset.from_frame(
        pd.DataFrame(
            {"uCode": ["u1", "u2"], "c1": [math.nan, math.nan], "c2": [1.0, 2.0], "c1_yes": ["false", "true"]}
        ),
        framework,
    )
    run = gi.Pipeline([gi.Score(rules={"c1": gi.YesNo(points=2)}), gi.Aggregate(gi.WeightedSum())]).run(framework, data)
    change = gi.what_if(run, "u1", {"c1_yes": "true", "c2": 2.0})
    assert change.results.scores.loc["u1", "T"] == 4.0
    rows = change.changes.set_index("node")
    assert rows.loc["c1", "score_after"] == 2.0 and rows.loc["T", "rank_after"] == 1
    with pytest.raises(gi.UnknownCodeError, match='has no text column "c9_yes"'):
        gi.what_if(run, "u1", {"c9_yes": "true"})


SES = {"u1": 1.0, "u2": 1.0, "u3": 1.0, "u4": 1.0}


def test_empty_nodes_is_an_error_not_every_node(results):
    """nodes=[] planned over every node; None keeps meaning "every indicator"."""
    with pytest.raises(gi.MethodError, match=r"plan: nodes: an empty list; expected at least one") as error:
        gi.plan_improvement(results, "u2", 2, nodes=[])
    assert error.value.column == "nodes"
    assert gi.plan_improvement(results, "u2", 2, nodes=None).feasible


@pytest.mark.parametrize("probability", [math.nan, math.inf, -math.inf, 0.0, 1.0, -0.1, 2, 10**400])
def test_probability_outside_zero_one_is_named(results, probability):
    """probability=NaN was taken as "no probability"; every value outside (0, 1) is a MethodError."""
    with pytest.raises(gi.MethodError, match=r"plan: probability: .*expected a probability strictly between 0 and 1"):
        gi.plan_improvement(results, "u2", 2, standard_errors=SES, probability=probability, replicates=64)


def test_report_probability_outside_zero_one_is_named():
    """province_report(probability=nan) printed "≥ nan%"; now refused before any work."""
    with pytest.raises(gi.MethodError, match=r"province report: probability: nan; expected a probability") as error:
        report.province_report("Bến Tre", probability=math.nan)
    assert error.value.column == "probability"


def test_apply_plan_refuses_another_run(results):
    """A plan made on one run applied to another (0-100 values into a 1-10 run) gave rank 1 silently."""
    plan = gi.plan_improvement(results, "u2", 2)
    assert gi.apply_plan(three(), plan).results.ranks.loc["u2", "T"] <= 2  # the same run made again
    assert pickle.loads(pickle.dumps(plan)) == plan
    assert gi.apply_plan(results, pickle.loads(pickle.dumps(plan))).results.ranks.loc["u2", "T"] <= 2
    other = three(gi.ArithmeticMean())
    with pytest.raises(gi.MethodError, match=r"apply plan: results: not the run the plan was made on") as error:
        gi.apply_plan(other, plan)
    assert error.value.column == "results"
    # Other data under the same framework and pipeline: every value divided by 10.
    framework = results.framework
    raw = results.data_set("Raw").to_frame()
    scaled = raw.assign(**{c: raw[c] / 10 for c in ("a", "b", "c")})
    rerun = gi.Pipeline([gi.Aggregate(gi.WeightedSum())]).run(framework, gi.Dataset.from_frame(scaled, framework))
    with pytest.raises(gi.MethodError, match="not the run the plan was made on"):
        gi.apply_plan(rerun, plan)


@pytest.mark.parametrize(
    "arguments, name",
    [
        ({"target_rank": 2**31}, "target_rank"),
        ({"seed": 2**64}, "seed"),
        ({"seed": -1}, "seed"),
        ({"threads": -1}, "threads"),
        ({"threads": 2**32}, "threads"),
        ({"replicates": -5}, "replicates"),
        ({"replicates": 2**64}, "replicates"),
        ({"year": 2**40}, "year"),
    ],
)
def test_out_of_range_integers_are_one_line_errors(results, arguments, name):
    """target_rank=2**31, seed=2**64 ... gave a 400-1,264-character pybind11 signature dump."""
    call = {"target_rank": 2, **arguments}
    with pytest.raises(gi.ArgumentValueError, match=rf"^{name}: expected an int") as error:
        gi.plan_improvement(results, "u2", call.pop("target_rank"), **call)
    assert "\n" not in str(error.value) and len(str(error.value)) < 120
    if name in ("target_rank", "year"):
        call = {"target_rank": 2, **arguments}
        with pytest.raises(gi.ArgumentValueError, match=rf"^{name}: expected an int"):
            gi.gap_to_target(results, "u2", call.pop("target_rank"), **call)


def test_impossible_replicates_are_a_method_error_before_allocating(results):
    """replicates=2**40 gave a bare MemoryError."""
    with pytest.raises(gi.MethodError, match=r"plan: replicates = 1099511627776 needs more than") as error:
        gi.plan_improvement(results, "u2", 2, standard_errors=SES, replicates=2**40)
    assert error.value.column == "replicates"


def test_two_spellings_of_one_node_in_costs_are_refused():
    meta = pd.DataFrame(
        {
            "iCode": ["\u00e1", "b", "T"],
            "Level": [1, 1, 2],
            "Parent": ["T", "T", ""],
            "Type": ["Indicator"] * 2 + ["Aggregate"],
            "Weight": [1, 1, ""],
            "Direction": [1, 1, ""],
        }
    )
    framework = gi.Framework.from_frame(meta)
    data = gi.Dataset.from_frame(
        pd.DataFrame({"uCode": ["u1", "u2", "u3"], "\u00e1": [1, 2, 3], "b": [3, 1, 2]}), framework
    )
    run = gi.Pipeline([gi.Aggregate(gi.WeightedSum())]).run(framework, data)
    with pytest.raises(gi.MethodError, match="another spelling of") as error:
        gi.plan_improvement(run, "u2", 1, costs={"\u00e1": 1.0, "a\u0301": 5.0})
    assert error.value.column == "costs"
