"""The govindex command line."""

from __future__ import annotations

import subprocess
import sys

import govindex as gi
import pandas as pd
import pytest
from conftest import ASEM, reference
from govindex import cli


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "govindex.cli", *args], capture_output=True, text=True, check=False)


def test_compute_example_writes_full_results(tmp_path):
    out = tmp_path / "asem.csv"
    done = run_cli("compute", "--example", "asem", "--output", str(out))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "Index: top 10 of 51 units"
    assert lines[2].split()[:2] == ["1", "DEU"] and len(lines) == 13
    table = pd.read_csv(out, index_col="uCode")
    expected = reference("a_minmax_amean_results_summ.csv")
    assert list(table.index) == list(expected.index)
    assert (table["Rank"] == expected["Rank"]).all()
    assert table.shape[1] == 3 + 11 - 1 + 49  # uName, Index, Rank, 10 other aggregates, 49 indicators


def test_compute_from_files_with_pipeline_file_and_excel(tmp_path):
    pipeline_file = tmp_path / "p.toml"
    gi.write_pipeline(gi.Pipeline([gi.Normalise(gi.MinMax(low=1, high=10)), gi.Aggregate()]), pipeline_file)
    out = tmp_path / "r.xlsx"
    done = run_cli(
        "compute",
        "--framework",
        str(ASEM / "iMeta.csv"),
        "--data",
        str(ASEM / "iData.csv"),
        "--pipeline",
        str(pipeline_file),
        "--output",
        str(out),
        "--top",
        "0",
    )
    assert done.returncode == 0, done.stderr
    with pd.ExcelFile(out) as book:
        assert book.sheet_names == ["Results", "Scores", "Ranks", "Raw", "Normalised", "Aggregated"]
        normalised = pd.read_excel(book, "Normalised", index_col="uCode")
    assert normalised["LPI"].min() == pytest.approx(1) and normalised["LPI"].max() == pytest.approx(10)


def test_analysis_adds_statistics_and_correlation_sheets(tmp_path):
    out = tmp_path / "r.xlsx"
    done = run_cli("compute", "--example", "asem", "--output", str(out), "--analysis", "--top", "0")
    assert done.returncode == 0, done.stderr
    framework, data = gi.datasets.asem()
    results = gi.Pipeline([gi.Normalise(gi.MinMax(low=0, high=100)), gi.Aggregate()]).run(framework, data)
    expected = results.export_frames(statistics=True, correlations=True)
    with pd.ExcelFile(out) as book:
        assert book.sheet_names == list(expected)
        assert "Statistics Raw" in book.sheet_names and "Correlations level 1" in book.sheet_names
        stats = pd.read_excel(book, "Statistics Raw")
    assert stats["Mean"].tolist() == pytest.approx(expected["Statistics Raw"][0]["Mean"].tolist(), nan_ok=True)


@pytest.mark.parametrize("output", [None, "r.csv"])
def test_analysis_without_an_excel_output_is_a_usage_error(tmp_path, output):
    args = ["compute", "--example", "asem", "--analysis"]
    if output:
        args += ["--output", str(tmp_path / output)]
    done = run_cli(*args)
    assert done.returncode == 2
    assert "--analysis adds sheets to an Excel workbook; expected --output <file>.xlsx" in done.stderr
    assert done.stdout == "" and not (tmp_path / "r.csv").exists()  # nothing computed or written


def test_options_build_the_pipeline_and_save_it(tmp_path):
    saved = tmp_path / "saved.toml"
    done = run_cli(
        "compute",
        "--example",
        "asem",
        "--normalise",
        "minmax:low=0,high=1",
        "--aggregate",
        "amean",
        "--save-pipeline",
        str(saved),
        "--top",
        "1",
    )
    assert done.returncode == 0, done.stderr
    assert gi.read_pipeline(saved) == gi.Pipeline([gi.Normalise(gi.MinMax(low=0, high=1)), gi.Aggregate()])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--example", "asem", "--normalise", "zscorex"],
            'govindex: error: --normalise: unknown normalisation method "zscorex"',
        ),
        (["--example", "nope"], '--example: no shipped example index "nope"; expected one of asem'),
        (["--data", "x.csv"], "expected --framework iMeta.csv and --data iData.csv"),
        (["--example", "asem", "--output", "r.json"], 'unknown output type ".json"'),
    ],
)
def test_errors_exit_2_with_the_message(args, message):
    done = run_cli("compute", *args)
    assert done.returncode == 2
    assert message in done.stderr


