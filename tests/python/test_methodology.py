"""Methodologies and scoring rules from Python: shipped families, scoring by source, files, errors."""

from __future__ import annotations

import math
from pathlib import Path

import govindex.methodology as gm
import pandas as pd
import pytest
from govindex import _core

ROOT = Path(__file__).resolve().parents[2]
VN = ROOT / "data" / "vn"
SOURCE = ROOT / "data" / "vn" / "methodologies"


def shipped(name: str) -> gm.Family:
    """The shipped family: installed package data if present, else the source checkout."""
    try:
        return gm.family(name)
    except KeyError:
        return gm.family(name, folder=SOURCE)


# Two versions, hand-computed: v1 A (10) = yes_no 4 + levels 3 + completion_rate 3 (floor 80);
# v2 raises the completion floor to 90 and adds A.4 (yes_no 1, A.1 shrinks to 3).
DEMO = """
[family]
name = "demo"

[[versions]]
id = "v1"
decision = "1/QĐ-TEST"
signed_on = 2021-12-20
first_year = 2021
last_year = 2021
publication_lag = 1
aggregation = "points"
unknown = ["survey_points"]

[[versions.nodes]]
code = "A"
name_vi = "Lĩnh vực A"
max_points = 10

[[versions.nodes]]
code = "A.1"
parent = "A"
name_vi = "Ban hành kế hoạch"
max_points = 4
source = "appraisal"
rule = { name = "yes_no", points = 4 }

[[versions.nodes]]
code = "A.2"
parent = "A"
name_vi = "Chất lượng"
max_points = 3
source = "survey_external"
rule = { name = "levels", levels = [{ name = "Tốt", points = 3 }, { name = "Đạt", points = 1 }] }

[[versions.nodes]]
code = "A.3"
parent = "A"
name_vi = "Tỷ lệ hoàn thành"
max_points = 3
source = "appraisal"
rule = { name = "completion_rate", full = 3, floor = 80, bands = [{ from = 80, to = 100, points = 2 }] }

[[versions]]
id = "v2"
decision = "2/QĐ-TEST"
signed_on = 2022-11-10
first_year = 2022
publication_lag = 1
aggregation = "points"
unknown = ["survey_points"]

[[versions.nodes]]
code = "A"
name_vi = "Lĩnh vực A"
max_points = 10

[[versions.nodes]]
code = "A.1"
parent = "A"
name_vi = "Ban hành kế hoạch"
max_points = 3
source = "appraisal"
rule = { name = "yes_no", points = 3 }

[[versions.nodes]]
code = "A.2"
parent = "A"
name_vi = "Chất lượng"
max_points = 3
source = "survey_external"
rule = { name = "levels", levels = [{ name = "Tốt", points = 3 }, { name = "Đạt", points = 1 }] }

[[versions.nodes]]
code = "A.3"
parent = "A"
name_vi = "Tỷ lệ hoàn thành"
max_points = 3
source = "appraisal"
rule = { name = "completion_rate", full = 3, floor = 90, bands = [{ from = 90, to = 100, points = 2 }] }

[[versions.nodes]]
code = "A.4"
parent = "A"
name_vi = "Chuyển đổi số"
max_points = 1
source = "appraisal"
rule = { name = "yes_no", points = 1 }

[[crosswalks]]
from = "v1"
to = "v2"

[[crosswalks.mappings]]
from = ["A.1"]
to = ["A.1"]
kind = "same"

[[crosswalks.mappings]]
from = ["A.2"]
to = ["A.2"]
kind = "same"

[[crosswalks.mappings]]
from = ["A.3"]
to = ["A.3"]
kind = "same"

[[crosswalks.mappings]]
from = []
to = ["A.4"]
kind = "added"
"""


def test_shipped_par_index_legal_chain() -> None:
    par = shipped("par_index")
    assert par.version_for(2017).id == "2948/QĐ-BNV"
    assert par.version_for(2020).id == par.version_for(2021).id == "1149/QĐ-BNV"
    assert par.version_for(2022).id == "876/QĐ-BNV"
    assert par.version_for(2024).id == "892/QĐ-BNV"
    nodes = gm.nodes_frame(par.version_for(2017))
    assert list(nodes.loc[[str(i) for i in range(1, 9)], "max_points"]) == [10, 10, 14.5, 11, 16, 7, 16, 15.5]
    v876 = par.version("876/QĐ-BNV")
    assert v876.survey_points == 32.0 and list(v876.declared_counts) == [8, 37, 88]
    assert "3: max_points" in v876.unknowns()
    timing = gm.signing_table(par, [2021, 2022])
    assert timing.loc[2022, "days_before_year_end"] == 51 and bool(timing.loc[2022, "late"])
    assert not bool(timing.loc[2021, "late"])
    with pytest.raises(KeyError):
        par.version_for(2010)
    with pytest.raises(KeyError):
        gm.family("sipas")


