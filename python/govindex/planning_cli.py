"""The planning and diagnosis commands of the ``govindex`` command line.

    govindex plan --unit VNM --target 20 --example asem [--cost NODE=C ...] [--cap NODE=C ...] [--output plan.csv]
    govindex plan --unit "Bến Tre" --target 20 --index papi --year 2024 [--objective fewest_nodes]
    govindex explain-change --unit VNM --framework iMeta.csv --data panel.csv --from 2018 --to 2022
    govindex explain-change --unit "Bến Tre" --index papi --from 2019 --to 2023 [--output parts.csv]

User data: ``--framework`` and ``--data`` (and ``--pipeline`` or ``--normalise``/``--aggregate``, as
``compute``), or ``--example asem``. Built-in indices (``--index``) are those a domain layer
registers (:func:`govindex._cli_support.register_builtin_indices`): :mod:`govindex.vn.cli` adds
``papi`` (dimensions of the year's methodology) and ``pci`` (the ten sub-indices, the shipped top
rows), whose units are provinces by code or any accepted name; the province report
(``govindex report``) is :mod:`govindex.vn.cli`'s too.
"""

from __future__ import annotations

import argparse
import unicodedata

from . import _core
from ._cli_inputs import add_input_options, command_pipeline, input_paths
from ._cli_support import (
    builtin_index,
    builtin_index_names,
    builtin_indices_help,
    check_output,
    usage_error,
    writing_error,
)
from ._errors import error
from .attribution import decompose_change
from .dataset import read_dataset
from .framework import read_framework
from .planning import plan_improvement
from .results import Results


def _pairs(items: list[str] | None, option: str) -> dict[str, float]:
    """``["d1=2", "d2=0.5"]`` -> {"d1": 2.0, "d2": 0.5}; a located error otherwise."""
    out: dict[str, float] = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        try:
            if not sep:
                raise ValueError
            out[key.strip()] = float(value)
        except ValueError:
            raise error(
                _core.MethodError,
                f'{option} "{item}": expected NODE=NUMBER',
                source="command line",
                column=option,
                expected="NODE=NUMBER",
                found=item,
            ) from None
    return out


def _builtin(index: str, year: int | None, option: str = "--year") -> Results:
    """The run of built-in index `index` (``--index``) in `year`."""
    if year is None:
        raise error(
            _core.InputError,
            f"--index {index}: expected {option}",
            source="command line",
            column=option,
            expected="an assessment year",
            found="none",
        )
    return builtin_index(index).results[index](year)


def _user_results(args: argparse.Namespace) -> Results:
    """The user's index (or a shipped example) run with the compute command's pipeline options."""
    framework_path, data_path = input_paths(args)
    framework = read_framework(framework_path)
    return command_pipeline(args).run(framework, read_dataset(data_path, framework))


def _unit_label(results: Results, unit: str) -> str:
    """ "name (code)" of a unit given by code or name (NFC-compared)."""
    data = results.data_set("Raw").to_frame()
    wanted = unicodedata.normalize("NFC", unit)
    for code, name in zip(data.index, data.get("uName", data.index)):
        if wanted in (unicodedata.normalize("NFC", str(code)), unicodedata.normalize("NFC", str(name))):
            return f"{name} ({code})" if name and name != code else str(code)
    return unit


def _unit(args: argparse.Namespace) -> str:
    """The unit as given; for a built-in index, the code of the unit it names (any name the domain
    accepts; one that names none is a mistake on the command line)."""
    if args.index:
        try:
            return builtin_index(args.index).unit_code(args.unit)
        except _core.Error as e:
            raise usage_error(e) from None
    return args.unit


def plan(args: argparse.Namespace) -> int:
    output = check_output(args.output, (".csv",))
    results = _builtin(args.index, args.year) if args.index else _user_results(args)
    unit = _unit(args)
    p = plan_improvement(
        results,
        unit,
        args.target,
        node=args.node or None,
        year=args.year if not args.index else None,
        costs=_pairs(args.cost, "--cost"),
        caps=_pairs(args.cap, "--cap"),
        maxima=_pairs(args.max, "--max"),
        objective=args.objective,
        progress=False,
    )
    steps = p.steps
    if output is not None:
        try:
            steps.to_csv(output, encoding="utf-8")
        except OSError as e:
            raise writing_error(output, e) from None
    g = p.gap
    print(
        f"{_unit_label(results, unit)}: {g.node} score {g.score:.4f}, rank {g.rank:g} of {g.units}; "
        f"target rank {g.target_rank} needs {g.required_score:.4f} (gap {g.gap:.4f})"
    )
    if p.status == "reached":
        print("already reached: nothing to do")
    elif not p.feasible:
        print(
            f"{p.status}: the target cannot be reached within the caps; best reachable rank {p.best_rank:g} "
            f"(score {p.best_score:.4f})"
        )
    else:
        print(
            f"{p.status} plan ({p.objective}): {p.nodes_changed} nodes, cost {p.cost:.4f}, "
            f"score -> {p.achieved_score:.4f}, rank -> {p.achieved_rank:g}"
        )
        print(f"{'node':<12} {'value':>10} {'new value':>10} {'gain':>9} {'cost':>9}")
        for node, row in steps.iterrows():
            print(f"{node:<12} {row['value']:>10.4f} {row['new_value']:>10.4f} {row['gain']:>9.4f} {row['cost']:>9.4f}")
    if output is not None:
        print(f"plan written to {args.output}")
    return 0