def test_method_spec_parsing():
    assert cli.parse_method_spec("minmax:low=0,high=1.5") == ("minmax", {"low": 0, "high": 1.5})
    assert cli.parse_method_spec("amean") == ("amean", {})
    with pytest.raises(gi.MethodError, match="expected key=value"):
        cli.parse_method_spec("minmax:low")


def test_output_type_is_checked_before_computing(tmp_path):
    done = run_cli("compute", "--example", "asem", "--output", str(tmp_path / "r.json"))
    assert done.returncode == 2 and done.stdout == ""  # nothing computed or printed first
    done = run_cli("compute", "--example", "asem", "--output", str(tmp_path / "missing" / "r.csv"))
    assert done.returncode == 2 and "does not exist; expected an existing folder" in done.stderr


def test_closed_stdout_is_no_error_and_the_file_is_written(tmp_path):
    # As `govindex compute ... | head -0`: the reader has gone before anything is printed.
    out_file = tmp_path / "r.csv"
    process = subprocess.Popen(
        [sys.executable, "-m", "govindex.cli", "compute", "--example", "asem", "--output", str(out_file)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    process.stdout.close()
    _, err = process.communicate(timeout=300)
    assert process.returncode == 0 and err == ""
    assert out_file.exists()


def test_example_must_be_an_example_index():
    done = run_cli("compute", "--example", "vn")
    assert done.returncode == 2
    assert '--example: no shipped example index "vn"; expected one of asem' in done.stderr
    assert gi.datasets.examples() == ["asem"]


# --- exit codes and rough edges (issue 12) ------------------------------------------------------


def test_exit_codes_tell_usage_from_data_errors(tmp_path):
    # 2: a mistake on the command line, before anything is read.
    assert run_cli("compute", "--example", "asem", "--output", str(tmp_path)).returncode == 2  # a folder
    done = run_cli("compute", "--example", "asem", "--output", str(tmp_path))
    assert "is a folder; expected a file name" in done.stderr and done.stdout == ""
    assert run_cli("compute", "--example", "asem", "--top", "x").returncode == 2  # argparse
    # 1: an error in the data.
    meta = tmp_path / "iMeta.csv"
    meta.write_text(
        "iCode,Level,Parent,Direction,Weight,Type\na,1,T,1,abc,Indicator\nT,2,,1,1,Aggregate\n", encoding="utf-8"
    )
    data = tmp_path / "iData.csv"
    data.write_text("uCode,a\nx,1\n", encoding="utf-8")
    done = run_cli("compute", "--framework", str(meta), "--data", str(data))
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith(f"govindex: error: {meta} line 2") and len(done.stderr.strip().splitlines()) == 1
    done = run_cli("compute", "--framework", str(tmp_path / "missing.csv"), "--data", str(data))
    assert done.returncode == 1 and "cannot open the file" in done.stderr


def test_a_control_character_in_a_name_reaches_excel_escaped(tmp_path):
    from openpyxl import load_workbook

    folder = gi.datasets.path("asem")
    data = pd.read_csv(folder / "iData.csv", dtype={"uCode": str})
    data.loc[0, "uName"] = "Bad\x01name"
    data_path = tmp_path / "iData.csv"
    data.to_csv(data_path, index=False)
    out = tmp_path / "r.xlsx"
    done = run_cli("compute", "--framework", str(folder / "iMeta.csv"), "--data", str(data_path), "--output", str(out))
    assert done.returncode == 0, done.stderr
    names = [row[1] for row in load_workbook(out)["Results"].iter_rows(values_only=True)]
    assert "Bad\\x01name" in names