def test_shipped_papi_sums_and_pci_weights() -> None:
    papi = shipped("papi")
    data = pd.read_csv(VN / "papi_2019.csv", index_col="province")
    version = papi.version_for(2019)
    assert len(gm.leaves(version)) == 29
    row = data.loc["Bến Tre"]
    scores = gm.score(version, {leaf: row[leaf] for leaf in gm.leaves(version)}, unit="Bến Tre", year=2019)
    for d in range(1, 9):  # sub-dimensions add up to the dimensions printed in the workbook
        assert scores.loc[f"d{d}", "obtained"] == pytest.approx(row[f"d{d}"], abs=0.02)
    assert scores.loc["papi", "obtained"] == pytest.approx(row["score"], abs=0.02)
    assert scores.loc["papi", "survey_external"] == pytest.approx(scores.loc["papi", "obtained"])

    pci = shipped("pci")
    w = gm.weights(pci.version_for(2019))
    assert w.sum() == pytest.approx(1.0) and w["labor_training"] == 0.2
    assert gm.weights(pci.version_for(2022)).isna().all()
    top = pd.read_csv(VN / "pci_2019_partial.csv").dropna(subset=["score"])
    for _, r in top.iterrows():
        card = gm.score(pci.version_for(2019), {c: r[c] for c in w.index})
        assert card.loc["pci", "obtained"] == pytest.approx(r["score"], abs=0.03), r["province"]


def test_rules_from_python() -> None:
    rule = _core.CompletionRate(
        full=2, floor=70, bands=[_core.RateBand(from_=70, to=90, points=1), _core.RateBand(from_=90, to=100, points=2)]
    )
    result = _core.score_rule(rule, _core.Evidence(rate=85))
    assert result.points == 1 and "in [70%, 90%)" in result.explanation
    with pytest.raises(ValueError, match="outside 0-100 %"):
        _core.score_rule(rule, _core.Evidence(rate=101))
    with pytest.raises(ValueError, match="overlap"):
        _core.CompletionRate(
            full=2,
            floor=70,
            bands=[_core.RateBand(from_=70, to=95, points=1), _core.RateBand(from_=90, to=100, points=2)],
        )
    ratio = _core.Ratio(
        numerator="on time", denominator="total", full=1, floor=80, bands=[_core.RateBand(from_=80, to=100, points=0.5)]
    )
    assert _core.score_rule(ratio, _core.Evidence(numerator=170, denominator=200)).points == 0.5
    assert _core.score_rule(_core.Cap(max=1, per_unit=0.25), _core.Evidence(value=6)).points == 1
    assert (
        _core.score_rule(
            _core.Penalty(items=[_core.Item(name="Vi phạm", points=1)]), _core.Evidence(items=["Vi phạm"])
        ).points
        == -1
    )
    assert (
        _core.score_rule(_core.Levels(levels=[_core.Level(name="Tốt", points=2)]), _core.Evidence(level="Tốt")).points
        == 2
    )


