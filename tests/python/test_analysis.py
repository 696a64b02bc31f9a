"""govindex.analysis against COINr 1.1.14 on its ASEM example (tests/reference/coinr, README there).

Pipeline (a): min-max to [0, 100], arithmetic mean at every level. a_stats_raw / a_stats_aggregated
(get_stats, nsignif = NULL), a_corr_* (get_corr on the "Aggregated" data set), a_eff_weights
(get_eff_weights), a_remove_level2_* (remove_elements(Level = 2, iCode = "Index")). Numbers within
1e-9 relative, counts, flags and ranks equal, blanks where COINr has them. Cronbach's alpha and the
p-values are checked a second way (numpy, scipy) on small cases.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.stats

import govindex as gi

from conftest import COINR, assert_matches


@pytest.fixture(scope="module")
def run(asem, minmax_amean):
    framework, data = asem
    return minmax_amean.run(framework, data)


def read(name: str, index: str) -> pd.DataFrame:
    return pd.read_csv(COINR / name, index_col=index, keep_default_na=False, na_values=[""])


def wide(name: str, codes: list[str]) -> pd.DataFrame:
    """A wide get_corr reference. COINr's table lost its row names on export and its header names
    the first column "iCode" though it holds the first node's values; rows follow the columns'
    order. The first node is the one of `codes` the header does not name."""
    frame = pd.read_csv(COINR / name, keep_default_na=False, na_values=[""])
    named = list(frame.columns[1:])
    first = [c for c in codes if c not in named]
    assert len(first) == 1 and len(codes) == len(frame)
    order = first + named
    frame.columns = order
    frame.index = order
    return frame


@pytest.mark.parametrize("name, data_set", [("a_stats_raw.csv", "Raw"), ("a_stats_aggregated.csv", "Aggregated")])
def test_statistics(run, name, data_set):
    expected = read(name, "iCode")
    got = gi.indicator_statistics(run, data_set=data_set)
    assert list(got.columns) == list(expected.columns)
    assert sorted(got.index) == sorted(expected.index)
    flags = [c for c in expected.columns if c.startswith("Flag.")]
    numbers = [c for c in expected.columns if c not in flags]
    assert_matches(got[numbers], expected[numbers])
    assert (got.loc[expected.index, flags] == expected[flags]).all().all()


@pytest.mark.parametrize(
    "name, level, method, max_p",
    [
        ("a_corr_level1.csv", 1, "pearson", None),
        ("a_corr_level1_p05.csv", 1, "pearson", 0.05),
        ("a_corr_level1_spearman.csv", 1, "spearman", None),
        ("a_corr_level2.csv", 2, "pearson", None),
    ],
)
def test_correlations(run, name, level, method, max_p):
    expected = wide(name, run.framework.level_codes(level))
    got = gi.correlations(run, data_set="Aggregated", rows=level, method=method, max_p=max_p)
    assert_matches(got, expected)
    if max_p is not None:
        assert expected.isna().to_numpy().sum() == 1226 == got.isna().to_numpy().sum()  # blanks where COINr has them


def test_correlations_with_the_parent(run):
    expected = pd.read_csv(COINR / "a_corr_level1_vs_parent.csv").set_index("Var2")
    got = gi.parent_correlations(run, data_set="Aggregated", level=1).set_index("node")
    assert sorted(got.index) == sorted(expected.index)
    assert (got.loc[expected.index, "parent"] == expected["Var1"]).all()
    assert_matches(got[["correlation"]], expected[["Correlation"]].rename(columns={"Correlation": "correlation"}))


def test_effective_weights(run):
    expected = read("a_eff_weights.csv", "iCode")
    got = gi.index_weights(run)
    assert_matches(got, expected)
    pd.testing.assert_frame_equal(gi.index_weights(run.framework), got)


def test_remove_each_pillar(run):
    got = gi.remove_elements(run, level=2)
    assert_matches(got.scores, read("a_remove_level2_scores.csv", "uCode"))
    assert_matches(got.ranks, read("a_remove_level2_ranks.csv", "uCode"))
    mad = read("a_remove_level2_meanabsdiff.csv", "iCode")
    assert_matches(got.mean_abs_rank_change.to_frame(), mad)


# --- small cases computed a second way ------------------------------------------------------------


def small() -> tuple[gi.Framework, gi.Dataset]:
    codes = ["a", "b", "c", "d", "G", "H", "I"]
    framework = gi.Framework.from_frame(pd.DataFrame({
        "Level": [1, 1, 1, 1, 2, 2, 3], "iCode": codes, "iName": codes, "Direction": 1, "Weight": 1.0,
        "Parent": ["G", "G", "G", "H", "I", "I", ""], "Type": ["Indicator"] * 4 + ["Aggregate"] * 3}))
    rng = np.random.default_rng(7)
    base = rng.normal(size=30)
    values = {c: base + rng.normal(scale=s, size=30) for c, s in [("a", 0.5), ("b", 1.0), ("c", 2.0)]}
    values["d"] = np.full(30, 3.0)  # constant
    frame = pd.DataFrame({"uCode": [f"u{i}" for i in range(30)], **values})
    return framework, gi.Dataset.from_frame(frame, framework)


def test_cronbach_alpha_by_numpy():
    framework, data = small()
    x = data.values[["a", "b", "c"]].to_numpy()
    k = x.shape[1]
    expected = k / (k - 1) * (1 - x.var(axis=0, ddof=1).sum() / x.sum(axis=1).var(ddof=1))
    assert gi.cronbach_alpha(data, group="G", framework=framework) == pytest.approx(expected, rel=1e-12)
    assert gi.cronbach_alpha(data, columns=["a", "b", "c"]) == pytest.approx(expected, rel=1e-12)
    with pytest.raises(gi.MethodError, match='"H".*expected at least two'):
        gi.cronbach_alpha(data, group="H", framework=framework)
    with pytest.raises(gi.UnknownCodeError, match='"zz"'):
        gi.cronbach_alpha(data, columns=["a", "zz"])


@pytest.mark.parametrize("method", ["pearson", "spearman", "kendall"])
def test_correlations_and_p_values_by_scipy(method):
    framework, data = small()
    frame = data.values.copy()
    frame.iloc[[2, 5], 0] = np.nan  # pairwise complete: a has two missing values
    data = gi.Dataset.from_frame(frame.reset_index(), framework)
    got = gi.correlations(data, rows=["a", "b", "c"], method=method)
    p = gi.correlation_p_values(data, rows=["a", "b", "c"], method=method)
    test = {"pearson": scipy.stats.pearsonr, "spearman": scipy.stats.spearmanr,
            "kendall": lambda x, y: scipy.stats.kendalltau(x, y, method="asymptotic")}[method]
    for i in "abc":
        for j in "abc":
            ok = frame[i].notna() & frame[j].notna()
            r, pv = test(frame.loc[ok, i], frame.loc[ok, j])
            assert got.loc[i, j] == pytest.approx(r, rel=1e-9)
            assert p.loc[i, j] == pytest.approx(0.0 if i == j else pv, rel=1e-7, abs=1e-300)


def test_bad_input_gives_typed_errors_or_nan():
    framework, data = small()
    # A constant indicator: NaN correlation and p-value (R: NA), never a crash.
    c = gi.correlations(data, rows=["a", "d"])
    assert np.isnan(c.loc["a", "d"]) and np.isnan(gi.correlation_p_values(data, rows=["d"]).loc["d", "d"])
    with pytest.raises(gi.UnknownCodeError, match='"zz"'):
        gi.correlations(data, rows=["a", "zz"])
    with pytest.raises(gi.MethodError, match='"H".*expected at least two'):
        gi.group_correlations(data, framework=framework, group="H")
    assert len(gi.group_correlations(data, framework=framework)) == 3  # H (one member) gives no row
    with pytest.raises(gi.MethodError, match='unknown method "tau"'):
        gi.correlations(data, rows=["a", "b"], method="tau")
    with pytest.raises(TypeError, match="^correlations: expected a Results or a Dataset, found DataFrame$"):
        gi.correlations(data.values, rows=["a"])
    with pytest.raises(TypeError, match="framework="):
        gi.correlations(data, rows=1)
    with pytest.raises(TypeError, match="^level: expected an int"):
        gi.parent_correlations(data, framework=framework, level="1")
    with pytest.raises(gi.MethodError, match="level 3 is out of range"):
        gi.parent_correlations(data, framework=framework, level=3)
    stats = gi.indicator_statistics(data)
    assert stats.loc["d", "Flag.Unique"] == "LOW" and np.isnan(stats.loc["d", "Skew"])
    assert stats.loc["d", "Flag.SkewKurt"] is None  # undefined skew and kurtosis: R's NA


def test_remove_elements_errors(run):
    with pytest.raises(gi.MethodError, match="level 4 is out of range"):
        gi.remove_elements(run, level=4)
    with pytest.raises(gi.UnknownCodeError, match='"Nope"'):
        gi.remove_elements(run, level=2, node="Nope")
    sub = gi.remove_elements(run, level=2, node="Conn")
    assert list(sub.scores.columns)[:2] == ["Nominal", "Physical"]
    assert sub.mean_abs_rank_change["Nominal"] == 0
    with pytest.raises(TypeError, match="^remove_elements: expected a Results"):
        gi.remove_elements("run", level=2)
