"""Survey estimates: R's survey 4.1-1 reproduced row by row, tiny cases by hand, bad input.

References: tests/reference/survey (copied from ../shared on 2026-11-29; made by R's survey 4.1-1 on
R 4.2.2 with ``Rscript peer/survey/compute_refs.R``, see VERSIONS.txt there) on the California API
samples in tests/reference/survey/data. Tolerance: 1e-9 relative; quantiles and their interval
ends exactly; counts and df exactly.
"""

from __future__ import annotations

import math
import pickle

import govindex as gi
import numpy as np
import pandas as pd
import pytest
from conftest import ROOT

SURVEY = ROOT / "tests" / "reference" / "survey"
POPULATION = {"E": 4421, "H": 755, "M": 1018}  # apipop.csv counts by stype (README of the references)


@pytest.fixture(scope="module")
def designs() -> dict[str, gi.survey.Design]:
    strat = pd.read_csv(SURVEY / "data" / "apistrat.csv", dtype={"cds": str})
    clus1 = pd.read_csv(SURVEY / "data" / "apiclus1.csv", dtype={"cds": str})
    for data in (strat, clus1):
        data["over700"] = data["api00"] > 700
    d2 = gi.survey.Design(clus1, weights="pw", clusters="dnum", fpc="fpc")
    return {
        "D1": gi.survey.Design(strat, weights="pw", strata="stype", fpc="fpc"),
        "D2": d2,
        "D6": gi.survey.post_stratify(d2, "stype", POPULATION),
    }


def reference_rows() -> pd.DataFrame:
    frames = [
        pd.read_csv(
            SURVEY / f,
            dtype={"level": str, "group": str, "method": str},
            keep_default_na=False,
            na_values={
                "estimate": [""],
                "se": [""],
                "ci_low": [""],
                "ci_high": [""],
                "deff": [""],
                "prob": [""],
                "ci_df": [""],
            },
        )
        for f in ("D1_stratified.csv", "D2_cluster1.csv", "D6_poststratified.csv")
    ]
    return pd.concat(frames, ignore_index=True)


def compute(design: gi.survey.Design, row: pd.Series) -> pd.Series:
    by = "stype" if row["group"] else None
    if row["variable"] == "I(api00 > 700)":
        table = gi.survey.estimate(design, "over700", "proportion", by)
        table = table[table["level"] == {"TRUE": "True", "FALSE": "False"}[row["level"]]]
    elif row["statistic"] == "ratio":
        table = gi.survey.estimate(design, "api.stu", "ratio", by, denominator="enroll")
        assert table["variable"].tolist() == ["api.stu/enroll"]
    elif row["statistic"] == "quantile":
        table = gi.survey.estimate(design, row["variable"], "quantile", by, probs=[0.25, 0.5, 0.75])
        table = table[table["prob"] == row["prob"]]
    else:
        table = gi.survey.estimate(design, row["variable"], row["statistic"], by)
    domain = row["group"].split("=")[1] if row["group"] else ""
    table = table[table["domain"] == domain]
    assert len(table) == 1
    return table.iloc[0]


def relative(a: float, b: float) -> float:
    if math.isnan(a) and math.isnan(b):
        return 0.0
    return 0.0 if a == b else abs(a - b) / abs(b)


def test_every_reference_row_is_reproduced(designs):
    rows = reference_rows()
    assert len(rows) == 39
    worst = 0.0
    for _, row in rows.iterrows():
        got = compute(designs[row["design"]], row)
        where = f"{row['design']} {row['statistic']} {row['variable']} {row['group']} {row['level']} {row['prob']}"
        for column in ("estimate", "se", "ci_low", "ci_high"):
            worst = max(worst, relative(got[column], row[column]))
            assert relative(got[column], row[column]) <= 1e-9, (where, column, got[column], row[column])
            if row["statistic"] == "quantile" and column != "se":
                assert got[column] == row[column], (where, column)
        if math.isnan(row["deff"]) and row["statistic"] in ("ratio", "quantile"):
            assert math.isnan(got["deff"])
        else:
            worst = max(worst, relative(got["deff"], row["deff"]))
            assert relative(got["deff"], row["deff"]) <= 1e-9, (where, "deff", got["deff"], row["deff"])
        if not math.isnan(row["ci_df"]):
            assert got["df"] == row["ci_df"]
        assert (got["n"], got["n_psu"]) == (row["n"], row["n_psu"]), where
        assert not got["suppressed"] and got["reason"] == ""
    assert worst < 1e-12


