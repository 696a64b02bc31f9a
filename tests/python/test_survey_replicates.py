"""Replicate-weight and multistage survey designs: R's survey 4.1-1 reproduced row by row, bad input.

References: tests/reference/survey_replicates (made by ``Rscript make_reference.R`` there with R 4.2.2
and survey 4.1-1; README and VERSIONS.txt there): JK1 (J1), JKn (JN), bootstrap replicate columns
(B1, and B2 as type "other" with mse) and a two-stage design (M2). Tolerance 1e-9 relative;
quantiles and their interval ends exactly; counts and df exactly.
"""

from __future__ import annotations

import math
import pickle

import govindex as gi
import pandas as pd
import pytest
from conftest import ROOT

REF = ROOT / "tests" / "reference" / "survey_replicates"
DATA = ROOT / "tests" / "reference" / "survey" / "data"


@pytest.fixture(scope="module")
def designs() -> dict[str, object]:
    strat = pd.read_csv(DATA / "apistrat.csv", dtype={"cds": str})
    clus1 = pd.read_csv(DATA / "apiclus1.csv", dtype={"cds": str})
    clus2 = pd.read_csv(REF / "data" / "apiclus2.csv", dtype={"cds": str})
    boot = pd.read_csv(REF / "boot_weights.csv")
    clus1b = pd.concat([clus1, boot], axis=1)
    for data in (strat, clus1, clus2, clus1b):
        data["over700"] = data["api00"] > 700
    reps = list(boot.columns)
    return {
        "J1": gi.survey.replicate(gi.survey.Design(clus1, weights="pw", clusters="dnum", fpc="fpc"), "jk1"),
        "JN": gi.survey.replicate(gi.survey.Design(strat, weights="pw", strata="stype", fpc="fpc"), "jkn"),
        "B1": gi.survey.ReplicateDesign(clus1b, weights="pw", replicates=reps, type="bootstrap"),
        "B2": gi.survey.ReplicateDesign(
            clus1b, weights="pw", replicates=reps, type="other", scale=0.02, rscales=1, mse=True
        ),
        "M2": gi.survey.Design(clus2, weights="pw", clusters=["dnum", "snum"], fpc=["fpc1", "fpc2"]),
    }


