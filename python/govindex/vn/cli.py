"""``govindex`` subcommands for Vietnam's indices, registered with the generic command line
(:mod:`govindex._cli_support`) when this module is imported (``import govindex`` does).

govindex report --province "Bến Tre" [--html F]   the province report (listed before plan)
govindex papi --year 2021 --province "Bến Tre"   dimensions and total of one province
govindex pci --year 2021                          composites recomputed vs published
govindex par-index --year 2020                    components and the share resting on surveys

and ``--index papi|pci`` for ``govindex plan`` and ``govindex explain-change``, whose units are
provinces by code or any accepted name.
"""

from __future__ import annotations

import argparse
import math

import pandas as pd

from .. import _core, methodology
from .._cli_support import (
    check_output,
    register_builtin_indices,
    register_subcommands,
    usage_error,
    writing_error,
)
from .._errors import error
from . import history, indices, provinces, published
from .report import province_report

# --- data access (govindex.vn.data, govindex.vn.provinces) ----------------------------------------


def _as_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A loader's frame (indexed by ``province_code``) with ``province_code`` as a column."""
    return frame.reset_index() if "province_code" not in frame.columns else frame


def resolve_province(name: str) -> tuple[str, str]:
    """(code, Vietnamese name) of a province given by name, alias or code.

    Uses :func:`govindex.vn.provinces.province`: UnknownCodeError lists the nearest names (a
    mistake on the command line: exit code 2).
    """
    try:
        found = provinces.province(name)
    except _core.Error as e:
        raise usage_error(e) from None
    return found.code, found.name_vi


# --- formatting ---------------------------------------------------------------------------------


def _num(x: float, digits: int = 2) -> str:
    return "NA" if x is None or (isinstance(x, float) and math.isnan(x)) or pd.isna(x) else f"{x:.{digits}f}"


def _row(frame: pd.DataFrame, code: str) -> pd.Series:
    hits = frame[frame["province_code"].astype(str) == code]
    if len(hits) != 1:
        raise error(
            _core.UnknownCodeError,
            f"no row for province code {code} in this table ({len(hits)} found)",
            column="province_code",
            expected="one row",
            found=f"{len(hits)} rows",
        )
    return hits.iloc[0]


# --- handlers -----------------------------------------------------------------------------------


def papi_history(args: argparse.Namespace) -> int:
    """``govindex papi --province P``: the province's total, computed rank and group, every year."""
    code, name = resolve_province(args.province)
    table = history.papi_history(code)
    print(
        f"PAPI, {name} ({code}): total, rank computed among the provinces with a total (PAPI publishes "
        "groups, not ranks), quartile group"
    )
    print(f"{'year':>4}  {'total':>7}  {'rank':>9}  {'change':>6}  group")
    for year, row in table.iterrows():
        rank = "NA" if pd.isna(row["rank_computed"]) else f"{int(row['rank_computed'])}/{int(row['provinces_ranked'])}"
        change = "" if pd.isna(row["rank_change"]) else f"{int(row['rank_change']):+d}"
        group = "" if pd.isna(row["group_label"]) else row["group_label"]
        total = _num(float(row["score"]) if pd.notna(row["score"]) else math.nan, 3)
        mark = "*" if row["score_source"] == "computed" else " "
        print(f"{year:>4}  {total:>7}{mark} {rank:>9}  {change:>6}  {group}")
    print("* 2015-2017: the sum of the 6 dimensions (the workbooks print no total); from 2018, 8 dimensions.")
    return 0


def papi(args: argparse.Namespace) -> int:
    """``govindex papi --year Y --province P``: one province's dimensions and total (every year
    without --year)."""
    if args.year is None:
        return papi_history(args)
    code, name = resolve_province(args.province)
    frame = _as_table(published.papi(args.year))
    row = _row(frame, code)
    dims = indices.papi_dimensions(args.year)
    version = methodology.family("papi").version_for(args.year)
    totals = indices.papi_totals(row.to_frame().T, args.year).iloc[0]
    print(f"PAPI {args.year}, {name} ({code}): {len(dims)} dimensions (1-10 points each), total = their sum")
    for d in dims:
        node = version.node(d)
        english, vietnamese = node.name_en, node.name_vi
        print(
            f"  {d.upper():<3} {english:<44} {_num(float(row[d]) if pd.notna(row[d]) else math.nan, 3):>7}"
            f"   {vietnamese}"
        )
    print(f"  {'total (sum of ' + str(len(dims)) + ' dimensions)':<48} {_num(totals['computed'], 3):>7}")
    if pd.notna(totals["published"]):
        print(f"  {'published total':<48} {_num(totals['published'], 3):>7}")
    elif args.year in range(2015, 2018):
        print("  published total: none (2015-2017 workbooks print no total; the sum above is computed)")
    else:
        print(f"  published total: none for this province in {args.year} (no data in the shipped table)")
    if not totals["complete"]:
        missing = [d for d in dims if pd.isna(row[d])]
        print(f"  missing dimensions (no data): {', '.join(missing)}; no total computed")
    return 0


