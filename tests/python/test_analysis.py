"""govindex.analysis against COINr 1.1.14 on its ASEM example (tests/reference/coinr, README there).

Pipeline (a): min-max to [0, 100], arithmetic mean at every level. a_stats_raw / a_stats_aggregated
(get_stats, nsignif = NULL), a_corr_* (get_corr on the "Aggregated" data set), a_eff_weights
(get_eff_weights), a_remove_level2_* (remove_elements(Level = 2, iCode = "Index")). Numbers within
1e-9 relative, counts, flags and ranks equal, blanks where COINr has them. Cronbach's alpha and the
p-values are checked a second way (numpy, scipy) on small cases.
"""

from __future__ import annotations

import govindex as gi
import numpy as np
import pandas as pd
import pytest
import scipy.stats
from conftest import ASEM, COINR, assert_matches


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
    framework = gi.Framework.from_frame(
        pd.DataFrame(
            {
                "Level": [1, 1, 1, 1, 2, 2, 3],
                "iCode": codes,
                "iName": codes,
                "Direction": 1,
                "Weight": 1.0,
                "Parent": ["G", "G", "G", "H", "I", "I", ""],
                "Type": ["Indicator"] * 4 + ["Aggregate"] * 3,
            }
        )
    )
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
    test = {
        "pearson": scipy.stats.pearsonr,
        "spearman": scipy.stats.spearmanr,
        "kendall": lambda x, y: scipy.stats.kendalltau(x, y, method="asymptotic"),
    }[method]
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


# --- PCA, optimised weights, comparisons ------------------------------------------------------------


