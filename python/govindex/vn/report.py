"""The province report: for one province and year, everything the shipped data says about its
standing and what it would take to reach a target — in one call, as pandas objects, headline
findings, a self-contained HTML file and an Excel workbook, with Vietnamese or English labels.

- PAPI (every level published that year): scores and computed ranks of the total, dimensions and
  sub-dimensions, strengths and weaknesses (gaps to the leading province per node), the rank
  history, the decomposition of the last change (own vs other provinces, by dimension), the gap
  to the target rank and the least-cost plan to reach it, with its probability under standard
  errors (those of the latest year up to the report's year that publishes them);
- PCI and PAR INDEX: the published ranks over the years, PAR INDEX with the methodology decision in
  force each year and the date it was signed, and the survey vs appraisal split where published;
- the 2025 geography: the new unit and its former provinces side by side.

>>> from govindex.vn import report
>>> r = report.province_report("Bến Tre", target=20)   # doctest: +SKIP
>>> print("\\n".join(r.headline))                      # doctest: +SKIP
>>> r.to_html("ben_tre.html")                           # doctest: +SKIP
"""

from __future__ import annotations

import base64
import html
import io
import numbers
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import numpy as np
import pandas as pd

from .. import _core
from .._errors import ArgumentTypeError, error, require_count, require_int32, require_seed
from .._excel import excel_safe
from ..attribution import ChangeDecomposition, decompose_change
from ..planning import ImprovementPlan, TargetGap, gap_to_target, plan_improvement
from ..results import Results
from . import geography, history, indices, provinces, published

#: Labels of the report in each language ("vi", "en").
LABELS: dict[str, dict[str, str]] = {
    "vi": {
        "title": "Báo cáo tỉnh",
        "papi": "PAPI",
        "pci": "PCI",
        "par_index": "PAR INDEX",
        "score": "điểm",
        "rank": "xếp hạng",
        "of": "trên",
        "computed": "tính từ dữ liệu công bố",
        "change": "thay đổi",
        "own": "do chính tỉnh",
        "others": "do các tỉnh khác",
        "if_only_own": "nếu chỉ tỉnh thay đổi: hạng",
        "if_only_others": "nếu chỉ các tỉnh khác thay đổi: hạng",
        "methodology_change": "do thay đổi phương pháp",
        "target": "mục tiêu",
        "needs": "cần",
        "points": "điểm",
        "plan": "kế hoạch chi phí thấp nhất",
        "probability": "xác suất đạt",
        "se_note": "sai số chuẩn của năm",
        "reached": "đã đạt",
        "infeasible": "không đạt được trong giới hạn; hạng tốt nhất",
        "strengths": "Điểm mạnh",
        "weaknesses": "Điểm yếu",
        "history": "Lịch sử xếp hạng",
        "methodology": "Phương pháp áp dụng",
        "signed": "ký ngày",
        "unit_2025": "Đơn vị hành chính từ 1/7/2025",
        "with": "cùng",
        "survey_split": "Tỷ trọng điểm từ điều tra xã hội học",
        "largest_losses": "giảm nhiều nhất",
        "largest_gains": "tăng nhiều nhất",
        "no_data": "không có dữ liệu",
        "node": "nội dung",
        "gap_to_best": "khoảng cách tới tỉnh dẫn đầu",
        "decomposition": "Phân tách thay đổi",
        "up": "bậc tăng",
        "down": "bậc giảm",
        "nodes": "nội dung",
        "headline": "Kết luận chính",
        "geography": "Địa giới 2025",
        "derived": "",
    },
    "en": {
        "title": "Province report",
        "papi": "PAPI",
        "pci": "PCI",
        "par_index": "PAR INDEX",
        "score": "score",
        "rank": "rank",
        "of": "of",
        "computed": "computed from the published data",
        "change": "change",
        "own": "own change",
        "others": "other provinces",
        "if_only_own": "had only the province changed: rank",
        "if_only_others": "had only the others changed: rank",
        "methodology_change": "methodology change",
        "target": "target",
        "needs": "needs",
        "points": "points",
        "plan": "least-cost plan",
        "probability": "probability of success",
        "se_note": "standard errors of",
        "reached": "reached already",
        "infeasible": "not reachable within the caps; best rank",
        "strengths": "Strengths",
        "weaknesses": "Weaknesses",
        "history": "Rank history",
        "methodology": "Methodology in force",
        "signed": "signed",
        "unit_2025": "Provincial unit from 1 July 2025",
        "with": "with",
        "survey_split": "Share of points from sociological surveys",
        "largest_losses": "largest losses",
        "largest_gains": "largest gains",
        "no_data": "no data",
        "node": "node",
        "gap_to_best": "gap to the leading province",
        "decomposition": "Decomposition of the change",
        "up": "places up",
        "down": "places down",
        "nodes": "nodes",
        "headline": "Headline findings",
        "geography": "2025 geography",
        "derived": "",
    },
}


