"""Compact HTML summaries for Jupyter (``_repr_html_``) and the sheets of an export.

Every text that comes from the user's data (codes, names, methods) goes through html.escape;
non-ASCII text (Vietnamese diacritics) is kept as it is, not turned into entities.
"""

from __future__ import annotations

import math
import re
from html import escape
from typing import Iterable, Sequence

import pandas as pd

#: Characters Excel refuses in a sheet name; they become "_".
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_MAX = 31


def sheet_names(names: Sequence[str]) -> list[str]:
    """Excel-safe sheet names, in order: forbidden characters replaced, at most 31 characters,
    unique ignoring case (as Excel compares them) by a "~2", "~3" ... suffix within the limit."""
    out: list[str] = []
    taken: set[str] = set()
    for name in names:
        base = _SHEET_FORBIDDEN.sub("_", str(name)).strip("'") or "Sheet"
        candidate = base[:SHEET_NAME_MAX]
        k = 1
        while candidate.casefold() in taken:
            k += 1
            suffix = f"~{k}"
            candidate = base[: SHEET_NAME_MAX - len(suffix)] + suffix
        taken.add(candidate.casefold())
        out.append(candidate)
    return out


def _cell(value: object, digits: int = 4) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return "NA"
        return (
            f"{value:.{digits}g}"
            if abs(value) >= 1e5 or (value != 0 and abs(value) < 1e-3)
            else f"{value:.{digits}f}".rstrip("0").rstrip(".")
        )
    try:
        if pd.isna(value):  # type: ignore[arg-type]
            return "NA"
    except (TypeError, ValueError):
        pass
    return str(value)


def table(header: Sequence[str], rows: Iterable[Sequence[object]], *, more: int = 0) -> str:
    """A small HTML table; `more` > 0 adds a last row saying how many rows were left out."""
    parts = ["<table>", "<thead><tr>"]
    parts += [f"<th>{escape(str(h))}</th>" for h in header]
    parts.append("</tr></thead><tbody>")
    for row in rows:
        parts.append("<tr>" + "".join(f"<td>{escape(_cell(v))}</td>" for v in row) + "</tr>")
    if more > 0:
        parts.append(f'<tr><td colspan="{len(header)}">… {more} more</td></tr>')
    parts.append("</tbody></table>")
    return "".join(parts)


def frame_table(frame: pd.DataFrame, *, rows: int = 10, columns: int = 8) -> str:
    """The first `rows` rows and `columns` columns of a DataFrame, index shown, as a small table."""
    shown = frame.iloc[:rows, :columns]
    index_names = [n if n is not None else "" for n in shown.index.names]
    header = [*map(str, index_names), *map(str, shown.columns)]
    if frame.shape[1] > columns:
        header.append(f"… {frame.shape[1] - columns} more")
    body = []
    for key, values in zip(shown.index, shown.itertuples(index=False, name=None)):
        keys = list(key) if isinstance(key, tuple) else [key]
        row = [*keys, *values]
        if frame.shape[1] > columns:
            row.append("")
        body.append(row)
    return table(header, body, more=max(0, len(frame) - rows))


def block(title: str, facts: Sequence[str], *sections: str) -> str:
    """A titled block: bold title, one line of facts (already escaped), then the sections."""
    head = f'<div class="govindex"><p><strong>{escape(title)}</strong>'
    if facts:
        head += " · " + " · ".join(facts)
    head += "</p>"
    return head + "".join(sections) + "</div>"


def codes_list(codes: Sequence[str], limit: int = 8) -> str:
    """'a, b, c, … (12 more)' as plain text."""
    shown = ", ".join(codes[:limit])
    return shown + (f", … ({len(codes) - limit} more)" if len(codes) > limit else "")