def _year_or_province(args: argparse.Namespace, command: str) -> None:
    if args.year is None and not args.province:
        raise error(
            _core.InputError,
            f"{command}: expected --year Y, or --province P for every year",
            source="command line",
            column="--year",
            expected="--year or --province",
            found="neither",
        )


def _print_published_history(title: str, table: pd.DataFrame, extra: list[str]) -> None:
    print(title)
    print(f"{'year':>4}  {'score':>6}  {'rank':>4}  {'change':>6}  " + "  ".join(extra))
    for year, row in table.iterrows():
        score = _num(float(row["score"]) if pd.notna(row["score"]) else math.nan, 2)
        rank = "NA" if pd.isna(row["rank"]) else str(int(row["rank"]))
        change = "" if pd.isna(row["rank_change"]) else f"{int(row['rank_change']):+d}"
        cells = "  ".join("" if pd.isna(row[c]) else str(row[c]) for c in extra)
        print(f"{year:>4}  {score:>6}  {rank:>4}  {change:>6}  {cells}")


def pci(args: argparse.Namespace) -> int:
    """``govindex pci --year Y``: composites 10 x sum(w_k s_k) recomputed vs published;
    ``--province P`` without a year: the province's published rows."""
    _year_or_province(args, "pci")
    if args.year is None:
        code, name = resolve_province(args.province)
        _print_published_history(
            f"PCI, {name} ({code}): published score, rank and tier (shipped: 2019, 2021 top rows)",
            history.pci_history(code),
            ["tier"],
        )
        return 0
    frame = _as_table(published.pci(args.year))
    weights = indices.pci_weights(args.year)
    result = indices.pci_composite(frame, weights)
    shown = ", ".join(f"{k} {v:.2f}" for k, v in weights.items())
    print(f"PCI {args.year}: composite = 10 x sum(w_k s_k); weights: {shown}")
    print(f"{'Rank':>4}  {'Province':<24} {'recomputed':>10} {'published':>10} {'diff':>8}")
    for province, r in result.iterrows():
        rank = "N/A" if "rank" not in result.columns or pd.isna(r["rank"]) else str(int(r["rank"]))
        print(
            f"{rank:>4}  {str(province):<24} {_num(r['recomputed'], 3):>10} {_num(r['published'], 2):>10}"
            f" {_num(r['difference'], 3):>8}"
        )
    compared = result[result["published"].notna() & result["recomputed"].notna()]
    print(
        f"max |difference| {compared['difference'].abs().max():.3f} over {len(compared)} rows"
        + (
            f"; {len(result) - len(compared)} row(s) without published score or sub-indices"
            if len(compared) < len(result)
            else ""
        )
    )
    return 0


def par_index(args: argparse.Namespace) -> int:
    """``govindex par-index --year Y``: published components, their sum and the survey share;
    ``--province P`` without a year: the province's published rows with the decision in force."""
    _year_or_province(args, "par-index")
    if args.year is None:
        code, name = resolve_province(args.province)
        _print_published_history(
            f"PAR INDEX, {name} ({code}): published score (%) and rank, with the decision in force",
            history.par_index_history(code),
            ["tag", "decision", "signed_on"],
        )
        return 0
    points = published.par_index_points()
    parts = indices.par_index_components(points, year=args.year)
    if parts.empty:
        year_rows = points[points["assessment_year"].astype(int) == args.year]
        print(
            f"PAR INDEX {args.year}: no component split published ({len(year_rows)} rows with totals/ranks only; "
            "the split is known for the 2020 top ten):"
        )
        print(f"{'Rank':>4}  {'Province':<24} {'score':>6}  tag")
        for _, row in year_rows.sort_values("rank").iterrows():
            rank = "NA" if pd.isna(row["rank"]) else str(int(row["rank"]))
            score = _num(float(row["score"]) if pd.notna(row["score"]) else math.nan, 2)
            print(f"{rank:>4}  {row['province']:<24} {score:>6}  {row['tag']}")
        return 0
    print(f"PAR INDEX {args.year}: appraised + SIPAS + leaders' survey + socio-economic impact = index (points of 100)")
    print(
        "survey share = (SIPAS part + leaders' survey) / index; the socio-economic impact part is not counted as survey"
    )
    print(
        f"{'Rank':>4}  {'Province':<20} {'apprais.':>8} {'SIPAS':>6} {'leaders':>7} {'socio-ec':>8}"
        f" {'sum':>7} {'index':>7} {'diff':>6} {'survey':>7}"
    )
    for province, r in parts.iterrows():
        rank = "" if "rank" not in parts.columns or pd.isna(r["rank"]) else str(int(r["rank"]))
        print(
            f"{rank:>4}  {str(province):<20} {r['appraisal_points']:>8.2f} {r['sipas_points']:>6.2f}"
            f" {r['leader_survey_points']:>7.2f} {r['socioecon_impact_points']:>8.2f} {r['component_sum']:>7.2f}"
            f" {r['published']:>7.2f} {round(r['difference'], 2) + 0.0:>6.2f} {100 * r['survey_share']:>6.1f}%"
        )
    return 0


