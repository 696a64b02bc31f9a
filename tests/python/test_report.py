"""The province report and the report/plan/explain-change commands on the built-in data: every
number the headline prints is checked against the shipped tables, computed here independently."""

from __future__ import annotations

import govindex as gi
import openpyxl
import pandas as pd
import pytest
from govindex import cli
from govindex.vn import indices, published, report


@pytest.fixture(scope="module")
def ben_tre() -> report.ProvinceReport:
    return report.province_report("Ben Tre", 2024, target=20, replicates=4000)


def test_report_numbers_come_from_the_data(ben_tre):
    r = ben_tre
    assert (r.province_code, r.province, r.year, r.unit_2025) == ("83", "Bến Tre", 2024, "Vĩnh Long")
    # PAPI 2024: the sum of the published dimensions, ranked among the provinces with one.
    frame = published.papi(2024)
    dims = [f"d{k}" for k in range(1, 9)]
    totals = frame[dims].astype(float).sum(axis=1, min_count=8)
    rank = int((totals > totals["83"]).sum()) + 1
    assert r.papi_levels.loc["papi", "score"] == pytest.approx(totals["83"], abs=1e-12)
    assert r.papi_levels.loc["papi", "rank"] == rank == 53
    assert r.papi_levels.loc["papi", "ranked"] == int(totals.notna().sum())
    assert f"{totals['83']:.2f}" in r.headline[0] and f" {rank} " in r.headline[0]
    # Strengths and weaknesses: best and worst ranks among the dimensions.
    ranks = r.papi_levels.loc[dims, "rank"]
    assert r.strengths["rank"].iloc[0] == ranks.min() and r.weaknesses["rank"].iloc[0] == ranks.max()
    # The last change: 2023 -> 2024, parts adding up, own + others = the rank change.
    c = r.last_change
    assert r.change_from == 2023 and c.parts["change"].sum() == pytest.approx(c.score_after - c.score_before, abs=1e-12)
    assert c.own_part + c.others_part == c.rank_after - c.rank_before
    # The target: the 20th best of the others; the plan reaches it when applied.
    others = totals.drop("83").sort_values(ascending=False)
    assert r.gap.required_score == pytest.approx(others.iloc[19], abs=1e-12)
    applied = gi.apply_plan(r.results, r.plan)
    assert applied.results.ranks.loc["83", "papi"] <= 20
    assert 0 < r.plan.success_probability < 1 and r.robust_plan.success_probability >= 0.8
    assert r.se_year == 2023 and f"{r.gap.required_score:.2f}" in r.headline[2]
    # PAR INDEX and PCI paths as published, with the decisions in force.
    assert (
        "2019 xếp hạng 63 (73.87), 2020 xếp hạng 44, 2021 xếp hạng 37, 2022 xếp hạng 56, 2023 xếp hạng 54"
        in r.headline[5]
    )
    assert "876/QĐ-BNV (ký ngày 2022-11-10)" in r.headline[5]
    assert "PCI: 2019 xếp hạng 7, 2021 xếp hạng 18." in r.headline
    assert list(r.geography.index) == ["83", "84", "86"]


def test_report_outputs(ben_tre, tmp_path):
    page = ben_tre.to_html(tmp_path / "r.html")
    assert (tmp_path / "r.html").read_text(encoding="utf-8") == page
    assert "Bến Tre" in page and "Vĩnh Long" in page and "data:image/png;base64," in page
    book = openpyxl.load_workbook(ben_tre.to_excel(tmp_path / "r.xlsx"))
    assert {"headline", "papi_levels", "plan", "papi_change", "par_index_history", "geography_2025"} <= set(
        book.sheetnames
    )
    assert "Bến Tre" in ben_tre._repr_html_()
    english = report.province_report("83", 2024, language="en", replicates=500)
    assert english.headline[0].startswith("PAPI 2024: score 41.25, rank 53 of 61")


def test_report_bad_input():
    with pytest.raises(gi.UnknownCodeError, match="nearest"):
        report.province_report("Atlantis")
    with pytest.raises(gi.UnknownCodeError):
        report.province_report("Bến Tre", 2014)
    with pytest.raises(gi.UnknownCodeError, match=r"PAPI 2022: no data for Bắc Ninh \(27\)"):
        report.province_report("Bắc Ninh", 2022)
    with pytest.raises(gi.MethodError, match="target rank 70; expected a rank from 1 to 61"):
        report.province_report("Bến Tre", 2024, target=70, replicates=100)
    with pytest.raises(gi.MethodError, match='report language "fr"'):
        report.province_report("Bến Tre", language="fr")
    with pytest.raises(TypeError, match="target"):
        report.province_report("Bến Tre", target="20")


