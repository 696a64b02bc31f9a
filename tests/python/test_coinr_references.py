"""Every COINr 1.1.14 reference in ../shared/reference/coinr/ reproduced from Python.

Numbers within 1e-9 relative, ranks equal, missing where COINr has missing; logical and text
columns of side tables equal. (a_stats*, a_corr*, a_eff_weights*, a_remove* are reproduced by
test_analysis.py.) The pipelines are those of ../shared/reference/coinr/README.md.
"""

from __future__ import annotations

import govindex as gi
import numpy as np
import pandas as pd
import pytest
from conftest import ASEM, COINR, assert_matches, reference


def example() -> gi.Pipeline:
    """COINr's full example build (build_example_coin)."""
    return gi.Pipeline(
        [
            gi.Denominate(missing_denominator_gives_missing=True),  # LAO has no Energy value
            gi.Impute(gi.GroupMean(group="EurAsia_group")),
            gi.Screen(min_availability=0.9),
            gi.Treat(),
            gi.Normalise(gi.MinMax(low=0, high=100)),
            gi.Aggregate(gi.ArithmeticMean()),
        ]
    )


def then_minmax_amean(*steps) -> gi.Pipeline:
    return gi.Pipeline([*steps, gi.Normalise(gi.MinMax(low=0, high=100)), gi.Aggregate()])


PIPELINES = {
    "b1_zscore_0_1_amean": gi.Pipeline([gi.Normalise(gi.ZScore(mean=0, sd=1)), gi.Aggregate()]),
    "c1_minmax_1_100_gmean": gi.Pipeline([gi.Normalise(gi.MinMax(low=1, high=100)), gi.Aggregate(gi.GeometricMean())]),
    "d1_rank_amean": gi.Pipeline([gi.Normalise(gi.Rank()), gi.Aggregate()]),
    "e1_impute_mean": then_minmax_amean(gi.Impute(gi.IndicatorMean())),
    "e3_impute_mean_grp": then_minmax_amean(gi.Impute(gi.GroupMean(group="EurAsia_group"))),
    "e5_impute_row_mean_pillar": then_minmax_amean(gi.Impute(gi.RowMean(level=2, normalise_first=True))),
    "f_treat_default": then_minmax_amean(gi.Treat()),
    "h_example": example(),
}

# (file, pipeline, data set compared)
DATA_SETS = [
    ("e1_impute_mean_imputed", "e1_impute_mean", "Imputed"),
    ("e3_impute_mean_grp_imputed", "e3_impute_mean_grp", "Imputed"),
    ("e5_impute_row_mean_pillar_imputed", "e5_impute_row_mean_pillar", "Imputed"),
    ("f_treat_default_treated", "f_treat_default", "Treated"),
    ("h_example_denominated", "h_example", "Denominated"),
    ("h_example_imputed", "h_example", "Imputed"),
    ("h_example_screened", "h_example", "Screened"),
    ("h_example_treated", "h_example", "Treated"),
]

NORMALISATIONS = {
    "norm_minmax_0_100": gi.MinMax(low=0, high=100),
    "norm_zscore_0_1": gi.ZScore(mean=0, sd=1),
    "norm_dist2max": gi.DistanceToMax(),
    "norm_rank": gi.Rank(),
    "norm_prank": gi.PercentRank(),
    "norm_borda": gi.Borda(),
    "norm_dist2targ": gi.DistanceToTarget(),
}


@pytest.fixture(scope="module")
def runs(asem):
    framework, data = asem
    return {name: pipeline.run(framework, data) for name, pipeline in PIPELINES.items()}


@pytest.mark.parametrize("name", sorted(PIPELINES))
def test_scores_and_ranks(runs, name):
    results = runs[name]
    assert_matches(results.scores, reference(f"{name}_scores.csv"))
    expected = reference(f"{name}_ranks.csv")
    actual = results.ranks.loc[expected.index, expected.columns].astype(float)
    assert actual.equals(expected.astype(float))


@pytest.mark.parametrize(("file", "run", "data_set"), DATA_SETS)
def test_intermediate_data_sets(runs, file, run, data_set):
    expected = reference(f"{file}.csv")
    actual = runs[run].data_set(data_set).values
    assert list(actual.index) == list(expected.index) or sorted(actual.index) == sorted(expected.index)
    assert_matches(actual, expected)


@pytest.mark.parametrize("name", sorted(NORMALISATIONS))
def test_normalisations(asem, name):
    framework, data = asem
    results = gi.Pipeline([gi.Normalise(NORMALISATIONS[name])]).run(framework, data)
    assert_matches(results.data_set("Normalised").values, reference(f"{name}.csv"))


