"""The ``govindex`` command line.

govindex compute --framework iMeta.csv --data iData.csv [--pipeline p.toml | --normalise ... --aggregate ...]
                 [--output results.csv|results.xlsx [--analysis]] [--top 10] [--save-pipeline p.toml]
govindex compute --example asem --output asem_results.csv
govindex uncertainty --meta iMeta.csv --data iData.csv --pipeline p.toml --inputs u.toml [--output ua.xlsx]
                     (see uncertainty_cli.py)
govindex report --province "Bến Tre" [--html report.html]   (and plan, explain-change: see planning_cli.py)
govindex papi --year 2021 --province "Bến Tre"      (and pci, par-index: see vn/cli.py)
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from pathlib import Path
from typing import Sequence

import pandas as pd

from . import _core, datasets, planning_cli, uncertainty_cli
from ._cli_support import check_output, exit_code, usage_error, writing_error
from ._errors import error
from .dataset import read_dataset
from .framework import read_framework
from .pipeline import Pipeline, read_pipeline, write_pipeline
from .results import Results
from .vn import cli as vn_cli


def _parameter(text: str) -> bool | int | float | str:
    lowered = text.strip().lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text.strip()


def parse_method_spec(spec: str) -> tuple[str, dict[str, bool | int | float | str]]:
    """``"minmax:low=0,high=100"`` -> ("minmax", {"low": 0, "high": 100})."""
    name, _, rest = spec.partition(":")
    parameters: dict[str, bool | int | float | str] = {}
    for item in filter(None, (p.strip() for p in rest.split(","))):
        key, sep, value = item.partition("=")
        if not sep:
            raise error(
                _core.MethodError,
                f'method "{spec}": parameter "{item}" has no value; expected key=value',
                source="command line",
                column=item,
                expected="key=value",
                found=item,
            )
        parameters[key.strip()] = _parameter(value)
    return name.strip(), parameters


def _pipeline(args: argparse.Namespace) -> Pipeline:
    if args.pipeline:
        if args.normalise or args.aggregate:
            raise error(
                _core.MethodError,
                "give either --pipeline or --normalise/--aggregate, not both",
                source="command line",
                column="--pipeline",
                expected="--pipeline or --normalise/--aggregate",
                found="both",
            )
        return read_pipeline(args.pipeline)
    try:  # a method named on the command line that does not exist or fit is a usage error
        norm_name, norm_params = parse_method_spec(args.normalise or "minmax:low=0,high=100")
        agg_name, agg_params = parse_method_spec(args.aggregate or "amean")
        return Pipeline(
            [
                _core.Normalise(_core.make_normalise_method(norm_name, norm_params, "--normalise")),
                _core.Aggregate(_core.make_aggregate_method(agg_name, agg_params, "--aggregate")),
            ]
        )
    except _core.Error as e:
        raise usage_error(e) from None


def write_results(results: Results, output: Path, analysis: bool = False) -> None:
    """CSV: the full results table (the "Results" sheet). Excel (.xlsx): ``Results.to_excel``, so the
    command and the library write the same workbook; `analysis` adds the statistics of every data set
    and each level's correlations with its parents. The type is checked first (check_output)."""
    if output.suffix.lower() == ".csv":
        results.full_table().to_csv(output, encoding="utf-8")
        return
    results.to_excel(output, statistics=analysis, correlations=analysis)


def _format_top(results: Results, top: int) -> str:
    table = results.results_table().head(top)
    root = results.framework.root
    lines = [f"{'Rank':>4}  {'uCode':<6} {'uName':<28} {root:>10}"]
    for code, row in table.iterrows():
        score = row[root]
        rank = "NA" if pd.isna(row["Rank"]) else str(int(row["Rank"]))
        shown = "NA" if score is None or (isinstance(score, float) and math.isnan(score)) else f"{score:10.4f}"
        lines.append(f"{rank:>4}  {code:<6} {row['uName']:<28} {shown:>10}")
    return "\n".join(lines)