def test_papi_and_pci_results():
    papi = indices.papi_results(2023, depth=2)
    assert "d1_1" in papi.framework.indicators
    # The dimension level reproduces the published dimensions (sums of sub-dimensions, rounded).
    frame = published.papi(2023)
    assert (papi.scores["d1"] - frame["d1"].astype(float)).abs().max() < 1e-3
    pci = indices.pci_results(2021)
    assert pci.scores.loc["83", "PCI"] == pytest.approx(66.35, abs=0.01)
    assert pci.ranks.loc["83", "PCI"] == 18
    with pytest.raises(gi.MethodError, match="depth 3"):
        indices.papi_results(2023, depth=3)


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_report_plan_and_explain_change_commands(capsys, tmp_path):
    code, out, _ = run(
        capsys,
        "report",
        "--province",
        "Bến Tre",
        "--lang",
        "en",
        "--replicates",
        "500",
        "--html",
        str(tmp_path / "r.html"),
    )
    assert code == 0 and out.startswith("Bến Tre (83), PAPI 2024, target top 20:") and (tmp_path / "r.html").exists()
    code, out, _ = run(
        capsys,
        "plan",
        "--unit",
        "Ben Tre",
        "--target",
        "20",
        "--index",
        "papi",
        "--year",
        "2024",
        "--output",
        str(tmp_path / "plan.csv"),
    )
    assert code == 0 and "optimal plan (least_cost)" in out and "rank -> 20" in out
    assert list(pd.read_csv(tmp_path / "plan.csv")["node"]) == ["d1", "d2", "d3"]
    code, out, _ = run(
        capsys, "explain-change", "--unit", "Bến Tre", "--index", "pci", "--from", "2019", "--to", "2021"
    )
    assert code == 0 and "rank 7 -> 18" in out and "business_support" in out
    assert "one at a time: had only this unit changed, rank" in out and "methodology differs" not in out
    # Across PAPI's 2018 change of methodology: the differences listed, the methodology part printed.
    code, out, _ = run(
        capsys, "explain-change", "--unit", "Hà Nội", "--index", "papi", "--from", "2017", "--to", "2018"
    )
    assert code == 0 and "methodology differs (automatic re-scoring, data first):" in out
    assert '- node "d7" (under "papi") is in the after run only' in out
    assert "Shapley parts: own -8, other units +2, methodology +4" in out
    assert "had only this unit changed, rank 49 (-7); had only the others changed, rank 59 (+3); interaction -2" in out
    code, out, _ = run(
        capsys, "plan", "--unit", "VNM", "--target", "20", "--example", "asem", "--objective", "fewest_nodes"
    )
    assert code == 0 and "optimal plan (fewest_nodes): 4 nodes" in out


def test_command_errors_are_one_line(capsys, tmp_path):
    for args, message in [
        (
            ["plan", "--unit", "Bến Tre", "--target", "20", "--index", "papi", "--year", "2024", "--cost", "d1"],
            '--cost "d1": expected NODE=NUMBER',
        ),
        (["plan", "--unit", "Bến Tre", "--target", "20", "--index", "papi"], "--index papi: expected --year"),
        (["report", "--html", str(tmp_path / "r.pdf")], 'unknown output type ".pdf"; expected .html or .htm'),
        (["explain-change", "--unit", "Bến Tre", "--index", "papi", "--from", "2013", "--to", "2024"], "2013"),
    ]:
        code, out, err = run(capsys, *args)
        assert code != 0 and message in err and err.count("\n") == 1, err


def test_readme_shows_what_the_main_job_prints():
    """The README's quick-start block is the headline scripts/demo prints (default province and target)."""
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for line in report.province_report("Bến Tre").headline:
        assert f"- {line}\n" in readme, line


def test_errors_from_history():
    """The sd of each province's year-on-year PAPI changes, recomputed here from the published totals."""
    errors = report.papi_change_errors(2024)
    totals = pd.DataFrame({y: indices.papi_results(y).scores["papi"] for y in range(2018, 2025)})
    changes = totals.diff(axis=1).iloc[:, 1:]
    assert errors["83"] == pytest.approx(changes.loc["83"].std(ddof=1), rel=1e-6)  # totals rounded vs summed
    assert len(errors) == 63 and all(v > 0 for v in errors.values())


def test_report_command_for_a_province_with_a_par_index_year_without_components(capsys):
    """Thừa Thiên Huế (TT-Huế) has PAR INDEX components for 2020 only: the report printed a pandas
    traceback (a length error on the repeated province label) and exited 1."""
    code, out, err = run(capsys, "report", "--province", "TT-Huế")
    assert code == 0, err
    assert "PAR INDEX: 2020" in out and "88.47" in out


def test_report_command_refuses_a_probability_of_nan(capsys):
    """`govindex report --probability nan` printed "≥ nan%"; now a one-line error naming it."""
    code, out, err = run(capsys, "report", "--province", "Bến Tre", "--probability", "nan")
    assert code != 0 and "nan%" not in out
    assert "probability" in err and len(err.strip().splitlines()) == 1