def test_result_columns_and_design_summary(designs):
    table = gi.survey.estimate(designs["D1"], ["api00", "enroll"], "mean", "stype")
    assert list(table.columns) == gi.survey.COLUMNS
    assert table["variable"].tolist() == ["api00"] * 3 + ["enroll"] * 3
    assert table["domain"].tolist() == ["E", "H", "M"] * 2
    assert table["n"].tolist() == [100, 50, 50] * 2
    assert (designs["D1"].psus, designs["D1"].strata_count, designs["D1"].degrees_of_freedom) == (200, 3, 197)
    assert designs["D6"].final_weights().sum() == pytest.approx(6194, rel=1e-12)
    assert designs["D6"].post_strata == ("stype", {"E": 4421.0, "H": 755.0, "M": 1018.0})
    assert "15 PSUs in 1 strata" in repr(designs["D2"])


def test_designs_pickle_and_compare_equal(designs):
    for design in designs.values():
        back = pickle.loads(pickle.dumps(design))
        assert back == design
        assert back.final_weights().equals(design.final_weights())
    assert designs["D2"] != designs["D6"]


# --- tiny cases by hand (the derivations are in tests/cpp/engines/survey/test_survey.cpp) -------------------------


def test_mean_total_ratio_proportion_by_hand():
    data = pd.DataFrame(
        {
            "w": [1.0, 1.0, 2.0, 2.0],
            "y": [1.0, 2.0, 3.0, 6.0],
            "x": [1.0, 1.0, 1.0, 1.0],
            "answer": ["a", "b", "a", "a"],
            "g": ["x", "x", "z", "z"],
        }
    )
    design = gi.survey.Design(data, weights="w")
    mean = gi.survey.estimate(design, "y").iloc[0]
    # mean 3.5, V = 23/18, deff 138/43; total 21, V = 299/3, deff 299/43
    assert mean["estimate"] == pytest.approx(3.5, rel=1e-14)
    assert mean["se"] == pytest.approx(math.sqrt(23 / 18), rel=1e-14)
    assert mean["deff"] == pytest.approx(138 / 43, rel=1e-14)
    total = gi.survey.estimate(design, "y", "total").iloc[0]
    assert (total["estimate"], total["se"] ** 2) == (pytest.approx(21, rel=1e-14), pytest.approx(299 / 3, rel=1e-14))
    assert total["deff"] == pytest.approx(299 / 43, rel=1e-14)
    # ratio of y over the constant 1 is the mean, with the same SE
    ratio = gi.survey.estimate(design, "y", "ratio", denominator="x").iloc[0]
    assert (ratio["estimate"], ratio["se"]) == (pytest.approx(3.5, rel=1e-14), pytest.approx(mean["se"], rel=1e-12))
    assert math.isnan(ratio["deff"])
    # proportion of "a" with weights 1, 1, 2, 2: 5/6; z_i = w_i (1[a] - 5/6) / 6 = 1/36, -5/36, 2/36, 2/36;
    # V = 4/3 * (1 + 25 + 4 + 4) / 1296 = 34/972
    share = gi.survey.estimate(design, "answer", "proportion")
    assert share["level"].tolist() == ["a", "b"]
    assert share["estimate"].tolist() == pytest.approx([5 / 6, 1 / 6], rel=1e-14)
    assert share["se"].tolist() == pytest.approx([math.sqrt(34 / 972)] * 2, rel=1e-14)
    # domains: x mean 1.5 (V 1/6), z mean 4.5 (V 1.5)
    by = gi.survey.estimate(design, "y", "mean", by="g")
    assert by["estimate"].tolist() == pytest.approx([1.5, 4.5], rel=1e-14)
    assert (by["se"] ** 2).tolist() == pytest.approx([1 / 6, 1.5], rel=1e-14)


