"""Why a rank changed, at the edges (issue 21): a methodology change between the two runs is found
and booked as such (PAPI 2017 -> 2018: two new dimensions), never as the province's own change; a
node in one run only gives no NaN; a unit without a score and a year a run does not have are
located errors; both readings of "own" (Shapley and one at a time) are reported; every PAPI
province and consecutive year pair either adds up exactly or is a located error."""

from __future__ import annotations

import math

import govindex as gi
import numpy as np
import pandas as pd
import pytest
from govindex.vn import indices, published


def _run(indicators: list[str], rows: dict[str, list[float]]) -> gi.Results:
    """T = the sum of `indicators` (WeightedSum) for the units of `rows` (code -> values)."""
    meta = pd.DataFrame(
        {
            "iCode": [*indicators, "T"],
            "Level": [1] * len(indicators) + [2],
            "Parent": ["T"] * len(indicators) + [""],
            "Type": ["Indicator"] * len(indicators) + ["Aggregate"],
            "Weight": [1] * len(indicators) + [""],
            "Direction": [1] * len(indicators) + [""],
        }
    )
    framework = gi.Framework.from_frame(meta)
    frame = pd.DataFrame([[code, *values] for code, values in rows.items()], columns=["uCode", *indicators])
    return gi.Pipeline([gi.Aggregate(gi.WeightedSum())]).run(framework, gi.Dataset.from_frame(frame, framework))


def test_a_node_in_the_after_run_only_is_methodology_and_no_nan():
    # Issue 21's minimal case: {a, b} then {a, b, c}; rule="shapley" gave all-NaN parts.
    before = _run(["a", "b"], {"U1": [1, 2], "U2": [2, 2]})
    after = _run(["a", "b", "c"], {"U1": [1, 3, 5], "U2": [2, 2, 1]})
    for rule in ("shapley", "contributions", "auto"):
        change = gi.decompose_change(before, after, "U1", rule=rule)
        assert change.parts["change"].notna().all()
        assert change.parts["change"].to_dict() == {"a": 0.0, "b": 1.0}
        assert change.methodology_differences == ['node "c" (under "T") is in the after run only']
        assert (change.rescoring, change.sequence) == ("automatic", "data first")
        assert (change.score_data_part, change.score_methodology_part) == (1.0, 5.0)
        assert change.own_part + change.others_part + change.methodology_part == change.rank_after - change.rank_before
    assert gi.methodology_differences(before, after) == ['node "c" (under "T") is in the after run only']
    assert gi.methodology_differences(before, before) == []


def test_a_unit_without_a_score_is_a_located_error():
    # Issue 21: b missing for U1 in the second run; parts["change"] said a changed by -1.
    before = _run(["a", "b"], {"U1": [1, 2], "U2": [2, 2]})
    after = _run(["a", "b"], {"U1": [1, math.nan], "U2": [2, 3]})
    for rule in ("shapley", "contributions", "auto"):
        with pytest.raises(gi.UnknownCodeError, match='has no score on "T" in the after run') as caught:
            gi.decompose_change(before, after, "U1", rule=rule)
        assert (caught.value.source, caught.value.found) == ("after run", "U1")


def test_years_a_run_does_not_have_are_errors():
    run = _run(["a", "b"], {"U1": [1, 2], "U2": [2, 2]})
    with pytest.raises(gi.UnknownCodeError, match="year_before 1900 but the before run is a single cross-section"):
        gi.decompose_change(run, run, "U1", year_before=1900)
    with pytest.raises(gi.UnknownCodeError, match="year_after"):
        gi.decompose_change(run, run, "U1", year_after=2020)


def test_both_readings_of_own():
    # U: 5 -> 7, X: 6 -> 8, Y: 4 -> 4: rank 2 -> 2. Only U changed: 1; only the others: 2.
    before = _run(["a"], {"U": [5], "X": [6], "Y": [4]})
    after = _run(["a"], {"U": [7], "X": [8], "Y": [4]})
    change = gi.decompose_change(before, after, "U")
    assert change.rank_parts().to_dict() == {"own": -0.5, "others": 0.5, "methodology": 0.0}
    assert (change.rank_if_only_own, change.rank_if_only_others) == (1.0, 2.0)
    assert change.counterfactual_parts().to_dict() == {
        "own_alone": -1.0,
        "others_alone": 0.0,
        "interaction": 1.0,
        "methodology": 0.0,
    }
    assert "own alone -1" in repr(change) and "interaction +1" in repr(change)


