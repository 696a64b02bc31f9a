"""``govindex uncertainty``: the command run through main(argv) (and once as a process whose
stdout is closed early), its summary, its CSV and Excel output, and its one-line errors."""

from __future__ import annotations

import subprocess
import sys

import govindex as gi
import pandas as pd
import pytest
from conftest import ASEM, reference
from govindex import cli, uncertainty_cli

N = 300  # replicates: quick, and more than one block of 256


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(["uncertainty", *args])
    out, err = capsys.readouterr()
    return code, out, err


def asem_inputs() -> list:
    return [
        gi.WeightNoise(0.25, levels=[2, 3], name="weights"),
        gi.StepChoice(
            [
                gi.Normalise(gi.MinMax(low=0, high=100)),
                gi.Normalise(gi.ZScore(mean=10, sd=2)),
                gi.Normalise(gi.PercentRank()),
            ],
            name="normalisation",
        ),
    ]


@pytest.fixture(scope="module")
def asem_ua(asem, minmax_amean) -> gi.UncertaintyAnalysis:
    framework, data = asem
    return gi.uncertainty_analysis(framework, minmax_amean, data, asem_inputs(), replicates=N, seed=1, progress=False)


def test_example_prints_the_summary_and_writes_it(capsys, tmp_path, asem_ua):
    out_file = tmp_path / "ua.csv"
    code, out, err = run(
        capsys, "--example", "asem", "--replicates", str(N), "--threads", "1", "--top", "5", "--output", str(out_file)
    )
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == f"Index: {N} replicates (seed 1) of 51 units; inputs weights, normalisation"
    assert lines[1] == f"mean rank shift from nominal: {asem_ua.mean_rank_shift:.3f}"
    assert lines[2].split() == ["Rank", "uCode", "uName", "median", "q05", "q95"]
    expected = asem_ua.summary()
    nominal = reference("a_minmax_amean_ranks.csv")["Index"].sort_values(kind="stable")
    for line, code_ in zip(lines[3:8], nominal.index[:5]):
        row = expected.loc[code_]
        assert line.split()[:2] == [str(int(row["nominal_rank"])), code_]
        assert line.split()[-3:] == [uncertainty_cli._rank(row[c]) for c in ("median_rank", "q05_rank", "q95_rank")]
    assert lines[-1] == f"written to {out_file}" and len(lines) == 9
    table = pd.read_csv(out_file, index_col=["node", "uCode"])
    assert list(table.index.get_level_values("node").unique()) == ["Index"]
    pd.testing.assert_frame_equal(table.loc["Index"], expected, check_dtype=False, check_names=False)


def test_files_with_settings_from_the_file_and_the_command_line(capsys, tmp_path, asem, minmax_amean):
    pipeline, inputs = tmp_path / "p.toml", tmp_path / "u.toml"
    gi.write_pipeline(minmax_amean, pipeline)
    gi.write_uncertain_inputs(
        gi.UncertaintyDeclaration(
            asem_inputs(), analysis=gi.AnalysisSettings(replicates=256, seed=7, nodes=["Index", "Conn"])
        ),
        inputs,
    )
    out_file = tmp_path / "ua.xlsx"
    code, out, err = run(
        capsys,
        "--meta",
        str(ASEM / "iMeta.csv"),
        "--data",
        str(ASEM / "iData.csv"),
        "--pipeline",
        str(pipeline),
        "--inputs",
        str(inputs),
        "--replicates",
        str(N),
        "--top",
        "0",
        "--sensitivity",
        "--base-samples",
        "32",
        "--resamples",
        "50",
        "--output",
        str(out_file),
    )
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith(
        f"Index: {N} replicates (seed 7) of 51 units"
    )  # N from the command line, seed from the file
    assert lines[2].startswith("Sobol' indices of the mean rank shift: 32 base samples, 128 runs (sobol design)")
    assert [line.split()[0] for line in lines[4:6]] == ["weights", "normalisation"]
    framework, data = asem
    engine = gi.UncertaintyEngine(framework, minmax_amean, data, asem_inputs(), nodes=["Index", "Conn"])
    ua = engine.uncertainty(replicates=N, seed=7, progress=False)
    sa = engine.sensitivity(base_samples=32, seed=7, resamples=50, progress=False)
    with pd.ExcelFile(out_file) as book:
        assert book.sheet_names == [
            "Analysis",
            "Summary Index",
            "Rank frequencies Index",
            "Summary Conn",
            "Rank frequencies Conn",
            "Sensitivity",
            "Sensitivity by unit",
        ]
        settings = pd.read_excel(book, "Analysis", index_col="setting")["value"]
        conn = pd.read_excel(book, "Summary Conn", index_col="uCode")
        frequencies = pd.read_excel(book, "Rank frequencies Index", index_col="uCode")
        indices = pd.read_excel(book, "Sensitivity", index_col="input")
        long = pd.read_excel(book, "Sensitivity by unit")
    assert str(settings["replicates"]) == str(N) and str(settings["seed"]) == "7"
    assert settings["nodes"] == "Index, Conn"
    pd.testing.assert_frame_equal(conn, ua.summary("Conn"), check_dtype=False)
    assert frequencies.shape == (51, 52)
    pd.testing.assert_frame_equal(indices, sa.indices, check_dtype=False)
    assert len(long) == len(sa.table())