def _labels(language: str) -> dict[str, str]:
    if language not in LABELS:
        raise error(
            _core.MethodError,
            f'report language "{language}"; expected "vi" or "en"',
            column="language",
            expected="vi or en",
            found=str(language),
        )
    return LABELS[language]


def papi_standard_errors(year: int) -> tuple[dict[str, float], int, list[str]]:
    """Standard errors of the PAPI totals for a plan in `year`: those of the latest year up to
    `year` that publishes them (2019, 2022, 2023; 2024 publishes none). Returns (province code ->
    se, the year they come from, the provinces without one, given the median se of that year)."""
    for source in sorted((y for y in published.PAPI_YEARS if y <= year), reverse=True):
        frame = published.papi(source)
        if "se" in frame.columns and frame["se"].notna().any():
            se = frame["se"].astype(float)
            filled = [str(c) for c in se.index[se.isna() | (se <= 0)]]
            se = se.mask(se.isna() | (se <= 0), float(se[se > 0].median()))
            return {str(k): float(v) for k, v in se.items()}, source, filled
    raise error(
        _core.UnknownCodeError,
        f"PAPI: no year up to {year} publishes standard errors; expected 2019 or later",
        column="year",
        expected="2019 or later",
        found=str(year),
    )


def papi_change_errors(year: int, *, since: int = 2018) -> dict[str, float]:
    """Standard errors from history: each province's standard deviation of its year-on-year PAPI
    total changes over `since`..`year` (totals of 8 dimensions from 2018 compare; ddof 1), for a
    plan's robustness when the others move as they have moved. A province with fewer than two
    changes gets the median of the others. Returns province code -> se."""
    table = history.papi_history(years=[y for y in published.PAPI_YEARS if since <= y <= year])
    scores = table["score"].unstack("year")
    changes = scores.diff(axis=1).iloc[:, 1:]
    sd = changes.std(axis=1, ddof=1).where(changes.notna().sum(axis=1) >= 2)
    sd = sd.fillna(float(sd.median()))
    return {str(k): float(v) for k, v in sd.items()}


def _node_names(results: Results, language: str) -> dict[str, str]:
    """Node code -> name in the language (Vietnamese from the methodology, English from the framework)."""
    frame = results.framework.to_frame().set_index("iCode")
    names = {str(k): str(v) for k, v in frame["iName"].items() if isinstance(v, str) and v}
    if language == "vi":
        for family in ("papi", "pci"):
            for version in indices._family(family).versions:
                for node in version.nodes:
                    if node.name_vi and node.code in names:
                        names[node.code] = node.name_vi
    return names


