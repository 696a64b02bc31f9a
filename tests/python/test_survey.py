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


# --- tiny cases by hand (the derivations are in tests/cpp/test_survey.cpp) -------------------------


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
    assert table["reason"].tolist() == ["", "1 respondents, below min_count = 2", 'no respondents in domain "unused"']
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
            "weights: expected a column name (str), found list ['w']",
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