def test_goalposts_from_framework_attributes(asem):
    framework, data = asem
    params = pd.read_csv(COINR / "norm_goalposts_params.csv", index_col="iCode")
    meta = framework.to_frame()
    for column in params.columns:
        meta[column] = (
            meta["iCode"]
            .map(params[column])
            .map(lambda v: "" if pd.isna(v) else str(v).upper() if isinstance(v, (bool, np.bool_)) else v)
        )
    with_posts = gi.Framework.from_frame(meta)
    results = gi.Pipeline([gi.Normalise(gi.Goalposts())]).run(with_posts, data)
    assert_matches(results.data_set("Normalised").values, reference("norm_goalposts.csv"))


def test_fracmax_where_defined(asem):
    """COINr's fracmax is meaningless for negative-direction indicators (max <= 0): ours raises there."""
    framework, data = asem
    expected = reference("norm_fracmax.csv")
    positive = [c for c in framework.indicators if framework.node(c).direction == 1]
    meta = framework.to_frame()
    negative = meta.loc[(meta["Type"] == "Indicator") & (meta["Direction"] == -1), "iCode"]
    kept = meta[~meta["iCode"].isin(negative)]
    subset = gi.Framework.from_frame(kept)
    frame = data.to_frame().drop(columns=list(negative))
    results = gi.Pipeline([gi.Normalise(gi.FractionOfMax())]).run(subset, gi.Dataset.from_frame(frame, subset))
    assert_matches(results.data_set("Normalised").values, expected[positive])
    with pytest.raises(gi.NumericError, match='indicator "CostImpEx"'):
        gi.Pipeline([gi.Normalise(gi.FractionOfMax())]).run(framework, data)


def test_panel_by_year_and_pooled(asem):
    framework, _ = asem
    panel = gi.read_dataset(ASEM / "iData_p.csv", framework)
    for name, pool in (("g1_panel_byyear", False), ("g2_panel_global", True)):
        results = gi.Pipeline([gi.Normalise(gi.MinMax(), pool_years=pool), gi.Aggregate()]).run(framework, panel)
        expected = pd.read_csv(COINR / f"{name}_scores.csv").set_index(["uCode", "Time"])
        assert_matches(results.scores, expected)
        ranks = pd.read_csv(COINR / f"{name}_ranks.csv").set_index(["uCode", "Time"])
        assert results.ranks.loc[ranks.index, ranks.columns].astype(float).equals(ranks.astype(float))


def _compare_table(actual: pd.DataFrame, expected: pd.DataFrame) -> None:
    for column in expected.columns:
        a, e = actual[column], expected[column]
        if e.dtype == bool or a.dtype == "boolean":
            assert list(a.astype("boolean").fillna(False)) == list(e.astype("boolean").fillna(False)), column
        elif pd.api.types.is_numeric_dtype(e):
            assert_matches(a.to_frame().astype(float), e.to_frame().astype(float))
        else:
            assert list(a.fillna("")) == list(e.fillna("")), column


@pytest.mark.parametrize(
    ("file", "run", "table", "key"),
    [
        ("f_treat_default_details", "f_treat_default", "TreatmentDetails", "iCode"),
        ("f_treat_default_points", "f_treat_default", "TreatedPoints", "uCode"),
        ("h_example_treat_details", "h_example", "TreatmentDetails", "iCode"),
        ("h_example_treat_points", "h_example", "TreatedPoints", "uCode"),
        ("h_example_screen_summary", "h_example", "ScreeningSummary", "uCode"),
    ],
)
def test_side_tables(runs, file, run, table, key):
    if file.endswith("points"):  # text: which cells were treated ("winhi", "winlo", "" ...)
        expected = pd.read_csv(COINR / f"{file}.csv", dtype=str, keep_default_na=False).set_index(key)
    else:
        expected = pd.read_csv(COINR / f"{file}.csv", keep_default_na=False, na_values=[""]).set_index(key)
    actual = runs[run].table(table).set_index(key).loc[expected.index]
    _compare_table(actual, expected)


def test_geometric_mean_over_zeros_is_a_clear_error(asem):
    """COINr's c0: min-max [0, 100] then the geometric mean fails on zeros; ours names node and units."""
    with pytest.raises(gi.NumericError, match=r'"Physical".*AUS'):
        gi.Pipeline([gi.Normalise(gi.MinMax(low=0, high=100)), gi.Aggregate(gi.GeometricMean())]).run(*asem)
