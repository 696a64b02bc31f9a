"""Values near the limits of double give right answers or a located error, never a silent NaN or a
wrong finite number (issue 21: "no silent NaN/inf anywhere in a public result").

Each test is the minimal case of a defect found with hostile inputs; tests/fuzz/README.md lists them.
"""

from __future__ import annotations

import math

import govindex as gi
import numpy as np
import pandas as pd
import pytest
from govindex.vn import geography as geo
from govindex.vn import provinces

BIG = 1e308
TINY = 5e-324  # the smallest subnormal


def _framework(weights=(1.0, 1.0, 1.0), directions=(1, 1, 1), targets=None) -> gi.Framework:
    meta = {
        "iCode": ["a", "b", "c", "T"],
        "Level": [1, 1, 1, 2],
        "Parent": ["T", "T", "T", ""],
        "Type": ["Indicator"] * 3 + ["Aggregate"],
        "Weight": list(weights) + [""],
        "Direction": list(directions) + [""],
    }
    if targets is not None:
        meta["Target"] = list(targets) + [""]
    return gi.Framework.from_frame(pd.DataFrame(meta))


def _data(framework: gi.Framework, columns: dict[str, list[float]], se: dict[str, list[float]] | None = None):
    n = len(next(iter(columns.values())))
    frame = pd.DataFrame({"uCode": [f"u{i}" for i in range(n)], **columns})
    for code, values in (se or {}).items():
        frame[f"{code}_se"] = values
    return gi.Dataset.from_frame(frame, framework)


def _normalised(method, a, b=(3.0, 1.0, 2.0), c=(6.0, 4.0, 5.0), **framework):
    fw = _framework(**framework)
    results = gi.Pipeline([gi.Normalise(method)]).run(fw, _data(fw, {"a": list(a), "b": list(b), "c": list(c)}))
    return results.data_set("Normalised").values["a"].to_numpy()


# --- normalisation ---------------------------------------------------------------------------------


def test_min_max_of_values_near_the_largest_double():
    # max - min overflowed: the highest unit scored NaN (unscored, ranked last) and the others 0 / NaN.
    out = _normalised(gi.MinMax(low=0, high=100), [BIG, -BIG, 0.0])
    np.testing.assert_allclose(out, [100.0, 0.0, 50.0], rtol=1e-15)
    # and a range of low..high that itself overflows
    out = _normalised(gi.MinMax(low=-BIG, high=BIG), [1.0, 3.0, 2.0])
    np.testing.assert_allclose(out, [-BIG, BIG, 0.0], rtol=1e-15, atol=0)


@pytest.mark.parametrize(
    "method, expected",
    [
        (gi.DistanceToMax(), [1.0, 0.0, 0.5]),
        (gi.DistanceToReference(unit="u0"), [1.0, 0.0, 0.5]),
        (gi.Scaled(lower=-BIG, upper=BIG, scale=100), [100.0, 0.0, 50.0]),
        (gi.Goalposts(lower=-BIG, upper=BIG, scale=100, truncate=False), [100.0, 0.0, 50.0]),
    ],
    ids=["dist2max", "dist2ref", "scaled", "goalposts"],
)
def test_distance_normalisers_of_values_near_the_largest_double(method, expected):
    np.testing.assert_allclose(_normalised(method, [BIG, -BIG, 0.0]), expected, rtol=1e-15, atol=1e-300)


def test_distance_to_target_beyond_the_range_of_double():
    out = _normalised(gi.DistanceToTarget(), [0.0, -BIG, BIG / 2], targets=[BIG, 10, 10])
    np.testing.assert_allclose(out, [0.5, 0.0, 0.75], rtol=1e-15)


def test_z_scores_of_values_near_the_largest_double_and_of_subnormals():
    # The deviations overflowed: sd = inf, every z-score 0 or NaN (a finite, wrong answer).
    out = _normalised(gi.ZScore(mean=0, sd=1), [BIG, -BIG, 0.0])
    np.testing.assert_allclose(out, [1.0, -1.0, 0.0], rtol=1e-15, atol=1e-300)
    # The squared deviations underflowed: "all observed values equal" for three distinct values.
    out = _normalised(gi.ZScore(mean=0, sd=1), [TINY, 2 * TINY, 3 * TINY])
    np.testing.assert_allclose(out, [-1.0, 0.0, 1.0], rtol=1e-15, atol=1e-300)