def test_quantile_by_hand():
    # y = 1..12, weights 1: median 6, Woodruff interval [3, 10], SE 7 / (2 t(0.975, 11))
    design = gi.survey.Design(pd.DataFrame({"w": 1.0, "y": np.arange(1.0, 13.0)}), weights="w")
    q = gi.survey.estimate(design, "y", "quantile", probs=[0.5]).iloc[0]
    assert (q["estimate"], q["ci_low"], q["ci_high"], q["df"]) == (6, 3, 10, 11)
    assert q["se"] == pytest.approx(7 / (2 * 2.200985160091639), rel=1e-12)


def test_post_stratification_by_hand():
    # weights 1, post-strata a, a, b, b with counts 4 and 6: w* = 2, 2, 3, 3; total 27 with V = 26/3
    data = pd.DataFrame({"w": 1.0, "y": [1.0, 2.0, 3.0, 4.0], "g": ["a", "a", "b", "b"]})
    design = gi.survey.post_stratify(gi.survey.Design(data, weights="w"), "g", pd.Series({"a": 4, "b": 6}))
    assert design.final_weights().tolist() == [2, 2, 3, 3]
    total = gi.survey.estimate(design, "y", "total").iloc[0]
    assert (total["estimate"], total["se"] ** 2) == (pytest.approx(27, rel=1e-14), pytest.approx(26 / 3, rel=1e-14))


def test_empty_domains_and_small_cells_are_suppressed_with_a_reason():
    data = pd.DataFrame(
        {
            "w": 1.0,
            "y": [1.0, 2.0, 3.0, 4.0],
            "g": pd.Categorical(["x", "x", "x", "z"], categories=["x", "z", "unused"]),
        }
    )
    table = gi.survey.estimate(gi.survey.Design(data, weights="w"), "y", by="g", min_count=2)
    assert table["domain"].tolist() == ["x", "z", "unused"]
    assert table["suppressed"].tolist() == [False, True, True]
    # Weights of 1 make a census: no variance under simple random sampling, so deff is not defined.
    assert table["reason"].tolist() == [
        "deff not defined (no variance under simple random sampling: the weights sum to the sample size, or the "
        "values are constant)",
        "1 respondents, below min_count = 2",
        'no respondents in domain "unused"',
    ]
    assert table["estimate"].isna().tolist() == [False, True, True]


def test_gil_released_estimates_agree_across_threads():
    from concurrent.futures import ThreadPoolExecutor

    rng = np.random.default_rng(5)
    n = 20000
    data = pd.DataFrame(
        {
            "w": rng.uniform(1, 3, n),
            "s": rng.integers(0, 10, n),
            "c": rng.integers(0, 400, n),
            "y": rng.normal(size=n),
            "d": rng.integers(0, 7, n),
        }
    )
    design = gi.survey.Design(data, weights="w", strata="s", clusters="c")
    with ThreadPoolExecutor(2) as pool:
        tables = list(pool.map(lambda _: gi.survey.estimate(design, "y", by="d"), range(4)))
    for t in tables[1:]:
        pd.testing.assert_frame_equal(t, tables[0])


# --- bad input -------------------------------------------------------------------------------------------


def test_bad_weights_name_column_and_row():
    data = pd.DataFrame({"pw": [1.0, 0.0, 2.0]})
    with pytest.raises(gi.InputError, match=r'DataFrame row 2, column "pw": expected a weight > 0, found 0') as e:
        gi.survey.Design(data, weights="pw")
    assert (e.value.line, e.value.column) == (2, "pw")
    with pytest.raises(gi.InputError, match=r"row 3.*found a missing value"):
        gi.survey.Design(pd.DataFrame({"pw": [1.0, 1.0, None]}), weights="pw")


def test_a_single_psu_stratum_is_named():
    data = pd.DataFrame({"w": 1.0, "s": ["A", "A", "B"], "y": [1.0, 3.0, 10.0]})
    with pytest.raises(gi.MethodError, match=r'stratum "B" has a single PSU') as e:
        gi.survey.Design(data, weights="w", strata="s")
    assert e.value.node == "B" and e.value.column == "s"
    design = gi.survey.Design(data, weights="w", strata="s", lonely_psu="average")
    assert gi.survey.estimate(design, "y", "total")["se"].iloc[0] ** 2 == pytest.approx(8, rel=1e-14)