def _numpy_pca(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Eigenvalues (decreasing), loadings and scores of the standardised complete rows, by
    np.linalg.eigh of the correlation matrix, with govindex's sign convention applied."""
    z = (x - x.mean(axis=0)) / x.std(axis=0, ddof=1)
    values, vectors = np.linalg.eigh(np.corrcoef(x, rowvar=False))
    values, vectors = values[::-1], vectors[:, ::-1]
    for j in range(vectors.shape[1]):
        s = vectors[:, j].sum()
        first = vectors[np.abs(vectors[:, j]) > 1e-10, j][0]
        if s < -1e-10 or (abs(s) <= 1e-10 and first < 0):
            vectors[:, j] = -vectors[:, j]
    return values, vectors, z @ vectors


@pytest.mark.parametrize("group, data_set", [("P2P", "Raw"), ("Physical", "Normalised"), ("Conn", "Aggregated")])
def test_pca_against_numpy(run, group, data_set):
    p = gi.pca(run, group=group, data_set=data_set)
    members = list(run.framework._impl.children(group))
    frame = run.data_set(data_set).values[members]
    complete = frame.dropna()
    assert p.dropped_units == [u for u in frame.index if u not in complete.index]
    assert list(p.scores.index) == list(complete.index)
    values, vectors, scores = _numpy_pca(complete.to_numpy())
    np.testing.assert_allclose(p.summary["eigenvalue"], values, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(p.summary["proportion"], values / len(members), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(p.loadings.to_numpy(), vectors, atol=1e-9)
    np.testing.assert_allclose(p.scores.to_numpy(), scores, atol=1e-8)
    # The same from the SVD of the standardised data: singular values^2 / (n - 1) = eigenvalues.
    z = (complete - complete.mean()) / complete.std(ddof=1)
    singular = np.linalg.svd(z.to_numpy(), compute_uv=False)
    np.testing.assert_allclose(singular**2 / (len(z) - 1), values, rtol=1e-10, atol=1e-12)
    assert list(p.weights.index) == members and p.weights.equals(p.loadings["PC1"].rename("PCAWeight"))


def test_pca_weights_by_group_and_errors(run, asem):
    weights, by_group = gi.pca_weights(run, level=1, data_set="Raw")
    framework = run.framework._impl
    assert set(by_group) == {g for g in framework.level_codes(2) if len(framework.children(g)) >= 2}
    for p in by_group.values():
        assert abs((p.weights**2).sum() - 1) < 1e-12 and p.weights.sum() > 0
        assert weights[p.weights.index].equals(p.weights)
    framework_, data = asem
    q = gi.pca(data, columns=["Goods", "Services", "FDI"])
    assert q.group is None and list(q.loadings.columns) == ["PC1", "PC2", "PC3"]
    with pytest.raises(TypeError, match="either group= .* or columns="):
        gi.pca(run)
    with pytest.raises(TypeError, match="^columns: expected a list"):
        gi.pca(run, columns="Goods")
    with pytest.raises(gi.MethodError, match="expected at least two"):
        gi.pca(run, columns=["Goods"])
    with pytest.raises(gi.UnknownCodeError, match='"zz"'):
        gi.pca(run, columns=["Goods", "zz"])
    constant = gi.Dataset.from_frame(data.to_frame().assign(Goods=1.0), framework_)
    with pytest.raises(gi.NumericError, match='"Goods" is constant') as caught:
        gi.pca(constant, columns=["Goods", "Services"])
    assert caught.value.column == "Goods"


def _balance(correlations: np.ndarray) -> float:
    return float(((1 / len(correlations) - correlations / correlations.sum()) ** 2).sum())


def test_optimised_weights_against_scipy(run, asem):
    """Balance the children of Environ against Environ (reachable: the objective goes to 0 inside
    the bounds) and check the optimum by scipy's Nelder-Mead on the same objective, with Environ
    recomputed in the test (arithmetic mean of the present children, weights rescaled over them)."""
    import scipy.optimize

    got = gi.optimise_weights(run, group="Environ", relative_tolerance=1e-10)
    assert got.against == "Environ" and got.objective == "balance" and got.converged
    children = list(got.weights.index)
    x = run.data_set("Normalised").values[children].to_numpy()
    present = ~np.isnan(x)

    def objective(w: np.ndarray) -> float:
        w = np.asarray(w)
        parent = np.where(present, x, 0) @ w / (present @ w)
        c = np.array([pd.Series(x[:, i]).corr(pd.Series(parent)) for i in range(x.shape[1])])
        return _balance(c)

    start = got.table["initial_weight"].to_numpy()
    best = scipy.optimize.minimize(
        objective,
        start,
        method="Nelder-Mead",
        bounds=[(0, 1)] * len(children),
        options={"xatol": 1e-12, "fatol": 1e-15, "maxiter": 20000},
    )
    expected = best.x / best.x.sum()
    assert got.objective_value <= best.fun + 1e-9
    assert abs(objective(got.weights.to_numpy()) - got.objective_value) < 1e-12
    np.testing.assert_allclose(got.weights.to_numpy(), expected, atol=1e-4)
    np.testing.assert_allclose(got.table["correlation_after"], got.table["correlation_after"].mean(), atol=1e-5)
    assert abs(got.weights.sum() - 1) < 1e-12
    assert got.objective_value < got.objective_before


def test_optimised_weights_of_a_level(run):
    got = gi.optimise_weights(run, level=2, objective="infomax", max_evaluations=400)
    assert got.against == "Index" and "target" not in got.table
    assert -got.objective_value >= got.table["correlation_before"].sum() - 1e-12
    assert got.evaluations <= 400 and isinstance(got.status, str)
    parents = {c: run.framework._impl.node(c).parent for c in got.weights.index}
    for group in set(parents.values()):
        assert abs(got.weights[[c for c in parents if parents[c] == group]].sum() - 1) < 1e-12
    targeted = gi.optimise_weights(
        run, group="Sust", target={"Environ": 1, "Social": 1, "SusEcFin": 2}, against="Index"
    )
    assert list(targeted.table["target"]) == [0.25, 0.25, 0.5]
    with pytest.raises(TypeError, match="one of group="):
        gi.optimise_weights(run)
    with pytest.raises(TypeError, match="^objective: expected"):
        gi.optimise_weights(run, group="P2P", objective=1)
    with pytest.raises(gi.MethodError, match='unknown objective "best"'):
        gi.optimise_weights(run, group="P2P", objective="best")
    with pytest.raises(gi.MethodError, match="infomax"):
        gi.optimise_weights(run, group="P2P", objective="infomax", target=[1, 2, 3, 4, 5])
    with pytest.raises(TypeError, match="^max_evaluations"):
        gi.optimise_weights(run, group="P2P", max_evaluations=1.5)


def test_compare_variants_with_different_units(run, asem, minmax_amean):
    framework, data = asem
    frame = data.to_frame()
    fewer = gi.Dataset.from_frame(frame.iloc[3:].reset_index(), framework)
    geometric = gi.Pipeline([gi.Normalise(gi.MinMax(low=1, high=100)), gi.Aggregate(gi.GeometricMean())])
    smaller = minmax_amean.run(framework, fewer)
    c = gi.compare_variants({"arithmetic": run, "geometric": geometric.run(framework, data), "fewer": smaller})
    assert list(c.scores.columns) == ["arithmetic", "geometric", "fewer"]
    assert list(c.scores.index) == list(frame.index)
    assert c.partial_units == list(frame.index[:3])
    assert c.ranks["fewer"].isna().sum() == 3
    np.testing.assert_array_equal(c.ranks["arithmetic"], run.ranks["Index"].to_numpy())
    diff = (c.ranks["geometric"] - c.ranks["arithmetic"]).astype(float)
    assert c.mean_abs_rank_change["geometric"] == pytest.approx(diff.abs().mean(), rel=1e-15)
    assert c.mean_abs_rank_change["arithmetic"] == 0
    assert c.rank_differences["fewer"].isna().sum() == 3
    listed = gi.compare_variants([run, smaller], node="Conn")
    assert list(listed.scores.columns) == ["variant1", "variant2"]
    with pytest.raises(TypeError, match="^variants: expected Results"):
        gi.compare_variants([run, data])
    with pytest.raises(gi.MethodError, match="expected at least two"):
        gi.compare_variants([run])


def test_compare_data_cells(run, asem):
    framework, data = asem
    assert gi.compare_data(run, run).same
    frame = data.to_frame()
    changed = frame.iloc[1:].copy()
    changed.loc[changed.index[0], "Goods"] += 1e-6
    changed.loc[changed.index[1], "LPI"] = np.nan
    second = gi.Dataset.from_frame(changed.reset_index(), framework)
    d = gi.compare_data(data, second)
    assert d.units_only_in_first == [frame.index[0]] and not d.units_only_in_second
    assert not d.same and d.cells_compared == (len(frame) - 1) * len(data.columns)
    assert list(d.cells["column"]) == ["Goods", "LPI"]
    assert d.cells["difference"].iloc[0] == pytest.approx(1e-6, rel=1e-6)
    assert np.isnan(d.cells["second"].iloc[1])
    assert list(gi.compare_data(data, second, absolute_tolerance=1e-5).cells["column"]) == ["LPI"]
    with pytest.raises(TypeError, match="^absolute_tolerance: expected a number"):
        gi.compare_data(data, second, absolute_tolerance="1")


# --- data availability, denominator correlations, analysis sheets in the exports -------------------


def small_with_denominators() -> tuple[gi.Framework, gi.Dataset]:
    """The small framework with two denominators P and Q; the cells of the C++ test
    (test_analysis.cpp, denominator_correlations_of_a_small_case)."""
    codes = ["a", "b", "c", "d", "G", "H", "I", "P", "Q"]
    framework = gi.Framework.from_frame(
        pd.DataFrame(
            {
                "Level": [1, 1, 1, 1, 2, 2, 3, None, None],
                "iCode": codes,
                "iName": codes,
                "Direction": [1] * 7 + [None] * 2,
                "Weight": [1.0] * 7 + [None] * 2,
                "Parent": ["G", "G", "G", "H", "I", "I", "", "", ""],
                "Type": ["Indicator"] * 4 + ["Aggregate"] * 3 + ["Denominator"] * 2,
            }
        )
    )
    frame = pd.DataFrame(
        {
            "uCode": [f"u{i}" for i in range(5)],
            "P": [1.0, 2, 3, 4, 5],
            "Q": [5.0, 4, 3, 2, 1],
            "a": [1.0, 2, 3, 4, 5],
            "b": [2.0, 1, 4, 3, 5],
            "c": [1.0, 3, np.nan, 2, 5],
            "d": [3.0] * 5,
        }
    )
    return framework, gi.Dataset.from_frame(frame, framework)


def availability_by_pandas(values: pd.DataFrame, framework: gi.Framework, level: int) -> pd.DataFrame:
    """get_data_avail a second way: counts of notna and == 0 over the indicators, shares by group."""
    indicators = framework.level_codes(1)
    x = values[indicators]
    avail = x.notna().sum(axis=1)
    zeros = (x == 0).sum(axis=1)
    out = pd.DataFrame(
        {
            "N.Avail": avail,
            "N.Missing": x.isna().sum(axis=1),
            "N.Zero": zeros,
            "Frc.Avail": avail / len(indicators),
            "Frc.NonZero": 1 - zeros / avail.where(avail > 0),
        }
    )
    for group in framework.level_codes(level):
        members = [c for c in indicators if group in _ancestors(framework, c)]
        out[group] = x[members].notna().mean(axis=1)
    return out


def _ancestors(framework: gi.Framework, code: str) -> list[str]:
    out = []
    while framework.node(code).parent:
        code = framework.node(code).parent
        out.append(code)
    return out


def test_data_availability_of_a_small_case():
    framework, _ = small()
    frame = pd.DataFrame(
        {
            "uCode": [f"u{i}" for i in range(5)],
            "a": [1.0, np.nan, np.nan, 2, 4],
            "b": [0.0, np.nan, np.nan, 5, 4],
            "c": [np.nan, np.nan, np.nan, 0, 4],
            "d": [3.0, 0, np.nan, 0, 4],
        }
    )
    data = gi.Dataset.from_frame(frame, framework)
    got = gi.data_availability(data, framework)
    # By hand, as in the C++ test.
    assert list(got.columns) == ["N.Avail", "N.Missing", "N.Zero", "Frc.Avail", "Frc.NonZero", "G", "H"]
    assert got.index.name == "uCode" and list(got.index) == ["u0", "u1", "u2", "u3", "u4"]
    assert list(got["N.Avail"]) == [3, 1, 0, 4, 4] and got["N.Avail"].dtype == np.int64
    assert list(got["N.Zero"]) == [1, 1, 0, 2, 0]
    assert got.loc["u0", "Frc.NonZero"] == pytest.approx(2 / 3, rel=1e-15)
    assert np.isnan(got.loc["u2", "Frc.NonZero"])
    assert list(got["H"]) == [1, 1, 0, 1, 1]
    # A second way, by pandas.
    pd.testing.assert_frame_equal(got, availability_by_pandas(data.values, framework, 2), check_names=False)
    top = gi.data_availability(data, framework, level=3)
    pd.testing.assert_series_equal(top["I"], top["Frc.Avail"], check_names=False)


def test_data_availability_of_asem(run, asem):
    framework, data = asem
    got = gi.data_availability(run)  # the Raw data set by default
    pd.testing.assert_frame_equal(got, gi.data_availability(data, framework))
    assert got.shape == (51, 5 + 8)  # the five columns and one per pillar
    expected = availability_by_pandas(data.values, framework, 2)
    pd.testing.assert_frame_equal(got, expected, check_names=False)
    assert got["N.Missing"].sum() == data.values.isna().sum().sum()
    sub = gi.data_availability(run, level=3)
    assert list(sub.columns[5:]) == framework.level_codes(3)
    # The normalised data misses what the raw data misses.
    pd.testing.assert_frame_equal(gi.data_availability(run, data_set="Normalised")[["N.Avail"]], got[["N.Avail"]])


def test_data_availability_matches_coinr_screening_summary(asem):
    """COINr's Screen (h example) reports get_data_avail of the Imputed data set."""
    from test_coinr_references import example

    results = example().run(*asem)
    expected = pd.read_csv(COINR / "h_example_screen_summary.csv", index_col="uCode")
    got = gi.data_availability(results, data_set="Imputed").loc[expected.index]
    pairs = {"N_missing": "N.Missing", "N_zero": "N.Zero", "Dat_Avail": "Frc.Avail", "Non_Zero": "Frc.NonZero"}
    for theirs, ours in pairs.items():
        np.testing.assert_allclose(got[ours].to_numpy(float), expected[theirs].to_numpy(float), rtol=1e-12)
    assert (got["N.Zero"] > 0).any()  # the comparison covers zeros, not only all-ones


def test_data_availability_of_a_panel():
    framework = gi.read_framework(ASEM / "iMeta.csv")
    panel = gi.read_dataset(ASEM / "iData_p.csv", framework)
    got = gi.data_availability(panel, framework)
    assert got.index.names == ["uCode", "Time"]
    assert len(got) == len(panel.values)
    expected = availability_by_pandas(panel.values, framework, 2)
    pd.testing.assert_frame_equal(got, expected, check_names=False)


def test_data_availability_errors(run, asem):
    framework, data = asem
    with pytest.raises(gi.UnknownCodeError, match='no data set "Nope"'):
        gi.data_availability(run, data_set="Nope")
    for level in (1, 5):
        with pytest.raises(gi.MethodError, match=f"level {level} is out of range; expected a level of groups in 2..4"):
            gi.data_availability(run, level=level)
    with pytest.raises(TypeError, match="^level: expected an int, found str '2'$"):
        gi.data_availability(run, level="2")
    with pytest.raises(TypeError, match="framework="):
        gi.data_availability(data)
    with pytest.raises(TypeError, match="^framework: expected a Framework"):
        gi.data_availability(data, "iMeta.csv")
    with pytest.raises(TypeError, match="data_set names a data set of a Results"):
        gi.data_availability(data, framework, data_set="Raw")
    framework_small, data_small = small()
    with pytest.raises(gi.UnknownCodeError, match='"LPI"'):  # ASEM's indicators are not its columns
        gi.data_availability(data_small, framework)


@pytest.mark.parametrize("method", ["pearson", "spearman", "kendall"])
def test_denominator_correlations_against_pandas(method):
    framework, data = small_with_denominators()
    got = gi.denominator_correlations(data, method=method)
    assert list(got.columns) == ["indicator", "denominator", "correlation", "p_value", "n"]
    frame = data.to_frame()
    expected = frame[["a", "b", "c", "d", "P", "Q"]].corr(method=method)  # pairwise complete
    assert len(got) == 8
    for row in got.itertuples():
        want = expected.loc[row.indicator, row.denominator]
        if np.isnan(want):
            assert np.isnan(row.correlation)
        else:
            assert row.correlation == pytest.approx(want, rel=1e-12)
        assert row.n == (frame[row.indicator].notna() & frame[row.denominator].notna()).sum()
    r = got["correlation"].abs()
    assert (r.dropna().diff().dropna() <= 0).all() and r.iloc[-2:].isna().all()  # |r| descending, NaN last
    if method == "pearson":
        assert list(zip(got["indicator"], got["denominator"]))[:4] == [("a", "P"), ("a", "Q"), ("b", "P"), ("b", "Q")]
        assert got["correlation"].iloc[4] == pytest.approx(7 / np.sqrt(87.5), rel=1e-12)
        assert got["p_value"].iloc[2] == pytest.approx(scipy.stats.pearsonr([1, 2, 3, 4, 5], [2, 1, 4, 3, 5])[1])
    strong = gi.denominator_correlations(data, method=method, min_abs=0.8)
    assert (strong["correlation"].abs() >= 0.8).all()
    assert len(strong) == int((expected.loc[["a", "b", "c", "d"], ["P", "Q"]].abs() >= 0.8).sum().sum())


#: The strongest indicator-denominator correlation of the raw ASEM data (r = 0.851 on 44 units).
ASEM_TOP_DENOMINATOR_PAIR = ("CultGood", "GDP")


def test_denominator_correlations_of_asem(run, asem):
    framework, data = asem
    got = gi.denominator_correlations(run)  # Raw, the framework's indicators
    assert len(got) == 49 * 4
    pd.testing.assert_frame_equal(got, gi.denominator_correlations(data))
    frame = data.to_frame()
    denominators = ["Area", "Energy", "GDP", "Population"]
    assert sorted(set(got["denominator"])) == denominators
    expected = frame[framework.indicators + denominators].corr().loc[framework.indicators, denominators]
    for row in got.itertuples():
        assert row.correlation == pytest.approx(expected.loc[row.indicator, row.denominator], rel=1e-9)
    strong = gi.denominator_correlations(run, min_abs=0.6)
    assert len(strong) == int((expected.abs() >= 0.6).sum().sum())
    top = got.iloc[0]
    assert abs(top["correlation"]) == pytest.approx(expected.abs().max().max(), rel=1e-12)
    assert (top["indicator"], top["denominator"]) == ASEM_TOP_DENOMINATOR_PAIR
    some = gi.denominator_correlations(run, columns=["Goods", "LPI"], method="spearman")
    assert sorted(set(some["indicator"])) == ["Goods", "LPI"] and len(some) == 8


def test_denominator_correlations_errors(run):
    framework, data = small()
    with pytest.raises(gi.MethodError, match="no denominators"):
        gi.denominator_correlations(data)
    with pytest.raises(gi.MethodError, match=r"min_abs 2 is out of range; expected a number in \[0, 1\]"):
        gi.denominator_correlations(run, min_abs=2)
    with pytest.raises(TypeError, match="^min_abs: expected a number"):
        gi.denominator_correlations(run, min_abs="0.6")
    with pytest.raises(TypeError, match="^columns: expected a list of codes"):
        gi.denominator_correlations(run, columns="LPI")
    with pytest.raises(gi.MethodError, match="columns is empty"):
        gi.denominator_correlations(run, columns=[])
    with pytest.raises(gi.UnknownCodeError, match='"Nope"'):
        gi.denominator_correlations(run, columns=["Nope"])
    with pytest.raises(gi.UnknownCodeError, match='no data set "Nope"'):
        gi.denominator_correlations(run, data_set="Nope")
    with pytest.raises(gi.MethodError, match='unknown method "tau"'):
        gi.denominator_correlations(run, method="tau")


def test_analysis_sheets_round_trip_through_excel(run, tmp_path):
    import openpyxl

    plain = run.export_frames()
    assert not [s for s in plain if s.startswith(("Statistics", "Correlations"))]
    frames = run.export_frames(statistics=True, correlations=True)
    assert list(frames)[: len(plain)] == list(plain)
    added = list(frames)[len(plain) :]
    assert added == [f"Statistics {n}" for n in run.data_set_names] + [f"Correlations level {n}" for n in (1, 2, 3)]

    path = tmp_path / "run.xlsx"
    run.to_excel(path, statistics=["Raw", "Aggregated"], correlations=[1, 3])
    book = openpyxl.load_workbook(path, read_only=True)
    assert book.sheetnames[-4:] == [
        "Statistics Raw",
        "Statistics Aggregated",
        "Correlations level 1",
        "Correlations level 3",
    ]

    def sheet(name: str) -> list[tuple]:
        return list(book[name].iter_rows(values_only=True))

    stats = gi.indicator_statistics(run, data_set="Raw")
    rows = sheet("Statistics Raw")
    assert list(rows[0]) == ["iCode", *stats.columns]
    assert len(rows) == 1 + len(stats)
    for row in rows[1:]:
        want = stats.loc[row[0]]
        for name, cell in zip(stats.columns, row[1:]):
            if isinstance(want[name], str) or want[name] is None:
                assert cell == want[name], (row[0], name)
            elif np.isnan(want[name]):
                assert cell is None, (row[0], name)
            else:
                assert cell == pytest.approx(want[name], rel=1e-15), (row[0], name)
    corr = gi.parent_correlations(run, level=3)
    rows = sheet("Correlations level 3")
    assert list(rows[0]) == list(corr.columns)
    assert [r[1] for r in rows[1:]] == list(corr["node"]) == ["Conn", "Sust"]
    for row, want in zip(rows[1:], corr.itertuples(index=False)):
        assert row[0] == want.parent and row[4] == want.n
        assert row[2] == pytest.approx(want.correlation, rel=1e-15)
    assert len(sheet("Correlations level 1")) == 1 + 49
    book.close()

    written = run.to_csv(tmp_path / "csv", statistics=["Raw"], correlations=[2])
    names = [p.name for p in written]
    assert names[-2:] == ["Statistics Raw.csv", "Correlations level 2.csv"]
    back = pd.read_csv(tmp_path / "csv" / "Correlations level 2.csv")
    np.testing.assert_allclose(back["correlation"], gi.parent_correlations(run, level=2)["correlation"], rtol=1e-12)


def test_analysis_sheet_errors(run):
    with pytest.raises(TypeError, match="^statistics: expected True, False or a list of data set names"):
        run.export_frames(statistics="Raw")
    with pytest.raises(gi.UnknownCodeError, match="statistics: 'Nope' not found; expected one of Raw"):
        run.to_excel("unused.xlsx", statistics=["Nope"])
    with pytest.raises(gi.MethodError, match="correlations: 4 not found; expected one of 1, 2, 3"):
        run.to_csv("unused", correlations=[4])
    with pytest.raises(TypeError, match="^correlations: expected True, False or a list of levels"):
        run.export_frames(correlations=[True])


@pytest.mark.parametrize(
    "threshold, flag, use_directions",
    [(0.9, "high", False), (0.7, "high", False), (-0.4, "low", False), (-0.4, "low", True), (0.8, "high", True)],
)
def test_correlation_flags_of_asem_against_pandas(run, threshold, flag, use_directions):
    """COINr get_corr_flags on the raw ASEM data: the within-pillar pairs above/below a threshold,
    computed again with pandas (direction-adjusted values when asked)."""
    framework, raw = run.framework, run.data_set("Raw")
    meta = framework.to_frame().set_index("iCode")
    frame = raw.to_frame()[framework.indicators]
    if use_directions:
        frame = frame * meta.loc[frame.columns, "Direction"]
    expected = {}
    for pillar in framework.level_codes(2):
        members = [c for c in framework.indicators if meta.loc[c, "Parent"] == pillar]
        r = frame[members].corr()
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if (r.loc[a, b] > threshold) if flag == "high" else (r.loc[a, b] < threshold):
                    expected[pillar, a, b] = r.loc[a, b]
    got = gi.correlation_flags(run, data_set="Raw", threshold=threshold, flag=flag, use_directions=use_directions)
    assert list(got.columns) == ["group", "node1", "node2", "correlation", "p_value", "n"]
    flagged = {(g, a, b): r for g, a, b, r in zip(got.group, got.node1, got.node2, got.correlation)}
    assert flagged.keys() == expected.keys()
    for key, r in flagged.items():
        assert r == pytest.approx(expected[key], rel=1e-12)
    assert expected, "the case flags nothing"


def test_correlation_flags_errors(run):
    with pytest.raises(gi.MethodError, match=r"threshold 2 is out of range; expected a correlation in \[-1, 1\]"):
        gi.correlation_flags(run, threshold=2)
    with pytest.raises(gi.MethodError, match='unknown flag "middle"'):
        gi.correlation_flags(run, flag="middle")
    with pytest.raises(TypeError, match="use_directions: expected True or False"):
        gi.correlation_flags(run, use_directions="yes")
    with pytest.raises(TypeError, match="threshold"):
        gi.correlation_flags(run, threshold="0.9")
    with pytest.raises(gi.MethodError, match="group_level"):
        gi.correlation_flags(run, level=2, group_level=2)