def test_min_max_standard_errors_near_the_largest_double():
    fw = _framework()
    data = _data(fw, {"a": [BIG, -BIG, 0.0], "b": [1.0, 2, 3], "c": [4.0, 5, 6]}, se={"a": [1e300, 1e300, 1e300]})
    results = gi.Pipeline([gi.Normalise(gi.MinMax(low=0, high=100))]).run(fw, data)
    se = results.data_set("Normalised").standard_errors["a"].to_numpy()
    np.testing.assert_allclose(se, [100 * 1e300 / 2 / BIG] * 3, rtol=1e-15)


# --- aggregation -----------------------------------------------------------------------------------


def _aggregated(method, a, b, c, weights=(1.0, 1.0, 1.0)) -> np.ndarray:
    fw = _framework(weights=weights)
    results = gi.Pipeline([gi.Aggregate(method)]).run(fw, _data(fw, {"a": list(a), "b": list(b), "c": list(c)}))
    return results.scores["T"].to_numpy()


def test_weighted_sum_of_terms_that_overflow_with_opposite_signs():
    # 1e308 * 10 - 1e308 * 10: inf - inf = NaN, the unit left unscored without a word.
    out = _aggregated(gi.WeightedSum(), [10.0, 1.0], [-10.0, -1.0], [3.0, 1.0], weights=(8e307, 8e307, 1.0))
    assert out.tolist() == [3.0, 1.0]


def test_weighted_sum_that_exceeds_the_largest_double_is_a_located_error():
    with pytest.raises(gi.NumericError, match=r'step 1 \(aggregate\): node "T", unit "u0": the value overflowed'):
        _aggregated(gi.WeightedSum(), [10.0], [10.0], [0.0], weights=(8e307, 8e307, 1.0))


def test_means_of_values_near_the_largest_double():
    # Sums of w x overflowed: an error (or inf) where the mean is a finite number.
    values = ([BIG, 1.0], [1.5e308, 2.0], [1.7e308, 3.0])
    for method, first in [
        (gi.GeneralisedMean(p=1), (1.0 + 1.5 + 1.7) / 3 * 1e308),
        (gi.GeneralisedMean(p=2), math.sqrt((1.0**2 + 1.5**2 + 1.7**2) / 3) * 1e308),
        (gi.GeometricMean(), (1.0 * 1.5 * 1.7) ** (1 / 3) * 1e308),
        (gi.WeightedMedian(), 1.5e308),
    ]:
        out = _aggregated(method, *values)
        assert np.isfinite(out).all(), method
        assert out[0] == pytest.approx(first, rel=1e-12), method


def test_weighted_median_of_two_values_near_the_largest_double():
    # (a + b) / 2 overflowed: an error where the median is 1.6e308.
    fw = gi.Framework.from_frame(
        pd.DataFrame(
            {
                "iCode": ["a", "b", "T"],
                "Level": [1, 1, 2],
                "Parent": ["T", "T", ""],
                "Type": ["Indicator", "Indicator", "Aggregate"],
                "Weight": [1.0, 1.0, ""],
                "Direction": [1, 1, ""],
            }
        )
    )
    data = gi.Dataset.from_frame(pd.DataFrame({"uCode": ["u0"], "a": [1.5e308], "b": [1.7e308]}), fw)
    score = gi.Pipeline([gi.Aggregate(gi.WeightedMedian())]).run(fw, data).scores.loc["u0", "T"]
    assert score == pytest.approx(1.6e308, rel=1e-15)


