"""``govindex uncertainty``: an uncertainty (and sensitivity) analysis from files (wired into :mod:`govindex.cli`).

    govindex uncertainty --meta iMeta.csv --data iData.csv --pipeline p.toml --inputs u.toml
                         [--replicates N] [--seed S] [--threads T] [--node CODE ...] [--year Y]
                         [--top K] [--output summary.csv|analysis.xlsx]
                         [--sensitivity [--base-samples N] [--resamples R]]
    govindex uncertainty --example asem --replicates 1000 --seed 1

The declaration file (TOML) says what is uncertain and, in an optional ``[analysis]`` table, the
replicates, seed, tracked nodes and year; options given on the command line win over the file.
Guide: docs/guide/uncertainty.md, "Declaration files and the command line".
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path
from typing import Callable

import pandas as pd

from . import _core, datasets
from ._cli_support import check_output, usage_error, writing_error
from ._errors import error
from ._excel import excel_safe
from .dataset import read_dataset
from .framework import read_framework
from .pipeline import Pipeline, read_pipeline
from .uncertainty import (
    SensitivityAnalysis,
    UncertaintyAnalysis,
    UncertaintyEngine,
    read_uncertain_inputs,
)

#: Examples with a shipped declaration: data/<name>/uncertainty.toml (COINr's sensitivity vignette
#: for ASEM: weights +-25% at levels 2 and 3, three normalisers).
EXAMPLE_DECLARATIONS: tuple[str, ...] = ("asem",)

_DEFAULT_REPLICATES = 1000
_DEFAULT_BASE_SAMPLES = 1000
_DEFAULT_RESAMPLES = 1000


def _default_pipeline() -> Pipeline:
    """Min-max 0-100 then arithmetic means, as ``govindex compute`` without options."""
    return Pipeline([_core.Normalise(_core.MinMax(low=0, high=100)), _core.Aggregate(_core.ArithmeticMean())])


# --- printing that survives a closed pipe ----------------------------------------------------------


# --- checks made before anything is computed ---------------------------------------------------------


def _check_options(args: argparse.Namespace) -> None:
    if not args.sensitivity:
        for flag, value in (("--base-samples", args.base_samples), ("--resamples", args.resamples)):
            if value is not None:
                raise error(
                    _core.InputError,
                    f"{flag} applies to a sensitivity analysis; expected --sensitivity with it",
                    source="command line",
                    column=flag,
                    expected="--sensitivity",
                    found=flag,
                )


def _whole(least: int, most: int | None = None) -> Callable[[str], int]:
    """An argparse type: a whole number >= least (and <= most)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = None
        if value is None or value < least or (most is not None and value > most):
            bound = f">= {least}" if most is None else f"from {least} to {most}"
            raise argparse.ArgumentTypeError(f"expected a whole number {bound}, found {text!r}")
        return value

    return parse


# --- inputs ---------------------------------------------------------------------------------------


def _files(args: argparse.Namespace) -> tuple[Path, Path]:
    if args.example:
        if args.meta or args.data:
            raise error(
                _core.InputError,
                "give either --example or --meta/--data, not both",
                source="command line",
                column="--example",
                expected="--example or --meta/--data",
                found="both",
            )
        try:
            folder = datasets.path(args.example)
        except _core.Error as e:
            raise usage_error(e) from None
        return folder / "iMeta.csv", folder / "iData.csv"
    if not (args.meta and args.data):
        raise error(
            _core.InputError,
            "expected --meta iMeta.csv and --data iData.csv (or --example asem)",
            source="command line",
            column="--meta" if not args.meta else "--data",
            expected="--meta iMeta.csv and --data iData.csv (or --example asem)",
            found="missing",
        )
    return Path(args.meta), Path(args.data)


def _declaration(args: argparse.Namespace) -> _core.UncertaintyDeclaration:
    if args.inputs:
        return read_uncertain_inputs(args.inputs)
    if args.example in EXAMPLE_DECLARATIONS:
        return read_uncertain_inputs(datasets.path(args.example) / "uncertainty.toml")
    raise error(
        _core.InputError,
        "expected --inputs u.toml: the declaration of what is uncertain (or --example asem)",
        source="command line",
        column="--inputs",
        expected="--inputs u.toml (or --example asem)",
        found="missing",
    )


# --- formatting -----------------------------------------------------------------------------------


def _rank(x: float) -> str:
    if x is None or pd.isna(x):
        return "NA"
    return str(int(x)) if float(x).is_integer() else f"{x:.2f}"


