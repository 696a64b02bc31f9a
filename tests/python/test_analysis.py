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