def test_harmonic_mean_of_subnormal_values():
    # 1 / 5e-324 overflowed: the harmonic mean came out 0 (a finite, wrong answer).
    out = _aggregated(gi.HarmonicMean(), [1e-310], [2e-310], [4e-310])
    assert out[0] == pytest.approx(3 / 1.75 * 1e-310, rel=1e-12, abs=0)
    # and of weights so large that w / x overflows
    out = _aggregated(gi.HarmonicMean(), [1e-300], [1.0], [1.0], weights=(1e300, 1e300, 1e300))
    assert out[0] == pytest.approx(3 / (1e300 + 2), rel=1e-12, abs=0)


def test_geometric_mean_with_subnormal_weights():
    # w log x rounded to the nearest subnormal: the geometric mean of 2, 3, 4 came out e (2.718...).
    out = _aggregated(gi.GeometricMean(), [2.0], [3.0], [4.0], weights=(TINY, TINY, TINY))
    assert out[0] == pytest.approx(24 ** (1 / 3), rel=1e-15)


def test_mazziotta_pareto_of_values_near_the_largest_double():
    # The squared deviations overflowed: sd = inf, every standardised value 100, every unit tied.
    huge = _aggregated(gi.MazziottaPareto(), [1e300, 2e300, 4e300], [1.0, 2, 3], [3.0, 1, 2])
    plain = _aggregated(gi.MazziottaPareto(), [1.0, 2.0, 4.0], [1.0, 2, 3], [3.0, 1, 2])
    np.testing.assert_allclose(huge, plain, rtol=1e-12)


# --- uncertainty and sensitivity ------------------------------------------------------------------


def _noisy(se: float, values=(1.0, 2.0, 3.0)):
    fw = _framework()
    data = _data(fw, {"a": list(values), "b": [0.0] * 3, "c": [0.0] * 3}, se={"a": [se] * 3})
    return gi.uncertainty_analysis(
        fw,
        gi.Pipeline([gi.Aggregate(gi.WeightedSum())]),
        data,
        [gi.DataNoise(columns=["a"])],
        replicates=400,
        seed=3,
        keep_replicates=True,
        progress=False,
    )


@pytest.mark.parametrize(
    "se, values",
    [(1e200, (1.0, 2.0, 3.0)), (1e-7, (1000.0, 1001.0, 1002.0))],
    ids=["squares-overflow", "squares-cancel"],
)
def test_uncertainty_sd_score_is_the_sd_of_the_replicates(se, values):
    # squares-overflow: sum of squares = inf, sd_score 0 with quantiles at +-1e200.
    # squares-cancel: E[x^2] - E[x]^2 of scores ~1000 with sd ~1e-7 is rounding noise.
    ua = _noisy(se, values)
    summary = ua.summary()
    kept = ua.replicate_scores()
    for unit in summary.index:
        # deviations from the median, so that numpy's reference neither overflows nor cancels
        middle = kept[unit].median()
        x = (kept[unit].to_numpy() - middle) / se
        assert summary.loc[unit, "sd_score"] / se == pytest.approx(np.std(x, ddof=1), rel=1e-9)
        assert summary.loc[unit, "mean_score"] == pytest.approx(middle + np.mean(x) * se, rel=1e-12)


def test_uncertainty_of_scores_near_the_largest_double():
    ua = _noisy(1e306, (1e307, -1e307, 0.0))
    summary = ua.summary()
    numbers = summary.select_dtypes("number")
    assert np.isfinite(numbers.to_numpy()).all()
    x = ua.replicate_scores()["u0"].to_numpy() / 1e306
    assert summary.loc["u0", "sd_score"] / 1e306 == pytest.approx(np.std(x, ddof=1), rel=1e-9)


