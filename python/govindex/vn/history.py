"""Ranks and changes over the years for the Vietnamese indices: PAPI (every shipped year, ranks
computed), PCI and PAR INDEX (the published rows, with their published ranks).

PAPI publishes totals and four quartile groups, not official ranks: its ranks here are computed
among the provinces with a total that year (competition ranks, ties share the better rank) and are
labelled ``rank_computed``. PCI and PAR INDEX publish ranks: theirs are the published ones.

>>> from govindex.vn import history
>>> history.papi_history("Bến Tre")[["score", "rank_computed", "group", "rank_change"]]  # doctest: +SKIP
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import _core
from .._errors import error
from . import indices, provinces, published
from .ranking import PAPI_GROUP_LABELS, papi_quartile_groups


def _papi_year(year: int) -> pd.DataFrame:
    frame = published.papi(year)
    totals = indices.papi_totals(frame, year)
    totals.index = frame.index
    score = totals["published"].where(totals["published"].notna(), totals["computed"])
    source = pd.Series(np.where(totals["published"].notna(), "published", "computed"), index=frame.index)
    # A published 0 with incomplete dimensions is "no data" in the source workbook (2022: Bắc Giang,
    # Bắc Ninh), not a score.
    no_data = (totals["published"] == 0) & ~totals["complete"]
    score = score.mask(no_data)
    source = source.mask(score.isna(), "none")
    ranks = pd.Series(_core.rank_descending(score.to_numpy(dtype=float)), index=frame.index)
    groups = papi_quartile_groups(score)
    return pd.DataFrame(
        {
            "province": frame["province"],
            "year": year,
            "dimensions": len(indices.papi_dimensions(year)),
            "score": score,
            "score_source": source,
            "rank_computed": ranks.round().astype("Int64"),
            "group": groups,
            "group_label": groups.map(lambda g: PAPI_GROUP_LABELS[int(g)] if pd.notna(g) else pd.NA),
            "provinces_ranked": int(score.notna().sum()),
        }
    )


def papi_history(province: str | int | None = None, years: list[int] | None = None) -> pd.DataFrame:
    """PAPI per province and year: score, computed rank, quartile group and the change from the
    province's previous year with a score.

    Parameters
    ----------
    province
        A province by code or any accepted name (``"Bến Tre"``, ``"Ben Tre"``, ``83``); None: all 63.
    years
        Assessment years (default: every shipped year, 2015-2024).

    Returns
    -------
    DataFrame indexed by (province_code, year), or by year for one province, with columns
    ``province``, ``score`` (the published unweighted total; for 2015-2017, which print none, the
    sum of the dimensions), ``score_source`` ("published", "computed" or "none"), ``rank_computed``
    (among the provinces with a score that year; PAPI itself publishes groups, not ranks),
    ``provinces_ranked``, ``group`` (1-4, :func:`govindex.vn.ranking.papi_quartile_groups`),
    ``group_label``, ``dimensions`` (6 to 2017, 8 from 2018), ``score_change`` and ``rank_change``
    (from the previous year with a score; positive rank_change = moved up, e.g. 44 -> 37 gives +7;
    no score_change across the 2017/2018 break, where the total gained two dimensions). A published
    total of 0 with missing dimensions (2022: Bắc Giang, Bắc Ninh) is "no data", not a score.
    """
    chosen = list(published.PAPI_YEARS) if years is None else list(years)
    table = pd.concat([_papi_year(y) for y in chosen])
    table.index.name = "province_code"
    table = table.reset_index().set_index(["province_code", "year"]).sort_index()
    scored = table[table["score"].notna()]
    previous = scored.groupby(level="province_code")[["score", "rank_computed", "dimensions"]].shift(1)
    # Totals of 6 dimensions (to 2017) and of 8 (from 2018) do not compare; ranks do.
    comparable = previous["dimensions"] == scored["dimensions"]
    table["score_change"] = (scored["score"] - previous["score"]).where(comparable).reindex(table.index)
    table["rank_change"] = (previous["rank_computed"] - scored["rank_computed"]).reindex(table.index).astype("Int64")
    if province is None:
        return table
    code = provinces.province(province).code
    return table.xs(code, level="province_code")


def _published_history(rows: pd.DataFrame, province: str | int | None) -> pd.DataFrame:
    """Rows indexed by (province_code, year) with the published rank's change from the previous row."""
    table = rows.set_index(["province_code", "year"]).sort_index()
    table["rank"] = pd.to_numeric(table["rank"]).round().astype("Int64")
    ranked = table[table["rank"].notna()]
    previous = ranked.groupby(level="province_code")["rank"].shift(1)
    table["rank_change"] = (previous - ranked["rank"]).reindex(table.index).astype("Int64")
    if province is None:
        return table
    code = provinces.province(province).code
    if code not in table.index.get_level_values("province_code"):
        raise error(
            _core.UnknownCodeError,
            f"no published row for {provinces.province(province).name_vi} ({code}); "
            f"expected one of the {table.index.get_level_values('province_code').nunique()} provinces shipped",
            column="province",
            expected="a province with published rows",
            found=code,
        )
    return table.xs(code, level="province_code")


def pci_history(province: str | int | None = None) -> pd.DataFrame:
    """PCI per province and year from the shipped tables (2019, 2021: the top rows VCCI published):
    ``province``, ``score``, ``rank`` (published), ``tier``, ``rank_change`` (from the province's
    previous published rank; positive = moved up). Indexed by (province_code, year), or by year for
    one province (code or any accepted name); a province with no published row is an UnknownCodeError.
    """
    frames = []
    for year in published.PCI_YEARS:
        frame = published.pci(year)
        frames.append(
            pd.DataFrame(
                {
                    "province_code": frame.index,
                    "year": year,
                    "province": frame["province"].to_numpy(),
                    "score": frame["score"].to_numpy(),
                    "rank": frame["rank"].to_numpy(),
                    "tier": frame["tier"].to_numpy(),
                }
            )
        )
    return _published_history(pd.concat(frames, ignore_index=True), province)


def par_index_history(province: str | int | None = None) -> pd.DataFrame:
    """PAR INDEX per province and year from the shipped published rows (2018-2023, partial):
    ``province``, ``score`` (%), ``rank`` (published), ``tag`` ("verified", or "inferred" from a
    report), ``rank_change`` (from the province's previous published rank; positive = moved up),
    and the methodology in force that year: ``decision`` (the Bộ Nội vụ decision) and ``signed_on``.
    Indexed by (province_code, year), or by year for one province (code or any accepted name).
    """
    points = published.par_index_points()
    rows = pd.DataFrame(
        {
            "province_code": points["province_code"].to_numpy(),
            "year": points["assessment_year"].astype(int).to_numpy(),
            "province": points["province"].to_numpy(),
            "score": points["score"].to_numpy(),
            "rank": points["rank"].to_numpy(),
            "tag": points["tag"].to_numpy(),
        }
    )
    timeline = indices.method_timeline("par_index", sorted(rows["year"].unique()))
    rows["decision"] = rows["year"].map(timeline["decision"])
    rows["signed_on"] = rows["year"].map(timeline["signed_on"])
    return _published_history(rows, province)


__all__ = ["papi_history", "par_index_history", "pci_history"]