def test_node_option_and_csv_with_sensitivity(capsys, tmp_path):
    out_file = tmp_path / "ua.csv"
    code, out, err = run(
        capsys,
        "--example",
        "asem",
        "--replicates",
        str(N),
        "--node",
        "Conn",
        "Index",
        "--top",
        "1",
        "--sensitivity",
        "--base-samples",
        "16",
        "--resamples",
        "0",
        "--output",
        str(out_file),
    )
    assert code == 0, err
    assert out.startswith("Conn: ") and "(also tracked: Index)" in out
    table = pd.read_csv(out_file)
    assert list(table["node"].unique()) == ["Conn", "Index"] and len(table) == 102
    sensitivity = pd.read_csv(tmp_path / "ua_sensitivity.csv")
    assert list(sensitivity.columns[:3]) == ["output", "input", "first"]
    assert out.splitlines()[-2:] == [f"written to {out_file}", f"written to {tmp_path / 'ua_sensitivity.csv'}"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        # The output type is checked before anything is read: the data files need not exist.
        (
            ["--meta", "nope.csv", "--data", "nope.csv", "--inputs", "u.toml", "--output", "ua.json"],
            'ua.json: unknown output type ".json"; expected .csv or .xlsx',
        ),
        (["--example", "asem", "--output", "no/such/folder/ua.csv"], "the folder no/such/folder does not exist"),
        (["--example", "asem", "--base-samples", "10"], "--base-samples applies to a sensitivity analysis"),
        (["--data", "iData.csv"], "expected --meta iMeta.csv and --data iData.csv (or --example asem)"),
        (["--meta", str(ASEM / "iMeta.csv"), "--data", str(ASEM / "iData.csv")], "expected --inputs u.toml"),
        (["--example", "asem", "--node", "Nowhere"], 'tracked node "Nowhere": unknown node'),
        (["--example", "nope"], 'no shipped data set "nope"'),
    ],
)
def test_errors_print_one_line_and_exit_2(capsys, args, message):
    code, out, err = run(capsys, *args)
    assert code == 2
    assert err.startswith("govindex: error: ") and message in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_a_file_that_does_not_read_exits_1(capsys):
    code, _, err = run(capsys, "--example", "asem", "--inputs", "missing.toml")
    assert code == 1
    assert "missing.toml: cannot open the file" in err and len(err.strip().splitlines()) == 1


def test_bad_declaration_names_file_line_and_key(capsys, tmp_path):
    inputs = tmp_path / "u.toml"
    inputs.write_text('[[inputs]]\nkind = "weights"\nlevels = [2, 3]\nfactor = 1.25\n', encoding="utf-8")
    code, _, err = run(capsys, "--example", "asem", "--inputs", str(inputs))
    assert code == 1  # an error in the data, not on the command line
    assert err.strip() == (
        f'govindex: error: {inputs} line 4, key "inputs[1].factor": uncertain input "weights": '
        "factor: noise factor 1.25; expected a relative noise in [0, 1)"
    )


def test_bad_numbers_are_usage_errors(capsys):
    with pytest.raises(SystemExit) as caught:
        cli.main(["uncertainty", "--example", "asem", "--replicates", "1"])
    assert caught.value.code == 2
    assert "argument --replicates: expected a whole number >= 2, found '1'" in capsys.readouterr().err


def test_closed_stdout_is_no_error_and_the_file_is_written(tmp_path):
    # As `govindex uncertainty ... | head -0`: the reader has gone before anything is printed.
    out_file = tmp_path / "ua.csv"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "govindex.cli",
            "uncertainty",
            "--example",
            "asem",
            "--replicates",
            str(N),
            "--output",
            str(out_file),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    process.stdout.close()
    _, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    assert err == ""
    assert len(pd.read_csv(out_file)) == 51
