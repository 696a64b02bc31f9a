"""The ``govindex`` command line.

govindex compute --framework iMeta.csv --data iData.csv [--pipeline p.toml | --normalise ... --aggregate ...]
                 [--output results.csv|results.xlsx [--analysis]] [--top 10] [--save-pipeline p.toml]
govindex compute --example asem --output asem_results.csv
govindex uncertainty --meta iMeta.csv --data iData.csv --pipeline p.toml --inputs u.toml [--output ua.xlsx]
                     (see uncertainty_cli.py)
govindex plan --unit VNM --target 20 --example asem   (and explain-change: see planning_cli.py)

The generic subcommands are ``compute``, ``uncertainty``, ``plan`` and ``explain-change``. A domain
layer adds its own through :func:`govindex._cli_support.register_subcommands` and its indices to
``plan``/``explain-change`` through :func:`govindex._cli_support.register_builtin_indices`; this
module never imports it. :mod:`govindex.vn.cli` registers, when ``import govindex`` imports
:mod:`govindex.vn`:

govindex report --province "Bến Tre" [--html report.html]   (listed before plan)
govindex papi --year 2021 --province "Bến Tre"      (and pci, par-index)
govindex plan --unit "Bến Tre" --target 20 --index papi --year 2024   (--index papi|pci)
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from pathlib import Path
from typing import Sequence

import pandas as pd

from . import _core, planning_cli, uncertainty_cli
from ._cli_inputs import add_input_options, command_pipeline, input_paths, parse_method_spec
from ._cli_support import AddSubcommands, check_output, domain_subcommands, exit_code, writing_error
from ._errors import ArgumentValueError, error
from .dataset import read_dataset
from .framework import read_framework
from .pipeline import write_pipeline
from .results import Results

__all__ = ["build_parser", "compute", "main", "parse_method_spec", "write_results"]


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
    pipeline = command_pipeline(args)
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


def _add_compute(sub: argparse._SubParsersAction) -> None:
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


#: The generic subcommands in the order they are listed, each under the name a domain layer's
#: registration can give as `before` (``plan`` adds ``plan`` and ``explain-change``).
GENERIC_SUBCOMMANDS: dict[str, AddSubcommands] = {
    "compute": _add_compute,
    "uncertainty": uncertainty_cli.add_subcommand,
    "plan": planning_cli.add_subcommands,
}


def build_parser() -> argparse.ArgumentParser:
    """The ``govindex`` parser: the generic subcommands and those the domain layers registered."""
    parser = argparse.ArgumentParser(
        prog="govindex", description="Build composite indices from COINr-layout CSV files."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    registered = domain_subcommands()
    misplaced = [entry.before for entry in registered if entry.before not in (None, *GENERIC_SUBCOMMANDS)]
    if misplaced:
        raise ArgumentValueError(
            f"register_subcommands: before={misplaced[0]!r}; expected one of {', '.join(GENERIC_SUBCOMMANDS)} or None"
        )
    for name, add_generic in GENERIC_SUBCOMMANDS.items():
        for entry in registered:
            if entry.before == name:
                entry.add(sub)
        add_generic(sub)
    for entry in registered:
        if entry.before is None:
            entry.add(sub)
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