def test_margins_must_match_the_sample():
    design = gi.survey.Design(pd.DataFrame({"w": 1.0, "g": ["a", "a", "b", "c"]}), weights="w")
    with pytest.raises(gi.InputError, match=r'row 4, column "g": category "c" is in the sample but has no population'):
        gi.survey.post_stratify(design, "g", {"a": 4, "b": 6})
    with pytest.raises(gi.InputError, match=r'category "d" has a population count \(2\) but no respondent'):
        gi.survey.post_stratify(design, "g", {"a": 4, "b": 6, "c": 1, "d": 2})


def test_missing_values_are_errors_unless_na_rm():
    design = gi.survey.Design(pd.DataFrame({"w": 1.0, "y": [1.0, None, 3.0]}), weights="w")
    with pytest.raises(gi.InputError, match=r'row 2, column "y": expected a number'):
        gi.survey.estimate(design, "y")
    got = gi.survey.estimate(design, "y", na_rm=True).iloc[0]
    assert (got["estimate"], got["n"]) == (2.0, 2)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda d: gi.survey.estimate("d", "y"), "design: expected a govindex.survey.Design, found str 'd'"),
        (
            lambda d: gi.survey.estimate(d, 3),
            "variables: expected a column name or a non-empty list of column names, found int 3",
        ),
        (lambda d: gi.survey.estimate(d, "y", by=1), "by: expected a column name (str) or None, found int 1"),
        (lambda d: gi.survey.estimate(d, "y", min_count="5"), "min_count: expected an int >= 0, found str '5'"),
        (
            lambda d: gi.survey.estimate(d, "y", "quantile", probs=0.5),
            "probs: expected a non-empty list of probabilities, found float 0.5",
        ),
        (
            lambda d: gi.survey.Design(pd.DataFrame({"w": [1.0]}), weights=["w"]),
            "weights: expected a column name (str) or None, found list ['w']",
        ),
        (lambda d: gi.survey.post_stratify(d, "y", [4, 6]), "population: expected a Mapping or a pandas Series"),
    ],
)
def test_wrong_arguments_are_one_line_type_errors(call, message):
    design = gi.survey.Design(pd.DataFrame({"w": 1.0, "y": [1.0, 2.0]}), weights="w")
    with pytest.raises(TypeError) as e:
        call(design)
    assert str(e.value).startswith(message) and "\n" not in str(e.value)


def test_wrong_values_and_unknown_columns():
    design = gi.survey.Design(pd.DataFrame({"w": 1.0, "y": [1.0, 2.0]}), weights="w")
    with pytest.raises(gi.MethodError, match="statistic: expected one of 'mean'.*found 'median'"):
        gi.survey.estimate(design, "y", "median")
    with pytest.raises(gi.UnknownCodeError, match='variables: column "z" is not in the data'):
        gi.survey.estimate(design, "z")
    with pytest.raises(gi.MethodError, match="lonely_psu: expected one of"):
        gi.survey.Design(design.data, weights="w", lonely_psu="remove")
    with pytest.raises(gi.MethodError, match="level: expected a confidence level in"):
        gi.survey.estimate(design, "y", level=95)


# --- issue 21: degenerate cells and no silent NaN/inf ----------------------------------------------