def report(args: argparse.Namespace) -> int:
    """``govindex report --province P``: the province report's headline; ``--html``/``--excel``
    write the whole report."""
    html = check_output(args.html, (".html", ".htm"))
    excel = check_output(args.excel, (".xlsx",))
    resolve_province(args.province)
    r = province_report(
        args.province,
        args.year,
        target=args.target,
        language=args.lang,
        probability=args.probability,
        replicates=args.replicates,
        seed=args.seed,
    )
    for path, write in ((html, r.to_html), (excel, r.to_excel)):
        if path is not None:
            try:
                write(path)
            except OSError as e:
                raise writing_error(path, e) from None
    print(f"{r.province} ({r.province_code}), PAPI {r.year}, target top {r.target}:")
    for line in r.headline:
        print(f"- {line}")
    for path in (html, excel):
        if path is not None:
            print(f"written to {path}")
    return 0


def add_report_subcommand(subparsers: argparse._SubParsersAction) -> None:
    """Registers ``report`` on the ``govindex`` parser's subparsers."""
    r = subparsers.add_parser(
        "report",
        help="a province's report: PAPI levels and change, target plan, PCI and "
        "PAR INDEX history, methodology, 2025 unit",
    )
    r.add_argument("--province", default="Bến Tre", help='province name, alias or code (default "Bến Tre")')
    r.add_argument("--year", type=int, help="PAPI assessment year (default: the latest shipped)")
    r.add_argument("--target", type=int, default=20, help="target rank: top N (default 20)")
    r.add_argument("--probability", type=float, default=0.8, help="plan reaching the target with this probability")
    r.add_argument("--replicates", type=int, default=10000, help="simulated replicates (default 10000)")
    r.add_argument("--seed", type=int, default=0)
    r.add_argument("--lang", choices=["vi", "en"], default="vi", help="labels (default vi)")
    r.add_argument("--html", help="write a self-contained HTML report")
    r.add_argument("--excel", help="write every table to an Excel workbook (.xlsx)")
    r.set_defaults(func=report)


def add_subcommands(subparsers: argparse._SubParsersAction) -> None:
    """Registers ``papi``, ``pci`` and ``par-index`` on the ``govindex`` parser's subparsers."""
    p = subparsers.add_parser("papi", help="PAPI of one province: dimensions and total of one year, or every year")
    p.add_argument("--year", type=int, help="assessment year, 2015-2024 (default: every year, with computed ranks)")
    p.add_argument(
        "--province", required=True, help='province name (diacritics optional), alias or code, e.g. "Bến Tre"'
    )
    p.set_defaults(func=papi)
    c = subparsers.add_parser("pci", help="PCI composites recomputed vs published, or one province's published ranks")
    c.add_argument("--year", type=int, help="assessment year (tables shipped: 2019, 2021)")
    c.add_argument("--province", help="without --year: this province's published score, rank and tier, every year")
    c.set_defaults(func=pci)
    r = subparsers.add_parser("par-index", help="PAR INDEX components and survey share, or one province's ranks")
    r.add_argument("--year", type=int, help="assessment year (component split: 2020)")
    r.add_argument(
        "--province",
        help="without --year: this province's published score and rank, every year, with the decision in force",
    )
    r.set_defaults(func=par_index)


def _province_code(name: str) -> str:
    """The code of the province named `name` (``--unit`` with ``--index``); UnknownCodeError
    listing the nearest names."""
    return provinces.province(name).code


register_subcommands(add_report_subcommand, before="plan")
register_subcommands(add_subcommands)
register_builtin_indices(
    {"papi": indices.papi_results, "pci": indices.pci_results},
    unit_code=_province_code,
    help="a built-in Vietnamese index (units: provinces)",
)