def reference_rows() -> pd.DataFrame:
    frames = [
        pd.read_csv(
            REF / f,
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
        for f in ("replicates.csv", "twostage.csv")
    ]
    return pd.concat(frames, ignore_index=True)


def compute(design: object, row: pd.Series, threads: int = 0) -> pd.Series:
    by = "stype" if row["group"] else None
    na_rm = row["na_rm"] == "TRUE" or row["na_rm"] is True
    extra = {"threads": threads} if isinstance(design, gi.survey.ReplicateDesign) else {}
    if row["variable"] == "I(api00 > 700)":
        table = gi.survey.estimate(design, "over700", "proportion", by, **extra)
        table = table[table["level"] == {"TRUE": "True", "FALSE": "False"}[row["level"]]]
    elif row["statistic"] == "ratio":
        table = gi.survey.estimate(design, "api.stu", "ratio", by, denominator="enroll", na_rm=na_rm, **extra)
    elif row["statistic"] == "quantile":
        table = gi.survey.estimate(design, row["variable"], "quantile", by, probs=[0.25, 0.5, 0.75], **extra)
        table = table[table["prob"] == row["prob"]]
    else:
        table = gi.survey.estimate(design, row["variable"], row["statistic"], by, na_rm=na_rm, **extra)
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
    assert len(rows) == 65
    for _, row in rows.iterrows():
        got = compute(designs[row["design"]], row)
        where = f"{row['design']} {row['statistic']} {row['variable']} {row['group']} {row['level']} {row['prob']}"
        for column in ("estimate", "se", "ci_low", "ci_high"):
            assert relative(got[column], row[column]) <= 1e-9, (where, column, got[column], row[column])
            if row["statistic"] == "quantile" and column != "se":
                assert got[column] == row[column], (where, column)
        if row["statistic"] in ("ratio", "quantile"):
            assert math.isnan(got["deff"])
        else:
            assert relative(got["deff"], row["deff"]) <= 1e-9, (where, "deff", got["deff"], row["deff"])
        if not math.isnan(row["ci_df"]):
            assert got["df"] == row["ci_df"]
        assert got["n"] == row["n"]
        if row["design"] not in ("B1", "B2"):
            assert got["n_psu"] == row["n_psu"]


def test_design_properties_match_r(designs):
    assert designs["J1"].replicates == 15 and designs["J1"].degrees_of_freedom == 14
    assert relative(designs["J1"].scale, 0.91483927785116681) <= 1e-15
    assert designs["JN"].replicates == 200 and designs["JN"].degrees_of_freedom == 197
    assert relative(designs["B1"].scale, 1 / 49) <= 1e-15 and designs["B1"].type == "bootstrap"
    assert designs["M2"].variance_stages == 2 and designs["M2"].degrees_of_freedom == 39
    assert designs["M2"].columns["clusters"] == ["dnum", "snum"]


def test_threads_do_not_change_results(designs):
    boot = gi.survey.replicate(
        gi.survey.Design(designs["JN"].data, weights="pw", strata="stype", fpc="fpc"),
        "bootstrap",
        replicates=30,
        seed=3,
    )
    a = gi.survey.estimate(boot, "api00", by="stype", threads=1)
    b = gi.survey.estimate(boot, "api00", by="stype", threads=3)
    assert a.equals(b)
    again = gi.survey.replicate(
        gi.survey.Design(designs["JN"].data, weights="pw", strata="stype", fpc="fpc"),
        "bootstrap",
        replicates=30,
        seed=3,
    )
    assert boot.replicate_weights().equals(again.replicate_weights())


def test_replicate_designs_pickle(designs):
    for name in ("J1", "B2"):
        back = pickle.loads(pickle.dumps(designs[name]))
        assert isinstance(back, gi.survey.ReplicateDesign) and back == designs[name]
        assert gi.survey.estimate(back, "api00").equals(gi.survey.estimate(designs[name], "api00"))
    back = pickle.loads(pickle.dumps(designs["M2"]))
    assert back == designs["M2"] and back.variance_stages == 2


def test_bad_replicate_columns_are_located():
    data = pd.DataFrame(
        {
            "w": [1.0, 1.0, 2.0],
            "r1": [1.0, -1.0, 2.0],
            "r2": ["a", "b", "c"],
            "r3": [1.0, 1.0, 1.0],
            "y": [1.0, 2.0, 3.0],
        }
    )
    with pytest.raises(gi.InputError, match=r'row 2, column "r1": expected a replicate weight >= 0, found -1'):
        gi.survey.ReplicateDesign(data, weights="w", replicates=["r1", "r3"])
    with pytest.raises(gi.InputError, match=r'column "r2": expected numbers'):
        gi.survey.ReplicateDesign(data, weights="w", replicates=["r3", "r2"])
    with pytest.raises(gi.MethodError, match="rscales: expected one per replicate column"):
        gi.survey.ReplicateDesign(data, weights="w", replicates=["r3", "r3"], rscales=[1, 1, 1])
    with pytest.raises(TypeError, match="^replicates: expected"):
        gi.survey.ReplicateDesign(data, weights="w", replicates=3)
    with pytest.raises(gi.MethodError, match="type: expected one of"):
        gi.survey.replicate(gi.survey.Design(data, weights="w"), "brr")


def test_a_stage_with_a_single_unit_is_located():
    data = pd.DataFrame(
        {"w": [2.0, 2.0, 2.0], "d": ["a", "a", "b"], "s": [1, 2, 1], "f1": [4.0] * 3, "f2": [4.0, 4.0, 3.0]}
    )
    with pytest.raises(gi.MethodError, match=r'row 3, column "s".*stage 2: cluster "b" of stage 1 has a single'):
        gi.survey.Design(data, weights="w", clusters=["d", "s"], fpc=["f1", "f2"])
    design = gi.survey.Design(data, weights="w", clusters=["d", "s"], fpc=["f1", "f2"], lonely_psu="certainty")
    assert design.variance_stages == 2


def test_two_stage_design_derives_its_weights_from_the_fpc(designs):
    # Issue 21: a two-stage design had to be given weights; R's svydesign(id = ~dnum + snum,
    # fpc = ~fpc1 + fpc2, data = apiclus2) without weights derives them (as.fpc and
    # weights.survey_fpc: per stage popsize / sampsize, probs = their inverses, prob = product,
    # weight = 1 / prob). R's rule written out here with pandas: sampsize = districts sampled (40)
    # and schools sampled in the row's district.
    clus2 = designs["M2"].data
    derived = gi.survey.Design(clus2, clusters=["dnum", "snum"], fpc=["fpc1", "fpc2"])
    n1 = clus2["dnum"].nunique()
    n2 = clus2.groupby("dnum")["snum"].transform("nunique")
    prob = (1 / (clus2["fpc1"] / n1)) * (1 / (clus2["fpc2"] / n2))
    assert (derived.final_weights() - 1 / prob).abs().max() == 0
    # apiclus2's pw is this rule's weight (within an ulp), so every M2 reference row holds.
    assert (derived.final_weights() / clus2["pw"] - 1).abs().max() <= 1e-15
    assert derived.columns["weights"] is None
    rows = reference_rows()
    rows = rows[rows["design"] == "M2"]
    assert len(rows) == 13
    for _, row in rows.iterrows():
        got = compute(derived, row)
        for column in ("estimate", "se", "ci_low", "ci_high"):
            assert relative(got[column], row[column]) <= 1e-9, (row["statistic"], row["variable"], column)
    assert pickle.loads(pickle.dumps(derived)).final_weights().equals(derived.final_weights())
    # Sampling fractions instead of counts give the same weights (popsize = sampsize / fraction).
    fractions = clus2.assign(f1=n1 / clus2["fpc1"], f2=n2 / clus2["fpc2"])
    by_fraction = gi.survey.Design(fractions, clusters=["dnum", "snum"], fpc=["f1", "f2"])
    assert (by_fraction.final_weights() / derived.final_weights() - 1).abs().max() <= 1e-15
    # Without an fpc for every stage there is nothing to derive them from (R: an error too).
    with pytest.raises(gi.MethodError, match="weights: expected a column of weights, or an fpc column for every stage"):
        gi.survey.Design(clus2, clusters=["dnum", "snum"], fpc="fpc1")


def test_estimate_checks_its_arguments_alike_for_both_kinds_of_design(designs):
    # One estimate() path for both kinds: a stray denominator and a bad threads are refused for each.
    for design in (designs["J1"], designs["M2"]):
        with pytest.raises(gi.MethodError, match=r'denominator: only used with statistic="ratio"'):
            gi.survey.estimate(design, "stype", "proportion", denominator="enroll")
        with pytest.raises(gi.MethodError, match=r"threads: expected an int >= 0, found -1"):
            gi.survey.estimate(design, "api00", threads=-1)