def _levels_table(results: Results, code: str, names: dict[str, str]) -> pd.DataFrame:
    """Every node of a run for one province: level, score, computed rank, units ranked, best, leader
    and gap to the best (ranks among the provinces with a score)."""
    scores, ranks = results.scores, results.ranks
    frame = results.framework.to_frame().set_index("iCode")
    unit_names = results.data_set("Raw").unit_names if hasattr(results.data_set("Raw"), "unit_names") else None
    rows = []
    for node in results.framework.tree_codes:
        column = scores[node].astype(float)
        best_unit = column.idxmax() if column.notna().any() else None
        rows.append(
            {
                "node": node,
                "name": names.get(node, node),
                "level": int(frame.loc[node, "Level"]),
                "score": column.get(code, np.nan),
                "rank": ranks[node].get(code, pd.NA),
                "ranked": int(column.notna().sum()),
                "best": column.max(),
                "leader": best_unit,
                "gap_to_best": column.max() - column.get(code, np.nan),
            }
        )
    out = pd.DataFrame(rows).set_index("node")
    out["rank"] = pd.array(out["rank"].tolist(), dtype="Int64")
    if unit_names is not None:
        lookup = dict(zip(results.data_set("Raw").unit_codes, unit_names))
        out["leader"] = out["leader"].map(lambda c: lookup.get(c, c) if isinstance(c, str) else c)
    return out.sort_values("level", ascending=False, kind="stable")