def test_a_degenerate_cell_is_never_published_unflagged(designs):
    # Issue 21: a cell of estimate 0, SE 0 and interval [0, 0] from 25 respondents was published
    # unflagged. D2's domain stype = "M" has 25 schools; none has api00 < 300.
    data = designs["D2"].data.assign(low=lambda d: (d["api00"] < 300).astype(float))
    design = gi.survey.Design(data, weights="pw", clusters="dnum", fpc="fpc")
    table = gi.survey.estimate(design, "low", "mean", "stype").set_index("domain")
    cell = table.loc["M"]
    assert cell["n"] == 25 and cell["suppressed"]
    assert math.isnan(cell["estimate"]) and math.isnan(cell["se"])
    assert cell["reason"].startswith("degenerate cell: ") and "SE 0" in cell["reason"]
    flagged = gi.survey.estimate(design, "low", "mean", "stype", degenerate="flag").set_index("domain").loc["M"]
    assert not flagged["suppressed"] and flagged["estimate"] == 0 and flagged["se"] == 0
    assert "degenerate cell (flagged): SE 0" in flagged["reason"]
    # A proportion at 0 or 1 says so; the other level is also degenerate (at 1).
    data["any"] = np.where(data["api00"] >= 300, "yes", "no")
    share = gi.survey.estimate(
        gi.survey.Design(data, weights="pw", clusters="dnum", fpc="fpc"), "any", "proportion", degenerate="flag"
    )
    assert len(share) == 1 and "a proportion estimated at 1" in share.iloc[0]["reason"]
    # Fewer than min_psu PSUs: a domain inside one district.
    one = data.assign(dom=np.where(data["dnum"] == data["dnum"].iloc[0], "one", "rest"))
    d = gi.survey.Design(one, weights="pw", clusters="dnum", fpc="fpc")
    # (A total: a domain mean inside one PSU also has SE 0, its residuals summing to 0 in the PSU.)
    cell = gi.survey.estimate(d, "api00", "total", "dom").set_index("domain").loc["one"]
    assert cell["suppressed"] and cell["reason"] == "degenerate cell: 1 PSU, below min_psu = 2"
    assert not gi.survey.estimate(d, "api00", "total", "dom", min_psu=1).set_index("domain").loc["one"]["suppressed"]
    # The R reference cells are not degenerate: unchanged, reason "".
    assert (gi.survey.estimate(designs["D2"], "api00", "mean", "stype")["reason"] == "").all()
    with pytest.raises(gi.MethodError, match="degenerate: expected one of 'suppress', 'flag'"):
        gi.survey.estimate(design, "low", degenerate="hide")


def test_huge_weights_give_finite_estimates():
    # Issue 21: weights of 1e306 overflowed sums to inf and gave NaN estimates. Sums now use exact
    # power-of-two scaling: the same estimates as weights 1 (means, proportions, ratios, quantiles)
    # or 1e306 times them (totals) where representable; a total beyond 1.8e308 is a NumericError.
    rng = np.random.default_rng(3)
    data = pd.DataFrame(
        {"y": rng.normal(10, 2, 100), "x": rng.uniform(1, 2, 100), "g": ["a", "b"] * 50, "c": np.repeat(range(20), 5)}
    )
    one = gi.survey.Design(data.assign(w=1.0), weights="w", clusters="c")
    huge = gi.survey.Design(data.assign(w=2.0**1017), weights="w", clusters="c")  # 1.4e306
    for statistic, extra in (("mean", {}), ("ratio", {"denominator": "x"}), ("proportion", {})):
        variable = "g" if statistic == "proportion" else "y"
        a = gi.survey.estimate(one, variable, statistic, **extra)
        b = gi.survey.estimate(huge, variable, statistic, **extra)
        for column in ("estimate", "se", "ci_low", "ci_high"):
            np.testing.assert_allclose(b[column], a[column], rtol=1e-13)
    q = gi.survey.estimate(huge, "y", "quantile", probs=[0.5]).iloc[0]
    assert q["estimate"] == gi.survey.estimate(one, "y", "quantile", probs=[0.5]).iloc[0]["estimate"]
    data["small"] = data["x"] / 10
    huge = gi.survey.Design(data.assign(w=2.0**1017), weights="w", clusters="c")
    total = gi.survey.estimate(huge, "small", "total").iloc[0]  # about 2e307: representable
    ref = gi.survey.estimate(gi.survey.Design(data.assign(w=1.0), weights="w", clusters="c"), "small", "total")
    assert total["estimate"] == ref.iloc[0]["estimate"] * 2.0**1017
    assert total["se"] == ref.iloc[0]["se"] * 2.0**1017
    with pytest.raises(gi.NumericError, match=r'survey_total of "y": expected a finite estimate, found inf'):
        gi.survey.estimate(huge, "y", "total")  # about 1.4e309
    # Weights and values both large (1e150 each: products 1e300, their squares beyond 1e308).
    big = gi.survey.Design(data.assign(w=1e150, yy=data["y"] * 1e150), weights="w", clusters="c")
    m, ref = gi.survey.estimate(big, "yy").iloc[0], gi.survey.estimate(one, "y").iloc[0]
    assert m["estimate"] == pytest.approx(ref["estimate"] * 1e150, rel=1e-13)
    assert m["se"] == pytest.approx(ref["se"] * 1e150, rel=1e-12)
    post = gi.survey.post_stratify(
        gi.survey.Design(data.assign(w=1e306), weights="w", clusters="c"), "g", {"a": 500, "b": 500}
    )
    assert np.isfinite(post.final_weights()).all() and post.final_weights().iloc[0] == 10
    assert np.isfinite(gi.survey.estimate(post, "y")[["estimate", "se"]].to_numpy()).all()