def format_summary(ua: UncertaintyAnalysis, top: int) -> list[str]:
    """The first tracked node's top units by nominal rank: nominal, median, 5% and 95% rank."""
    node = ua.nodes[0]
    summary = ua.summary(node).sort_values(["nominal_rank", "median_rank"], na_position="last", kind="stable")
    lines = [
        f"{node}: {ua.replicates} replicates (seed {ua.seed}) of {len(summary)} units; "
        f"inputs {', '.join(ua.input_names)}",
        f"mean rank shift from nominal: {ua.mean_rank_shift:.3f}",
    ]
    if top <= 0:
        return lines
    lines.append(f"{'Rank':>4}  {'uCode':<6} {'uName':<28} {'median':>7} {'q05':>6} {'q95':>6}")
    for code, row in summary.head(top).iterrows():
        lines.append(
            f"{_rank(row['nominal_rank']):>4}  {str(code):<6} {str(row['name']):<28} {_rank(row['median_rank']):>7}"
            f" {_rank(row['q05_rank']):>6} {_rank(row['q95_rank']):>6}"
        )
    if len(ua.nodes) > 1:
        lines.append(f"(also tracked: {', '.join(ua.nodes[1:])})")
    return lines


def _number(x: float) -> str:
    return "NA" if math.isnan(x) else f"{x:.3f}"


def format_sensitivity(sa: SensitivityAnalysis, base_samples: int) -> list[str]:
    """Sobol' indices of COINr's scalar output (the mean absolute rank shift), one line per input."""
    table = sa.indices
    width = max(12, *(len(name) for name in table.index))
    lines = [
        f"Sobol' indices of the mean rank shift: {base_samples} base samples, {sa.runs} runs ({sa.design} design)",
        f"{'input':<{width}} {'first':>7}  {'95% interval':<17} {'total':>7}  95% interval",
    ]
    for name, row in table.iterrows():
        first = f"[{_number(row['first_low'])}, {_number(row['first_high'])}]"
        total = f"[{_number(row['total_low'])}, {_number(row['total_high'])}]"
        lines.append(
            f"{name:<{width}} {_number(row['first']):>7}  {first:<17} {_number(row['total']):>7}  {total:<17}".rstrip()
        )
    return lines


# --- output files ---------------------------------------------------------------------------------


def _sheet_names(wanted: list[str]) -> list[str]:
    """Excel sheet names: at most 31 characters, none of []:*?/\\, unique."""
    out: list[str] = []
    for name in wanted:
        clean = "".join("_" if c in "[]:*?/\\" else c for c in name)[:31]
        candidate, n = clean, 2
        while candidate.lower() in (o.lower() for o in out):
            suffix = f" ({n})"
            candidate, n = clean[: 31 - len(suffix)] + suffix, n + 1
        out.append(candidate)
    return out


def _summaries(ua: UncertaintyAnalysis) -> pd.DataFrame:
    return pd.concat({node: ua.summary(node) for node in ua.nodes}, names=["node"])


def write_analysis(
    path: Path, ua: UncertaintyAnalysis, sa: SensitivityAnalysis | None, settings: dict[str, object]
) -> list[Path]:
    """CSV: every tracked node's per-unit summary (a ``node`` column first), and with a sensitivity
    analysis its indices next to it (``<stem>_sensitivity.csv``). Excel: Analysis (the settings),
    a summary and the rank frequencies per tracked node, and the sensitivity indices. Returns the
    files written."""
    if path.suffix.lower() == ".csv":
        _summaries(ua).to_csv(path, encoding="utf-8")
        written = [path]
        if sa is not None:
            extra = path.with_name(path.stem + "_sensitivity.csv")
            sa.table().to_csv(extra, encoding="utf-8", index=False)
            written.append(extra)
        return written
    wanted = ["Analysis"]
    frames: list[tuple[pd.DataFrame, bool]] = [
        (pd.DataFrame({"setting": list(settings), "value": [str(v) for v in settings.values()]}), False)
    ]
    for node in ua.nodes:
        wanted += [f"Summary {node}", f"Rank frequencies {node}"]
        frames += [(ua.summary(node), True), (ua.rank_frequencies(node), True)]
    if sa is not None:
        wanted += ["Sensitivity", "Sensitivity by unit"]
        frames += [(sa.indices, True), (sa.table(), False)]
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, (frame, index) in zip(_sheet_names(wanted), frames):
            excel_safe(frame).to_excel(writer, sheet_name=name, index=index)
    return [path]


# --- the command ----------------------------------------------------------------------------------


