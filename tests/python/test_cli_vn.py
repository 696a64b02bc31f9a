"""The ``papi``, ``pci`` and ``par-index`` subcommands (govindex.vn.cli): handlers called directly,
and the installed command through a subprocess once the subcommands are wired into govindex.cli."""

from __future__ import annotations

import argparse
import subprocess
import sys

import govindex as gi
import pytest
from govindex.vn import cli as cli_vn


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="govindex")
    cli_vn.add_subcommands(p.add_subparsers(dest="command", required=True))
    return p


def run(argv: list[str], capsys) -> str:
    args = parser().parse_args(argv)
    assert args.func(args) == 0
    return capsys.readouterr().out


def test_papi_prints_dimensions_and_total(capsys):
    out = run(["papi", "--year", "2021", "--province", "Bến Tre"], capsys)
    assert "PAPI 2021, Bến Tre (83): 8 dimensions" in out
    assert "D1 " in out and "D8 " in out and "Tham gia của người dân ở cấp cơ sở" in out
    # vn-indices.md section 5: 2021 total 39.59, D1 4.30 (printed with 3 decimals: 39.589, 4.305).
    assert "39.589" in out.split("total (sum of 8 dimensions)")[1].splitlines()[0]
    assert "4.305" in [line for line in out.splitlines() if line.strip().startswith("D1")][0]
    assert "published total" in out


def test_papi_before_2018_has_six_dimensions_and_no_published_total(capsys):
    out = run(["papi", "--year", "2017", "--province", "Ben Tre"], capsys)
    assert "6 dimensions" in out and "D7" not in out
    assert "39.517" in out  # vn-indices.md section 5: 39.52 = sum of the 6 dimensions, computed
    assert "published total: none" in out


def test_papi_missing_dimensions_are_reported(capsys):
    out = run(["papi", "--year", "2022", "--province", "Bắc Giang"], capsys)
    assert "missing dimensions" in out and "no total computed" in out


def test_papi_unknown_province_lists_near_names():
    args = parser().parse_args(["papi", "--year", "2021", "--province", "Ben Trea"])
    with pytest.raises(gi.UnknownCodeError, match="Bến Tre"):
        args.func(args)


def test_papi_unknown_year():
    args = parser().parse_args(["papi", "--year", "2010", "--province", "Bến Tre"])
    with pytest.raises(gi.UnknownCodeError, match="2010"):
        args.func(args)


def test_pci_prints_recomputed_vs_published(capsys):
    out = run(["pci", "--year", "2021"], capsys)
    assert "PCI 2021" in out
    line = [x for x in out.splitlines() if "Bến Tre" in x][0]
    assert "66.34" in line and line.split()[0] == "18"
    assert "max |difference| 0.020 over 21 rows" in out


def test_pci_2019_reports_the_na_row(capsys):
    out = run(["pci", "--year", "2019"], capsys)
    assert "over 22 rows; 1 row(s) without published score" in out
    assert [x for x in out.splitlines() if "Hồ Chí Minh" in x][0].split()[0] == "N/A"


def test_par_index_prints_components_and_survey_share(capsys):
    out = run(["par-index", "--year", "2020"], capsys)
    line = [x for x in out.splitlines() if "Quảng Ninh" in x][0]
    assert "57.66" in line and "91.05" in line and "91.04" in line and "31.2%" in line
    assert len([x for x in out.splitlines() if x.strip().endswith("%")]) == 10


def test_par_index_year_without_split(capsys):
    out = run(["par-index", "--year", "2021"], capsys)
    assert "no component split published" in out


def _wired() -> bool:
    from govindex import cli

    try:
        cli.build_parser().parse_args(["pci", "--year", "2021"])
    except SystemExit:
        return False
    return True


@pytest.mark.skipif(not _wired(), reason="papi/pci/par-index not yet wired into govindex.cli")
def test_subcommands_through_the_command_line():
    def call(*argv: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "govindex.cli", *argv], capture_output=True, text=True, encoding="utf-8", check=False
        )

    done = call("papi", "--year", "2021", "--province", "Bến Tre")
    assert done.returncode == 0, done.stderr
    assert "PAPI 2021, Bến Tre (83)" in done.stdout
    done = call("pci", "--year", "2021")
    assert done.returncode == 0 and "max |difference| 0.020 over 21 rows" in done.stdout
    done = call("par-index", "--year", "2020")
    assert done.returncode == 0 and "Phú Thọ" in done.stdout
    done = call("papi", "--year", "2021", "--province", "Ben Trea")
    assert done.returncode == 2 and "Bến Tre" in done.stderr


def test_papi_missing_total_gives_the_right_reason(capsys):
    out = run(["papi", "--year", "2021", "--province", "Quảng Ninh"], capsys)
    assert "published total: none for this province in 2021 (no data in the shipped table)" in out
    assert "2015-2017" not in out


def test_papi_without_year_prints_every_year(capsys):
    out = run(["papi", "--province", "Ben Tre"], capsys)
    assert out.startswith("PAPI, Bến Tre (83): total, rank computed among the provinces with a total")
    lines = out.splitlines()
    assert len([line for line in lines if line[:4].isdigit()]) == 10
    assert "2015-2017: the sum of the 6 dimensions" in out


def test_pci_and_par_index_per_province_over_the_years(capsys):
    out = run(["par-index", "--province", "Ben Tre"], capsys)
    assert out.startswith("PAR INDEX, Bến Tre (83): published score (%) and rank, with the decision in force")
    assert "2022      NA    56     -19  verified  876/QĐ-BNV  2022-11-10" in out
    out = run(["pci", "--province", "83"], capsys)
    assert "2021   66.34    18     -11  Khá" in out


def test_par_index_year_without_split_prints_its_rows(capsys):
    out = run(["par-index", "--year", "2021"], capsys)
    assert "13 rows with totals/ranks only" in out
    assert "   1  Hải Phòng" in out and len([row for row in out.splitlines() if row[:4].strip().isdigit()]) == 13


def test_closed_stdout_of_a_vn_command_is_no_error():
    process = subprocess.Popen(
        [sys.executable, "-m", "govindex.cli", "par-index", "--year", "2021"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    process.stdout.close()
    _, err = process.communicate(timeout=120)
    assert process.returncode == 0 and "Traceback" not in err