def test_neither_run_re_scorable_is_a_located_error():
    before = _run(["a", "b"], {"U1": [1, 2], "U2": [2, 2]})
    after = _run(["a", "c"], {"U1": [1, 2], "U2": [2, 2]})
    with pytest.raises(gi.MethodError, match="differ in methodology") as caught:
        gi.decompose_change(before, after, "U1")
    assert caught.value.source == "methodology"
    assert 'the before data has no "c"' in str(caught.value) and 'the after data has no "b"' in str(caught.value)


def _papi_ranks(totals: pd.Series) -> pd.Series:
    """Competition ranks ("min") of the scored provinces, highest first."""
    scored = totals.dropna()
    return scored.rank(ascending=False, method="min")


def test_papi_2017_to_2018_books_the_two_new_dimensions_as_methodology():
    before, after = indices.papi_results(2017), indices.papi_results(2018)
    differences = gi.methodology_differences(before, after)
    assert 'node "d7" (under "papi") is in the after run only' in differences
    assert 'node "d8" (under "papi") is in the after run only' in differences
    frame = published.papi(2018)
    frame.index = frame.index.astype(str)
    six = frame[[f"d{k}" for k in range(1, 7)]].astype(float).sum(axis=1, min_count=6)
    eight = frame[[f"d{k}" for k in range(1, 9)]].astype(float).sum(axis=1, min_count=8)
    rank_six, rank_eight = _papi_ranks(six), _papi_ranks(eight)
    scores_2017 = before.scores["papi"].dropna()
    nonzero = 0
    for code in scores_2017.index:
        if code not in rank_eight.index:
            continue
        change = gi.decompose_change(before, after, code)
        assert (change.rescoring, change.sequence) == ("automatic", "data first")
        total = change.own_part + change.others_part + change.methodology_part
        assert total == pytest.approx(change.rank_after - change.rank_before, abs=1e-9)
        # The methodology part is the effect of adding d7 and d8 to the 2018 data.
        assert change.methodology_part == rank_eight[code] - rank_six[code]
        assert change.score_methodology_part == pytest.approx(eight[code] - six[code], abs=1e-12)
        assert change.parts["change"].sum() == pytest.approx(change.score_data_part, abs=1e-9)
        assert np.isfinite(change.parts["change"]).all()
        nonzero += change.methodology_part != 0
    assert nonzero > 30  # the new dimensions moved most provinces


def test_every_papi_province_and_year_pair_adds_up_or_is_located():
    years = list(published.PAPI_YEARS)
    runs = {year: indices.papi_results(year) for year in years}
    decomposed = located = 0
    for year_before, year_after in zip(years, years[1:]):
        before, after = runs[year_before], runs[year_after]
        for code in sorted(set(before.scores.index) | set(after.scores.index)):
            try:
                change = gi.decompose_change(before, after, code)
            except gi.UnknownCodeError as e:  # no such province, or no score, in one of the years
                assert e.source in ("before run", "after run") or e.column == "unit", str(e)
                located += 1
                continue
            decomposed += 1
            values = [
                change.own_part,
                change.others_part,
                change.methodology_part,
                change.own_alone_part,
                change.others_alone_part,
                change.interaction_part,
                change.score_data_part,
                change.score_methodology_part,
            ]
            assert all(math.isfinite(v) for v in values), (year_before, code)
            assert np.isfinite(change.parts["change"]).all(), (year_before, code)
            rank_change = change.rank_after - change.rank_before
            assert abs(change.own_part + change.others_part + change.methodology_part - rank_change) <= 1e-9
            assert (
                abs(
                    change.own_alone_part
                    + change.others_alone_part
                    + change.interaction_part
                    + change.methodology_part
                    - rank_change
                )
                <= 1e-9
            )
            assert abs(change.parts["change"].sum() - change.score_data_part) <= 1e-9
            assert change.score_data_part + change.score_methodology_part == pytest.approx(
                change.score_after - change.score_before, abs=1e-9
            )
    assert decomposed > 500 and located > 0


def test_out_of_range_integers_are_one_line_errors():
    run = _run(["a", "b"], {"U1": [1, 2], "U2": [2, 2]})
    for arguments, name in (
        ({"seed": 2**64}, "seed"),
        ({"permutations": 2**64}, "permutations"),
        ({"year_before": 2**31}, "year_before"),
    ):
        with pytest.raises(ValueError, match=f"^{name}: expected") as caught:
            gi.decompose_change(run, run, "U1", **arguments)
        assert "\n" not in str(caught.value) and len(str(caught.value)) < 200