def test_scores_by_source_rescore_and_round_trip(tmp_path: Path) -> None:
    fam = _core.parse_methodology_family(DEMO, "demo.toml")
    records = pd.DataFrame(
        {
            "self": [4, math.nan, 3],
            "appraised_1": [4, math.nan, 0],
            "appraised_2": [math.nan, math.nan, 2],
            "yes": [True, None, None],
            "level": [None, "Đạt", None],
            "rate": [math.nan, math.nan, 85.0],
        },
        index=["A.1", "A.2", "A.3"],
    )
    a = gm.assessment(records, unit="Bến Tre", year=2021)
    card = gm.score(fam.version("v1"), a)
    # A.1 4 (appraised) + A.2 1 (survey, level "Đạt") + A.3 2 (appraisal round 2) = 7
    assert card.loc["A", "obtained"] == 7 and card.loc["A", "percent"] == 70
    assert card.loc["A", "appraised"] == 6 and card.loc["A", "survey_external"] == 1
    assert card.loc["A", "self"] == 7 and card.loc["A", "deduction"] == 1
    assert "appraised round 2 2" in gm.explain(fam.version("v1"), a, "A.3")

    # under v2: A.1 yes -> 3, A.2 "Đạt" -> 1, A.3 85% below the new floor 90% -> 0; A.4 added
    totals, not_comparable = gm.rescore(fam, "v1", "v2", a)
    assert totals.loc["A.1", "obtained"] == 3 and totals.loc["A.3", "obtained"] == 0
    assert math.isnan(totals.loc["A", "obtained"])
    assert not_comparable == {
        "A.4": "added in v2; no evidence under v1",
        "A": "depends on leaves that are not comparable: A.4",
    }

    path = tmp_path / "demo.toml"
    gm.write_family(fam, path)
    assert gm.read_family(path) == fam


def test_bad_file_is_located() -> None:
    bad = DEMO.replace(
        'parent = "A"\nname_vi = "Chất lượng"\nmax_points = 3\nsource = "survey_external"\nrule = { name = "levels", levels = [{ name = "Tốt", points = 3 }, { name = "Đạt", points = 1 }] }\n\n[[versions.nodes]]\ncode = "A.3"\nparent = "A"\nname_vi = "Tỷ lệ hoàn thành"\nmax_points = 3\nsource = "appraisal"\nrule = { name = "completion_rate", full = 3, floor = 80',
        'parent = "A"\nname_vi = "Chất lượng"\nmax_points = 3\nsource = "survey_external"\nrule = { name = "levels", levels = [{ name = "Tốt", points = 3 }, { name = "Đạt", points = 1 }] }\n\n[[versions.nodes]]\ncode = "A.3"\nparent = "A"\nname_vi = "Tỷ lệ hoàn thành"\nmax_points = 4\nsource = "appraisal"\nrule = { name = "completion_rate", full = 3, floor = 80',
        1,
    )
    assert bad != DEMO
    line = DEMO.splitlines().index('code = "A"')  # line number of the [[versions.nodes]] line of A in v1
    with pytest.raises(
        ValueError,
        match=rf'demo.toml line {line}, node "A", field "max_points": max_points 10 but its children\'s maxima add up to 11',
    ):
        _core.parse_methodology_family(bad, "demo.toml")
    with pytest.raises(
        ValueError, match=r'field "first_year": assessment year 2021 is covered by version "v2" and by version "v1"'
    ):
        _core.parse_methodology_family(DEMO.replace("first_year = 2022", "first_year = 2021"), "demo.toml")


# --- a methodology version is a framework plus a pipeline ---------------------------------------

# A user's own methodology: leaves at two depths (F2 is a leaf under the root), appraisal and
# survey sources, three rule types.
OWN = """
[family]
name = "own"

[[versions]]
id = "2024"
first_year = 2024
aggregation = "points"
unknown = ["survey_points", "publication_lag"]

[[versions.nodes]]
code = "T"
name_vi = "Tổng"
max_points = 20

[[versions.nodes]]
code = "F1"
parent = "T"
name_vi = "Thể chế"
max_points = 10

[[versions.nodes]]
code = "F1.a"
parent = "F1"
name_vi = "Ban hành kế hoạch"
max_points = 4
source = "appraisal"
rule = { name = "yes_no", points = 4 }

[[versions.nodes]]
code = "F1.b"
parent = "F1"
name_vi = "Hồ sơ đúng hạn"
max_points = 6
source = "appraisal"
rule = { name = "ratio", numerator = "on time", denominator = "records", full = 6, floor = 50, bands = [{ from = 50, to = 100, points = 6, proportional = true }] }

[[versions.nodes]]
code = "F2"
parent = "T"
name_vi = "Mức độ hài lòng"
max_points = 10
source = "survey_external"
rule = { name = "completion_rate", full = 10, bands = [{ from = 0, to = 100, points = 10, proportional = true }] }
"""