@dataclass
class ProvinceReport:
    """What :func:`province_report` returns: pandas objects, headline findings, HTML and Excel."""

    province_code: str
    province: str
    year: int
    target: int
    language: str
    headline: list[str]
    #: PAPI of `year` at every published level: name, level, score, computed rank, provinces
    #: ranked, best score, leading province, gap to the best.
    papi_levels: pd.DataFrame
    #: Nodes below the total with the best and worst ranks (direction-adjusted: higher is better).
    strengths: pd.DataFrame
    weaknesses: pd.DataFrame
    papi_history: pd.DataFrame
    pci_history: Optional[pd.DataFrame]
    par_index_history: Optional[pd.DataFrame]
    #: The methodology version in force each year (PAR INDEX), decision and signing date.
    methodology: pd.DataFrame
    #: PAPI change from the previous year with data to `year` (None when there is none).
    last_change: Optional[ChangeDecomposition]
    change_from: Optional[int]
    gap: TargetGap
    #: The least-cost plan to the required score (others fixed), with its probability of success.
    plan: ImprovementPlan
    #: The least-cost plan that reaches the target with the asked probability.
    robust_plan: ImprovementPlan
    #: The year whose standard errors the plan's probability uses, and provinces given the median.
    se_year: int
    se_filled: list[str]
    #: PAR INDEX points split into appraisal and surveys where published (None otherwise).
    survey_split: Optional[pd.DataFrame]
    #: The 2025 unit and its former provinces side by side (PAPI of `year`).
    geography: pd.DataFrame
    unit_2025: str
    results: Results = field(repr=False)

    # --- output -----------------------------------------------------------------------------------

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table of the report by sheet name (what :meth:`to_excel` writes)."""
        out = {
            "headline": pd.DataFrame({"finding": self.headline}),
            "papi_levels": self.papi_levels,
            "strengths": self.strengths,
            "weaknesses": self.weaknesses,
            "papi_history": self.papi_history,
            "gap_headroom": self.gap.headroom,
            "plan": self.plan.steps,
            "robust_plan": self.robust_plan.steps,
            "methodology": self.methodology,
            "geography_2025": self.geography,
        }
        if self.last_change is not None:
            out["papi_change"] = self.last_change.parts
        if self.pci_history is not None:
            out["pci_history"] = self.pci_history
        if self.par_index_history is not None:
            out["par_index_history"] = self.par_index_history
        if self.survey_split is not None:
            out["par_index_survey_split"] = self.survey_split
        return out

    def to_excel(self, path: str | Path) -> Path:
        """Writes every table to one workbook (openpyxl), a sheet each; returns the path."""
        path = Path(path)
        with pd.ExcelWriter(path, engine="openpyxl") as writer:
            for name, table in self.tables().items():
                excel_safe(table).to_excel(writer, sheet_name=name[:31])
        return path

    def _figure_html(self) -> str:
        """The waterfall of the last change as an embedded PNG ('' without matplotlib or a change)."""
        if self.last_change is None:
            return ""
        try:
            import matplotlib

            matplotlib.use("Agg", force=False)
            import matplotlib.pyplot as plt

            from ..plot import waterfall
        except ImportError:
            return ""
        fig, ax = plt.subplots(figsize=(7, 3.2))
        waterfall(self.last_change, what="score", ax=ax)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
        plt.close(fig)
        data = base64.b64encode(buffer.getvalue()).decode("ascii")
        return f'<img alt="waterfall" src="data:image/png;base64,{data}">'

    def to_html(self, path: str | Path | None = None) -> str:
        """A self-contained HTML page (tables, the waterfall as an embedded image); written to
        `path` when given. Returns the HTML."""
        t = LABELS[self.language]
        esc = html.escape
        parts = [
            f'<!DOCTYPE html><html lang="{self.language}"><head><meta charset="utf-8">',
            f"<title>{esc(t['title'])}: {esc(self.province)} {self.year}</title>",
            "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;line-height:1.4}"
            "table{border-collapse:collapse;font-size:.9em;margin:.5em 0 1.5em}"
            "td,th{border:1px solid #ccc;padding:.2em .5em;text-align:right}th{background:#f3f3f3}"
            "td:first-child,th:first-child{text-align:left}</style></head><body>",
            f"<h1>{esc(t['title'])}: {esc(self.province)} ({esc(self.province_code)}), {self.year}</h1>",
            f"<h2>{esc(t['headline'])}</h2><ul>",
        ]
        parts += [f"<li>{esc(line)}</li>" for line in self.headline]
        parts.append("</ul>")

        def section(title: str, frame: Optional[pd.DataFrame]) -> None:
            if frame is not None and len(frame):
                parts.append(f"<h2>{esc(title)}</h2>")
                parts.append(frame.to_html(float_format=lambda x: f"{x:.3f}", na_rep="", border=0))

        section("PAPI " + str(self.year), self.papi_levels)
        section(t["strengths"], self.strengths)
        section(t["weaknesses"], self.weaknesses)
        if self.last_change is not None:
            section(f"{t['decomposition']} PAPI {self.change_from} → {self.year}", self.last_change.parts)
            parts.append(self._figure_html())
        section(f"{t['plan']} (PAPI, {t['target']} {self.target})", self.plan.steps)
        section(t["history"] + " PAPI", self.papi_history)
        section(t["history"] + " PCI", self.pci_history)
        section(t["history"] + " PAR INDEX", self.par_index_history)
        section(t["methodology"] + " (PAR INDEX)", self.methodology)
        section(t["survey_split"] + " (PAR INDEX)", self.survey_split)
        section(t["geography"], self.geography)
        parts.append(
            "<p><small>govindex: every number above is computed from the shipped data "
            "(data/vn, data/vn-admin).</small></p></body></html>"
        )
        page = "\n".join(parts)
        if path is not None:
            Path(path).write_text(page, encoding="utf-8")
        return page

    def _repr_html_(self) -> str:
        t = LABELS[self.language]
        items = "".join(f"<li>{html.escape(line)}</li>" for line in self.headline)
        return f"<b>{html.escape(t['title'])}: {html.escape(self.province)} {self.year}</b><ul>{items}</ul>"

    def __repr__(self) -> str:
        return f"ProvinceReport({self.province!r}, {self.year}, target {self.target}: {len(self.headline)} findings)"


def _places(x: float, t: dict[str, str]) -> str:
    """A part of a rank change in words (negative = moved up)."""
    return f"{abs(x):g} {t['up'] if x < 0 else t['down']}" if x else f"0 {t['down']}"


def _fmt(x: float, digits: int = 2) -> str:
    return "NA" if x is None or pd.isna(x) else f"{x:.{digits}f}"


def province_report(
    province: str | int,
    year: Optional[int] = None,
    *,
    target: int = 20,
    language: str = "vi",
    probability: float = 0.8,
    replicates: int = 10000,
    seed: int = 0,
) -> ProvinceReport:
    """The report of `province` (code or any accepted name) for PAPI assessment year `year`
    (default: the latest shipped), with the plan to reach rank `target` (top N), its probability
    under standard errors and the plan that reaches it with `probability`.

    Raises UnknownCodeError for an unknown province or a year without PAPI data, MethodError for a
    target outside 1..provinces ranked or a language other than "vi"/"en".
    """
    # The arguments first, before any work: none may silently mean something else.
    if isinstance(probability, bool) or not isinstance(probability, numbers.Real):
        raise ArgumentTypeError(
            f"probability: expected a number strictly between 0 and 1, found {type(probability).__name__}"
        )
    if not 0 < probability < 1:  # NaN and infinities included
        try:
            shown = repr(float(probability))
        except OverflowError:
            shown = "an int beyond a double's range"
        raise error(
            _core.MethodError,
            f"province report: probability: {shown}; expected a probability strictly between 0 and 1",
            column="probability",
            expected="a probability strictly between 0 and 1",
            found=shown,
        )
    replicates, seed = require_count("replicates", replicates, 2), require_seed("seed", seed)
    t = _labels(language)
    found = provinces.province(province)
    code, name = found.code, found.name_vi
    year = published.PAPI_YEARS[-1] if year is None else require_int32("year", year)
    target = require_int32("target", target, low=1)
    results = indices.papi_results(year)
    scores = results.scores
    root = results.framework.root
    if code not in scores.index or pd.isna(scores.loc[code, root]):
        raise error(
            _core.UnknownCodeError,
            f"PAPI {year}: no data for {name} ({code}); expected a province with a score",
            source=f"PAPI {year}",
            column="province",
            expected="a province with a score",
            found=name,
        )
    names = _node_names(results, language)
    levels = _levels_table(results, code, names)
    below = levels[levels.index != root]
    strengths = below.sort_values(["rank", "gap_to_best"]).head(3)[["name", "score", "rank", "best", "gap_to_best"]]
    weaknesses = below.sort_values(["rank", "gap_to_best"], ascending=False).head(3)[
        ["name", "score", "rank", "best", "gap_to_best"]
    ]
    papi_hist = history.papi_history(code)
    # Last change: the previous year with a score, on the same number of dimensions.
    scored = papi_hist[papi_hist["score"].notna()]
    earlier = (
        [
            int(y)
            for y in scored.index
            if int(y) < year and int(scored.loc[y, "dimensions"]) == int(scored.loc[year, "dimensions"])
        ]
        if year in scored.index
        else []
    )
    change, change_from = None, None
    if earlier:
        change_from = earlier[-1]
        change = decompose_change(indices.papi_results(change_from), results, code, to_leaves=True)
    # Gap and plan to the target (dimensions bounded by the best province; others fixed).
    se, se_year, se_filled = papi_standard_errors(year)
    se = {k: v for k, v in se.items() if k in scores.index and not pd.isna(scores.loc[k, root])}
    gap = gap_to_target(results, code, target)
    plan = plan_improvement(
        results,
        code,
        target,
        standard_errors=se,
        probability=probability,
        replicates=replicates,
        seed=seed,
        progress=False,
    )
    plain = plan_improvement(
        results, code, target, standard_errors=se, replicates=replicates, seed=seed, progress=False
    )

    # PCI and PAR INDEX published ranks (None when the province has no published row).
    def optional(call):
        try:
            return call(code)
        except _core.UnknownCodeError:
            return None

    pci_hist = optional(history.pci_history)
    par_hist = optional(history.par_index_history)
    years = sorted(set(int(y) for y in par_hist.index)) if par_hist is not None else []
    timeline = indices.method_timeline("par_index", years) if years else pd.DataFrame()
    split = None
    points = published.par_index_points()
    rows = points[points["province_code"].astype(str) == code]
    if len(rows):
        try:
            split = indices.par_index_components(rows.set_index("province")).reset_index()
            split = split if len(split) else None
        except _core.Error:
            split = None
    unit = geography.unit_2025(code)
    side = geography.side_by_side(unit.code, published.papi(year), value_columns=["score"])
    # Headline findings.
    ranked = int(levels.loc[root, "ranked"])
    score, rank = float(levels.loc[root, "score"]), int(levels.loc[root, "rank"])
    lines = [f"PAPI {year}: {t['score']} {_fmt(score)}, {t['rank']} {rank} {t['of']} {ranked} ({t['computed']})."]
    if change is not None:
        worst = change.parts.sort_values("change").head(2)
        best = change.parts.sort_values("change", ascending=False).head(1)
        lines.append(
            f"PAPI {change_from} → {year}: {t['score']} {_fmt(change.score_before)} → {_fmt(change.score_after)}, "
            f"{t['rank']} {change.rank_before:g} → {change.rank_after:g} ({t['own']}: {_places(change.own_part, t)}, "
            f"{t['others']}: {_places(change.others_part, t)}"
            + (
                f", {t['methodology_change']}: {_places(change.methodology_part, t)}"
                if change.rescoring != "none"
                else ""
            )
            + f"; {t['if_only_own']} {change.rank_if_only_own:g}, {t['if_only_others']} "
            f"{change.rank_if_only_others:g}); {t['largest_losses']}: "
            + ", ".join(f"{names.get(n, n)} {v:+.2f}" for n, v in worst["change"].items())
            + f"; {t['largest_gains']}: "
            + ", ".join(f"{names.get(n, n)} {v:+.2f}" for n, v in best["change"].items())
            + "."
        )
    if gap.reached:
        lines.append(f"PAPI {year} {t['target']} top {target}: {t['reached']} ({t['rank']} {rank}).")
    else:
        steps = plain.steps
        detail = ", ".join(
            f"{names.get(n, n)} {row['value']:.2f} → {row['new_value']:.2f}" for n, row in steps.iterrows()
        )
        odds = f"{t['probability']} {plain.success_probability:.0%} ({t['se_note']} {se_year})"
        lines.append(
            f"PAPI {year} {t['target']} top {target}: {t['needs']} {_fmt(gap.required_score)} "
            f"(+{_fmt(gap.gap)} {t['points']}); {t['plan']}: {detail}; {odds}."
        )
        if plan.feasible:
            lines.append(
                f"{t['probability']} ≥ {probability:.0%}: {t['score']} {_fmt(plan.target_score)}, "
                f"{plan.nodes_changed} {t['nodes']}, {t['probability']} {plan.success_probability:.0%}."
            )
        else:
            lines.append(f"{t['probability']} ≥ {probability:.0%}: {t['infeasible']} {plan.best_rank:g}.")
    if pci_hist is not None:
        lines.append("PCI: " + ", ".join(f"{y} {t['rank']} {r}" for y, r in pci_hist["rank"].items()) + ".")
    if par_hist is not None:
        path = ", ".join(
            f"{y} {t['rank']} {r}" + (f" ({_fmt(s)})" if pd.notna(s) else "")
            for y, r, s in zip(par_hist.index, par_hist["rank"], par_hist["score"])
        )
        decisions = "; ".join(
            f"{d} ({t['signed']} {s})"
            for d, s in timeline[["decision", "signed_on"]].drop_duplicates().itertuples(index=False)
        )
        lines.append(f"PAR INDEX: {path}. {t['methodology']}: {decisions}.")
    others = [provinces.province(c).name_vi for c in unit.members if c != code]
    if unit.merged:
        lines.append(f"{t['unit_2025']}: {unit.name} ({t['with']} {', '.join(others)}).")
    else:
        lines.append(f"{t['unit_2025']}: {unit.name}.")
    return ProvinceReport(
        province_code=code,
        province=name,
        year=year,
        target=target,
        language=language,
        headline=lines,
        papi_levels=levels,
        strengths=strengths,
        weaknesses=weaknesses,
        papi_history=papi_hist,
        pci_history=pci_hist,
        par_index_history=par_hist,
        methodology=timeline,
        last_change=change,
        change_from=change_from,
        gap=gap,
        plan=plain,
        robust_plan=plan,
        se_year=se_year,
        se_filled=se_filled,
        survey_split=split,
        geography=side,
        unit_2025=unit.name,
        results=results,
    )