def explain_change(args: argparse.Namespace) -> int:
    output = check_output(args.output, (".csv",))
    if args.index:
        before, after = _builtin(args.index, args.year_from, "--from"), _builtin(args.index, args.year_to, "--to")
        years: dict = {}
    else:
        before = after = _user_results(args)
        years = {"year_before": args.year_from, "year_after": args.year_to}
    unit = _unit(args)
    change = decompose_change(before, after, unit, node=args.node or None, to_leaves=not args.children, **years)
    parts = change.parts
    if output is not None:
        try:
            parts.to_csv(output, encoding="utf-8")
        except OSError as e:
            raise writing_error(output, e) from None
    print(
        f"{_unit_label(after, unit)}: {change.node} {change.score_before:.4f} -> {change.score_after:.4f} "
        f"({change.score_after - change.score_before:+.4f}), rank {change.rank_before:g} -> {change.rank_after:g}"
    )
    if change.methodology_differences:
        print(f"methodology differs ({change.rescoring} re-scoring, {change.sequence}):")
        for line in change.methodology_differences:
            print(f"  - {line}")
    print(
        f"rank change {change.rank_after - change.rank_before:+g} (negative = up), Shapley parts: own "
        f"{change.own_part:+g}, other units {change.others_part:+g}"
        + (f", methodology {change.methodology_part:+g}" if change.rescoring != "none" else "")
    )
    print(
        f"one at a time: had only this unit changed, rank {change.rank_if_only_own:g} ({change.own_alone_part:+g}); "
        f"had only the others changed, rank {change.rank_if_only_others:g} ({change.others_alone_part:+g}); "
        f"interaction {change.interaction_part:+g}"
    )
    if change.only_before or change.only_after:
        print(
            f"units in one run only: before {', '.join(change.only_before) or '-'}; after "
            f"{', '.join(change.only_after) or '-'}"
        )
    ordered = parts.reindex(parts["change"].abs().sort_values(ascending=False).index).head(args.top)
    print(f"{'node':<12} {'before':>10} {'after':>10} {'change':>10}")
    for node, row in ordered.iterrows():
        print(f"{node:<12} {row['value_before']:>10.4f} {row['value_after']:>10.4f} {row['change']:>+10.4f}")
    if output is not None:
        print(f"parts written to {args.output}")
    return 0


def _user_data_options(p: argparse.ArgumentParser) -> None:
    """``--index`` (when a domain layer registered built-in indices), the user's files and pipeline
    (as ``compute``), ``--node``."""
    names = builtin_index_names()
    if names:
        p.add_argument("--index", choices=names, help=builtin_indices_help())
    else:
        p.set_defaults(index=None)
    add_input_options(p)
    p.add_argument("--node", help="the node to rank (default: the index)")


def add_subcommands(subparsers: argparse._SubParsersAction) -> None:
    """Registers ``plan`` and ``explain-change``."""
    p = subparsers.add_parser("plan", help="the least-cost improvements that reach a target rank")
    p.add_argument("--unit", required=True, help="unit code or name (a province for --index)")
    p.add_argument("--target", type=int, required=True, help="target rank: N or better")
    p.add_argument("--year", type=int, help="the year (--index, or panel data)")
    _user_data_options(p)
    p.add_argument("--objective", choices=["least_cost", "fewest_nodes"], default="least_cost")
    p.add_argument("--cost", action="append", metavar="NODE=C", help="cost of one unit of improvement (default 1)")
    p.add_argument("--cap", action="append", metavar="NODE=C", help="the most a node can improve")
    p.add_argument("--max", action="append", metavar="NODE=V", help="the highest value a node can take")
    p.add_argument("--output", help="write the plan's steps (.csv)")
    p.set_defaults(func=plan)
    e = subparsers.add_parser("explain-change", help="why a unit's score and rank changed between two years")
    e.add_argument("--unit", required=True, help="unit code or name (a province for --index)")
    e.add_argument("--from", dest="year_from", type=int, required=True, help="the earlier year")
    e.add_argument("--to", dest="year_to", type=int, required=True, help="the later year")
    _user_data_options(e)
    e.add_argument("--children", action="store_true", help="split over the node's children, not the indicators")
    e.add_argument("--top", type=int, default=10, help="nodes printed (largest changes first; default 10)")
    e.add_argument("--output", help="write every node's part (.csv)")
    e.set_defaults(func=explain_change)
