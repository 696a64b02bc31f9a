"""The user's files as a command reads them: ``--framework``/``--data`` or a shipped example
(``--example asem``), and the pipeline (``--pipeline`` file, or ``--normalise``/``--aggregate``
methods). Shared by ``compute``, ``plan`` and ``explain-change``."""

from __future__ import annotations

import argparse
from pathlib import Path

from . import _core, datasets
from ._cli_support import usage_error
from ._errors import error
from .pipeline import Pipeline, read_pipeline


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


def command_pipeline(args: argparse.Namespace) -> Pipeline:
    """The pipeline of `args`: the ``--pipeline`` file, or ``--normalise`` and ``--aggregate``
    (default min-max to 0-100 and the arithmetic mean); a located error for both."""
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


def add_input_options(parser: argparse.ArgumentParser) -> None:
    """The options of a command that runs a pipeline on the user's files (see input_paths and _pipeline)."""
    parser.add_argument("--framework", help="iMeta CSV: the framework (one row per indicator and aggregate)")
    parser.add_argument("--data", help="iData CSV: one row per unit (a panel with a Time column for several years)")
    parser.add_argument("--example", help="use a shipped example instead (asem)")
    parser.add_argument("--pipeline", help="pipeline file (TOML)")
    parser.add_argument("--normalise", help='normalisation method, e.g. "minmax:low=0,high=100" (default)')
    parser.add_argument("--aggregate", help='aggregation method, e.g. "amean" (default)')