def input_paths(args: argparse.Namespace) -> tuple[Path, Path]:
    """The iMeta and iData paths of a command: a shipped example (``--example``) or
    ``--framework``/``--data``; located errors for both or neither."""
    if args.example:
        if args.framework or args.data:
            raise error(
                _core.InputError,
                "give either --example or --framework/--data, not both",
                source="command line",
                column="--example",
                expected="--example or --framework/--data",
                found="both",
            )
        if args.example not in datasets.examples():
            expected = "one of " + ", ".join(datasets.examples())
            raise error(
                _core.UnknownCodeError,
                f'--example: no shipped example index "{args.example}"; expected {expected}',
                source="command line",
                column="--example",
                expected=expected,
                found=args.example,
            )
        folder = datasets.path(args.example)
        framework_path, data_path = folder / "iMeta.csv", folder / "iData.csv"
    else:
        if not (args.framework and args.data):
            raise error(
                _core.InputError,
                "expected --framework iMeta.csv and --data iData.csv (or --example asem)",
                source="command line",
                column="--framework" if not args.framework else "--data",
                expected="--framework iMeta.csv and --data iData.csv (or --example asem)",
                found="missing",
            )
        framework_path, data_path = Path(args.framework), Path(args.data)
    return framework_path, data_path


def compute(args: argparse.Namespace) -> int:
    output = check_output(args.output)  # before anything is read or computed
    if args.analysis and (output is None or output.suffix.lower() != ".xlsx"):
        raise error(
            _core.InputError,
            f"--analysis adds sheets to an Excel workbook; expected --output <file>.xlsx, found "
            f"{'no --output' if output is None else '--output ' + str(args.output)}",
            source="command line",
            column="--analysis",
            expected="--output <file>.xlsx",
            found=str(args.output or ""),
        )
    framework_path, data_path = input_paths(args)
    framework = read_framework(framework_path)
    data = read_dataset(data_path, framework)
    pipeline = _pipeline(args)
    results = pipeline.run(framework, data)
    if args.save_pipeline:
        write_pipeline(pipeline, args.save_pipeline)
    if output is not None:
        try:
            write_results(results, output, args.analysis)
        except OSError as e:
            raise writing_error(output, e) from None
    if args.top > 0:  # after the file is written: a closed stdout (| head) ends the command in main()
        print(f"{framework.root}: top {min(args.top, len(data.unit_codes))} of {len(data.unit_codes)} units")
        print(_format_top(results, args.top))
    if output is not None:
        print(f"full results written to {args.output}")
    return 0


def add_input_options(parser: argparse.ArgumentParser) -> None:
    """The options of a command that runs a pipeline on the user's files (see input_paths and _pipeline)."""
    parser.add_argument("--framework", help="iMeta CSV: the framework (one row per indicator and aggregate)")
    parser.add_argument("--data", help="iData CSV: one row per unit (a panel with a Time column for several years)")
    parser.add_argument("--example", help="use a shipped example instead (asem)")
    parser.add_argument("--pipeline", help="pipeline file (TOML)")
    parser.add_argument("--normalise", help='normalisation method, e.g. "minmax:low=0,high=100" (default)')
    parser.add_argument("--aggregate", help='aggregation method, e.g. "amean" (default)')


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="govindex", description="Build composite indices from COINr-layout CSV files."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("compute", help="run a pipeline on iMeta/iData CSV files and write the results")
    add_input_options(c)
    c.add_argument("--output", help="write the full results: .csv or .xlsx")
    c.add_argument(
        "--analysis",
        action="store_true",
        help="with --output .xlsx: add sheets of indicator statistics (every data set) and correlations "
        "(each level with its parent)",
    )
    c.add_argument("--top", type=int, default=10, help="print the top N units (0: none; default 10)")
    c.add_argument("--save-pipeline", help="write the pipeline used to this TOML file")
    c.set_defaults(func=compute)
    uncertainty_cli.add_subcommand(sub)
    planning_cli.add_subcommands(sub)
    vn_cli.add_subcommands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except _core.Error as error:
        print(f"govindex: error: {error}", file=sys.stderr)
        return exit_code(error)
    except BrokenPipeError:  # the reader went away (| head): what it wanted was printed
        try:  # Python flushes stdout again at exit: point it at devnull so that fails no more
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