def test_sobol_indices_of_outputs_near_the_largest_double():
    # (y - mean)^2 overflowed: sd = inf, every z 0, every index reported 0 ("constant output").
    rng = np.random.default_rng(5)
    y_a, y_b = rng.normal(size=(64, 1)), rng.normal(size=(64, 1))
    y_ab = [y_b * 0.5 + y_a * 0.5, y_a.copy()]
    plain = gi.sobol_indices(y_a, y_b, y_ab, resamples=20)
    huge = gi.sobol_indices(y_a * 5e153, y_b * 5e153, [m * 5e153 for m in y_ab], resamples=20)
    np.testing.assert_allclose(huge.first, plain.first, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(huge.total, plain.total, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(huge.first_low, plain.first_low, rtol=1e-12, atol=1e-14)
    assert huge.variance[0] == pytest.approx(plain.variance[0] * 5e153 * 5e153, rel=1e-12)
    # a variance beyond the largest double cannot be reported: said, not returned as inf
    with pytest.raises(gi.NumericError, match=r"output 0 \(0-based\): the variance of the outputs exceeds") as e:
        gi.sobol_indices(y_a * 1e200, y_b * 1e200, [m * 1e200 for m in y_ab], resamples=20)
    assert e.value.column == "variance"


# --- Vietnam: derived figures and the SIPAS-style index ---------------------------------------------


def _province_table() -> pd.DataFrame:
    codes = list(provinces.provinces().index)
    return pd.DataFrame({"x": np.linspace(1.0, 63.0, 63)}, index=pd.Index(codes, name="province_code"))


def test_to_2025_with_weights_near_the_largest_double():
    # sum(w x) / sum(w) overflowed: 22 merged units became NaN.
    table = _province_table()
    huge = geo.to_2025(table, weights=pd.Series(BIG, index=table.index))
    equal = geo.to_2025(table, weights="equal")
    assert huge["x"].notna().all()
    np.testing.assert_allclose(huge["x"], equal["x"], rtol=1e-14)
    # subnormal weights: shares, not products rounded to the nearest subnormal
    tiny = geo.to_2025(table, weights=pd.Series(TINY, index=table.index))
    np.testing.assert_allclose(tiny["x"], equal["x"], rtol=1e-14)


def test_to_2025_with_values_near_the_largest_double():
    table = _province_table()
    table["x"] = 1.7e308
    out = geo.to_2025(table, weights="equal")
    np.testing.assert_allclose(out["x"], 1.7e308, rtol=1e-15)


def test_to_2025_refuses_infinite_values_and_weights():
    table = _province_table()
    table.loc["83", "x"] = np.inf
    with pytest.raises(
        gi.InputError, match=r'row \d+, column "x": province 83, column x: expected a finite value'
    ) as e:
        geo.to_2025(table, weights="equal")
    assert e.value.column == "x" and e.value.found == "inf"
    table = _province_table()
    weights = pd.Series(1.0, index=table.index)
    weights["83"] = np.inf
    with pytest.raises(gi.InputError, match=r"infinite weights \(stated weights\) for provinces .*83") as e:
        geo.to_2025(table, weights=dict(weights))
    assert e.value.column == "83"


def test_sipas_index_with_weights_near_the_largest_double():
    # w.sum() overflowed: the index was NaN for every respondent, reported as a missing value.
    data = pd.DataFrame({"w": [1.0, 1.0, 2.0, 2.0], "q1": [5, 4, 2, 1], "q2": [3, 5, 5, 4]})
    design = gi.survey.Design(data, weights="w")
    huge = gi.survey.sipas_index(design, {"q1": BIG, "q2": BIG})
    plain = gi.survey.sipas_index(design, {"q1": 1.0, "q2": 1.0})
    assert huge["estimate"].iloc[0] == pytest.approx(plain["estimate"].iloc[0], rel=1e-14)
    assert huge["se"].iloc[0] == pytest.approx(plain["se"].iloc[0], rel=1e-12)


# --- analysis, treatment and planning -------------------------------------------------------------


def test_statistics_and_correlations_of_values_near_the_largest_double():
    # The sum overflowed (Mean inf), the squared deviations too (Std inf, Pearson's r NaN).
    fw = _framework()
    data = _data(fw, {"a": [1e308, -1e308, 0.0, 1e308], "b": [1e200, 2e200, 3e200, 4e200], "c": [1.0, 2, 3, 4]})
    stats = gi.indicator_statistics(data)
    assert stats.loc["a", "Mean"] == pytest.approx(0.25e308, rel=1e-15)
    assert stats.loc["a", "Std"] / 1e308 == pytest.approx(np.std([1.0, -1.0, 0.0, 1.0], ddof=1), rel=1e-15)
    assert stats.loc["b", "Std"] / 1e200 == pytest.approx(np.std([1.0, 2, 3, 4], ddof=1), rel=1e-15)
    corr = gi.correlations(data, rows=["a", "b", "c"])
    assert corr.loc["b", "c"] == pytest.approx(1.0, rel=1e-15)
    assert math.isfinite(corr.loc["a", "b"])
    # an sd beyond the largest double cannot be reported: said, not returned as inf
    wide = _data(fw, {"a": [1e308, -1.7e308], "b": [1.0, 2.0], "c": [1.0, 2.0]})
    with pytest.raises(gi.NumericError, match='indicator statistics of "a": Std exceeds the largest double') as e:
        gi.indicator_statistics(wide)
    assert e.value.column == "a" and e.value.found == "inf"


def test_skewness_and_kurtosis_of_values_whose_powers_overflow_or_underflow():
    # (x - mean)^4 overflowed at 1e80 (kurtosis NaN) and underflowed at 1e-80 (kurtosis 0 and
    # skewness NaN: a treatment step deciding on them decided wrongly).
    x = np.array([1.0, 2.0, 3.0, 10.0, 4.0])
    for scale in (1e80, 1e-80, 1e300):
        assert gi.skewness(x * scale) == pytest.approx(gi.skewness(x), rel=1e-12)
        assert gi.kurtosis(x * scale) == pytest.approx(gi.kurtosis(x), rel=1e-12)


def test_gap_to_target_that_exceeds_the_largest_double_is_a_located_error():
    # The gap 1e308 - (-1e308) was reported as inf points needed.
    fw = _framework()
    data = _data(fw, {"a": [1e308, -1e308], "b": [1.0, 1.0], "c": [1.0, 1.0]})
    results = gi.Pipeline([gi.Aggregate(gi.WeightedSum())]).run(fw, data)
    with pytest.raises(gi.NumericError, match=r'unit "u1", node "(T|a)": the (gap|headroom) .* exceeds') as e:
        gi.gap_to_target(results, "u1", 1)
    assert e.value.found == "inf"


def test_contributions_of_power_means_of_extreme_values():
    # x^p overflowed (p = 2, x ~1e200) or 1 / x did (subnormal x): the score was split by the weight
    # shares alone (1 : 1 : 1) instead of in proportion to share x x^p (1 : 4 : 9).
    fw = _framework()
    for method, x, parts in [
        (gi.GeneralisedMean(p=2), [1e200, 2e200, 3e200], [1 / 14, 4 / 14, 9 / 14]),
        (gi.HarmonicMean(), [1e-310, 2e-310, 4e-310], [4 / 7, 2 / 7, 1 / 7]),
    ]:
        data = _data(fw, {"a": [x[0]], "b": [x[1]], "c": [x[2]]})
        results = gi.Pipeline([gi.Aggregate(method)]).run(fw, data)
        contributions = results.contributions("u0", "T")["contribution"]
        score = results.scores.loc["u0", "T"]
        np.testing.assert_allclose(contributions[["a", "b", "c"]] / score, parts, rtol=1e-12)


def test_uncertainty_engine_means_of_values_near_the_largest_double():
    # The engine's vectorised kernel summed w x before dividing: 3e308 = inf, every replicate's
    # score inf (mean_score NaN, min and max inf) for an arithmetic mean of 1e308, 1e308, 1e308.
    fw = _framework()
    data = _data(fw, {"a": [1e308, 1e308], "b": [1e308, 1e308], "c": [1e308, 1e308]}, se={"a": [1e-300, 1e-300]})
    for method in (gi.ArithmeticMean(), gi.WeightedSum(scale=1e-10), gi.HarmonicMean()):
        ua = gi.uncertainty_analysis(
            fw, gi.Pipeline([gi.Aggregate(method)]), data, [gi.DataNoise(columns=["a"])], replicates=64, progress=False
        )
        numbers = ua.summary().select_dtypes("number")
        assert np.isfinite(numbers.to_numpy()).all(), (method, numbers)
    assert ua.summary()["mean_score"].tolist() == pytest.approx([1e308, 1e308], rel=1e-14)