def test_own_methodology_runs_through_the_pipeline() -> None:
    import govindex as gi
    import numpy as np

    version = _core.parse_methodology_family(OWN, "own.toml").version("2024")
    framework = gm.framework(version)
    assert framework.indicators == ["F1.a", "F1.b", "F2"]
    assert framework.node("F2@2").parent == "T"  # F2 lifted to the level of F1
    pipeline = gm.pipeline(version)
    assert [type(s).__name__ for s in pipeline.steps] == ["Score", "Aggregate"]
    records = {
        "Bến Tre": pd.DataFrame(
            {
                "yes": [True, None, None],
                "numerator": [None, 45, None],
                "denominator": [None, 60, None],
                "survey": [None, None, 7.5],
            },
            index=["F1.a", "F1.b", "F2"],
        ),
        "Cà Mau": pd.DataFrame(
            {
                "self": [4, None, None],
                "appraised_1": [0, None, None],
                "numerator": [None, 30, None],
                "denominator": [None, 40, None],
                "rate": [None, None, 80.0],
            },
            index=["F1.a", "F1.b", "F2"],
        ),
    }
    assessments = [gm.assessment(frame, unit=unit) for unit, frame in records.items()]
    results = pipeline.run(framework, gm.assessment_data(version, assessments))
    for a in assessments:
        card = gm.score(version, a)
        for code in card.index:
            assert results.scores.loc[a.unit, code] == pytest.approx(card.loc[code, "obtained"], abs=1e-12), (
                a.unit,
                code,
            )
    assert results.scores.loc["Bến Tre", "T"] == pytest.approx(4 + 4.5 + 7.5)
    assert results.scores.loc["Cà Mau", "T"] == pytest.approx(0 + 4.5 + 8)
    percent = gm.percent_of_max(results, version)
    assert percent.loc["Bến Tre", "T"] == pytest.approx(80.0)
    assert "F2@2" not in percent.columns
    assert list(results.results_table().index) == ["Bến Tre", "Cà Mau"]
    assert len(results.explain("Cà Mau", "F1")) >= 3
    # The same data typed as a table: points given in the leaf column, evidence in text columns.
    table = pd.DataFrame(
        {
            "uCode": ["P"],
            "F1.a": [np.nan],
            "F1.b": [np.nan],
            "F2": [np.nan],
            "F1.a_yes": ["true"],
            "F1.b_num": ["45"],
            "F1.b_den": ["60"],
            "F2_rate": [75.0],
        }
    )
    scored = pipeline.run(framework, gi.Dataset.from_frame(table, framework)).scores
    assert scored.loc["P", "T"] == pytest.approx(4 + 4.5 + 7.5)


def test_framework_of_a_version_with_unknown_weights_is_an_error() -> None:
    pci = shipped("pci")
    assert gm.framework(pci.version_for(2021)).weights()["transparency"] == 0.2
    with pytest.raises(
        _core.MethodError, match=r'node "entry_costs", field "weight": the weighted mean needs every child'
    ):
        gm.framework(pci.version_for(2022))
    with pytest.raises(_core.MethodError, match=r'node "par_index", field "children"'):
        gm.pipeline(shipped("par_index").version_for(2020))


def test_unknown_parts_are_missing_values_and_score_is_that_run() -> None:
    # PCI 2022: the weights are unknown, so the composite is missing while the sub-indices are kept.
    pci = shipped("pci").version_for(2022)
    framework = gm.framework(pci, unknown="missing")
    assert "pci@unknown" in framework.indicators
    sub_indices = [c for c in pci.leaves()]
    a = gm.assessment({code: 5.0 + k / 10 for k, code in enumerate(sub_indices)}, unit="Hải Phòng", year=2022)
    results = gm.pipeline(pci, unknown="missing").run(framework, gm.assessment_data(pci, [a], unknown="missing"))
    assert math.isnan(results.scores.loc["Hải Phòng", "pci"])
    assert results.scores.loc["Hải Phòng", sub_indices[1]] == pytest.approx(5.1)
    card = gm.score(pci, a)
    assert math.isnan(card.loc["pci", "obtained"])
    assert card.loc[sub_indices[1], "obtained"] == pytest.approx(5.1)
    # the argument is checked by name
    with pytest.raises(_core.ArgumentValueError, match=r"^unknown: expected one of 'refuse', 'missing', found 'skip'$"):
        gm.framework(pci, unknown="skip")
    with pytest.raises(_core.ArgumentTypeError, match=r"^unknown: expected one of 'refuse', 'missing', found bool"):
        gm.pipeline(pci, unknown=True)
