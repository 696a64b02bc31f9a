"""govindex.reports: results tables, unit summaries, strengths and weaknesses (COINr get_results,
get_unit_summary, get_str_weak) on the ASEM run (min-max [0, 100], arithmetic mean), each checked
against a second computation with pandas; trends and interpolation on ASEM's panel (iData_p.csv)
against numpy; Vietnamese province names through the PAPI 2022 total scores."""

from __future__ import annotations

import unicodedata

import govindex as gi
import numpy as np
import pandas as pd
import pytest


@pytest.fixture(scope="module")
def run(asem, minmax_amean) -> gi.Results:
    framework, data = asem
    return minmax_amean.run(framework, data)


@pytest.fixture(scope="module")
def panel(asem) -> gi.Dataset:
    framework, _ = asem
    return gi.read_dataset(gi.datasets.path("asem") / "iData_p.csv", framework)


def test_summary_table_is_the_index_and_its_children(run):
    table = gi.results_table(run)
    assert list(table.columns) == ["uName", "Rank", "Index", "Conn", "Sust"]
    assert table.index.name == "uCode"
    pd.testing.assert_series_equal(table["Rank"], run.results_table()["Rank"])
    assert table["Index"].is_monotonic_decreasing
    assert table.loc["VNM", "Conn"] == run.scores.loc["VNM", "Conn"]


def test_full_table_of_ranks_and_chosen_levels(run):
    full = gi.results_table(run, table="full", ranks=True)
    assert "Rank" not in full.columns and len(full.columns) == 1 + 60
    assert full["NEET"].dtype == "Int64"
    pd.testing.assert_frame_equal(
        full.drop(columns="uName"), run.ranks.loc[full.index, full.columns[1:]], check_names=False
    )
    aggregates = gi.results_table(run, table="aggregates")
    assert list(aggregates.columns[2:5]) == ["Index", "Conn", "Sust"] and len(aggregates.columns) == 2 + 11
    assert list(gi.results_table(run, levels=[2]).columns) == ["uName", "Rank", *run.framework._impl.level_codes(2)]


def test_ranks_within_groups(run):
    table = gi.results_table(run, levels=[4, 2], ranks=True, group="EurAsia_group")
    assert table["EurAsia_group"].iloc[0] == "Europe"
    scores = run.scores.join(pd.Series(run.data_set("Raw")._impl.groups[3][1], index=run.scores.index, name="g"))
    expected = scores.groupby("g")["Instit"].rank(ascending=False, method="min").astype("Int64")
    pd.testing.assert_series_equal(table["Instit"], expected.loc[table.index], check_names=False)


def test_unit_summary_by_code_and_name(run):
    summary = gi.unit_summary(run, "Vietnam", group="EurAsia_group")
    assert list(summary.columns) == ["name", "level", "score", "rank", "group_rank"]
    assert summary.index[0] == "Index" and len(summary) == 11
    assert summary.loc["Conn", "score"] == run.scores.loc["VNM", "Conn"]
    assert summary.loc["Conn", "rank"] == run.ranks.loc["VNM", "Conn"]
    assert (summary["group_rank"] <= summary["rank"]).all()
    assert list(gi.unit_summary(run, "VNM", levels=1).index) == list(run.framework._impl.indicators)


def test_strengths_and_weaknesses_rank_by_direction(run):
    sw = gi.strengths_weaknesses(run, "DEU", top=5)
    assert isinstance(sw, gi.StrengthsWeaknesses)
    assert list(sw.strengths.columns) == ["name", "ancestor", "rank", "value", "unit"]
    assert len(sw.strengths) == 5 and len(sw.weaknesses) == 5
    raw = run.data_set("Raw").values
    framework = run.framework._impl
    for frame in sw:
        for code, row in frame.iterrows():
            direction = framework.node(code).direction
            adjusted = raw[code] * direction
            assert row["rank"] == (adjusted > adjusted["DEU"]).sum() + 1  # competition ranks, ties share
            assert row["value"] == raw.loc["DEU", code]
    assert sw.strengths["rank"].is_monotonic_increasing and sw.weaknesses["rank"].is_monotonic_increasing
    # Every indicator where Germany is not missing and not at the worst rank is between the two ends.
    within = gi.strengths_weaknesses(run, "DEU", top=49, bottom=1, discard_minimum=False).strengths
    assert within["rank"].is_monotonic_increasing and len(within) == raw.loc["DEU"].notna().sum()


def test_strengths_within_a_group_and_on_normalised_data(run):
    grouped = gi.strengths_weaknesses(run, "VNM", group="EurAsia_group", top=3)
    asia = run.data_set("Raw")._impl.groups[3][1].count("Asia")
    assert (grouped.strengths["rank"] <= asia - 1).all()  # ranks within Asia (the worst one discarded)
    normalised = gi.strengths_weaknesses(run, "VNM", data_set="Normalised", top=3)
    expected = run.data_set("Normalised").values.rank(ascending=False, method="min").loc["VNM"]
    assert list(normalised.strengths["rank"]) == [int(expected[c]) for c in normalised.strengths.index]