def uncertainty(args: argparse.Namespace) -> int:
    """``govindex uncertainty``: run the analysis declared in --inputs and report it."""
    output = check_output(args.output)  # before anything is read or computed
    _check_options(args)
    meta, data_path = _files(args)
    framework = read_framework(meta)
    data = read_dataset(data_path, framework)
    pipeline = read_pipeline(args.pipeline) if args.pipeline else _default_pipeline()
    declaration = _declaration(args)
    analysis = declaration.analysis
    replicates = args.replicates if args.replicates is not None else (analysis.replicates or _DEFAULT_REPLICATES)
    seed = args.seed if args.seed is not None else (analysis.seed or 0)
    nodes = list(args.node or analysis.nodes)
    for node in args.node or ():  # a --node that names nothing is a mistake on the command line
        if node not in framework.tree_codes:
            raise usage_error(
                error(
                    _core.UnknownCodeError,
                    f'--node "{node}": tracked node "{node}": unknown node; '
                    f"expected a node of the framework ({framework.root} ...)",
                    source="command line",
                    column="--node",
                    expected="a node of the framework",
                    found=node,
                )
            )
    year = args.year if args.year is not None else analysis.year
    try:
        engine = UncertaintyEngine(framework, pipeline, data, declaration.inputs, nodes=nodes, year=year)
        ua = engine.uncertainty(replicates=replicates, seed=seed, threads=args.threads)
        sa = None
        base_samples = args.base_samples or _DEFAULT_BASE_SAMPLES
        if args.sensitivity:
            resamples = args.resamples if args.resamples is not None else _DEFAULT_RESAMPLES
            sa = engine.sensitivity(base_samples=base_samples, seed=seed, threads=args.threads, resamples=resamples)
    except KeyboardInterrupt:
        print("govindex: error: interrupted", file=sys.stderr)
        return 130
    written: list[Path] = []
    if output is not None:
        settings: dict[str, object] = {
            "meta": meta,
            "data": data_path,
            "pipeline": args.pipeline or "min-max 0-100, arithmetic mean",
            "inputs": args.inputs or f"built-in ({args.example})",
            "input names": ", ".join(ua.input_names),
            "replicates": replicates,
            "seed": seed,
            "nodes": ", ".join(ua.nodes),
            "year": "" if year is None else year,
            "mean rank shift": ua.mean_rank_shift,
        }
        if sa is not None:
            settings.update({"base samples": base_samples, "sensitivity runs": sa.runs, "design": sa.design})
        try:
            written = write_analysis(output, ua, sa, settings)
        except OSError as e:
            raise writing_error(output, e) from None
    # After the files are written: a closed stdout (| head) ends the command quietly in cli.main().
    for line in format_summary(ua, args.top):
        print(line)
    if sa is not None:
        for line in format_sensitivity(sa, base_samples):
            print(line)
    for path in written:
        print(f"written to {path}")
    return 0


def add_subcommand(subparsers: argparse._SubParsersAction) -> None:
    """Registers ``uncertainty`` on the ``govindex`` parser's subparsers."""
    u = subparsers.add_parser(
        "uncertainty",
        help="uncertainty (and sensitivity) analysis of a pipeline from a declaration file",
        description="Uncertainty analysis of the index a pipeline builds: rank and score intervals per unit under "
        "the uncertain inputs declared in a TOML file (docs/guide/uncertainty.md); with --sensitivity, "
        "Sobol' indices too. Options given here win over the file's [analysis] table.",
    )
    u.add_argument("--meta", "--framework", dest="meta", metavar="FILE", help="iMeta CSV: the framework")
    u.add_argument("--data", metavar="FILE", help="iData CSV: one row per unit")
    u.add_argument(
        "--example", metavar="NAME", help="use a shipped example and its built-in declaration instead (asem)"
    )
    u.add_argument(
        "--pipeline", metavar="FILE", help="pipeline file (TOML; default: min-max 0-100 then arithmetic means)"
    )
    u.add_argument(
        "--inputs",
        metavar="FILE",
        help="uncertainty declaration file (TOML): what is uncertain, and [analysis] settings",
    )
    u.add_argument(
        "--replicates",
        type=_whole(2),
        metavar="N",
        help=f"replicates (default: the file's, else {_DEFAULT_REPLICATES})",
    )
    u.add_argument(
        "--seed", type=_whole(0, 2**63 - 1), metavar="S", help="seed of the draws (default: the file's, else 0)"
    )
    u.add_argument(
        "--threads",
        type=_whole(0),
        default=0,
        metavar="T",
        help="threads (default 0: every core; results do not depend on it)",
    )
    u.add_argument(
        "--node",
        action="extend",
        nargs="+",
        metavar="CODE",
        help="tracked nodes, the first one ranked (default: the file's, else the index)",
    )
    u.add_argument("--year", type=int, metavar="Y", help="the year of a panel to analyse (default: the file's)")
    u.add_argument(
        "--top",
        type=_whole(0),
        default=10,
        metavar="K",
        help="print the top K units by nominal rank (0: none; default 10)",
    )
    u.add_argument("--output", metavar="FILE", help="write the results: .csv (per-unit summary) or .xlsx (every table)")
    u.add_argument("--sensitivity", action="store_true", help="also run a Sobol' sensitivity analysis")
    u.add_argument(
        "--base-samples",
        type=_whole(2),
        metavar="N",
        help=f"sensitivity: base samples N, N (inputs + 2) runs (default {_DEFAULT_BASE_SAMPLES})",
    )
    u.add_argument(
        "--resamples",
        type=_whole(0),
        metavar="R",
        help=f"sensitivity: bootstrap resamples for the intervals (default {_DEFAULT_RESAMPLES})",
    )
    u.set_defaults(func=uncertainty)