def test_a_ratio_over_a_zero_denominator_is_suppressed_with_its_reason():
    data = pd.DataFrame({"w": 1.0, "y": [1.0, 2, 3, 4, 5, 6], "x": [0.0, 0, 0, 1, 2, 3], "g": ["a"] * 3 + ["b"] * 3})
    table = gi.survey.estimate(gi.survey.Design(data, weights="w"), "y", "ratio", "g", denominator="x")
    a, b = table.iloc[0], table.iloc[1]
    assert a["suppressed"] and math.isnan(a["estimate"])
    assert a["reason"] == 'the ratio is not defined: its denominator sums to 0 in domain "a"'
    assert not b["suppressed"] and b["estimate"] == 15 / 6


def test_an_infinite_value_is_located():
    data = pd.DataFrame({"w": 1.0, "y": [1.0, np.inf, 3]})
    design = gi.survey.Design(data, weights="w")
    for na_rm in (False, True):
        with pytest.raises(gi.InputError, match=r'row 2, column "y": expected a finite number .*found inf'):
            gi.survey.estimate(design, "y", na_rm=na_rm)


def test_average_with_every_stratum_lonely_is_refused():
    # Issue 21: every stratum with one PSU under lonely_psu="average" gave NaN SEs with no reason
    # (R: 0 * Inf); the design now says why, and how to go on.
    data = pd.DataFrame({"w": 1.0, "y": [1.0, 2, 3], "h": ["a", "b", "c"]})
    with pytest.raises(gi.MethodError, match="every stratum .3. has a single PSU.*certainty or adjust"):
        gi.survey.Design(data, weights="w", strata="h", lonely_psu="average")
    # One stratum with two PSUs is enough to average over.
    ok = gi.survey.Design(
        pd.concat([data, data.iloc[[0]].assign(y=5.0)]), weights="w", strata="h", lonely_psu="average"
    )
    assert np.isfinite(gi.survey.estimate(ok, "y")["se"]).all()


def test_replicate_paths_have_no_silent_nan_or_inf():
    rng = np.random.default_rng(5)
    data = pd.DataFrame({"y": rng.normal(10, 2, 60), "x": rng.uniform(1, 2, 60), "c": np.repeat(range(12), 5)})
    one = gi.survey.replicate(gi.survey.Design(data.assign(w=1.0), weights="w", clusters="c"), "jk1")
    huge = gi.survey.replicate(gi.survey.Design(data.assign(w=1e306), weights="w", clusters="c"), "jk1")
    for statistic, extra in (("mean", {}), ("ratio", {"denominator": "x"})):
        a = gi.survey.estimate(one, "y", statistic, **extra)
        b = gi.survey.estimate(huge, "y", statistic, **extra)
        for column in ("estimate", "se", "ci_low", "ci_high"):
            np.testing.assert_allclose(b[column], a[column], rtol=1e-12)
    assert huge.degrees_of_freedom == one.degrees_of_freedom == 11
    with pytest.raises(gi.NumericError, match="survey_total"):
        gi.survey.estimate(huge, "y", "total")
    # A denominator that is 0 in the full sample, or only when a replicate deletes its PSU.
    zero = data.assign(w=1.0, x=np.where(data["c"] == 0, 1.0, 0.0))
    rep = gi.survey.replicate(gi.survey.Design(zero, weights="w", clusters="c"), "jk1")
    cell = gi.survey.estimate(rep, "y", "ratio", denominator="x").iloc[0]
    assert cell["suppressed"] and cell["reason"] == "the SE is not defined: the denominator sums to 0 under replicate 1"
    infinite = data.assign(w=1.0, y=[np.inf] + [1.0] * 59)
    rep = gi.survey.replicate(gi.survey.Design(infinite, weights="w", clusters="c"), "jk1")
    with pytest.raises(gi.InputError, match=r'row 1, column "y": expected a finite number'):
        gi.survey.estimate(rep, "y")