def test_unit_names_of_vietnamese_provinces():
    framework = gi.vn.published.papi_total_framework()
    results = gi.Pipeline([gi.Aggregate(gi.WeightedSum())]).run(framework, gi.vn.published.papi_total(2022))
    by_name = gi.unit_summary(results, "Bến Tre")
    for key in (unicodedata.normalize("NFD", "Bến Tre"), "83", "Ben Tre"):
        pd.testing.assert_frame_equal(gi.unit_summary(results, key), by_name)
    assert len(gi.strengths_weaknesses(results, "ben tre", top=2).strengths) <= 2


def test_bad_arguments_are_one_line_errors(run):
    cases = [
        (lambda: gi.results_table(run, table="short"), ValueError, "table"),
        (lambda: gi.results_table(run, levels=["2"]), TypeError, "levels"),
        (lambda: gi.results_table(run, levels=[7]), gi.MethodError, "level 7"),
        (lambda: gi.results_table(run, group="Continent"), gi.UnknownCodeError, "Continent"),
        (lambda: gi.results_table(run, ranks="yes"), TypeError, "ranks"),
        (lambda: gi.results_table(run.scores), TypeError, "Results"),
        (lambda: gi.unit_summary(run, "Atlantis"), gi.UnknownCodeError, "Atlantis"),
        (lambda: gi.unit_summary(run, 3), TypeError, "unit"),
        (lambda: gi.strengths_weaknesses(run, "DEU", top=0), ValueError, "top"),
        (lambda: gi.strengths_weaknesses(run, "DEU", data_set="Nope"), gi.UnknownCodeError, "Nope"),
        (lambda: gi.strengths_weaknesses(run, "DEU", unique_share=2), ValueError, "unique_share"),
        (lambda: gi.strengths_weaknesses(run, "DEU", report_level=9), gi.MethodError, "level 9"),
    ]
    for call, kind, text in cases:
        with pytest.raises(kind, match=text) as caught:
            call()
        assert "\n" not in str(caught.value)


def test_trends_against_numpy(panel):
    whole = gi.trends(panel, columns=["LPI", "Flights"])
    assert list(whole.columns) == ["uName", "start", "end", "start_value", "end_value", "change", "cagr"]
    values = panel.values
    for (unit, code), row in whole.sample(20, random_state=1).iterrows():
        series = values.xs(unit, level="uCode")[code].dropna().sort_index()
        if len(series) < 2:
            assert np.isnan(row["cagr"])
            continue
        first, last = series.iloc[0], series.iloc[-1]
        assert row["start"] == series.index[0] and row["end"] == series.index[-1]
        assert row["change"] == pytest.approx(last - first, rel=1e-12)
        expected = 0.0 if first == last else (last / first) ** (1 / (series.index[-1] - series.index[0])) - 1
        assert row["cagr"] == pytest.approx(expected, rel=1e-12)
    years = panel.years
    between = gi.trends(panel, columns="LPI", start=years[0], end=years[-1])
    assert (between["start"] == years[0]).all() and len(between) == len(set(panel.unit_codes))
    with pytest.raises(gi.MethodError, match="not before"):
        gi.trends(panel, start=years[-1], end=years[0])
    with pytest.raises(gi.MethodError, match="panel"):
        gi.trends(panel.select_time(years[0]))


def test_interpolation_fills_interior_gaps_only(panel):
    # Blank one unit's first year (an end gap: stays missing) and third year (interior: the straight
    # line between the second and the fourth).
    frame = panel.to_frame().reset_index()
    years = sorted(set(frame["Time"]))
    first = frame["uCode"].iloc[0]
    original = panel.values.xs(first, level="uCode")["LPI"]
    frame.loc[(frame["uCode"] == first) & frame["Time"].isin([years[0], years[2]]), "LPI"] = np.nan
    holey = gi.Dataset.from_frame(frame, gi.datasets.asem()[0])
    filled = gi.interpolate(holey, columns="LPI")
    lpi = filled.values.xs(first, level="uCode")["LPI"]
    assert np.isnan(lpi[years[0]])
    expected = original[years[1]] + (original[years[3]] - original[years[1]]) * (years[2] - years[1]) / (
        years[3] - years[1]
    )
    assert lpi[years[2]] == pytest.approx(expected, rel=1e-12)
    pd.testing.assert_frame_equal(filled.values.drop(columns="LPI"), holey.values.drop(columns="LPI"))
    with pytest.raises(TypeError, match="Dataset"):
        gi.interpolate(frame)


def test_strengths_weaknesses_pickles(run):
    import pickle

    sw = gi.strengths_weaknesses(run, "DEU")
    back = pickle.loads(pickle.dumps(sw))
    assert isinstance(back, gi.StrengthsWeaknesses) and all(a.equals(b) for a, b in zip(back, sw))


def test_reports_of_a_panel_run_year_by_year(panel, minmax_amean, asem):
    results = minmax_amean.run(asem[0], panel)
    table = gi.results_table(results)
    assert table.index.names == ["uCode", "Time"]
    one_year = table.xs(2021, level="Time")
    pd.testing.assert_series_equal(
        one_year["Rank"], results.ranks.xs(2021, level="Time")["Index"].loc[one_year.index], check_names=False
    )
    summary = gi.unit_summary(results, "VNM", year=2021)
    assert summary.loc["Conn", "rank"] == results.ranks.loc[("VNM", 2021), "Conn"]
    with pytest.raises(gi.MethodError, match="give the year"):
        gi.unit_summary(results, "VNM")
    with pytest.raises(gi.UnknownCodeError, match="1999"):
        gi.strengths_weaknesses(results, "VNM", year=1999)
